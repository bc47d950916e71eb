import type { TCampaignStatus } from '@kulup/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { ExportButtons } from '../../layout/export-buttons';
import { Badge, ListTable, PageTitle } from '../../layout/ui';
import { call } from '../../lib/api';
import { date, money, number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { budgetAmount } from './campaign-form';

const TONE = { DRAFT: 'neutral', SCHEDULED: 'info', ACTIVE: 'good', PAUSED: 'warn', ENDED: 'neutral' } as const;
const STATUSES: readonly TCampaignStatus[] = ['DRAFT', 'SCHEDULED', 'ACTIVE', 'PAUSED', 'ENDED'];

export function StatusBadge({ status }: { status: TCampaignStatus }) {
  const { t } = useTranslation();
  return <Badge tone={TONE[status]}>{t(`campaigns.status.${status}`)}</Badge>;
}

/** Campaigns, newest first: type, status, window and budget use against the cap. */
export default function CampaignListPage() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<TCampaignStatus | ''>('');
  const list = useLoad(() => call('listCampaigns', { query: status ? { status } : {} }), [status]);
  const items = list.data?.items ?? [];
  return (
    <>
      <PageTitle title={t('campaigns.title')}>{t('campaigns.title')}</PageTitle>
      <div className="filters">
        <Link className="button" to="/campaigns/new">
          {t('campaigns.new')}
        </Link>
        <label className="check">
          {t('campaigns.statusFilter')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as TCampaignStatus | '')}>
            <option value="">{t('common.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`campaigns.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ExportButtons
        label={t('exports.of', { name: t('campaigns.title') })}
        download={(format) => call('exportCampaigns', { query: status ? { status, format } : { format } })}
      />
      <ListTable
        load={list}
        empty={items.length === 0}
        emptyText={t('campaigns.empty')}
        caption={t('campaigns.title')}
        columns={[
          { label: t('campaigns.name') },
          { label: t('campaigns.type') },
          { label: t('campaigns.statusColumn') },
          { label: t('campaigns.window') },
          { label: t('campaigns.budgetColumn'), numeric: true },
          { label: t('campaigns.performanceLink') },
        ]}
      >
        {items.map((c) => {
          const amount = (n: number) => budgetAmount(n, c.budgetUnit, money, number, t('campaigns.pointsWord'));
          return (
            <tr key={c.id}>
              <td>
                <Link to={`/campaigns/${c.id}`}>{c.name}</Link>
              </td>
              <td>{t(`campaigns.types.${c.type}`)}</td>
              <td>
                <StatusBadge status={c.status} />
              </td>
              <td>
                {date(c.startsAt)} – {date(c.endsAt)}
              </td>
              <td className="num">
                {amount(c.budgetUsed)} / {c.budgetCap === null ? t('campaigns.noCap') : amount(c.budgetCap)}
              </td>
              <td>
                <Link to={`/campaigns/${c.id}/performance`} aria-label={t('campaigns.performanceOf', { name: c.name })}>
                  {t('campaigns.performanceLink')}
                </Link>
              </td>
            </tr>
          );
        })}
      </ListTable>
    </>
  );
}
