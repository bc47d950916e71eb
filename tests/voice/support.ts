// Shared setup for the customer-voice tests: the demo service desk, staff of each role, a kiosk and a till
// in their own stores, and kiosk member sessions (card tapped at that kiosk).
import { randomUUID } from 'node:crypto';

import { ApiError } from '@kulup/contracts';
import type { KulupClient } from '@kulup/contracts';

import { seedVoiceDemo } from '../../packages/server/src/services/surveys/seed-voice-demo';
import type { TestServer } from '../support/test-server';

export type VoiceFixture = {
  admin: KulupClient;
  agent: KulupClient;
  agentId: string;
  agentToken: string;
  marketer: KulupClient;
  marketerToken: string;
  kiosk: { client: KulupClient; token: string; terminalId: string; storeId: string };
  pos: { client: KulupClient; token: string; terminalId: string; storeId: string };
  teams: { ops: string; care: string };
};

export async function setupVoice(server: TestServer): Promise<VoiceFixture> {
  const admin = await server.staff('ADMIN');
  const agent = await server.staff('AGENT');
  const marketer = await server.staff('MARKETER');
  await seedVoiceDemo(server.database.prisma);
  const teams = await server.database.prisma.serviceTeam.findMany();
  return {
    admin: admin.client,
    agent: agent.client,
    agentId: agent.id,
    agentToken: agent.token,
    marketer: marketer.client,
    marketerToken: marketer.token,
    kiosk: await server.terminal('KIOSK'),
    pos: await server.terminal('POS'),
    teams: { ops: teams.find((t) => t.name === 'Mağaza Operasyon')!.id, care: teams.find((t) => t.name === 'Müşteri Hizmetleri')!.id },
  };
}

let phone = 5320000000;

/** A member with a printed card, identified at the kiosk: their member-session client. */
export async function memberAtKiosk(
  server: TestServer,
  fx: VoiceFixture,
  firstName = 'Ayşe',
  extra: { email?: string } = {},
): Promise<{ memberId: string; client: KulupClient; token: string }> {
  const member = await fx.agent.call('createMember', { body: { firstName, lastName: 'Demir', phone: `+90${++phone}`, ...extra } });
  const card = await fx.agent.call('issueCard', { params: { memberId: member.id }, body: { kind: 'PRINTED' } });
  const tap = await fx.kiosk.client.call('identifyCard', { body: { cardNumber: card.number } });
  const token = tap.memberSession!.token;
  return { memberId: member.id, client: server.client(token), token };
}

export const key = () => `test-${randomUUID()}`;

/** The error code of a call, or 'ok'. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

/** The ApiError of a call that must fail. */
export async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
