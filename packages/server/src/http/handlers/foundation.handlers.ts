import { listAudit } from '../../services/audit/list-audit';
import { blockCard } from '../../services/cards/block-card';
import { identifyCard } from '../../services/cards/identify-card';
import { issueCard } from '../../services/cards/issue-card';
import { replaceCard } from '../../services/cards/replace-card';
import { createMember } from '../../services/members/create-member';
import { eraseMember } from '../../services/members/erase-member';
import { exportMember } from '../../services/members/export-member';
import { getMember } from '../../services/members/get-member';
import { getMemberSummary } from '../../services/members/get-member-summary';
import { listMembers } from '../../services/members/list-members';
import { recordConsent } from '../../services/members/record-consent';
import { updateMember } from '../../services/members/update-member';
import { createStaff } from '../../services/staff/create-staff';
import { loginStaff } from '../../services/staff/login-staff';
import { toStaffUser } from '../../services/staff/staff.mapper';
import { createStore, toStore } from '../../services/stores/create-store';
import { createTerminal, issueEnrolmentCode, revokeTerminal } from '../../services/terminals/create-terminal';
import { enrolTerminal, issueTerminalToken, rotateTerminalSecret } from '../../services/terminals/terminal-credentials';
import { toTerminal } from '../../services/terminals/terminal.mapper';
import type { foundationRoutes } from '@kulup/contracts';

import { expectPrincipal as expect } from '../authenticate';
import type { AreaHandlers } from '../register-routes';

/** Thin HTTP handlers for the foundation routes: each calls one service with parsed input. */
export const foundationHandlers: AreaHandlers<typeof foundationRoutes> = {
  login: ({ deps, body }) => loginStaff(deps, body),
  currentStaff: async ({ deps, principal }) =>
    toStaffUser(await deps.db.staffUser.findUniqueOrThrow({ where: { id: expect(principal, 'staff').id } })),
  listStaff: async ({ deps }) => ({ items: (await deps.db.staffUser.findMany({ orderBy: { email: 'asc' } })).map(toStaffUser) }),
  createStaff: ({ deps, actor, body }) => createStaff(deps.db, actor, body),
  listStores: async ({ deps }) => ({ items: (await deps.db.store.findMany({ orderBy: { code: 'asc' } })).map(toStore) }),
  createStore: ({ deps, actor, body }) => createStore(deps.db, actor, body),
  listTerminals: async ({ deps }) => ({ items: (await deps.db.terminal.findMany({ orderBy: { createdAt: 'asc' } })).map(toTerminal) }),
  createTerminal: ({ deps, actor, body }) => createTerminal(deps, actor, body),
  issueEnrolmentCode: ({ deps, actor, params }) => issueEnrolmentCode(deps, actor, params.terminalId),
  revokeTerminal: ({ deps, actor, params }) => revokeTerminal(deps.db, actor, params.terminalId),
  enrolTerminal: ({ deps, requestId, body }) => enrolTerminal(deps, requestId, body.code),
  terminalToken: ({ deps, body }) => issueTerminalToken(deps, body),
  rotateTerminalSecret: ({ deps, actor, principal }) => rotateTerminalSecret(deps, actor, expect(principal, 'terminal').id),
  identifyCard: ({ deps, principal, body }) => {
    const terminal = expect(principal, 'terminal');
    return identifyCard(deps, { id: terminal.id, kind: terminal.terminalKind }, body);
  },
  memberSelf: ({ deps, principal }) => getMemberSummary(deps, expect(principal, 'member')),
  listMembers: ({ deps, query }) => listMembers(deps.db, query),
  createMember: ({ deps, actor, body }) => createMember(deps.db, actor, body),
  getMember: ({ deps, params }) => getMember(deps.db, params.memberId),
  updateMember: ({ deps, actor, params, body }) => updateMember(deps.db, actor, params.memberId, body),
  recordConsent: ({ deps, actor, params, body }) => recordConsent(deps.db, actor, params.memberId, body),
  exportMember: ({ deps, actor, params }) => exportMember(deps.db, actor, params.memberId),
  eraseMember: ({ deps, actor, params }) => eraseMember(deps, actor, params.memberId),
  issueCard: ({ deps, actor, params, body }) => issueCard(deps.db, actor, params.memberId, body),
  blockCard: ({ deps, actor, params, body }) => blockCard(deps.db, actor, params.cardId, body),
  replaceCard: ({ deps, actor, params, body }) => replaceCard(deps.db, actor, params.cardId, body),
  listAudit: async ({ deps, query }) => ({ items: await listAudit(deps.db, query) }),
};
