import { ApiError } from '@kulup/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';

import { baseUrl, isNetworkError } from '../lib/api';
import { createClient } from '@kulup/contracts';
import { useI18n } from '../lib/i18n';
import { clearCredential, saveCredential } from '../lib/store';
import { forgetTerminalToken, terminalToken } from '../lib/terminal-auth';
import { Message, ScreenTitle } from './common';

const publicClient = createClient({ baseUrl });

/**
 * First run (or after revocation): the one-time enrolment code from the console is exchanged for this
 * kiosk's own secret, which is kept in IndexedDB and exchanged for short-lived access tokens from then on.
 */
export function EnrolScreen({ revoked, onEnrolled }: { revoked: boolean; onEnrolled: () => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(revoked ? t.revoked : null);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const enrolled = await publicClient.call('enrolTerminal', { body: { code } });
      if (enrolled.kind !== 'KIOSK') throw new ApiError(400, 'FORBIDDEN', 'not a kiosk code');
      await clearCredential();
      forgetTerminalToken();
      await saveCredential({ terminalId: enrolled.terminalId, secret: enrolled.secret, storeId: enrolled.storeId, enrolledAt: new Date().toISOString() });
      await terminalToken(baseUrl);
      onEnrolled();
    } catch (e) {
      setError(isNetworkError(e) ? t.networkError : t.enrolFailed);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel narrow">
      <ScreenTitle>{t.enrolTitle}</ScreenTitle>
      <p>{t.enrolHelp}</p>
      <form onSubmit={(e) => void handleSubmit(e)}>
        <label htmlFor="enrol-code" className="label">
          {t.enrolCode}
        </label>
        <input
          id="enrol-code"
          className="input code-input"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          required
          minLength={6}
          maxLength={64}
        />
        <Message kind="error">{error}</Message>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy || code.trim().length < 6}>
          {t.enrolSubmit}
        </button>
      </form>
    </section>
  );
}
