// Campaign messages (SMS, e-mail). Commercial messages need the member's permission for the channel (ETK/IYS,
// COMPLIANCE.md), carry the member's first name (never a blanket message) and a free opt-out in every
// message, and are capped per member and channel.

export type MessageChannel = 'SMS' | 'EMAIL';

export const FIRST_NAME_PLACEHOLDER = '{{firstName}}';

/** At most this many campaign messages per member and channel in a rolling window of `days`. */
export const MESSAGE_FREQUENCY_CAP = { messages: 2, days: 7 } as const;

/** The opt-out line appended to every message (free, easy; stops sending within 3 business days). */
export const OPT_OUT_FOOTER: Readonly<Record<MessageChannel, string>> = {
  SMS: 'Ret için RET yazıp 4646\'ya ücretsiz gönderin. Mersis: 0000000000000000',
  EMAIL: 'Bu iletileri artık almak istemiyorsanız iletideki bağlantıdan veya mağazadaki kiosktan ücretsiz olarak izninizi geri alabilirsiniz.',
};

/** True when the template greets the member by first name. */
export function isPersonalTemplate(template: string): boolean {
  return template.includes(FIRST_NAME_PLACEHOLDER);
}

/** The member's message: the template with their first name, then the channel's opt-out line. */
export function renderMessage(template: string, member: { firstName: string }, channel: MessageChannel): string {
  return `${template.split(FIRST_NAME_PLACEHOLDER).join(member.firstName.trim())}\n\n${OPT_OUT_FOOTER[channel]}`;
}

/** Why a member gets no message now, or null when one may be queued. */
export type MessageSkipReason = 'no_consent' | 'no_address' | 'frequency_cap' | 'erased';

export function messageSkipReason(input: {
  consent: 'GRANTED' | 'REFUSED' | null;
  hasAddress: boolean;
  erased: boolean;
  /** Campaign messages queued or sent to the member on this channel within the cap window. */
  recentMessages: number;
}): MessageSkipReason | null {
  if (input.erased) return 'erased';
  if (input.consent !== 'GRANTED') return 'no_consent';
  if (!input.hasAddress) return 'no_address';
  if (input.recentMessages >= MESSAGE_FREQUENCY_CAP.messages) return 'frequency_cap';
  return null;
}
