// End to end: a real repository with merges of every kind on main, the Action's committed bundle run
// on each push (as the runner does) against the GitHub API on 127.0.0.1, writing the ledger; then
// `trustgate evidence population` over March: every class appears exactly where it should.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/cli.js';
import { appendToLedgerText, verifyLedger } from '../../core/evidence/ledger.js';
import type { PopulationReport } from '../../core/evidence/population.js';
import type { EvidenceRecord } from '../../core/evidence/types.js';
import { startFakeGitHub, type FakeGitHub } from '../action/fake-github.js';
import { ROOT, runAction } from '../action/harness.js';
import { makePopulationRepo, sh, type PopulationRepo } from './population-repo.js';
import { htmlText, visibleText } from '../markdown-render.js';

let repo: PopulationRepo;
let gh: FakeGitHub;
let work: string;
let full: string; // the ledger as the Action wrote it
let cut: string; // the same ledger with PR 9's record taken out and the chain re-sealed

const repository = { id: 1, name: 'infra', full_name: 'acme/infra', private: false, owner: { login: 'acme', name: 'acme' }, html_url: 'https://github.com/acme/infra', default_branch: 'main' };
const inputs = { 'evidence-branch': 'trustgate-evidence', comment: false, 'check-run': false, 'fail-on': 'none', baseline: false };

async function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: work, isTTY: false, env });
  return { code, out, err };
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/action/index.mjs'))) throw new Error('dist/action/index.mjs is missing: run `npm run build`');
  repo = makePopulationRepo();
  gh = await startFakeGitHub(repo.state);
  work = mkdtempSync(join(tmpdir(), 'tg-population-out-'));
  for (const p of repo.pushes) {
    if (p.unrecorded) continue;
    sh(repo.dir, ['checkout', '-q', '--detach', p.sha]);
    const event = { ref: 'refs/heads/main', before: p.before, after: p.sha, head_commit: { id: p.sha, message: 'push' }, repository, pusher: { name: p.pusher }, sender: { login: p.pusher } };
    const r = await runAction({ workspace: repo.dir, event, eventName: 'push', sha: p.sha, apiUrl: gh.url, inputs });
    if (r.code !== 0) throw new Error(`the Action failed on ${p.label}: ${r.stdout}${r.stderr}`);
  }
  sh(repo.dir, ['checkout', '-q', 'main']);
  full = gh.state.files['trustgate-evidence']['ledger.jsonl'];
  let text = '';
  for (const r of verifyLedger(full).records) if (r.pullRequest?.number !== 9) text = appendToLedgerText(text, r).text;
  cut = text;
  writeFileSync(join(work, 'full.jsonl'), full);
  writeFileSync(join(work, 'cut.jsonl'), cut);
}, 300_000);

afterAll(async () => {
  await gh?.close();
  repo?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

const WINDOW = ['--branch', 'main', '--from', '2026-03-01', '--to', '2026-03-31'];

describe('trustgate evidence population (ledger written by the Action bundle)', () => {
  it('the Action recorded one merge record per push it ran on', () => {
    const v = verifyLedger(full);
    expect(v.ok).toBe(true);
    expect(v.records.map((r: EvidenceRecord) => [r.kind, r.pullRequest?.number ?? null, r.commits.merge])).toEqual(
      repo.pushes.filter((p) => !p.unrecorded).map((p) => ['merge', p.label === 'direct push' ? null : repo.state.commitPulls![p.sha][0], p.sha]),
    );
  });

  it('git and the ledger only: each commit of the window in its class, the query stated, gaps said', async () => {
    const r = await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--ledger', 'cut.jsonl', '--format', 'json', '--output', 'pop.json']);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/10 commit\(s\) on main, 4 covered, 6 exception\(s\)/);
    const p = JSON.parse(readFileSync(join(work, 'pop.json'), 'utf8')) as PopulationReport;
    expect(p.rows.map((x) => x.sha)).toEqual(repo.inWindow.map((c) => c.sha));
    expect(p.rows.map((x) => [x.sha.slice(0, 8), x.class])).toEqual(repo.inWindow.map((c) => [c.sha.slice(0, 8), c.expect]));
    expect(p.rows.map((x) => x.sha)).not.toContain(repo.after);
    expect(p.rows.map((x) => x.sha)).not.toContain(repo.before);
    expect(p.counts).toEqual({ covered: 4, 'direct-push': 1, 'admin-bypass': 1, 'self-approved-or-unapproved': 1, 'approved-older-commit': 1, 'checks-missing-or-failing': 0, 'no-ledger-record': 2 });
    // The admin merge also carries its failing checks; the rebase's first commit is attributed to the recorded last one.
    const bypass = p.rows.find((x) => x.class === 'admin-bypass')!;
    expect(bypass.exceptions).toEqual(['admin-bypass', 'checks-missing-or-failing']);
    expect(bypass.reasons[0]).toMatch(/required check ci\/test \(failure\) not green when it was merged/);
    const [rb1, rb2] = repo.inWindow.filter((c) => c.label === 'rebase').map((c) => p.rows.find((x) => x.sha === c.sha)!);
    expect(rb1.attributedTo).toBe(rb2.sha);
    expect(rb1.recordDigest).toBe(rb2.recordDigest);
    // Gaps: the unrecorded merge commit names its PR in the subject; without --github it is incomplete.
    const pr8 = p.rows.find((x) => x.prHint === 8)!;
    expect(pr8).toMatchObject({ class: 'no-ledger-record', complete: false, recordDigest: null, facts: null });
    expect(pr8.reasons.join(' ')).toMatch(/names pull request #8; approval and checks are unknown without --github/);
    expect(p.incomplete.join('\n')).toMatch(/2 commit\(s\) without a ledger record are not classified further/);
    expect(p.incomplete.join('\n')).toMatch(/rebase-merged commit\(s\) are attributed/);
    // The query, so an auditor can re-perform it.
    const v = verifyLedger(cut);
    expect(p.query).toMatchObject({
      repository: 'acme/infra',
      branch: 'main',
      window: { from: '2026-03-01', to: '2026-03-31' },
      range: { base: repo.before, first: repo.inWindow[0].sha, last: repo.inWindow.at(-1)!.sha, revList: `git rev-list --first-parent ${repo.before}..${repo.inWindow.at(-1)!.sha}` },
      ledger: { file: 'cut.jsonl', records: v.records.length, head: v.head, verified: true },
      github: null,
      tool: { name: 'trustgate' },
    });
    // The range re-performed with git gives exactly the population.
    expect(sh(repo.dir, ['rev-list', '--first-parent', '--reverse', `${repo.before}..${repo.inWindow.at(-1)!.sha}`]).split('\n')).toEqual(p.rows.map((x) => x.sha));
    expect(p.rows[0].links.commit).toBe(`https://github.com/acme/infra/commit/${repo.inWindow[0].sha}`);
  });

  it('the full ledger: the PR whose record was removed is covered again', async () => {
    const r = await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--ledger', 'full.jsonl', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const p = JSON.parse(r.out) as PopulationReport;
    const pr9 = repo.inWindow.find((c) => c.label === 'record removed from the ledger')!;
    expect(p.rows.find((x) => x.sha === pr9.sha)!.class).toBe('covered');
    expect(p.counts['no-ledger-record']).toBe(1);
  });

  it('a ledger with a record cut out (chain broken) is refused', async () => {
    const lines = full.split('\n');
    writeFileSync(join(work, 'broken.jsonl'), [...lines.slice(0, 2), ...lines.slice(3)].join('\n'));
    const r = await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--ledger', 'broken.jsonl', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/NOT valid: line 3 \(record 3\): chain broken/);
  });

  it('--github: the API tells what git cannot (the PR of an unrecorded commit, review requirement), token only to the configured host', async () => {
    gh.state.requiredReviews = { main: 1 };
    gh.requests.length = 0;
    const r = await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--ledger', 'cut.jsonl', '--format', 'json', '--github'], { GITHUB_TOKEN: 'ghs_population', GITHUB_API_URL: gh.url });
    delete gh.state.requiredReviews;
    expect(r.code, r.err).toBe(0);
    const p = JSON.parse(r.out) as PopulationReport;
    const row = (label: string) => p.rows.find((x) => x.sha === repo.inWindow.find((c) => c.label === label)!.sha)!;
    // Unrecorded commits are now known: their PR, approval and checks. Still a gap in the evidence.
    for (const label of ['the Action did not run', 'record removed from the ledger']) {
      expect(row(label)).toMatchObject({ class: 'no-ledger-record', exceptions: ['no-ledger-record'], complete: true, facts: { source: 'github', approvers: ['bob'], checksPassed: true } });
    }
    expect(row('the Action did not run').facts!.pr!.number).toBe(8);
    // Protection requires one approval: the self-approved merge bypassed it.
    expect(row('self-approved').exceptions).toEqual(['admin-bypass', 'self-approved-or-unapproved']);
    expect(row('self-approved').reasons[0]).toMatch(/0 of 1 required approvals when it was merged/);
    expect(p.query.github).toEqual({ api: gh.url, enriched: 2 });
    expect(p.incomplete.join('\n')).not.toMatch(/without --github/);
    expect(gh.requests.length).toBeGreaterThan(0);
    expect(gh.requests.every((q) => q.auth === 'token ghs_population')).toBe(true);
    expect(gh.requests.map((q) => `${q.method} ${q.path}`)).toContain(`GET /repos/acme/infra/commits/${row('the Action did not run').sha}/pulls`);
  });

  it('html, csv and markdown: escaped, with the query, the counts, the sample frame and the register', async () => {
    const html = (await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--ledger', 'cut.jsonl', '--format', 'html'])).out;
    expect(html).toContain('Hotfix &lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toContain('<img');
    expect(html).toContain("content=\"default-src 'none'; style-src 'unsafe-inline'\"");
    expect(html).toMatch(/<h2>Exceptions register \(6\)<\/h2>/);
    expect(html).toMatch(/<h2>Sample frame \(10 changes\)<\/h2>/);
    expect(html).toContain(`git rev-list --first-parent ${repo.before}..`);
    const csv = (await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--ledger', 'cut.jsonl', '--format', 'csv'])).out;
    const frame = csv.split('\r\n\r\n').find((t) => t.startsWith('Sample frame'))!.split('\r\n');
    expect(frame[1]).toMatch(/^n,commit,committed_at,class,exceptions,pull_request,/);
    expect(frame).toHaveLength(12);
    expect(frame.find((l) => l.includes(',direct-push,'))).toContain('"Hotfix <img src=x onerror=alert(1)> & ""quotes"""');
    const mdText = (await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--ledger', 'cut.jsonl', '--format', 'markdown'])).out;
    expect(mdText).toMatch(/## Exceptions register \(6\)/);
    expect(mdText).toContain('Hotfix &lt;img src=x onerror=alert\\(1\\)&gt;');
  });

  it('audit pin: findings split into regressions in the code and findings of rules newer than the pin; the window comes from the config', async () => {
    writeFileSync(join(work, 'pin.yml'), 'audit:\n  window: { from: 2026-03-01, to: 2026-03-31 }\n  ruleset: 0.1.0\n');
    const pinned = JSON.parse((await cli(['evidence', 'population', '--repo', repo.dir, '--branch', 'main', '--ledger', 'cut.jsonl', '--config', 'pin.yml', '--format', 'json'])).out) as PopulationReport;
    const plain = JSON.parse((await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--ledger', 'cut.jsonl', '--format', 'json'])).out) as PopulationReport;
    expect(pinned.query.window).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(pinned.query.pin).toEqual({ ruleset: '0.1.0', version: '0.1.0', config: 'pin.yml' });
    const pr1 = (p: PopulationReport) => p.rows.find((x) => x.facts?.pr?.number === 1)!;
    // The access key PR 1 added is a finding of TG-AWS-059 (introduced in 0.2.0): a new rule under the pin...
    expect(pr1(pinned).drift).toMatchObject({ newRule: 1, newRuleIds: ['TG-AWS-059'], scannerVersion: '0.1.0', otherScanner: false });
    // ...and a regression without one; the bucket findings PR 1 introduced are regressions either way.
    expect(pr1(plain).drift!.regressions).toBe(pr1(pinned).drift!.regressions + 1);
    expect(pr1(pinned).drift!.regressions).toBeGreaterThan(0);
    expect(plain.drift.newRule).toBe(0);
    expect(pinned.drift.regressions).toBe(plain.drift.regressions - 1);
    expect(plain.incomplete.join('\n')).toMatch(/no ruleset is pinned/);
    expect(pinned.incomplete.join('\n')).not.toMatch(/no ruleset is pinned/);
    const csv = (await cli(['evidence', 'population', '--repo', repo.dir, '--branch', 'main', '--ledger', 'cut.jsonl', '--config', 'pin.yml', '--format', 'csv'])).out;
    expect(csv).toMatch(/,1 \(TG-AWS-059\),0\.1\.0,/);
  });

  it('usage: a missing branch, an option-like branch, an unknown format, --github without a token', async () => {
    expect((await cli(['evidence', 'population', '--repo', repo.dir, '--branch', 'nope', '--from', '2026-03-01', '--to', '2026-03-31'])).err).toMatch(/no branch "nope"/);
    expect((await cli(['evidence', 'population', '--repo', repo.dir, '--branch=--output=/tmp/x', '--from', '2026-03-01', '--to', '2026-03-31'])).code).toBe(2);
    expect((await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--format', 'pdf'])).err).toMatch(/unknown format "pdf"/);
    const g = await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--github', '--repository', 'acme/infra']);
    expect(g.code).toBe(2);
    expect(g.err).toMatch(/--github needs a token/);
    // No ledger: everything is a gap, and the report says so.
    const none = await cli(['evidence', 'population', '--repo', repo.dir, ...WINDOW, '--format', 'json']);
    const p = JSON.parse(none.out) as PopulationReport;
    expect(p.counts['no-ledger-record']).toBe(10);
    expect(p.incomplete.join('\n')).toMatch(/no ledger was given/);
  });
});

describe('the Action on schedule: population mode (committed bundle, runner environment)', () => {
  it('refreshes the report for the audit window from the ledger branch, writes HTML, CSV and JSON, and says so in the summary', async () => {
    gh.state.files['trustgate-evidence']['ledger.jsonl'] = cut;
    // The window comes from .trustgate.yml (in the checkout, not committed: the branch history stays as it is).
    const cfg = join(repo.dir, '.trustgate.yml');
    writeFileSync(cfg, 'audit:\n  window: { from: 2026-03-01, to: 2026-03-31 }\n');
    try {
      gh.requests.length = 0;
      const event = { schedule: '0 6 * * 1', repository };
      const r = await runAction({ workspace: repo.dir, event, eventName: 'schedule', sha: repo.after, apiUrl: gh.url, inputs });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const html = r.outputs['population-file'];
      expect(html).toMatch(/trustgate-population\/population-acme-infra-2026-03-01-2026-03-31\.html$/);
      const p = JSON.parse(readFileSync(html.replace(/\.html$/, '.json'), 'utf8')) as PopulationReport;
      expect(p.counts).toEqual({ covered: 4, 'direct-push': 1, 'admin-bypass': 1, 'self-approved-or-unapproved': 1, 'approved-older-commit': 1, 'checks-missing-or-failing': 0, 'no-ledger-record': 2 });
      // Enriched from the API: the unrecorded commits are known (complete), still gaps in the evidence.
      expect(p.rows.filter((x) => x.class === 'no-ledger-record').map((x) => [x.complete, x.facts?.pr?.number])).toEqual([
        [true, 8],
        [true, 9],
      ]);
      expect(p.query).toMatchObject({ branch: 'main', window: { from: '2026-03-01', to: '2026-03-31' }, ledger: { file: 'trustgate-evidence:ledger.jsonl', head: verifyLedger(cut).head }, github: { api: gh.url } });
      expect(readFileSync(html, 'utf8')).toContain('<h2>Exceptions register (6)</h2>');
      expect(readFileSync(html.replace(/\.html$/, '.csv'), 'utf8')).toMatch(/^Query\r\n/);
      expect(r.summary).toContain('Population of changes (SOC 2 CC8.1): main, 2026-03-01 to 2026-03-31');
      expect(r.summary).toMatch(/\| Covered \| 4 \|/);
      expect(r.commands.some((c) => c.command === 'notice' && c.message.includes('Trustgate population: no artifact upload'))).toBe(true);
      expect(gh.requests.map((q) => `${q.method} ${q.path}`)).toContain('GET /repos/acme/infra/contents/ledger.jsonl');
      // Not on a schedule (auto): no report.
      const push = await runAction({ workspace: repo.dir, event: { ref: 'refs/heads/feature', repository }, eventName: 'push', sha: repo.after, apiUrl: gh.url, inputs: { ...inputs, evidence: false } });
      expect(push.outputs['population-file']).toBeUndefined();
    } finally {
      rmSync(cfg, { force: true });
    }
  }, 180_000);

  it('the readiness report of the same run (report: true) links the population report with its counts', async () => {
    gh.state.files['trustgate-evidence']['ledger.jsonl'] = cut;
    const cfg = join(repo.dir, '.trustgate.yml');
    writeFileSync(cfg, 'audit:\n  window: { from: 2026-03-01, to: 2026-03-31 }\n');
    try {
      const event = { schedule: '0 6 * * 1', repository };
      const r = await runAction({ workspace: repo.dir, event, eventName: 'schedule', sha: repo.after, apiUrl: gh.url, inputs: { ...inputs, report: true } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const html = readFileSync(r.outputs['report-file'], 'utf8');
      const pop = r.outputs['population-file'];
      // Linked relative to the readiness report, so the two files work side by side once downloaded.
      expect(html).toContain(`<a href="../trustgate-population/${basename(pop)}">`);
      expect(htmlText(html)).toMatch(/Population \(CC8\.1\)\s*\.\.\/trustgate-population\/population-acme-infra-2026-03-01-2026-03-31\.html: 10 commits on main from 2026-03-01 to 2026-03-31, 4 covered, 6 exceptions; ledger head sha256:/);
      expect(visibleText(r.summary)).toContain('It links the population report: 10 commits on main from 2026-03-01 to 2026-03-31, 4 covered, 6 exceptions.');
    } finally {
      rmSync(cfg, { force: true });
    }
  }, 180_000);
});
