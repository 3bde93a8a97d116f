// `trustgate aggregate` with per-repository readiness reports (readiness.json beside scan.json, as
// `org scan-batch --readiness` writes them, or loose `trustgate report --format json` files): the
// readiness report's sections across repositories, each number recomputed here from the reports.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OrgReport } from '../core/org/aggregate.js';
import type { ReadinessReport } from '../core/readiness/model.js';
import { renderGfm, tableRows, visibleText } from './markdown-render.js';
import { tempDirs } from './tmp.js';
import { privilegedPod } from './compensation-fixtures.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const cli = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GITHUB_REPOSITORY: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = tempDirs('tg-agg-ready-');

const PUBLIC_BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\nresource "aws_s3_bucket_acl" "a" {\n  bucket = aws_s3_bucket.b.id\n  acl    = "public-read-write"\n}\n';
const CLEAN_WF = 'name: ci\non: [push]\npermissions:\n  contents: read\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ok\n';
const POD = privilegedPod('# trustgate:compensated TG-K8S-001 by="policies/admission.md"', 'agent');
const trees: Record<string, Record<string, string>> = {
  'acme/payments': { 'main.tf': PUBLIC_BUCKET },
  'acme/docs': { '.github/workflows/ci.yml': CLEAN_WF },
  'acme/agent': { 'k8s/pod.yaml': POD, 'policies/admission.md': '# Admission control\nPrivileged pods are rejected by the cluster admission webhook.\n' },
};
let results: string;
const reports: Record<string, ReadinessReport> = {};

beforeAll(() => {
  results = tmp({});
  for (const [name, tree] of Object.entries(trees)) {
    const d = tmp(tree);
    const scan = cli(['scan', '.', '--format', 'json', '--fail-on', 'none', '--jobs', '1'], d);
    const rep = cli(['report', '.', '--format', 'json'], d);
    expect([scan.code, rep.code]).toEqual([0, 0]);
    reports[name] = JSON.parse(rep.out);
    const dir = join(results, 'batch-0', name.replace('/', '__'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'repo.json'), JSON.stringify({ kind: 'trustgate-org-repository', repository: name, status: 'scanned' }));
    writeFileSync(join(dir, 'scan.json'), scan.out);
    writeFileSync(join(dir, 'readiness.json'), rep.out);
  }
  // Scanned, but the report step did not run for it.
  const bare = join(results, 'batch-1', 'acme__bare');
  mkdirSync(bare, { recursive: true });
  writeFileSync(join(bare, 'repo.json'), JSON.stringify({ kind: 'trustgate-org-repository', repository: 'acme/bare', status: 'scanned' }));
  writeFileSync(join(bare, 'scan.json'), cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], tmp({ 'main.tf': PUBLIC_BUCKET })).out);
  // A torn readiness report: an input error, the scan still counts.
  const torn = join(results, 'batch-1', 'acme__torn');
  mkdirSync(torn, { recursive: true });
  writeFileSync(join(torn, 'repo.json'), JSON.stringify({ kind: 'trustgate-org-repository', repository: 'acme/torn', status: 'scanned' }));
  writeFileSync(join(torn, 'scan.json'), cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], tmp({ '.github/workflows/ci.yml': CLEAN_WF })).out);
  writeFileSync(join(torn, 'readiness.json'), JSON.stringify(reports['acme/docs']).slice(0, 300));
});

describe('trustgate aggregate: readiness sections for the organisation', () => {
  it('JSON: per section, verdicts counted, score distribution, repositories failing, compensating controls counted', () => {
    const r = JSON.parse(cli(['aggregate', results, '--format', 'json'], results).out) as OrgReport;
    expect(r.totals).toMatchObject({ repositories: 5, scanned: 5 });
    expect(r.inputErrors).toEqual([{ file: 'batch-1/acme__torn/readiness.json', message: expect.stringMatching(/^not valid JSON/) }]);
    const x = r.readiness!;
    expect(x).toMatchObject({ repositories: 3, withoutReport: 2 });
    const all = Object.entries(reports);
    const overall = all.map(([, rep]) => rep.score.overall.percent).sort((a, b) => a - b);
    expect(x.score).toMatchObject({ repositories: 3, min: overall[0], median: overall[1], max: overall[2] });
    expect(x.score.bands.reduce((a, b) => a + b.repositories, 0)).toBe(3);
    expect(x.sections.map((s) => s.id)).toEqual(reports['acme/docs'].sections.map((s) => s.id));
    for (const s of x.sections) {
      const per = all.map(([name, rep]) => [name, rep.sections.find((y) => y.id === s.id)!] as const);
      for (const v of ['fail', 'incomplete', 'pass', 'not-evaluated'] as const) expect(s.verdicts[v], `${s.id} ${v}`).toBe(per.filter(([, y]) => y.verdict === v).length);
      expect(s.failing).toEqual(per.filter(([, y]) => y.verdict === 'fail').map(([n]) => n).sort());
      const scores = per.map(([, y]) => y.score.percent).sort((a, b) => a - b);
      expect([s.score.min, s.score.median, s.score.max], s.id).toEqual([scores[0], scores[1], scores[2]]);
      expect(s.openFindings).toBe(per.reduce((a, [, y]) => a + y.findings.total, 0));
      const comps = per.flatMap(([, y]) => y.compensations);
      expect(s.compensations).toEqual({ verified: comps.filter((c) => c.status === 'verified').length, exists: comps.filter((c) => c.status === 'exists').length, invalid: comps.filter((c) => c.status === 'invalid').length, repositories: per.filter(([, y]) => y.compensations.length).length });
    }
    // The fixtures are not all alike: a section fails somewhere, and the compensated pod is counted.
    const cc6 = x.sections.find((s) => s.id === 'CC6')!;
    expect(cc6.failing).toContain('acme/payments');
    expect(cc6.compensations).toMatchObject({ exists: 1, repositories: 1 });
    expect(r.repositories.find((y) => y.repository === 'acme/payments')!.readiness).toBe(reports['acme/payments'].score.overall.percent);
    expect(r.repositories.find((y) => y.repository === 'acme/bare')!.readiness).toBeUndefined();
  });

  it('per criterion and per repository, the compensated pod is counted apart from suppressions (JSON and HTML)', () => {
    const r = JSON.parse(cli(['aggregate', results, '--format', 'json'], results).out) as OrgReport;
    expect(r.criteria.find((c) => c.id === 'CC6.8')).toMatchObject({ suppressed: 1, compensated: 1 });
    expect(r.repositories.find((y) => y.repository === 'acme/agent')).toMatchObject({ suppressed: 1, compensated: 1 });
    expect(r.totals).toMatchObject({ suppressed: 1, compensated: 1 });
    const rows = tableRows(cli(['aggregate', results, '--format', 'html'], results).out);
    // A cell by its column's heading, in the table (a header row of the same width above) that has it.
    const cell = (first: (x: string) => boolean, col: string) =>
      rows.flatMap((x, at) => {
        const head = first(x[0]) ? rows.slice(0, at).reverse().find((y) => y.length === x.length && y.includes(col)) : undefined;
        return head ? [x[head.indexOf(col)]] : [];
      })[0];
    expect([cell((x) => x.startsWith('CC6.8'), 'Suppressed'), cell((x) => x.startsWith('CC6.8'), 'Compensated')]).toEqual(['0', '1']);
    expect([cell((x) => x === 'acme/agent', 'Suppressed'), cell((x) => x === 'acme/agent', 'Compensated')]).toEqual(['0', '1']);
  });

  it('markdown and HTML show the sections as a reader sees them; without readiness reports there is no such section', () => {
    const r = JSON.parse(cli(['aggregate', results, '--format', 'json'], results).out) as OrgReport;
    const md = cli(['aggregate', results], results).out;
    const html = renderGfm(md);
    expect(html).toContain('<h3>SOC 2 readiness across repositories</h3>');
    expect(visibleText(md)).toContain(`3 repositories with a readiness report (2 scanned without one). Readiness score: median ${r.readiness!.score.median}%`);
    const cc6 = r.readiness!.sections.find((s) => s.id === 'CC6')!;
    const row = tableRows(html).find((x) => x[0].startsWith('CC6 '))!;
    expect(row.slice(1, 5)).toEqual([String(cc6.verdicts.fail), String(cc6.verdicts.incomplete), String(cc6.verdicts.pass), String(cc6.verdicts['not-evaluated'])]);
    expect(row[5]).toBe(`${cc6.score.median}% (${cc6.score.min}–${cc6.score.max}%)`);
    expect(row[8]).toBe('0 verified, 1 file present, 0 not accepted (1 repository)');
    expect(row[9]).toContain('acme/payments');
    const page = cli(['aggregate', results, '--format', 'html'], results).out;
    expect(page).toContain('<h2 id="readiness">SOC 2 readiness across repositories</h2>');
    expect(page).toContain(`data-readiness="3" data-median="${r.readiness!.score.median}"`);
    expect(page).toContain('<th class="n">Readiness</th>');
    // Scan results alone: no readiness section, no readiness column.
    const only = tmp({});
    writeFileSync(join(only, 'acme-x.json'), cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], tmp({ 'main.tf': PUBLIC_BUCKET })).out);
    const plain = JSON.parse(cli(['aggregate', only, '--format', 'json'], only).out) as OrgReport;
    expect(plain.readiness).toBeUndefined();
    expect(cli(['aggregate', only], only).out).not.toContain('readiness');
    expect(cli(['aggregate', only, '--format', 'html'], only).out).not.toContain('Readiness');
    // A loose <name>.readiness.json goes with <name>.json, whatever its remote says.
    writeFileSync(join(only, 'acme-x.readiness.json'), JSON.stringify({ ...reports['acme/payments'], repository: { name: 'acme/x-from-its-remote', commit: null } }));
    const loose = JSON.parse(cli(['aggregate', only, '--format', 'json'], only).out) as OrgReport;
    expect(loose.readiness?.repositories).toBe(1);
    expect(loose.repositories.find((y) => y.repository === 'acme-x')!.readiness).toBe(reports['acme/payments'].score.overall.percent);
  });
});
