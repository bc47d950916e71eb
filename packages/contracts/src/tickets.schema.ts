import { z } from 'zod';

import { ZEmail, ZId, ZIsoDate, ZIsoDateTime, ZPhone } from './common.schema';
import { exportFormatQuery } from './exports.schema';
import { ZCsatSummary } from './surveys.schema';

export const ZTicketKind = z.enum(['COMPLAINT', 'WISH']);
export const ZTicketChannel = z.enum(['KIOSK', 'POS', 'CONSOLE', 'EMAIL']);
export const ZTicketPriority = z.enum(['HIGH', 'NORMAL', 'LOW']);
export type TTicketPriority = z.infer<typeof ZTicketPriority>;
export const TICKET_STATUS_VALUES = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED'] as const;
export const ZTicketStatus = z.enum(TICKET_STATUS_VALUES);
export type TTicketStatus = z.infer<typeof ZTicketStatus>;
export const ZContactChannel = z.enum(['SMS', 'EMAIL', 'CALL']);
export type TContactChannel = z.infer<typeof ZContactChannel>;

/** What a customer or agent writes: trimmed, 1–2000 characters. */
export const ZTicketText = z.string().trim().min(1, 'Must not be empty').max(2000, 'At most 2000 characters');
export const ZCategoryCode = z.string().trim().min(1).max(40);

/** Allowed attachment types, each at most 5 MB. */
export const TICKET_ATTACHMENT_LIMITS = {
  'image/jpeg': 5 * 1024 * 1024,
  'image/png': 5 * 1024 * 1024,
  'application/pdf': 5 * 1024 * 1024,
} as const;

// ---- Kiosk and POS ------------------------------------------------------------------------------------

export const ZContactPermission = z.strictObject({ channel: ZContactChannel });

/** A complaint or wish from the kiosk (store from the terminal, member from the session if any). */
export const ZComplaintRequest = z.strictObject({
  kind: ZTicketKind,
  categoryCode: ZCategoryCode,
  text: ZTicketText,
  /** The customer agrees to be contacted about this ticket through this channel. */
  contactPermission: ZContactPermission.optional(),
});
export type TComplaintRequest = z.input<typeof ZComplaintRequest>;
export const ZComplaintCreated = z.object({ ticketNumber: z.string() });

/** A complaint or wish taken at the till; `memberId` from a card identified at that till. */
export const ZPosTicketRequest = ZComplaintRequest.extend({ memberId: ZId.optional() });

export const ZComplaintCategory = z.object({ code: z.string(), nameTr: z.string(), nameEn: z.string() });
export const ZComplaintCategoryList = z.object({ items: z.array(ZComplaintCategory) });

/** What a member sees of their own tickets: number, status and dates only. */
export const ZMyTicket = z.object({
  number: z.string(),
  status: ZTicketStatus,
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  resolvedAt: ZIsoDateTime.nullable(),
});
export const ZMyTicketList = z.object({ items: z.array(ZMyTicket) });

// ---- Console --------------------------------------------------------------------------------------------

export const ZTicketCreateRequest = z.strictObject({
  kind: ZTicketKind,
  categoryCode: ZCategoryCode,
  text: ZTicketText,
  subject: z.string().trim().min(1).max(200).optional(),
  /** Default: the category's priority. */
  priority: ZTicketPriority.optional(),
  /** CONSOLE for a caller, EMAIL for a mail taken over by an agent. */
  channel: z.enum(['CONSOLE', 'EMAIL']).default('CONSOLE'),
  storeId: ZId.optional(),
  memberId: ZId.optional(),
  contactPermission: ZContactPermission.optional(),
  /** A caller who is not a member: how to reach them. */
  contact: z
    .strictObject({ name: z.string().trim().min(1).max(120).optional(), phone: ZPhone.optional(), email: ZEmail.optional() })
    .optional(),
});
export type TTicketCreateRequest = z.input<typeof ZTicketCreateRequest>;

/** An SLA clock. `remainingBusinessMinutes` is negative when overdue and null once met (or for a final ticket). */
export const ZSlaTimer = z.object({
  dueAt: ZIsoDateTime,
  metAt: ZIsoDateTime.nullable(),
  remainingBusinessMinutes: z.number().int().nullable(),
  breached: z.boolean(),
  /** Resolution clock only: stopped while waiting for the customer. */
  paused: z.boolean(),
});

export const ZTicketSummary = z.object({
  id: ZId,
  number: z.string(),
  kind: ZTicketKind,
  channel: ZTicketChannel,
  status: ZTicketStatus,
  priority: ZTicketPriority,
  category: ZComplaintCategory,
  storeId: ZId.nullable(),
  storeName: z.string().nullable(),
  memberId: ZId.nullable(),
  subject: z.string().nullable(),
  /** The first 140 characters of the text. */
  preview: z.string(),
  teamId: ZId.nullable(),
  teamName: z.string().nullable(),
  assigneeId: ZId.nullable(),
  assigneeName: z.string().nullable(),
  firstResponse: ZSlaTimer,
  resolution: ZSlaTimer,
  reopenCount: z.number().int(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
});
export type TTicketSummary = z.infer<typeof ZTicketSummary>;

const ZBooleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');

export const ZTicketListQuery = z.strictObject({
  /** A status, or OPEN for every status that still needs work. */
  status: z.enum([...TICKET_STATUS_VALUES, 'OPEN']).optional(),
  /** A team id or `none`. */
  team: z.union([ZId, z.literal('none')]).optional(),
  /** An agent id, `me` or `none`. */
  assignee: z.union([ZId, z.literal('me'), z.literal('none')]).optional(),
  category: ZCategoryCode.optional(),
  store: ZId.optional(),
  breached: ZBooleanQuery.optional(),
  memberId: ZId.optional(),
  /** `due` (most urgent resolution target first, the default) or `newest`. */
  sort: z.enum(['due', 'newest']).default('due'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export const ZTicketList = z.object({ items: z.array(ZTicketSummary), nextCursor: z.string().nullable() });
/** The queue's filters and order without paging, plus the file format: every matching ticket in one file. */
export const ZTicketExportQuery = ZTicketListQuery.omit({ limit: true, cursor: true }).extend(exportFormatQuery);


export const ZTicketEvent = z.object({
  id: z.string(),
  kind: z.enum(['CREATED', 'STATUS_CHANGED', 'ASSIGNED', 'NOTE', 'REPLY', 'ATTACHMENT', 'SLA_BREACHED']),
  actorType: z.enum(['STAFF', 'TERMINAL', 'MEMBER', 'SYSTEM']),
  actorId: z.string().nullable(),
  fromStatus: ZTicketStatus.nullable(),
  toStatus: ZTicketStatus.nullable(),
  channel: ZContactChannel.nullable(),
  body: z.string().nullable(),
  data: z.unknown(),
  at: ZIsoDateTime,
});

export const ZTicketAttachment = z.object({
  id: ZId,
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number().int(),
  sha256: z.string(),
  createdAt: ZIsoDateTime,
});

/** The member behind a ticket, as an agent needs it (the full record is one click away in the member view). */
export const ZTicketMemberSummary = z.object({
  memberId: ZId,
  firstName: z.string(),
  tierCode: z.string(),
  pointsBalance: z.number().int(),
  erased: z.boolean(),
  /** Message permissions in force per channel. */
  consents: z.object({ SMS: z.boolean(), EMAIL: z.boolean(), CALL: z.boolean() }),
  recentTickets: z.array(z.object({ id: ZId, number: z.string(), status: ZTicketStatus, createdAt: ZIsoDateTime })),
});

export const ZTicketDetail = ZTicketSummary.extend({
  text: z.string(),
  contactChannel: ZContactChannel.nullable(),
  contact: z.object({ name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }).nullable(),
  closedAt: ZIsoDateTime.nullable(),
  allowedTransitions: z.array(ZTicketStatus),
  /** Channels a reply may use now (consented and with an address). */
  replyChannels: z.array(ZContactChannel),
  member: ZTicketMemberSummary.nullable(),
  events: z.array(ZTicketEvent),
  attachments: z.array(ZTicketAttachment),
  followUp: z.object({ status: z.enum(['PENDING', 'ANSWERED', 'EXPIRED']), score: z.number().int().nullable() }).nullable(),
});
export type TTicketDetail = z.infer<typeof ZTicketDetail>;

export const ZTicketTransitionRequest = z.strictObject({ to: ZTicketStatus, note: ZTicketText.optional() });

const assignment = {
  /** null clears the team. */
  teamId: ZId.nullable().optional(),
  /** null clears the agent. */
  assigneeId: ZId.nullable().optional(),
};
const assignsSomething = (v: { teamId?: string | null; assigneeId?: string | null }) => v.teamId !== undefined || v.assigneeId !== undefined;
export const ZTicketAssignRequest = z.strictObject(assignment).refine(assignsSomething, 'Send teamId and/or assigneeId');
export const ZTicketBulkAssignRequest = z
  .strictObject({ ticketIds: z.array(ZId).min(1).max(200), ...assignment })
  .refine(assignsSomething, 'Send teamId and/or assigneeId')
  .refine((v) => new Set(v.ticketIds).size === v.ticketIds.length, { message: 'List each ticket once', path: ['ticketIds'] });
export const ZTicketBulkAssignResponse = z.object({ updated: z.number().int() });

export const ZTicketNoteRequest = z.strictObject({ text: ZTicketText });
export const ZTicketReplyRequest = z.strictObject({
  channel: ZContactChannel,
  text: ZTicketText,
  /** The canned answer this reply started from, for knowledge-base statistics. */
  cannedAnswerId: ZId.optional(),
});

export const ZAttachmentUploadQuery = z.strictObject({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((s) => !/[\\/\u0000-\u001f]/.test(s), 'A plain file name without path separators or control characters'),
});

/** An inbound mail is posted as its raw RFC 5322 bytes (attachments included), at most 25 MB. */
export const INBOUND_MAIL_LIMITS = { 'message/rfc822': 25 * 1024 * 1024 } as const;
export const ZInboundMailQuery = z.strictObject({
  /** The category of a mail that names none (`[CODE]` in the subject or `+code` in the recipient) or an unknown one. */
  category: ZCategoryCode.optional(),
});
export const ZInboundMailResult = z.object({
  /** `duplicate`: this Message-ID was filed before; nothing new was written. */
  status: z.enum(['created', 'duplicate']),
  ticketNumber: z.string(),
  messageId: z.string(),
  /** What the agent finds in the ticket's note: refused attachments, an unknown category tag, cut text. */
  warnings: z.array(z.string()),
});
export type TInboundMailResult = z.infer<typeof ZInboundMailResult>;

// ---- Knowledge base and administration ----------------------------------------------------------------

export const ZCannedAnswer = z.object({
  id: ZId,
  title: z.string(),
  bodyTr: z.string(),
  bodyEn: z.string().nullable(),
  categoryCode: z.string().nullable(),
  active: z.boolean(),
  updatedAt: ZIsoDateTime,
});
const cannedFields = {
  title: z.string().trim().min(1).max(120),
  bodyTr: ZTicketText,
  bodyEn: ZTicketText.nullable().optional(),
  categoryCode: ZCategoryCode.nullable().optional(),
};
export const ZCannedAnswerCreateRequest = z.strictObject(cannedFields);
export const ZCannedAnswerUpdateRequest = z
  .strictObject({ ...cannedFields, active: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export const ZCannedAnswerList = z.object({ items: z.array(ZCannedAnswer) });
export const ZCannedAnswerListQuery = z.strictObject({
  category: ZCategoryCode.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  includeInactive: ZBooleanQuery.optional(),
});

export const ZTicketCategory = z.object({
  id: ZId,
  code: z.string(),
  nameTr: z.string(),
  nameEn: z.string(),
  defaultPriority: ZTicketPriority,
  active: z.boolean(),
  position: z.number().int(),
});
const categoryFields = {
  code: z.string().regex(/^[A-Z][A-Z0-9_]{1,39}$/, 'Upper-case letters, digits and _, 2–40 characters'),
  nameTr: z.string().trim().min(1).max(80),
  nameEn: z.string().trim().min(1).max(80),
  defaultPriority: ZTicketPriority.optional(),
  position: z.number().int().min(0).max(1000).optional(),
};
export const ZTicketCategoryCreateRequest = z.strictObject(categoryFields);
export const ZTicketCategoryUpdateRequest = z
  .strictObject({ ...categoryFields, active: z.boolean() })
  .omit({ code: true })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export const ZTicketCategoryList = z.object({ items: z.array(ZTicketCategory) });

export const ZServiceTeam = z.object({ id: ZId, name: z.string(), active: z.boolean(), memberIds: z.array(ZId) });
export const ZServiceTeamCreateRequest = z.strictObject({ name: z.string().trim().min(1).max(80), memberIds: z.array(ZId).max(200).default([]) });
export const ZServiceTeamUpdateRequest = z
  .strictObject({ name: z.string().trim().min(1).max(80), active: z.boolean(), memberIds: z.array(ZId).max(200) })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export const ZServiceTeamList = z.object({ items: z.array(ZServiceTeam) });

export const ZRoutingRule = z.object({
  id: ZId,
  categoryCode: z.string().nullable(),
  storeId: ZId.nullable(),
  teamId: ZId,
  agentId: ZId.nullable(),
  priority: z.number().int(),
  active: z.boolean(),
});
const ruleFields = {
  /** null or absent = any category. */
  categoryCode: ZCategoryCode.nullable().optional(),
  /** null or absent = any store. */
  storeId: ZId.nullable().optional(),
  teamId: ZId,
  agentId: ZId.nullable().optional(),
  /** Lower is consulted first (default 100). */
  priority: z.number().int().min(0).max(10_000).optional(),
};
export const ZRoutingRuleCreateRequest = z.strictObject(ruleFields);
export const ZRoutingRuleUpdateRequest = z
  .strictObject({ ...ruleFields, active: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export const ZRoutingRuleList = z.object({ items: z.array(ZRoutingRule) });

export const ZSlaPolicy = z.object({ priority: ZTicketPriority, firstResponseMinutes: z.number().int(), resolutionMinutes: z.number().int() });
export const ZSlaPolicyList = z.object({ items: z.array(ZSlaPolicy) });
export const ZSlaPolicyUpdateRequest = z
  .strictObject({
    /** Business minutes (opening hours only). */
    firstResponseMinutes: z.number().int().min(1).max(100_000),
    resolutionMinutes: z.number().int().min(1).max(500_000),
  })
  .refine((v) => v.resolutionMinutes >= v.firstResponseMinutes, { message: 'Resolution cannot be due before the first response', path: ['resolutionMinutes'] });

const ZClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'A time HH:MM');
export const ZOpeningHours = z
  .strictObject({ opensAt: ZClock, closesAt: ZClock })
  .refine((h) => h.opensAt < h.closesAt, { message: 'closesAt must be after opensAt', path: ['closesAt'] });
export const ZBusinessHoursRequest = z.strictObject({
  /** Seven entries from Sunday to Saturday; null = closed. */
  week: z.array(ZOpeningHours.nullable()).length(7).refine((w) => w.some(Boolean), 'At least one day must be open'),
});
export const ZBusinessHoliday = z.object({ date: ZIsoDate, name: z.string(), closesAt: ZClock.nullable() });
export const ZBusinessHolidayRequest = z.strictObject({
  date: ZIsoDate,
  name: z.string().trim().min(1).max(120),
  /** A half day closes early (e.g. `13:00` on an arife); absent = closed all day. */
  closesAt: ZClock.nullable().optional(),
});
export const ZBusinessCalendar = z.object({
  timeZone: z.literal('Europe/Istanbul'),
  week: z.array(z.object({ opensAt: ZClock, closesAt: ZClock }).nullable()),
  holidays: z.array(ZBusinessHoliday),
});

// ---- Service report -------------------------------------------------------------------------------------

export const ZServiceReportQuery = z.strictObject({ from: ZIsoDate.optional(), to: ZIsoDate.optional() });
export const ZServiceReportExportQuery = ZServiceReportQuery.extend(exportFormatQuery);
const ZDurationStats = z.object({
  count: z.number().int(),
  averageBusinessMinutes: z.number().nullable(),
  medianBusinessMinutes: z.number().nullable(),
  /** Share met within target among those met or already breached, in percent. */
  slaCompliancePercent: z.number().nullable(),
});
export const ZServiceReport = z.object({
  from: ZIsoDate,
  to: ZIsoDate,
  created: z.number().int(),
  open: z.number().int(),
  resolved: z.number().int(),
  firstResponse: ZDurationStats,
  resolution: ZDurationStats,
  /** Resolved tickets reopened at least once, in percent. */
  reopenRatePercent: z.number().nullable(),
  followUpCsat: ZCsatSummary,
  byCategory: z.array(z.object({ code: z.string(), nameTr: z.string(), tickets: z.number().int() })),
  byStore: z.array(z.object({ storeId: ZId.nullable(), storeName: z.string().nullable(), tickets: z.number().int() })),
  byChannel: z.array(z.object({ channel: ZTicketChannel, tickets: z.number().int() })),
});
export type TServiceReport = z.infer<typeof ZServiceReport>;
