// `trustgate report`: the readiness report through the real CLI bundle, its JSON validated against
// schemas/report-v1.json, its numbers checked against an independent `trustgate scan --format json`,
// hostile names escaped in every format, and suppression authors taken from git blame.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA, validateReport } from './schema.js';
import { htmlText, renderGfm, tableRows, visibleText } from '../markdown-render.js';
import { groupOf } from '../../core/readiness/groups.js';
import type { ReadinessReport } from '../../core/readiness/model.js';
import { parseRemote } from '../../core/readiness/repo.js';
import { CRITERIA } from '../../core/soc2/criteria.js';
import type { ScanResult } from '../../core/types.js';
import { tempDirs } from '../tmp.js';
import { kyvernoNoPrivileged } from '../compensation-fixtures.js';

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

describe('compensating controls (apart from suppressions) and the population report', () => {
  const kyverno = kyvernoNoPrivileged();
  const pod = `apiVersion: v1
kind: Pod
metadata:
  name: node-agent
spec:
  # trustgate:compensated TG-K8S-004 by="policies/missing.yaml"
  hostNetwork: true
  containers:
    - name: agent
      image: registry.example.com/agent@sha256:${'a'.repeat(64)}
      securityContext:
        runAsNonRoot: true
        # trustgate:ignore TG-K8S-002 reason="the agent re-execs itself under a narrower profile"
        allowPrivilegeEscalation: true
        # trustgate:compensated TG-K8S-001 by="policies/kyverno/no-privileged.yaml" reason="admission rejects privileged pods"
        privileged: true
`;
  const repo = () => gitRepo({ 'k8s/pod.yaml': pod, 'policies/kyverno/no-privileged.yaml': kyverno }, 'Casey Platform <casey@example.com>');

  it('lists each compensating control per criterion with what was verified and who added it, never among the suppressions', () => {
    const d = repo();
    const res = cli(['report', '.', '--format', 'json'], d);
    expect(res.code, res.err).toBe(0);
    const r = JSON.parse(res.out) as ReadinessReport;
    expect(validateReport(r)).toEqual([]);
    const comps = r.sections.flatMap((s) => s.compensations.map((c) => ({ section: s.id, ...c })));
    const priv = comps.filter((c) => c.ruleId === 'TG-K8S-001');
    expect(priv.length).toBeGreaterThan(0);
    expect(priv[0]).toMatchObject({ file: 'k8s/pod.yaml', line: 15, control: 'policies/kyverno/no-privileged.yaml', status: 'verified', reason: 'admission rejects privileged pods', findings: 1 });
    expect(priv[0].detail).toMatch(/Kyverno ClusterPolicy "disallow-privileged-containers" rule "privileged-containers" enforces privileged/);
    expect(priv[0].addedBy).toMatchObject({ name: 'Casey Platform', email: 'casey@example.com', commit: r.repository.commit });
    // In the sections of the rule's criteria, and only there.
    const rule = JSON.parse(cli(['rules', '--format', 'json'], d).out) as { id: string; controls: string[] }[];
    const criteria = rule.find((x) => x.id === 'TG-K8S-001')!.controls;
    expect(priv.map((c) => c.section).sort()).toEqual([...new Set(criteria.map((c) => groupOf(c)))].sort());
    // A directive whose control does not exist compensates nothing: listed as not accepted, its finding open.
    const host = comps.find((c) => c.ruleId === 'TG-K8S-004')!;
    expect(host).toMatchObject({ status: 'invalid', findings: 0, control: 'policies/missing.yaml', line: 6 });
    expect(host.detail).toMatch(/does not exist/);
    expect(r.sections.flatMap((s) => s.findings.listed).some((f) => f.ruleId === 'TG-K8S-004')).toBe(true);
    // Suppressions hold the suppression, not the compensations.
    const supp = r.sections.flatMap((s) => s.suppressions);
    expect(supp.map((s) => s.ruleId)).toContain('TG-K8S-002');
    expect(supp.some((s) => s.ruleId === 'TG-K8S-001' || s.ruleId === 'TG-K8S-004')).toBe(false);
  });

  it('shows them in markdown and HTML as a reader sees them, and links the population report with its counts', async () => {
    const d = repo();
    const pop = { query: { branch: 'main', window: { from: '2026-03-01', to: '2026-03-31' }, ledger: { head: 'sha256:' + 'b'.repeat(64) }, generatedAt: '2026-04-01T00:00:00Z' }, total: 10, counts: { covered: 4 } };
    writeFileSync(join(d, 'population.json'), JSON.stringify(pop));
    writeFileSync(join(d, 'population.html'), '<!DOCTYPE html>');
    const md = cli(['report', '.', '--format', 'markdown', '--population', 'population.html'], d);
    expect(md.code, md.err).toBe(0);
    const rows = tableRows(renderGfm(md.out));
    const row = (first: string) => rows.filter((r) => r[0] === first);
    expect(row('Population (CC8.1)')).toEqual([['Population (CC8.1)', 'population.html: 10 commits on main from 2026-03-01 to 2026-03-31, 4 covered, 6 exceptions']]);
    expect(visibleText(md.out)).toMatch(/Compensating controls: [1-9]/);
    const priv = row('TG-K8S-001').find((r) => r.length === 6)!;
    expect(priv.slice(0, 2)).toEqual(['TG-K8S-001', 'policies/kyverno/no-privileged.yaml (admission rejects privileged pods)']);
    expect(priv[2]).toMatch(/^verified: the policy targets the concern and enforces it: policies\/kyverno\/no-privileged\.yaml: Kyverno ClusterPolicy/);
    expect(priv.slice(3)).toEqual([expect.stringMatching(/^Casey Platform \(2026-03-01, [0-9a-f]{12}\)$/), 'k8s/pod.yaml:15', '1']);
    const host = row('TG-K8S-004').find((r) => r.length === 6)!;
    expect(host[2]).toMatch(/^not accepted: compensates nothing, the finding stays open: names policies\/missing\.yaml, which does not exist/);
    expect([host[4], host[5]]).toEqual(['k8s/pod.yaml:6', '0']);
    expect(row('TG-K8S-002').find((r) => r.length === 5)!.slice(0, 2)).toEqual(['TG-K8S-002', 'the agent re-execs itself under a narrower profile']);
    const html = cli(['report', '.', '--population', 'https://example.com/acme/infra/population.html'], d).out;
    expect(htmlText(html)).toMatch(/Population \(CC8\.1\)\s*https:\/\/example\.com\/acme\/infra\/population\.html/);
    expect(html).toContain('<a href="https://example.com/acme/infra/population.html">');
    expect(htmlText(html)).toMatch(/Compensating controls \([1-9]\)/);
    const hp = tableRows(html).find((r) => r[0] === 'TG-K8S-001' && r.length === 6)!;
    expect(hp.slice(1, 3)).toEqual(['policies/kyverno/no-privileged.yaml\nadmission rejects privileged pods', expect.stringMatching(/^verified: the policy targets the concern and enforces it\n.*enforces privileged$/)]);
    // Without --population the report says it is not linked; a .json that is not a population report is refused.
    expect(tableRows(renderGfm(cli(['report', '.', '--format', 'markdown'], d).out)).find((r) => r[0] === 'Population (CC8.1)')![1]).toMatch(/^not linked/);
    writeFileSync(join(d, 'other.json'), '{"a":1}');
    const bad = cli(['report', '.', '--population', 'other.json'], d);
    expect([bad.code, bad.err]).toEqual([2, expect.stringMatching(/other\.json is not a population report/)]);
    expect(cli(['report', '.', '--population', 'javascript:alert(1)'], d).code).toBe(2);
    expect(cli(['report', '.', '--population', 'nowhere.html'], d).code).toBe(2);
  });
});
