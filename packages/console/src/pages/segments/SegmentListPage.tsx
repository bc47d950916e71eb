import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { Badge, ErrorMessage, Loading, PageTitle } from '../../layout/ui';
import { call } from '../../lib/api';
import { dateTime, number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';

/** Segments with their size and last refresh; archived ones on request. */
export default function SegmentListPage() {
  const { t } = useTranslation();
  const [archived, setArchived] = useState(false);
  const list = useLoad(() => call('listSegments', { query: archived ? {} : { status: 'ACTIVE' } }), [archived]);
  const items = list.data?.items ?? [];
  return (
    <>
      <PageTitle title={t('segments.title')}>{t('segments.title')}</PageTitle>
      <div className="filters">
        <Link className="button" to="/segments/new">
          {t('segments.new')}
        </Link>
        <label className="check">
          <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /> {t('segments.showArchived')}
        </label>
      </div>
      <ErrorMessage error={list.error} />
      {list.loading && !list.data ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty-state">{t('segments.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{t('segments.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('segments.name')}</th>
                <th scope="col" className="num">
                  {t('segments.size')}
                </th>
                <th scope="col">{t('segments.refreshedAt')}</th>
                <th scope="col">{t('segments.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/segments/${s.id}`}>{s.name}</Link>
                    {s.description && <div className="muted">{s.description}</div>}
                  </td>
                  <td className="num">{s.memberCount === null ? '—' : number(s.memberCount)}</td>
                  <td>{s.refreshedAt ? dateTime(s.refreshedAt) : t('segments.never')}</td>
                  <td>
                    <Badge tone={s.status === 'ACTIVE' ? 'good' : 'neutral'}>{t(`segmentStatus.${s.status}`)}</Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
