import type { voiceRoutes } from '@kulup/contracts';

import { addBusinessHoliday, deleteBusinessHoliday, getBusinessCalendar, updateBusinessHours } from '../../services/sla/manage-business-calendar';
import { listSlaPolicies, updateSlaPolicy } from '../../services/sla/manage-sla-policies';
import { createSurvey } from '../../services/surveys/create-survey';
import { exportSurveyResults } from '../../services/surveys/export-survey-results';
import { listDueSurveys } from '../../services/surveys/list-due-surveys';
import type { SurveyAudience } from '../../services/surveys/list-due-surveys';
import { getSurvey, listSurveys } from '../../services/surveys/list-surveys';
import { setSurveyStatus } from '../../services/surveys/set-survey-status';
import { submitSurveyResponse } from '../../services/surveys/submit-survey-response';
import { surveyResults } from '../../services/surveys/survey-results';
import { updateSurvey } from '../../services/surveys/update-survey';
import { addTicketNote } from '../../services/tickets/add-ticket-note';
import { assignTicket } from '../../services/tickets/assign-ticket';
import { bulkAssignTickets } from '../../services/tickets/bulk-assign-tickets';
import { createTicket } from '../../services/tickets/create-ticket';
import { exportServiceReport } from '../../services/tickets/export-service-report';
import { exportTickets } from '../../services/tickets/export-tickets';
import { getTicket } from '../../services/tickets/get-ticket';
import { listComplaintCategories } from '../../services/tickets/list-complaint-categories';
import { listMyTickets } from '../../services/tickets/list-my-tickets';
import { listTickets } from '../../services/tickets/list-tickets';
import { createCannedAnswer, deleteCannedAnswer, listCannedAnswers, updateCannedAnswer } from '../../services/tickets/manage-canned-answers';
import { createRoutingRule, deleteRoutingRule, listRoutingRules, updateRoutingRule } from '../../services/tickets/manage-routing-rules';
import { createServiceTeam, listServiceTeams, updateServiceTeam } from '../../services/tickets/manage-service-teams';
import { createTicketCategory, listTicketCategories, updateTicketCategory } from '../../services/tickets/manage-ticket-categories';
import { receiveInboundMail } from '../../services/tickets/receive-inbound-mail';
import { replyToTicket } from '../../services/tickets/reply-to-ticket';
import { serviceReport } from '../../services/tickets/service-report';
import { submitComplaint } from '../../services/tickets/submit-complaint';
import { transitionTicket } from '../../services/tickets/transition-ticket';
import { uploadTicketAttachment } from '../../services/tickets/upload-ticket-attachment';
import { expectPrincipal as expect } from '../authenticate';
import type { Principal } from '../authenticate';
import type { AreaHandlers } from '../register-routes';
import { ServiceError } from '../service-error';

/** A kiosk terminal alone (anonymous) or a member session on its kiosk. */
function audienceOf(principal: Principal): SurveyAudience {
  if (principal.kind === 'terminal') return { terminalId: principal.id, memberId: null };
  if (principal.kind === 'member') return { terminalId: principal.terminalId, memberId: principal.memberId };
  throw new ServiceError('FORBIDDEN', 'This route is for kiosk terminals and member sessions');
}

/** Thin HTTP handlers for surveys, complaints and tickets, SLAs and the service report. */
export const voiceHandlers: AreaHandlers<typeof voiceRoutes> = {
  listDueSurveys: ({ deps, principal }) => listDueSurveys(deps.db, audienceOf(principal)),
  submitSurveyResponse: async ({ deps, principal, params, body, idempotency, markReplayed }) => {
    const { body: created, replayed } = await submitSurveyResponse(deps.db, idempotency!, audienceOf(principal), params.surveyId, body);
    if (replayed) markReplayed();
    return created;
  },
  listComplaintCategories: ({ deps }) => listComplaintCategories(deps.db),
  submitComplaint: async ({ deps, actor, principal, body, idempotency, markReplayed }) => {
    const { terminalId, memberId } = audienceOf(principal);
    const { body: created, replayed } = await submitComplaint(deps.db, actor, idempotency!, { channel: 'KIOSK', terminalId, memberId }, body);
    if (replayed) markReplayed();
    return created;
  },
  myTickets: ({ deps, principal }) => listMyTickets(deps.db, expect(principal, 'member').memberId),
  createPosTicket: async ({ deps, actor, principal, body, idempotency, markReplayed }) => {
    const terminal = expect(principal, 'terminal');
    const { body: created, replayed } = await submitComplaint(deps.db, actor, idempotency!, { channel: 'POS', terminalId: terminal.id, memberId: null }, body);
    if (replayed) markReplayed();
    return created;
  },

  createTicket: ({ deps, actor, body }) => createTicket(deps.db, actor, body),
  listTickets: ({ deps, principal, query }) => listTickets(deps.db, expect(principal, 'staff').id, query),
  exportTickets: ({ deps, actor, principal, query }) => exportTickets(deps.db, actor, expect(principal, 'staff').id, query),
  receiveInboundMail: ({ deps, actor, query, upload }) => receiveInboundMail(deps, actor, upload.bytes, query.category),
  getTicket: ({ deps, params }) => getTicket(deps.db, params.ticketId),
  transitionTicket: ({ deps, actor, params, body }) => transitionTicket(deps.db, actor, params.ticketId, body),
  assignTicket: ({ deps, actor, params, body }) => assignTicket(deps.db, actor, params.ticketId, body),
  bulkAssignTickets: ({ deps, actor, body }) => bulkAssignTickets(deps.db, actor, body),
  addTicketNote: ({ deps, actor, params, body }) => addTicketNote(deps.db, actor, params.ticketId, body.text),
  replyToTicket: ({ deps, actor, params, body }) => replyToTicket(deps.db, actor, params.ticketId, body),
  uploadTicketAttachment: ({ deps, actor, params, query, upload }) => uploadTicketAttachment(deps, actor, params.ticketId, query.filename, upload),

  listCannedAnswers: ({ deps, query }) => listCannedAnswers(deps.db, query),
  createCannedAnswer: ({ deps, actor, body }) => createCannedAnswer(deps.db, actor, body),
  updateCannedAnswer: ({ deps, actor, params, body }) => updateCannedAnswer(deps.db, actor, params.id, body),
  deleteCannedAnswer: ({ deps, actor, params }) => deleteCannedAnswer(deps.db, actor, params.id),

  listTicketCategories: ({ deps }) => listTicketCategories(deps.db),
  createTicketCategory: ({ deps, actor, body }) => createTicketCategory(deps.db, actor, body),
  updateTicketCategory: ({ deps, actor, params, body }) => updateTicketCategory(deps.db, actor, params.id, body),
  listServiceTeams: ({ deps }) => listServiceTeams(deps.db),
  createServiceTeam: ({ deps, actor, body }) => createServiceTeam(deps.db, actor, body),
  updateServiceTeam: ({ deps, actor, params, body }) => updateServiceTeam(deps.db, actor, params.id, body),
  listRoutingRules: ({ deps }) => listRoutingRules(deps.db),
  createRoutingRule: ({ deps, actor, body }) => createRoutingRule(deps.db, actor, body),
  updateRoutingRule: ({ deps, actor, params, body }) => updateRoutingRule(deps.db, actor, params.id, body),
  deleteRoutingRule: ({ deps, actor, params }) => deleteRoutingRule(deps.db, actor, params.id),
  listSlaPolicies: ({ deps }) => listSlaPolicies(deps.db),
  updateSlaPolicy: ({ deps, actor, params, body }) => updateSlaPolicy(deps.db, actor, params.priority, body),
  getBusinessCalendar: ({ deps }) => getBusinessCalendar(deps.db),
  updateBusinessHours: ({ deps, actor, body }) => updateBusinessHours(deps.db, actor, body.week),
  addBusinessHoliday: ({ deps, actor, body }) => addBusinessHoliday(deps.db, actor, body),
  deleteBusinessHoliday: ({ deps, actor, params }) => deleteBusinessHoliday(deps.db, actor, params.date),

  listSurveys: ({ deps, query }) => listSurveys(deps.db, query),
  getSurvey: ({ deps, params }) => getSurvey(deps.db, params.surveyId),
  createSurvey: ({ deps, actor, body }) => createSurvey(deps.db, actor, body),
  updateSurvey: ({ deps, actor, params, body }) => updateSurvey(deps.db, actor, params.surveyId, body),
  setSurveyStatus: ({ deps, actor, params, body }) => setSurveyStatus(deps.db, actor, params.surveyId, body.status),
  surveyResults: ({ deps, params, query }) => surveyResults(deps.db, params.surveyId, query),
  exportSurveyResults: ({ deps, actor, params, query }) => exportSurveyResults(deps.db, actor, params.surveyId, query),

  serviceReport: ({ deps, query }) => serviceReport(deps.db, query),
  exportServiceReport: ({ deps, query }) => exportServiceReport(deps.db, query),
};
