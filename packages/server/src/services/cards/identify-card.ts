import type { TIdentifyResponse, TSunMessage } from '@kulup/contracts';
import { decryptPiccData, deriveCardKeys, deriveMetaKey, verifySun } from '@kulup/domain';

import { ServiceError } from '../../http/service-error';
import type { ServiceDeps } from '../context';
import { toMemberSummary } from '../members/member.mapper';

export type IdentifyInput = { cardNumber?: string | undefined; nfcUid?: string | undefined; sun?: Required<TSunMessage> | undefined };
export type IdentifyingTerminal = { id: string; kind: 'POS' | 'KIOSK' };

const NOT_AUTHENTIC = 'This card could not be verified; ask for another card or type the card number';

/**
 * Checks an NTAG 424 DNA SUN tap: the PICC data must decrypt with the meta key, the CMAC must verify with
 * the card's diversified file key, and the read counter must be higher than any seen before. The counter
 * moves with one conditional UPDATE, so two concurrent replays of one message cannot both pass.
 */
async function verifySunTap(deps: Pick<ServiceDeps, 'db' | 'cardMasterKey'>, sun: Required<TSunMessage>) {
  const master = deps.cardMasterKey;
  const claimed = decryptPiccData(sun.piccData, deriveMetaKey(master));
  if (!claimed.ok) throw new ServiceError('CARD_NOT_AUTHENTIC', NOT_AUTHENTIC);
  const card = await deps.db.card.findUnique({ where: { nfcUid: claimed.uid }, include: { member: true } });
  if (!card || card.kind !== 'NFC_SUN') throw new ServiceError('CARD_NOT_AUTHENTIC', NOT_AUTHENTIC);
  const result = verifySun({
    piccData: sun.piccData,
    cmac: sun.cmac,
    kMeta: deriveMetaKey(master),
    kFile: (uid) => deriveCardKeys(master, uid).kFile,
    ...(card.sunCounter !== null ? { lastCounter: card.sunCounter } : {}),
  });
  if (!result.ok) {
    throw result.reason === 'replayed_counter'
      ? new ServiceError('CARD_REPLAYED', 'This card message was already used; tap the card again')
      : new ServiceError('CARD_NOT_AUTHENTIC', NOT_AUTHENTIC);
  }
  const advanced = await deps.db.card.updateMany({
    where: { id: card.id, OR: [{ sunCounter: null }, { sunCounter: { lt: result.counter } }] },
    data: { sunCounter: result.counter },
  });
  if (advanced.count !== 1) throw new ServiceError('CARD_REPLAYED', 'This card message was already used; tap the card again');
  return card;
}

async function findCard(deps: Pick<ServiceDeps, 'db' | 'cardMasterKey'>, input: IdentifyInput) {
  if (input.sun) return verifySunTap(deps, input.sun);
  const card = await deps.db.card.findUnique({
    where: input.cardNumber ? { number: input.cardNumber } : { nfcUid: input.nfcUid! },
    include: { member: true },
  });
  // A UID can be cloned onto any tag: a SUN card only counts when its secure message verifies.
  if (card && input.nfcUid !== undefined && card.kind === 'NFC_SUN') throw new ServiceError('CARD_NOT_AUTHENTIC', NOT_AUTHENTIC);
  return card;
}

/**
 * Identifies the member behind a card for a POS or kiosk. Only ACTIVE cards of non-erased members
 * identify; a SUN card only through a verified, fresh SUN message; a kiosk also gets a member session
 * scoped to that member alone.
 */
export async function identifyCard(deps: ServiceDeps, terminal: IdentifyingTerminal, input: IdentifyInput): Promise<TIdentifyResponse> {
  const card = await findCard(deps, input);
  if (!card || card.member.erasedAt) throw new ServiceError('CARD_NOT_FOUND', 'No member card with this number');
  if (card.status !== 'ACTIVE') {
    throw new ServiceError('CARD_BLOCKED', `This card is ${card.status.toLowerCase()}; ask the member for their current card`);
  }
  // A plain UID read is cloneable, so it identifies but does not spend unless the program allows it.
  const lowTrustTap = input.nfcUid !== undefined && card.trust === 'LOW';
  const canRedeem = !lowTrustTap || deps.config.lowTrustCanRedeem;
  const response: TIdentifyResponse = { member: toMemberSummary(card.member, card, canRedeem) };
  if (terminal.kind === 'KIOSK') {
    const { token, expiresAt } = await deps.tokens.sign(
      { typ: 'member', sub: card.memberId, terminalId: terminal.id, cardId: card.id },
      deps.config.memberSessionMinutes * 60,
    );
    response.memberSession = { token, expiresAt: expiresAt.toISOString() };
  }
  return response;
}
