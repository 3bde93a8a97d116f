// Build an evidence record from what GitHub says about the change (PR, reviews, commits, checks),
// what git says (changed files, who added each suppression) and the scans of the base and the head.
import type { Config } from '../config.js';
import { relPath } from '../report/paths.js';
import type { RuleMeta, ScanResult, Severity } from '../types.js';
import { canonicalJson, recordDigest, recordSignature, sha256, sha256Hex } from './canonical.js';
import type { GhCheckRun, GhCommit, GhPull, GhReview, GhStatus } from '../github.js';
import { impliedExceptions } from './consistency.js';
import { suppressionKey } from './suppressions.js';
import {
  SCHEMA_VERSION,
  type ChangedFile,
  type CheckEvidence,
  type CriterionEvidence,
  type EvidenceRecord,
  type FindingRef,
  type RequiredCheckResult,
  type ReviewEvidence,
  type PolicyChangeEvidence,
  type ProtectionSnapshot,
  type SuppressionEvidence,
  type Ticket,
} from './types.js';

export interface ScannedTree {
  scan: ScanResult;
  /** The directory the scan ran in (finding paths are made relative to it). */
  root: string;
  suppressions: SuppressionEvidence[];
}

export interface EvidenceInputs {
  repository: string;
  kind: 'pull_request' | 'merge';
  pull: GhPull | null;
  reviews: GhReview[];
  commits: GhCommit[];
  checkRuns: GhCheckRun[] | 'unavailable';
  statuses: GhStatus[] | 'unavailable';
  requiredChecks: string[] | 'unavailable';
  /** Branch protection and rulesets of the base branch, read at record time. */
  protection?: ProtectionSnapshot;
  baseSha: string;
  headSha: string;
  mergeSha: string | null;
  files: ChangedFile[];
  head: ScannedTree;
  base: ScannedTree | null;
  rules: RuleMeta[];
  config: Config;
  now: Date;
  previous: string | null;
  run?: EvidenceRecord['run'];
  /** Who pushed, for a change that reached the default branch without a PR. */
  pusher?: string | null;
  /** How the change weakens the gate itself (the Action's change rules), when known. */
  policyChanges?: PolicyChangeEvidence[];
  /** Maximum entries per findings list (counts stay complete). */
  maxFindings?: number;
  /** The event payload's pull_request.state: the fallback when the API's pull request lacks one. */
  eventPullState?: string | null;
}

/**
 * The PR's state: merged when it has a merge time, else the API's open/closed, else the event's, else
 * closed when it has a closing time; null (unknown) when nothing says, never a guess.
 */
export function pullState(pull: GhPull, fromEvent?: string | null): 'open' | 'closed' | 'merged' | null {
  if (pull.merged_at) return 'merged';
  for (const s of [pull.state as unknown, fromEvent]) if (s === 'open' || s === 'closed') return s;
  return (pull as { closed_at?: string | null }).closed_at ? 'closed' : null;
}

// ---- Digests -----------------------------------------------------------------------------------

/** sha256 of the canonical JSON of every rule's metadata, sorted by id: changes when any rule does. */
export function rulesetDigest(rules: RuleMeta[]): string {
  const metas = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1)).map((r) => {
    const { check: _c, ...m } = r as RuleMeta & { check?: unknown };
    void _c;
    return m;
  });
  return sha256(canonicalJson(metas));
}

/** sha256 of the effective configuration (not the file's bytes: comments and order do not matter). */
export function configDigest(c: Config): string {
  const sortObj = <V>(m: Map<string, V>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
  return sha256(
    canonicalJson({
      exclude: c.exclude,
      disabled: [...c.disabled].sort(),
      severity: sortObj(c.severity),
      options: sortObj(c.options),
      failOn: c.failOn ?? null,
      persona: c.persona,
      limits: c.limits,
      audit: c.audit,
    }),
  );
}

// ---- Tickets -----------------------------------------------------------------------------------

const NOT_TICKETS = new Set(['SHA', 'UTF', 'ISO', 'RFC', 'TLS', 'SSL', 'HTTP', 'AES', 'RSA', 'CVE', 'CWE', 'GHSA', 'SOC', 'PCI', 'ECDSA', 'X', 'WIN', 'CP', 'EC']);

export function findTickets(title: string, body: string | null, branch: string): Ticket[] {
  const found = new Map<string, Ticket>();
  const add = (ref: string, kind: Ticket['kind'], source: Ticket['sources'][number]) => {
    const t = found.get(ref) ?? { ref, kind, sources: [] };
    if (!t.sources.includes(source)) t.sources.push(source);
    found.set(ref, t);
  };
  const scanText = (text: string, source: Ticket['sources'][number]) => {
    const s = text.slice(0, 65536);
    for (const m of s.matchAll(/(?<![\w/.-])([A-Za-z0-9][\w.-]{0,38}\/[\w.-]{1,100})#(\d{1,9})\b/g)) add(`${m[1]}#${m[2]}`, 'issue', source);
    for (const m of s.matchAll(/(?<![\w/#&-])#(\d{1,9})\b/g)) add(`#${m[1]}`, 'issue', source);
    for (const m of s.matchAll(/(?<![\w-])([A-Z][A-Z0-9]{0,9})-(\d{1,7})(?![\w-])/g)) if (!NOT_TICKETS.has(m[1])) add(`${m[1]}-${m[2]}`, 'key', source);
  };
  scanText(title, 'title');
  if (body) scanText(body, 'body');
  // Branches: "feature/ABC-123-thing" (keys, any case) and GitHub's "123-fix-thing" issue branches.
  for (const m of branch.slice(0, 1024).matchAll(/(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9]{0,9})-(\d{1,7})(?=$|[-_/.])/g)) {
    const k = m[1].toUpperCase();
    if (!NOT_TICKETS.has(k)) add(`${k}-${m[2]}`, 'key', 'branch');
  }
  const issueBranch = /^(\d{1,9})-/.exec(branch);
  if (issueBranch) add(`#${issueBranch[1]}`, 'issue', 'branch');
  return [...found.values()].sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

// ---- Reviews -----------------------------------------------------------------------------------

export function evaluateReviews(reviews: GhReview[], author: string | null, commitAuthors: string[], headSha: string): { reviews: ReviewEvidence[]; approvers: string[] } {
  const lc = (s: string | null | undefined) => (s ?? '').toLowerCase();
  const sorted = [...reviews].sort((a, b) => (a.submitted_at ?? '').localeCompare(b.submitted_at ?? '') || a.id - b.id);
  // A reviewer's latest approve / request-changes / dismissed review is the one in force.
  const latest = new Map<string, GhReview>();
  for (const r of sorted) if (r.user && ['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'].includes(r.state)) latest.set(lc(r.user.login), r);
  const committers = new Set(commitAuthors.map(lc));
  const out: ReviewEvidence[] = [];
  const approvers = new Set<string>();
  for (const r of sorted) {
    if (r.state === 'PENDING') continue;
    const who = r.user?.login ?? '(deleted user)';
    let why: ReviewEvidence['notCountedBecause'] = null;
    if (r.state === 'DISMISSED') why = 'dismissed';
    else if (r.state !== 'APPROVED') why = 'not-an-approval';
    else if (author && lc(who) === lc(author)) why = 'by-author';
    else if (committers.has(lc(who))) why = 'commit-author';
    else if (latest.get(lc(who)) !== r) why = 'superseded';
    else if (r.commit_id !== headSha) why = 'older-commit';
    if (!why) approvers.add(who);
    out.push({ reviewer: who, state: r.state, submittedAt: r.submitted_at ?? null, commitId: r.commit_id ?? null, countsAsApproval: !why, notCountedBecause: why });
  }
  return { reviews: out, approvers: [...approvers].sort() };
}

// ---- Checks ------------------------------------------------------------------------------------

const runResult = (status: string, conclusion: string | null): RequiredCheckResult['result'] => {
  if (status !== 'completed') return 'pending';
  switch (conclusion) {
    case 'success':
      return 'success';
    case 'failure':
    case 'timed_out':
    case 'action_required':
    case 'startup_failure':
      return 'failure';
    case 'neutral':
      return 'neutral';
    case 'skipped':
      return 'skipped';
    case 'cancelled':
      return 'cancelled';
    default:
      return 'other';
  }
};
const statusResult = (state: string): RequiredCheckResult['result'] => (state === 'success' ? 'success' : state === 'pending' ? 'pending' : state === 'failure' || state === 'error' ? 'failure' : 'other');

export function evaluateChecks(runs: GhCheckRun[] | 'unavailable', statuses: GhStatus[] | 'unavailable', required: string[] | 'unavailable', sha: string): EvidenceRecord['checks'] {
  const req = new Set(required === 'unavailable' ? [] : required);
  let list: CheckEvidence[] | 'unavailable' = 'unavailable';
  const results = new Map<string, { at: string; r: RequiredCheckResult['result'] }>();
  const note = (name: string, at: string, r: RequiredCheckResult['result']) => {
    const prev = results.get(name);
    if (!prev || at >= prev.at) results.set(name, { at, r });
  };
  if (runs !== 'unavailable' || statuses !== 'unavailable') {
    list = [];
    for (const c of runs === 'unavailable' ? [] : runs) {
      list.push({ name: c.name, source: 'check-run', status: c.status, conclusion: c.conclusion, sha: c.head_sha || sha, completedAt: c.completed_at, required: req.has(c.name) });
      note(c.name, c.completed_at ?? '9999', runResult(c.status, c.conclusion));
    }
    for (const s of statuses === 'unavailable' ? [] : statuses) {
      list.push({ name: s.context, source: 'status', status: s.state === 'pending' ? 'in_progress' : 'completed', conclusion: s.state === 'pending' ? null : s.state, sha, completedAt: s.updated_at ?? null, required: req.has(s.context) });
      note(s.context, s.updated_at ?? '9999', statusResult(s.state));
    }
    list.sort((a, b) => a.name.localeCompare(b.name) || (a.completedAt ?? '').localeCompare(b.completedAt ?? ''));
  }
  const requiredResults: RequiredCheckResult[] | 'unavailable' =
    required === 'unavailable' ? 'unavailable' : [...required].sort().map((name) => ({ name, result: list === 'unavailable' ? 'missing' : (results.get(name)?.r ?? 'missing') }));
  let considered: RequiredCheckResult['result'][] | null = null;
  if (requiredResults !== 'unavailable' && requiredResults.length && list !== 'unavailable') considered = requiredResults.map((r) => r.result);
  else if (list !== 'unavailable') considered = [...results.values()].map((x) => x.r);
  let passed: boolean | null = null;
  if (considered) {
    if (considered.some((r) => r === 'failure' || r === 'cancelled' || r === 'missing')) passed = false;
    else if (considered.some((r) => r === 'pending') || !considered.length) passed = null;
    else passed = true;
  }
  return { required: requiredResults, runs: list, passed };
}

// ---- Findings ----------------------------------------------------------------------------------

export const findingKey = (ruleId: string, file: string, message: string) => sha256Hex(`${ruleId}\0${file}\0${message}`).slice(0, 16);

function refs(t: ScannedTree): FindingRef[] {
  return t.scan.findings.map((f) => {
    const file = relPath(f.location.file, t.root);
    return { key: findingKey(f.ruleId, file, f.message), ruleId: f.ruleId, file, line: f.location.startLine, message: f.message, severity: f.severity as Severity, controls: f.controls, suppressed: f.suppressed };
  });
}

export function diffFindings(head: ScannedTree, base: ScannedTree | null, max = 200): EvidenceRecord['findings'] {
  const h = refs(head);
  const b = base ? refs(base) : [];
  const baseCount = new Map<string, number>();
  for (const f of b) baseCount.set(f.key, (baseCount.get(f.key) ?? 0) + 1);
  const headCount = new Map<string, number>();
  const nw: FindingRef[] = [];
  const pre: FindingRef[] = [];
  for (const f of h) {
    const seen = (headCount.get(f.key) ?? 0) + 1;
    headCount.set(f.key, seen);
    (base && seen <= (baseCount.get(f.key) ?? 0) ? pre : nw).push(f);
  }
  const fixed: FindingRef[] = [];
  const used = new Map<string, number>();
  for (const f of b) {
    const n = (used.get(f.key) ?? 0) + 1;
    used.set(f.key, n);
    if (n > (headCount.get(f.key) ?? 0)) fixed.push(f);
  }
  const cut = (l: FindingRef[]) => l.slice(0, max);
  return {
    counts: { new: nw.length, fixed: fixed.length, preExisting: pre.length },
    new: cut(nw),
    fixed: cut(fixed),
    preExisting: cut(pre),
    truncated: nw.length > max || fixed.length > max || pre.length > max,
    baseScanned: !!base,
  };
}

export function criteriaResults(head: ScanResult, newFindings: FindingRef[]): CriterionEvidence[] {
  // Criteria nothing applicable was scanned for are not evidence either way (core/soc2/verdict.ts).
  return Object.entries(head.summary.byControl)
    .filter(([, c]) => c.verdict !== 'not-evaluated')
    .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
    .map(([id, c]) => ({
      id,
      result: c.failed ? 'failed' : c.suppressed ? 'suppressed' : c.verdict === 'incomplete' ? 'indeterminate' : 'passed',
      rules: c.rules,
      failed: c.failed,
      suppressed: c.suppressed,
      indeterminate: c.indeterminate,
      newFindings: newFindings.filter((f) => !f.suppressed && f.controls.includes(id)).length,
    }));
}

export function diffSuppressions(head: SuppressionEvidence[], base: SuppressionEvidence[] | null, today: string): EvidenceRecord['suppressions'] {
  const baseKeys = new Set((base ?? []).map(suppressionKey));
  const headKeys = new Set(head.map(suppressionKey));
  const expired = head.filter((s) => s.expires !== null && s.expires < today);
  return {
    added: base ? head.filter((s) => !baseKeys.has(suppressionKey(s))) : [],
    removed: (base ?? []).filter((s) => !headKeys.has(suppressionKey(s))),
    expired,
    active: head.filter((s) => !expired.includes(s)),
  };
}

// ---- The record --------------------------------------------------------------------------------

export function buildRecord(i: EvidenceInputs): EvidenceRecord {
  const pull = i.pull;
  const author = pull?.user?.login ?? (i.kind === 'merge' ? (i.commits[0]?.author?.login ?? i.pusher ?? null) : null);
  const commitAuthors = [...new Set(i.commits.map((c) => c.author?.login ?? c.commit.author?.name ?? '').filter(Boolean))].sort();
  // Evidence of review is tied to the PR's head commit: the one that was approved (and merged).
  const reviewedSha = pull?.head.sha ?? i.headSha;
  const { reviews, approvers } = evaluateReviews(i.reviews, pull?.user?.login ?? null, commitAuthors.filter((a) => a !== pull?.user?.login), reviewedSha);
  const checks = evaluateChecks(i.checkRuns, i.statuses, i.requiredChecks, reviewedSha);
  const findings = diffFindings(i.head, i.base, i.maxFindings);
  const today = i.now.toISOString().slice(0, 10);
  const suppressions = diffSuppressions(i.head.suppressions, i.base?.suppressions ?? null, today);
  const tickets = pull ? findTickets(pull.title, pull.body, pull.head.ref) : [];
  const independentApproval = approvers.length > 0;
  const policyChanges = i.policyChanges;
  const exceptions = impliedExceptions({ pullRequest: pull, independentApproval, checks, suppressions, tickets, policyChanges });
  const mergedAt = pull?.merged_at ?? (i.kind === 'merge' ? i.now.toISOString() : null);
  const rec: Omit<EvidenceRecord, 'digest'> = {
    schemaVersion: SCHEMA_VERSION,
    kind: i.kind,
    repository: i.repository,
    pullRequest: pull
      ? {
          number: pull.number,
          title: pull.title,
          url: pull.html_url,
          state: pullState(pull, i.eventPullState),
          draft: !!pull.draft,
          baseRef: pull.base.ref,
          headRef: pull.head.ref,
          labels: (pull.labels ?? []).map((l) => l.name).sort(),
          createdAt: pull.created_at ?? null,
        }
      : null,
    author,
    commits: { base: i.baseSha, head: reviewedSha, merge: i.mergeSha ?? pull?.merge_commit_sha ?? null, authors: commitAuthors, count: i.commits.length },
    merge: mergedAt ? { mergedBy: pull?.merged_by?.login ?? (pull ? null : (i.pusher ?? null)), mergedAt } : null,
    tickets,
    reviews,
    independentApproval,
    approvers,
    checks,
    files: i.files,
    scanner: { name: 'trustgate', version: i.head.scan.tool.version, rulesetDigest: rulesetDigest(i.rules), configDigest: configDigest(i.config), rules: i.rules.length },
    findings,
    suppressions,
    criteria: criteriaResults(i.head.scan, findings.new),
    exceptions,
    ...(policyChanges ? { policyChanges } : {}),
    ...(i.protection ? { protection: i.protection } : {}),
    run: i.run ?? null,
    timestamps: { recordedAt: i.now.toISOString(), prCreatedAt: pull?.created_at ?? null, prUpdatedAt: pull?.updated_at ?? null, mergedAt },
    previous: i.previous,
  };
  return seal(rec);
}

/** Set `previous` (optional), sign with `hmacKey` (optional), and compute `digest`. */
export function seal(rec: Omit<EvidenceRecord, 'digest'> | EvidenceRecord, previous?: string | null, hmacKey?: string): EvidenceRecord {
  const { digest: _d, signature: _s, ...rest } = rec as EvidenceRecord;
  void _d;
  void _s;
  const unsigned = previous === undefined ? rest : { ...rest, previous };
  const body = hmacKey ? { ...unsigned, signature: recordSignature(unsigned, hmacKey) } : unsigned;
  return { ...body, digest: recordDigest(body) } as EvidenceRecord;
}
