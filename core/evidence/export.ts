// The auditor pack for a date window: the population of changes (merged in the window) with their
// approvals, scan results and links to the pull request and the runs, the required checks that branch
// protection and rulesets set at each merge, the register of risk acceptances (active suppressions,
// owned by whoever approved the change that added them), a per-criterion summary and the exceptions
// with how each was resolved. Rendered as one self-contained HTML file, CSV or JSON.
import { escapeHtml as h } from '../report/escape.js';
import { printCss } from '../report/print-css.js';
import { protectionDetails, requiredChecksText, requiredReviewsText } from './protection-text.js';
import type { CriterionResult, EvidenceRecord, ProtectionSnapshot } from './types.js';

export interface ChangeRow {
  repository: string;
  pr: number | null;
  title: string;
  url: string | null;
  /** The run that gated the merged head (the pull request's last recorded run on it). */
  gateRunUrl: string | null;
  /** The run that recorded the merge. */
  mergeRunUrl: string | null;
  author: string | null;
  approvers: string[];
  approvedAt: string | null;
  independentApproval: boolean;
  checks: 'passed' | 'failed' | 'unavailable';
  requiredChecks: string;
  /** Branch protection and rulesets in force when the merge was recorded; null in older records. */
  protection: ProtectionSnapshot | null;
  mergedBy: string | null;
  mergedAt: string;
  headSha: string;
  mergeSha: string | null;
  tickets: string[];
  newFindings: number;
  fixedFindings: number;
  failedCriteria: string[];
  exceptions: string[];
  digest: string;
}

export interface RiskAcceptance {
  repository: string;
  ruleId: string;
  criteria: string[];
  reason: string;
  /** Who accepted the risk: the independent approvers of the change that added the suppression. */
  owner: string;
  /** That change (repo#PR) and its link; null when it was added before the ledger's first record. */
  acceptedIn: string | null;
  acceptedInUrl: string | null;
  /** Who wrote the suppression line (git blame): not the owner. */
  gitAuthor: string | null;
  addedAt: string | null;
  ageDays: number | null;
  expires: string | null;
  location: string;
  commit: string | null;
}

export interface ExceptionRow {
  type: 'merged-without-independent-approval' | 'merged-with-failing-checks' | 'checks-unavailable' | 'no-pull-request' | 'expired-suppression';
  repository: string;
  change: string;
  detail: string;
  date: string;
  /** How it was resolved, from later records: a follow-up change, a removed or renewed suppression; or open. */
  resolution: string;
  resolvedIn: string | null;
  resolvedInUrl: string | null;
}

/** The required checks branch protection and rulesets set for a repository over a stretch of the window. */
export interface ProtectionPeriod {
  repository: string;
  from: string;
  to: string;
  /** Required check names as read at each merge in the period; 'unavailable' when they could not be read. */
  requiredChecks: string[] | 'unavailable';
  changes: number;
}

export interface CriterionRow {
  id: string;
  changes: number;
  passed: number;
  failed: number;
  suppressed: number;
  indeterminate: number;
  newFindings: number;
}

export interface AuditorPack {
  window: { from: string; to: string };
  generatedAt: string;
  ledger: { records: number; head: string | null; verified: boolean };
  repositories: string[];
  pullRequestRuns: number;
  population: ChangeRow[];
  protection: ProtectionPeriod[];
  riskAcceptances: RiskAcceptance[];
  criteria: CriterionRow[];
  exceptions: ExceptionRow[];
  totals: { changes: number; independentlyApproved: number; checksPassed: number; exceptions: number; riskAcceptances: number };
}

export class ExportError extends Error {}

/** Parse a YYYY-MM-DD (or full ISO) date; `end` makes a bare date inclusive of its whole day. */
export function parseWindowDate(s: string, end: boolean): Date {
  const m = /^\d{4}-\d{2}-\d{2}$/.test(s);
  const d = new Date(m ? `${s}T${end ? '23:59:59.999' : '00:00:00.000'}Z` : s);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(s)) throw new ExportError(`"${s}" is not a date (use YYYY-MM-DD)`);
  return d;
}

const NO_APPROVAL = 'merged-without-independent-approval';

/** "acme/infra#12", or the pushed commit when there was no pull request. */
const changeRef = (r: EvidenceRecord) => (r.pullRequest ? `${r.repository}#${r.pullRequest.number}` : `${r.repository}@${(r.commits.merge ?? r.commits.head).slice(0, 12)}`);
const sameSuppression = (a: { ruleId: string; file: string }, b: { ruleId: string; file: string }) => a.ruleId === b.ruleId && a.file === b.file;

export function buildPack(records: EvidenceRecord[], opts: { from: string; to: string; generatedAt?: Date; head?: string | null; verified?: boolean }): AuditorPack {
  const from = parseWindowDate(opts.from, false);
  const to = parseWindowDate(opts.to, true);
  if (from > to) throw new ExportError(`--from ${opts.from} is after --to ${opts.to}`);
  const inWindow = (iso: string | null | undefined) => !!iso && new Date(iso) >= from && new Date(iso) <= to;
  // One row per change: the last merge record for each PR (or pushed commit).
  const changes = new Map<string, EvidenceRecord>();
  // Every run recorded on a pull request (any date: the run that gated a change may precede the window).
  const prRecords = new Map<string, EvidenceRecord[]>();
  let prRuns = 0;
  for (const r of records) {
    if (r.kind === 'pull_request') {
      if (inWindow(r.timestamps.recordedAt)) prRuns++;
      if (r.pullRequest) prRecords.set(changeRef(r), [...(prRecords.get(changeRef(r)) ?? []), r]);
      continue;
    }
    if (!r.merge || !inWindow(r.merge.mergedAt)) continue;
    changes.set(`${r.repository}\0${r.pullRequest ? `#${r.pullRequest.number}` : (r.commits.merge ?? r.commits.head)}`, r);
  }
  const population: ChangeRow[] = [...changes.values()]
    .sort((a, b) => a.merge!.mergedAt.localeCompare(b.merge!.mergedAt))
    .map((r) => {
      const counted = r.reviews.filter((x) => x.countsAsApproval);
      const runs = prRecords.get(changeRef(r)) ?? [];
      const gate = runs.filter((x) => x.commits.head === r.commits.head).at(-1) ?? runs.at(-1);
      return {
        repository: r.repository,
        pr: r.pullRequest?.number ?? null,
        title: r.pullRequest?.title ?? '(direct push, no pull request)',
        url: r.pullRequest?.url ?? null,
        gateRunUrl: gate?.run?.url ?? null,
        mergeRunUrl: r.run?.url ?? null,
        author: r.author,
        approvers: r.approvers,
        approvedAt: counted.map((x) => x.submittedAt ?? '').sort().pop() || null,
        independentApproval: r.independentApproval,
        checks: r.checks.passed === true ? 'passed' : r.checks.passed === false ? 'failed' : 'unavailable',
        requiredChecks: r.checks.required === 'unavailable' ? 'unavailable' : r.checks.required.map((c) => `${c.name}: ${c.result}`).join('; ') || 'none required',
        protection: r.protection ?? null,
        mergedBy: r.merge!.mergedBy,
        mergedAt: r.merge!.mergedAt,
        headSha: r.commits.head,
        mergeSha: r.commits.merge,
        tickets: r.tickets.map((t) => t.ref),
        newFindings: r.findings.counts.new,
        fixedFindings: r.findings.counts.fixed,
        failedCriteria: r.criteria.filter((c) => c.result === 'failed').map((c) => c.id),
        exceptions: r.exceptions.filter((e) => e !== 'no-ticket' && e !== 'expired-suppression'),
        digest: r.digest,
      };
    });
  // Every merge in the ledger, in order: later ones tell how an exception was resolved.
  const merges = records.filter((r) => r.kind === 'merge' && r.merge).sort((a, b) => a.merge!.mergedAt.localeCompare(b.merge!.mergedAt));
  const resolvedBy = (m: EvidenceRecord | undefined, how: (m: EvidenceRecord) => string) =>
    m ? { resolution: how(m), resolvedIn: changeRef(m), resolvedInUrl: m.pullRequest?.url ?? null } : undefined;
  const OPEN_CHANGE = { resolution: 'open: no later change references it', resolvedIn: null, resolvedInUrl: null };
  /** A later merged change of the repository that names this pull request among its tickets (#12, acme/infra#12). */
  const followUp = (c: ChangeRow) =>
    resolvedBy(
      c.pr === null ? undefined : merges.find((m) => m.repository === c.repository && m.merge!.mergedAt > c.mergedAt && m.tickets.some((t) => t.ref === `#${c.pr}` || t.ref === `${c.repository}#${c.pr}`)),
      (m) => `follow-up ${changeRef(m)} merged ${m.merge!.mergedAt.slice(0, 10)}${m.approvers.length ? `, approved by ${m.approvers.join(', ')}` : ', without independent approval'}`,
    ) ?? OPEN_CHANGE;
  const exceptions: ExceptionRow[] = [];
  for (const c of population) {
    const change = c.pr !== null ? `${c.repository}#${c.pr}` : `${c.repository}@${(c.mergeSha ?? c.headSha).slice(0, 12)}`;
    const row = (type: ExceptionRow['type'], detail: string) => exceptions.push({ type, repository: c.repository, change, detail, date: c.mergedAt, ...followUp(c) });
    if (c.pr === null) row('no-pull-request', `pushed to the default branch without a pull request${c.mergedBy ? ` by ${c.mergedBy}` : ''}`);
    if (!c.independentApproval) row(NO_APPROVAL, `no approval by someone other than the author on the merged commit ${c.headSha.slice(0, 12)}`);
    if (c.checks === 'failed') row('merged-with-failing-checks', `required checks: ${c.requiredChecks}`);
    if (c.checks === 'unavailable') row('checks-unavailable', 'check results could not be read or were still pending when the record was written');
  }
  // The required checks in force, as each merge read them from branch protection and rulesets: one
  // period per repository while they stay the same.
  const protection: ProtectionPeriod[] = [];
  for (const r of [...changes.values()].sort((a, b) => a.repository.localeCompare(b.repository) || a.merge!.mergedAt.localeCompare(b.merge!.mergedAt))) {
    const checks = r.checks.required === 'unavailable' ? 'unavailable' : r.checks.required.map((c) => c.name).sort();
    const last = protection.at(-1);
    if (last && last.repository === r.repository && JSON.stringify(last.requiredChecks) === JSON.stringify(checks)) {
      last.to = r.merge!.mergedAt;
      last.changes++;
    } else protection.push({ repository: r.repository, from: r.merge!.mergedAt, to: r.merge!.mergedAt, requiredChecks: checks, changes: 1 });
  }
  // Risk acceptances: active suppressions in the latest merge record per repository at the end of the window.
  const latest = new Map<string, EvidenceRecord>();
  for (const r of records) if (r.kind === 'merge' && new Date(r.timestamps.recordedAt) <= to) latest.set(r.repository, r);
  const riskAcceptances: RiskAcceptance[] = [];
  for (const r of [...latest.values()].sort((a, b) => a.repository.localeCompare(b.repository))) {
    for (const s of r.suppressions.active) {
      const added = s.addedBy?.date ?? null;
      // The risk is accepted by whoever approved the change that added (or last renewed) the suppression.
      const acceptedIn = merges.filter((m) => m.repository === r.repository && new Date(m.merge!.mergedAt) <= to && m.suppressions.added.some((x) => sameSuppression(x, s))).at(-1);
      riskAcceptances.push({
        repository: r.repository,
        ruleId: s.ruleId,
        criteria: s.controls,
        reason: s.reason,
        owner: !acceptedIn ? 'unknown: added before the ledger' : acceptedIn.approvers.length ? acceptedIn.approvers.join(', ') : `none: ${changeRef(acceptedIn)} merged without independent approval`,
        acceptedIn: acceptedIn ? changeRef(acceptedIn) : null,
        acceptedInUrl: acceptedIn?.pullRequest?.url ?? null,
        gitAuthor: s.addedBy ? `${s.addedBy.name} <${s.addedBy.email}>` : null,
        addedAt: added,
        ageDays: added ? Math.max(0, Math.floor((to.getTime() - new Date(added).getTime()) / 86_400_000)) : null,
        expires: s.expires,
        location: `${s.file}:${s.line}`,
        commit: s.addedBy?.commit ?? null,
      });
    }
    for (const s of r.suppressions.expired) {
      // Resolved by a later merge that removes the suppression or renews it with a later expiry.
      const later = merges.filter((m) => m.repository === r.repository && m.merge!.mergedAt > r.merge!.mergedAt);
      const removed = later.find((m) => m.suppressions.removed.some((x) => sameSuppression(x, s)));
      const renewed = later.find((m) => m.suppressions.active.some((x) => sameSuppression(x, s) && (!x.expires || (s.expires !== null && x.expires > s.expires))));
      const resolution =
        resolvedBy(removed, (m) => `suppression removed by ${changeRef(m)} on ${m.merge!.mergedAt.slice(0, 10)}`) ??
        resolvedBy(renewed, (m) => `renewed by ${changeRef(m)} until ${m.suppressions.active.find((x) => sameSuppression(x, s))!.expires ?? 'no expiry'}${m.approvers.length ? `, approved by ${m.approvers.join(', ')}` : ''}`) ??
        { resolution: 'open: still expired in the latest record', resolvedIn: null, resolvedInUrl: null };
      exceptions.push({ type: 'expired-suppression', repository: r.repository, change: `${r.repository} ${s.file}:${s.line}`, detail: `${s.ruleId} suppressed "${s.reason}" expired on ${s.expires}${s.addedBy ? ` (added by ${s.addedBy.name})` : ''}`, date: s.expires ?? '', ...resolution });
    }
  }
  const crit = new Map<string, CriterionRow>();
  for (const r of changes.values())
    for (const c of r.criteria) {
      const row = crit.get(c.id) ?? { id: c.id, changes: 0, passed: 0, failed: 0, suppressed: 0, indeterminate: 0, newFindings: 0 };
      row.changes++;
      row[c.result as CriterionResult]++;
      row.newFindings += c.newFindings;
      crit.set(c.id, row);
    }
  return {
    window: { from: opts.from, to: opts.to },
    generatedAt: (opts.generatedAt ?? new Date()).toISOString(),
    ledger: { records: records.length, head: opts.head ?? records.at(-1)?.digest ?? null, verified: opts.verified ?? true },
    repositories: [...new Set(records.map((r) => r.repository))].sort(),
    pullRequestRuns: prRuns,
    population,
    protection,
    riskAcceptances,
    criteria: [...crit.values()].sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
    exceptions,
    totals: {
      changes: population.length,
      independentlyApproved: population.filter((c) => c.independentApproval).length,
      checksPassed: population.filter((c) => c.checks === 'passed').length,
      exceptions: exceptions.length,
      riskAcceptances: riskAcceptances.length,
    },
  };
}

// ---- JSON --------------------------------------------------------------------------------------

export const toPackJson = (p: AuditorPack) => JSON.stringify(p, null, 2) + '\n';

// ---- CSV: one table after another, each headed by its name ---------------------------------------

/** RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join('; ') : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toPackCsv(p: AuditorPack): string {
  const out: string[] = [];
  const table = (name: string, header: string[], rows: unknown[][]) => {
    out.push(csvCell(name), header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(',')), '');
  };
  table('Window', ['from', 'to', 'generated_at', 'ledger_records', 'ledger_head', 'changes', 'independently_approved', 'checks_passed', 'exceptions', 'risk_acceptances'], [
    [p.window.from, p.window.to, p.generatedAt, p.ledger.records, p.ledger.head, p.totals.changes, p.totals.independentlyApproved, p.totals.checksPassed, p.totals.exceptions, p.totals.riskAcceptances],
  ]);
  table(
    'Population of changes',
    ['repository', 'pr', 'title', 'url', 'gate_run_url', 'merge_run_url', 'author', 'approvers', 'approved_at', 'independent_approval', 'checks', 'required_checks', 'protection_required_reviews', 'protection_required_checks', 'protection_in_force', 'merged_by', 'merged_at', 'head_sha', 'merge_sha', 'tickets', 'new_findings', 'fixed_findings', 'failed_criteria', 'exceptions', 'record_digest'],
    p.population.map((c) => [c.repository, c.pr, c.title, c.url, c.gateRunUrl, c.mergeRunUrl, c.author, c.approvers, c.approvedAt, c.independentApproval ? 'yes' : 'no', c.checks, c.requiredChecks, requiredReviewsText(c.protection ?? undefined), requiredChecksText(c.protection ?? undefined), c.protection ? protectionDetails(c.protection).join(' | ') : 'not recorded', c.mergedBy, c.mergedAt, c.headSha, c.mergeSha, c.tickets, c.newFindings, c.fixedFindings, c.failedCriteria, c.exceptions, c.digest]),
  );
  table('Required checks in force (branch protection and rulesets, as read at each merge)', ['repository', 'from', 'to', 'required_checks', 'changes'], p.protection.map((x) => [x.repository, x.from, x.to, x.requiredChecks, x.changes]));
  table('Exceptions', ['type', 'repository', 'change', 'detail', 'date', 'resolution', 'resolved_in', 'resolved_in_url'], p.exceptions.map((e) => [e.type, e.repository, e.change, e.detail, e.date, e.resolution, e.resolvedIn, e.resolvedInUrl]));
  table('Risk acceptances (active suppressions)', ['repository', 'rule', 'criteria', 'reason', 'owner_approved_by', 'accepted_in', 'accepted_in_url', 'git_author', 'added_at', 'age_days', 'expires', 'location', 'commit'], p.riskAcceptances.map((r) => [r.repository, r.ruleId, r.criteria, r.reason, r.owner, r.acceptedIn, r.acceptedInUrl, r.gitAuthor, r.addedAt, r.ageDays, r.expires, r.location, r.commit]));
  table('Per-criterion summary', ['criterion', 'changes', 'passed', 'failed', 'suppressed', 'indeterminate', 'new_findings'], p.criteria.map((c) => [c.id, c.changes, c.passed, c.failed, c.suppressed, c.indeterminate, c.newFindings]));
  return out.join('\r\n');
}

// ---- HTML: one printable file, inline CSS, no scripts, no external resources --------------------

export const EXC_LABEL: Record<ExceptionRow['type'], string> = {
  'merged-without-independent-approval': 'Merged without independent approval',
  'merged-with-failing-checks': 'Merged with failing checks',
  'checks-unavailable': 'Check results unavailable',
  'no-pull-request': 'No pull request',
  'expired-suppression': 'Expired suppression',
};

/** The export's page, also the population and organisation reports': the shared printable stylesheet, landscape, and the classes these reports use. */
export const CSS =
  printCss('landscape') +
  `
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0 4px}
.card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:22px}
.card span{color:#59636e;font-size:12px}
.card.bad{border-color:#cf222e;background:#fff5f5}.card.bad b{color:#cf222e}
tbody tr:nth-child(even){background:#fafbfc}
.ok{color:#1a7f37;font-weight:600}.no{color:#cf222e;font-weight:600}.na{color:#9a6700;font-weight:600}
.title{max-width:340px;word-break:break-word}
.nw{white-space:nowrap}
td.prot{min-width:220px;max-width:320px}
.note{color:#59636e;font-size:11px;margin-top:24px}
@media print{.card{padding:6px 10px}}
`;

const yesNo = (b: boolean) => (b ? '<span class="ok">yes</span>' : '<span class="no">no</span>');
const checksCell = (c: ChangeRow['checks']) => (c === 'passed' ? '<span class="ok">passed</span>' : c === 'failed' ? '<span class="no">failed</span>' : '<span class="na">unavailable</span>');
const day = (iso: string | null) => (iso ? `<span class="nw">${h(iso.replace('T', ' ').replace(/(\d{2}:\d{2}):\d{2}(\.\d+)?Z$/, '$1 UTC'))}</span>` : '—');
const list = (xs: string[]) => (xs.length ? xs.map(h).join(', ') : '—');
/** Required reviews and checks first, then each source; what could not be read in amber, never "none". */
function protectionCell(p: ProtectionSnapshot | null): string {
  if (!p) return '<span class="na">not recorded</span> <span class="small">(record written before Trustgate read it)</span>';
  const reviews = requiredReviewsText(p);
  const head = `${p.requiredApprovingReviews === 0 && p.complete ? '<span class="no">' : '<b>'}${h(reviews)}${p.requiredApprovingReviews === 0 && p.complete ? '</span>' : '</b>'}<br>checks: <span class="mono">${h(requiredChecksText(p))}</span>`;
  const lines = protectionDetails(p).map((l) => (/: unavailable \(|unavailable:/.test(l) ? `<span class="na">${h(l)}</span>` : h(l)));
  return `${head}<div class="small">${lines.join('<br>')}</div>`;
}

/** A link only to a web address (the records hold GitHub URLs); anything else stays text. */
const link = (url: string | null, text: string) => (url && /^https?:\/\//i.test(url) ? `<a href="${h(url)}">${h(text)}</a>` : h(text));

export function toPackHtml(p: AuditorPack): string {
  const t = p.totals;
  const pct = (n: number) => (t.changes ? ` (${Math.round((100 * n) / t.changes)}%)` : '');
  const rows = (cols: string[][], empty: string, width: number) => (cols.length ? cols.map((r) => `<tr>${r.join('')}</tr>`).join('\n') : `<tr><td class="empty" colspan="${width}">${h(empty)}</td></tr>`);
  const td = (v: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${v}</td>`;
  const out: string[] = [];
  out.push(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Change-management evidence ${h(p.window.from)} to ${h(p.window.to)}</title>
<style>${CSS}</style></head><body>
<h1>Change-management evidence (SOC 2 CC8.1)</h1>
<p class="sub">Population of infrastructure changes merged from ${h(p.window.from)} to ${h(p.window.to)}, with approvals, checks, scan results, risk acceptances and exceptions.</p>
<dl class="meta">
<dt>Repositories</dt><dd>${list(p.repositories)}</dd>
<dt>Generated</dt><dd>${day(p.generatedAt)}</dd>
<dt>Ledger</dt><dd>${p.ledger.records} records, hash chain ${p.ledger.verified ? '<span class="ok">verified</span>' : '<span class="no">NOT verified</span>'}; head digest <span class="mono">${h(p.ledger.head ?? '—')}</span></dd>
<dt>Pull-request runs</dt><dd>${p.pullRequestRuns} recorded in the window (before merge)</dd>
</dl>
<div class="cards">
<div class="card"><b>${t.changes}</b><span>changes in population</span></div>
<div class="card${t.independentlyApproved < t.changes ? ' bad' : ''}"><b>${t.independentlyApproved}</b><span>independently approved${pct(t.independentlyApproved)}</span></div>
<div class="card${t.checksPassed < t.changes ? ' bad' : ''}"><b>${t.checksPassed}</b><span>checks passed${pct(t.checksPassed)}</span></div>
<div class="card${t.exceptions ? ' bad' : ''}"><b>${t.exceptions}</b><span>exceptions</span></div>
<div class="card"><b>${t.riskAcceptances}</b><span>active risk acceptances</span></div>
</div>`);
  out.push(`<h2>Exceptions (${p.exceptions.length})</h2>
<table><thead><tr><th>Type</th><th>Change</th><th>Detail</th><th>Date</th><th>Resolution</th></tr></thead><tbody>
${rows(
  p.exceptions.map((e) => [
    td(h(EXC_LABEL[e.type])),
    td(h(e.change), 'mono'),
    td(h(e.detail)),
    td(day(e.date)),
    td(e.resolvedIn ? `${h(e.resolution.replace(e.resolvedIn, '\u0000')).replace('\u0000', link(e.resolvedInUrl, e.resolvedIn))}` : `<span class="na">${h(e.resolution)}</span>`),
  ]),
  'No exceptions in the window.',
  5,
)}
</tbody></table>`);
  out.push(`<h2>Population of changes (${p.population.length})</h2>
<table><thead><tr><th class="n">#</th><th>Change</th><th>Title</th><th>Author</th><th>Approved by (when)</th><th>Indep.</th><th>Checks</th><th>Protection in force</th><th>Merged by (when)</th><th>Tickets</th><th class="n">New / fixed findings</th><th>Failed criteria</th><th>Record</th></tr></thead><tbody>
${rows(
  p.population.map((c, i) => [
    td(String(i + 1), 'n'),
    td(
      `${link(c.url, `${c.repository}${c.pr !== null ? `#${c.pr}` : ''}`)}<br><span class="mono">${h(c.headSha.slice(0, 12))}</span>` +
        (c.gateRunUrl || c.mergeRunUrl ? `<br>runs: ${[c.gateRunUrl ? link(c.gateRunUrl, 'gate') : '', c.mergeRunUrl ? link(c.mergeRunUrl, 'merge') : ''].filter(Boolean).join(' · ')}` : ''),
      'mono',
    ),
    td(h(c.title), 'title'),
    td(h(c.author ?? '—')),
    td(c.approvers.length ? `${list(c.approvers)}<br>${day(c.approvedAt)}` : '<span class="no">none</span>'),
    td(yesNo(c.independentApproval)),
    td(`${checksCell(c.checks)}<br><span class="mono">${h(c.requiredChecks)}</span>`),
    td(protectionCell(c.protection), 'prot'),
    td(`${h(c.mergedBy ?? '—')}<br>${day(c.mergedAt)}`),
    td(list(c.tickets), 'nw'),
    td(`${c.newFindings} / ${c.fixedFindings}`, 'n'),
    td(list(c.failedCriteria)),
    td(h(c.digest.replace(/^sha256:/, '').slice(0, 12)), 'mono'),
  ]),
  'No changes were merged in the window.',
  13,
)}
</tbody></table>`);
  out.push(`<h2>Required checks in force (${p.protection.length} period${p.protection.length === 1 ? '' : 's'})</h2>
<table><thead><tr><th>Repository</th><th>From</th><th>To</th><th>Required checks (branch protection and rulesets, as read at each merge)</th><th class="n">Changes</th></tr></thead><tbody>
${rows(
  p.protection.map((x) => [
    td(h(x.repository), 'mono'),
    td(day(x.from)),
    td(day(x.to)),
    td(x.requiredChecks === 'unavailable' ? '<span class="na">could not be read</span>' : x.requiredChecks.length ? list(x.requiredChecks) : '<span class="no">none required</span>'),
    td(String(x.changes), 'n'),
  ]),
  'No changes were merged in the window.',
  5,
)}
</tbody></table>`);
  out.push(`<h2>Register of risk acceptances (${p.riskAcceptances.length} active suppressions)</h2>
<table><thead><tr><th>Rule</th><th>Criteria</th><th>Reason</th><th>Owner (approved by)</th><th>Written by (git)</th><th class="n">Age (days)</th><th>Expires</th><th>Where</th></tr></thead><tbody>
${rows(
  p.riskAcceptances.map((r) => [
    td(h(r.ruleId), 'mono'),
    td(list(r.criteria)),
    td(h(r.reason)),
    td(`${r.acceptedIn ? `${h(r.owner)}<br>in ${link(r.acceptedInUrl, r.acceptedIn)}` : `<span class="na">${h(r.owner)}</span>`}`),
    td(`${h(r.gitAuthor ?? '—')}${r.commit ? `<br><span class="mono">${h(r.commit.slice(0, 12))}</span>` : ''}`),
    td(r.ageDays === null ? '—' : String(r.ageDays), 'n'),
    td(r.expires ? h(r.expires) : '<span class="na">no expiry</span>'),
    td(`${h(r.repository)}<br>${h(r.location)}`, 'mono'),
  ]),
  'No active suppressions.',
  8,
)}
</tbody></table>`);
  out.push(`<h2>Per-criterion summary</h2>
<table><thead><tr><th>Criterion</th><th class="n">Changes evaluated</th><th class="n">Passed</th><th class="n">Failed</th><th class="n">Suppressed</th><th class="n">Indeterminate</th><th class="n">New findings</th></tr></thead><tbody>
${rows(
  p.criteria.map((c) => [td(h(c.id)), td(String(c.changes), 'n'), td(String(c.passed), 'n'), td(String(c.failed), 'n'), td(String(c.suppressed), 'n'), td(String(c.indeterminate), 'n'), td(String(c.newFindings), 'n')]),
  'No scan results in the window.',
  7,
)}
</tbody></table>
<p class="note">Each change is one evidence record in a hash-chained ledger; "Record" is the start of its sha256 digest. Re-check the ledger with <span class="mono">trustgate evidence verify LEDGER</span>. An approval counts only when it was given on the merged head commit by someone who neither opened the pull request nor authored its commits, and was not dismissed or superseded. Produced by Trustgate.</p>
</body></html>
`);
  return out.join('\n');
}
