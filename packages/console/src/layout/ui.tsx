import { ApiError } from '@kulup/contracts';
import i18n from 'i18next';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/** The translated text of an error code, or the server's message for a code the console does not know yet. */
export function errorText(error: ApiError): string {
  const key = `errors.${error.code}`;
  return i18n.exists(key) ? i18n.t(key as 'errors.INTERNAL') : error.message;
}

/** An API error as the user should read it: the translated code, with the server's message for details (the field
 * list can be left out where a form shows each field's error next to the field). */
export function ErrorMessage({ error, showFields = true }: { error: unknown; showFields?: boolean }) {
  const { t } = useTranslation();
  if (!error) return null;
  const text = error instanceof ApiError ? errorText(error) : t('common.network');
  const fields = error instanceof ApiError && showFields ? error.fields : [];
  return (
    <div className="alert" role="alert">
      <p>{text}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.path}>
              <code>{f.path}</code>: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A page heading that also names the browser tab. */
export function PageTitle({ children, title }: { children: ReactNode; title: string }) {
  useEffect(() => {
    document.title = `${title} · Kulüp`;
  }, [title]);
  return <h1>{children}</h1>;
}

export function Section({ title, children, id, actions }: { title: string; children: ReactNode; id?: string; actions?: ReactNode }) {
  const headingId = `${id ?? title.replace(/\W+/g, '-').toLowerCase()}-heading`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="card-head">
        <h2 id={headingId}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'good' | 'warn' | 'bad' | 'info'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

export function Forbidden() {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <PageTitle title={t('forbidden.title')}>{t('forbidden.title')}</PageTitle>
      <p>{t('forbidden.text')}</p>
    </div>
  );
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="empty-state">
      <PageTitle title={t('notFound.title')}>{t('notFound.title')}</PageTitle>
    </div>
  );
}

export type ListColumn = { label: string; numeric?: boolean };

/**
 * A list page's table and its states: the load error, a loading note before the first answer, the empty
 * message, or the rows (`children`) under their column headers with a caption for screen readers.
 */
export function ListTable({
  load,
  empty,
  emptyText,
  caption,
  columns,
  children,
}: {
  load: { loading: boolean; data?: unknown; error?: unknown };
  empty: boolean;
  emptyText: string;
  caption: string;
  columns: ListColumn[];
  children: ReactNode;
}) {
  return (
    <>
      <ErrorMessage error={load.error} />
      {load.loading && !load.data ? (
        <Loading />
      ) : empty ? (
        <p className="empty-state">{emptyText}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} scope="col" {...(c.numeric ? { className: 'num' } : {})}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>{children}</tbody>
          </table>
        </div>
      )}
    </>
  );
}
