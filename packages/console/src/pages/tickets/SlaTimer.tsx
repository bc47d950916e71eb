import type { TTicketSummary } from '@kulup/contracts';
import { useTranslation } from 'react-i18next';

import { clock, dateTime, minutes } from '../../lib/format';

type Timer = TTicketSummary['firstResponse'];

/**
 * A live SLA clock: time left to the due moment, or how long it is overdue, ticking with `now`. The due
 * moment already counts business hours only (the server computes it on the service desk's calendar); a
 * paused resolution clock shows the business minutes it had left when the ticket started waiting.
 */
export function SlaTimer({ timer, now, label }: { timer: Timer; now: number; label: string }) {
  const { t } = useTranslation();
  const due = dateTime(timer.dueAt);
  if (timer.metAt) {
    return (
      <span className={`sla ${timer.breached ? 'sla-late' : 'sla-met'}`} aria-label={`${label}: ${timer.breached ? t('sla.metLate') : t('sla.met')}`}>
        {timer.breached ? t('sla.metLate') : t('sla.met')}
      </span>
    );
  }
  if (timer.remainingBusinessMinutes === null) return <span className="sla sla-none" aria-label={`${label}: —`}>—</span>;
  if (timer.paused) {
    const text = t('sla.paused', { left: minutes(timer.remainingBusinessMinutes) });
    return (
      <span className="sla sla-paused" aria-label={`${label}: ${text}`}>
        {text}
      </span>
    );
  }
  const seconds = (Date.parse(timer.dueAt) - now) / 1000;
  const overdue = seconds < 0 || timer.breached;
  const text = overdue ? t('sla.overdue', { time: clock(-seconds) }) : t('sla.left', { time: clock(seconds) });
  const tone = overdue ? 'sla-overdue' : seconds < 30 * 60 ? 'sla-soon' : 'sla-ok';
  return (
    <time className={`sla ${tone}`} dateTime={timer.dueAt} title={t('sla.due', { at: due })} aria-label={`${label}: ${text} (${t('sla.due', { at: due })})`}>
      {text}
    </time>
  );
}
