import { useI18n } from '../lib/i18n';

/** Offline indicator and the number of entries waiting in the outbox; always visible when relevant. */
export function StatusBar({ online, pending, updateWaiting }: { online: boolean; pending: number; updateWaiting: boolean }) {
  const { t } = useI18n();
  if (online && pending === 0 && !updateWaiting) return null;
  return (
    <div className={`status-bar ${online ? '' : 'status-offline'}`} role="status" data-testid="status-bar">
      {!online && (
        <span className="status-offline-text">
          <span aria-hidden="true" className="dot" /> {t.offline}
        </span>
      )}
      {pending > 0 && <span data-testid="pending-count">{t.pendingItems(pending)}</span>}
      {updateWaiting && <span>{t.updateReady}</span>}
    </div>
  );
}
