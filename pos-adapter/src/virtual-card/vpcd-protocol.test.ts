import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VpcdDecoder, encodeVpcdFrame } from './vpcd-protocol';

describe('vpcd framing', () => {
  it('prefixes a 2-byte big-endian length', () => {
    expect(encodeVpcdFrame(Buffer.from('9000', 'hex')).toString('hex')).toBe('00029000');
    expect(encodeVpcdFrame(Buffer.alloc(300)).readUInt16BE(0)).toBe(300);
  });

  it('decodes controls and APDUs, skipping empty frames', () => {
    const decoder = new VpcdDecoder();
    expect(decoder.push(Buffer.from('000104 0001 01 0000 0005 FFCA000000'.replace(/ /g, ''), 'hex'))).toEqual([
      { kind: 'control', control: 4 },
      { kind: 'control', control: 1 },
      { kind: 'apdu', apdu: Buffer.from('FFCA000000', 'hex') },
    ]);
  });

  it('reassembles frames however TCP splits them', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
        (payloads, cuts) => {
          const stream = Buffer.concat(payloads.map((p) => encodeVpcdFrame(Buffer.from(p))));
          const decoder = new VpcdDecoder();
          const out = [];
          let pos = 0;
          for (let i = 0; pos < stream.length; i++) {
            const size = cuts[i % cuts.length]!;
            out.push(...decoder.push(stream.subarray(pos, pos + size)));
            pos += size;
          }
          expect(out.map((m) => (m.kind === 'control' ? Buffer.from([m.control]) : m.apdu))).toEqual(
            payloads.map((p) => Buffer.from(p)),
          );
        },
      ),
    );
  });
});
