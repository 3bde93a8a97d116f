// `trustgate aggregate` through the real entry point, on results produced by real `trustgate scan`
// runs: the organisation view's counts, what was not scanned and why, unreadable inputs, escaping,
// SARIF and exit codes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from './tmp.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const cli = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = tempDirs('tg-agg-');

const PUBLIC_BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\nresource "aws_s3_bucket_acl" "a" {\n  bucket = aws_s3_bucket.b.id\n  acl    = "public-read-write"\n}\n';
const OPEN_SG = 'resource "aws_security_group" "sg" {\n  name = "sg"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n';
const CLEAN_WF = 'name: ci\non: [push]\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n';

let results: string;
let scans: Record<string, string>;

/** A real scan's JSON of a tree. */
function scanJson(tree: Record<string, string>): string {
  const d = tmp(tree);
  const r = cli(['scan', '.', '--format', 'json', '--fail-on', 'none', '--jobs', '1'], d);
  expect(r.code).toBe(0);
  return r.out;
}

beforeAll(() => {
  scans = { bad: scanJson({ 'main.tf': PUBLIC_BUCKET + OPEN_SG }), sg: scanJson({ 'main.tf': OPEN_SG }), clean: scanJson({ '.github/workflows/ci.yml': CLEAN_WF }) };
  results = tmp({});
  const repo = (dir: string, rec: object, scan?: string) => {
    mkdirSync(join(results, dir), { recursive: true });
    writeFileSync(join(results, dir, 'repo.json'), JSON.stringify({ kind: 'trustgate-org-repository', status: scan ? 'scanned' : 'error', ...rec }));
    if (scan) writeFileSync(join(results, dir, 'scan.json'), scan);
  };
  repo('batch-1/acme__payments', { repository: 'acme/payments', teams: ['@acme/payments'], protection: { requiredReviews: 0, requiredChecks: [], sources: ['protection'] } }, scans.bad);
  repo('batch-1/acme__edge', { repository: 'acme/edge', teams: ['@acme/platform'], protection: { requiredReviews: 2, requiredChecks: ['ci'], sources: ['rulesets'] } }, scans.sg);
  repo('batch-2/acme__docs', { repository: 'acme/docs', teams: ['@acme/platform'], protection: { unavailable: '403 Resource not accessible by integration' } }, scans.clean);
  repo('batch-2/acme__gone', { repository: 'acme/gone', reason: 'fetch failed: repository not found (404)' });
  repo('batch-2/acme__torn', { repository: 'acme/torn', status: 'scanned' });
  writeFileSync(join(results, 'batch-2/acme__torn/scan.json'), scans.sg.slice(0, 200));
  // A loose scan file: its name is the repository's.
  writeFileSync(join(results, 'batch-2', 'acme-legacy.json'), scans.sg);
  writeFileSync(join(results, 'batch-2', 'notes.json'), '{"hello": 1}');
  // The same repository twice (a re-run batch): counted once.
  repo('batch-3/acme__edge', { repository: 'acme/edge' }, scans.bad);
  writeFileSync(join(results, 'plan.json'), JSON.stringify({ kind: 'trustgate-org-plan', organisation: 'acme', listed: 8, batches: [], excluded: [{ repository: 'acme/attic', reason: 'archived (excluded by default)' }] }));
});

const severities = (json: string) => {
  const j = JSON.parse(json);
  return j.findings.filter((f: { suppressed: boolean }) => !f.suppressed).length as number;
};

describe('trustgate aggregate', () => {
  it('folds per-repository results into one organisation view (JSON)', () => {
    const r = cli(['aggregate', '.', '--format', 'json'], results);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.kind).toBe('trustgate-org-report');
    expect(j.organisation).toBe('acme');
    const byName = Object.fromEntries(j.repositories.map((x: { repository: string }) => [x.repository, x]));
    expect(Object.keys(byName).sort()).toEqual(['acme-legacy', 'acme/attic', 'acme/docs', 'acme/edge', 'acme/gone', 'acme/payments', 'acme/torn']);
    expect(j.totals).toMatchObject({ repositories: 7, scanned: 4, errors: 2, excluded: 1, protected: 1, unprotected: 1, protectionUnknown: 4 });
    // Findings are the scans' own unsuppressed findings, summed.
    expect(byName['acme/payments'].findings).toBe(severities(scans.bad));
    expect(byName['acme/edge'].findings).toBe(severities(scans.sg));
    expect(j.totals.findings).toBe(severities(scans.bad) + 2 * severities(scans.sg));
    expect(byName['acme/docs'].findings).toBe(0);
    expect(j.totals.failing).toBe(3);
    // Not scanned, with the reason.
    expect(byName['acme/gone']).toMatchObject({ status: 'error', reason: 'fetch failed: repository not found (404)' });
    expect(byName['acme/torn'].status).toBe('error');
    expect(byName['acme/torn'].reason).toMatch(/^scan\.json not valid JSON/);
    expect(byName['acme/attic']).toMatchObject({ status: 'excluded', reason: 'archived (excluded by default)' });
    // Per criterion: CC6.6 (open security group) fails in the three repositories that hold one.
    const cc66 = j.criteria.find((c: { id: string }) => c.id === 'CC6.6');
    expect(cc66.verdict).toBe('fail');
    expect(cc66.repos.fail).toBe(3);
    // Worst first: payments has the public bucket on top of the open security group.
    expect(j.worst[0]).toBe('acme/payments');
    // Per team: platform owns edge and docs.
    const platform = j.teams.find((t: { team: string }) => t.team === '@acme/platform');
    expect(platform).toMatchObject({ repositories: 2, scanned: 2, failing: 1 });
    // The rule seen in three repositories leads the widespread list.
    expect(j.rules[0].repositories).toBe(3);
    // Unreadable and foreign files and the duplicate are input errors, not crashes.
    const errs = j.inputErrors.map((e: { file: string; message: string }) => `${e.file}: ${e.message}`).join('\n');
    expect(errs).toMatch(/batch-2\/notes\.json: not a Trustgate scan result/);
    expect(errs).toMatch(/batch-3\/acme__edge\/repo\.json: a second result for acme\/edge \(the first came from batch-1\/acme__edge\/repo\.json\)/);
    expect(r.err).toMatch(/2 result files could not be read/);
  });

  it('markdown: the headline table and what was not scanned', () => {
    const r = cli(['aggregate', 'batch-1', 'batch-2', 'plan.json'], results);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^## Trustgate SOC 2 — organisation acme/);
    expect(r.out).toMatch(/\| CC6\.6 \| ❌ fail \| 3 \| 0 \| \d+ \| \d+ \| 4 \|/);
    expect(r.out).toMatch(/\| acme\/gone \| ❌ fetch failed: repository not found \\\(404\\\) \|/);
    expect(r.out).toMatch(/\| acme\/attic \| excluded: archived \\\(excluded by default\\\) \|/);
  });

  it('HTML is self-contained and escapes names and reasons from the repositories', () => {
    const d = tmp({
      'x/repo.json': JSON.stringify({ kind: 'trustgate-org-repository', repository: 'acme/<img src=x onerror=alert(1)>', status: 'error', reason: '<script>alert(2)</script>' }),
      'y/repo.json': JSON.stringify({ kind: 'trustgate-org-repository', repository: 'acme/y', status: 'scanned', teams: ['"><b>team'] }),
      'y/scan.json': scans.bad,
    });
    const r = cli(['aggregate', '.', '--format', 'html', '--output', 'org.html'], d);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/2 repositories \(1 scanned, 1 not scanned, 0 excluded\), \d+ findings written to org\.html/);
    const html = readFileSync(join(d, 'org.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|<img|<b>team/);
    expect(html).toContain('acme/&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
  });

  it('SARIF: one result per repository and rule, at its first finding, under the repository name', () => {
    const r = cli(['aggregate', '.', '--format', 'sarif'], results);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    const run = s.runs[0];
    expect(s.version).toBe('2.1.0');
    const uris = run.results.map((x: any) => x.locations[0].physicalLocation.artifactLocation.uri);
    expect(uris).toContain('acme/payments/main.tf');
    const keys = run.results.map((x: any) => x.partialFingerprints['trustgate-org/v1']);
    expect(new Set(keys).size).toBe(keys.length);
    for (const x of run.results) expect(run.tool.driver.rules[x.ruleIndex].id).toBe(x.ruleId);
    expect(run.invocations[0].toolExecutionNotifications.map((n: any) => n.message.text).join('\n')).toMatch(/acme\/gone was not scanned: fetch failed/);
  });

  it('exit codes: --fail-on gates on the scanned repositories; usage errors are 2', () => {
    expect(cli(['aggregate', '.', '--fail-on', 'critical'], results).code).toBe(1);
    expect(cli(['aggregate', 'batch-2/acme__docs', '--fail-on', 'low'], results).code).toBe(0);
    expect(cli(['aggregate', '.', '--format', 'pdf'], results).code).toBe(2);
    expect(cli(['aggregate'], results).code).toBe(2);
    const missing = cli(['aggregate', 'nope'], results);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^trustgate aggregate: nope does not exist/);
  });
});
