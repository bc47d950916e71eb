import type { TMemberSummary } from '@kulup/contracts';

import type { Config } from '../../config';
import type { Db } from '../../db/database';
import { toMemberSummary } from './member.mapper';

/** The kiosk's view of its own session member; the member id comes only from the session token. */
export async function getMemberSummary(
  deps: { db: Db; config: Config },
  session: { memberId: string; cardId: string },
): Promise<TMemberSummary> {
  const card = await deps.db.card.findUniqueOrThrow({ where: { id: session.cardId }, include: { member: true } });
  return toMemberSummary(card.member, card, card.trust === 'HIGH' || deps.config.lowTrustCanRedeem);
}
