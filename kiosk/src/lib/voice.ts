import { routes } from '@kulup/contracts';

import { asTerminal, memberClient } from './api';

// Surveys and complaints belong to the customer-voice area. Reads use the typed client; writes go through
// the outbox (src/lib/outbox.ts), which stores the resolved path because it also runs in the service worker.
export const VOICE_PATHS = {
  submitSurveyResponse: (surveyId: string) => routes.submitSurveyResponse.path.replace(':surveyId', encodeURIComponent(surveyId)),
  submitComplaint: routes.submitComplaint.path,
} as const;

/** Surveys due now: the member's (and anonymous ones) in a session, else the anonymous ones. */
export const listDueSurveys = (inSession: boolean) =>
  inSession ? memberClient.call('listDueSurveys', {}) : asTerminal((c) => c.call('listDueSurveys', {}));

export const listComplaintCategories = (inSession: boolean) =>
  inSession ? memberClient.call('listComplaintCategories', {}) : asTerminal((c) => c.call('listComplaintCategories', {}));
