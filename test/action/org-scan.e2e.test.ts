// Org mode end to end: the three jobs of .github/workflows/org-scan.yml run in order, as the runner
// runs them (test/action/workflow-runner.ts), against the fake GitHub on 127.0.0.1 listing 300
// repositories over three pages, their default branches served over git's smart HTTP from real
// bare repositories (several repositories share one, as their contents are alike): one with a broken
// file, one archived, one fork, one that answers 404. Checks the plan, the batches, the aggregated
// report and job summary, and that the token went only where it belongs.
import { visibleText } from '../markdown-render.js';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { git, ROOT, TOKEN } from './harness.js';
import { readWorkflow, runJob, type JobRun, type RunContext } from './workflow-runner.js';

const N = 300;
const name = (i: number) => `svc-${String(i).padStart(3, '0')}`;
const ARCHIVED = 7;
const FORK = 42;
const GONE = 13; // listed, but its git URL answers 404 (deleted or not visible to the token)
const BROKEN = 21;
const DENIED = 5; // branch protection answers 403

const CONTENTS: Record<string, Record<string, string>> = {
  // Terraform with findings, owned by the platform team.
  infra: {
    'CODEOWNERS': '# owners\n* @acme/platform\n/docs/ @acme/docs\n',
    'main.tf': 'resource "aws_security_group" "sg" {\n  name = "sg"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
  },
  // A clean workflow, owned by the web team.
  web: {
    '.github/CODEOWNERS': '* @acme/web\n',
    '.github/workflows/ci.yml': 'name: ci\non: [push]\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n',
  },
  // A privileged pod and no CODEOWNERS.
  k8s: {
    'deploy.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: registry.example.com/c@sha256:' + 'a'.repeat(64) + '\n      securityContext:\n        privileged: true\n',
  },
  // A Terraform file that does not parse, next to one that does.
  broken: {
    'CODEOWNERS': '* @acme/platform\n',
    'bad.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n',
    'main.tf': 'resource "aws_security_group" "sg" {\n  name = "sg"\n  ingress {\n    from_port   = 3389\n    to_port     = 3389\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n',
  },
};
const kindOf = (i: number) => (i === BROKEN ? 'broken' : ['infra', 'web', 'k8s'][i % 3]);

let tmp: string;
let gh: FakeGitHub;
const rc = (): RunContext => ({ inputs: {}, secrets: {}, env: {}, artifacts: '', needs: {} });
let run: RunContext;
let plan: JobRun[];
let scan: JobRun[];
let aggregate: JobRun[];
let wallMs: number;

function bareRepo(files: Record<string, string>): string {
  const work = mkdtempSync(join(tmp, 'src-'));
  git(work, 'init', '-q', '-b', 'main');
  for (const [p, c] of Object.entries(files)) {
    mkdirSync(dirname(join(work, p)), { recursive: true });
    writeFileSync(join(work, p), c);
  }
  git(work, 'add', '-A');
  git(work, 'commit', '-q', '-m', 'init');
  const bare = work + '.git';
  git(tmp, 'clone', '-q', '--bare', work, bare);
  return bare;
}

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'tg-org-e2e-'));
  const bare = Object.fromEntries(Object.entries(CONTENTS).map(([k, v]) => [k, bareRepo(v)]));
  const orgRepos = Array.from({ length: N }, (_, i) => ({
    name: name(i),
    full_name: `acme/${name(i)}`,
    default_branch: 'main',
    archived: i === ARCHIVED,
    fork: i === FORK,
    topics: i % 2 ? ['terraform'] : [],
  }));
  const gitRepos = Object.fromEntries(orgRepos.flatMap((r, i) => (i === GONE ? [] : [[r.full_name, bare[kindOf(i)]]])));
  const repoProtection: Record<string, { reviews: number; checks: string[] } | 'denied'> = {};
  for (let i = 0; i < N; i++) if (i % 4 === 0) repoProtection[`acme/${name(i)}`] = { reviews: 1, checks: ['ci'] };
  repoProtection[`acme/${name(DENIED)}`] = 'denied';
  gh = await startFakeGitHub({ orgRepos, git: gitRepos, repoProtection, pageSize: 100 });
  run = { ...rc(), inputs: { organisation: 'acme', 'batch-size': 50, persona: 'regular', 'fail-on': 'none', 'report-window': '2026-01-01..2026-06-30', 'trustgate-ref': 'main' }, secrets: { token: TOKEN }, env: { GITHUB_API_URL: gh.url, GITHUB_SERVER_URL: gh.url }, artifacts: join(tmp, 'artifacts') };
  mkdirSync(run.artifacts);
  const wf = readWorkflow(join(ROOT, '.github/workflows/org-scan.yml'));
  const t0 = Date.now();
  plan = await runJob(wf, 'plan', run);
  if (plan[0]?.result !== 'success') throw new Error('the plan job failed:\n' + stepLog(plan));
  scan = await runJob(wf, 'scan', run, 2);
  aggregate = await runJob(wf, 'aggregate', run);
  wallMs = Date.now() - t0;
}, 480_000);

afterAll(async () => {
  // The cost figures docs/org-scan.md quotes (printed, never asserted).
  if (scan?.length) {
    const scanMs = scan.reduce((a, s) => a + s.ms, 0);
    console.log(`org-scan e2e: ${N} repositories, ${scan.length} scan jobs; plan ${(plan[0].ms / 1000).toFixed(1)} s, scan ${(scanMs / 1000).toFixed(1)} s of job time (${((scanMs / 1000 / 297) * 100).toFixed(1)} s per 100 repositories), aggregate ${(aggregate[0]?.ms / 1000).toFixed(1)} s, wall ${(wallMs / 1000).toFixed(1)} s`);
  }
  await gh?.close();
  if (tmp && !process.env.KEEP_ORG_E2E) rmSync(tmp, { recursive: true, force: true });
  if (process.env.KEEP_ORG_E2E) console.log(stepLog(scan.slice(0, 1)));
});

const stepLog = (runs: JobRun[]) => runs.flatMap((r) => r.steps.map((s) => `[${r.job} ${JSON.stringify(r.matrix)} ${s.name}] exit ${s.code}\n${s.stdout}${s.stderr}`)).join('\n');

describe('org scan: plan → scan (matrix) → aggregate, as the runner runs them', () => {
  it('plan lists all three pages, leaves out the archived repository and the fork, and cuts 298 into 6 batches', () => {
    expect(plan[0].result, stepLog(plan)).toBe('success');
    const pages = gh.requests.filter((r) => r.path === '/orgs/acme/repos');
    expect(pages.map((r) => r.query.page ?? '1')).toEqual(['1', '2', '3']);
    expect(JSON.parse(plan[0].outputs.matrix)).toEqual({ batch: [0, 1, 2, 3, 4, 5] });
    const p = JSON.parse(readFileSync(join(run.artifacts, 'trustgate-org-plan', 'plan.json'), 'utf8'));
    expect(p.listed).toBe(N);
    expect(p.batches.map((b: unknown[]) => b.length)).toEqual([50, 50, 50, 50, 49, 49]);
    expect(p.excluded).toEqual([
      { repository: `acme/${name(ARCHIVED)}`, reason: 'archived (excluded by default)' },
      { repository: `acme/${name(FORK)}`, reason: 'fork (excluded by default)' },
    ]);
    expect(plan[0].summary).toMatch(/acme: 300 repositories listed, 298 to scan in 6 batches, 2 excluded/);
  });

  it('every scan job succeeds, the repository that answers 404 included (it is a record, not a failure)', () => {
    expect(scan).toHaveLength(6);
    for (const s of scan) expect(s.result, stepLog([s])).toBe('success');
    const gone = JSON.parse(readFileSync(join(run.artifacts, 'trustgate-org-results-0', 'batch-0', `acme__${name(GONE)}`, 'repo.json'), 'utf8'));
    expect(gone.status).toBe('error');
    expect(gone.reason).toMatch(/^fetch failed \(exit 128\): .*(not found|404)/i);
  });

  it('the aggregated report covers all 300 repositories: scanned, not scanned and why, per criterion and per team', () => {
    expect(aggregate[0].result, stepLog(aggregate)).toBe('success');
    const r = JSON.parse(readFileSync(join(run.artifacts, 'trustgate-org-report', 'trustgate-org.json'), 'utf8'));
    expect(r.organisation).toBe('acme');
    expect(r.window).toEqual({ from: '2026-01-01', to: '2026-06-30' });
    expect(r.totals).toMatchObject({ repositories: 300, scanned: 297, errors: 1, excluded: 2 });
    expect(r.inputErrors).toEqual([]);
    const byName = Object.fromEntries(r.repositories.map((x: { repository: string }) => [x.repository, x]));
    // The broken file is an error entry inside a scanned repository; its other file was still checked.
    const broken = byName[`acme/${name(BROKEN)}`];
    expect(broken).toMatchObject({ status: 'scanned', teams: ['@acme/platform'] });
    expect(broken.errors).toBeGreaterThanOrEqual(1);
    expect(broken.findings).toBeGreaterThanOrEqual(1);
    expect(byName[`acme/${name(ARCHIVED)}`]).toMatchObject({ status: 'excluded' });
    expect(byName[`acme/${name(GONE)}`].reason).toMatch(/fetch failed/);
    // Owner teams from CODEOWNERS' whole-tree rule (the last one that covers everything).
    const team = (t: string) => r.teams.find((x: { team: string }) => x.team === t);
    const count = (k: string) => Object.values(byName).filter((x: any) => x.status === 'scanned' && x.teams.join() === k).length;
    expect(team('@acme/platform').scanned).toBe(count('@acme/platform'));
    expect(team('@acme/web').failing).toBe(0);
    expect(team('(no owner)').scanned).toBe(count(''));
    expect(count('@acme/platform') + count('@acme/web') + count('')).toBe(297);
    // CC6.6 fails in every repository holding the open security group, and never in the clean ones.
    const cc66 = r.criteria.find((c: { id: string }) => c.id === 'CC6.6');
    const failing = (k: string) => Object.values(byName).filter((x: any) => x.teams.join() === k && x.failedCriteria.includes('CC6.6')).length;
    expect(failing('@acme/platform')).toBe(count('@acme/platform'));
    expect(failing('@acme/web')).toBe(0);
    expect(cc66.repos.fail).toBe(failing('@acme/platform') + failing(''));
    // Protection: read where the token may, "unknown" where it may not, never guessed.
    expect(byName['acme/svc-004'].protection).toEqual({ requiredReviews: 1, requiredChecks: ['ci'], sources: ['protection', 'rulesets'] });
    expect(byName['acme/svc-001'].protection).toEqual({ requiredReviews: 0, requiredChecks: [], sources: ['protection', 'rulesets'] });
    expect(byName[`acme/${name(DENIED)}`].protection.unavailable).toMatch(/cannot read branch protection: 403/);
    // The worst offenders are the privileged pods (more high findings than a security group), worst first.
    expect(r.worst).toHaveLength(20);
    for (const w of r.worst) expect(byName[w].teams).toEqual([]);
    const key = (n: string) => ['critical', 'high', 'medium', 'low'].map((s) => String(byName[n].bySeverity[s]).padStart(4, '0')).join();
    expect(r.worst.map(key)).toEqual([...r.worst.map(key)].sort().reverse());
    expect(byName[r.worst[0]].bySeverity.high).toBeGreaterThan(byName['acme/svc-000'].bySeverity.high);
  });

  it('the job summary shows the headline table; HTML and SARIF are in the report artifact', () => {
    const s = aggregate[0].summary;
    expect(s).toMatch(/^## Trustgate SOC 2 — organisation acme/);
    expect(s).toMatch(/300 repositories: 297 scanned, 1 could not be scanned, 2 excluded/);
    expect(s).toMatch(/\| CC6\.6 \| ❌ fail \| \d+ \|/);
    expect(s).toMatch(/Audit window 2026-01-01 to 2026-06-30/);
    expect(s.length).toBeLessThan(1024 * 1024); // GitHub's job summary limit
    const dir = join(run.artifacts, 'trustgate-org-report');
    expect(readFileSync(join(dir, 'trustgate-org.html'), 'utf8')).toMatch(/<h2>All repositories \(300\)<\/h2>/);
    expect(JSON.parse(readFileSync(join(dir, 'trustgate-org.sarif'), 'utf8')).runs[0].results.length).toBeGreaterThan(0);
  });

  it('the scan step writes a readiness report per repository; the aggregate folds them per section', () => {
    const r = JSON.parse(readFileSync(join(run.artifacts, 'trustgate-org-report', 'trustgate-org.json'), 'utf8'));
    // Every scanned repository has one (scan-batch --readiness in the workflow), none is unreadable.
    expect(r.readiness).toMatchObject({ repositories: 297, withoutReport: 0 });
    const cc6 = r.readiness.sections.find((x: { id: string }) => x.id === 'CC6');
    expect(Object.values(cc6.verdicts).reduce((a: number, b) => a + (b as number), 0)).toBe(297);
    // The repositories failing CC6 are the ones failing one of its criteria in their scans.
    const failingCc6 = r.repositories.filter((x: { failedCriteria: string[] }) => x.failedCriteria.some((c) => c.startsWith('CC6.'))).map((x: { repository: string }) => x.repository).sort();
    expect(cc6.failing).toEqual(failingCc6);
    expect(cc6.failing.length).toBeGreaterThan(0);
    expect(visibleText(aggregate[0].summary)).toMatch(/\nSOC 2 readiness across repositories\n297 repositories with a readiness report\. Readiness score: median \d+%/);
  });

  it('the token went to the API and git on the configured host only, and is in no file or log', () => {
    const gitReqs = gh.requests.filter((r) => r.path.endsWith('/info/refs') || r.path.endsWith('/git-upload-pack'));
    expect(gitReqs.length).toBeGreaterThanOrEqual(297 * 2);
    const basic = 'basic ' + Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    for (const r of gitReqs) expect(r.auth?.toLowerCase()).toBe(basic.toLowerCase());
    for (const r of gh.requests) expect(r.path + JSON.stringify(r.query)).not.toContain(TOKEN);
    for (const f of files(run.artifacts)) expect(readFileSync(f, 'latin1'), f).not.toContain(TOKEN);
    expect(stepLog([...plan, ...scan, ...aggregate])).not.toContain(TOKEN);
  });
});
