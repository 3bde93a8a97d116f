// Issue 19 (evidence export): each record holds the branch protection and rulesets in force on the
// base branch, read when it is written. The committed bundle runs as the runner does against the API
// stand-in serving classic protection and two rulesets (one whose bypass actors the token may not
// see); a later merge is recorded while classic protection answers 403. The auditor pack exported
// from the ledger shows, per change, what was in force, and "unavailable" with why, never "none".
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/cli.js';
import { verifyLedger } from '../../core/evidence/ledger.js';
import { validateRecord } from '../../core/evidence/validate.js';
import type { Fault, FakeGitHub } from '../action/fake-github.js';
import { startFakeGitHub } from '../action/fake-github.js';
import { ROOT, runAction } from '../action/harness.js';
import { makeRepo, prState, type Repo } from './helpers.js';

let repo: Repo;
let gh: FakeGitHub;
const faults: Fault[] = [];
const dir = mkdtempSync(join(tmpdir(), 'tg-protection-'));

const repository = { id: 1, name: 'infra', full_name: 'acme/infra', private: false, owner: { login: 'acme', name: 'acme' }, html_url: 'https://github.com/acme/infra', default_branch: 'main' };
const inputs = { 'evidence-branch': 'trustgate-evidence', comment: false, 'check-run': false, 'fail-on': 'none' };

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/action/index.mjs'))) throw new Error('dist/action/index.mjs is missing: run `npm run build`');
  repo = makeRepo();
  gh = await startFakeGitHub({
    ...prState(repo),
    faults,
    // GET /branches/main/protection as GitHub answers it to a token with Administration: read.
    classic: {
      main: {
        required_status_checks: { strict: true, contexts: ['ci/test'], checks: [{ context: 'ci/test', app_id: null }] },
        required_pull_request_reviews: { required_approving_review_count: 2, dismiss_stale_reviews: true, require_code_owner_reviews: true, require_last_push_approval: false, bypass_pull_request_allowances: { users: [{ login: 'release-bot' }], teams: [], apps: [] } },
        enforce_admins: { enabled: true },
      },
    },
    // The rules that apply to main, each naming its ruleset (one repository-level, one from the org).
    branchRules: {
      main: [
        { type: 'pull_request', ruleset_source_type: 'Repository', ruleset_source: 'acme/infra', ruleset_id: 42, parameters: { required_approving_review_count: 1, dismiss_stale_reviews_on_push: false, require_code_owner_review: false, require_last_push_approval: true } },
        { type: 'required_status_checks', ruleset_source_type: 'Repository', ruleset_source: 'acme/infra', ruleset_id: 42, parameters: { required_status_checks: [{ context: 'trustgate' }] } },
        { type: 'deletion', ruleset_source_type: 'Organization', ruleset_source: 'acme', ruleset_id: 77 },
      ],
    },
    rulesets: {
      42: { id: 42, name: 'main protection', target: 'branch', source_type: 'Repository', source: 'acme/infra', enforcement: 'active', bypass_actors: [{ actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'pull_request' }] },
      // An organisation ruleset: the API leaves out bypass_actors for a token that cannot edit it.
      77: { id: 77, name: 'org baseline', target: 'branch', source_type: 'Organization', source: 'acme', enforcement: 'active' },
    },
  });
});
afterAll(async () => {
  await gh?.close();
  repo?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const recordOf = (r: { outputs: Record<string, string> }) => JSON.parse(readFileSync(r.outputs['evidence-file'], 'utf8'));

describe('protection in force, recorded with each change and shown in the auditor pack', () => {
  it('records the snapshot (classic + rulesets, bypass actors where readable), then a 403 as unavailable; the export shows both', async () => {
    const pr = gh.state.pulls[7] as { head: { ref: string; sha: string }; base: { ref: string; sha: string } };
    const prEvent = { action: 'synchronize', number: 7, pull_request: { number: 7, state: 'open', head: { ...pr.head, repo: { full_name: 'acme/infra' } }, base: { ...pr.base, repo: { full_name: 'acme/infra' } } }, repository };
    const r1 = await runAction({ workspace: repo.dir, event: prEvent, apiUrl: gh.url, inputs });
    expect(r1.code, r1.stdout + r1.stderr).toBe(0);
    const rec1 = recordOf(r1);
    expect(validateRecord(rec1)).toEqual([]);
    expect(rec1.protection).toEqual({
      branch: 'main',
      requiredApprovingReviews: 2,
      requiredChecks: ['ci/test', 'trustgate'],
      complete: true,
      classic: { protected: true, requiredApprovingReviews: 2, dismissStaleReviews: true, requireCodeOwnerReview: true, requireLastPushApproval: false, requiredChecks: ['ci/test'], enforceAdmins: true, reviewBypass: ['release-bot'] },
      rulesets: [
        { id: 42, name: 'main protection', enforcement: 'active', sourceType: 'Repository', source: 'acme/infra', requiredApprovingReviews: 1, dismissStaleReviews: false, requireCodeOwnerReview: false, requireLastPushApproval: true, requiredChecks: ['trustgate'], bypassActors: [{ actorType: 'RepositoryRole', actorId: 5, bypassMode: 'pull_request' }] },
        {
          id: 77,
          name: 'org baseline',
          enforcement: 'active',
          sourceType: 'Organization',
          source: 'acme',
          requiredApprovingReviews: 0,
          dismissStaleReviews: false,
          requireCodeOwnerReview: false,
          requireLastPushApproval: false,
          requiredChecks: [],
          bypassActors: { unavailable: 'not shown to this token: the API lists bypass actors only to those who can edit the ruleset' },
        },
      ],
    });
    // The required checks the record judges come from the same snapshot.
    expect(rec1.checks.required.map((c: { name: string }) => c.name)).toEqual(['ci/test', 'trustgate']);
    // The job summary says it too.
    expect(r1.summary.replace(/\\(.)/g, '$1')).toMatch(/\| Protection in force \| main: 2 approving reviews · checks: ci\/test, trustgate<br>classic branch protection: 2 reviews/);

    // PR 7 merges (its head lands on main); its merge record reads the same protection.
    Object.assign(gh.state, prState(repo, { merged: true, mergeSha: repo.head }));
    const push = (sha: string) => ({ ref: 'refs/heads/main', before: repo.base, after: sha, head_commit: { id: sha, message: 'merge' }, repository, pusher: { name: 'maint' }, sender: { login: 'maint' } });
    const r2 = await runAction({ workspace: repo.dir, event: push(repo.head), eventName: 'push', sha: repo.head, apiUrl: gh.url, inputs });
    expect(r2.code, r2.stdout + r2.stderr).toBe(0);
    expect(recordOf(r2).protection.complete).toBe(true);

    // A day later PR 8 merges while classic protection answers 403 (the token lost Administration: read).
    const p7 = gh.state.pulls[7] as Record<string, unknown>;
    gh.state.pulls[8] = { ...p7, number: 8, title: 'Rotate the uploads key (OPS-43)', html_url: 'https://github.com/acme/infra/pull/8', merged_at: '2026-03-03T10:00:00Z', merge_commit_sha: repo.first };
    gh.state.reviews[8] = gh.state.reviews[7];
    gh.state.commits[8] = gh.state.commits[7];
    gh.state.commitPulls[repo.first] = [8];
    faults.push({ method: 'GET', path: /\/branches\/main\/protection$/, times: 10, status: 403, message: 'Resource not accessible by integration' });
    const r3 = await runAction({ workspace: repo.dir, event: push(repo.first), eventName: 'push', sha: repo.first, apiUrl: gh.url, inputs });
    expect(r3.code, r3.stdout + r3.stderr).toBe(0);
    const rec3 = recordOf(r3);
    expect(validateRecord(rec3)).toEqual([]);
    expect(rec3.protection).toMatchObject({
      complete: false,
      requiredApprovingReviews: 1,
      requiredChecks: ['trustgate'],
      classic: { unavailable: expect.stringContaining('the token cannot read it (403 Resource not accessible by integration); classic branch protection needs Administration: read'), status: 403 },
    });

    const ledger = gh.state.files['trustgate-evidence']['ledger.jsonl'];
    expect(verifyLedger(ledger)).toMatchObject({ ok: true });
    writeFileSync(join(dir, 'ledger.jsonl'), ledger);
    const io = { stdout: () => {}, stderr: (s: string) => process.stderr.write(s), cwd: dir, isTTY: false, env: {} };
    for (const f of ['html', 'csv'])
      expect(await main(['evidence', 'export', 'ledger.jsonl', '--from', '2026-03-01', '--to', '2026-03-31', '--format', f, '--output', `pack.${f}`], io)).toBe(0);

    // The HTML as a reader sees it (headless chromium): the "Protection in force" cell of each change.
    if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does this)');
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      await page.goto(pathToFileURL(join(dir, 'pack.html')).href);
      const table = page.locator('table', { has: page.locator('th', { hasText: 'Protection in force' }) });
      const headers = await table.locator('thead th').allInnerTexts();
      const col = headers.indexOf('Protection in force');
      expect(col).toBeGreaterThan(0);
      const cells = await table.locator(`tbody tr td:nth-child(${col + 1})`).allInnerTexts();
      expect(cells).toHaveLength(2);
      const [first, second] = cells;
      expect(first.split('\n')).toEqual([
        '2 approving reviews',
        'checks: ci/test, trustgate',
        'classic branch protection: 2 reviews (stale reviews dismissed, code-owner review required); checks ci/test; admins included; review bypass: release-bot',
        'ruleset "main protection" #42 (active, repository acme/infra): 1 review (stale reviews kept, last push must be approved by someone else); checks trustgate; bypass: RepositoryRole 5 (pull_request)',
        'ruleset "org baseline" #77 (active, organization acme): no review or check rule; bypass actors unavailable: not shown to this token: the API lists bypass actors only to those who can edit the ruleset',
      ]);
      expect(second.split('\n').slice(0, 3)).toEqual([
        'at least 1 approving review',
        'checks: trustgate (at least)',
        'classic branch protection: unavailable (the token cannot read it (403 Resource not accessible by integration); classic branch protection needs Administration: read, which a workflow GITHUB_TOKEN cannot be granted)',
      ]);
      expect(second).not.toMatch(/not protected|none \(branch/);
      // Each row is its change: PR 7 first (merged 2 March), PR 8 second.
      const changes = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
      expect(changes.map((c) => c.split('\n')[0])).toEqual(['acme/infra#7', 'acme/infra#8']);
    } finally {
      await browser.close();
    }

    const csv = readFileSync(join(dir, 'pack.csv'), 'utf8');
    expect(csv).toContain('protection_required_reviews,protection_required_checks,protection_in_force');
    expect(csv).toContain('2 approving reviews,"ci/test, trustgate","classic branch protection: 2 reviews (stale reviews dismissed, code-owner review required)');
    expect(csv).toContain('at least 1 approving review,trustgate (at least),"classic branch protection: unavailable (the token cannot read it (403');
  }, 120_000);
});
