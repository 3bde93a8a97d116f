// Issue 16 §4 end to end: the bundled Action, run as the runner runs it with `evidence-branch` and
// `evidence-hmac-key`, publishes the ledger head where the ledger's editor cannot rewrite it (the check
// run's output; on the default branch a commit status) and signs every record. A ledger rewritten and
// re-sealed as a whole then fails `trustgate evidence verify` with --expect-head, --anchor or the key.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/cli.js';
import { recordDigest } from '../../core/evidence/canonical.js';
import { ledgerLine } from '../../core/evidence/ledger.js';
import type { EvidenceRecord } from '../../core/evidence/types.js';
import { ROOT, runAction } from '../action/harness.js';
import { startFakeGitHub, type FakeGitHub } from '../action/fake-github.js';
import { makeRepo, prState, type Repo } from './helpers.js';

const KEY = 'Ev1dence-HMAC-k3y-from-secrets';
let repo: Repo;
let gh: FakeGitHub;
const dir = mkdtempSync(join(tmpdir(), 'tg-anchor-e2e-'));
beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/action/index.mjs'))) throw new Error('dist/action/index.mjs is missing: run `npm run build`');
  repo = makeRepo();
  gh = await startFakeGitHub(prState(repo));
});
afterAll(async () => {
  await gh.close();
  repo.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const repository = { id: 1, name: 'infra', full_name: 'acme/infra', private: false, owner: { login: 'acme', name: 'acme' }, html_url: 'https://github.com/acme/infra', default_branch: 'main' };
const inputs = { 'evidence-branch': 'trustgate-evidence', 'evidence-hmac-key': KEY, comment: false, 'fail-on': 'none' };

async function verify(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  const code = await main(['evidence', 'verify', ...args], { stdout: (s) => (out += s), stderr: (s) => (out += s), cwd: dir, isTTY: false, env });
  return { code, out };
}

describe('the Action anchors and signs the ledger', () => {
  it('publishes the head in the check run and a default-branch commit status; a re-sealed ledger fails every check', async () => {
    const pr = gh.state.pulls[7] as { head: { ref: string; sha: string }; base: { ref: string; sha: string } };
    const prEvent = { action: 'synchronize', number: 7, pull_request: { number: 7, head: { ...pr.head, repo: { full_name: 'acme/infra' } }, base: { ...pr.base, repo: { full_name: 'acme/infra' } } }, repository };
    const r1 = await runAction({ workspace: repo.dir, event: prEvent, apiUrl: gh.url, inputs });
    expect(r1.code, r1.stdout + r1.stderr).toBe(0);
    const head1 = r1.outputs['evidence-head'];
    expect(head1).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The check run on the PR head says the ledger head in its output (PATCHed after the evidence step).
    const run1 = [...gh.checkRuns.values()].find((c) => c.head_sha === repo.head)!;
    expect(run1.output.summary).toContain(`Evidence ledger head: ${head1}`);
    expect(gh.createdStatuses).toEqual({}); // a pull request run posts no commit status

    Object.assign(gh.state, prState(repo, { merged: true, mergeSha: repo.head }));
    const push = { ref: 'refs/heads/main', before: repo.base, after: repo.head, head_commit: { id: repo.head, message: 'merge' }, repository, pusher: { name: 'maint' }, sender: { login: 'maint' } };
    const r2 = await runAction({ workspace: repo.dir, event: push, eventName: 'push', sha: repo.head, apiUrl: gh.url, inputs });
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    const head2 = r2.outputs['evidence-head'];
    expect(head2).not.toBe(head1);
    expect(gh.createdStatuses[repo.head]).toEqual([expect.objectContaining({ state: 'success', context: 'trustgate/evidence-ledger', description: `ledger head ${head2}` })]);
    expect(r2.summary).toContain(`Evidence ledger head: ${head2}`);

    // The key: masked for the runner (add-mask, the only place it appears), never sent or written.
    for (const r of [r1, r2]) {
      expect(r.stdout.split(KEY).length - 1).toBe(1);
      expect(r.stdout).toContain(`::add-mask::${KEY}`);
      expect(r.summary + r.stderr).not.toContain(KEY);
    }
    expect(JSON.stringify(gh.requests)).not.toContain(KEY);
    const ledger = gh.state.files['trustgate-evidence']['ledger.jsonl'];
    expect(ledger).not.toContain(KEY);
    const recs = ledger.trimEnd().split('\n').map((l) => JSON.parse(l) as EvidenceRecord);
    expect(recs.map((r) => r.digest)).toEqual([head1, head2]);
    expect(recs.every((r) => /^hmac-sha256:[0-9a-f]{64}$/.test(r.signature ?? ''))).toBe(true);

    // What an auditor collects from GitHub: the statuses of the default branch and the check-run outputs.
    writeFileSync(join(dir, 'anchors.json'), JSON.stringify({ statuses: gh.createdStatuses[repo.head], checkRuns: [...gh.checkRuns.values()].map((c) => c.output.summary) }));
    writeFileSync(join(dir, 'ledger.jsonl'), ledger);
    const ok = await verify(['ledger.jsonl', '--expect-head', head2, '--anchor', 'anchors.json'], { TRUSTGATE_EVIDENCE_HMAC_KEY: KEY });
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('2 record(s), hash chain, schema and consistency valid; 2 signature(s) valid; head as expected; 2 anchor(s) found');

    // The forger with push access to the ledger branch: the PR record now shows bob's approval counting
    // too (consistently), every record re-sealed, the signature fields kept.
    let prev: string | null = null;
    const forged =
      recs
        .map((r) => {
          const f = structuredClone(r);
          const bob = f.reviews.find((v) => v.reviewer === 'bob');
          if (bob) Object.assign(bob, { commitId: f.commits.head, countsAsApproval: true, notCountedBecause: null });
          f.approvers = [...new Set([...f.approvers, 'bob'])].sort();
          const { digest: _d, ...rest } = f;
          void _d;
          const body = { ...rest, previous: prev };
          const sealed = { ...body, digest: recordDigest(body) } as EvidenceRecord;
          prev = sealed.digest;
          return ledgerLine(sealed);
        })
        .join('\n') + '\n';
    writeFileSync(join(dir, 'forged.jsonl'), forged);
    const plain = await verify(['forged.jsonl']);
    expect(plain.code, plain.out).toBe(0); // the chain alone cannot tell
    const byHead = await verify(['forged.jsonl', '--expect-head', head2]);
    expect(byHead.code).toBe(1);
    expect(byHead.out).toMatch(/line 2 \(record 2\): no record has the expected head digest/);
    const byAnchor = await verify(['forged.jsonl', '--anchor', 'anchors.json']);
    expect(byAnchor.code).toBe(1);
    expect(byAnchor.out).toMatch(/the published digest [0-9a-f]{12}… is not in the ledger/);
    const byKey = await verify(['forged.jsonl'], { TRUSTGATE_EVIDENCE_HMAC_KEY: KEY });
    expect(byKey.code).toBe(1);
    expect(byKey.out).toMatch(/line 1 \(record 1\): signature does not match the HMAC key/);
  }, 120_000);
});
