// Issue 16 §1, §2 and §5, end to end: the change being gated tries to switch the gate off or slip past
// it. The committed bundle runs as the runner runs it, in a real git checkout, against the GitHub API
// stand-in on 127.0.0.1. Each attack asserts the exit code, the annotation, the summary and comment
// section and the evidence record.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub, type FakeOptions } from './fake-github.js';
import { diffAnnotations, makePrRepo, prEvent, runAction, type PrRepo, type RunResult, type Tree } from './harness.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const ACL = 'resource "aws_s3_bucket_acl" "x" {\n  bucket = "b"\n  acl    = "public-read"\n}\n';
const N = 41;
const user = (login: string, type = 'User') => ({ login, type });

function pullState(repo: PrRepo, reviews: unknown[] = []): Partial<FakeOptions> {
  return {
    pulls: {
      [N]: {
        number: N,
        title: 'Partner exports (OPS-7)',
        body: null,
        html_url: `https://github.com/acme/infra/pull/${N}`,
        state: 'open',
        draft: false,
        user: user('octocat'),
        labels: [],
        created_at: '2026-12-01T09:00:00Z',
        updated_at: '2026-12-01T10:00:00Z',
        merged_at: null,
        merged_by: null,
        merge_commit_sha: null,
        base: { ref: 'main', sha: repo.baseSha },
        head: { ref: 'feature', sha: repo.headSha },
      },
    },
    reviews: { [N]: reviews },
    commits: { [N]: [{ sha: repo.headSha, author: user('octocat'), commit: { author: { name: 'octocat' }, message: 'head' } }] },
  };
}

async function pr(base: Tree, head: Tree, o: { inputs?: Record<string, string>; fake?: Partial<FakeOptions>; reviews?: unknown[]; eventName?: string } = {}): Promise<RunResult & { repo: PrRepo }> {
  const repo = makePrRepo(base, head);
  gh = await startFakeGitHub({ prFiles: repo.prFiles, ...pullState(repo, o.reviews), ...o.fake });
  const r = await runAction({ workspace: repo.dir, event: prEvent(N, repo), eventName: o.eventName, apiUrl: gh.url, inputs: o.inputs });
  return { ...r, repo };
}

/** Annotations on the diff, from whichever channel carried them (check run or workflow commands). */
const annotations = (r: RunResult, level?: string) => diffAnnotations(r, gh?.checkRuns).filter((c) => !level || c.command === level);
const at = (r: RunResult, file: string, line: number) => annotations(r).filter((c) => c.props.file === file && Number(c.props.line) === line);
const failure = (r: RunResult) => r.commands.filter((c) => c.command === 'error' && !c.props.file).map((c) => c.message).join('\n');
const evidence = (r: RunResult) => JSON.parse(readFileSync(r.outputs['evidence-file'], 'utf8'));
/** Markdown as its reader sees the words: escapes undone. */
const plain = (md: string) => md.replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, '$1').replace(/\u200d/g, '');
/** The summary with collapsed <details> blocks removed: what a reviewer sees without clicking. */
const visible = (md: string) => plain(md.replace(/<details>[\s\S]*?<\/details>/g, ''));

describe('policy from the trusted side (config-source: base)', () => {
  it.each([
    ['disables the rule its own change breaks', 'rules:\n  disable: [TG-AWS-004]\n', 2, /disables TG-AWS-004/],
    ['excludes everything', 'exclude: ["**"]\n', 1, /excludes "\*\*" from the scan/],
    ['shrinks maxFileBytes so nothing is read', 'limits:\n  maxFileBytes: 10\n', 2, /lowers limits\.maxFileBytes from 5242880 to 10/],
    ['downgrades the severity below fail-on', 'rules:\n  severity:\n    TG-AWS-004: low\n', 3, /lowers TG-AWS-004 from critical to low/],
  ])('a pull request that %s: the base policy gates, and the weakening is a finding on its line', async (_name, config, line, message) => {
    const r = await pr({ 'README.md': 'x\n' }, { 'infra/acl.tf': ACL, '.trustgate.yml': config });
    expect(r.code).toBe(1);
    // The insecure change is still found, under the base (built-in) policy.
    expect(annotations(r, 'error').some((c) => c.props.file === 'infra/acl.tf' && /TG-AWS-004/.test(c.props.title ?? ''))).toBe(true);
    const weak = at(r, '.trustgate.yml', line);
    expect(weak.map((c) => c.command)).toEqual(['error']);
    expect(weak[0].props.title).toMatch(/TG-CFG-001/);
    expect(weak[0].message).toMatch(message);
    for (const text of [visible(r.summary), visible(gh!.comments[0].body)]) {
      expect(text).toContain('### Policy changes in this pull request (1)');
      expect(text).toMatch(message);
    }
    expect(plain(r.summary)).toMatch(/policy from built-in defaults \(no config in the base commit\)/);
    const rec = evidence(r);
    expect(rec.exceptions).toContain('policy-weakened');
    expect(rec.policyChanges).toEqual([expect.objectContaining({ ruleId: 'TG-CFG-001', file: '.trustgate.yml', line })]);
  });

  it('a policy that is already in force on the base is not a change; its own rules are respected', async () => {
    const cfg = 'rules:\n  disable: [TG-AWS-004]\n';
    const r = await pr({ '.trustgate.yml': cfg }, { '.trustgate.yml': cfg, 'infra/acl.tf': ACL });
    expect(r.code).toBe(0);
    expect(annotations(r).filter((c) => /TG-AWS-004|TG-CFG/.test(c.props.title ?? ''))).toEqual([]);
    expect(r.summary).not.toContain('Policy changes');
    expect(evidence(r).exceptions).not.toContain('policy-weakened');
  });

  it('the base policy is read through the API when the base commit is not in the checkout', async () => {
    const repo = makePrRepo({ '.trustgate.yml': 'failOn: high\n' }, { 'infra/acl.tf': ACL, '.trustgate.yml': 'failOn: high\nrules:\n  disable: [TG-AWS-004]\n' });
    // A shallow checkout (actions/checkout's default depth 1): the base commit is not there.
    const { execFileSync } = await import('node:child_process');
    const shallow = mkdtempSync(join(tmpdir(), 'tg-shallow-'));
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo.dir}`, shallow]);
    gh = await startFakeGitHub({ prFiles: repo.prFiles, ...pullState(repo), files: { [repo.baseSha]: { '.trustgate.yml': 'failOn: high\n' } } });
    const r = await runAction({ workspace: shallow, event: prEvent(N, repo), apiUrl: gh.url });
    expect(r.code).toBe(1);
    expect(gh.requests.some((q) => q.path === '/repos/acme/infra/contents/.trustgate.yml' && q.query.ref === repo.baseSha)).toBe(true);
    expect(at(r, '.trustgate.yml', 3)[0]?.message).toMatch(/disables TG-AWS-004/);
    expect(plain(r.summary)).toMatch(/policy from \.trustgate\.yml \(base commit\)/);
  });

  it('config-source: head applies the pull request\'s own policy (documented opt-out)', async () => {
    const r = await pr({ 'README.md': 'x\n' }, { 'infra/acl.tf': ACL, '.trustgate.yml': 'rules:\n  disable: [TG-AWS-004]\n' }, { inputs: { 'config-source': 'head' } });
    expect(r.code).toBe(0);
    expect(annotations(r).filter((c) => /TG-AWS-004|TG-CFG-001/.test(c.props.title ?? ''))).toEqual([]);
  });
});

describe('exceptions the pull request adds', () => {
  const suppressed = 'resource "aws_s3_bucket_acl" "x" {\n  bucket = "b"\n  # trustgate:ignore TG-AWS-004 reason="partner portal needs anonymous reads" expires=2027-06-30\n  acl    = "public-read"\n}\n';

  it('a suppression of its own new finding still suppresses, but is announced on its line, in the comment and in the evidence', async () => {
    const r = await pr({ 'README.md': 'x\n' }, { 'infra/acl.tf': suppressed });
    expect(r.code).toBe(0);
    const w = at(r, 'infra/acl.tf', 3);
    expect(w.map((c) => c.command)).toEqual(['warning']);
    expect(w[0].message).toBe('new exception: TG-AWS-004 until 2027-06-30 by octocat: partner portal needs anonymous reads');
    expect(gh!.comments).toHaveLength(1);
    expect(gh!.comments[0].body).toContain('### New exceptions in this pull request (1)');
    expect(visible(r.summary)).toContain('new exception: TG-AWS-004 until 2027-06-30 by octocat');
    expect(evidence(r).suppressions.added).toEqual([expect.objectContaining({ ruleId: 'TG-AWS-004', file: 'infra/acl.tf' })]);
  });

  it('extending an existing suppression is a new exception too; an unchanged one is not', async () => {
    const old = suppressed.replace('2027-06-30', '2027-01-31');
    const r = await pr({ 'infra/acl.tf': old, 'infra/other.tf': old.replace('"x"', '"y"') }, { 'infra/acl.tf': suppressed, 'infra/other.tf': old.replace('"x"', '"y"') });
    expect(r.code).toBe(0);
    expect(at(r, 'infra/acl.tf', 3)[0]?.message).toBe('new exception: TG-AWS-004 until 2027-06-30 (extended from 2027-01-31) by octocat: partner portal needs anonymous reads');
    expect(at(r, 'infra/other.tf', 3)).toEqual([]);
  });

  it('exceptions-need-approval fails until someone other than the author (not a bot) approves the head commit', async () => {
    const inputs = { 'exceptions-need-approval': 'true' };
    const head = { 'infra/acl.tf': suppressed };
    const base = { 'README.md': 'x\n' };
    const none = await pr(base, head, { inputs });
    expect(none.code).toBe(1);
    expect(failure(none)).toMatch(/1 new exception .* await an approving review of the head commit by someone other than the author/);
    expect(visible(none.summary)).toMatch(/Also failing:[\s\S]*await an approving review/);
    await gh!.close();

    const self = await pr(base, head, { inputs, reviews: [] });
    const sha = self.repo.headSha;
    await gh!.close();
    const notCounting = [
      { id: 1, user: user('octocat'), state: 'APPROVED', submitted_at: '2026-12-01T11:00:00Z', commit_id: sha },
      { id: 2, user: user('renovate[bot]', 'Bot'), state: 'APPROVED', submitted_at: '2026-12-01T11:01:00Z', commit_id: sha },
    ];
    const repo = makePrRepo(base, head);
    const fix = (rs: typeof notCounting) => rs.map((x) => ({ ...x, commit_id: repo.headSha }));
    gh = await startFakeGitHub({ prFiles: repo.prFiles, ...pullState(repo, fix(notCounting)) });
    const byAuthorOrBot = await runAction({ workspace: repo.dir, event: prEvent(N, repo), apiUrl: gh.url, inputs });
    expect(byAuthorOrBot.code).toBe(1);
    await gh.close();

    const approved = [...fix(notCounting), { id: 3, user: user('carol'), state: 'APPROVED', submitted_at: '2026-12-01T12:00:00Z', commit_id: repo.headSha }];
    gh = await startFakeGitHub({ prFiles: repo.prFiles, ...pullState(repo, approved) });
    // The approval itself re-runs the gate (pull_request_review).
    const ok = await runAction({ workspace: repo.dir, event: { ...prEvent(N, repo), review: { state: 'approved' } }, eventName: 'pull_request_review', apiUrl: gh.url, inputs });
    expect(ok.code).toBe(0);
    expect(plain(ok.summary)).toMatch(/approved by carol on the head commit/);
  });
});

describe('what the change removes or hides is in scope', () => {
  const bucket = 'resource "aws_s3_bucket" "data" {\n  bucket = "acme-data"\n}\n';
  const versioning = 'resource "aws_s3_bucket_versioning" "data" {\n  bucket = aws_s3_bucket.data.id\n  versioning_configuration {\n    status = "Enabled"\n  }\n}\n';

  it('deleting the file that holds a bucket\'s versioning gates like editing it', async () => {
    const r = await pr({ 'infra/bucket.tf': bucket, 'infra/versioning.tf': versioning }, { 'infra/versioning.tf': null }, { inputs: { 'fail-on': 'medium' } });
    expect(r.code).toBe(1);
    expect(annotations(r).some((c) => c.props.file === 'infra/bucket.tf' && /TG-AWS-007/.test(c.props.title ?? ''))).toBe(true);
    expect(r.outputs['new-findings']).not.toBe('0');
  });

  it.each([
    ['the files API fails', { filesStatus: 500 } as Partial<FakeOptions>, /Listing the pull request files failed \(500/],
    ['the files API returns nothing', { prFiles: [] } as Partial<FakeOptions>, /returned no files/],
  ])('when %s, the change set comes from git diff of base...head, never "all pre-existing"', async (_n, fake, note) => {
    const old = 'resource "aws_s3_bucket_acl" "old" {\n  bucket = "o"\n  acl    = "public-read"\n}\n';
    const r = await pr({ 'infra/old.tf': old }, { 'infra/old.tf': old, 'infra/acl.tf': ACL }, { fake });
    expect(r.code).toBe(1);
    expect(plain(r.summary)).toMatch(note);
    expect(plain(r.summary)).toMatch(/changed file\(s\) were taken from git diff/);
    expect(plain(r.summary)).toMatch(/Scope: changed lines of pull request/);
    expect(annotations(r, 'error').filter((c) => /TG-AWS-004/.test(c.props.title ?? '')).map((c) => c.props.file)).toEqual(['infra/acl.tf']);
  });

  it('a PR over the 3,000-file API cap is diffed with git', async () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ filename: `docs/f${i}.md`, status: 'added' as const, additions: 1, deletions: 0, changes: 1, patch: '@@ -0,0 +1 @@\n+x', sha: '0'.repeat(40) }));
    const r = await pr({ 'README.md': 'x\n' }, { 'infra/acl.tf': ACL }, { fake: { prFiles: many } });
    expect(plain(r.summary)).toMatch(/stops at 3000 files/);
    expect(r.code).toBe(1);
    expect(annotations(r, 'error').some((c) => c.props.file === 'infra/acl.tf')).toBe(true);
  });

  it('a changed file that cannot be parsed does not pass green (fail-on-unscanned), and is listed in plain sight', async () => {
    // Kubernetes' decoder takes the last of duplicate keys; a strict parser refuses the file.
    const dup = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx@sha256:' + 'b'.repeat(64) + '\n      securityContext:\n        privileged: false\n        privileged: true\n';
    const r = await pr({ 'README.md': 'x\n' }, { 'k8s/pod.yaml': dup });
    expect(r.code).toBe(1);
    expect(failure(r)).toMatch(/1 changed file could not be scanned \(fail-on-unscanned\)/);
    expect(visible(r.summary)).toMatch(/### Changed files that could not be scanned \(1\)[\s\S]*k8s\/pod\.yaml:11/);
    expect(gh!.comments[0].body).toContain('Changed files that could not be scanned');
    await gh!.close();
    const off = await pr({ 'README.md': 'x\n' }, { 'k8s/pod.yaml': dup }, { inputs: { 'fail-on-unscanned': 'false' } });
    expect(off.code).toBe(0);
    expect(visible(off.summary)).toContain('### Changed files that could not be scanned (1)');
  });
});

describe('the workflow that runs the gate', () => {
  const wf = (withLines: string, extra = '') =>
    `name: trustgate\non: [pull_request]\njobs:\n  trustgate:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n      - id: gate\n        uses: trustgate-dev/trustgate@0123456789abcdef0123456789abcdef01234567${extra}\n        with:\n${withLines}`;
  const base = { '.github/workflows/trustgate.yml': wf('          fail-on: high\n') };

  it('fail-on: none and continue-on-error on the Trustgate step are findings on their lines', async () => {
    const r = await pr(base, { '.github/workflows/trustgate.yml': wf('          fail-on: none\n', '\n        continue-on-error: true') });
    expect(r.code).toBe(1);
    expect(at(r, '.github/workflows/trustgate.yml', 10)[0]?.message).toMatch(/continue-on-error on the Trustgate step/);
    expect(at(r, '.github/workflows/trustgate.yml', 12)[0]?.message).toMatch(/raises the Trustgate step's fail-on from high to none/);
    expect(visible(r.summary)).toContain('### Policy changes in this pull request (2)');
    expect(evidence(r).policyChanges.map((p: { ruleId: string }) => p.ruleId)).toEqual(['TG-CFG-002', 'TG-CFG-002']);
  });

  it('deleting the workflow is a finding although the file is gone', async () => {
    const r = await pr(base, { '.github/workflows/trustgate.yml': null, 'README.md': 'x\n' });
    expect(r.code).toBe(1);
    expect(visible(r.summary)).toMatch(/deletes the workflow that runs the Trustgate gate/);
    expect(evidence(r).exceptions).toContain('policy-weakened');
  });
});

describe('boolean inputs are YAML 1.2 core booleans everywhere', () => {
  it('`evidence: no` is an input error, not "yes"', async () => {
    const r = await pr({ 'README.md': 'x\n' }, { 'README.md': 'y\n' }, { inputs: { evidence: 'no' } });
    expect(r.code).toBe(1);
    expect(failure(r)).toMatch(/invalid input: input evidence must be true or false \(YAML 1\.2 core booleans\), not "no"/);
  });
});
