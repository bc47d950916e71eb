import { ZSegmentRule } from '@kulup/contracts';
import type { TSegmentRule } from '@kulup/contracts';
import type { z } from 'zod';

// The criterion editors are generated from the contract's rule schema: each criterion kind is one member of the
// discriminated union, each of its fields is classified into a value type, and every value type has one small
// editor component (value-editors.tsx). A new criterion in the contract shows up in the builder by itself.

export type ValueType =
  | { type: 'enumSet'; options: readonly string[] }
  | { type: 'textList' }
  | { type: 'enum'; options: readonly string[] }
  | { type: 'number'; optional: boolean }
  | { type: 'boolean' }
  | { type: 'months' };

export type CriterionField = { name: string; value: ValueType };
export type CriterionKind = { kind: string; fields: CriterionField[] };
export type Criterion = Extract<TSegmentRule, { kind: Exclude<TSegmentRule['kind'], 'and' | 'or' | 'not'> }>;
export type Group = Extract<TSegmentRule, { kind: 'and' | 'or' }>;

type Def = { type: string; innerType?: Schema; element?: Schema; getter?: () => Schema; options?: Schema[]; entries?: Record<string, string> };
type Schema = z.ZodType & { _zod: { def: Def } };

const def = (s: Schema): Def => s._zod.def;

function classify(schema: Schema): ValueType {
  let s = schema;
  let optional = false;
  while (def(s).type === 'optional') {
    optional = true;
    s = def(s).innerType!;
  }
  const d = def(s);
  switch (d.type) {
    case 'number':
      return { type: 'number', optional };
    case 'boolean':
      return { type: 'boolean' };
    case 'enum':
      return { type: 'enum', options: Object.values(d.entries!) };
    case 'array': {
      const element = def(d.element!);
      if (element.type === 'enum') return { type: 'enumSet', options: Object.values(element.entries!) };
      if (element.type === 'union') return { type: 'months' };
      return { type: 'textList' };
    }
    default:
      throw new Error(`No editor for a rule field of type ${d.type}`);
  }
}

function kinds(): CriterionKind[] {
  const union = def(ZSegmentRule as Schema).getter!();
  return def(union).options!.flatMap((option) => {
    const shape = (option as unknown as z.ZodObject).shape as Record<string, Schema>;
    const kind = (def(shape.kind!) as unknown as { values: string[] }).values[0]!;
    if (kind === 'and' || kind === 'or' || kind === 'not') return [];
    return [{ kind, fields: Object.entries(shape).filter(([name]) => name !== 'kind').map(([name, s]) => ({ name, value: classify(s) })) }];
  });
}

/** Every criterion kind of the rule schema with its fields, in the schema's order. */
export const CRITERION_KINDS: readonly CriterionKind[] = kinds();

export const criterionKind = (kind: string): CriterionKind => CRITERION_KINDS.find((k) => k.kind === kind)!;

/** Criteria whose bounds are money (kuruş in the API, lira in the editor). */
export const MONEY_KINDS: ReadonlySet<string> = new Set(['spend', 'clv']);

export const DEFAULT_WINDOW_DAYS = 90;

/** A new criterion of a kind with sensible defaults (empty lists and bounds; the marketer fills them in). */
export function newCriterion(kind: string): Criterion {
  const value: Record<string, unknown> = { kind };
  for (const field of criterionKind(kind).fields) {
    const v = field.value;
    if (v.type === 'enumSet' || v.type === 'textList') value[field.name] = [];
    else if (v.type === 'months') value[field.name] = ['current'];
    else if (v.type === 'enum') value[field.name] = v.options[0];
    else if (v.type === 'boolean') value[field.name] = true;
    else if (v.type === 'number' && !v.optional) value[field.name] = DEFAULT_WINDOW_DAYS;
  }
  return value as Criterion;
}

export const isGroup = (rule: TSegmentRule): rule is Group => rule.kind === 'and' || rule.kind === 'or';

/** True when the tree holds at least one criterion (an empty tree cannot be previewed). */
export function hasCriterion(rule: TSegmentRule): boolean {
  if (isGroup(rule)) return rule.rules.some(hasCriterion);
  if (rule.kind === 'not') return hasCriterion(rule.rule);
  return true;
}
