// End to end: the bundled Action (dist/action/index.mjs) run as the runner runs it, on a pull_request
// and then on the push of the merge to the default branch, with `evidence-branch`: the ledger on the
// (local) GitHub API grows by one chained record per run and verifies with the CLI.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/cli.js';
import { verifyLedger } from '../../core/evidence/ledger.js';
import { ROOT, runAction } from '../action/harness.js';
import { startFakeGitHub, type FakeGitHub } from '../action/fake-github.js';
import { makeRepo, prState, type Repo } from './helpers.js';

let repo: Repo;
let gh: FakeGitHub;
beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/action/index.mjs'))) throw new Error('dist/action/index.mjs is missing: run `npm run build`');
  repo = makeRepo();
  gh = await startFakeGitHub(prState(repo));
});
afterAll(async () => {
  await gh.close();
  repo.cleanup();
});

const repository = { id: 1, name: 'infra', full_name: 'acme/infra', private: false, owner: { login: 'acme', name: 'acme' }, html_url: 'https://github.com/acme/infra', default_branch: 'main' };
const inputs = { 'evidence-branch': 'trustgate-evidence', comment: false, 'check-run': false, 'fail-on': 'none' };

describe('Action evidence end to end (bundled action, runner environment)', () => {
  it('pull_request, then the push of the merge: two chained records on the ledger branch', async () => {
    const pr = gh.state.pulls[7] as { head: { ref: string; sha: string }; base: { ref: string; sha: string } };
    const prEvent = { action: 'synchronize', number: 7, pull_request: { number: 7, head: { ...pr.head, repo: { full_name: 'acme/infra' } }, base: { ...pr.base, repo: { full_name: 'acme/infra' } } }, repository };
    const r1 = await runAction({ workspace: repo.dir, event: prEvent, apiUrl: gh.url, inputs });
    expect(r1.code, r1.stdout + r1.stderr).toBe(0);
    const file1 = r1.outputs['evidence-file'];
    expect(file1).toMatch(/trustgate-evidence\/evidence-acme-infra-pr7-pull_request-[0-9a-f]{12}\.json$/);
    const rec1 = JSON.parse(readFileSync(file1, 'utf8'));
    expect(rec1).toMatchObject({ kind: 'pull_request', independentApproval: true, approvers: ['carol'], previous: null });
    expect(r1.summary).toContain('Change evidence (SOC 2 CC8.1)');
    expect(r1.summary).toContain(rec1.digest);
    expect(r1.commands.some((c) => c.command === 'notice' && c.message.includes('no artifact upload'))).toBe(true);

    // The merge lands on main (fast-forward here: the merge commit is the PR head).
    Object.assign(gh.state, prState(repo, { merged: true, mergeSha: repo.head }));
    const push = { ref: 'refs/heads/main', before: repo.base, after: repo.head, head_commit: { id: repo.head, message: 'merge' }, repository, pusher: { name: 'maint' }, sender: { login: 'maint' } };
    const r2 = await runAction({ workspace: repo.dir, event: push, eventName: 'push', sha: repo.head, apiUrl: gh.url, inputs });
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    const rec2 = JSON.parse(readFileSync(r2.outputs['evidence-file'], 'utf8'));
    expect(rec2).toMatchObject({ kind: 'merge', previous: rec1.digest, merge: { mergedBy: 'maint' }, commits: { merge: repo.head } });

    const ledger = gh.state.files['trustgate-evidence']['ledger.jsonl'];
    const v = verifyLedger(ledger);
    expect(v.ok).toBe(true);
    expect(v.records.map((r) => r.digest)).toEqual([rec1.digest, rec2.digest]);

    const dir = mkdtempSync(join(tmpdir(), 'tg-e2e-ledger-'));
    try {
      writeFileSync(join(dir, 'ledger.jsonl'), ledger);
      let out = '';
      const code = await main(['evidence', 'verify', 'ledger.jsonl'], { stdout: (s) => (out += s), stderr: (s) => (out += s), cwd: dir, isTTY: false, env: {} });
      expect(code, out).toBe(0);
      expect(out).toContain('2 record(s), hash chain, schema and consistency valid');
      const exp = await main(['evidence', 'export', 'ledger.jsonl', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'json', '--output', 'pack.json'], { stdout: (s) => (out += s), stderr: (s) => (out += s), cwd: dir, isTTY: false, env: {} });
      expect(exp).toBe(0);
      const pack = JSON.parse(readFileSync(join(dir, 'pack.json'), 'utf8'));
      expect(pack.totals.changes).toBe(1);
      expect(pack.population[0]).toMatchObject({ pr: 7, approvers: ['carol'], mergedBy: 'maint' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
