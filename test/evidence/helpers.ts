// Real git repositories in temp dirs, and the GitHub API state of a pull request over them.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FakeState } from '../action/fake-github.js';

export interface Person {
  name: string;
  email: string;
}
export const ALICE: Person = { name: 'Alice Author', email: 'alice@example.com' };
export const CAROL: Person = { name: 'Carol Risk', email: 'carol@example.com' };
export const MAINT: Person = { name: 'Main Tainer', email: 'maint@example.com' };

export function tempDir(prefix = 'tg-evidence-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function gitIn(dir: string, args: string[], who: Person = MAINT, date = '2026-03-01T10:00:00Z'): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: who.name,
      GIT_AUTHOR_EMAIL: who.email,
      GIT_COMMITTER_NAME: who.name,
      GIT_COMMITTER_EMAIL: who.email,
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date,
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: dir,
    },
  }).trim();
}

export function commitFiles(dir: string, files: Record<string, string | null>, msg: string, who: Person, date: string): string {
  for (const [p, text] of Object.entries(files)) {
    const abs = join(dir, p);
    if (text === null) rmSync(abs, { force: true });
    else {
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
    }
  }
  gitIn(dir, ['add', '-A'], who, date);
  gitIn(dir, ['commit', '-q', '-m', msg], who, date);
  return gitIn(dir, ['rev-parse', 'HEAD'], who, date);
}

const BASE_TF = `resource "aws_s3_bucket" "legacy" {
  bucket = "legacy-reports"
}

resource "aws_s3_bucket" "old" {
  bucket = "old-data"
}

# trustgate:ignore TG-AWS-001 reason="scratch bucket, deleted after the migration" expires=2026-01-31
resource "aws_s3_bucket" "scratch" {
  bucket = "scratch"
}
`;

const HEAD_TF_1 = `resource "aws_s3_bucket" "legacy" {
  # trustgate:ignore TG-AWS-001 reason="legacy bucket, logging arrives with the Q3 migration" expires=2099-12-31
  bucket = "legacy-reports"
}

resource "aws_s3_bucket" "old" {
  bucket = "old-data"
}

resource "aws_s3_bucket_logging" "old" {
  bucket        = aws_s3_bucket.old.id
  target_bucket = "log-bucket"
  target_prefix = "old/"
}

# trustgate:ignore TG-AWS-001 reason="scratch bucket, deleted after the migration" expires=2026-01-31
resource "aws_s3_bucket" "scratch" {
  bucket = "scratch"
}
`;

const NEW_TF = `resource "aws_s3_bucket" "uploads" {
  bucket = "customer-uploads"
}
`;

export interface Repo {
  dir: string;
  base: string;
  first: string;
  head: string;
  cleanup: () => void;
}

/**
 * main: one commit by the maintainer with two buckets lacking logging and a suppression (expired)
 * added by Carol. feature/OPS-42-bucket-logging by Alice: commit 1 suppresses "legacy" and fixes
 * "old"; commit 2 adds a new bucket without logging.
 */
export function makeRepo(): Repo {
  const t = tempDir();
  const dir = t.dir;
  gitIn(dir, ['init', '-q', '-b', 'main']);
  commitFiles(dir, { 'README.md': '# infra\n', 'infra/main.tf': BASE_TF.replace(/# trustgate:ignore[^\n]*\n/, '') }, 'Initial infrastructure', MAINT, '2026-01-05T09:00:00Z');
  const base = commitFiles(dir, { 'infra/main.tf': BASE_TF }, 'Accept the scratch bucket risk until January', CAROL, '2026-01-10T09:00:00Z');
  gitIn(dir, ['checkout', '-q', '-b', 'feature/OPS-42-bucket-logging']);
  const first = commitFiles(dir, { 'infra/main.tf': HEAD_TF_1 }, 'Log the old bucket; accept the legacy one', ALICE, '2026-03-02T09:00:00Z');
  const head = commitFiles(dir, { 'infra/uploads.tf': NEW_TF, 'docs/notes.txt': 'not IaC\n' }, 'Add the uploads bucket', ALICE, '2026-03-02T11:00:00Z');
  return { dir, base, first, head, cleanup: t.cleanup };
}

/** The API's view of the PR over `repo`, with the four kinds of review the record must judge. */
export function prState(repo: Repo, opts: { title?: string; merged?: boolean; mergeSha?: string; failing?: boolean } = {}): Partial<FakeState> {
  const n = 7;
  const user = (login: string) => ({ login, type: 'User' });
  return {
    pulls: {
      [n]: {
        number: n,
        title: opts.title ?? 'Bucket logging for old-data, accept legacy-reports (OPS-42)',
        body: 'Closes #12. See also acme/platform#99 and the risk note in SEC-7. Checksum uses SHA-256, not a ticket.',
        html_url: `https://github.com/acme/infra/pull/${n}`,
        state: opts.merged ? 'closed' : 'open',
        draft: false,
        user: user('alice'),
        labels: [{ name: 'infra' }],
        created_at: '2026-03-02T09:05:00Z',
        updated_at: '2026-03-02T12:00:00Z',
        merged_at: opts.merged ? '2026-03-02T13:00:00Z' : null,
        merged_by: opts.merged ? user('maint') : null,
        merge_commit_sha: opts.mergeSha ?? null,
        base: { ref: 'main', sha: repo.base },
        head: { ref: 'feature/OPS-42-bucket-logging', sha: repo.head },
      },
    },
    reviews: {
      [n]: [
        { id: 1, user: user('bob'), state: 'APPROVED', submitted_at: '2026-03-02T10:00:00Z', commit_id: repo.first },
        { id: 2, user: user('alice'), state: 'APPROVED', submitted_at: '2026-03-02T11:30:00Z', commit_id: repo.head },
        { id: 3, user: user('dave'), state: 'DISMISSED', submitted_at: '2026-03-02T11:40:00Z', commit_id: repo.head },
        { id: 4, user: user('erin'), state: 'COMMENTED', submitted_at: '2026-03-02T11:45:00Z', commit_id: repo.head },
        { id: 5, user: user('carol'), state: 'APPROVED', submitted_at: '2026-03-02T12:00:00Z', commit_id: repo.head },
      ],
    },
    commits: {
      [n]: [
        { sha: repo.first, author: user('alice'), commit: { author: { name: ALICE.name, email: ALICE.email, date: '2026-03-02T09:00:00Z' } } },
        { sha: repo.head, author: user('alice'), commit: { author: { name: ALICE.name, email: ALICE.email, date: '2026-03-02T11:00:00Z' } } },
      ],
    },
    checkRuns: {
      [repo.head]: [
        { id: 11, name: 'ci/test', head_sha: repo.head, status: 'completed', conclusion: opts.failing ? 'failure' : 'success', completed_at: '2026-03-02T11:20:00Z' },
        { id: 12, name: 'trustgate', head_sha: repo.head, status: 'completed', conclusion: 'success', completed_at: '2026-03-02T11:21:00Z' },
        { id: 13, name: 'lint', head_sha: repo.head, status: 'completed', conclusion: 'success', completed_at: '2026-03-02T11:19:00Z' },
      ],
    },
    statuses: { [repo.head]: [{ id: 21, context: 'deploy/plan', state: 'success', updated_at: '2026-03-02T11:22:00Z' }] },
    protection: { main: ['ci/test', 'trustgate'] },
    commitPulls: opts.mergeSha ? { [opts.mergeSha]: [n] } : {},
  };
}
