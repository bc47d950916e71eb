import { z } from 'zod';

import { ZCardNumber, ZEmail, ZId, ZIsoDate, ZIsoDateTime, ZName, ZNfcUid, ZPhone } from './common.schema';

export const ZLifecycleStage = z.enum(['PROSPECT', 'NEW', 'ACTIVE', 'LAPSED', 'FORMER']);
export const ZGender = z.enum(['FEMALE', 'MALE', 'OTHER']);
/** Message channels (ETK/IYS: MESAJ, ARAMA, EPOSTA, plus app push) and the separate KVKK profiling consent. */
export const ZConsentKind = z.enum(['SMS', 'CALL', 'EMAIL', 'PUSH', 'PROFILING']);
export const ZConsentStatus = z.enum(['GRANTED', 'REFUSED']);
export const ZConsentSource = z.enum(['KIOSK', 'POS', 'WEB', 'CALL_CENTER', 'PAPER', 'CONSOLE', 'IMPORT']);
export const ZCardKind = z.enum(['PRINTED', 'NFC_UID', 'NFC_SUN']);
export const ZCardTrust = z.enum(['LOW', 'HIGH']);
export const ZCardStatus = z.enum(['ACTIVE', 'BLOCKED', 'LOST', 'REPLACED']);

const ZBirthDate = ZIsoDate.refine((d) => {
  const year = Number(d.slice(0, 4));
  return d <= new Date().toISOString().slice(0, 10) && year >= new Date().getUTCFullYear() - 120;
}, 'Birth date must be in the past and within 120 years');

export const ZConsentRecordRequest = z.strictObject({
  kind: ZConsentKind,
  status: ZConsentStatus,
  source: ZConsentSource,
  /** Version of the permission text the member was shown. */
  textVersion: z.string().trim().min(1).max(40),
  /** Evidence reference: signed form id, kiosk session, call recording id… */
  evidence: z.string().trim().max(500).optional(),
});
export type TConsentRecordRequest = z.input<typeof ZConsentRecordRequest>;

export const ZConsent = z.object({
  kind: ZConsentKind,
  status: ZConsentStatus,
  source: ZConsentSource,
  textVersion: z.string(),
  evidence: z.string().nullable(),
  recordedAt: ZIsoDateTime,
});
export type TConsent = z.infer<typeof ZConsent>;

export const ZCard = z.object({
  id: ZId,
  memberId: ZId,
  number: z.string(),
  nfcUid: z.string().nullable(),
  kind: ZCardKind,
  trust: ZCardTrust,
  status: ZCardStatus,
  statusReason: z.string().nullable(),
  replacedById: ZId.nullable(),
  issuedAt: ZIsoDateTime,
});
export type TCard = z.infer<typeof ZCard>;

export const ZMemberCreateRequest = z.strictObject({
  firstName: ZName,
  lastName: ZName,
  phone: ZPhone.optional(),
  email: ZEmail.optional(),
  birthDate: ZBirthDate.optional(),
  city: ZName.optional(),
  gender: ZGender.optional(),
  isStaff: z.boolean().default(false),
  consents: z.array(ZConsentRecordRequest).max(10).default([]),
});
export type TMemberCreateRequest = z.input<typeof ZMemberCreateRequest>;

export const ZMemberUpdateRequest = z
  .strictObject({
    firstName: ZName,
    lastName: ZName,
    phone: ZPhone.nullable(),
    email: ZEmail.nullable(),
    birthDate: ZBirthDate.nullable(),
    city: ZName.nullable(),
    gender: ZGender.nullable(),
    lifecycleStage: ZLifecycleStage,
    isStaff: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'Send at least one field to change');
export type TMemberUpdateRequest = z.input<typeof ZMemberUpdateRequest>;

export const ZMember = z.object({
  id: ZId,
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  birthDate: ZIsoDate.nullable(),
  city: z.string().nullable(),
  gender: ZGender.nullable(),
  lifecycleStage: ZLifecycleStage,
  isStaff: z.boolean(),
  tierCode: z.string(),
  pointsBalance: z.number().int(),
  erasedAt: ZIsoDateTime.nullable(),
  createdAt: ZIsoDateTime,
  updatedAt: ZIsoDateTime,
  /** The consent in force per kind (latest record). */
  consents: z.array(ZConsent),
  cards: z.array(ZCard),
});
export type TMember = z.infer<typeof ZMember>;

export const ZMemberListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ZId.optional(),
});
export const ZMemberListItem = ZMember.pick({
  id: true,
  firstName: true,
  lastName: true,
  phone: true,
  city: true,
  tierCode: true,
  pointsBalance: true,
  lifecycleStage: true,
  erasedAt: true,
});
export const ZMemberList = z.object({ items: z.array(ZMemberListItem), nextCursor: ZId.nullable() });
export type TMemberList = z.infer<typeof ZMemberList>;

export const ZCardIssueRequest = z
  .strictObject({ kind: ZCardKind, nfcUid: ZNfcUid.optional() })
  .refine((v) => (v.kind === 'PRINTED') === (v.nfcUid === undefined), {
    message: 'NFC cards need nfcUid; printed cards must not have one',
    path: ['nfcUid'],
  });
export type TCardIssueRequest = z.input<typeof ZCardIssueRequest>;

export const ZCardBlockRequest = z.strictObject({
  status: z.enum(['BLOCKED', 'LOST']),
  reason: z.string().trim().min(1).max(200),
});
export type TCardBlockRequest = z.input<typeof ZCardBlockRequest>;

export const ZCardReplaceRequest = ZCardIssueRequest;
export const ZCardReplaceResponse = z.object({ previous: ZCard, card: ZCard });

/** The NTAG 424 DNA SUN message read from the card's NDEF URL (encrypted PICC data and its CMAC). */
export const ZSunMessage = z.strictObject({
  piccData: z.string().regex(/^[0-9A-Fa-f]{32}$/, 'picc_data is 16 bytes of hex').transform((s) => s.toUpperCase()),
  cmac: z.string().regex(/^[0-9A-Fa-f]{16}$/, 'cmac is 8 bytes of hex').transform((s) => s.toUpperCase()),
});
export type TSunMessage = z.input<typeof ZSunMessage>;

/** Identify by printed number (typed or scanned), by a plain NFC UID, or by an authenticated SUN tap. */
export const ZIdentifyRequest = z
  .strictObject({ cardNumber: ZCardNumber.optional(), nfcUid: ZNfcUid.optional(), sun: ZSunMessage.optional() })
  .refine((v) => [v.cardNumber, v.nfcUid, v.sun].filter((x) => x !== undefined).length === 1, {
    message: 'Send exactly one of cardNumber, nfcUid or sun',
    path: ['cardNumber'],
  });
export type TIdentifyRequest = z.input<typeof ZIdentifyRequest>;

/** What a POS screen or kiosk shows: first name only, tier, balance, last four card digits. */
export const ZMemberSummary = z.object({
  memberId: ZId,
  firstName: z.string(),
  tierCode: z.string(),
  pointsBalance: z.number().int(),
  card: z.object({ last4: z.string(), kind: ZCardKind, trust: ZCardTrust, status: ZCardStatus }),
  /** False for low-trust taps (plain UID) unless the program allows it. */
  canRedeem: z.boolean(),
});
export type TMemberSummary = z.infer<typeof ZMemberSummary>;

export const ZIdentifyResponse = z.object({
  member: ZMemberSummary,
  /** Kiosk terminals only: a short-lived token scoped to this member. */
  memberSession: z.object({ token: z.string(), expiresAt: ZIsoDateTime }).optional(),
});
export type TIdentifyResponse = z.infer<typeof ZIdentifyResponse>;

export const ZMemberExport = z.object({
  exportedAt: ZIsoDateTime,
  member: ZMember.omit({ consents: true, cards: true }),
  consentHistory: z.array(ZConsent),
  cards: z.array(ZCard),
  auditTrail: z.array(
    z.object({ at: ZIsoDateTime, action: z.string(), actorType: z.string(), before: z.unknown(), after: z.unknown() }),
  ),
  pointsHistory: z.array(z.object({ at: ZIsoDateTime, kind: z.string(), points: z.number().int(), event: z.string() })),
  receipts: z.array(
    z.object({
      id: ZId,
      occurredAt: ZIsoDateTime,
      storeId: ZId,
      status: z.string(),
      totalKurus: z.number().int(),
      pointsEarned: z.number().int(),
      pointsRedeemed: z.number().int(),
      lines: z.array(z.object({ sku: z.string(), category: z.string(), quantity: z.number().int(), netKurus: z.number().int() })),
    }),
  ),
  offers: z.array(z.object({ id: ZId, title: z.string(), status: z.string(), validFrom: ZIsoDateTime, validTo: ZIsoDateTime })),
  kioskPinSet: z.boolean(),
  tickets: z.array(
    z.object({
      number: z.string(),
      kind: z.string(),
      status: z.string(),
      createdAt: ZIsoDateTime,
      text: z.string(),
      messages: z.array(z.object({ at: ZIsoDateTime, kind: z.string(), body: z.string().nullable() })),
    }),
  ),
  surveyResponses: z.array(z.object({ surveyId: ZId, submittedAt: ZIsoDateTime, answers: z.unknown() })),
  /** Profiling results: the segments the member is in and their analytics snapshot (RFM, CLV, lapse risk). */
  segments: z.array(z.object({ segmentId: ZId, name: z.string(), addedAt: ZIsoDateTime })),
  metrics: z.record(z.string(), z.unknown()).nullable(),
  /** Campaign awards, control-group holdouts and campaign messages about the member. */
  campaigns: z.object({
    awards: z.array(z.object({ campaignId: ZId, receiptId: ZId, points: z.number().int(), discountKurus: z.number().int(), drawEntries: z.number().int(), explanation: z.string(), at: ZIsoDateTime })),
    controlGroups: z.array(z.object({ campaignId: ZId, since: ZIsoDateTime })),
    messages: z.array(z.object({ campaignId: ZId, channel: z.string(), status: z.string(), reason: z.string().nullable(), at: ZIsoDateTime })),
  }),
});
export type TMemberExport = z.infer<typeof ZMemberExport>;

export const ZEraseResponse = z.object({ memberId: ZId, erasedAt: ZIsoDateTime });
