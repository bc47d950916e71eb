import { ApiError } from '@kulup/contracts';
import type { KulupClient } from '@kulup/contracts';
import { expect } from 'vitest';

/** The ApiError a call was rejected with (fails the test when it succeeded). */
export async function rejected(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

let phone = 5_300_000_000;

/** Registers a member with one printed card; returns ids and the card number. */
export async function memberWithCard(agent: KulupClient, firstName = 'Ayşe') {
  const member = await agent.call('createMember', { body: { firstName, lastName: 'Yılmaz', phone: `+90${++phone}` } });
  const card = await agent.call('issueCard', { params: { memberId: member.id }, body: { kind: 'PRINTED' } });
  return { memberId: member.id, cardId: card.id, cardNumber: card.number };
}

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer) => {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A valid 1×1 PNG, optionally padded with an extra ancillary chunk to reach a given size. */
export function tinyPng(padTo = 0): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  const idat = Buffer.from('789c63f8cfc0000003010100c9fe92ef', 'hex');
  const parts = [Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr), chunk('IDAT', idat)];
  const base = parts.reduce((n, p) => n + p.length, 0) + 12;
  if (padTo > base + 12) parts.push(chunk('tEXt', Buffer.alloc(padTo - base - 12, 0x61)));
  parts.push(chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}
