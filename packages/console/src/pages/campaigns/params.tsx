import type { TCampaignRequest, TCampaignType } from '@kulup/contracts';
import { useState } from 'react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

import { call } from '../../lib/api';
import { useLoad } from '../../lib/use-load';
import { CheckGroup, Field, NumberInput } from '../../layout/field';

// One small params form per campaign type, typed from the contract's discriminated union: `ParamsOf<'BONUS_POINTS'>`
// is exactly the `params` the API accepts for that type. While editing, fields may be missing (`Partial`); the
// server's validation answers with field paths (`params.points`, `params.match`) shown under each field.

export type ParamsOf<T extends TCampaignType> = Extract<TCampaignRequest, { type: T }>['params'];
export type DraftParams<T extends TCampaignType> = Partial<ParamsOf<T>>;
type Match = NonNullable<ParamsOf<'BONUS_POINTS'>['match']>;

export type ParamsProps<T extends TCampaignType> = {
  value: DraftParams<T>;
  onChange: (value: DraftParams<T>) => void;
  errors: Map<string, string>;
};

const MATCH_LISTS = ['categories', 'brands', 'skus'] as const;

const parseList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Categories, brands and SKUs as comma-separated lists; all empty means "no match" (undefined). */
function MatchEditor({ legend, value, onChange, errors, path }: { legend: string; value: Match | undefined; onChange: (m: Match | undefined) => void; errors: Map<string, string>; path: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => Object.fromEntries(MATCH_LISTS.map((k) => [k, (value?.[k] ?? []).join(', ')])) as Record<(typeof MATCH_LISTS)[number], string>);
  function edit(key: (typeof MATCH_LISTS)[number], next: string) {
    const all = { ...text, [key]: next };
    setText(all);
    const match: Match = {};
    for (const k of MATCH_LISTS) {
      const list = parseList(all[k]);
      if (list.length > 0) match[k] = list;
    }
    onChange(Object.keys(match).length > 0 ? match : undefined);
  }
  return (
    <fieldset className="criterion" aria-label={legend}>
      <legend>{legend}</legend>
      {MATCH_LISTS.map((k) => (
        <Field key={k} label={t(`campaigns.match.${k}`)} error={errors.get(`${path}.${k}`)}>
          <input value={text[k]} onChange={(e) => edit(k, e.target.value)} placeholder={t('campaigns.match.placeholder')} />
        </Field>
      ))}
      {errors.get(path) && <p className="field-error">{errors.get(path)}</p>}
    </fieldset>
  );
}

/** A number field of the params at `params.<name>`. */
function Num<T extends TCampaignType, K extends keyof ParamsOf<T> & string>({
  props,
  name,
  money,
  step,
}: {
  props: ParamsProps<T>;
  name: K;
  money?: boolean;
  step?: string;
}) {
  const { t } = useTranslation();
  const value = props.value[name] as number | undefined;
  return (
    <Field label={t(`campaigns.params.${name}` as 'campaigns.params.points')} error={props.errors.get(`params.${name}`)}>
      <NumberInput value={value} money={money} step={step} onChange={(v) => props.onChange({ ...props.value, [name]: v })} />
    </Field>
  );
}

/** A text field of the params at `params.<name>`. */
function Text<T extends TCampaignType, K extends keyof ParamsOf<T> & string>({ props, name }: { props: ParamsProps<T>; name: K }) {
  const { t } = useTranslation();
  return (
    <Field label={t(`campaigns.params.${name}` as 'campaigns.params.points')} error={props.errors.get(`params.${name}`)}>
      <input value={(props.value[name] as string | undefined) ?? ''} onChange={(e) => props.onChange({ ...props.value, [name]: e.target.value })} />
    </Field>
  );
}

function OptionalMatch<T extends 'POINTS_MULTIPLIER' | 'DISCOUNT_COUPON' | 'FREE_GIFT'>({ props }: { props: ParamsProps<T> }) {
  const { t } = useTranslation();
  return <MatchEditor legend={t('campaigns.match.optional')} value={props.value.match} onChange={(match) => props.onChange({ ...props.value, match })} errors={props.errors} path="params.match" />;
}

function MultiplierParams(props: ParamsProps<'POINTS_MULTIPLIER'>) {
  return (
    <>
      <Num props={props} name="multiplier" step="0.01" />
      <OptionalMatch props={props} />
    </>
  );
}

function BonusParams(props: ParamsProps<'BONUS_POINTS'>) {
  const { t } = useTranslation();
  return (
    <>
      <Num props={props} name="points" />
      <Field label={t('campaigns.params.per')} error={props.errors.get('params.per')}>
        <select value={props.value.per ?? 'receipt'} onChange={(e) => props.onChange({ ...props.value, per: e.target.value as 'receipt' | 'unit' })}>
          <option value="receipt">{t('campaigns.params.perReceipt')}</option>
          <option value="unit">{t('campaigns.params.perUnit')}</option>
        </select>
      </Field>
      <MatchEditor legend={t('campaigns.match.required')} value={props.value.match} onChange={(match) => props.onChange({ ...props.value, match })} errors={props.errors} path="params.match" />
      <Num props={props} name="minQuantity" />
    </>
  );
}

function ThresholdParams(props: ParamsProps<'BASKET_THRESHOLD'>) {
  return (
    <>
      <Num props={props} name="minBasketKurus" money />
      <Num props={props} name="points" />
    </>
  );
}

function CouponParams(props: ParamsProps<'DISCOUNT_COUPON'>) {
  return (
    <>
      <Num props={props} name="percent" />
      <Num props={props} name="amountKurus" money />
      <Num props={props} name="maxDiscountKurus" money />
      <Num props={props} name="minBasketKurus" money />
      <OptionalMatch props={props} />
    </>
  );
}

function GiftParams(props: ParamsProps<'FREE_GIFT'>) {
  return (
    <>
      <Text props={props} name="giftSku" />
      <Text props={props} name="giftName" />
      <Num props={props} name="giftValueKurus" money />
      <Num props={props} name="minBasketKurus" money />
      <OptionalMatch props={props} />
    </>
  );
}

function CrossSellParams(props: ParamsProps<'CROSS_SELL'>) {
  const { t } = useTranslation();
  return (
    <>
      <MatchEditor legend={t('campaigns.match.trigger')} value={props.value.trigger} onChange={(trigger) => props.onChange({ ...props.value, trigger })} errors={props.errors} path="params.trigger" />
      <MatchEditor legend={t('campaigns.match.target')} value={props.value.target} onChange={(target) => props.onChange({ ...props.value, target })} errors={props.errors} path="params.target" />
      <Num props={props} name="points" />
    </>
  );
}

function BirthdayParams(props: ParamsProps<'BIRTHDAY'>) {
  return (
    <>
      <Num props={props} name="points" />
      <Num props={props} name="windowDays" />
    </>
  );
}

function WinBackParams(props: ParamsProps<'WIN_BACK'>) {
  return (
    <>
      <Num props={props} name="minDaysSinceLastVisit" />
      <Num props={props} name="points" />
      <Num props={props} name="minBasketKurus" money />
    </>
  );
}

function TierUpgradeParams(props: ParamsProps<'TIER_UPGRADE'>) {
  const { t } = useTranslation();
  const tiers = useLoad(() => call('listTiers', {}), []);
  const chosen = props.value.tierCodes ?? [];
  const toggle = (code: string, on: boolean) => props.onChange({ ...props.value, tierCodes: on ? [...chosen, code] : chosen.filter((c) => c !== code) });
  return (
    <>
      <CheckGroup legend={t('campaigns.params.tierCodes')} error={props.errors.get('params.tierCodes')}>
        {(tiers.data?.tiers ?? []).map((tier) => (
          <label key={tier.code} className="check">
            <input type="checkbox" checked={chosen.includes(tier.code)} onChange={(e) => toggle(tier.code, e.target.checked)} /> {tier.name} ({tier.code})
          </label>
        ))}
      </CheckGroup>
      <Num props={props} name="points" />
      <Num props={props} name="minBasketKurus" money />
    </>
  );
}

function DrawParams(props: ParamsProps<'DRAW_ENTRIES'>) {
  return (
    <>
      <Text props={props} name="drawName" />
      <Num props={props} name="kurusPerEntry" money />
      <Num props={props} name="maxEntries" />
    </>
  );
}

const EDITORS: { [T in TCampaignType]: ComponentType<ParamsProps<T>> } = {
  POINTS_MULTIPLIER: MultiplierParams,
  BONUS_POINTS: BonusParams,
  BASKET_THRESHOLD: ThresholdParams,
  DISCOUNT_COUPON: CouponParams,
  FREE_GIFT: GiftParams,
  CROSS_SELL: CrossSellParams,
  BIRTHDAY: BirthdayParams,
  WIN_BACK: WinBackParams,
  TIER_UPGRADE: TierUpgradeParams,
  DRAW_ENTRIES: DrawParams,
};

/** What a new campaign of each type starts with. */
export const DEFAULT_PARAMS: { [T in TCampaignType]: DraftParams<T> } = {
  POINTS_MULTIPLIER: { multiplier: 2 },
  BONUS_POINTS: { per: 'receipt' },
  BASKET_THRESHOLD: {},
  DISCOUNT_COUPON: {},
  FREE_GIFT: {},
  CROSS_SELL: {},
  BIRTHDAY: { windowDays: 7 },
  WIN_BACK: { minDaysSinceLastVisit: 90 },
  TIER_UPGRADE: { tierCodes: [] },
  DRAW_ENTRIES: {},
};

/** The params form of `type` (remounted when the type changes, so each form starts from its own state). */
export function ParamsEditor({ type, value, onChange, errors }: { type: TCampaignType } & ParamsProps<TCampaignType>) {
  const Editor = EDITORS[type] as ComponentType<ParamsProps<TCampaignType>>;
  return <Editor key={type} value={value} onChange={onChange} errors={errors} />;
}
