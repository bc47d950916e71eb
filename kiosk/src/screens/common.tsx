import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

import { useI18n } from '../lib/i18n';

/** The screen's title; takes focus when the screen appears so screen readers announce the new screen. */
export function ScreenTitle({ children, className }: { children: ReactNode; className?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className={className ?? 'title'}>
      {children}
    </h1>
  );
}

export function LanguageSwitch() {
  const { lang, t, setLang } = useI18n();
  const other = lang === 'tr' ? 'en' : 'tr';
  return (
    <button type="button" className="btn btn-ghost lang-switch" lang={other} aria-label={t.languageSwitchLabel} onClick={() => setLang(other)}>
      {t.languageSwitch}
    </button>
  );
}

/** A polite live region for messages that appear after an action (errors, confirmations). */
export function Message({ kind, children }: { kind: 'error' | 'info'; children: ReactNode }) {
  if (!children) return null;
  return (
    <p className={`message message-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </p>
  );
}
