import type { TTicketDetail } from '@kulup/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { Badge, Section } from '../../layout/ui';
import { call } from '../../lib/api';
import { dateTime, money, number } from '../../lib/format';
import { useLoad } from '../../lib/use-load';
import { statusTone } from './labels';

/** The member behind a ticket at a glance: profile basics, tier, balance, recent points and receipts, other tickets. */
export function MemberSummaryPanel({ summary, currentTicketId }: { summary: NonNullable<TTicketDetail['member']>; currentTicketId: string }) {
  const { t } = useTranslation();
  const memberId = summary.memberId;
  const details = useLoad(async () => {
    if (summary.erased) return undefined;
    const [member, points] = await Promise.all([call('getMember', { params: { memberId } }), call('memberPoints', { params: { memberId }, query: { limit: 5 } })]);
    const receiptIds = [...new Set(points.history.items.map((h) => h.receiptId).filter((id): id is string => id !== null))].slice(0, 3);
    const receipts = await Promise.all(receiptIds.map((receiptId) => call('getReceipt', { params: { receiptId } })));
    return { member, points, receipts };
  }, [memberId]);
  const m = details.data?.member;

  return (
    <Section title={t('member.title')} id="ticket-member">
      <p>
        <strong>{m ? `${m.firstName} ${m.lastName}` : summary.firstName}</strong> {summary.erased && <Badge tone="warn">{t('member.erased')}</Badge>}
      </p>
      <dl className="facts">
        <dt>{t('member.tier')}</dt>
        <dd>{summary.tierCode}</dd>
        <dt>{t('member.balance')}</dt>
        <dd data-testid="ticket-member-balance">{t('member.points', { points: number(summary.pointsBalance) })}</dd>
        {m?.phone && (
          <>
            <dt>{t('member.phone')}</dt>
            <dd>{m.phone}</dd>
          </>
        )}
        {m?.email && (
          <>
            <dt>{t('member.email')}</dt>
            <dd>{m.email}</dd>
          </>
        )}
        <dt>{t('member.consents')}</dt>
        <dd>
          {(['SMS', 'EMAIL', 'CALL'] as const).map((c) => (
            <Badge key={c} tone={summary.consents[c] ? 'good' : 'neutral'}>
              {t(`contactChannel.${c}`)}: {summary.consents[c] ? t('common.yes') : t('common.no')}
            </Badge>
          ))}
        </dd>
      </dl>
      {details.data && details.data.points.history.items.length > 0 && (
        <>
          <h3>{t('member.recentPoints')}</h3>
          <ul className="plain compact">
            {details.data.points.history.items.map((h) => (
              <li key={h.id}>
                {t(`pointsKind.${h.kind}`)} <strong>{h.points > 0 ? `+${number(h.points)}` : number(h.points)}</strong> <span className="muted">{dateTime(h.at)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {details.data && details.data.receipts.length > 0 && (
        <>
          <h3>{t('member.recentReceipts')}</h3>
          <ul className="plain compact">
            {details.data.receipts.map((r) => (
              <li key={r.id}>
                {dateTime(r.occurredAt)} · {money(r.total)} · +{number(r.pointsEarned)}
              </li>
            ))}
          </ul>
        </>
      )}
      {summary.recentTickets.filter((x) => x.id !== currentTicketId).length > 0 && (
        <>
          <h3>{t('member.otherTickets')}</h3>
          <ul className="plain compact">
            {summary.recentTickets
              .filter((x) => x.id !== currentTicketId)
              .map((x) => (
                <li key={x.id}>
                  <Link to={`/tickets/${x.id}`}>{x.number}</Link> <Badge tone={statusTone(x.status)}>{t(`status.${x.status}`)}</Badge>
                </li>
              ))}
          </ul>
        </>
      )}
      {!summary.erased && <Link to={`/members/${memberId}`}>{t('member.open360')}</Link>}
    </Section>
  );
}
