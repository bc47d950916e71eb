import { describe, expect, it } from 'vitest';

import { deriveCardKeys } from './key-diversification';
import { buildSunMessage, parseSunUrl, verifySun } from './sun';
import { buildSunNdefTemplate, personaliseSunCard } from './sun-personalisation';

const master = Buffer.from('00112233445566778899aabbccddeeff', 'hex');

describe('SUN card personalisation', () => {
  it('builds an NDEF URI record whose placeholders sit at the SDM offsets', () => {
    const t = buildSunNdefTemplate('https://kulup.example/t');
    expect(t.ndefFile.readUInt16BE(0)).toBe(t.ndefFile.length - 2);
    expect(t.ndefFile.subarray(2, 6)).toEqual(Buffer.from([0xd1, 0x01, t.ndefFile.length - 6, 0x55]));
    expect(t.ndefFile.subarray(t.offsets.piccDataOffset, t.offsets.piccDataOffset + 32).toString()).toBe('0'.repeat(32));
    expect(t.ndefFile.subarray(t.offsets.sdmMacOffset, t.offsets.sdmMacOffset + 16).toString()).toBe('0'.repeat(16));
    expect(t.offsets.sdmMacInputOffset).toBe(t.offsets.sdmMacOffset);
  });

  it('produces a card whose mirrored SUN URL verifies with the server-side keys', () => {
    const uid = '04A1B2C3D4E5F6';
    const template = buildSunNdefTemplate('https://kulup.example/t');
    const card = personaliseSunCard(master, uid, template);
    expect(card.keys.sdmFileRead).toBe(deriveCardKeys(master, uid).kFile.toString('hex').toUpperCase());
    expect(new Set(Object.values(card.keys)).size).toBe(3);
    // What the chip does on a tap: write the SUN message into the placeholders.
    const file = Buffer.from(card.ndefFile, 'hex');
    const msg = buildSunMessage({ uid, counter: 42, kMeta: Buffer.from(card.keys.sdmMetaRead, 'hex'), kFile: Buffer.from(card.keys.sdmFileRead, 'hex') });
    file.write(msg.piccData, card.offsets.piccDataOffset, 'latin1');
    file.write(msg.cmac, card.offsets.sdmMacOffset, 'latin1');
    const url = `https://${file.subarray(7).toString('latin1')}`;
    const parsed = parseSunUrl(url)!;
    const keys = deriveCardKeys(master, uid);
    expect(verifySun({ ...parsed, kMeta: keys.kMeta, kFile: keys.kFile })).toEqual({ ok: true, uid, counter: 42 });
  });

  it('refuses non-https base URLs', () => {
    expect(() => buildSunNdefTemplate('http://kulup.example/t')).toThrow(RangeError);
  });
});
