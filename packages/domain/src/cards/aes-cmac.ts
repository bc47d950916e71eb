import { createCipheriv, createDecipheriv } from 'node:crypto';

/** AES block and AES-128 key size in bytes. */
export const AES_BLOCK_BYTES = 16;

const ZERO_BLOCK = Buffer.alloc(AES_BLOCK_BYTES);
// R_b for a 128-bit block cipher (RFC 4493 §2.3, NIST SP 800-38B).
const RB = 0x87;

/** Throws a RangeError unless `key` is a 16-byte AES-128 key. */
export function assertAes128Key(key: Buffer, name = 'key'): void {
  if (!Buffer.isBuffer(key) || key.length !== AES_BLOCK_BYTES) {
    throw new RangeError(`${name} must be a 16-byte AES-128 key`);
  }
}

function assertWholeBlocks(data: Buffer, name: string): void {
  if (data.length % AES_BLOCK_BYTES !== 0) {
    throw new RangeError(`${name} must be a whole number of 16-byte blocks`);
  }
}

/** AES-128-CBC encryption of whole blocks without padding (IV defaults to zero, as NTAG 424 uses). */
export function aes128CbcEncrypt(key: Buffer, data: Buffer, iv: Buffer = ZERO_BLOCK): Buffer {
  assertAes128Key(key);
  assertWholeBlocks(data, 'data');
  const cipher = createCipheriv('aes-128-cbc', key, iv);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** AES-128-CBC decryption of whole blocks without padding (IV defaults to zero, as NTAG 424 uses). */
export function aes128CbcDecrypt(key: Buffer, data: Buffer, iv: Buffer = ZERO_BLOCK): Buffer {
  assertAes128Key(key);
  assertWholeBlocks(data, 'data');
  const decipher = createDecipheriv('aes-128-cbc', key, iv);
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(data), decipher.final()]);
}

// Multiplication by x in GF(2^128): shift left one bit, fold the carry back in with R_b.
function doubleBlock(block: Buffer): Buffer {
  const out = Buffer.alloc(AES_BLOCK_BYTES);
  for (let i = 0; i < AES_BLOCK_BYTES; i++) {
    const next = i + 1 < AES_BLOCK_BYTES ? block[i + 1]! : 0;
    out[i] = ((block[i]! << 1) | (next >>> 7)) & 0xff;
  }
  if (block[0]! & 0x80) out[AES_BLOCK_BYTES - 1]! ^= RB;
  return out;
}

/** CMAC subkeys K1 and K2 for an AES-128 key (RFC 4493 §2.3). */
export function cmacSubkeys(key: Buffer): { k1: Buffer; k2: Buffer } {
  const l = aes128CbcEncrypt(key, ZERO_BLOCK);
  const k1 = doubleBlock(l);
  return { k1, k2: doubleBlock(k1) };
}

/** Pads with 0x80 then zeros up to `length` bytes (ISO/IEC 9797-1 padding method 2, as CMAC and AN10922 use). */
export function padIso9797M2(data: Buffer, length: number): Buffer {
  if (length <= data.length) throw new RangeError('padding target must exceed the data length');
  const out = Buffer.alloc(length);
  data.copy(out);
  out[data.length] = 0x80;
  return out;
}

/** The CMAC core: CBC-MAC with zero IV over whole blocks whose last block is first XORed with `subkey`. */
export function cmacOverBlocks(key: Buffer, blocks: Buffer, subkey: Buffer): Buffer {
  assertWholeBlocks(blocks, 'blocks');
  if (blocks.length === 0) throw new RangeError('blocks must not be empty');
  const input = Buffer.from(blocks);
  const last = input.length - AES_BLOCK_BYTES;
  for (let i = 0; i < AES_BLOCK_BYTES; i++) input[last + i]! ^= subkey[i]!;
  return aes128CbcEncrypt(key, input).subarray(-AES_BLOCK_BYTES);
}

/** AES-128-CMAC of `message` (RFC 4493), a full 16-byte tag. */
export function aesCmac(key: Buffer, message: Buffer): Buffer {
  const { k1, k2 } = cmacSubkeys(key);
  const complete = message.length > 0 && message.length % AES_BLOCK_BYTES === 0;
  if (complete) return cmacOverBlocks(key, message, k1);
  const paddedLength = (Math.floor(message.length / AES_BLOCK_BYTES) + 1) * AES_BLOCK_BYTES;
  return cmacOverBlocks(key, padIso9797M2(message, paddedLength), k2);
}
