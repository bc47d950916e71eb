import type { TContactChannel } from '@kulup/contracts';

import type { Consent, Member, Ticket } from '../../generated/prisma/client';
import { currentConsents } from '../members/member.mapper';

const CHANNELS: readonly TContactChannel[] = ['SMS', 'CALL', 'EMAIL'];

export type ReplyChannelCheck = { channel: TContactChannel; allowed: boolean; reason: string | null; address: string | null };

/**
 * Whether the customer may be contacted through a channel about this ticket: they gave permission with the
 * ticket, or a message permission (Consent) for that channel is in force — and we hold an address for it.
 */
export function checkReplyChannels(
  ticket: Pick<Ticket, 'contactChannel' | 'contactPhone' | 'contactEmail'>,
  member: (Pick<Member, 'phone' | 'email' | 'erasedAt'> & { consents: Consent[] }) | null,
): ReplyChannelCheck[] {
  const granted = new Set(member && !member.erasedAt ? currentConsents(member.consents).filter((c) => c.status === 'GRANTED').map((c) => c.kind) : []);
  return CHANNELS.map((channel) => {
    const permitted = ticket.contactChannel === channel || granted.has(channel);
    const address =
      member?.erasedAt ? null : channel === 'EMAIL' ? (member?.email ?? ticket.contactEmail) : (member?.phone ?? ticket.contactPhone);
    if (!permitted) return { channel, allowed: false, reason: `The customer has not allowed contact by ${channel}`, address };
    if (!address) return { channel, allowed: false, reason: `There is no ${channel === 'EMAIL' ? 'e-mail address' : 'phone number'} to reach the customer`, address };
    return { channel, allowed: true, reason: null, address };
  });
}
