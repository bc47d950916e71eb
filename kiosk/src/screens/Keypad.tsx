import { useI18n } from '../lib/i18n';

/** A large on-screen number pad (12 keys ≥ 88 px); physical keyboards work through the input itself. */
export function Keypad({ onDigit, onDelete, onEnter, enterLabel, enterDisabled }: { onDigit: (d: string) => void; onDelete: () => void; onEnter: () => void; enterLabel: string; enterDisabled?: boolean }) {
  const { t } = useI18n();
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];
  return (
    <div className="keypad" role="group" aria-label="keypad">
      {keys.map((k) => (
        <button key={k} type="button" className="key" onClick={() => onDigit(k)}>
          {k}
        </button>
      ))}
      <button type="button" className="key key-fn" onClick={onDelete} aria-label={t.clear}>
        ⌫
      </button>
      <button type="button" className="key" onClick={() => onDigit('0')}>
        0
      </button>
      <button type="button" className="key key-enter" onClick={onEnter} disabled={enterDisabled}>
        {enterLabel}
      </button>
    </div>
  );
}
