import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// One small editor per value type of the rule schema (see rule-model.ts). Each shows its field's 422 error
// (the message the server gave for that field path) right under the control, tied by aria-describedby.

export type Option = { value: string; label: string };

function FieldError({ id, error }: { id: string; error: string | undefined }) {
  return error ? (
    <span id={id} className="field-error">
      {error}
    </span>
  ) : null;
}

function errorProps(id: string, error: string | undefined) {
  return error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
}

/** An optional or required number; money is edited in lira and stored in kuruş. */
export function NumberEditor({ label, value, onChange, money, error }: { label: string; value: number | undefined; onChange: (v: number | undefined) => void; money?: boolean; error?: string }) {
  const id = useId();
  const shown = value === undefined ? '' : String(money ? value / 100 : value);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step={money ? '0.01' : '1'}
        value={shown}
        onChange={(e) => {
          const raw = e.target.value;
          if (raw === '') return onChange(undefined);
          const n = Number(raw);
          onChange(money ? Math.round(n * 100) : n);
        }}
        {...errorProps(id, error)}
      />
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** Free-text values (categories, brands, cities), comma separated. */
export function TextListEditor({ label, value, onChange, error }: { label: string; value: string[]; onChange: (v: string[]) => void; error?: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(value.join(', '));
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={draft}
        onChange={(e) => {
          setDraft(e.target.value);
          onChange(
            e.target.value
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          );
        }}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        {...(error ? { 'aria-invalid': true } : {})}
      />
      <span id={`${id}-hint`} className="muted">
        {t('rules.commaHint')}
      </span>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

/** Several of a fixed list (enum values, tiers, stores, months) as a group of checkboxes. */
export function SetEditor({ label, options, value, onChange, error }: { label: string; options: readonly Option[]; value: readonly (string | number)[]; onChange: (v: string[]) => void; error?: string }) {
  const id = useId();
  const chosen = new Set(value.map(String));
  return (
    <fieldset className="inline choices" {...errorProps(id, error)}>
      <legend>{label}</legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input
            type="checkbox"
            checked={chosen.has(o.value)}
            onChange={(e) => {
              const next = new Set(chosen);
              if (e.target.checked) next.add(o.value);
              else next.delete(o.value);
              onChange(options.map((x) => x.value).filter((v) => next.has(v)));
            }}
          />{' '}
          {o.label}
        </label>
      ))}
      <FieldError id={`${id}-error`} error={error} />
    </fieldset>
  );
}

/** One of a fixed list. */
export function ChoiceEditor({ label, options, value, onChange, error }: { label: string; options: readonly Option[]; value: string; onChange: (v: string) => void; error?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...errorProps(id, error)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} error={error} />
    </div>
  );
}

export function BooleanEditor({ label, value, onChange }: { label: string; value: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="check">
      <input type="checkbox" checked={value} onChange={(e) => onChange(e.target.checked)} /> {label}
    </label>
  );
}

export function ErrorLine({ children }: { children: ReactNode }) {
  return children ? <p className="field-error">{children}</p> : null;
}
