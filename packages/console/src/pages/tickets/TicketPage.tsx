import type { TContactChannel, TTicketDetail, TTicketStatus } from '@kulup/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { Field } from '../../layout/field';
import { Badge, ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call, session } from '../../lib/api';
import { useStaff } from '../../lib/auth';
import { dateTime } from '../../lib/format';
import { localName } from '../../lib/names';
import { useLoad, useNow } from '../../lib/use-load';
import { MemberSummaryPanel } from './MemberSummaryPanel';
import { ReplyForm } from './ReplyForm';
import { SlaTimer } from './SlaTimer';
import { statusTone } from './labels';

/** One ticket: the customer's message, SLA clocks, workflow, replies, notes, attachments and the member. */
export default function TicketPage() {
  const { ticketId = '' } = useParams();
  const { t } = useTranslation();
  const staff = useStaff();
  const now = useNow(1000);
  const ticket = useLoad(() => call('getTicket', { params: { ticketId } }), [ticketId]);
  const teams = useLoad(() => call('listServiceTeams', {}), []);
  const [actionError, setActionError] = useState<unknown>();
  const [notice, setNotice] = useState('');

  async function act(run: () => Promise<TTicketDetail>, done: string) {
    setActionError(undefined);
    setNotice('');
    try {
      ticket.set(await run());
      setNotice(done);
      return true;
    } catch (error) {
      setActionError(error);
      return false;
    }
  }

  if (ticket.error && !ticket.data) return <ErrorMessage error={ticket.error} />;
  if (!ticket.data) return <Loading />;
  const tk = ticket.data;

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/tickets">{t('queue.title')}</Link>
      </p>
      <PageTitle title={tk.number}>
        {t('ticket.title', { number: tk.number })} <Badge tone={statusTone(tk.status)}>{t(`status.${tk.status}`)}</Badge>
      </PageTitle>
      <div role="status" aria-live="polite" className="notice-slot">
        {notice && <p className="notice">{notice}</p>}
      </div>
      <ErrorMessage error={actionError} />

      <div className="columns">
        <div className="column-main">
          <Section title={t('ticket.message')}>
            <dl className="facts">
              <dt>{t('ticket.kind')}</dt>
              <dd>{t(`kind.${tk.kind}`)}</dd>
              <dt>{t('queue.category')}</dt>
              <dd>{localName(tk.category)}</dd>
              <dt>{t('queue.priority')}</dt>
              <dd>{t(`priority.${tk.priority}`)}</dd>
              <dt>{t('ticket.channel')}</dt>
              <dd>{t(`channel.${tk.channel}`)}</dd>
              <dt>{t('queue.store')}</dt>
              <dd>{tk.storeName ?? '—'}</dd>
              <dt>{t('queue.created')}</dt>
              <dd>{dateTime(tk.createdAt)}</dd>
            </dl>
            {tk.subject && <h3>{tk.subject}</h3>}
            <blockquote className="customer-text">{tk.text}</blockquote>
            {tk.contact && (
              <p className="muted">
                {t('ticket.contact')}: {[tk.contact.name, tk.contact.phone, tk.contact.email].filter(Boolean).join(' · ')}
              </p>
            )}
            <p className="muted">{tk.contactChannel ? t('ticket.contactPermission', { channel: t(`contactChannel.${tk.contactChannel}`) }) : t('ticket.noContactPermission')}</p>
          </Section>

          <Section title={t('ticket.sla')}>
            <dl className="facts">
              <dt>{t('sla.firstResponse')}</dt>
              <dd>
                <SlaTimer timer={tk.firstResponse} now={now} label={t('sla.firstResponse')} />
              </dd>
              <dt>{t('sla.resolution')}</dt>
              <dd>
                <SlaTimer timer={tk.resolution} now={now} label={t('sla.resolution')} />
              </dd>
              <dt>{t('ticket.reopened')}</dt>
              <dd>{tk.reopenCount}</dd>
            </dl>
          </Section>

          <StatusActions ticket={tk} onTransition={(to, note) => act(() => call('transitionTicket', { params: { ticketId }, body: { to, ...(note ? { note } : {}) } }), t('ticket.movedTo', { status: t(`status.${to}`) }))} />

          <ReplyForm ticket={tk} onSend={(channel: TContactChannel, text: string, cannedAnswerId?: string) => act(() => call('replyToTicket', { params: { ticketId }, body: { channel, text, ...(cannedAnswerId ? { cannedAnswerId } : {}) } }), t('reply.sent'))} />

          <NoteForm onAdd={(text) => act(() => call('addTicketNote', { params: { ticketId }, body: { text } }), t('note.added'))} />

          <Section title={t('ticket.history')}>
            <ol className="timeline">
              {tk.events.map((e) => (
                <li key={e.id} className={`event event-${e.kind.toLowerCase()}`}>
                  <div className="event-head">
                    <strong>{t(`event.${e.kind}`)}</strong>
                    {e.kind === 'STATUS_CHANGED' && e.toStatus && <span> → {t(`status.${e.toStatus}`)}</span>}
                    {e.channel && <span> · {t(`contactChannel.${e.channel}`)}</span>}
                    <span className="muted"> · {t(`actor.${e.actorType}`)} · {dateTime(e.at)}</span>
                  </div>
                  {e.body && <p className="event-body">{e.body}</p>}
                </li>
              ))}
            </ol>
          </Section>
        </div>

        <aside className="column-side" aria-label={t('ticket.side')}>
          <Section title={t('ticket.assignment')}>
            <p>
              {t('queue.team')}: {tk.teamName ?? '—'}
              <br />
              {t('queue.agent')}: {tk.assigneeName ?? '—'}
            </p>
            <AssignForm
              teams={teams.data?.items ?? []}
              currentTeam={tk.teamId}
              mine={tk.assigneeId === staff.id}
              disabled={tk.status === 'CLOSED'}
              onAssign={(body) => act(() => call('assignTicket', { params: { ticketId }, body }), t('ticket.assignedNotice'))}
              meId={staff.id}
            />
          </Section>

          <Section title={t('ticket.followUp')}>
            {tk.followUp ? (
              <p data-testid="follow-up">
                <Badge tone={tk.followUp.status === 'ANSWERED' ? 'good' : 'neutral'}>{t(`followUp.${tk.followUp.status}`)}</Badge>
                {tk.followUp.score !== null && <span> {t('followUp.score', { score: tk.followUp.score })}</span>}
              </p>
            ) : (
              <p className="muted">{t('followUp.none')}</p>
            )}
          </Section>

          <Section title={t('ticket.attachments')}>
            {tk.attachments.length === 0 ? (
              <p className="muted">{t('ticket.noAttachments')}</p>
            ) : (
              <ul className="plain">
                {tk.attachments.map((a) => (
                  <li key={a.id}>
                    <button type="button" className="link-button" onClick={() => void download(tk.id, a.id, a.fileName)}>
                      {a.fileName}
                    </button>{' '}
                    <span className="muted">
                      ({a.contentType}, {Math.ceil(a.byteSize / 1024)} KB)
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Section>

          {tk.member ? <MemberSummaryPanel summary={tk.member} currentTicketId={tk.id} /> : <Section title={t('member.title')}><p className="muted">{t('ticket.anonymous')}</p></Section>}
        </aside>
      </div>
    </>
  );
}

/**
 * Attachments are files, not JSON, so they are served outside the route table
 * (`GET /api/v1/tickets/:ticketId/attachments/:attachmentId`); fetched with the staff token and saved.
 */
async function download(ticketId: string, attachmentId: string, fileName: string) {
  const response = await fetch(`/api/v1/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`, {
    headers: { authorization: `Bearer ${session.token() ?? ''}` },
  });
  if (!response.ok) return;
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function StatusActions({ ticket, onTransition }: { ticket: TTicketDetail; onTransition: (to: TTicketStatus, note?: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  if (ticket.allowedTransitions.length === 0) return null;
  return (
    <Section title={t('ticket.workflow')}>
      <Field label={t('ticket.transitionNote')}>
        <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={2000} />
      </Field>
      <div className="button-row">
        {ticket.allowedTransitions.map((to) => (
          <button
            key={to}
            type="button"
            className={to === 'RESOLVED' ? undefined : 'secondary'}
            onClick={async () => {
              if (await onTransition(to, note.trim() || undefined)) setNote('');
            }}
          >
            {t(`transition.${to}`)}
          </button>
        ))}
      </div>
    </Section>
  );
}

function NoteForm({ onAdd }: { onAdd: (text: string) => Promise<boolean> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await onAdd(text.trim())) setText('');
  }
  return (
    <Section title={t('note.title')}>
      <form onSubmit={submit}>
        <Field label={t('note.label')}>
          <textarea rows={3} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} required />
        </Field>
        <p className="muted">{t('note.hint')}</p>
        <button type="submit" className="secondary" disabled={!text.trim()}>
          {t('note.add')}
        </button>
      </form>
    </Section>
  );
}

function AssignForm(props: {
  teams: { id: string; name: string; active: boolean }[];
  currentTeam: string | null;
  mine: boolean;
  disabled: boolean;
  meId: string;
  onAssign: (body: { teamId?: string | null; assigneeId?: string | null }) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const [team, setTeam] = useState(props.currentTeam ?? '');
  return (
    <div className="stack">
      {!props.mine && (
        <button type="button" disabled={props.disabled} onClick={() => void props.onAssign({ assigneeId: props.meId })}>
          {t('ticket.assignToMe')}
        </button>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void props.onAssign({ teamId: team || null });
        }}
      >
        <Field label={t('queue.team')}>
          <select value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value="">{t('queue.noTeam')}</option>
            {props.teams
              .filter((x) => x.active || x.id === props.currentTeam)
              .map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
          </select>
        </Field>
        <button type="submit" className="secondary" disabled={props.disabled}>
          {t('ticket.setTeam')}
        </button>
      </form>
    </div>
  );
}
