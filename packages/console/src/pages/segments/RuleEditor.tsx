import type { TSegmentRule } from '@kulup/contracts';
import i18n from 'i18next';
import { createContext, useContext, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { CRITERION_KINDS, MONEY_KINDS, criterionKind, isGroup, newCriterion } from './rule-model';
import type { Criterion, CriterionField, Group } from './rule-model';
import { BooleanEditor, ChoiceEditor, ErrorLine, NumberEditor, SetEditor, TextListEditor } from './value-editors';
import type { Option } from './value-editors';

/** What the editors need from the page: 422 messages by field path, and the tiers and stores to choose from. */
export type RuleEditorContext = { errors: ReadonlyMap<string, string>; references: { tier?: Option[]; store?: Option[] } };
const Ctx = createContext<RuleEditorContext>({ errors: new Map(), references: {} });
export const RuleEditorProvider = Ctx.Provider;

/** A server field path for a node path and optional field: `rules.rules.1` + `windowDays`. */
const join = (path: string, field?: string) => (field ? `${path}.${field}` : path);

function errorAt(errors: ReadonlyMap<string, string>, path: string): string | undefined {
  if (errors.has(path)) return errors.get(path);
  for (const [p, m] of errors) if (p.startsWith(`${path}.`)) return m;
  return undefined;
}

/** A translated enum value, or the value itself when there is no translation. */
function valueLabel(value: string): string {
  const key = `ruleValue.${value}`;
  if (i18n.exists(key)) return i18n.t(key as 'ruleValue.LOW');
  if (i18n.exists(`stage.${value}`)) return i18n.t(`stage.${value}` as 'stage.NEW');
  if (i18n.exists(`consentKind.${value}`)) return i18n.t(`consentKind.${value}` as 'consentKind.SMS');
  return value;
}

const kindLabel = (kind: string) => i18n.t(`criterion.${kind}` as 'criterion.tier', { defaultValue: kind });

function monthOptions(): Option[] {
  const monthName = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'tr-TR', { month: 'long', timeZone: 'UTC' });
  return [
    { value: 'current', label: i18n.t('rules.current') },
    { value: 'next', label: i18n.t('rules.next') },
    ...Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: monthName.format(new Date(Date.UTC(2000, i, 15))) })),
  ];
}

function FieldEditor({ criterion, field, path, onChange }: { criterion: Criterion; field: CriterionField; path: string; onChange: (v: unknown) => void }) {
  const { t } = useTranslation();
  const { errors, references } = useContext(Ctx);
  const error = errorAt(errors, join(path, field.name));
  const current = (criterion as Record<string, unknown>)[field.name];
  const money = MONEY_KINDS.has(criterion.kind) && (field.name === 'min' || field.name === 'max');
  const labelKey = money ? (`${field.name as 'min' | 'max'}Money` as const) : field.name;
  const label = t(`ruleField.${labelKey}` as 'ruleField.in', { defaultValue: field.name });
  const v = field.value;
  switch (v.type) {
    case 'number':
      return <NumberEditor label={label} value={current as number | undefined} money={money} onChange={onChange} error={error} />;
    case 'boolean':
      return <BooleanEditor label={label} value={current as boolean} onChange={onChange} />;
    case 'enum':
      return <ChoiceEditor label={label} value={current as string} options={v.options.map((o) => ({ value: o, label: valueLabel(o) }))} onChange={onChange} error={error} />;
    case 'enumSet':
      return <SetEditor label={label} value={current as string[]} options={v.options.map((o) => ({ value: o, label: valueLabel(o) }))} onChange={onChange} error={error} />;
    case 'months':
      return (
        <SetEditor
          label={label}
          value={current as (string | number)[]}
          options={monthOptions()}
          onChange={(values) => onChange(values.map((x) => (/^\d+$/.test(x) ? Number(x) : x)))}
          error={error}
        />
      );
    case 'textList': {
      const options = references[criterion.kind as 'tier' | 'store'];
      return options ? (
        <SetEditor label={label} value={current as string[]} options={options} onChange={onChange} error={error} />
      ) : (
        <TextListEditor label={label} value={current as string[]} onChange={onChange} error={error} />
      );
    }
  }
}

function CriterionEditor({ criterion, path, negated, onChange, onNegate, onRemove }: NodeProps & { criterion: Criterion; negated: boolean; onNegate: (v: boolean) => void }) {
  const { t } = useTranslation();
  const { errors } = useContext(Ctx);
  const own = errors.get(path);
  return (
    <fieldset className="criterion" data-kind={criterion.kind}>
      <legend>{kindLabel(criterion.kind)}</legend>
      <div className="criterion-fields">
        {criterionKind(criterion.kind).fields.map((field) => (
          <FieldEditor key={field.name} criterion={criterion} field={field} path={path} onChange={(value) => onChange({ ...criterion, [field.name]: value } as Criterion)} />
        ))}
      </div>
      <ErrorLine>{own}</ErrorLine>
      <div className="button-row">
        <BooleanEditor label={t('rules.negate')} value={negated} onChange={onNegate} />
        {onRemove && (
          <button type="button" className="secondary" onClick={onRemove} aria-label={`${t('rules.remove')}: ${kindLabel(criterion.kind)}`}>
            {t('rules.remove')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

function GroupEditor({ group, path, negated, onChange, onNegate, onRemove }: NodeProps & { group: Group; negated: boolean; onNegate?: (v: boolean) => void }) {
  const { t } = useTranslation();
  const { errors } = useContext(Ctx);
  const [kind, setKind] = useState(CRITERION_KINDS[0]!.kind);
  const kindId = useId();
  const update = (rules: TSegmentRule[]) => onChange({ ...group, rules });
  return (
    <fieldset className="rule-group">
      <legend>{t('rules.group')}</legend>
      <ChoiceEditor
        label={t('rules.combine')}
        value={group.kind}
        options={[
          { value: 'and', label: t('rules.and') },
          { value: 'or', label: t('rules.or') },
        ]}
        onChange={(k) => onChange({ kind: k as Group['kind'], rules: group.rules })}
      />
      {group.rules.length === 0 ? (
        <p className="muted">{t('rules.emptyGroup')}</p>
      ) : (
        <ol className="rule-list">
          {group.rules.map((child, i) => (
            <li key={i}>
              <RuleNode
                rule={child}
                path={join(path, `rules.${i}`)}
                onChange={(r) => update(group.rules.map((x, j) => (j === i ? r : x)))}
                onRemove={() => update(group.rules.filter((_, j) => j !== i))}
              />
            </li>
          ))}
        </ol>
      )}
      <ErrorLine>{errors.get(join(path, 'rules')) ?? errors.get(path)}</ErrorLine>
      <div className="button-row add-rule">
        <div className="field">
          <label htmlFor={kindId}>{t('rules.kindToAdd')}</label>
          <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value)}>
            {CRITERION_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {kindLabel(k.kind)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => update([...group.rules, newCriterion(kind)])}>
          {t('rules.addCriterion')}
        </button>
        <button type="button" className="secondary" onClick={() => update([...group.rules, { kind: group.kind === 'and' ? 'or' : 'and', rules: [] }])}>
          {t('rules.addGroup')}
        </button>
        {onNegate && <BooleanEditor label={t('rules.negate')} value={negated} onChange={onNegate} />}
        {onRemove && (
          <button type="button" className="secondary" onClick={onRemove}>
            {t('rules.remove')}
          </button>
        )}
      </div>
    </fieldset>
  );
}

type NodeProps = { path: string; onChange: (rule: TSegmentRule) => void; onRemove?: () => void };

/** One node of the tree; `not` is shown as the "Not" switch of the rule it wraps. */
function RuleNode({ rule, path, onChange, onRemove }: NodeProps & { rule: TSegmentRule }) {
  const negated = rule.kind === 'not';
  const inner = rule.kind === 'not' ? rule.rule : rule;
  const innerPath = negated ? join(path, 'rule') : path;
  const wrap = (r: TSegmentRule): TSegmentRule => (negated ? { kind: 'not', rule: r } : r);
  const onNegate = (on: boolean) => onChange(on ? { kind: 'not', rule: inner } : inner);
  if (inner.kind === 'not') return <RuleNode rule={inner} path={innerPath} onChange={(r) => onChange(wrap(r))} onRemove={onRemove} />;
  return isGroup(inner) ? (
    <GroupEditor group={inner} path={innerPath} negated={negated} onNegate={onNegate} onChange={(r) => onChange(wrap(r))} onRemove={onRemove} />
  ) : (
    <CriterionEditor criterion={inner} path={innerPath} negated={negated} onNegate={onNegate} onChange={(r) => onChange(wrap(r))} onRemove={onRemove} />
  );
}

/** The rule-tree editor: the root is an and/or group; `path` is the request field the tree is sent in. */
export function RuleEditor({ rule, onChange, path = 'rules' }: { rule: Group; onChange: (rule: Group) => void; path?: string }) {
  return <GroupEditor group={rule} path={path} negated={false} onChange={(r) => onChange(r as Group)} />;
}
