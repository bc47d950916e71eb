import type { TTicketSummary } from '@kulup/contracts';
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';

import { ExportButtons } from '../../layout/export-buttons';
import { Field } from '../../layout/field';
import { Badge, ErrorMessage, Loading, PageTitle } from '../../layout/ui';
import { call } from '../../lib/api';
import { useStaff } from '../../lib/auth';
import { dateTime } from '../../lib/format';
import { localName } from '../../lib/names';
import { useLoad, useNow } from '../../lib/use-load';
import { PRIORITIES, STATUSES, statusTone } from './labels';
import { SlaTimer } from './SlaTimer';

type StatusFilter = (typeof STATUSES)[number] | 'OPEN';
const REFRESH_MS = 30_000;

/** The agent queue: filters in the URL, live SLA timers, bulk assignment. */
export default function TicketQueuePage() {
  const { t } = useTranslation();
  const staff = useStaff();
  const now = useNow(1000);
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'OPEN') as StatusFilter | 'ALL';
  const category = params.get('category') ?? '';
  const store = params.get('store') ?? '';
  const priority = params.get('priority') ?? '';
  const assignee = params.get('assignee') ?? '';
  const breached = params.get('breached') === 'true';

  const lookups = useLoad(
    () => Promise.all([call('listTicketCategories', {}), call('listStores', {}), call('listServiceTeams', {})]).then(([c, s, teams]) => ({ categories: c.items, stores: s.items, teams: teams.items })),
    [],
  );
  // The list's filters; the export sends the same ones (the priority filter is applied in the page only).
  const filters = {
    status: status === 'ALL' ? undefined : status,
    category: category || undefined,
    store: store || undefined,
    assignee: (assignee || undefined) as 'me' | 'none' | undefined,
    breached: breached ? ('true' as const) : undefined,
  };
  const queue = useLoad(() => call('listTickets', { query: { ...filters, limit: 200 } }), [status, category, store, assignee, breached]);
  const { reload } = queue;
  useEffect(() => {
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);

  // The API has no priority filter; the queue page filters the loaded page by it.
  const tickets: TTicketSummary[] = (queue.data?.items ?? []).filter((ticket) => !priority || ticket.priority === priority);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const visibleSelected = tickets.filter((ticket) => selected.has(ticket.id)).map((ticket) => ticket.id);

  function setFilter(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }
  function toggle(id: string, on: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  const [bulkTeam, setBulkTeam] = useState('');
  const [bulkAgent, setBulkAgent] = useState<'' | 'me' | 'none'>('me');
  const [bulkResult, setBulkResult] = useState<{ updated: number } | undefined>();
  const [bulkError, setBulkError] = useState<unknown>();
  async function bulkAssign(event: FormEvent) {
    event.preventDefault();
    setBulkError(undefined);
    setBulkResult(undefined);
    try {
      const result = await call('bulkAssignTickets', {
        body: {
          ticketIds: visibleSelected,
          ...(bulkTeam ? { teamId: bulkTeam === 'none' ? null : bulkTeam } : {}),
          ...(bulkAgent ? { assigneeId: bulkAgent === 'me' ? staff.id : null } : {}),
        },
      });
      setBulkResult(result);
      setSelected(new Set());
      reload();
    } catch (error) {
      setBulkError(error);
    }
  }

  const allChecked = tickets.length > 0 && visibleSelected.length === tickets.length;
  return (
    <>
      <PageTitle title={t('queue.title')}>{t('queue.title')}</PageTitle>
      <form className="filters" aria-label={t('queue.filters')} onSubmit={(e) => e.preventDefault()}>
        <Field label={t('queue.status')}>
          <select value={status} onChange={(e) => setFilter('status', e.target.value === 'OPEN' ? '' : e.target.value)}>
            <option value="OPEN">{t('queue.openOnly')}</option>
            <option value="ALL">{t('common.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('queue.category')}>
          <select value={category} onChange={(e) => setFilter('category', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {lookups.data?.categories.map((c) => (
              <option key={c.code} value={c.code}>
                {localName(c)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('queue.store')}>
          <select value={store} onChange={(e) => setFilter('store', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {lookups.data?.stores.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('queue.priority')}>
          <select value={priority} onChange={(e) => setFilter('priority', e.target.value)}>
            <option value="">{t('common.all')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`priority.${p}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('queue.assignee')}>
          <select value={assignee} onChange={(e) => setFilter('assignee', e.target.value)}>
            <option value="">{t('common.all')}</option>
            <option value="me">{t('queue.assignedToMe')}</option>
            <option value="none">{t('queue.unassigned')}</option>
          </select>
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={breached} onChange={(e) => setFilter('breached', e.target.checked ? 'true' : '')} />
          {t('queue.breachedOnly')}
        </label>
        <button type="button" className="secondary" onClick={reload}>
          {t('common.refresh')}
        </button>
      </form>
      <ExportButtons download={(format) => call('exportTickets', { query: { ...filters, format } })} />

      <form className="bulk-bar" aria-label={t('queue.bulk')} onSubmit={bulkAssign}>
        <span role="status">{t('queue.selected', { count: visibleSelected.length })}</span>
        <Field label={t('queue.team')}>
          <select value={bulkTeam} onChange={(e) => setBulkTeam(e.target.value)}>
            <option value="">{t('queue.keep')}</option>
            <option value="none">{t('queue.noTeam')}</option>
            {lookups.data?.teams
              .filter((team) => team.active)
              .map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
          </select>
        </Field>
        <Field label={t('queue.agent')}>
          <select value={bulkAgent} onChange={(e) => setBulkAgent(e.target.value as '' | 'me' | 'none')}>
            <option value="me">{t('queue.toMe')}</option>
            <option value="none">{t('queue.nobody')}</option>
            <option value="">{t('queue.keep')}</option>
          </select>
        </Field>
        <button type="submit" disabled={visibleSelected.length === 0 || (!bulkTeam && !bulkAgent)}>
          {t('queue.assign')}
        </button>
        {bulkResult && <span className="notice">{t('queue.assigned', { count: bulkResult.updated })}</span>}
      </form>
      <ErrorMessage error={bulkError ?? queue.error ?? lookups.error} />

      {queue.loading && !queue.data ? (
        <Loading />
      ) : tickets.length === 0 ? (
        <p className="empty-state">{t('queue.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{t('queue.caption', { count: tickets.length })}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <input type="checkbox" aria-label={t('queue.selectAll')} checked={allChecked} onChange={(e) => setSelected(new Set(e.target.checked ? tickets.map((x) => x.id) : []))} />
                </th>
                <th scope="col">{t('queue.number')}</th>
                <th scope="col">{t('queue.subject')}</th>
                <th scope="col">{t('queue.category')}</th>
                <th scope="col">{t('queue.store')}</th>
                <th scope="col">{t('queue.priority')}</th>
                <th scope="col">{t('queue.status')}</th>
                <th scope="col">{t('queue.assignee')}</th>
                <th scope="col">{t('sla.firstResponse')}</th>
                <th scope="col">{t('sla.resolution')}</th>
                <th scope="col">{t('queue.created')}</th>
              </tr>
            </thead>
            <tbody>
              {tickets.map((ticket) => (
                <tr key={ticket.id} className={ticket.firstResponse.breached || ticket.resolution.breached ? 'row-breached' : undefined}>
                  <td>
                    <input type="checkbox" aria-label={t('queue.select', { number: ticket.number })} checked={selected.has(ticket.id)} onChange={(e) => toggle(ticket.id, e.target.checked)} />
                  </td>
                  <td>
                    <Link to={`/tickets/${ticket.id}`}>{ticket.number}</Link>
                  </td>
                  <td className="preview">
                    {ticket.subject && <strong>{ticket.subject} </strong>}
                    {ticket.preview}
                  </td>
                  <td>{localName(ticket.category)}</td>
                  <td>{ticket.storeName ?? '—'}</td>
                  <td>
                    <Badge tone={ticket.priority === 'HIGH' ? 'bad' : 'neutral'}>{t(`priority.${ticket.priority}`)}</Badge>
                  </td>
                  <td>
                    <Badge tone={statusTone(ticket.status)}>{t(`status.${ticket.status}`)}</Badge>
                  </td>
                  <td>{[ticket.assigneeName, ticket.teamName].filter(Boolean).join(' · ') || '—'}</td>
                  <td>
                    <SlaTimer timer={ticket.firstResponse} now={now} label={t('sla.firstResponse')} />
                  </td>
                  <td>
                    <SlaTimer timer={ticket.resolution} now={now} label={t('sla.resolution')} />
                  </td>
                  <td>{dateTime(ticket.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
