import { z } from 'zod';

import { ZId } from './common.schema';
import {
  ZEarningRule,
  ZEarningRuleCreateRequest,
  ZEarningRuleList,
  ZEarningRuleUpdateRequest,
} from './earning-rules.schema';
import { ZHold, ZHoldParams, ZHoldRequest } from './holds.schema';
import { ZProgramSettings } from './program.schema';
import {
  ZReceiptBooked,
  ZReceiptDetail,
  ZReceiptParams,
  ZReceiptRequest,
  ZReceiptSimulation,
} from './receipts.schema';
import { ADMIN, ALL_STAFF, MARKETING, staff } from './route-def';
import type { RouteAuth, RouteDef } from './route-def';
import { ZTierLadder, ZTierLadderRequest } from './tiers.schema';

const POS: RouteAuth = { kind: 'terminal', terminalKinds: ['POS'] };
const ZRuleParams = z.strictObject({ ruleId: ZId });

/** Receipts from POS terminals, redemption holds, earning rules, tiers and program settings. */
export const pointsRoutes = {
  bookReceipt: {
    method: 'post', path: '/api/v1/terminal/receipts', tag: 'Terminal',
    summary: 'Book a receipt once per Idempotency-Key: capture the points hold, earn points by the active rules, evaluate the tier',
    auth: POS, body: ZReceiptRequest, response: ZReceiptBooked, status: 201, idempotent: true,
  },
  simulateReceipt: {
    method: 'post', path: '/api/v1/terminal/receipts/simulate', tag: 'Terminal',
    summary: 'Preview the points a receipt would earn and the most points the member could spend; writes nothing',
    auth: POS, body: ZReceiptRequest, response: ZReceiptSimulation,
  },
  getReceipt: {
    method: 'get', path: '/api/v1/receipts/:receiptId', tag: 'Receipts',
    summary: 'A booked receipt with lines, payments, points per line and the per-rule breakdown',
    auth: staff(ALL_STAFF), params: ZReceiptParams, response: ZReceiptDetail,
  },
  createHold: {
    method: 'post', path: '/api/v1/terminal/holds', tag: 'Terminal',
    summary: 'Reserve points for a sale (quote); capture with the receipt, release on void, expires after holdTtlMinutes',
    auth: POS, body: ZHoldRequest, response: ZHold, status: 201, idempotent: true,
  },
  releaseHold: {
    method: 'post', path: '/api/v1/terminal/holds/:holdId/release', tag: 'Terminal',
    summary: 'Release an open hold; its points become spendable again',
    auth: POS, params: ZHoldParams, response: ZHold, idempotent: true,
  },
  listEarningRules: {
    method: 'get', path: '/api/v1/earning-rules', tag: 'Earning rules', summary: 'All earning rules, active and inactive',
    auth: staff(MARKETING), response: ZEarningRuleList,
  },
  createEarningRule: {
    method: 'post', path: '/api/v1/earning-rules', tag: 'Earning rules', summary: 'Create an earning rule',
    auth: staff(MARKETING), body: ZEarningRuleCreateRequest, response: ZEarningRule, status: 201,
  },
  updateEarningRule: {
    method: 'patch', path: '/api/v1/earning-rules/:ruleId', tag: 'Earning rules',
    summary: 'Change an earning rule (set active: false to retire it)',
    auth: staff(MARKETING), params: ZRuleParams, body: ZEarningRuleUpdateRequest, response: ZEarningRule,
  },
  listTiers: {
    method: 'get', path: '/api/v1/tiers', tag: 'Tiers', summary: 'The tier ladder, lowest rank first',
    auth: staff(ALL_STAFF), response: ZTierLadder,
  },
  replaceTiers: {
    method: 'put', path: '/api/v1/tiers', tag: 'Tiers',
    summary: 'Replace the tier ladder; members are re-placed at their next evaluation',
    auth: staff(ADMIN), body: ZTierLadderRequest, response: ZTierLadder,
  },
  getProgramSettings: {
    method: 'get', path: '/api/v1/program-settings', tag: 'Program', summary: 'Points program settings in force',
    auth: staff(ADMIN), response: ZProgramSettings,
  },
  replaceProgramSettings: {
    method: 'put', path: '/api/v1/program-settings', tag: 'Program',
    summary: 'Replace the points program settings (omitted fields take their documented defaults)',
    auth: staff(ADMIN), body: ZProgramSettings, response: ZProgramSettings,
  },
} as const satisfies Record<string, RouteDef>;
