// CC8.1 population completeness: start from the protected branch's history, not from the ledger, and
// account for every commit that reached it in the audit window. Each first-parent commit is matched
// to the ledger's merge record (by the merge, squash or rebase commit SHA the Action recorded on the
// push) and classified: covered, or an exception an auditor must see (direct push, no independent
// approval, approval on an older commit, checks missing or failing, admin bypass, no ledger record).
// Git is read through plumbing only (core/evidence/git.ts: hooks off, no textconv, nothing executed).
import { compareVersions, pinnedVersion, type AuditPin } from '../audit.js';
import type { EvidenceRecord, FindingRef, RequiredCheckResult } from './types.js';
import { git } from './git.js';
import { compensationsAt, type CompensatingControl } from './compensations.js';
import { parseWindowDate } from './export.js';

/** The classes, most severe first: a change's class is the first of its exceptions (covered when none). */
export const POPULATION_CLASSES = [
  'direct-push',
  'admin-bypass',
  'self-approved-or-unapproved',
  'approved-older-commit',
  'checks-missing-or-failing',
  'no-ledger-record',
  'covered',
] as const;
export type PopulationClass = (typeof POPULATION_CLASSES)[number];
export type PopulationException = Exclude<PopulationClass, 'covered'>;

export const CLASS_LABEL: Record<PopulationClass, string> = {
  covered: 'Covered',
  'direct-push': 'Direct push (no pull request)',
  'admin-bypass': 'Admin bypass (merged while protection was not satisfied)',
  'self-approved-or-unapproved': 'Self-approved or unapproved',
  'approved-older-commit': 'Approved on an older commit',
  'checks-missing-or-failing': 'Checks missing or failing',
  'no-ledger-record': 'No ledger record (evidence gap)',
};

export interface BranchCommit {
  sha: string;
  parents: string[];
  authorName: string;
  authorEmail: string;
  authoredAt: string;
  committerName: string;
  committerEmail: string;
  committedAt: string;
  subject: string;
}

/**
 * What is known about one change, from its ledger record or from the GitHub API: the same facts,
 * whichever source, so one classification serves both. `pr` undefined = not known (no source).
 */
export interface ChangeFacts {
  source: 'ledger' | 'github';
  pr: { number: number; url: string; title: string; author: string | null; mergedBy: string | null; mergedAt: string | null } | null;
  approvers: string[];
  /** Someone other than the author approved, but on a commit before the merged head. */
  approvedOlder: boolean;
  checksPassed: boolean | null;
  requiredChecks: RequiredCheckResult[] | 'unavailable';
  /** Approving reviews branch protection or a ruleset requires; 'unknown' when not readable (ledger records do not hold it). */
  requiredReviews: number | 'unknown';
  headSha: string | null;
  runUrl: string | null;
  /** Rules of the scanner version that recorded the change (ledger only). */
  scanner: EvidenceRecord['scanner'] | null;
  /** Unsuppressed findings of the recorded change (ledger only): `new` ones it introduced, and all it left open. */
  findings: { new: FindingRef[]; open: FindingRef[]; newCount: number; truncated: boolean } | null;
}

export interface PopulationRow {
  sha: string;
  committedAt: string;
  author: string;
  committer: string;
  subject: string;
  /** "merge" (two parents), "single" (squash, rebase or direct). */
  shape: 'merge' | 'single';
  /** The PR number GitHub's merge or squash subject names ("Merge pull request #12", "Title (#12)"); a hint, not evidence. */
  prHint: number | null;
  /** Rebase-merged commits that are not the recorded head of their push are attributed to that push's record. */
  attributedTo: string | null;
  class: PopulationClass;
  exceptions: PopulationException[];
  reasons: string[];
  /** False when the facts to rule out an exception were not available (no record and no API). */
  complete: boolean;
  facts: ChangeFacts | null;
  recordDigest: string | null;
  /** Findings drift of a recorded change: regressions in the code vs findings of rules newer than the audit pin. */
  drift: Drift | null;
  links: { commit: string | null; pullRequest: string | null; run: string | null };
}

export interface Drift {
  /** Unsuppressed findings the change introduced, from rules the pinned ruleset has: a regression in the code. */
  regressions: number;
  /** Unsuppressed findings (introduced or left open) from rules introduced after the pin: a new rule, not the code. */
  newRule: number;
  newRuleIds: string[];
  /** The change was scanned by another Trustgate version than the pinned one (a scanner upgrade can move findings). */
  scannerVersion: string;
  otherScanner: boolean;
  /** The record's finding lists were cut at their limit: the split counts only what they hold. */
  truncated: boolean;
}

/** Split a recorded change's findings against the pin (no pin: every introduced finding is a regression). */
export function findingsDrift(f: ChangeFacts, pin: { version: string; introducedIn: Map<string, string> } | null): Drift | null {
  if (!f.findings || !f.scanner) return null;
  const isNew = (id: string) => !!pin && compareVersions(pin.introducedIn.get(id) ?? '0.0.0', pin.version) > 0;
  const newRule = f.findings.open.filter((x) => isNew(x.ruleId));
  return {
    regressions: pin ? f.findings.new.filter((x) => !isNew(x.ruleId)).length : f.findings.truncated ? f.findings.newCount : f.findings.new.length,
    newRule: newRule.length,
    newRuleIds: [...new Set(newRule.map((x) => x.ruleId))].sort(),
    scannerVersion: f.scanner.version,
    otherScanner: !!pin && f.scanner.version !== pin.version,
    truncated: f.findings.truncated,
  };
}

export interface PopulationQuery {
  repository: string | null;
  branch: string;
  window: { from: string; to: string };
  /** First-parent commits in the window: the oldest's parent (exclusive) .. the newest (inclusive). */
  range: { base: string | null; first: string | null; last: string | null; revList: string | null };
  ledger: { file: string | null; records: number; head: string | null; verified: boolean } | null;
  github: { api: string; enriched: number } | null;
  /** The ruleset pinned for the window (.trustgate.yml audit.ruleset), which splits regressions from new-rule findings. */
  pin: { ruleset: string; version: string | null; config: string | null } | null;
  tool: { name: 'trustgate'; version: string };
  generatedAt: string;
  command: string;
}

export interface PopulationReport {
  query: PopulationQuery;
  total: number;
  counts: Record<PopulationClass, number>;
  /** Commits carrying each exception (a commit can carry several; `counts` uses its first). */
  flagged: Record<PopulationException, number>;
  /** Findings of the recorded changes: regressions in the code vs findings of rules newer than the pin. */
  drift: { regressions: number; newRule: number; otherScanner: number };
  /** Compensating controls declared at the branch tip, each verified there. */
  compensations: CompensatingControl[];
  /** Which classifications are incomplete, and why. */
  incomplete: string[];
  rows: PopulationRow[];
}

// ---- git -------------------------------------------------------------------------------------

const SEP = '\x1f';
const FORMAT = ['%H', '%P', '%an', '%ae', '%aI', '%cn', '%ce', '%cI', '%s'].join('%x1f') + '%x1e';

export class PopulationError extends Error {}

/** The branch's tip: a local branch, else the remote-tracking one (a CI checkout has origin/BRANCH). */
export function branchTip(repo: string, branch: string): string {
  if (!/^[A-Za-z0-9._/-]+$/.test(branch) || branch.startsWith('-') || branch.includes('..')) throw new PopulationError(`"${branch}" is not a branch name`);
  for (const ref of [`refs/heads/${branch}`, `refs/remotes/origin/${branch}`]) {
    try {
      return git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
    } catch {
      /* try the next */
    }
  }
  throw new PopulationError(`no branch "${branch}" in ${repo} (neither refs/heads/${branch} nor refs/remotes/origin/${branch}); fetch it first`);
}

/** The branch's first-parent history, newest first. */
export function firstParentHistory(repo: string, tip: string): BranchCommit[] {
  const out = git(repo, ['-c', 'log.showSignature=false', 'log', '--first-parent', '--no-decorate', '--no-color', `--format=${FORMAT}`, tip, '--']);
  const commits: BranchCommit[] = [];
  for (const chunk of out.split('\x1e')) {
    const t = chunk.replace(/^\n/, '');
    if (!t) continue;
    const [sha, parents, an, ae, aI, cn, ce, cI, subject] = t.split(SEP);
    commits.push({ sha, parents: parents ? parents.split(' ') : [], authorName: an, authorEmail: ae, authoredAt: aI, committerName: cn, committerEmail: ce, committedAt: cI, subject: subject ?? '' });
  }
  return commits;
}

/** "Merge pull request #12 from …" (merge commit) or "Title (#12)" (squash): the PR the subject names. */
export function prFromSubject(subject: string): number | null {
  const m = /^Merge pull request #(\d{1,9}) from /.exec(subject) ?? /\(#(\d{1,9})\)\s*$/.exec(subject);
  return m ? Number(m[1]) : null;
}

// ---- facts from a ledger record ---------------------------------------------------------------

export function factsFromRecord(r: EvidenceRecord): ChangeFacts {
  return {
    source: 'ledger',
    pr: r.pullRequest ? { number: r.pullRequest.number, url: r.pullRequest.url, title: r.pullRequest.title, author: r.author, mergedBy: r.merge?.mergedBy ?? null, mergedAt: r.merge?.mergedAt ?? null } : null,
    approvers: r.approvers,
    approvedOlder: r.reviews.some((v) => v.notCountedBecause === 'older-commit'),
    checksPassed: r.checks.passed,
    requiredChecks: r.checks.required,
    requiredReviews: 'unknown',
    headSha: r.commits.head,
    runUrl: r.run?.url ?? null,
    scanner: r.scanner,
    findings: { new: r.findings.new.filter((f) => !f.suppressed), open: [...r.findings.new, ...r.findings.preExisting].filter((f) => !f.suppressed), newCount: r.findings.counts.new, truncated: r.findings.truncated },
  };
}

// ---- classification ----------------------------------------------------------------------------

/** The exceptions the facts show, in class order, with a sentence for each. */
export function classify(f: ChangeFacts | null, hasRecord: boolean): { exceptions: PopulationException[]; reasons: string[]; complete: boolean } {
  const found = new Map<PopulationException, string>();
  let complete = true;
  if (!hasRecord) found.set('no-ledger-record', 'no merge record in the ledger for this commit: the Action did not record it (a gap in the evidence itself)');
  if (!f) complete = false;
  else if (f.pr === null) found.set('direct-push', 'pushed to the branch without a pull request');
  if (f) {
    const required = f.requiredChecks === 'unavailable' ? [] : f.requiredChecks;
    const unmetChecks = required.filter((c) => c.result !== 'success');
    const unmetReviews = typeof f.requiredReviews === 'number' && f.pr !== null && f.approvers.length < f.requiredReviews;
    if (unmetChecks.length || unmetReviews)
      found.set(
        'admin-bypass',
        [
          unmetChecks.length ? `required check${unmetChecks.length > 1 ? 's' : ''} ${unmetChecks.map((c) => `${c.name} (${c.result})`).join(', ')} not green` : '',
          unmetReviews ? `${f.approvers.length} of ${f.requiredReviews} required approvals` : '',
        ]
          .filter(Boolean)
          .join('; ') + ` when it ${f.pr ? 'was merged' : 'was pushed'}: branch protection was bypassed`,
      );
    if (f.pr && !f.approvers.length) {
      if (f.approvedOlder) found.set('approved-older-commit', 'approved only on a commit before the merged head (changes were pushed after the approval)');
      else found.set('self-approved-or-unapproved', 'no approval by someone other than the author or a commit author');
    }
    if (f.pr && f.checksPassed !== true)
      found.set('checks-missing-or-failing', f.checksPassed === false ? 'checks failed or were missing on the merged head' : 'check results unavailable or pending on the merged head');
  }
  const exceptions = POPULATION_CLASSES.filter((c): c is PopulationException => c !== 'covered' && found.has(c));
  return { exceptions, reasons: exceptions.map((e) => found.get(e)!), complete };
}

// ---- the population ----------------------------------------------------------------------------

export interface Enrichment {
  facts: Map<string, ChangeFacts | null>;
  /** What protection requires now, applied to the ledger's records too (they do not hold it). */
  requiredReviews: number | 'unknown';
}

export interface PopulationOptions {
  repo: string;
  branch: string;
  from: string;
  to: string;
  /** Verified ledger records; undefined when no ledger was given. */
  records?: EvidenceRecord[];
  ledger?: PopulationQuery['ledger'];
  /** Facts from the GitHub API for commits the ledger does not explain (population-github.ts). */
  enrich?: (commits: BranchCommit[]) => Promise<Enrichment>;
  github?: { api: string };
  repository?: string | null;
  serverUrl?: string;
  version: string;
  /** The audit pin and each rule's introducedIn (the rules this Trustgate knows). */
  pin?: { audit: AuditPin; config: string | null; introducedIn: Map<string, string> };
  now?: Date;
  command?: string;
}

/** Seconds between two ISO times. */
const apart = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / 1000;

export async function buildPopulation(o: PopulationOptions): Promise<PopulationReport> {
  const from = parseWindowDate(o.from, false);
  const to = parseWindowDate(o.to, true);
  if (from > to) throw new PopulationError(`--from ${o.from} is after --to ${o.to}`);
  const tip = branchTip(o.repo, o.branch);
  const history = firstParentHistory(o.repo, tip); // newest first
  const inWindow = history.filter((c) => {
    const t = Date.parse(c.committedAt);
    return t >= from.getTime() && t <= to.getTime();
  });
  inWindow.reverse(); // oldest first
  // The ledger's merge records by the commit they recorded (the push's head); the last one wins.
  const bySha = new Map<string, EvidenceRecord>();
  const prRuns = new Map<number, number>();
  for (const r of o.records ?? []) {
    if (r.kind === 'merge' && r.commits.merge) bySha.set(r.commits.merge, r);
    else if (r.kind === 'pull_request' && r.pullRequest) prRuns.set(r.pullRequest.number, (prRuns.get(r.pullRequest.number) ?? 0) + 1);
  }
  // A rebase merge lands the PR's commits one after another, all committed by the same identity at the
  // same moment; the Action records the push once, at its last commit. Attribute the commits before it.
  const index = new Map(history.map((c, i) => [c.sha, i]));
  const attributed = new Map<string, string>();
  for (const [sha, r] of bySha) {
    const i = index.get(sha);
    if (i === undefined || !r.pullRequest || r.commits.count < 2) continue;
    const head = history[i];
    if (head.parents.length !== 1) continue;
    for (let k = 1; k < r.commits.count && i + k < history.length; k++) {
      const c = history[i + k];
      if (bySha.has(c.sha) || c.parents.length !== 1 || c.committerEmail !== head.committerEmail || apart(c.committedAt, head.committedAt) > 120) break;
      attributed.set(c.sha, sha);
    }
  }
  const unexplained = inWindow.filter((c) => !bySha.has(c.sha) && !attributed.has(c.sha));
  const api = o.enrich ? await o.enrich(unexplained) : undefined;
  const repository = o.repository ?? o.records?.find((r) => r.repository)?.repository ?? null;
  const server = (o.serverUrl ?? 'https://github.com').replace(/\/$/, '');
  const pinVersion = o.pin?.audit.ruleset ? (pinnedVersion(o.pin.audit.ruleset) ?? null) : null;
  const split = pinVersion && o.pin ? { version: pinVersion, introducedIn: o.pin.introducedIn } : null;
  const rows: PopulationRow[] = inWindow.map((c) => {
    const via = attributed.get(c.sha) ?? null;
    const rec = bySha.get(via ?? c.sha);
    const facts = rec ? { ...factsFromRecord(rec), requiredReviews: api?.requiredReviews ?? 'unknown' } : (api?.facts.get(c.sha) ?? null);
    const { exceptions, reasons, complete } = classify(facts, !!rec);
    const prHint = prFromSubject(c.subject);
    if (!rec && !facts) {
      const runs = prHint !== null ? prRuns.get(prHint) : undefined;
      reasons.push(
        prHint !== null
          ? `the subject names pull request #${prHint}${runs ? ` (the ledger holds ${runs} pull-request run(s) for it, but no merge record)` : ''}; approval and checks are unknown without --github`
          : 'pull request, approval and checks unknown without --github',
      );
    }
    if (via) reasons.push(`rebase-merged with ${via.slice(0, 12)} (same committer and time), recorded there`);
    return {
      sha: c.sha,
      committedAt: new Date(c.committedAt).toISOString(),
      author: `${c.authorName} <${c.authorEmail}>`,
      committer: `${c.committerName} <${c.committerEmail}>`,
      subject: c.subject,
      shape: c.parents.length > 1 ? 'merge' : 'single',
      prHint,
      attributedTo: via,
      class: exceptions[0] ?? 'covered',
      exceptions,
      reasons,
      complete: complete && !!facts,
      facts,
      recordDigest: rec?.digest ?? null,
      drift: facts && rec ? findingsDrift(facts, split) : null,
      links: {
        commit: repository ? `${server}/${repository}/commit/${c.sha}` : null,
        pullRequest: facts?.pr?.url ?? (repository && prHint !== null ? `${server}/${repository}/pull/${prHint}` : null),
        run: facts?.runUrl ?? null,
      },
    };
  });
  const counts = Object.fromEntries(POPULATION_CLASSES.map((c) => [c, 0])) as PopulationReport['counts'];
  const flagged = Object.fromEntries(POPULATION_CLASSES.filter((c) => c !== 'covered').map((c) => [c, 0])) as PopulationReport['flagged'];
  for (const r of rows) {
    counts[r.class]++;
    for (const e of r.exceptions) flagged[e]++;
  }
  const drift = { regressions: 0, newRule: 0, otherScanner: 0 };
  for (const r of rows)
    if (r.drift) {
      drift.regressions += r.drift.regressions;
      drift.newRule += r.drift.newRule;
      if (r.drift.otherScanner) drift.otherScanner++;
    }
  const incomplete: string[] = [];
  if (!split) incomplete.push('no ruleset is pinned for the window (.trustgate.yml audit.ruleset): every finding a change introduced counts as a regression in the code, none as a new rule');
  if (rows.some((r) => r.drift?.truncated)) incomplete.push('some records cut their finding lists at the limit: the regression / new-rule split counts only the listed findings');
  const unknown = rows.filter((r) => !r.complete).length;
  if (!o.records) incomplete.push('no ledger was given (--ledger): every commit is "no ledger record", and nothing more is known about it');
  if (unknown)
    incomplete.push(
      `${unknown} commit(s) without a ledger record ${o.enrich ? 'could not be read from the GitHub API' : 'are not classified further: without --github, whether they came through a pull request, were approved and passed checks is unknown'}`,
    );
  if (!o.enrich) {
    if (attributed.size) incomplete.push(`${[...attributed.keys()].filter((s) => rows.some((r) => r.sha === s)).length} rebase-merged commit(s) are attributed to their push's record by committer identity and time only (--github confirms the pull request)`);
    if (rows.some((r) => r.facts && r.facts.pr && !r.facts.approvers.length))
      incomplete.push('the number of approvals branch protection required is not in the ledger: a merge without approval under a review requirement shows as "self-approved or unapproved", not also "admin bypass" (--github reads the protection)');
  } else incomplete.push('branch protection and rulesets are read as they are now, not as they were at each merge');
  const first = rows[0]?.sha ?? null;
  const last = rows.at(-1)?.sha ?? null;
  const base = first ? (history[index.get(first)! + 1]?.sha ?? null) : null;
  return {
    query: {
      repository,
      branch: o.branch,
      window: { from: o.from, to: o.to },
      range: { base, first, last, revList: last ? `git rev-list --first-parent ${base ? `${base}..` : ''}${last}` : null },
      ledger: o.ledger ?? null,
      pin: o.pin?.audit.ruleset ? { ruleset: o.pin.audit.ruleset, version: pinVersion, config: o.pin.config } : null,
      github: o.github ? { api: o.github.api, enriched: api ? [...api.facts.values()].filter(Boolean).length : 0 } : null,
      tool: { name: 'trustgate', version: o.version },
      generatedAt: (o.now ?? new Date()).toISOString(),
      command: o.command ?? `trustgate evidence population --branch ${o.branch} --from ${o.from} --to ${o.to}`,
    },
    total: rows.length,
    counts,
    flagged,
    drift,
    compensations: compensationsAt(o.repo, tip),
    incomplete,
    rows,
  };
}
