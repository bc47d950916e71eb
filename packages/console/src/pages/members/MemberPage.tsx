import { SERVICE } from '@kulup/contracts';
import type { TMemberPoints } from '@kulup/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { Badge, ErrorMessage, Loading, PageTitle, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { hasRole, useStaff } from '../../lib/auth';
import { date, dateTime, money, number } from '../../lib/format';
import { localName } from '../../lib/names';
import { useLoad } from '../../lib/use-load';
import { statusTone } from '../tickets/labels';

const TIER_HISTORY_LIMIT = 20;

/**
 * The member 360° view: profile, consents in force, cards, tier and tier history, points history, receipts behind the
 * points, offers and (for agents and admins) tickets. Built from the member, points, offers and ticket APIs.
 */
export default function MemberPage() {
  const { memberId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const staff = useStaff();
  const service = hasRole(staff, SERVICE);
  const member = useLoad(() => call('getMember', { params: { memberId } }), [memberId]);
  const points = useLoad(() => call('memberPoints', { params: { memberId }, query: { limit: 20 } }), [memberId]);
  const offers = useLoad(() => call('listMemberOffers', { params: { memberId } }), [memberId]);
  const tierHistory = useLoad(() => call('memberTierHistory', { params: { memberId }, query: { limit: TIER_HISTORY_LIMIT } }), [memberId]);
  const tickets = useLoad(async () => (service ? call('listTickets', { query: { memberId, sort: 'newest', limit: 50 } }) : undefined), [memberId, service]);
  // Survey answers per member have no API of their own; the ticket follow-ups are read from the tickets.
  const ticketIds = (tickets.data?.items ?? []).slice(0, 10).map((x) => x.id);
  const followUps = useLoad(
    async () => (await Promise.all(ticketIds.map((ticketId) => call('getTicket', { params: { ticketId } })))).filter((x) => x.followUp !== null),
    [ticketIds.join(',')],
  );
  const [olderHistory, setOlderHistory] = useState<TMemberPoints['history']['items']>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const receiptIds = [...new Set([...(points.data?.history.items ?? []), ...olderHistory].map((h) => h.receiptId).filter((id): id is string => id !== null))].slice(0, 10);
  const receipts = useLoad(() => Promise.all(receiptIds.map((receiptId) => call('getReceipt', { params: { receiptId } }))), [receiptIds.join(',')]);

  if (member.error) return <ErrorMessage error={member.error} />;
  if (!member.data) return <Loading />;
  const m = member.data;
  const nextCursor = cursor === undefined ? points.data?.history.nextCursor : cursor;
  async function loadOlder() {
    if (!nextCursor) return;
    const page = await call('memberPoints', { params: { memberId }, query: { limit: 20, cursor: nextCursor } });
    setOlderHistory((prev) => [...prev, ...page.history.items]);
    setCursor(page.history.nextCursor);
  }
  const history = [...(points.data?.history.items ?? []), ...olderHistory];
  const p = points.data;

  return (
    <>
      <p className="breadcrumbs">
        <Link to="/members">{t('members.title')}</Link>
      </p>
      <PageTitle title={`${m.firstName} ${m.lastName}`}>
        {m.firstName} {m.lastName} {m.erasedAt && <Badge tone="warn">{t('member.erased')}</Badge>}
      </PageTitle>

      <div className="kpis" aria-label={t('member.keyFigures')}>
        <div className="kpi">
          <span className="kpi-label">{t('member.balance')}</span>
          <span className="kpi-value" data-testid="member-balance">
            {t('member.points', { points: number(m.pointsBalance) })}
          </span>
        </div>
        {p && (
          <div className="kpi">
            <span className="kpi-label">{t('member.spendable')}</span>
            <span className="kpi-value">{number(p.spendable)}</span>
          </div>
        )}
        <div className="kpi">
          <span className="kpi-label">{t('member.tier')}</span>
          <span className="kpi-value">{p?.tier.name ?? m.tierCode}</span>
        </div>
        <div className="kpi">
          <span className="kpi-label">{t('member.stage')}</span>
          <span className="kpi-value">{t(`stage.${m.lifecycleStage}`)}</span>
        </div>
      </div>

      <div className="grid-2">
        <Section title={t('member.profile')}>
          <dl className="facts">
            <dt>{t('member.phone')}</dt>
            <dd>{m.phone ?? '—'}</dd>
            <dt>{t('member.email')}</dt>
            <dd>{m.email ?? '—'}</dd>
            <dt>{t('member.city')}</dt>
            <dd>{m.city ?? '—'}</dd>
            <dt>{t('member.birthDate')}</dt>
            <dd>{m.birthDate ?? '—'}</dd>
            <dt>{t('member.since')}</dt>
            <dd>{date(m.createdAt)}</dd>
            {m.isStaff && (
              <>
                <dt>{t('member.staffMember')}</dt>
                <dd>{t('common.yes')}</dd>
              </>
            )}
          </dl>
        </Section>

        <Section title={t('member.consents')}>
          {m.consents.length === 0 ? (
            <p className="muted">{t('member.noConsents')}</p>
          ) : (
            <table className="data compact">
              <thead>
                <tr>
                  <th scope="col">{t('member.consentKind')}</th>
                  <th scope="col">{t('member.consentStatus')}</th>
                  <th scope="col">{t('member.consentSource')}</th>
                  <th scope="col">{t('member.recordedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {m.consents.map((c) => (
                  <tr key={c.kind}>
                    <td>{t(`consentKind.${c.kind}`)}</td>
                    <td>
                      <Badge tone={c.status === 'GRANTED' ? 'good' : 'neutral'}>{t(`consentStatus.${c.status}`)}</Badge>
                    </td>
                    <td>{c.source}</td>
                    <td>{dateTime(c.recordedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>

        <Section title={t('member.tierTitle')}>
          {p ? (
            <dl className="facts">
              <dt>{t('member.tier')}</dt>
              <dd>
                {p.tier.name} ({p.tier.code})
              </dd>
              <dt>{t('member.tierSince')}</dt>
              <dd>{date(p.tier.since)}</dd>
              {p.tier.graceUntil && (
                <>
                  <dt>{t('member.graceUntil')}</dt>
                  <dd>{date(p.tier.graceUntil)}</dd>
                </>
              )}
              <dt>{t('member.nextTier')}</dt>
              <dd>
                {p.tier.next ? (
                  <>
                    {p.tier.next.tierName}: <progress max={100} value={p.tier.next.percent} aria-label={t('member.progress', { percent: p.tier.next.percent })} /> {p.tier.next.percent}% ·{' '}
                    {p.tier.next.metric === 'spend' ? money(p.tier.next.remaining) : t('member.points', { points: number(p.tier.next.remaining) })} {t('member.toGo')}
                  </>
                ) : (
                  t('member.topTier')
                )}
              </dd>
              <dt>{t('member.expiringSoon')}</dt>
              <dd>
                {number(p.expiringSoon.points)} {p.expiringSoon.earliestAt && <span className="muted">({date(p.expiringSoon.earliestAt)})</span>}
              </dd>
            </dl>
          ) : (
            <ErrorMessage error={points.error} />
          )}
        </Section>

        <Section title={t('member.cards')}>
          {m.cards.length === 0 ? (
            <p className="muted">{t('member.noCards')}</p>
          ) : (
            <ul className="plain">
              {m.cards.map((c) => (
                <li key={c.id}>
                  <code>•••• {c.number.slice(-4)}</code> {t(`cardKind.${c.kind}`)} <Badge tone={c.status === 'ACTIVE' ? 'good' : 'warn'}>{t(`cardStatus.${c.status}`)}</Badge>{' '}
                  <span className="muted">{date(c.issuedAt)}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>

        <Section title={t('tierHistory.title')} id="tier-history">
          {tierHistory.error ? (
            <ErrorMessage error={tierHistory.error} />
          ) : (tierHistory.data?.items ?? []).length === 0 ? (
            <p className="muted">{tierHistory.loading ? t('common.loading') : t('tierHistory.empty')}</p>
          ) : (
            <table className="data compact" aria-labelledby="tier-history-heading">
              <thead>
                <tr>
                  <th scope="col">{t('tierHistory.when')}</th>
                  <th scope="col">{t('tierHistory.change')}</th>
                  <th scope="col">{t('tierHistory.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {tierHistory.data!.items.map((h, i) => (
                  <tr key={`${h.at}-${i}`}>
                    <td>{dateTime(h.at)}</td>
                    <td>
                      {h.fromCode === null ? t('tierHistory.firstPlacement') : (h.fromName ?? h.fromCode)} → {h.toName ?? h.toCode}
                    </td>
                    <td>{t(`tierHistory.reasons.${h.reason}` as 'tierHistory.reasons.import', { defaultValue: h.reason })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {tierHistory.data?.more && <p className="muted">{t('tierHistory.more', { count: TIER_HISTORY_LIMIT })}</p>}
        </Section>
      </div>

      <Section title={t('member.pointsHistory')}>
        {history.length === 0 ? (
          <p className="muted">{t('member.noPoints')}</p>
        ) : (
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">{t('member.when')}</th>
                <th scope="col">{t('member.entry')}</th>
                <th scope="col" className="num">
                  {t('member.pointsColumn')}
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{dateTime(h.at)}</td>
                  <td>{t(`pointsKind.${h.kind}`)}</td>
                  <td className="num">{h.points > 0 ? `+${number(h.points)}` : number(h.points)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {nextCursor && (
          <button type="button" className="secondary" onClick={() => void loadOlder()}>
            {t('common.loadMore')}
          </button>
        )}
      </Section>

      <Section title={t('member.receipts')}>
        {(receipts.data ?? []).length === 0 ? (
          <p className="muted">{t('member.noReceipts')}</p>
        ) : (
          <table className="data compact">
            <thead>
              <tr>
                <th scope="col">{t('member.when')}</th>
                <th scope="col" className="num">
                  {t('member.total')}
                </th>
                <th scope="col" className="num">
                  {t('member.earned')}
                </th>
                <th scope="col" className="num">
                  {t('member.redeemed')}
                </th>
                <th scope="col">{t('member.lines')}</th>
              </tr>
            </thead>
            <tbody>
              {receipts.data!.map((r) => (
                <tr key={r.id}>
                  <td>{dateTime(r.occurredAt)}</td>
                  <td className="num">{money(r.total)}</td>
                  <td className="num">{number(r.pointsEarned)}</td>
                  <td className="num">{number(r.pointsRedeemed)}</td>
                  <td>{r.lines.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>

      <Section title={t('member.offers')}>
        {(offers.data?.items ?? []).length === 0 ? (
          <p className="muted">{t('member.noOffers')}</p>
        ) : (
          <ul className="plain">
            {offers.data!.items.map((o) => (
              <li key={o.id}>
                <strong>{i18n.language === 'en' && o.titleEn ? o.titleEn : o.titleTr}</strong> <Badge>{t(`offerStatus.${o.status}`, { defaultValue: o.status })}</Badge>{' '}
                <span className="muted">
                  {date(o.validFrom)} – {date(o.validTo)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      {service && (
        <Section title={t('member.tickets')}>
          {(tickets.data?.items ?? []).length === 0 ? (
            <p className="muted">{t('member.noTickets')}</p>
          ) : (
            <ul className="plain" aria-label={t('member.tickets')}>
              {tickets.data!.items.map((x) => (
                <li key={x.id}>
                  <Link to={`/tickets/${x.id}`}>{x.number}</Link> <Badge tone={statusTone(x.status)}>{t(`status.${x.status}`)}</Badge> {localName(x.category)} ·{' '}
                  <span className="muted">{x.preview}</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}

      {service && (
        <Section title={t('member.surveys')}>
          {(followUps.data ?? []).length === 0 ? (
            <p className="muted">{t('member.noSurveys')}</p>
          ) : (
            <ul className="plain">
              {followUps.data!.map((x) => (
                <li key={x.id}>
                  {t('member.followUpOf')} <Link to={`/tickets/${x.id}`}>{x.number}</Link> <Badge tone={x.followUp!.status === 'ANSWERED' ? 'good' : 'neutral'}>{t(`followUp.${x.followUp!.status}`)}</Badge>
                  {x.followUp!.score !== null && <span> {t('followUp.score', { score: x.followUp!.score })}</span>}
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
    </>
  );
}
