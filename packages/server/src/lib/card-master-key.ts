import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const HEX_KEY = /^[0-9a-fA-F]{32}$/;

/**
 * The AES-128 master key from which every NFC card's keys are diversified. It is never stored in the
 * database: it comes from KULUP_CARD_MASTER_KEY (production: inject from a secret store or HSM-backed
 * service), else from a key file (created once, mode 0600, for the embedded demo).
 */
export async function loadCardMasterKey(options: { envKey: string | undefined; keyFile: string }): Promise<Buffer> {
  if (options.envKey !== undefined) {
    if (!HEX_KEY.test(options.envKey)) throw new Error('KULUP_CARD_MASTER_KEY must be 32 hex characters (AES-128).');
    return Buffer.from(options.envKey, 'hex');
  }
  const existing = await readFile(options.keyFile, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    const hex = existing.trim();
    if (!HEX_KEY.test(hex)) throw new Error(`${options.keyFile} does not hold a 32-hex-character key.`);
    return Buffer.from(hex, 'hex');
  }
  const key = randomBytes(16);
  await mkdir(path.dirname(options.keyFile), { recursive: true });
  try {
    await writeFile(options.keyFile, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return loadCardMasterKey(options);
  }
}
