import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { Badge, ListTable, PageTitle } from '../../layout/ui';
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
      <ListTable
        load={list}
        empty={items.length === 0}
        emptyText={t('segments.empty')}
        caption={t('segments.title')}
        columns={[
          { label: t('segments.name') },
          { label: t('segments.size'), numeric: true },
          { label: t('segments.refreshedAt') },
          { label: t('segments.status') },
        ]}
      >
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
      </ListTable>
    </>
  );
}
