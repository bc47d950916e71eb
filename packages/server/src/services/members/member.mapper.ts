import type { TCard, TConsent, TMember, TMemberSummary } from '@kulup/contracts';
import { lastFour } from '@kulup/domain/card-number';

import type { Card, Consent, Member } from '../../generated/prisma/client';

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

export function toCard(card: Card): TCard {
  return {
    id: card.id,
    memberId: card.memberId,
    number: card.number,
    nfcUid: card.nfcUid,
    kind: card.kind,
    trust: card.trust,
    status: card.status,
    statusReason: card.statusReason,
    replacedById: card.replacedById,
    issuedAt: iso(card.issuedAt),
  };
}

export function toConsent(c: Consent): TConsent {
  return {
    kind: c.kind,
    status: c.status,
    source: c.source,
    textVersion: c.textVersion,
    evidence: c.evidence,
    recordedAt: iso(c.recordedAt),
  };
}

/** The consent in force per kind: the latest record of each. */
export function currentConsents(history: Consent[]): TConsent[] {
  const latest = new Map<string, Consent>();
  for (const c of history) {
    const seen = latest.get(c.kind);
    if (!seen || seen.recordedAt <= c.recordedAt) latest.set(c.kind, c);
  }
  return [...latest.values()].sort((a, b) => a.kind.localeCompare(b.kind)).map(toConsent);
}

export function toMemberBase(m: Member): Omit<TMember, 'consents' | 'cards'> {
  return {
    id: m.id,
    firstName: m.firstName,
    lastName: m.lastName,
    phone: m.phone,
    email: m.email,
    birthDate: m.birthDate ? m.birthDate.toISOString().slice(0, 10) : null,
    city: m.city,
    gender: m.gender,
    lifecycleStage: m.lifecycleStage,
    isStaff: m.isStaff,
    tierCode: m.tierCode,
    pointsBalance: m.pointsBalance,
    erasedAt: isoOrNull(m.erasedAt),
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
  };
}

export function toMember(m: Member & { consents: Consent[]; cards: Card[] }): TMember {
  return { ...toMemberBase(m), consents: currentConsents(m.consents), cards: m.cards.map(toCard) };
}

/** The minimal view for public screens (COMPLIANCE.md): first name, tier, balance, last four digits. */
export function toMemberSummary(m: Member, card: Card, canRedeem: boolean): TMemberSummary {
  return {
    memberId: m.id,
    firstName: m.firstName,
    tierCode: m.tierCode,
    pointsBalance: m.pointsBalance,
    card: { last4: lastFour(card.number), kind: card.kind, trust: card.trust, status: card.status },
    canRedeem,
  };
}

export const memberWithRelations = {
  consents: { orderBy: { recordedAt: 'asc' } },
  cards: { orderBy: { issuedAt: 'asc' } },
} as const;
