import type { TMemberList } from '@kulup/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { Field } from '../../layout/field';
import { Badge, ErrorMessage, Loading, PageTitle } from '../../layout/ui';
import { call } from '../../lib/api';
import { number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';

/** Members, searched by name, phone or card number (the query lives in the URL). */
export default function MemberListPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [draft, setDraft] = useState(q);
  const [more, setMore] = useState<TMemberList['items']>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>();
  const list = useLoad(async () => {
    const page = await call('listMembers', { query: { q: q || undefined, limit: 50 } });
    setMore([]);
    setCursor(page.nextCursor);
    return page;
  }, [q]);

  function search(event: FormEvent) {
    event.preventDefault();
    setParams(draft.trim() ? { q: draft.trim() } : {});
  }
  async function loadMore() {
    if (!cursor) return;
    try {
      const page = await call('listMembers', { query: { q: q || undefined, limit: 50, cursor } });
      setMore((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (error) {
      setMoreError(error);
    }
  }

  const items = [...(list.data?.items ?? []), ...more];
  return (
    <>
      <PageTitle title={t('members.title')}>{t('members.title')}</PageTitle>
      <form role="search" className="filters" onSubmit={search}>
        <Field label={t('members.search')}>
          <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('members.searchHint')} />
        </Field>
        <button type="submit">{t('members.searchButton')}</button>
      </form>
      <ErrorMessage error={list.error ?? moreError} />
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty-state">{t('members.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{t('members.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                <th scope="col">{t('member.phone')}</th>
                <th scope="col">{t('member.city')}</th>
                <th scope="col">{t('member.tier')}</th>
                <th scope="col" className="num">
                  {t('member.balance')}
                </th>
                <th scope="col">{t('member.stage')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/members/${m.id}`}>
                      {m.firstName} {m.lastName}
                    </Link>{' '}
                    {m.erasedAt && <Badge tone="warn">{t('member.erased')}</Badge>}
                  </td>
                  <td>{m.phone ?? '—'}</td>
                  <td>{m.city ?? '—'}</td>
                  <td>{m.tierCode}</td>
                  <td className="num">{number(m.pointsBalance)}</td>
                  <td>{t(`stage.${m.lifecycleStage}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" className="secondary" onClick={() => void loadMore()}>
          {t('common.loadMore')}
        </button>
      )}
    </>
  );
}
