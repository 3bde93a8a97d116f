// `trustgate report`: the readiness report through the real CLI bundle, its JSON validated against
// schemas/report-v1.json, its numbers checked against an independent `trustgate scan --format json`,
// hostile names escaped in every format, and suppression authors taken from git blame.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA, validateReport } from './schema.js';
import { groupOf } from '../../core/readiness/groups.js';
import type { ReadinessReport } from '../../core/readiness/model.js';
import { parseRemote } from '../../core/readiness/repo.js';
import { CRITERIA } from '../../core/soc2/criteria.js';
import type { ScanResult } from '../../core/types.js';
import { tempDirs } from '../tmp.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const cli = (args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1', GITHUB_REPOSITORY: '', ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = tempDirs('tg-report-');


function gitRepo(files: Record<string, string>, author = 'Dana Auditor <dana@example.com>'): string {
  const d = tmp(files);
  const g = (...a: string[]) => execFileSync('git', ['-C', d, ...a], { stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: d } });
  g('init', '-q', '-b', 'main');
  g('add', '-A');
  const [, name, email] = /^(.*) <(.*)>$/.exec(author)!;
  g('-c', `user.name=${name}`, '-c', `user.email=${email}`, 'commit', '-q', '-m', 'init', '--date', '2026-03-01T10:00:00Z');
  return d;
}

describe('trustgate report examples', () => {
  const json = cli(['report', 'examples', '--format', 'json']);
  const r = JSON.parse(json.out) as ReadinessReport;
  const scan = JSON.parse(cli(['scan', 'examples', '--format', 'json', '--fail-on', 'none']).out) as ScanResult;

  it('writes a report that matches schemas/report-v1.json (own validator and Ajv agree)', () => {
    expect(json.code).toBe(0);
    expect(validateReport(r)).toEqual([]);
    const broken = [{ ...r, schemaVersion: 2 }, { ...r, sections: [{ ...r.sections[0], verdict: 'green' }] }, { ...r, score: { ...r.score, overall: { ...r.score.overall, percent: -1 } } }, { ...r, extra: true }];
    for (const b of broken) expect(validateReport(b).length).toBeGreaterThan(0);
    let Ajv2020: (new (o: object) => { compile: (s: object) => (v: unknown) => boolean }) | undefined;
    try {
      Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020').default;
    } catch {
      return;
    }
    const validate = new Ajv2020!({ strict: true, allErrors: true }).compile(REPORT_SCHEMA);
    expect(validate(r)).toBe(true);
    for (const b of broken) expect(validate(b)).toBe(false);
  });

  it('has one section per criteria family, CC1 to CC9, A1, C1, PI1 and P, covering every criterion once', () => {
    expect(r.sections.map((s) => s.id)).toEqual(['CC1', 'CC2', 'CC3', 'CC4', 'CC5', 'CC6', 'CC7', 'CC8', 'CC9', 'A1', 'C1', 'PI1', 'P']);
    const points = r.sections.flatMap((s) => s.points.map((p) => p.id));
    expect(points.sort()).toEqual(Object.keys(CRITERIA).sort());
    for (const s of r.sections) for (const p of s.points) expect(groupOf(p.id)).toBe(s.id);
  });

  it('agrees with the scan: point verdicts, resources and open findings per section', () => {
    expect(r.scan.findings).toBe(scan.summary.findings);
    for (const s of r.sections) {
      for (const p of s.points) {
        const c = scan.summary.byControl[p.id];
        expect(p.verdict, p.id).toBe(c?.verdict ?? 'not-evaluated');
        expect(p.resources, p.id).toBe(c?.resources ?? 0);
      }
      const ids = s.points.map((p) => p.id);
      const open = scan.findings.filter((f) => !f.suppressed && f.controls.some((c) => ids.includes(c)));
      expect(s.findings.total, s.id).toBe(open.length);
      expect(s.findings.listed.map((f) => `${f.file}:${f.line}:${f.ruleId}`).sort()).toEqual(open.map((f) => `${f.location.file}:${f.location.startLine}:${f.ruleId}`).sort());
    }
    // The examples hold an insecure tree: the report must not look ready.
    expect(r.sections.find((s) => s.id === 'CC6')!.verdict).toBe('fail');
  });

  it('computes the score by the rule it states: credited pass points over all points, rounded down', () => {
    let credited = 0;
    let points = 0;
    for (const s of r.sections) {
      const c = s.points.filter((p) => p.verdict === 'pass').length;
      expect(s.score).toEqual({ credited: c, points: s.points.length, percent: Math.floor((100 * c) / s.points.length) });
      credited += c;
      points += s.points.length;
    }
    expect(r.score.overall).toEqual({ credited, points, percent: Math.floor((100 * credited) / points) });
    expect(r.score.rule).toMatch(/equal weight/);
  });

  it('renders the same sections and numbers as markdown and HTML', () => {
    const md = cli(['report', 'examples', '--format', 'markdown']).out;
    const html = cli(['report', 'examples']).out;
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=["']http/i);
    for (const s of r.sections) {
      expect(md).toContain(`## ${s.id} ${s.title}`);
      expect(html).toContain(`data-criterion="${s.id}" data-score="${s.score.percent}" data-open="${s.findings.total}" data-suppressions="${s.suppressions.length}"`);
    }
    expect(md).toContain(`## Readiness score: ${r.score.overall.percent}% (${r.score.overall.credited} of ${r.score.overall.points} points)`);
  });
});

describe('suppressions in force and who added them', () => {
  it('names the author of the suppression line from git blame, with reason and expiry', () => {
    const d = gitRepo({
      'main.tf': '# Log sink\n# trustgate:ignore TG-AWS-001 reason="this bucket receives the access logs" expires=2099-01-01\nresource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n',
    });
    const r = JSON.parse(cli(['report', '.', '--format', 'json'], d).out) as ReadinessReport;
    const supp = r.sections.flatMap((s) => s.suppressions).find((s) => s.ruleId === 'TG-AWS-001');
    expect(supp).toMatchObject({ file: 'main.tf', line: 2, reason: 'this bucket receives the access logs', expires: '2099-01-01', source: 'comment' });
    expect(supp!.addedBy).toMatchObject({ name: 'Dana Auditor', email: 'dana@example.com', date: '2026-03-01T10:00:00.000Z' });
    expect(supp!.addedBy!.commit).toBe(r.repository.commit);
  });

  it('says "not committed" rather than guess when the line is not in the history', () => {
    const d = tmp({ 'main.tf': 'resource "aws_s3_bucket" "logs" { # trustgate:ignore TG-AWS-001 reason="the log sink bucket cannot log to itself"\n  bucket = "logs"\n}\n' });
    const r = JSON.parse(cli(['report', '.', '--format', 'json'], d).out) as ReadinessReport;
    const supp = r.sections.flatMap((s) => s.suppressions).find((s) => s.ruleId === 'TG-AWS-001');
    expect(supp?.addedBy).toBeNull();
  });
});

describe('ownership', () => {
  it('assigns each open finding its CODEOWNERS owners and groups open findings by owner', () => {
    const db = 'resource "aws_db_instance" "x" {\n  storage_encrypted = false\n}\n';
    const d = gitRepo({ '.github/CODEOWNERS': '* @acme/platform\n/data/ @acme/dba @alice\n/legacy/\n', 'data/db.tf': db, 'infra/db.tf': db, 'legacy/db.tf': db });
    const r = JSON.parse(cli(['report', '.', '--format', 'json'], d).out) as ReadinessReport;
    expect(validateReport(r)).toEqual([]);
    const listed = r.sections.flatMap((s) => s.findings.listed);
    const ownersOf = (file: string) => [...new Set(listed.filter((f) => f.file === file).map((f) => f.owners.join(' ')))];
    expect(ownersOf('data/db.tf')).toEqual(['@acme/dba @alice']);
    expect(ownersOf('infra/db.tf')).toEqual(['@acme/platform']);
    expect(ownersOf('legacy/db.tf')).toEqual(['']);
    const open = (dir: string) => new Set(listed.filter((f) => f.file.startsWith(dir)).map((f) => `${f.file}:${f.line}:${f.ruleId}`)).size;
    expect(r.ownership.file).toBe('.github/CODEOWNERS');
    expect(r.ownership.groups.map((g) => [g.owner, g.findings])).toEqual(
      [['@acme/dba', open('data/')], ['@acme/platform', open('infra/')], ['@alice', open('data/')], [null, open('legacy/')]].sort((a, b) => (a[0] === null ? 1 : 0) - (b[0] === null ? 1 : 0) || (b[1] as number) - (a[1] as number) || String(a[0]).localeCompare(String(b[0]))),
    );
    expect(open('data/')).toBeGreaterThan(0);
  });
});

describe('hostile content', () => {
  const evil = '<img src=x onerror=alert(1)>|[x](javascript:alert(1))';
  it('escapes file names, messages and suppression reasons in HTML and markdown', () => {
    const d = gitRepo({
      [`${'<svg onload=alert(1)>'}.tf`]: `# trustgate:ignore TG-AWS-001 reason="${evil}"\nresource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\nresource "aws_db_instance" "x" {\n  storage_encrypted = false\n}\n`,
    }, 'Mallory" onclick="alert(1) & co <m@example.com>'); // git drops < and > from names
    const html = cli(['report', '.'], d).out;
    expect(html).not.toMatch(/<svg|<img|Mallory"/);
    expect(html).toContain('&lt;svg onload=alert(1)&gt;.tf');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Mallory&quot; onclick=&quot;alert(1) &amp; co');
    expect(html).not.toMatch(/href="(?!#|https:)/);
    const md = cli(['report', '.', '--format', 'markdown'], d).out;
    expect(md).not.toMatch(/<svg|<img|<b>|\]\(javascript/);
  });
});

describe('command line', () => {
  it('rejects an unknown format, a lone --from and a missing path (exit 2)', () => {
    expect(cli(['report', 'examples', '--format', 'pdf']).code).toBe(2);
    expect(cli(['report', 'examples', '--from', '2026-01-01']).code).toBe(2);
    const r = cli(['report', 'nowhere']);
    expect([r.code, r.err]).toEqual([2, expect.stringMatching(/path nowhere does not exist/)]);
  });
  it('refuses a ledger that does not verify (exit 1)', () => {
    const d = tmp({ 'ledger.jsonl': '{"not":"a record"}\n', 'main.tf': '' });
    const r = cli(['report', '.', '--ledger', 'ledger.jsonl'], d);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/NOT valid: line 1/);
  });
  it('reads owner/name from https and ssh remotes', () => {
    expect(parseRemote('https://github.com/acme/infra.git')).toEqual({ name: 'acme/infra', web: 'https://github.com/acme/infra' });
    expect(parseRemote('git@github.com:acme/infra.git')).toEqual({ name: 'acme/infra', web: 'https://github.com/acme/infra' });
    expect(parseRemote('/srv/git/infra')).toBeUndefined();
  });
});
