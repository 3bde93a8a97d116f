// One call that gathers everything for a record: GitHub (PR, reviews, commits, checks, required
// checks), git (changed IaC files, blame) and two scans (base and head). The base is read through git
// plumbing (core/git-tree.ts: no checkout, nothing from the repository runs); a caller that already
// scanned both sides (the Action) passes its scans instead of scanning twice.
import type { Config } from '../config.js';
import { scan } from '../engine.js';
import type { Rule } from '../rule.js';
import { ruleMeta } from '../rule.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ScanResult } from '../types.js';
import { materializeCommit } from '../git-tree.js';
import { readBranchProtection, requiredChecksOf } from '../branch-protection.js';
import { changedIacFiles, hasCommit } from './git.js';
import type { GhPull, GitHubApi } from '../github.js';
import { buildRecord, type ScannedTree } from './record.js';
import { collectSuppressions } from './suppressions.js';
import type { EvidenceRecord } from './types.js';

export interface CollectOptions {
  api: GitHubApi;
  /** A git checkout of the head (or merge) commit; the scans and blame run here. */
  repoDir: string;
  rules: Rule[];
  config: Config;
  /** pull_request: the PR number. merge: the pushed commit on the default branch. */
  event: { kind: 'pull_request'; number: number; /** The event payload's pull_request.state, if any. */ state?: string | null } | { kind: 'merge'; sha: string; before?: string | null; defaultBranch: string; pusher?: string | null };
  run?: EvidenceRecord['run'];
  now?: Date;
  /** Notices (e.g. "base not available locally") for the log. */
  log?: (msg: string) => void;
  /** What to scan, relative to repoDir (the Action's `path` input). Default the whole tree. */
  paths?: string[];
  /**
   * Scans already made of the head tree (repoDir) and of the base tree (materialised in `dir`; null:
   * not available). Given, they are used as they are; nothing is scanned again.
   */
  scanned?: { head: ScanResult; base: { result: ScanResult; dir: string } | null };
  /** How the change weakens the gate (the Action's change rules); recorded with the exception they imply. */
  policyChanges?: EvidenceRecord['policyChanges'];
}

async function scanTree(root: string, paths: string[], rules: Rule[], config: Config, blame: { repo: string; sha: string } | undefined, done?: ScanResult): Promise<ScannedTree> {
  const result = done ?? (await scan({ paths, cwd: root, config, rules }));
  return { scan: result, root, suppressions: collectSuppressions(root, rules.map(ruleMeta), blame) };
}

export async function collectEvidence(o: CollectOptions): Promise<Omit<EvidenceRecord, 'digest'>> {
  const { api } = o;
  const log = o.log ?? (() => {});
  let pull: GhPull | null = null;
  let headSha: string;
  let baseSha: string;
  let mergeSha: string | null = null;
  if (o.event.kind === 'pull_request') {
    pull = await api.pull(o.event.number);
    headSha = pull.head.sha;
    baseSha = pull.base.sha;
  } else {
    const pushed = o.event.sha;
    mergeSha = pushed;
    const pulls = await api.pullsForCommit(pushed);
    pull = pulls.find((p) => p.merge_commit_sha === pushed && p.merged_at) ?? pulls.find((p) => p.merged_at) ?? null;
    if (pull) pull = await api.pull(pull.number);
    headSha = pull?.head.sha ?? o.event.sha;
    baseSha = pull?.base.sha ?? o.event.before ?? o.event.sha;
  }
  const [reviews, commits] = pull ? await Promise.all([api.reviews(pull.number), api.commits(pull.number)]) : [[], []];
  // The protection in force on the branch the change goes into, as it stands when the record is written.
  const [checkRuns, statuses, protection] = await Promise.all([
    api.checkRuns(headSha),
    api.statuses(headSha),
    readBranchProtection(api, pull?.base.ref ?? (o.event.kind === 'merge' ? o.event.defaultBranch : 'main')),
  ]);
  // What is scanned: the tree of the commit checked out (head, or the merge commit on push).
  const treeSha = mergeSha ?? headSha;
  const gitOk = hasCommit(o.repoDir, treeSha);
  const paths = o.paths ?? ['.'];
  const head = await scanTree(o.repoDir, paths, o.rules, o.config, gitOk ? { repo: o.repoDir, sha: treeSha } : undefined, o.scanned?.head);
  let base: ScannedTree | null = null;
  let files: EvidenceRecord['files'] = [];
  if (gitOk && hasCommit(o.repoDir, baseSha) && baseSha !== treeSha) {
    const blame = { repo: o.repoDir, sha: baseSha };
    if (o.scanned?.base) base = await scanTree(o.scanned.base.dir, paths, o.rules, o.config, blame, o.scanned.base.result);
    else if (o.scanned?.base !== null) {
      const dest = mkdtempSync(join(tmpdir(), 'trustgate-base-'));
      try {
        const m = materializeCommit(o.repoDir, baseSha, dest);
        if ('unavailable' in m) log(`base commit ${baseSha.slice(0, 12)}: ${m.unavailable}; findings are not compared with the base`);
        else base = await scanTree(m.dir, paths, o.rules, o.config, blame);
      } finally {
        rmSync(dest, { recursive: true, force: true });
      }
    }
    files = changedIacFiles(o.repoDir, baseSha, treeSha);
  } else log(`base commit ${baseSha.slice(0, 12)} is not in the checkout (fetch it, e.g. fetch-depth: 0); findings are not compared with the base`);
  const rec = buildRecord({
    repository: `${api.owner}/${api.repo}`,
    kind: o.event.kind,
    pull,
    reviews,
    commits,
    checkRuns,
    statuses,
    requiredChecks: requiredChecksOf(protection),
    protection,
    baseSha,
    headSha,
    mergeSha,
    files,
    head,
    base,
    rules: o.rules.map(ruleMeta),
    config: o.config,
    now: o.now ?? new Date(),
    previous: null,
    run: o.run,
    pusher: o.event.kind === 'merge' ? (o.event.pusher ?? null) : null,
    policyChanges: o.policyChanges,
    eventPullState: o.event.kind === 'pull_request' ? o.event.state : undefined,
  });
  const { digest: _d, ...unsealed } = rec;
  void _d;
  return unsealed;
}
