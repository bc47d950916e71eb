import { describe, expect, it } from 'vitest';

import { MESSAGE_FREQUENCY_CAP, OPT_OUT_FOOTER, isPersonalTemplate, messageSkipReason, renderMessage } from './messages';

describe('campaign messages', () => {
  it('greets by first name and always carries the opt-out line', () => {
    const text = renderMessage('Merhaba {{firstName}}, {{firstName}} için 2x puan!', { firstName: ' Ayşe ' }, 'SMS');
    expect(text.startsWith('Merhaba Ayşe, Ayşe için 2x puan!')).toBe(true);
    expect(text.endsWith(OPT_OUT_FOOTER.SMS)).toBe(true);
    expect(isPersonalTemplate('Herkese indirim')).toBe(false);
  });

  it('needs consent, an address, and room under the frequency cap', () => {
    const ok = { consent: 'GRANTED' as const, hasAddress: true, erased: false, recentMessages: 0 };
    expect(messageSkipReason(ok)).toBeNull();
    expect(messageSkipReason({ ...ok, consent: null })).toBe('no_consent');
    expect(messageSkipReason({ ...ok, consent: 'REFUSED' })).toBe('no_consent');
    expect(messageSkipReason({ ...ok, hasAddress: false })).toBe('no_address');
    expect(messageSkipReason({ ...ok, recentMessages: MESSAGE_FREQUENCY_CAP.messages })).toBe('frequency_cap');
    expect(messageSkipReason({ ...ok, erased: true })).toBe('erased');
  });
});
