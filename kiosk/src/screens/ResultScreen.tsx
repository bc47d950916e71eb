import { useI18n } from '../lib/i18n';
import { ScreenTitle } from './common';

export type Result = { kind: 'survey' | 'complaint'; outcome: 'sent' | 'queued' | 'retrying'; ticketNumber?: string | undefined };

/** After a submission: the ticket number, a thank-you, or that it waits safely in the outbox. */
export function ResultScreen({ result, onDone }: { result: Result; onDone: () => void }) {
  const { t } = useI18n();
  return (
    <section className="panel narrow result">
      {result.outcome === 'sent' && result.ticketNumber ? (
        <>
          <ScreenTitle>{t.ticketCreated}</ScreenTitle>
          <p>{t.ticketNumber}</p>
          <p className="ticket-number" data-testid="ticket-number">
            {result.ticketNumber}
          </p>
          <p className="muted">{t.keepNumber}</p>
        </>
      ) : result.outcome === 'sent' ? (
        <ScreenTitle>{result.kind === 'survey' ? t.thanksSurvey : t.ticketCreated}</ScreenTitle>
      ) : (
        <ScreenTitle>{result.outcome === 'queued' ? t.savedOffline : t.savedRetrying}</ScreenTitle>
      )}
      <button type="button" className="btn btn-primary btn-block" onClick={onDone}>
        {t.done}
      </button>
    </section>
  );
}
