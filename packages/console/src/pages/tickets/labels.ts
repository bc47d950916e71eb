import type { TTicketStatus } from '@kulup/contracts';

import { TICKET_STATUS_VALUES } from '@kulup/contracts';

export const STATUSES: readonly TTicketStatus[] = TICKET_STATUS_VALUES;
export const PRIORITIES = ['HIGH', 'NORMAL', 'LOW'] as const;

export function statusTone(status: TTicketStatus): 'neutral' | 'good' | 'warn' | 'bad' | 'info' {
  switch (status) {
    case 'NEW':
      return 'info';
    case 'WAITING_CUSTOMER':
      return 'warn';
    case 'RESOLVED':
    case 'CLOSED':
      return 'good';
    default:
      return 'neutral';
  }
}
