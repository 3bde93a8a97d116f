// Governance findings (TG-GOV) are about the policy's own record of controls, so they are waived in the
// policy — `ignore:` under the control in `controls:` — with the reason and expiry policy of every
// suppression, and never inline: a `trustgate:ignore TG-GOV-...` comment or annotation is reported. A
// pull request that adds or extends a waiver, or removes `controls:`, weakens the policy (TG-CFG-001).
import { describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig, parseConfig } from '../core/config.js';
import { runChangeRules } from '../core/change.js';
import { scan } from '../core/engine.js';
import { policyWeakenings } from '../core/policy-diff.js';
import { ruleMeta } from '../core/rule.js';
import type { ScanResult } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';
import { tempDirs } from './tmp.js';
import { join } from 'node:path';

const tmp = tempDirs('tg-gov-waive-');
const TODAY = '2026-06-01';
const REASON = 'quarterly review moved to Q3, approved by the CISO (SEC-41)';

async function run(files: Record<string, string>) {
  const d = tmp(files);
  const config = loadConfig(join(d, '.trustgate.yml'), ALL_RULES);
  return scan({ paths: [d], cwd: d, config, rules: ALL_RULES, today: TODAY });
}
const gov = (r: ScanResult, ruleId: string, control: string) => r.findings.filter((f) => f.ruleId === ruleId && f.message.includes(`"${control}"`));

const POLICY = `controls:
  access-reviews:
    owner: it
    evidence: https://tickets.example.com/AR
    last-review: 2025-01-01
    ignore: 'TG-GOV-003 reason="${REASON}" expires=2026-09-30'
  background-checks:
    ignore: 'TG-GOV-001 reason="no employees yet: founders only, revisit at the first hire"'
  vendor-risk-management:
    owner: ops
    evidence: https://wiki.example.com/vendors
    ignore: 'TG-GOV-003 reason="ok"'
  incident-response-plan:
    owner: sec
    evidence: https://wiki.example.com/ir
    last-review: 2025-01-01
    ignore: 'TG-GOV-003 reason="tabletop exercise postponed by the board" expires=2026-01-01'
`;

describe('waivers in the policy: controls.<id>.ignore', () => {
  it('suppresses that control\'s finding of the named rule, with the policy as its source and the ignore line as its location', async () => {
    const r = await run({ '.trustgate.yml': POLICY });
    const [f] = gov(r, 'TG-GOV-003', 'access-reviews');
    expect(f).toMatchObject({ suppressed: true, suppression: { source: 'config', reason: REASON, expires: '2026-09-30', location: { startLine: 6 } } });
    expect(r.summary.suppressed).toBeGreaterThanOrEqual(2);
    // Only that control: the other missing required controls are still reported.
    expect(r.findings.filter((x) => x.ruleId === 'TG-GOV-001' && !x.suppressed).length).toBeGreaterThan(0);
  });

  it('an entry holding only a waiver does not record the control: it stays missing (TG-GOV-001, waived), not unowned', async () => {
    const r = await run({ '.trustgate.yml': POLICY });
    expect(gov(r, 'TG-GOV-001', 'background-checks')).toEqual([expect.objectContaining({ suppressed: true, location: expect.objectContaining({ startLine: 7 }), suppression: expect.objectContaining({ source: 'config', location: expect.objectContaining({ startLine: 8 }) }) })]);
    expect(gov(r, 'TG-GOV-002', 'background-checks')).toEqual([]);
  });

  it('a placeholder reason waives nothing and is reported; an expired waiver is reported and the finding counts again', async () => {
    const r = await run({ '.trustgate.yml': POLICY });
    expect(gov(r, 'TG-GOV-003', 'vendor-risk-management')[0].suppressed).toBe(false);
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'suppression', line: 12, message: expect.stringMatching(/^controls\.vendor-risk-management\.ignore has a placeholder reason/) }));
    const [ir] = gov(r, 'TG-GOV-003', 'incident-response-plan');
    expect(ir).toMatchObject({ suppressed: false, suppression: { expired: true } });
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'suppression', line: 17, message: 'controls.incident-response-plan.ignore TG-GOV-003 expired on 2026-01-01; the finding is reported again' }));
  });
});

describe('inline suppressions of governance findings are said, never silently unused', () => {
  it('a trustgate:ignore comment in the config or a policy document is reported at its line and suppresses nothing', async () => {
    const r = await run({
      '.trustgate.yml': `controls:\n  # trustgate:ignore TG-GOV-003 reason="${REASON}"\n  access-reviews: { owner: it, evidence: https://t.example.com/AR, last-review: 2025-01-01 }\n`,
      'policies/isp.md': `---\ntitle: Information Security Policy\n# trustgate:ignore TG-GOV-002 reason="${REASON}"\napproved-on: 2026-01-01\n---\n`,
    });
    expect(gov(r, 'TG-GOV-003', 'access-reviews')[0].suppressed).toBe(false);
    expect(gov(r, 'TG-GOV-002', 'information-security-policy')[0].suppressed).toBe(false);
    const said = r.errors.filter((e) => e.kind === 'suppression').map((e) => [e.file.split('/').slice(-2).join('/'), e.line, e.message]);
    expect(said).toEqual(
      expect.arrayContaining([
        [expect.stringMatching(/\.trustgate\.yml$/), 2, expect.stringMatching(/^trustgate:ignore TG-GOV-003: governance findings are not suppressed inline: waive one in the policy, with `ignore:` under the control/)],
        ['policies/isp.md', 3, expect.stringContaining('TG-GOV-002: governance findings are not suppressed inline')],
      ]),
    );
    // Said once, although the config file is also read by the scan as a YAML file.
    expect(said.filter((x) => x[1] === 2)).toHaveLength(1);
  });

  it('anywhere else too: a comment in a Terraform file, a trustgate.io/ignore annotation', async () => {
    const r = await run({
      '.trustgate.yml': 'controls: {}\n',
      'main.tf': `# trustgate:ignore TG-GOV-001,TG-AWS-001 reason="${REASON}"\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n`,
      'pod.yaml': `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    trustgate.io/ignore: 'TG-GOV-003 reason="${REASON}"'\nspec:\n  containers: [{name: c, image: x}]\n`,
    });
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'suppression', line: 1, file: expect.stringMatching(/main\.tf$/), message: expect.stringMatching(/^trustgate:ignore TG-GOV-001: governance findings are not suppressed inline/) }));
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'suppression', line: 6, file: expect.stringMatching(/pod\.yaml$/), message: expect.stringMatching(/^trustgate\.io\/ignore annotation TG-GOV-003: governance findings are not suppressed inline/) }));
    // The rest of the directive still works.
    expect(r.findings.find((f) => f.ruleId === 'TG-AWS-001')!.suppressed).toBe(true);
  });
});

describe('a pull request cannot waive a governance finding for itself', () => {
  const metas = ALL_RULES.map(ruleMeta);
  const cfg = (src: string) => parseConfig(src, '/r/.trustgate.yml', ALL_RULES);
  const base = 'controls:\n  access-reviews:\n    owner: it\n    last-review: 2025-01-01\n';
  const waived = (expires?: string) => `${base}    ignore: 'TG-GOV-003 reason="${REASON}"${expires ? ` expires=${expires}` : ''}'\n`;

  it('adding or extending a waiver, or removing controls:, is a weakening; the same or a shorter waiver is not', () => {
    const w = (b: string, h: string) => policyWeakenings(cfg(b), cfg(h), metas).filter((x) => x.kind === 'governance-waived' || x.kind === 'controls-removed');
    expect(w(base, waived('2026-09-30'))).toEqual([{ kind: 'governance-waived', message: `waives TG-GOV-003 for control "access-reviews" until 2026-09-30 ("${REASON}"): that finding no longer fails the gate`, path: ['controls', 'access-reviews', 'ignore'] }]);
    expect(w(waived('2026-09-30'), waived('2026-12-31'))).toEqual([expect.objectContaining({ message: expect.stringContaining('until 2026-12-31 (extended)') })]);
    expect(w(waived('2026-09-30'), waived())).toEqual([expect.objectContaining({ message: expect.stringContaining('with no expiry (extended)') })]);
    expect(w(waived('2026-09-30'), waived('2026-07-31'))).toEqual([]);
    expect(w(waived(), waived('2026-07-31'))).toEqual([]);
    expect(w(base, 'rules:\n  disable: []\n')).toEqual([expect.objectContaining({ kind: 'controls-removed' })]);
    expect(policyWeakenings(defaultConfig(), cfg(waived()), metas).filter((x) => x.kind === 'governance-waived')).toEqual([]);
  });

  it('TG-CFG-001 reports the added waiver at its line in the proposed policy', () => {
    const head = waived('2026-09-30');
    const fs = runChangeRules(ALL_RULES, 'policy', [{ base: { file: '/r/.trustgate.yml', src: base }, head: { file: '/r/.trustgate.yml', src: head } }], cfg(base));
    expect(fs.map((f) => [f.ruleId, f.location.startLine, f.message])).toEqual([['TG-CFG-001', 5, expect.stringContaining('This change waives TG-GOV-003 for control "access-reviews"')]]);
  });
});
