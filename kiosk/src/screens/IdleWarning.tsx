import { useEffect, useRef } from 'react';

import { useI18n } from '../lib/i18n';

/** The "still there?" dialog: at least 20 seconds to continue with one touch (WCAG 2.2.1). */
export function IdleWarning({ secondsLeft, onContinue, onEnd }: { secondsLeft: number; onContinue: () => void; onEnd: () => void }) {
  const { t } = useI18n();
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    button.current?.focus();
  }, []);
  return (
    <div className="overlay">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body">
        <h2 id="idle-title">{t.idleTitle}</h2>
        <p id="idle-body" aria-live="polite">
          {t.idleBody(secondsLeft)}
        </p>
        <div className="row">
          <button ref={button} type="button" className="btn btn-primary" onClick={onContinue}>
            {t.idleContinue}
          </button>
          <button type="button" className="btn btn-secondary" onClick={onEnd}>
            {t.idleEnd}
          </button>
        </div>
      </div>
    </div>
  );
}
