import { buildSunNdefTemplate, personaliseSunCard } from '@kulup/domain';
import { describe, expect, it } from 'vitest';

import { runCli } from '../support/cli';

describe('kulup cards personalise', () => {
  const key = '8899aabbccddeeff0011223344556677';

  it('prints keys and NDEF settings for each UID, diversified from the configured master key', async () => {
    const result = await runCli(['cards', 'personalise', '--base-url', 'https://kulup.example/t', '04A1B2C3D4E5F6', '04a1b2c3d4e5f7'], {
      KULUP_CARD_MASTER_KEY: key,
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as { uid: string });
    const template = buildSunNdefTemplate('https://kulup.example/t');
    expect(lines).toEqual([
      personaliseSunCard(Buffer.from(key, 'hex'), '04A1B2C3D4E5F6', template),
      personaliseSunCard(Buffer.from(key, 'hex'), '04A1B2C3D4E5F7', template),
    ]);
  });

  it('refuses UIDs that are not 7 bytes and a missing base URL', async () => {
    const badUid = await runCli(['cards', 'personalise', '--base-url', 'https://kulup.example/t', '04A1B2'], { KULUP_CARD_MASTER_KEY: key });
    expect([badUid.code, badUid.stderr.trim()]).toEqual([1, 'Not 7-byte NTAG 424 UIDs: 04A1B2']);
    const noUrl = await runCli(['cards', 'personalise', '04A1B2C3D4E5F6'], { KULUP_CARD_MASTER_KEY: key });
    expect(noUrl.code).toBe(1);
    expect(noUrl.stderr).toContain('--base-url');
  });
});
