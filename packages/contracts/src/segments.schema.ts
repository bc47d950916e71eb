import {
  CHURN_LEVELS,
  CONSENT_CHANNELS,
  LIFECYCLE_STAGES,
  LOYALTY_QUADRANTS,
  RFM_GROUPS,
  SATISFACTION_GROUPS,
} from '@kulup/domain/segment-rules';
import type { SegmentRule } from '@kulup/domain/segment-rules';
import { z } from 'zod';

import { ZId, ZIsoDateTime } from './common.schema';
import { exportFormatQuery } from './exports.schema';

// The shape of a segment rule tree. Ranges (scores 1–5, min ≤ max, window lengths), non-empty groups and size
// limits are checked by the domain's validateSegmentRule, so the console and the server report the same paths
// (422 SEGMENT_RULES_INVALID); references to tiers and stores are checked by the server (422 UNKNOWN_REFERENCE).
// The criteria are documented in docs/segments-and-analytics.md.

export const ZRfmGroup = z.enum(RFM_GROUPS);
export const ZChurnLevel = z.enum(CHURN_LEVELS);
export const ZSatisfactionGroup = z.enum(SATISFACTION_GROUPS);
export const ZLoyaltyQuadrant = z.enum(LOYALTY_QUADRANTS);

const ZText = z.string().max(120);
const values = <T extends z.ZodType>(item: T) => z.array(item).max(200);
const bounds = { min: z.number().optional(), max: z.number().optional() };
const windowDays = z.number();

const criteria = [
  z.strictObject({ kind: z.literal('tier'), in: values(ZText) }),
  z.strictObject({ kind: z.literal('lifecycleStage'), in: values(z.enum(LIFECYCLE_STAGES)) }),
  z.strictObject({ kind: z.literal('rfmScore'), score: z.enum(['recency', 'frequency', 'monetary']), ...bounds }),
  z.strictObject({ kind: z.literal('rfmGroup'), in: values(ZRfmGroup) }),
  z.strictObject({ kind: z.literal('spend'), windowDays, ...bounds }),
  z.strictObject({ kind: z.literal('visits'), windowDays, ...bounds }),
  z.strictObject({ kind: z.literal('daysSinceLastVisit'), ...bounds }),
  z.strictObject({ kind: z.literal('category'), in: values(ZText), windowDays }),
  z.strictObject({ kind: z.literal('brand'), in: values(ZText), windowDays }),
  z.strictObject({ kind: z.literal('store'), in: values(ZId), windowDays }),
  z.strictObject({ kind: z.literal('city'), in: values(ZText) }),
  z.strictObject({ kind: z.literal('ageBand'), ...bounds }),
  z.strictObject({ kind: z.literal('birthdayMonth'), months: z.array(z.union([z.number(), z.enum(['current', 'next'])])).max(12) }),
  z.strictObject({ kind: z.literal('consent'), channel: z.enum(CONSENT_CHANNELS), granted: z.boolean() }),
  z.strictObject({ kind: z.literal('satisfaction'), in: values(ZSatisfactionGroup) }),
  z.strictObject({ kind: z.literal('loyaltyQuadrant'), in: values(ZLoyaltyQuadrant) }),
  z.strictObject({ kind: z.literal('churnLevel'), in: values(ZChurnLevel) }),
  z.strictObject({ kind: z.literal('clv'), ...bounds }),
] as const;

/** A segment rule: `and` / `or` over rules, `not` of a rule, or one criterion. */
export const ZSegmentRule: z.ZodType<SegmentRule> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('and'), rules: z.array(ZSegmentRule).max(100) }),
    z.strictObject({ kind: z.literal('or'), rules: z.array(ZSegmentRule).max(100) }),
    z.strictObject({ kind: z.literal('not'), rule: ZSegmentRule }),
    ...criteria,
  ]),
).meta({ id: 'SegmentRule' }); // named, so OpenAPI shows the recursion as one component
export type TSegmentRule = SegmentRule;

export const ZSegmentStatus = z.enum(['ACTIVE', 'ARCHIVED']);
const ZSegmentName = z.string().trim().min(1).max(120);
const ZSegmentDescription = z.string().trim().max(1000);

export const ZSegmentCreateRequest = z.strictObject({
  name: ZSegmentName,
  description: ZSegmentDescription.nullable().optional(),
  rules: ZSegmentRule,
});
export type TSegmentCreateRequest = z.input<typeof ZSegmentCreateRequest>;

/** Partial update; changed rules take effect at the next refresh (the nightly job or POST …/refresh). */
export const ZSegmentUpdateRequest = z.strictObject({
  name: ZSegmentName.optional(),
  description: ZSegmentDescription.nullable().optional(),
  rules: ZSegmentRule.optional(),
  status: ZSegmentStatus.optional(),
});
export type TSegmentUpdateRequest = z.input<typeof ZSegmentUpdateRequest>;

export const ZSegment = z.object({
  id: ZId,
  name: z.string(),
  description: z.string().nullable(),
  rules: ZSegmentRule,
  status: ZSegmentStatus,
  /** Members at the last materialisation; null before the first. */
  memberCount: z.number().int().nullable(),
  refreshedAt: ZIsoDateTime.nullable(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type TSegment = z.infer<typeof ZSegment>;

export const ZSegmentListQuery = z.strictObject({ status: ZSegmentStatus.optional() });
export const ZSegmentList = z.object({ items: z.array(ZSegment) });
export type TSegmentList = z.infer<typeof ZSegmentList>;

/** A member as a marketer sees them in a segment. */
export const ZSegmentMemberRow = z.object({
  id: ZId,
  firstName: z.string(),
  lastName: z.string(),
  tierCode: z.string(),
  city: z.string().nullable(),
});

export const ZSegmentPreviewRequest = z.strictObject({
  rules: ZSegmentRule,
  /** How many sample members to return (0–20). */
  sampleSize: z.number().int().min(0).max(20).default(5),
});
export type TSegmentPreviewRequest = z.input<typeof ZSegmentPreviewRequest>;

/** The live size of a rule tree and a few of its members, computed now without storing anything. */
export const ZSegmentPreview = z.object({
  memberCount: z.number().int(),
  sample: z.array(ZSegmentMemberRow),
  computedAt: ZIsoDateTime,
});
export type TSegmentPreview = z.infer<typeof ZSegmentPreview>;

export const ZSegmentRefreshResult = z.object({
  segment: ZSegment,
  added: z.number().int(),
  removed: z.number().int(),
});
export type TSegmentRefreshResult = z.infer<typeof ZSegmentRefreshResult>;

export const ZSegmentSizeHistory = z.object({
  items: z.array(z.object({ memberCount: z.number().int(), measuredAt: ZIsoDateTime })),
});
export type TSegmentSizeHistory = z.infer<typeof ZSegmentSizeHistory>;

export const ZSegmentMembersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** `nextCursor` of the previous page (a member id). */
  cursor: ZId.optional(),
});

export const ZSegmentMemberList = z.object({
  items: z.array(ZSegmentMemberRow.extend({ addedAt: ZIsoDateTime })),
  nextCursor: z.string().nullable(),
});
export type TSegmentMemberList = z.infer<typeof ZSegmentMemberList>;

/** The segment's members as of the last refresh as a file: the `format` query only (the file holds every member). */
export const ZSegmentMembersExportQuery = z.strictObject(exportFormatQuery);
