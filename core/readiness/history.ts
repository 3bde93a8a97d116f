// Type II: how the controls operated over the window, from the evidence ledger. Per ISO week (Monday
// to Sunday, UTC): changes merged, the share independently approved and with passing checks, findings
// opened and fixed, suppressions added and expired; the median time to remediate; the exceptions.
// The population and the exceptions are the auditor pack's (core/evidence/export.ts buildPack), so the
// report and `trustgate evidence export` count the same changes.
import { buildPack, parseWindowDate, type ExceptionRow } from '../evidence/export.js';
import type { EvidenceRecord } from '../evidence/types.js';

export interface WeekRow {
  /** Monday of the ISO week, YYYY-MM-DD. */
  week: string;
  changes: number;
  independentlyApproved: number;
  checksPassed: number;
  findingsOpened: number;
  findingsFixed: number;
  suppressionsAdded: number;
  suppressionsExpired: number;
}

export interface History {
  ledger: { records: number; head: string | null };
  weeks: WeekRow[];
  totals: Omit<WeekRow, 'week'>;
  /** Findings opened in a merged change and fixed by a later one, both in the ledger. */
  remediation: { fixed: number; medianDays: number | null; rule: string };
  exceptions: Pick<ExceptionRow, 'type' | 'repository' | 'change' | 'detail' | 'date' | 'resolution'>[];
}

export const REMEDIATION_RULE =
  'Time to remediate = merge time of the change that fixed a finding minus merge time of the change that introduced it, for findings (same rule, file and message) both introduced and fixed by merged changes in the ledger and fixed within the window; the median of those, in days.';

const DAY = 86_400_000;
export function weekOf(iso: string): string {
  const d = new Date(iso);
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY;
  return new Date(monday).toISOString().slice(0, 10);
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function buildHistory(records: EvidenceRecord[], window: { from: string; to: string }, head: string | null): History {
  const pack = buildPack(records, { ...window, head });
  const from = parseWindowDate(window.from, false);
  const to = parseWindowDate(window.to, true);
  // Every week of the window, so a quiet week shows as zero rather than vanishing from the chart.
  const weeks = new Map<string, WeekRow>();
  for (let t = Date.parse(`${weekOf(from.toISOString())}T00:00:00Z`); t <= to.getTime(); t += 7 * DAY) {
    const week = new Date(t).toISOString().slice(0, 10);
    weeks.set(week, { week, changes: 0, independentlyApproved: 0, checksPassed: 0, findingsOpened: 0, findingsFixed: 0, suppressionsAdded: 0, suppressionsExpired: 0 });
  }
  const row = (iso: string) => weeks.get(weekOf(iso));
  for (const c of pack.population) {
    const w = row(c.mergedAt);
    if (!w) continue;
    w.changes++;
    if (c.independentApproval) w.independentlyApproved++;
    if (c.checks === 'passed') w.checksPassed++;
    w.findingsOpened += c.newFindings;
    w.findingsFixed += c.fixedFindings;
  }
  const inWindow = (iso: string) => {
    const t = new Date(iso);
    return t >= from && t <= to;
  };
  const opened = new Map<string, number>();
  const ttr: number[] = [];
  for (const r of records) {
    if (r.kind !== 'merge' || !r.merge) continue;
    const at = Date.parse(r.merge.mergedAt);
    for (const f of r.findings.fixed) {
      const o = opened.get(f.key);
      if (o !== undefined && at >= o && inWindow(r.merge.mergedAt)) ttr.push((at - o) / DAY);
      opened.delete(f.key);
    }
    for (const f of r.findings.new) if (!opened.has(f.key)) opened.set(f.key, at);
    if (!inWindow(r.merge.mergedAt)) continue;
    const w = row(r.merge.mergedAt);
    if (w) {
      w.suppressionsAdded += r.suppressions.added.length;
      w.suppressionsExpired += r.suppressions.expired.length;
    }
  }
  const list = [...weeks.values()];
  const sum = (k: keyof Omit<WeekRow, 'week'>) => list.reduce((a, w) => a + w[k], 0);
  const med = median(ttr);
  return {
    ledger: { records: records.length, head },
    weeks: list,
    totals: {
      changes: sum('changes'),
      independentlyApproved: sum('independentlyApproved'),
      checksPassed: sum('checksPassed'),
      findingsOpened: sum('findingsOpened'),
      findingsFixed: sum('findingsFixed'),
      suppressionsAdded: sum('suppressionsAdded'),
      suppressionsExpired: sum('suppressionsExpired'),
    },
    remediation: { fixed: ttr.length, medianDays: med === null ? null : Math.round(med * 10) / 10, rule: REMEDIATION_RULE },
    // The fields the report's schema names (the pack may carry more).
    exceptions: pack.exceptions.map((e) => ({ type: e.type, repository: e.repository, change: e.change, detail: e.detail, date: e.date, resolution: e.resolution })),
  };
}
