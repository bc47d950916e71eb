// Routing: which team (and optionally which agent) gets a new ticket.
//
// A rule matches when its category is the ticket's (or the rule has none) and its store is the ticket's (or
// the rule has none). Among matches the lowest `priority` number wins; on a tie the more specific rule
// (category and store > one of them > neither) wins, then the smaller id, so routing is deterministic.

export type RoutingRule = {
  id: string;
  /** null = any category. */
  categoryCode: string | null;
  /** null = any store. */
  storeId: string | null;
  teamId: string;
  agentId: string | null;
  priority: number;
};

const specificity = (r: RoutingRule) => (r.categoryCode === null ? 0 : 1) + (r.storeId === null ? 0 : 1);

/** Orders rules the way routing consults them. */
export function compareRoutingRules(a: RoutingRule, b: RoutingRule): number {
  return a.priority - b.priority || specificity(b) - specificity(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The rule that routes a ticket, or null when none matches (the ticket stays unassigned in the queue). */
export function routeTicket(rules: readonly RoutingRule[], ticket: { categoryCode: string; storeId: string | null }): RoutingRule | null {
  const matching = rules.filter(
    (r) => (r.categoryCode === null || r.categoryCode === ticket.categoryCode) && (r.storeId === null || r.storeId === ticket.storeId),
  );
  return [...matching].sort(compareRoutingRules)[0] ?? null;
}
