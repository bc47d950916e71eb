import { z } from 'zod';

import { ZId, ZIsoDate, ZOk } from './common.schema';
import { EXPORT_CONTENT_TYPES, ZFileDownload } from './exports.schema';
import { ADMIN, ALL_STAFF, MARKETING, SERVICE, staff } from './route-def';
import type { RouteAuth, RouteDef } from './route-def';
import {
  ZKioskSurveyList,
  ZSurvey,
  ZSurveyCreateRequest,
  ZSurveyList,
  ZSurveyListQuery,
  ZSurveyResponseCreated,
  ZSurveyResponseRequest,
  ZSurveyResults,
  ZSurveyResultsExportQuery,
  ZSurveyResultsQuery,
  ZSurveyStatusRequest,
  ZSurveyUpdateRequest,
} from './surveys.schema';
import {
  INBOUND_MAIL_LIMITS,
  TICKET_ATTACHMENT_LIMITS,
  ZAttachmentUploadQuery,
  ZBusinessCalendar,
  ZBusinessHolidayRequest,
  ZBusinessHoursRequest,
  ZCannedAnswer,
  ZCannedAnswerCreateRequest,
  ZCannedAnswerList,
  ZCannedAnswerListQuery,
  ZCannedAnswerUpdateRequest,
  ZComplaintCategoryList,
  ZComplaintCreated,
  ZComplaintRequest,
  ZInboundMailQuery,
  ZInboundMailResult,
  ZMyTicketList,
  ZPosTicketRequest,
  ZRoutingRule,
  ZRoutingRuleCreateRequest,
  ZRoutingRuleList,
  ZRoutingRuleUpdateRequest,
  ZServiceReport,
  ZServiceReportExportQuery,
  ZServiceReportQuery,
  ZServiceTeam,
  ZServiceTeamCreateRequest,
  ZServiceTeamList,
  ZServiceTeamUpdateRequest,
  ZSlaPolicy,
  ZSlaPolicyList,
  ZSlaPolicyUpdateRequest,
  ZTicketAssignRequest,
  ZTicketAttachment,
  ZTicketBulkAssignRequest,
  ZTicketBulkAssignResponse,
  ZTicketCategory,
  ZTicketCategoryCreateRequest,
  ZTicketCategoryList,
  ZTicketCategoryUpdateRequest,
  ZTicketCreateRequest,
  ZTicketDetail,
  ZTicketExportQuery,
  ZTicketList,
  ZTicketListQuery,
  ZTicketNoteRequest,
  ZTicketPriority,
  ZTicketReplyRequest,
  ZTicketTransitionRequest,
} from './tickets.schema';

/** A kiosk terminal on its own (anonymous) or with a member session. */
const KIOSK_OR_MEMBER: RouteAuth = { kind: 'terminal-or-member', terminalKinds: ['KIOSK'] };
const POS: RouteAuth = { kind: 'terminal', terminalKinds: ['POS'] };

const ZSurveyParams = z.strictObject({ surveyId: ZId });
const ZTicketParams = z.strictObject({ ticketId: ZId });
const ZIdParams = z.strictObject({ id: ZId });
const ZPriorityParams = z.strictObject({ priority: ZTicketPriority });
const ZDateParams = z.strictObject({ date: ZIsoDate });
/** Export routes answer a CSV or XLSX file. */
const EXPORT_FILE = { contentTypes: Object.values(EXPORT_CONTENT_TYPES) } as const;

/** Customer voice: kiosk surveys and complaints, the agent queue with SLAs, survey management and results. */
export const voiceRoutes = {
  // ---- Kiosk and member session
  listDueSurveys: {
    method: 'get', path: '/api/v1/kiosk/surveys', tag: 'Kiosk',
    summary: 'Surveys to offer now: anonymous ones, plus those due for the session member (incl. ticket follow-ups)',
    auth: KIOSK_OR_MEMBER, response: ZKioskSurveyList,
  },
  submitSurveyResponse: {
    method: 'post', path: '/api/v1/kiosk/surveys/:surveyId/responses', tag: 'Kiosk',
    summary: 'Answer a survey; one response per member per survey per period (409 otherwise)',
    auth: KIOSK_OR_MEMBER, params: ZSurveyParams, body: ZSurveyResponseRequest, response: ZSurveyResponseCreated, status: 201,
    idempotent: true,
  },
  listComplaintCategories: {
    method: 'get', path: '/api/v1/kiosk/complaint-categories', tag: 'Kiosk',
    summary: 'Complaint and wish categories, in display order',
    auth: { kind: 'terminal-or-member', terminalKinds: ['KIOSK', 'POS'] }, response: ZComplaintCategoryList,
  },
  submitComplaint: {
    method: 'post', path: '/api/v1/kiosk/complaints', tag: 'Kiosk',
    summary: "File a complaint or wish at the kiosk; the store is the kiosk's, the member the session's",
    auth: KIOSK_OR_MEMBER, body: ZComplaintRequest, response: ZComplaintCreated, status: 201, idempotent: true,
  },
  myTickets: {
    method: 'get', path: '/api/v1/me/tickets', tag: 'Member session',
    summary: "The session member's own tickets: number, status and dates",
    auth: { kind: 'member' }, response: ZMyTicketList,
  },
  createPosTicket: {
    method: 'post', path: '/api/v1/pos/tickets', tag: 'Tickets',
    summary: 'File a complaint or wish at the till (optionally for the member identified there)',
    auth: POS, body: ZPosTicketRequest, response: ZComplaintCreated, status: 201, idempotent: true,
  },

  // ---- Agent console: tickets
  createTicket: {
    method: 'post', path: '/api/v1/tickets', tag: 'Tickets',
    summary: 'Open a ticket on behalf of a caller or from an e-mail',
    auth: staff(SERVICE), body: ZTicketCreateRequest, response: ZTicketDetail, status: 201,
  },
  listTickets: {
    method: 'get', path: '/api/v1/tickets', tag: 'Tickets',
    summary: 'The ticket queue with filters and SLA timers (business minutes)',
    auth: staff(SERVICE), query: ZTicketListQuery, response: ZTicketList,
  },
  // Before `/tickets/:ticketId`, so `export` is not taken for a ticket id.
  exportTickets: {
    method: 'get', path: '/api/v1/tickets/export', tag: 'Tickets',
    summary: 'The queue as a CSV or XLSX file: every ticket matching the list filters, with SLA dates',
    auth: staff(SERVICE), query: ZTicketExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },
  receiveInboundMail: {
    method: 'post', path: '/api/v1/tickets/inbound-mail', tag: 'Tickets',
    summary: 'Inbound-mail webhook: file a raw e-mail (message/rfc822) as an EMAIL ticket, once per Message-ID',
    auth: staff(SERVICE), query: ZInboundMailQuery, upload: { allowed: INBOUND_MAIL_LIMITS }, response: ZInboundMailResult,
  },
  getTicket: {
    method: 'get', path: '/api/v1/tickets/:ticketId', tag: 'Tickets',
    summary: "A ticket with its history, attachments and the member's summary",
    auth: staff(SERVICE), params: ZTicketParams, response: ZTicketDetail,
  },
  transitionTicket: {
    method: 'post', path: '/api/v1/tickets/:ticketId/transition', tag: 'Tickets',
    summary: 'Change the status along the workflow (409 TRANSITION_NOT_ALLOWED otherwise)',
    auth: staff(SERVICE), params: ZTicketParams, body: ZTicketTransitionRequest, response: ZTicketDetail,
  },
  assignTicket: {
    method: 'post', path: '/api/v1/tickets/:ticketId/assign', tag: 'Tickets',
    summary: 'Assign a ticket to a team and/or an agent',
    auth: staff(SERVICE), params: ZTicketParams, body: ZTicketAssignRequest, response: ZTicketDetail,
  },
  bulkAssignTickets: {
    method: 'post', path: '/api/v1/tickets/bulk-assign', tag: 'Tickets',
    summary: 'Assign several tickets at once (all or none)',
    auth: staff(SERVICE), body: ZTicketBulkAssignRequest, response: ZTicketBulkAssignResponse,
  },
  addTicketNote: {
    method: 'post', path: '/api/v1/tickets/:ticketId/notes', tag: 'Tickets',
    summary: 'Add an internal note (never shown to the customer)',
    auth: staff(SERVICE), params: ZTicketParams, body: ZTicketNoteRequest, response: ZTicketDetail, status: 201,
  },
  replyToTicket: {
    method: 'post', path: '/api/v1/tickets/:ticketId/replies', tag: 'Tickets',
    summary: 'Reply to the customer through a channel they consented to (422 CONSENT_REQUIRED otherwise)',
    auth: staff(SERVICE), params: ZTicketParams, body: ZTicketReplyRequest, response: ZTicketDetail, status: 201,
  },
  uploadTicketAttachment: {
    method: 'post', path: '/api/v1/tickets/:ticketId/attachments', tag: 'Tickets',
    summary: 'Attach a JPEG, PNG or PDF (≤ 5 MB) sent as the raw body; name it with ?filename=',
    auth: staff(SERVICE), params: ZTicketParams, query: ZAttachmentUploadQuery, upload: { allowed: TICKET_ATTACHMENT_LIMITS },
    response: ZTicketAttachment, status: 201,
  },

  // ---- Knowledge base
  listCannedAnswers: {
    method: 'get', path: '/api/v1/canned-answers', tag: 'Tickets', summary: 'Canned answers, optionally by category or text',
    auth: staff(SERVICE), query: ZCannedAnswerListQuery, response: ZCannedAnswerList,
  },
  createCannedAnswer: {
    method: 'post', path: '/api/v1/canned-answers', tag: 'Tickets', summary: 'Add a canned answer',
    auth: staff(SERVICE), body: ZCannedAnswerCreateRequest, response: ZCannedAnswer, status: 201,
  },
  updateCannedAnswer: {
    method: 'patch', path: '/api/v1/canned-answers/:id', tag: 'Tickets', summary: 'Change or retire a canned answer',
    auth: staff(SERVICE), params: ZIdParams, body: ZCannedAnswerUpdateRequest, response: ZCannedAnswer,
  },
  deleteCannedAnswer: {
    method: 'delete', path: '/api/v1/canned-answers/:id', tag: 'Tickets', summary: 'Retire a canned answer (kept for history)',
    auth: staff(SERVICE), params: ZIdParams, response: ZOk,
  },

  // ---- Service administration
  listTicketCategories: {
    method: 'get', path: '/api/v1/ticket-categories', tag: 'Service admin', summary: 'Ticket categories, retired ones included',
    auth: staff(ALL_STAFF), response: ZTicketCategoryList,
  },
  createTicketCategory: {
    method: 'post', path: '/api/v1/ticket-categories', tag: 'Service admin', summary: 'Add a ticket category',
    auth: staff(ADMIN), body: ZTicketCategoryCreateRequest, response: ZTicketCategory, status: 201,
  },
  updateTicketCategory: {
    method: 'patch', path: '/api/v1/ticket-categories/:id', tag: 'Service admin', summary: 'Rename, reorder or retire a category',
    auth: staff(ADMIN), params: ZIdParams, body: ZTicketCategoryUpdateRequest, response: ZTicketCategory,
  },
  listServiceTeams: {
    method: 'get', path: '/api/v1/service-teams', tag: 'Service admin', summary: 'Service teams and their agents',
    auth: staff(SERVICE), response: ZServiceTeamList,
  },
  createServiceTeam: {
    method: 'post', path: '/api/v1/service-teams', tag: 'Service admin', summary: 'Add a service team',
    auth: staff(ADMIN), body: ZServiceTeamCreateRequest, response: ZServiceTeam, status: 201,
  },
  updateServiceTeam: {
    method: 'patch', path: '/api/v1/service-teams/:id', tag: 'Service admin', summary: 'Rename a team, set its agents or retire it',
    auth: staff(ADMIN), params: ZIdParams, body: ZServiceTeamUpdateRequest, response: ZServiceTeam,
  },
  listRoutingRules: {
    method: 'get', path: '/api/v1/routing-rules', tag: 'Service admin', summary: 'Routing rules in the order they are consulted',
    auth: staff(SERVICE), response: ZRoutingRuleList,
  },
  createRoutingRule: {
    method: 'post', path: '/api/v1/routing-rules', tag: 'Service admin', summary: 'Add a routing rule',
    auth: staff(ADMIN), body: ZRoutingRuleCreateRequest, response: ZRoutingRule, status: 201,
  },
  updateRoutingRule: {
    method: 'patch', path: '/api/v1/routing-rules/:id', tag: 'Service admin', summary: 'Change or disable a routing rule',
    auth: staff(ADMIN), params: ZIdParams, body: ZRoutingRuleUpdateRequest, response: ZRoutingRule,
  },
  deleteRoutingRule: {
    method: 'delete', path: '/api/v1/routing-rules/:id', tag: 'Service admin', summary: 'Remove a routing rule',
    auth: staff(ADMIN), params: ZIdParams, response: ZOk,
  },
  listSlaPolicies: {
    method: 'get', path: '/api/v1/sla-policies', tag: 'Service admin', summary: 'First-response and resolution targets per priority',
    auth: staff(SERVICE), response: ZSlaPolicyList,
  },
  updateSlaPolicy: {
    method: 'put', path: '/api/v1/sla-policies/:priority', tag: 'Service admin',
    summary: 'Set the targets of a priority (business minutes); applies to new tickets',
    auth: staff(ADMIN), params: ZPriorityParams, body: ZSlaPolicyUpdateRequest, response: ZSlaPolicy,
  },
  getBusinessCalendar: {
    method: 'get', path: '/api/v1/business-calendar', tag: 'Service admin', summary: 'Service desk hours and public holidays (Europe/Istanbul)',
    auth: staff(SERVICE), response: ZBusinessCalendar,
  },
  updateBusinessHours: {
    method: 'put', path: '/api/v1/business-calendar/hours', tag: 'Service admin', summary: 'Set the opening hours of each weekday',
    auth: staff(ADMIN), body: ZBusinessHoursRequest, response: ZBusinessCalendar,
  },
  addBusinessHoliday: {
    method: 'post', path: '/api/v1/business-calendar/holidays', tag: 'Service admin', summary: 'Add or change a holiday or half day',
    auth: staff(ADMIN), body: ZBusinessHolidayRequest, response: ZBusinessCalendar, status: 201,
  },
  deleteBusinessHoliday: {
    method: 'delete', path: '/api/v1/business-calendar/holidays/:date', tag: 'Service admin', summary: 'Remove a holiday',
    auth: staff(ADMIN), params: ZDateParams, response: ZBusinessCalendar,
  },

  // ---- Surveys
  listSurveys: {
    method: 'get', path: '/api/v1/surveys', tag: 'Surveys', summary: 'Surveys with their questions and response counts',
    auth: staff(ALL_STAFF), query: ZSurveyListQuery, response: ZSurveyList,
  },
  getSurvey: {
    method: 'get', path: '/api/v1/surveys/:surveyId', tag: 'Surveys', summary: 'A survey with its questions',
    auth: staff(ALL_STAFF), params: ZSurveyParams, response: ZSurvey,
  },
  createSurvey: {
    method: 'post', path: '/api/v1/surveys', tag: 'Surveys', summary: 'Create a survey (as a draft) with its questions',
    auth: staff(MARKETING), body: ZSurveyCreateRequest, response: ZSurvey, status: 201,
  },
  updateSurvey: {
    method: 'patch', path: '/api/v1/surveys/:surveyId', tag: 'Surveys',
    summary: 'Change a survey; questions only while it is a draft',
    auth: staff(MARKETING), params: ZSurveyParams, body: ZSurveyUpdateRequest, response: ZSurvey,
  },
  setSurveyStatus: {
    method: 'post', path: '/api/v1/surveys/:surveyId/status', tag: 'Surveys', summary: 'Activate or close a survey',
    auth: staff(MARKETING), params: ZSurveyParams, body: ZSurveyStatusRequest, response: ZSurvey,
  },
  surveyResults: {
    method: 'get', path: '/api/v1/surveys/:surveyId/results', tag: 'Surveys',
    summary: 'NPS and CSAT overall, by week and by store; choice counts; free-text answers',
    auth: staff(ALL_STAFF), params: ZSurveyParams, query: ZSurveyResultsQuery, response: ZSurveyResults,
  },
  exportSurveyResults: {
    method: 'get', path: '/api/v1/surveys/:surveyId/results/export', tag: 'Surveys',
    summary: 'Every response as a CSV or XLSX file: one row per response, one column per question (free texts included)',
    auth: staff(MARKETING), params: ZSurveyParams, query: ZSurveyResultsExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },

  // ---- Reports
  serviceReport: {
    method: 'get', path: '/api/v1/reports/service', tag: 'Reports',
    summary: 'Service dashboard: response and resolution times, SLA compliance, reopen rate, volume by category and store',
    auth: staff(SERVICE), query: ZServiceReportQuery, response: ZServiceReport,
  },
  exportServiceReport: {
    method: 'get', path: '/api/v1/reports/service/export', tag: 'Reports',
    summary: 'The service dashboard as a CSV or XLSX file (one row per figure: section, item, measure, value)',
    auth: staff(SERVICE), query: ZServiceReportExportQuery, response: ZFileDownload, download: EXPORT_FILE,
  },
} as const satisfies Record<string, RouteDef>;
