import type { TKioskSurvey } from '@kulup/contracts';
import { useEffect, useState } from 'react';

import { useI18n } from '../lib/i18n';
import { listDueSurveys } from '../lib/voice';
import type { Session } from '../session';
import { LanguageSwitch, Message, ScreenTitle } from './common';

/** Surveys open to whoever stands at the kiosk (anonymous ones), or the member's due ones in a session. */
export function SurveyListScreen(props: { session: Session | null; onOpen: (s: TKioskSurvey) => void; onBack: () => void; onTerminalError: (e: unknown) => void }) {
  const { lang, t } = useI18n();
  const [surveys, setSurveys] = useState<TKioskSurvey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { session, onTerminalError } = props;

  useEffect(() => {
    let alive = true;
    listDueSurveys(session !== null)
      .then((list) => alive && setSurveys(list.items))
      .catch((e: unknown) => {
        onTerminalError(e);
        if (alive) {
          setSurveys([]);
          setError(t.networkError);
        }
      });
    return () => {
      alive = false;
    };
  }, [session, onTerminalError, t]);

  return (
    <section className="panel">
      <div className="topbar">
        <button type="button" className="btn btn-ghost" onClick={props.onBack}>
          {t.back}
        </button>
        <LanguageSwitch />
      </div>
      <ScreenTitle>{t.surveys}</ScreenTitle>
      <Message kind="error">{error}</Message>
      {surveys && surveys.length === 0 && !error && <p className="muted">{t.noSurveys}</p>}
      <ul className="list">
        {surveys?.map((s) => (
          <li key={s.id} className="offer">
            <p className="item-title">{lang === 'en' ? s.titleEn : s.titleTr}</p>
            <button type="button" className="btn btn-primary" onClick={() => props.onOpen(s)}>
              {t.answerSurvey}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
