// Controls outside the code: the catalogue as documented, `controls:` validation with the line of
// the mistake, policy front matter, and how the readiness report credits controls in force.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../core/config.js';
import { parseInterval, parsePolicyDocument } from '../../core/governance/model.js';
import type { ReadinessReport } from '../../core/readiness/model.js';
import { CONTROL_CATALOGUE } from '../../rules/governance/_lib/catalogue.js';
import { ALL_RULES } from '../../rules/index.js';
import { tempDirs } from '../tmp.js';
import { validateReport } from './schema.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const tmp = tempDirs('tg-gov-');
const report = (cwd: string) => JSON.parse(spawnSync(process.execPath, [BIN, 'report', '.', '--format', 'json'], { cwd, encoding: 'utf8', env: { ...process.env, GITHUB_REPOSITORY: '' } }).stdout) as ReadinessReport;
const today = new Date().toISOString().slice(0, 10);

describe('the catalogue', () => {
  it('docs/governance.md lists exactly the catalogue, with its criteria', () => {
    const rows = [...readFileSync(join(ROOT, 'docs', 'governance.md'), 'utf8').matchAll(/^\| ([a-z-]+) \| (.+?) \| (yes|no) \| (.+?) \|$/gm)].map((m) => [m[1], m[2], m[3] === 'yes', m[4]]);
    expect(rows).toEqual(CONTROL_CATALOGUE.map((c) => [c.id, c.title, c.required, c.criteria.join(', ')]));
  });
});

describe('controls: in .trustgate.yml', () => {
  const bad = (src: string) => {
    try {
      parseConfig(src, '/r/.trustgate.yml', ALL_RULES);
    } catch (e) {
      return e instanceof ConfigError ? `${e.line}: ${e.message}` : String(e);
    }
    return 'accepted';
  };
  it('names the line and the mistake', () => {
    expect(bad('controls:\n  risk-assessment:\n    last-review: last week\n')).toBe('2: controls.risk-assessment: last-review must be a date YYYY-MM-DD (got "last week")');
    expect(bad('controls:\n  a: {}\n  access-reviews: { review-interval: sometimes }\n')).toMatch(/^3: controls.access-reviews: review-interval must be/);
    expect(bad('controls:\n  risk-assessment: { ownr: x }\n')).toMatch(/^2: .*unknown key "ownr"/);
    expect(bad('controls:\n  mine: { criteria: [CC9.9] }\n')).toMatch(/criteria must be a list of Trust Services Criteria ids/);
    expect(bad('controls: [a, b]\n')).toMatch(/^1: controls must map control ids/);
    expect(bad('controls:\n  risk-assessment:\n')).toBe('accepted');
  });
  const WAIVER = 'Q2 review moved to Q3, approved by the CISO';
  it('ignore: waives only governance rules, in the directive form; a mistake is named at the ignore line (test/governance-waivers.test.ts has the rest)', () => {
    expect(bad(`controls:\n  risk-assessment:\n    owner: x\n    ignore: 'TG-AWS-001 reason="${WAIVER}"'\n`)).toBe('4: controls.risk-assessment.ignore: TG-AWS-001 is not a governance rule: only TG-GOV findings are waived here; suppress other findings where they are reported');
    expect(bad(`controls:\n  risk-assessment:\n    ignore: 'TG-GOV-999 reason="${WAIVER}"'\n`)).toMatch(/^3: controls\.risk-assessment\.ignore: unknown rule id "TG-GOV-999"/);
    expect(bad('controls:\n  risk-assessment: { ignore: [TG-GOV-003] }\n')).toMatch(/^2: controls\.risk-assessment\.ignore: must be a string/);
    expect(bad(`controls:\n  risk-assessment: { ignore: 'TG-GOV-002 reason="${WAIVER}"; TG-GOV-003 reason="${WAIVER}" expires=2026-12-31' }\n`)).toBe('accepted');
  });
  it('reads review intervals as people write them', () => {
    expect([90, '90d', '6 weeks', '12 months', '1 year', 'quarterly', 'Annually'].map(parseInterval)).toEqual([90, 90, 42, 360, 365, 91, 365]);
    expect(['often', '0d', -5, '9999 years'].map(parseInterval)).toEqual([undefined, undefined, undefined, undefined]);
  });
  it('reads policy front matter with the line of each key', () => {
    const d = parsePolicyDocument('/p.md', '---\ntitle: Incident Response\nowner: sec\napproved-on: 2026-01-02\nreview-interval: 6 months\n---\nbody\n');
    expect(d).toMatchObject({ title: 'Incident Response', owner: 'sec', approvedOn: '2026-01-02', reviewIntervalDays: 180, lines: { title: 2, owner: 3, 'approved-on': 4 } });
    expect(parsePolicyDocument('/p.md', '# no front matter\n')).toBeUndefined();
    expect(parsePolicyDocument('/p.md', '---\ntitle: [unclosed\n---\n')).toMatchObject({ error: expect.stringMatching(/not valid YAML/) });
  });
});

describe('the readiness report and controls in force', () => {
  it('without controls: nothing is credited beyond passing points, and it says so', () => {
    const r = report(tmp({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' }));
    expect(r.governance).toEqual({ recorded: false, controls: 0, inForce: 0 });
    expect(r.sections.flatMap((s) => s.points).filter((p) => p.credited && p.verdict !== 'pass')).toEqual([]);
  });

  it('a control in force credits the unevaluated points it covers; an overdue one does not and is a finding', () => {
    const d = tmp({
      '.trustgate.yml': `controls:\n  background-checks: { owner: hr, evidence: https://hr.example.com, last-review: ${today} }\n  access-reviews: { owner: it, evidence: https://t.example.com, last-review: 2020-01-01 }\n`,
      'policies/isp.md': `---\ntitle: Information Security Policy\nowner: CISO\napproved-by: CEO\napproved-on: ${today}\n---\n`,
    });
    const r = report(d);
    expect(validateReport(r)).toEqual([]);
    const point = (id: string) => r.sections.flatMap((s) => s.points).find((p) => p.id === id)!;
    // CC1.4 (competence, hiring) cannot be shown by code: background checks in force credit it.
    expect(point('CC1.4')).toMatchObject({ verdict: 'not-evaluated', credited: true, controlsInForce: ['background-checks'] });
    expect(point('CC1.1')).toMatchObject({ credited: true, controlsInForce: ['information-security-policy', 'background-checks'] });
    // Access reviews are overdue: CC6.2 is not credited by them, and TG-GOV-003 is open under CC5 and CC3.
    expect(point('CC6.2').controlsInForce).toEqual([]);
    const cc5 = r.sections.find((s) => s.id === 'CC5')!;
    expect(cc5.findings.listed.filter((f) => f.ruleId === 'TG-GOV-003').map((f) => f.message)).toEqual([expect.stringContaining('"access-reviews"')]);
    expect(cc5.controls.find((c) => c.id === 'information-security-policy')).toMatchObject({ state: 'in-force', owner: 'CISO', documents: ['policies/isp.md'], lastReview: today });
    // Missing required controls fail CC5.3 (TG-GOV-001), so the section is not a pass.
    expect(cc5.verdict).toBe('fail');
    expect(r.governance.recorded).toBe(true);
    expect(r.governance.inForce).toBe(2);
  });
});
