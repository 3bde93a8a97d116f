import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config.js';
import { collectEvidence } from '../../core/evidence/collect.js';
import { GitHubApi } from '../../core/github.js';
import { findTickets } from '../../core/evidence/record.js';
import { seal } from '../../core/evidence/record.js';
import { validateRecord } from '../../core/evidence/validate.js';
import { sha256 } from '../../core/evidence/canonical.js';
import { evidenceMarkdown } from '../../core/evidence/markdown.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { startFakeGitHub, type FakeGitHub } from '../action/fake-github.js';
import { makeRepo, prState, type Repo } from './helpers.js';

// One rule keeps the expectations stable while other rules are added.
const RULES = ALL_RULES.filter((r) => r.id === 'TG-AWS-001');
let repo: Repo;
let gh: FakeGitHub;
beforeAll(async () => {
  repo = makeRepo();
  gh = await startFakeGitHub(prState(repo));
});
afterAll(async () => {
  await gh.close();
  repo.cleanup();
});

const now = new Date('2026-03-02T12:30:00Z');

describe('evidence record from a real git repository and a local GitHub API', () => {
  it('judges every review, the checks, tickets, files, findings and suppressions', async () => {
    const api = new GitHubApi(gh.url, 'test-token', 'acme/infra');
    const rec = seal(await collectEvidence({ api, repoDir: repo.dir, rules: RULES, config: defaultConfig(), event: { kind: 'pull_request', number: 7 }, now }), null);
    expect(validateRecord(rec)).toEqual([]);
    expect(rec.kind).toBe('pull_request');
    expect(rec.author).toBe('alice');
    expect(rec.commits).toMatchObject({ base: repo.base, head: repo.head, merge: null, authors: ['alice'], count: 2 });

    const by = Object.fromEntries(rec.reviews.map((r) => [r.reviewer, r]));
    expect(by.bob).toMatchObject({ countsAsApproval: false, notCountedBecause: 'older-commit', commitId: repo.first });
    expect(by.alice).toMatchObject({ countsAsApproval: false, notCountedBecause: 'by-author' });
    expect(by.dave).toMatchObject({ countsAsApproval: false, notCountedBecause: 'dismissed' });
    expect(by.erin).toMatchObject({ countsAsApproval: false, notCountedBecause: 'not-an-approval' });
    expect(by.carol).toMatchObject({ countsAsApproval: true, notCountedBecause: null, submittedAt: '2026-03-02T12:00:00Z' });
    expect(rec.independentApproval).toBe(true);
    expect(rec.approvers).toEqual(['carol']);

    expect(rec.checks.required).toEqual([
      { name: 'ci/test', result: 'success' },
      { name: 'trustgate', result: 'success' },
    ]);
    expect(rec.checks.passed).toBe(true);
    expect(rec.checks.runs !== 'unavailable' && rec.checks.runs.map((c) => c.name)).toEqual(['ci/test', 'deploy/plan', 'lint', 'trustgate']);

    expect(rec.tickets.map((t) => t.ref)).toEqual(['#12', 'OPS-42', 'SEC-7', 'acme/platform#99']);
    expect(rec.tickets.find((t) => t.ref === 'OPS-42')!.sources).toEqual(['title', 'branch']);

    // Changed IaC files only, with the digest of the head blob.
    expect(rec.files.map((f) => [f.path, f.status])).toEqual([
      ['infra/main.tf', 'modified'],
      ['infra/uploads.tf', 'added'],
    ]);
    expect(rec.files[1].sha256).toBe(sha256(readFileSync(join(repo.dir, 'infra/uploads.tf'))));

    // Findings keyed by rule + file + message: the suppressed legacy bucket moved lines but is pre-existing.
    const fmt = (l: { ruleId: string; file: string; suppressed: boolean }[]) => l.map((f) => `${f.ruleId} ${f.file}${f.suppressed ? ' (suppressed)' : ''}`).sort();
    expect(fmt(rec.findings.new)).toEqual(['TG-AWS-001 infra/uploads.tf']);
    expect(fmt(rec.findings.fixed)).toEqual(['TG-AWS-001 infra/main.tf']);
    expect(rec.findings.counts).toEqual({ new: 1, fixed: 1, preExisting: 2 });
    expect(rec.findings.baseScanned).toBe(true);

    // Suppressions: the one Alice added (blame names her), Carol's expired one.
    expect(rec.suppressions.added).toHaveLength(1);
    expect(rec.suppressions.added[0]).toMatchObject({ ruleId: 'TG-AWS-001', file: 'infra/main.tf', line: 2, expires: '2099-12-31', controls: ['CC7.2', 'CC4.1'] });
    expect(rec.suppressions.added[0].addedBy).toMatchObject({ name: 'Alice Author', email: 'alice@example.com', commit: repo.first, date: '2026-03-02T09:00:00.000Z' });
    expect(rec.suppressions.expired).toHaveLength(1);
    expect(rec.suppressions.expired[0]).toMatchObject({ expires: '2026-01-31', addedBy: { name: 'Carol Risk' } });
    expect(rec.suppressions.removed).toEqual([]);
    expect(rec.suppressions.active.map((s) => s.reason)).toEqual(['legacy bucket, logging arrives with the Q3 migration']);

    const cc72 = rec.criteria.find((c) => c.id === 'CC7.2')!;
    expect(cc72).toMatchObject({ result: 'failed', newFindings: 1 });
    expect(rec.exceptions).toEqual(['expired-suppression']);
    expect(rec.scanner.rulesetDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(rec.previous).toBeNull();

    const md = evidenceMarkdown(rec);
    expect(md).toContain('| Independent approval | ✅ carol |');
    expect(md).toContain('no: on an older commit');
    expect(md).toContain('no: by the PR author');
  });

  it('at merge: resolves the PR from the merge commit and ties checks to the approved head', async () => {
    const local = await startFakeGitHub(prState(repo, { merged: true, mergeSha: repo.head, failing: true }));
    try {
      const api = new GitHubApi(local.url, 'test-token', 'acme/infra');
      const rec = seal(await collectEvidence({ api, repoDir: repo.dir, rules: RULES, config: defaultConfig(), event: { kind: 'merge', sha: repo.head, defaultBranch: 'main' }, now }), null);
      expect(validateRecord(rec)).toEqual([]);
      expect(rec.kind).toBe('merge');
      expect(rec.pullRequest?.state).toBe('merged');
      expect(rec.merge).toEqual({ mergedBy: 'maint', mergedAt: '2026-03-02T13:00:00Z' });
      expect(rec.commits.merge).toBe(repo.head);
      expect(rec.checks.passed).toBe(false);
      expect(rec.exceptions).toContain('failing-checks');
      expect(local.requests.some((r) => r.path.startsWith(`/repos/acme/infra/commits/${repo.head}/pulls`))).toBe(true);
    } finally {
      await local.close();
    }
  });

  it('a read-only token: checks and required checks are "unavailable", not an abort', async () => {
    const local = await startFakeGitHub({ ...prState(repo), denyAdmin: true, denyChecks: true });
    try {
      const api = new GitHubApi(local.url, 'test-token', 'acme/infra');
      const rec = seal(await collectEvidence({ api, repoDir: repo.dir, rules: RULES, config: defaultConfig(), event: { kind: 'pull_request', number: 7 }, now }), null);
      expect(validateRecord(rec)).toEqual([]);
      expect(rec.checks).toEqual({ required: 'unavailable', runs: 'unavailable', passed: null });
      expect(rec.exceptions).toContain('checks-unavailable');
    } finally {
      await local.close();
    }
  });

  it('finds ticket references without mistaking digests, CVEs or rule ids for tickets', () => {
    const t = findTickets('Fix ABC-123: SHA-256 pinning for CVE-2024-1234 (TG-AWS-001)', 'Refs #45, org/repo#6, not a#7 nor &#8;', '98-fix-thing');
    expect(t.map((x) => x.ref)).toEqual(['#45', '#98', 'ABC-123', 'org/repo#6']);
    expect(findTickets('x', null, 'feature/abc-9-y').map((x) => x.ref)).toEqual(['ABC-9']);
  });
});
