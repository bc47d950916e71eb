import path from 'node:path';

import { refreshMemberMetrics } from '../analytics/refresh-member-metrics';
import { loadConfig } from '../../config';
import { deliverCampaignMessages } from '../campaigns/deliver-campaign-messages';
import { generateCampaignOffers } from '../campaigns/generate-campaign-offers';
import { createFileMessageSender } from '../campaigns/message-sender';
import { runCampaignSchedule } from '../campaigns/run-campaign-schedule';
import { expirePoints } from '../expiry/expire-points';
import { warnExpiringPoints } from '../expiry/expiring-soon';
import { releaseExpiredHolds } from '../holds/release-expired-holds';
import { refreshAllSegments } from '../segments/refresh-segments';
import { escalateBreaches } from '../sla/escalate-breaches';
import { evaluateAllTiers } from '../tiers/evaluate-all-tiers';
import { deliverWebhooks } from '../webhooks/deliver-webhooks';
import { systemActor } from '../context';
import type { JobDefinition, JobSchedule } from './job-types';
import { purgeIdempotencyRecords } from './purge-idempotency-records';
import { BUSINESS_TIME_ZONE } from './zoned-time';

const MINUTE = 60_000;
const NIGHTLY: JobSchedule = { kind: 'daily', hour: 3, minute: 0, timeZone: BUSINESS_TIME_ZONE };

/**
 * The server's jobs. Jobs with the same schedule run one after another in this order, so the nightly run
 * expires points before it evaluates tiers and before it warns about the next expiries.
 */
export const JOBS: readonly JobDefinition[] = [
  {
    name: 'release-expired-holds',
    schedule: { kind: 'every', ms: MINUTE },
    timeoutMs: 5 * MINUTE,
    run: ({ db, at }) => releaseExpiredHolds(db, { at }),
  },
  {
    name: 'escalate-sla-breaches',
    schedule: { kind: 'every', ms: MINUTE },
    timeoutMs: 5 * MINUTE,
    run: ({ db, at }) => escalateBreaches(db, at),
  },
  {
    name: 'campaign-schedule',
    schedule: { kind: 'every', ms: MINUTE },
    timeoutMs: 5 * MINUTE,
    run: ({ db, at }) => runCampaignSchedule(db, at),
  },
  {
    name: 'deliver-campaign-messages',
    schedule: { kind: 'every', ms: MINUTE },
    timeoutMs: 10 * MINUTE,
    // The default sender writes to <KULUP_FILES_DIR>/messages; a provider adapter replaces it (docs/campaigns.md).
    run: ({ db }) => deliverCampaignMessages(db, createFileMessageSender(path.join(loadConfig().filesDir, 'messages'))),
  },
  {
    name: 'deliver-webhooks',
    schedule: { kind: 'every', ms: 10_000 },
    timeoutMs: 5 * MINUTE,
    run: ({ db, at }) => deliverWebhooks(db, at),
  },
  {
    name: 'expire-points',
    schedule: NIGHTLY,
    timeoutMs: 6 * 60 * MINUTE,
    // PGlite runs one transaction at a time; on PostgreSQL members are independent, so a few run in parallel.
    run: ({ db, kind, at }) => expirePoints(db, at, { concurrency: kind === 'postgres' ? 4 : 1 }),
  },
  {
    name: 'evaluate-tiers',
    schedule: NIGHTLY,
    timeoutMs: 6 * 60 * MINUTE,
    run: ({ db, at }) => evaluateAllTiers(db, { at }),
  },
  {
    name: 'warn-expiring-points',
    schedule: NIGHTLY,
    timeoutMs: 60 * MINUTE,
    run: ({ db, at }) => warnExpiringPoints(db, at),
  },
  {
    name: 'purge-idempotency-records',
    schedule: NIGHTLY,
    timeoutMs: 60 * MINUTE,
    run: ({ db, at }) => purgeIdempotencyRecords(db, at),
  },
  {
    // After tier evaluation, so segments see tonight's tiers; before refresh-segments, which reads the snapshot.
    name: 'refresh-analytics',
    schedule: NIGHTLY,
    timeoutMs: 60 * MINUTE,
    run: ({ db, at }) => refreshMemberMetrics(db, systemActor, at),
  },
  {
    name: 'refresh-segments',
    schedule: NIGHTLY,
    timeoutMs: 6 * 60 * MINUTE,
    run: ({ db, at }) => refreshAllSegments(db, at),
  },
  {
    // After refresh-segments: audiences are the segments' materialised membership (docs/campaigns.md).
    name: 'generate-campaign-offers',
    schedule: NIGHTLY,
    timeoutMs: 6 * 60 * MINUTE,
    run: ({ db, at }) => generateCampaignOffers(db, systemActor, { now: at }),
  },
];
