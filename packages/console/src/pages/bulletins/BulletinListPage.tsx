import type { TBulletin } from '@kulup/contracts';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';

import { Field } from '../../layout/field';
import { Badge, ListTable, PageTitle } from '../../layout/ui';
import { call } from '../../lib/api';
import { dateTime, number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { bulletinStatus, bulletinTitle, statusTone } from './bulletin-form';
import { MediaPreview, mediaName } from './media';

/** The kiosk bulletins: what plays now, what is scheduled and what has ended, with each one's stores and media. */
export default function BulletinListPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const deleted = (location.state as { deleted?: string } | null)?.deleted;
  const [params, setParams] = useSearchParams();
  const when = params.get('when') === 'active' ? 'active' : 'all';
  const storeId = params.get('store') ?? '';
  const bulletins = useLoad(() => call('listBulletins', { query: { when, ...(storeId ? { storeId } : {}) } }), [when, storeId]);
  const stores = useLoad(() => call('listStores', {}), []);
  const storeName = new Map((stores.data?.items ?? []).map((s) => [s.id, s.name]));
  const items = bulletins.data?.items ?? [];
  const now = Date.now();

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const storesOf = (b: TBulletin) => (b.storeIds.length === 0 ? t('bulletins.allStores') : b.storeIds.map((id) => storeName.get(id) ?? id).join(', '));

  return (
    <>
      <PageTitle title={t('bulletins.title')}>{t('bulletins.title')}</PageTitle>
      <p className="muted">{t('bulletins.intro')}</p>
      {deleted && (
        <p className="notice" role="status">
          {t('bulletins.deleted', { title: deleted })}
        </p>
      )}
      <form className="filters" aria-label={t('bulletins.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('bulletins.show')}>
          <select value={when} onChange={(e) => setFilter('when', e.target.value === 'active' ? 'active' : '')}>
            <option value="all">{t('bulletins.showAll')}</option>
            <option value="active">{t('bulletins.showActive')}</option>
          </select>
        </Field>
        <Field label={t('bulletins.store')}>
          <select value={storeId} onChange={(e) => setFilter('store', e.target.value)}>
            <option value="">{t('bulletins.anyStore')}</option>
            {(stores.data?.items ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <p className="button-row">
          <Link className="button" to="/bulletins/new">
            {t('bulletins.new')}
          </Link>
          <Link className="button secondary" to="/bulletins/media">
            {t('bulletins.mediaLibrary')}
          </Link>
        </p>
      </form>
      <ListTable
        load={bulletins}
        empty={items.length === 0}
        emptyText={t('bulletins.empty')}
        caption={t('bulletins.title')}
        columns={[
          { label: t('bulletins.media') },
          { label: t('bulletins.name') },
          { label: t('bulletins.kind') },
          { label: t('bulletins.window') },
          { label: t('bulletins.stores') },
          { label: t('bulletins.status') },
          { label: t('bulletins.priority'), numeric: true },
        ]}
      >
        {items.map((b) => {
          const status = bulletinStatus(b, now);
          return (
            <tr key={b.id}>
              <td>{b.media ? <MediaPreview media={b.media} size="thumb" /> : <span className="muted">{t('bulletins.textOnly')}</span>}</td>
              <td>
                <Link to={`/bulletins/${b.id}`}>{bulletinTitle(b)}</Link>
                {b.media && <span className="visually-hidden"> · {mediaName(b.media)}</span>}
              </td>
              <td>{t(`bulletins.kinds.${b.kind}`)}</td>
              <td>
                {dateTime(b.startsAt)} – {dateTime(b.endsAt)}
              </td>
              <td>{storesOf(b)}</td>
              <td>
                <Badge tone={statusTone(status)}>{t(`bulletins.statuses.${status}`)}</Badge>
              </td>
              <td className="num">{number(b.priority)}</td>
            </tr>
          );
        })}
      </ListTable>
    </>
  );
}
