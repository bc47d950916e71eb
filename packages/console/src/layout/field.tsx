import { cloneElement, useId } from 'react';
import type { ReactElement, ReactNode } from 'react';

import { ApiError } from '../lib/api';

type Control = ReactElement<{ id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }>;

/** The field errors of a failed call as a map from field path (`params.points`, `questions.0.textTr`) to message. */
export function fieldErrors(error: unknown): Map<string, string> {
  return new Map(error instanceof ApiError ? error.fields.map((f) => [f.path, f.message]) : []);
}

/**
 * A form control with its visible label, tied by `for`/`id` (not by nesting), so the control's accessible
 * name is exactly the label text and never includes the current value or selected option; the server's
 * message for its field path underneath, tied by aria-describedby and marked aria-invalid.
 */
export function Field({ label, error, hint, children }: { label: string; error?: string | undefined; hint?: string | undefined; children: Control }) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, ...(described ? { 'aria-describedby': described } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
      {hint && (
        <span id={`${id}-hint`} className="muted">
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** An error of a group of controls (a question's options, the store list). */
export function GroupError({ error }: { error?: string | undefined }) {
  return error ? <p className="field-error">{error}</p> : null;
}

/** A group of checkboxes (channels, stores) with the error of the group's path. */
export function CheckGroup({ legend, error, children }: { legend: string; error?: string; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset className="inline choices" {...(error ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {})}>
      <legend>{legend}</legend>
      {children}
      {error && (
        <span id={`${id}-error`} className="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** A whole number, or kuruş edited in lira; empty means absent. */
export function NumberInput({
  value,
  onChange,
  money,
  step,
  ...rest
}: {
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  money?: boolean;
  step?: string;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}) {
  const shown = value === undefined || Number.isNaN(value) ? '' : String(money ? value / 100 : value);
  return (
    <input
      {...rest}
      type="number"
      inputMode="decimal"
      step={step ?? (money ? '0.01' : '1')}
      value={shown}
      onChange={(e) => {
        const raw = e.target.value.trim();
        if (raw === '') return onChange(undefined);
        const n = Number(raw);
        onChange(money ? Math.round(n * 100) : n);
      }}
    />
  );
}
