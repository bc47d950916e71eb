import { ApiError, ZCardNumber } from '@kulup/contracts';
import type { TIdentifyResponse } from '@kulup/contracts';
import { useState } from 'react';

import { asTerminal, isNetworkError } from '../lib/api';
import { formatTime, useI18n } from '../lib/i18n';
import { Keypad } from './Keypad';
import { LanguageSwitch, Message, ScreenTitle } from './common';

const group = (digits: string) => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

/** Card number, then PIN, on the keypad; answers the PIN rules (attempts left, lock) in plain words. */
export function LoginScreen({ onCancel, onSession, onTerminalError }: { onCancel: () => void; onSession: (answer: TIdentifyResponse) => void; onTerminalError: (e: unknown) => void }) {
  const { lang, t } = useI18n();
  const [step, setStep] = useState<'card' | 'pin'>('card');
  const [card, setCard] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const value = step === 'card' ? card : pin;
  const setValue = step === 'card' ? setCard : setPin;
  const max = step === 'card' ? 16 : 6;

  const explain = (e: unknown): string => {
    if (isNetworkError(e)) return t.networkError;
    if (!(e instanceof ApiError)) return t.genericError;
    const pinField = e.fields.find((f) => f.path === 'pin')?.message ?? '';
    switch (e.code) {
      case 'INVALID_CREDENTIALS': {
        const left = /(\d+) attempts? left/.exec(pinField);
        return left ? t.wrongPin(Number(left[1])) : t.noPin;
      }
      case 'PIN_LOCKED': {
        const until = /locked until (\S+)/.exec(pinField)?.[1];
        return t.pinLocked(until ? formatTime(lang, until) : '—');
      }
      case 'CARD_NOT_FOUND':
        return t.cardNotFound;
      case 'CARD_BLOCKED':
        return t.cardBlocked;
      case 'VALIDATION_FAILED':
        return t.cardInvalid;
      default:
        return t.genericError;
    }
  };

  const handleEnter = async () => {
    setError(null);
    if (step === 'card') {
      if (!ZCardNumber.safeParse(card).success) {
        setError(t.cardInvalid);
        return;
      }
      setStep('pin');
      return;
    }
    setBusy(true);
    try {
      const answer = await asTerminal((c) => c.call('createKioskSession', { body: { cardNumber: card, pin } }));
      onSession(answer);
    } catch (e) {
      onTerminalError(e);
      setPin('');
      setError(explain(e));
      if (e instanceof ApiError && (e.code === 'CARD_NOT_FOUND' || e.code === 'CARD_BLOCKED')) setStep('card');
    } finally {
      setBusy(false);
    }
  };

  const inputId = step === 'card' ? 'card-number' : 'pin';
  return (
    <section className="panel login">
      <div className="topbar">
        <button type="button" className="btn btn-ghost" onClick={step === 'pin' ? () => (setStep('card'), setPin(''), setError(null)) : onCancel}>
          {step === 'pin' ? t.back : t.cancel}
        </button>
        <LanguageSwitch />
      </div>
      <ScreenTitle>{t.loginTitle}</ScreenTitle>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void handleEnter();
        }}
      >
        <label htmlFor={inputId} className="label">
          {step === 'card' ? t.cardNumber : t.pin}
        </label>
        <input
          key={inputId}
          id={inputId}
          name={inputId}
          className={`input keypad-display ${step === 'pin' ? 'pin-display' : ''}`}
          inputMode="numeric"
          autoComplete="off"
          type={step === 'pin' ? 'password' : 'text'}
          value={step === 'card' ? group(card) : pin}
          onChange={(e) => setValue(e.target.value.replace(/\D/g, '').slice(0, max))}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'login-error' : undefined}
        />
        <div id="login-error">
          <Message kind="error">{error}</Message>
        </div>
      </form>
      <Keypad
        onDigit={(d) => setValue((v) => (v.length < max ? v + d : v))}
        onDelete={() => setValue((v) => v.slice(0, -1))}
        onEnter={() => void handleEnter()}
        enterLabel={busy ? t.checking : step === 'card' ? t.next : t.signIn}
        enterDisabled={busy || (step === 'card' ? card.length < 16 : pin.length < 4)}
      />
    </section>
  );
}
