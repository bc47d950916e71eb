import type { Config } from '../config';
import type { Db } from '../db/database';
import { seedVoiceDemo } from '../services/surveys/seed-voice-demo';
import { seedDemo } from './seed-demo';
import type { DemoCredentials } from './seed-demo';
import { seedCampaignsDemo } from './seed-campaigns-demo';
import { DEMO_PIN, seedKioskDemo } from './seed-kiosk-demo';
import { seedSegmentsDemo } from './seed-segments-demo';

/** Seeds the whole demo (chain, members, points program, kiosk content, service desk, segments, campaigns) into an empty database. */
export async function seedAllDemo(db: Db, config: Config): Promise<DemoCredentials | null> {
  const credentials = await seedDemo(db, config);
  if (!credentials) return null;
  await seedKioskDemo(db, { filesDir: config.filesDir });
  await seedVoiceDemo(db);
  await seedSegmentsDemo(db);
  await seedCampaignsDemo(db);
  return { ...credentials, kioskPin: DEMO_PIN };
}
