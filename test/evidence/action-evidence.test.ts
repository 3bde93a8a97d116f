// The Action's evidence step against a real git checkout and the local GitHub API: the record file,
// the evidence-file output, the ledger branch (created, then appended to at merge), and the artifact
// upload that must never fail the job.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunContext } from '../../action/main.js';
import { evidenceStep, type EvidenceEnv } from '../../action/evidence.js';
import { defaultConfig } from '../../core/config.js';
import { verifyLedger } from '../../core/evidence/ledger.js';
import { validateRecord } from '../../core/evidence/validate.js';
import { startFakeGitHub, type FakeGitHub } from '../action/fake-github.js';
import { makeRepo, prState, type Repo } from './helpers.js';

let repo: Repo;
let gh: FakeGitHub;
const runnerTemp = mkdtempSync(join(tmpdir(), 'tg-runner-'));
beforeAll(async () => {
  repo = makeRepo();
  gh = await startFakeGitHub(prState(repo));
});
afterAll(async () => {
  await gh.close();
  repo.cleanup();
  rmSync(runnerTemp, { recursive: true, force: true });
});

function ctxFor(event: 'pull_request' | 'push', sha: string): RunContext {
  return {
    inputs: { path: '.', failOn: 'high', scope: 'all', annotations: 10, comment: false, checkRun: false, token: 'test-token', baseline: true, configSource: 'base', failOnUnscanned: true, exceptionsNeedApproval: false, evidence: true },
    // No scans of the run: the evidence step scans head and base itself (through git plumbing).
    baseline: { used: false },
    policyChanges: [],
    workspace: repo.dir,
    eventName: event,
    owner: 'acme',
    repo: 'infra',
    headSha: sha,
    serverUrl: 'https://github.com',
    pr: event === 'pull_request' ? { number: 7, headSha: repo.head, baseSha: repo.base, fromFork: false } : undefined,
    config: defaultConfig(),
    notes: [],
    outputs: {},
  } as unknown as RunContext;
}

function envFor(inputs: Record<string, string>, extra: Partial<EvidenceEnv> = {}, env: NodeJS.ProcessEnv = {}): EvidenceEnv & { uploads: string[] } {
  const uploads: string[] = [];
  return {
    env: { GITHUB_API_URL: gh.url, RUNNER_TEMP: runnerTemp, GITHUB_RUN_ID: '4711', GITHUB_RUN_ATTEMPT: '1', GITHUB_WORKFLOW: 'ci', GITHUB_ACTOR: 'alice', ...env },
    getInput: (n) => inputs[n] ?? '',
    ref: 'refs/pull/7/merge',
    defaultBranch: 'main',
    before: undefined,
    pusher: 'maint',
    upload: async (name) => {
      uploads.push(name);
    },
    uploads,
    ...extra,
  };
}

describe('Action evidence step', () => {
  it('pull_request: writes the record, sets evidence-file, creates the ledger branch; no runtime token: a notice, no failure', async () => {
    const ctx = ctxFor('pull_request', repo.head);
    const e = envFor({ 'evidence-branch': 'trustgate-evidence' });
    const rec = await evidenceStep(ctx, e);
    expect(rec).toBeDefined();
    const file = ctx.outputs['evidence-file'];
    expect(file.startsWith(join(runnerTemp, 'trustgate-evidence'))).toBe(true);
    const onDisk = JSON.parse(readFileSync(file, 'utf8'));
    expect(validateRecord(onDisk)).toEqual([]);
    expect(onDisk).toMatchObject({ kind: 'pull_request', previous: null, independentApproval: true, run: { runId: '4711', url: 'https://github.com/acme/infra/actions/runs/4711' } });
    expect(e.uploads).toEqual([]); // no ACTIONS_RUNTIME_TOKEN: skipped
    expect(gh.state.refs['trustgate-evidence']).toBeDefined();
    const ledger = gh.state.files['trustgate-evidence']['ledger.jsonl'];
    expect(verifyLedger(ledger)).toMatchObject({ ok: true, head: onDisk.digest });
    expect(ctx.notes.join('\n')).toContain('Appended to ledger.jsonl on branch trustgate-evidence (line 1, branch created)');
  });

  it('push to the default branch: resolves the merged PR, appends a chained record, uploads the artifact', async () => {
    Object.assign(gh.state, prState(repo, { merged: true, mergeSha: repo.head }));
    gh.state.conflicts = 1; // a racing writer: the first PUT answers 409, the step re-reads and re-chains
    const ctx = ctxFor('push', repo.head);
    const e = envFor({ 'evidence-branch': 'trustgate-evidence' }, { ref: 'refs/heads/main' }, { ACTIONS_RUNTIME_TOKEN: 'x', ACTIONS_RESULTS_URL: gh.url });
    const rec = (await evidenceStep(ctx, e))!;
    expect(rec.kind).toBe('merge');
    expect(rec.merge).toEqual({ mergedBy: 'maint', mergedAt: '2026-03-02T13:00:00Z' });
    expect(e.uploads).toHaveLength(1);
    const v = verifyLedger(gh.state.files['trustgate-evidence']['ledger.jsonl']);
    expect(v.ok).toBe(true);
    expect(v.records).toHaveLength(2);
    expect(v.records[1].previous).toBe(v.records[0].digest);
    expect(v.records[1].digest).toBe(rec.digest);
    expect(JSON.parse(readFileSync(ctx.outputs['evidence-file'], 'utf8')).digest).toBe(rec.digest);
  });

  it('the real @actions/artifact client against an unreachable service: a note, never a failure', async () => {
    const jwt = ['{"alg":"HS256","typ":"JWT"}', JSON.stringify({ scp: 'Actions.Results:11111111-1111-1111-1111-111111111111:22222222-2222-2222-2222-222222222222' }), 'sig'].map((s, i) => (i < 2 ? Buffer.from(s).toString('base64url') : s)).join('.');
    const ctx = ctxFor('pull_request', repo.head);
    const e = envFor({}, {}, { ACTIONS_RUNTIME_TOKEN: jwt, ACTIONS_RESULTS_URL: gh.url + '/' });
    const { defaultEvidenceEnv } = await import('../../action/evidence.js');
    e.upload = defaultEvidenceEnv().upload;
    const saved = { ...process.env };
    Object.assign(process.env, { ACTIONS_RUNTIME_TOKEN: jwt, ACTIONS_RESULTS_URL: gh.url + '/', GITHUB_WORKSPACE: repo.dir });
    try {
      const rec = await evidenceStep(ctx, e);
      expect(rec).toBeDefined();
      expect(ctx.notes.join('\n')).toMatch(/not uploaded as an artifact/);
      expect(gh.requests.some((r) => r.path.includes('twirp'))).toBe(true);
    } finally {
      for (const k of ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL', 'GITHUB_WORKSPACE']) if (saved[k] === undefined) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }, 60_000);

  it('a push to another branch records nothing; a read-only token cannot write the ledger: a note', async () => {
    const other = ctxFor('push', repo.head);
    expect(await evidenceStep(other, envFor({}, { ref: 'refs/heads/feature/x' }))).toBeUndefined();
    const local = await startFakeGitHub({ ...prState(repo), denyAdmin: true, denyChecks: true, readOnly: true });
    try {
      const ctx = ctxFor('pull_request', repo.head);
      const rec = await evidenceStep(ctx, envFor({ 'evidence-branch': 'evidence' }, {}, { GITHUB_API_URL: local.url }));
      expect(rec?.checks).toEqual({ required: 'unavailable', runs: 'unavailable', passed: null });
      expect(rec?.previous).toBeNull();
      expect(ctx.notes.join('\n')).toContain('not appended to branch evidence: the token may not write contents (403');
      expect(ctx.outputs['evidence-file']).toBeTruthy();
    } finally {
      await local.close();
    }
  });
});
