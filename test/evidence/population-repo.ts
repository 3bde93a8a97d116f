// A real repository whose main branch received, in March 2026, one change of every kind the
// population report must tell apart, and the GitHub API's view of those pull requests (for the fake
// API on 127.0.0.1). The Action's bundle then records each push to main, as on a runner.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FakeState } from '../action/fake-github.js';

interface Who {
  name: string;
  email: string;
}
const MAINT: Who = { name: 'Main Tainer', email: 'maint@example.com' };
const ALICE: Who = { name: 'Alice Author', email: 'alice@example.com' };
const GITHUB: Who = { name: 'GitHub', email: 'noreply@github.com' };

export function sh(dir: string, args: string[], author: Who = MAINT, date = '2026-03-01T10:00:00Z', committer: Who = author, committedAt = date): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: author.name,
      GIT_AUTHOR_EMAIL: author.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_NAME: committer.name,
      GIT_COMMITTER_EMAIL: committer.email,
      GIT_COMMITTER_DATE: committedAt,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      HOME: dir,
    },
  }).trim();
}

function write(dir: string, files: Record<string, string>) {
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
}

function commit(dir: string, files: Record<string, string>, msg: string, author: Who, date: string, committer: Who = author, committedAt = date): string {
  write(dir, files);
  sh(dir, ['add', '-A'], author, date, committer, committedAt);
  sh(dir, ['commit', '-q', '--allow-empty', '-m', msg], author, date, committer, committedAt);
  return sh(dir, ['rev-parse', 'HEAD']);
}

const bucket = (name: string) => `resource "aws_s3_bucket" "${name}" {\n  bucket = "${name}"\n}\n`;

/** One push to main the Action records (or, for `unrecorded`, never ran on). */
export interface Push {
  sha: string;
  before: string;
  pusher: string;
  /** What the population must call it. */
  expect: string;
  /** The Action did not run for this push. */
  unrecorded?: boolean;
  label: string;
}

export interface PopulationRepo {
  dir: string;
  pushes: Push[];
  /** Commits on main, oldest first, in the window. */
  inWindow: { sha: string; expect: string; label: string }[];
  before: string;
  after: string;
  state: Partial<FakeState>;
  cleanup: () => void;
}

export function makePopulationRepo(): PopulationRepo {
  const dir = mkdtempSync(join(tmpdir(), 'tg-population-'));
  sh(dir, ['init', '-q', '-b', 'main']);
  const before = commit(dir, { 'README.md': '# infra\n', 'infra/main.tf': bucket('legacy') }, 'Initial infrastructure', MAINT, '2026-02-20T09:00:00Z');
  const pulls: FakeState['pulls'] = {};
  const reviews: FakeState['reviews'] = {};
  const commits: FakeState['commits'] = {};
  const checkRuns: FakeState['checkRuns'] = {};
  const commitPulls: FakeState['commitPulls'] = {};
  const pushes: Push[] = [];
  const inWindow: PopulationRepo['inWindow'] = [];
  const user = (login: string) => ({ login, type: 'User' });
  let tip = before;

  /** A PR: a feature branch off main's tip with the given commits, its API state, merged as `how`. */
  const pr = (
    n: number,
    day: number,
    how: 'merge' | 'squash' | 'rebase',
    o: { files: Record<string, string>[]; approve?: 'head' | 'first' | 'self'; failing?: boolean; expect: string; expectEach?: string[]; unrecorded?: boolean; label: string },
  ) => {
    const d = (h: number) => `2026-03-${String(day).padStart(2, '0')}T${String(h).padStart(2, '0')}:00:00Z`;
    const branch = `feature-${n}`;
    sh(dir, ['checkout', '-q', '-b', branch, tip]);
    const heads = o.files.map((f, i) => commit(dir, f, `Change ${n}.${i + 1}`, ALICE, d(9 + i)));
    const head = heads.at(-1)!;
    sh(dir, ['checkout', '-q', 'main']);
    let merged: string;
    const landed: string[] = [];
    if (how === 'merge') {
      sh(dir, ['merge', '-q', '--no-ff', '-m', `Merge pull request #${n} from acme/${branch}`, branch], GITHUB, d(14));
      merged = sh(dir, ['rev-parse', 'HEAD']);
      landed.push(merged);
    } else if (how === 'squash') {
      merged = commit(dir, Object.assign({}, ...o.files), `Change ${n} (#${n})`, ALICE, d(9), GITHUB, d(14));
      landed.push(merged);
    } else {
      // GitHub's rebase merge: each commit re-created on main, committed by GitHub at the same moment.
      for (const [i, f] of o.files.entries()) landed.push(commit(dir, f, `Change ${n}.${i + 1}`, ALICE, d(9 + i), GITHUB, d(14)));
      merged = landed.at(-1)!;
    }
    const approvedOn = o.approve === 'first' ? heads[0] : head;
    pulls[n] = {
      number: n,
      title: `Change ${n}`,
      body: `OPS-${n}`,
      html_url: `https://github.com/acme/infra/pull/${n}`,
      state: 'closed',
      draft: false,
      user: user('alice'),
      labels: [],
      created_at: d(8),
      updated_at: d(14),
      merged_at: d(14),
      merged_by: user(o.failing ? 'admin' : 'maint'),
      merge_commit_sha: merged,
      base: { ref: 'main', sha: tip },
      head: { ref: branch, sha: head },
    };
    reviews[n] = o.approve === undefined ? [] : [{ id: n * 10, user: user(o.approve === 'self' ? 'alice' : 'bob'), state: 'APPROVED', submitted_at: d(12), commit_id: approvedOn }];
    commits[n] = heads.map((sha, i) => ({ sha, author: user('alice'), commit: { author: { name: ALICE.name, email: ALICE.email, date: d(9 + i) } } }));
    checkRuns[head] = [{ id: n * 100, name: 'ci/test', head_sha: head, status: 'completed', conclusion: o.failing ? 'failure' : 'success', completed_at: d(13) }];
    for (const s of landed) commitPulls[s] = [n];
    landed.forEach((s, i) => inWindow.push({ sha: s, expect: o.expectEach?.[i] ?? o.expect, label: o.label }));
    pushes.push({ sha: merged, before: tip, pusher: o.failing ? 'admin' : 'maint', expect: o.expect, unrecorded: o.unrecorded, label: o.label });
    tip = merged;
  };

  // PR 1 also adds an IAM access key: TG-AWS-059, a rule introduced in 0.2.0 (new under a 0.1.0 pin).
  pr(1, 2, 'merge', { files: [{ 'infra/a.tf': bucket('a') + 'resource "aws_iam_access_key" "ci" {\n  user = "ci"\n}\n' }], approve: 'head', expect: 'covered', label: 'merge commit' });
  pr(2, 3, 'squash', { files: [{ 'infra/b.tf': bucket('b') }, { 'infra/b2.tf': bucket('b2') }], approve: 'head', expect: 'covered', label: 'squash' });
  pr(3, 4, 'rebase', { files: [{ 'infra/c.tf': bucket('c') }, { 'infra/c2.tf': bucket('c2') }], approve: 'head', expect: 'covered', label: 'rebase' });
  // A direct push by the maintainer; its subject is hostile markup, to be shown as text.
  const direct = commit(dir, { 'infra/d.tf': bucket('d') }, 'Hotfix <img src=x onerror=alert(1)> & "quotes"', MAINT, '2026-03-05T10:00:00Z');
  pushes.push({ sha: direct, before: tip, pusher: 'maint', expect: 'direct-push', label: 'direct push' });
  inWindow.push({ sha: direct, expect: 'direct-push', label: 'direct push' });
  tip = direct;
  pr(5, 6, 'merge', { files: [{ 'infra/e.tf': bucket('e') }], approve: 'head', failing: true, expect: 'admin-bypass', label: 'admin merge, failing required check' });
  pr(6, 7, 'squash', { files: [{ 'infra/f.tf': bucket('f') }], approve: 'self', expect: 'self-approved-or-unapproved', label: 'self-approved' });
  pr(7, 8, 'squash', { files: [{ 'infra/g.tf': bucket('g') }, { 'infra/g2.tf': bucket('g2') }], approve: 'first', expect: 'approved-older-commit', label: 'approved before the last push' });
  pr(8, 9, 'merge', { files: [{ 'infra/h.tf': bucket('h') }], approve: 'head', expect: 'no-ledger-record', unrecorded: true, label: 'the Action did not run' });
  pr(9, 10, 'squash', { files: [{ 'infra/i.tf': bucket('i') }], approve: 'head', expect: 'no-ledger-record', label: 'record removed from the ledger' });
  // After the window: not in the population.
  const after = commit(dir, { 'infra/z.tf': bucket('z') }, 'April change', MAINT, '2026-04-02T10:00:00Z');
  return {
    dir,
    pushes,
    inWindow,
    before,
    after,
    state: { pulls, reviews, commits, checkRuns, statuses: {}, protection: { main: ['ci/test'] }, commitPulls },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
