import { ApiError } from '@kulup/contracts';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { setLanguage } from '../../i18n';
import { Field } from '../../layout/field';
import { ErrorMessage, PageTitle } from '../../layout/ui';
import { useAuth } from '../../lib/auth';

/** Staff login with e-mail and password; a wrong pair gets one message that names neither field. */
export function LoginPage({ expired }: { expired: boolean }) {
  const { t, i18n } = useTranslation();
  const { login } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const other = i18n.language === 'en' ? 'tr' : 'en';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(email.trim(), password);
    } catch (e) {
      setError(e);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  const wrong = error instanceof ApiError && (error.code === 'INVALID_CREDENTIALS' || error.code === 'VALIDATION_FAILED');
  return (
    <main className="login" id="main">
      <form className="card login-card" onSubmit={submit} aria-describedby={error ? 'login-error' : undefined}>
        <PageTitle title={t('login.title')}>{t('login.title')}</PageTitle>
        {expired && !error && <p className="notice">{t('login.expired')}</p>}
        <Field label={t('login.email')}>
          <input type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
        </Field>
        <Field label={t('login.password')}>
          <input type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <div id="login-error">
          {wrong ? (
            <p className="alert" role="alert">
              {t('login.wrong')}
            </p>
          ) : (
            <ErrorMessage error={error} />
          )}
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('login.signingIn') : t('login.submit')}
        </button>
        <button type="button" className="link-button" lang={other} onClick={() => setLanguage(other)}>
          {t('shell.switchLanguage')}
        </button>
      </form>
    </main>
  );
}
