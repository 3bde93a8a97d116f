// Compensating controls (`# trustgate:compensated ID by="path"`): verified against the named file
// (Kyverno and Gatekeeper by the field they validate and whether they enforce), shown apart from
// suppressions in every reporter, never gating; listed from a commit's tree for the population report.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkControl } from '../core/compensate.js';
import { compensationsAt } from '../core/evidence/compensations.js';
import { kyvernoNoPrivileged, privilegedPod } from './compensation-fixtures.js';
import { htmlText, renderGfm, tableRows, visibleText } from './markdown-render.js';
import { validateReport } from './readiness/schema.js';
import type { ReadinessReport } from '../core/readiness/model.js';
import { tempDirs } from './tmp.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const cli = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = tempDirs('tg-comp-');

const DIRECTIVE = '# trustgate:compensated TG-K8S-001 by="policies/kyverno/no-privileged.yaml"';

const template = `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata:
  name: k8spspprivilegedcontainer
spec:
  crd:
    spec:
      names:
        kind: K8sPSPPrivilegedContainer
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
        package k8spspprivileged
        violation[{"msg": msg}] {
          c := input.review.object.spec.containers[_]
          c.securityContext.privileged
          msg := "privileged container"
        }
`;
const constraint = (action?: string) => `---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sPSPPrivilegedContainer
metadata:
  name: psp-privileged-container
spec:
${action ? `  enforcementAction: ${action}\n` : ''}  match:
    kinds: [{ apiGroups: [""], kinds: [Pod] }]
`;

describe('verifying the control', () => {
  it.each([
    ['Kyverno, Enforce, validates privileged', 'p.yaml', kyvernoNoPrivileged('Enforce'), 'verified', /Kyverno ClusterPolicy "disallow-privileged-containers" rule "privileged-containers" enforces privileged/],
    ['Kyverno, Audit only', 'p.yaml', kyvernoNoPrivileged('Audit'), 'invalid', /validates privileged but only audits it/],
    ['Kyverno validating another field', 'p.yaml', kyvernoNoPrivileged('Enforce', 'hostNetwork'), 'invalid', /none of its rules validates privileged/],
    ['Gatekeeper template + deny constraint', 'g.yaml', template + constraint(), 'verified', /ConstraintTemplate K8sPSPPrivilegedContainer checks privileged and its constraint denies/],
    ['Gatekeeper constraint in dryrun', 'g.yaml', template + constraint('dryrun'), 'invalid', /runs as dryrun, not deny/],
    ['Gatekeeper template without a constraint', 'g.yaml', template, 'invalid', /no K8sPSPPrivilegedContainer constraint in the file applies it/],
    ['an SCP (JSON): presence only', 'scp/deny.json', '{"Version":"2012-10-17","Statement":[]}', 'exists', /its kind does not say which concern it controls/],
  ])('%s', (_n, by, text, status, detail) => {
    const r = checkControl(by, text, 'TG-K8S-001');
    expect(r.status).toBe(status);
    expect(r.detail).toMatch(detail);
  });
});

describe('scan', () => {
  it('a verified control: the finding is compensated, shown apart from suppressions in every format, and does not gate', () => {
    const d = tmp({ 'k8s/pod.yaml': privilegedPod(DIRECTIVE), 'policies/kyverno/no-privileged.yaml': kyvernoNoPrivileged('Enforce') });
    const text = cli(['scan', 'k8s'], d);
    expect(text.out).toMatch(/compensated\s+TG-K8S-001/);
    expect(text.out).toMatch(/compensated by policies\/kyverno\/no-privileged\.yaml \(verified: .*enforces privileged\)/);
    const json = JSON.parse(cli(['scan', 'k8s', '--format', 'json'], d).out);
    const f = json.findings.find((x: { ruleId: string }) => x.ruleId === 'TG-K8S-001');
    expect(f).toMatchObject({ suppressed: true, compensated: { by: 'policies/kyverno/no-privileged.yaml', status: 'verified', line: 12 } });
    expect(f.suppression).toBeUndefined();
    const sarif = JSON.parse(cli(['scan', 'k8s', '--format', 'sarif'], d).out);
    const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'TG-K8S-001');
    expect(res.suppressions).toEqual([{ kind: 'external', status: 'accepted', justification: expect.stringMatching(/^compensating control policies\/kyverno\/no-privileged\.yaml: /) }]);
    const md = cli(['scan', 'k8s', '--format', 'markdown'], d).out;
    expect(md).toMatch(/### Compensating controls[\s\S]*TG-K8S-001[\s\S]*policies\/kyverno\/no-privileged\.yaml/);
    expect(md).not.toMatch(/### Suppressions/);
    // Only the compensated finding at or above high: the gate passes; without the directive it fails.
    expect(cli(['scan', 'k8s', '--fail-on', 'high'], d).code).toBe(0);
    expect(cli(['scan', 'k8s', '--fail-on', 'high'], tmp({ 'k8s/pod.yaml': privilegedPod(''), 'policies/kyverno/no-privileged.yaml': kyvernoNoPrivileged('Enforce') })).code).toBe(1);
  });

  it.each([
    ['the control is missing', {}, /by="policies\/kyverno\/no-privileged\.yaml"|names policies\/kyverno\/no-privileged\.yaml, which does not exist in the repository/],
    ['the control only audits', { 'policies/kyverno/no-privileged.yaml': kyvernoNoPrivileged('Audit') }, /only audits it/],
  ])('%s: an error entry at the directive, and the finding gates', (_n, extra, msg) => {
    const d = tmp({ 'k8s/pod.yaml': privilegedPod(DIRECTIVE), ...extra });
    const json = JSON.parse(cli(['scan', 'k8s', '--format', 'json'], d).out);
    expect(json.findings.find((x: { ruleId: string }) => x.ruleId === 'TG-K8S-001')).toMatchObject({ suppressed: false });
    expect(json.errors).toContainEqual(expect.objectContaining({ file: 'k8s/pod.yaml', line: 12, kind: 'suppression', message: expect.stringMatching(msg) }));
    expect(cli(['scan', 'k8s', '--fail-on', 'high'], d).code).toBe(1);
  });

  it('a path out of the repository compensates nothing', () => {
    const d = tmp({ 'k8s/pod.yaml': privilegedPod('# trustgate:compensated TG-K8S-001 by="../../etc/passwd"') });
    const json = JSON.parse(cli(['scan', 'k8s', '--format', 'json'], d).out);
    expect(json.errors).toContainEqual(expect.objectContaining({ message: expect.stringMatching(/not a path inside the repository/) }));
  });
});

describe('per criterion: compensated is counted apart from suppressed', () => {
  // One pod compensated by a verified policy, one with the same finding suppressed inline: TG-K8S-001 cites CC6.8.
  const tree = () =>
    tmp({
      'k8s/pod.yaml': privilegedPod(DIRECTIVE),
      'k8s/lab.yaml': privilegedPod('# trustgate:ignore TG-K8S-001 reason="lab cluster, no tenant workloads"', 'lab-agent'),
      'policies/kyverno/no-privileged.yaml': kyvernoNoPrivileged('Enforce'),
    });

  it('scan JSON, text and markdown: `suppressed` keeps counting both, `compensated` says how many, the tables show them apart', () => {
    const d = tree();
    const json = JSON.parse(cli(['scan', 'k8s', '--format', 'json'], d).out);
    expect(json.summary).toMatchObject({ suppressed: 2, compensated: 1 });
    expect(json.summary.byControl['CC6.8']).toMatchObject({ suppressed: 2, compensated: 1 });
    const text = cli(['scan', 'k8s'], d).out;
    expect(text).toMatch(/criterion\s+verdict\s+resources\s+findings\s+suppr\.\s+comp\.\s+indet\./);
    expect(text).toMatch(/CC6\.8\s+\S+\s+\d+\s+\d+\s+1\s+1\s+\d+/);
    expect(text).toMatch(/, 1 suppressed, 1 compensated, /);
    const rows = tableRows(renderGfm(cli(['scan', 'k8s', '--format', 'markdown'], d).out));
    const head = rows.find((r) => r[0] === 'Criterion')!;
    const cc68 = rows.find((r) => r[0] === 'CC6.8')!;
    expect([cc68[head.indexOf('Suppressed')], cc68[head.indexOf('Compensated')]]).toEqual(['1', '1']);
  });

  it('readiness report: each point and the scan carry `compensated` (schema-valid); HTML and markdown say "1 suppressed, 1 compensated"', () => {
    const d = tree();
    const rep = JSON.parse(cli(['report', 'k8s', '--format', 'json'], d).out) as ReadinessReport;
    expect(validateReport(rep)).toEqual([]);
    expect(rep.scan).toMatchObject({ suppressed: 2, compensated: 1 });
    expect(rep.sections.flatMap((s) => s.points).find((p) => p.id === 'CC6.8')).toMatchObject({ suppressed: 2, compensated: 1 });
    expect(htmlText(cli(['report', 'k8s', '--format', 'html'], d).out)).toMatch(/open findings, 1 suppressed, 1 compensated, \d+ indeterminate/);
    expect(visibleText(cli(['report', 'k8s', '--format', 'markdown'], d).out)).toMatch(/open findings, 1 suppressed, 1 compensated, \d+ indeterminate/);
  });
});

describe('compensationsAt: from a commit, for the population and readiness reports', () => {
  it('lists each directive with what was verified at that commit; evidence population carries them', () => {
    const d = tmp({ 'k8s/pod.yaml': privilegedPod(DIRECTIVE), 'policies/kyverno/no-privileged.yaml': kyvernoNoPrivileged('Enforce'), 'k8s/other.yaml': '# trustgate:compensated TG-K8S-002 by="policies/missing.yaml"\nkind: x\n' });
    const env = { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@example.com', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@example.com', GIT_AUTHOR_DATE: '2026-03-02T10:00:00Z', GIT_COMMITTER_DATE: '2026-03-02T10:00:00Z', GIT_CONFIG_GLOBAL: '/dev/null' };
    for (const a of [['init', '-q', '-b', 'main'], ['add', '-A'], ['commit', '-q', '-m', 'x']]) execFileSync('git', a, { cwd: d, env });
    const list = compensationsAt(d, 'main');
    expect(list.map((c) => [c.file, c.line, c.by, c.checks.map((k) => [k.ruleId, k.status])])).toEqual([
      ['k8s/other.yaml', 1, 'policies/missing.yaml', [['TG-K8S-002', 'invalid']]],
      ['k8s/pod.yaml', 12, 'policies/kyverno/no-privileged.yaml', [['TG-K8S-001', 'verified']]],
    ]);
    const pop = JSON.parse(cli(['evidence', 'population', '--repo', d, '--branch', 'main', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'json'], d).out);
    const tip = execFileSync('git', ['rev-parse', 'main'], { cwd: d, encoding: 'utf8' }).trim();
    expect(pop.compensations).toEqual(compensationsAt(d, tip));
  });
});
