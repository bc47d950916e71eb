import { ApiError } from '@kulup/contracts';
import type { TKioskSurvey } from '@kulup/contracts';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';

import { asTerminal, baseUrl, isNetworkError, newIdempotencyKey, setMemberToken } from './lib/api';
import { webSocketCardReader } from './lib/card-reader';
import type { CardTap } from './lib/card-reader';
import { I18nContext, dictionaries } from './lib/i18n';
import type { Lang } from './lib/i18n';
import { drainOutbox, enqueue, pendingCount } from './lib/outbox';
import type { SendOutcome } from './lib/outbox';
import { loadSettings } from './lib/settings';
import { kioskDb, loadCredential } from './lib/store';
import { applyUpdateIfWaiting, registerServiceWorker, requestBackgroundSync } from './lib/sw-update';
import { TerminalAuthError } from './lib/terminal-auth';
import { useIdle } from './lib/use-idle';
import { wipeMemberStorage } from './lib/wipe';
import { AttractScreen } from './screens/AttractScreen';
import { ComplaintScreen } from './screens/ComplaintScreen';
import { EnrolScreen } from './screens/EnrolScreen';
import { HomeScreen } from './screens/HomeScreen';
import { IdleWarning } from './screens/IdleWarning';
import { LoginScreen } from './screens/LoginScreen';
import { ResultScreen } from './screens/ResultScreen';
import type { Result } from './screens/ResultScreen';
import { StatusBar } from './screens/StatusBar';
import { SurveyListScreen } from './screens/SurveyListScreen';
import { SurveyScreen } from './screens/SurveyScreen';
import type { Session, SubmitOutcome } from './session';

type Screen =
  | { name: 'attract' }
  | { name: 'login' }
  | { name: 'home' }
  | { name: 'surveys' }
  | { name: 'survey'; survey: TKioskSurvey }
  | { name: 'complaint' }
  | { name: 'result'; result: Result };

const DRAIN_EVERY_MS = 15_000;

export function App() {
  const settings = useMemo(() => loadSettings(), []);
  const [lang, setLang] = useState<Lang>('tr');
  const [enrolment, setEnrolment] = useState<'loading' | 'enrolled' | 'missing' | 'revoked'>('loading');
  const [screen, setScreen] = useState<Screen>({ name: 'attract' });
  const [session, setSession] = useState<Session | null>(null);
  const [online, setOnline] = useState(navigator.onLine);
  const [pending, setPending] = useState(0);
  const [updateWaiting, setUpdateWaiting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const t = dictionaries[lang];
  const sessionRef = useRef(session);
  sessionRef.current = session;

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const refreshPending = useCallback(async () => setPending(await pendingCount()), []);

  const drain = useCallback(async () => {
    try {
      const summary = await drainOutbox(baseUrl);
      if (summary.sent > 0) setOnline(true);
      if (summary.queued > 0) setOnline(false);
    } catch {
      // the next trigger tries again
    }
    await refreshPending();
  }, [refreshPending]);

  // Start: credential, service worker, outbox (drained at start, on `online` and every 15 s).
  useEffect(() => {
    registerServiceWorker(() => setUpdateWaiting(true));
    void kioskDb().then(async () => {
      setEnrolment((await loadCredential()) ? 'enrolled' : 'missing');
      void drain();
    });
    const goOnline = () => {
      setOnline(true);
      void drain();
    };
    const goOffline = () => setOnline(false);
    window.addEventListener('online', goOnline);
    window.addEventListener('offline', goOffline);
    const timer = setInterval(() => void drain(), DRAIN_EVERY_MS);
    return () => {
      window.removeEventListener('online', goOnline);
      window.removeEventListener('offline', goOffline);
      clearInterval(timer);
    };
  }, [drain]);

  /** Ends the session: member data out of memory and storage, Turkish again, back to the loop; a waiting update installs now. */
  const endSession = useCallback(
    async (message: string | null = null) => {
      setMemberToken(undefined);
      setSession(null);
      setLang('tr');
      setScreen({ name: 'attract' });
      setNotice(message);
      await wipeMemberStorage();
      applyUpdateIfWaiting();
    },
    [],
  );

  const startSession = useCallback((answer: { member: Session['member']; memberSession?: { token: string; expiresAt: string } | undefined }, viaCard: boolean) => {
    if (!answer.memberSession) throw new Error('The server did not open a member session');
    setMemberToken(answer.memberSession.token);
    setSession({ token: answer.memberSession.token, expiresAt: answer.memberSession.expiresAt, member: answer.member, viaCard });
    setNotice(null);
    setScreen({ name: 'home' });
  }, []);

  const handleTerminalError = useCallback((error: unknown) => {
    if (error instanceof TerminalAuthError) setEnrolment(error.reason === 'revoked' ? 'revoked' : 'missing');
  }, []);

  // Card taps from the local POS adapter, when configured.
  useEffect(() => {
    if (!settings.adapterUrl || enrolment !== 'enrolled') return;
    return webSocketCardReader(settings.adapterUrl).start((event) => {
      if (event.type === 'card-removed') {
        if (sessionRef.current?.viaCard) void endSession();
        return;
      }
      if (sessionRef.current) return;
      const { type: _type, ...tap } = event as CardTap;
      void asTerminal((c) => c.call('identifyCard', { body: tap }))
        .then((answer) => startSession(answer, true))
        .catch((error: unknown) => {
          handleTerminalError(error);
          setNotice(error instanceof ApiError && error.code === 'CARD_BLOCKED' ? t.cardBlocked : isNetworkError(error) ? t.networkError : t.cardNotFound);
        });
    });
  }, [settings.adapterUrl, enrolment, endSession, startSession, handleTerminalError, t]);

  const idle = useIdle({
    enabled: screen.name !== 'attract' && enrolment === 'enrolled',
    idleSeconds: settings.idleSeconds,
    warningSeconds: settings.warningSeconds,
    onExpire: () => void endSession(),
  });

  // Idle on the attract loop with an update waiting: install it between shoppers.
  useEffect(() => {
    if (updateWaiting && screen.name === 'attract' && !session) applyUpdateIfWaiting();
  }, [updateWaiting, screen.name, session]);

  /** Persists a survey answer or complaint with its Idempotency-Key, then tries to send it at once. */
  const submit = useCallback(
    async (kind: 'survey' | 'complaint', path: string, body: unknown): Promise<SubmitOutcome> => {
      const key = newIdempotencyKey();
      const s = sessionRef.current;
      await enqueue({ id: key, kind, path, body, idempotencyKey: key, memberSession: s ? { token: s.token, expiresAt: s.expiresAt } : undefined });
      let outcome: SendOutcome | undefined;
      await drainOutbox(baseUrl, { onlyId: key, onOutcome: (_item, o) => (outcome = o) }).catch(() => undefined);
      if (!outcome) {
        const stillThere = await (await kioskDb()).get('outbox', key);
        outcome = stillThere ? { kind: 'queued' } : { kind: 'sent', body: undefined };
      }
      if (outcome.kind === 'queued') {
        setOnline(false);
        void requestBackgroundSync();
      } else if (outcome.kind === 'sent') setOnline(true);
      await refreshPending();
      return outcome;
    },
    [refreshPending],
  );

  const home = useCallback(() => setScreen(sessionRef.current ? { name: 'home' } : { name: 'attract' }), []);

  let body: React.ReactNode;
  if (enrolment === 'loading') body = null;
  else if (enrolment !== 'enrolled') body = <EnrolScreen revoked={enrolment === 'revoked'} onEnrolled={() => setEnrolment('enrolled')} />;
  else {
    switch (screen.name) {
      case 'attract':
        body = (
          <AttractScreen
            notice={notice}
            onStart={() => setScreen({ name: 'login' })}
            onFeedback={() => setScreen({ name: 'complaint' })}
            onSurveys={() => setScreen({ name: 'surveys' })}
            onTerminalError={handleTerminalError}
          />
        );
        break;
      case 'login':
        body = <LoginScreen onCancel={() => void endSession()} onSession={(answer) => startSession(answer, false)} onTerminalError={handleTerminalError} />;
        break;
      case 'home':
        body = session ? (
          <HomeScreen
            session={session}
            onSurvey={(survey) => setScreen({ name: 'survey', survey })}
            onComplaint={() => setScreen({ name: 'complaint' })}
            onLogout={() => void endSession()}
            onExpired={() => void endSession(t.sessionExpired)}
          />
        ) : null;
        break;
      case 'surveys':
        body = <SurveyListScreen session={session} onOpen={(survey) => setScreen({ name: 'survey', survey })} onBack={home} onTerminalError={handleTerminalError} />;
        break;
      case 'survey':
        body = (
          <SurveyScreen
            survey={screen.survey}
            onCancel={home}
            onSubmit={submit}
            onDone={(result) => setScreen({ name: 'result', result })}
          />
        );
        break;
      case 'complaint':
        body = <ComplaintScreen session={session} onCancel={home} onSubmit={submit} onDone={(result) => setScreen({ name: 'result', result })} onTerminalError={handleTerminalError} />;
        break;
      case 'result':
        body = <ResultScreen result={screen.result} onDone={home} />;
        break;
    }
  }

  return (
    <I18nContext.Provider value={{ lang, t, setLang }}>
      <div className={`app screen-${enrolment === 'enrolled' ? screen.name : 'enrol'}`}>
        <StatusBar online={online} pending={pending} updateWaiting={updateWaiting && !!session} />
        <main className="main">{body}</main>
        {idle.warningSecondsLeft !== null && (
          <IdleWarning secondsLeft={idle.warningSecondsLeft} onContinue={idle.stayActive} onEnd={() => void endSession()} />
        )}
      </div>
    </I18nContext.Provider>
  );
}
