import { z } from 'zod';

import { ZAuditList, ZAuditQuery } from './audit.schema';
import { ZLoginRequest, ZLoginResponse, ZStaffCreateRequest, ZStaffList, ZStaffUser } from './auth.schema';
import { ZId } from './common.schema';
import { ADMIN, ALL_STAFF, SERVICE, staff } from './route-def';
import type { RouteDef } from './route-def';
import {
  ZCard,
  ZCardBlockRequest,
  ZCardIssueRequest,
  ZCardReplaceRequest,
  ZCardReplaceResponse,
  ZConsentRecordRequest,
  ZEraseResponse,
  ZIdentifyRequest,
  ZIdentifyResponse,
  ZMember,
  ZMemberCreateRequest,
  ZMemberExport,
  ZMemberList,
  ZMemberListQuery,
  ZMemberSummary,
  ZMemberUpdateRequest,
} from './members.schema';
import { ZStore, ZStoreCreateRequest, ZStoreList } from './stores.schema';
import {
  ZEnrolmentCode,
  ZEnrolRequest,
  ZEnrolResponse,
  ZRotateSecretResponse,
  ZTerminal,
  ZTerminalCreateRequest,
  ZTerminalCreateResponse,
  ZTerminalList,
  ZTerminalTokenRequest,
  ZTerminalTokenResponse,
} from './terminals.schema';

const ZMemberParams = z.strictObject({ memberId: ZId });
const ZCardParams = z.strictObject({ cardId: ZId });
const ZTerminalParams = z.strictObject({ terminalId: ZId });

/** Stores, terminals, staff, members, cards and audit. */
export const foundationRoutes = {
  login: {
    method: 'post', path: '/api/v1/auth/login', tag: 'Staff', summary: 'Staff login; returns a bearer token',
    auth: { kind: 'public' }, body: ZLoginRequest, response: ZLoginResponse,
  },
  currentStaff: {
    method: 'get', path: '/api/v1/auth/me', tag: 'Staff', summary: 'The logged-in staff user',
    auth: staff(ALL_STAFF), response: ZStaffUser,
  },
  listStaff: {
    method: 'get', path: '/api/v1/staff', tag: 'Staff', summary: 'List staff users',
    auth: staff(ADMIN), response: ZStaffList,
  },
  createStaff: {
    method: 'post', path: '/api/v1/staff', tag: 'Staff', summary: 'Create a staff user',
    auth: staff(ADMIN), body: ZStaffCreateRequest, response: ZStaffUser, status: 201,
  },
  listStores: {
    method: 'get', path: '/api/v1/stores', tag: 'Stores', summary: 'List stores',
    auth: staff(ALL_STAFF), response: ZStoreList,
  },
  createStore: {
    method: 'post', path: '/api/v1/stores', tag: 'Stores', summary: 'Create a store',
    auth: staff(ADMIN), body: ZStoreCreateRequest, response: ZStore, status: 201,
  },
  listTerminals: {
    method: 'get', path: '/api/v1/terminals', tag: 'Terminals', summary: 'List terminals',
    auth: staff(ADMIN), response: ZTerminalList,
  },
  createTerminal: {
    method: 'post', path: '/api/v1/terminals', tag: 'Terminals',
    summary: 'Register a POS or kiosk terminal; returns a one-time enrolment code',
    auth: staff(ADMIN), body: ZTerminalCreateRequest, response: ZTerminalCreateResponse, status: 201,
  },
  issueEnrolmentCode: {
    method: 'post', path: '/api/v1/terminals/:terminalId/enrolment-codes', tag: 'Terminals',
    summary: 'Issue a new one-time enrolment code (re-enrolment replaces the credential)',
    auth: staff(ADMIN), params: ZTerminalParams, response: ZEnrolmentCode, status: 201,
  },
  revokeTerminal: {
    method: 'post', path: '/api/v1/terminals/:terminalId/revoke', tag: 'Terminals',
    summary: 'Revoke a terminal; its tokens stop working at once',
    auth: staff(ADMIN), params: ZTerminalParams, response: ZTerminal,
  },
  enrolTerminal: {
    method: 'post', path: '/api/v1/terminal-auth/enrol', tag: 'Terminal auth',
    summary: 'Exchange a one-time enrolment code for the terminal secret',
    auth: { kind: 'public' }, body: ZEnrolRequest, response: ZEnrolResponse, status: 201,
  },
  terminalToken: {
    method: 'post', path: '/api/v1/terminal-auth/token', tag: 'Terminal auth',
    summary: 'Exchange the terminal secret for a short-lived access token',
    auth: { kind: 'public' }, body: ZTerminalTokenRequest, response: ZTerminalTokenResponse,
  },
  rotateTerminalSecret: {
    method: 'post', path: '/api/v1/terminal-auth/rotate', tag: 'Terminal auth',
    summary: 'Rotate the terminal secret; the previous one keeps working for the overlap window',
    auth: { kind: 'terminal', terminalKinds: ['POS', 'KIOSK'] }, response: ZRotateSecretResponse, status: 201,
  },
  identifyCard: {
    method: 'post', path: '/api/v1/terminal/identify', tag: 'Terminal',
    summary: 'Identify a member by card number or NFC UID; answer shaped for a POS screen',
    auth: { kind: 'terminal', terminalKinds: ['POS', 'KIOSK'] }, body: ZIdentifyRequest, response: ZIdentifyResponse,
  },
  memberSelf: {
    method: 'get', path: '/api/v1/me', tag: 'Member session',
    summary: 'The member of the current kiosk session (own record only)',
    auth: { kind: 'member' }, response: ZMemberSummary,
  },
  listMembers: {
    method: 'get', path: '/api/v1/members', tag: 'Members', summary: 'Search members by name, phone or card number',
    auth: staff(ALL_STAFF), query: ZMemberListQuery, response: ZMemberList,
  },
  createMember: {
    method: 'post', path: '/api/v1/members', tag: 'Members', summary: 'Register a member with consents',
    auth: staff(SERVICE), body: ZMemberCreateRequest, response: ZMember, status: 201,
  },
  getMember: {
    method: 'get', path: '/api/v1/members/:memberId', tag: 'Members', summary: 'A member with consents and cards',
    auth: staff(ALL_STAFF), params: ZMemberParams, response: ZMember,
  },
  updateMember: {
    method: 'patch', path: '/api/v1/members/:memberId', tag: 'Members', summary: 'Correct member data',
    auth: staff(SERVICE), params: ZMemberParams, body: ZMemberUpdateRequest, response: ZMember,
  },
  recordConsent: {
    method: 'post', path: '/api/v1/members/:memberId/consents', tag: 'Members',
    summary: 'Record a message permission or profiling consent (append-only history)',
    auth: staff(SERVICE), params: ZMemberParams, body: ZConsentRecordRequest, response: ZMember, status: 201,
  },
  exportMember: {
    method: 'get', path: '/api/v1/members/:memberId/export', tag: 'Members',
    summary: 'Everything held about a member (KVKK access request)',
    auth: staff(SERVICE), params: ZMemberParams, response: ZMemberExport,
  },
  eraseMember: {
    method: 'post', path: '/api/v1/members/:memberId/erase', tag: 'Members',
    summary: 'Erase personal data (pseudonymise); ledger totals and aggregates stay',
    auth: staff(ADMIN), params: ZMemberParams, response: ZEraseResponse,
  },
  issueCard: {
    method: 'post', path: '/api/v1/members/:memberId/cards', tag: 'Cards', summary: 'Issue a card to a member',
    auth: staff(SERVICE), params: ZMemberParams, body: ZCardIssueRequest, response: ZCard, status: 201,
  },
  blockCard: {
    method: 'post', path: '/api/v1/cards/:cardId/block', tag: 'Cards', summary: 'Block a card or report it lost',
    auth: staff(SERVICE), params: ZCardParams, body: ZCardBlockRequest, response: ZCard,
  },
  replaceCard: {
    method: 'post', path: '/api/v1/cards/:cardId/replace', tag: 'Cards',
    summary: 'Replace a card; the member keeps balance and history',
    auth: staff(SERVICE), params: ZCardParams, body: ZCardReplaceRequest, response: ZCardReplaceResponse, status: 201,
  },
  listAudit: {
    method: 'get', path: '/api/v1/audit', tag: 'Audit', summary: 'Audit log of staff and terminal actions',
    auth: staff(ADMIN), query: ZAuditQuery, response: ZAuditList,
  },
} as const satisfies Record<string, RouteDef>;
