// Readable tables for the terminal; the JSON file carries every number.

import type { MachineInfo } from './machine';
import type { BenchOptions, DatabaseKind } from './options';
import type { PgbenchResult } from './pgbench';
import { COMPARISONS, meets } from './scenarios';
import type { Goal, RunResults, Scenario } from './scenarios';
import type { SeedSummary } from './seed';

export type DatabaseReport = {
  kind: DatabaseKind;
  version: string;
  location: string;
  seed: SeedSummary;
  /** Ledger invariant violations found after the run (null = not checked). */
  ledgerViolations: number | null;
  ledgerCheckMs: number | null;
};

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const goalText = (g: Goal, unit: string) => `${g.op === '>=' ? '≥' : g.op === '<=' ? '≤' : g.op} ${g.value}${unit ? ` ${unit}` : ''}`;
/** Cores used by unrelated processes above which a scenario's figures are flagged. */
const OTHER_LOAD_WARNING = 0.25;
export const DB_NAME: Record<DatabaseKind, string> = { postgres: 'PostgreSQL', pglite: 'PGlite' };

export function formatMachine(m: MachineInfo, versions: Partial<Record<DatabaseKind, string>>): string {
  const lines = [
    `machine   ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB RAM, ${m.os}, load average ${m.loadAverage1m}`,
    `node      ${m.node}`,
  ];
  if (m.postgres) {
    const s = Object.entries(m.postgres.settings).map(([k, v]) => `${k}=${v}`).join(', ');
    lines.push(`postgres  ${m.postgres.version.split(' on ')[0]} (${s})`);
  }
  if (versions.pglite) lines.push(`pglite    ${versions.pglite.split(' on ')[0]}`);
  return lines.join('\n');
}

export function formatSeed(s: SeedSummary): string {
  const tiers = Object.entries(s.membersByTier).map(([t, n]) => `${t} ${int(n)}`).join(' · ');
  return (
    `seed      ${int(s.members)} members with cards · ${int(s.receipts)} history receipts · ${int(s.receiptLines)} lines · ` +
    `${int(s.lots)} lots · ${int(s.ledgerEntries)} ledger entries · ${s.products} products · ${s.stores} stores — ` +
    `${(s.totalMs / 1000).toFixed(1)} s\ntiers     ${tiers}`
  );
}

/** The table of one database's scenarios. */
export function formatDatabase(
  db: DatabaseReport,
  results: RunResults,
  scenarios: Scenario[],
  options: BenchOptions,
): string {
  const out: string[] = [];
  out.push(`── ${DB_NAME[db.kind]}: ${db.version.split(' on ')[0]} (${db.location}) ${'─'.repeat(20)}`);
  out.push(formatSeed(db.seed));
  out.push('');
  const head = `${'scenario'.padEnd(50)} ${'ok/s'.padStart(8)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)} ${'errors'.padStart(7)}`;
  out.push(head);
  out.push(`${' '.repeat(50)} ${''.padStart(8)} ${'ms'.padStart(7)} ${'ms'.padStart(7)} ${'ms'.padStart(7)} ${'ms'.padStart(7)}`);
  for (const scenario of scenarios) {
    const outcome = results.scenarios[db.kind]?.[scenario.id];
    if (!outcome) continue;
    const title = scenario.title(options).padEnd(50);
    const r = outcome.load;
    if (r) {
      out.push(
        `${title} ${int(r.throughput).padStart(8)} ${ms(r.latencyMs.p50).padStart(7)} ${ms(r.latencyMs.p95).padStart(7)} ` +
          `${ms(r.latencyMs.p99).padStart(7)} ${ms(r.latencyMs.max).padStart(7)} ${int(r.errors).padStart(7)}`,
      );
      const pct = (x: number) => `${Math.round(x * 100)}%`;
      const c = r.cpu;
      const cores = [
        c.machine !== undefined ? `machine ${c.machine}` : '',
        `node process ${c.nodeProcess}`,
        c.postgresBench !== undefined ? `postgres backends ${c.postgresBench}` : '',
        c.postgresOther !== undefined ? `other postgres ${c.postgresOther}` : '',
        c.other !== undefined ? `other processes ${c.other}` : '',
      ].filter(Boolean);
      out.push(`    busy: server event loop ${pct(r.eventLoop.server)}, client event loop ${pct(r.eventLoop.client)}; cores: ${cores.join(', ')}`);
      if ((c.other ?? 0) >= OTHER_LOAD_WARNING) out.push(`    WARNING: other work on this machine took ${c.other} cores during this scenario; its figures are skewed`);
      for (const sample of r.errorSamples) out.push(`    error: ${sample}`);
    } else {
      out.push(`${title} ${outcome.metrics.filter((m) => m.unit === 'ms').slice(0, 3).map((m) => `${m.label} ${ms(m.value)} ${m.unit}`).join(', ')}`);
    }
    for (const m of outcome.metrics) {
      if (m.goal) out.push(`    goal ${m.label} ${goalText(m.goal, m.unit)}: ${meets(m.value, m.goal) ? 'met' : 'NOT met'} (${ms(m.value)} ${m.unit})`);
    }
    for (const note of outcome.notes ?? []) out.push(`    ${note}`);
  }
  if (db.ledgerViolations !== null) {
    out.push(
      `ledger    ${db.ledgerViolations === 0 ? 'all invariants hold' : `${db.ledgerViolations} invariant violations`} after the run ` +
        `(checkLedger, ${((db.ledgerCheckMs ?? 0) / 1000).toFixed(1)} s)`,
    );
  }
  return out.join('\n');
}

export function formatBaseline(p: PgbenchResult): string {
  return (
    `── baseline: pgbench TPC-B, same PostgreSQL server ${'─'.repeat(20)}\n` +
    `${p.command}, scale ${p.scale}: ${p.tps.toFixed(1)} tps, latency average ${p.latencyAvgMs.toFixed(2)} ms, ` +
    `${int(p.transactions)} transactions, ${p.failed} failed`
  );
}

export function formatComparisons(results: RunResults, kinds: DatabaseKind[]): string {
  const out: string[] = [`── ratios ${'─'.repeat(20)}`];
  for (const c of COMPARISONS) {
    for (const kind of c.databases.filter((k) => kinds.includes(k))) {
      const v = c.value(results, kind);
      if (v === undefined) continue;
      const goal = c.goal && (!c.goalOn || c.goalOn === kind) ? `   goal ${goalText(c.goal, '')}: ${meets(v, c.goal) ? 'met' : 'NOT met'}` : '';
      const note = c.goalOn && c.goalOn !== kind ? '   (for information: baseline is PostgreSQL)' : '';
      out.push(`${DB_NAME[kind].padEnd(11)} ${c.label} = ${v.toFixed(3)}${goal}${note}`);
    }
  }
  return out.length > 1 ? out.join('\n') : '';
}
