// Engine semantics across files: child modules with inputs, suppression policy, Helm and CRDs.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './tmp.js';
import { scan } from '../core/engine.js';
import { ALL_RULES } from '../rules/index.js';

const tmp = tempDirs('tg-engine-');
const run = (d: string, today = '2026-06-01') => scan({ paths: [d], cwd: d, rules: ALL_RULES, today });
const BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n';

describe('local child modules', () => {
  const child = 'variable "create" {}\nresource "aws_s3_bucket" "this" {\n  count  = var.create ? 1 : 0\n  bucket = "x"\n}\n';
  it('inputs flow into the child: a bucket the caller disables is not reported, an enabled one is (in the child file)', async () => {
    const off = await run(tmp({ 'root/main.tf': 'module "b" {\n  source = "../modules/bucket"\n  create = false\n}\n', 'modules/bucket/main.tf': child }));
    expect(off.findings.filter((f) => f.ruleId === 'TG-AWS-001')).toEqual([]);
    const on = await run(tmp({ 'root/main.tf': 'module "b" {\n  source = "../modules/bucket"\n  create = true\n}\n', 'modules/bucket/main.tf': child }));
    const f = on.findings.filter((x) => x.ruleId === 'TG-AWS-001');
    expect(f).toHaveLength(1);
    expect(f[0].location.file).toMatch(/modules\/bucket\/main\.tf$/);
    expect(f[0].location.startLine).toBe(2);
  });
  it('a child module scanned with no caller has unknown inputs: no guess, the check is indeterminate or not applicable', async () => {
    const r = await run(tmp({ 'modules/bucket/main.tf': child }));
    // count unknown -> the resource may exist: it is evaluated, and the bucket has no logging whatever count is.
    expect(r.findings.filter((x) => x.ruleId === 'TG-AWS-001')).toHaveLength(1);
  });
  it('module count = 0 adds no instance; the module code is still checked on its own, with unknown inputs', async () => {
    const r = await run(tmp({ 'root/main.tf': 'module "b" {\n  source = "../modules/bucket"\n  count  = 0\n  create = true\n}\n', 'modules/bucket/main.tf': child }));
    // One finding from the standalone evaluation (count unknown there), none attributed to the disabled call.
    const f = r.findings.filter((x) => x.ruleId === 'TG-AWS-001');
    expect(f).toHaveLength(1);
    expect(f[0].location.file).toMatch(/modules\/bucket\/main\.tf$/);
  });
});

describe('suppressions', () => {
  it('a reason is mandatory: without one nothing is suppressed and the comment is reported', async () => {
    const r = await run(tmp({ 'main.tf': '# trustgate:ignore TG-AWS-001\n' + BUCKET }));
    expect(r.findings.find((f) => f.ruleId === 'TG-AWS-001')!.suppressed).toBe(false);
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'suppression', line: 1, message: expect.stringMatching(/no reason/) }));
  });
  it('an expired suppression stops suppressing and says so', async () => {
    const r = await run(tmp({ 'main.tf': '# trustgate:ignore TG-AWS-001 reason="temporary, until the Q1 migration" expires=2026-01-31\n' + BUCKET }), '2026-06-01');
    const f = r.findings.find((x) => x.ruleId === 'TG-AWS-001')!;
    expect(f.suppressed).toBe(false);
    expect(f.suppression).toMatchObject({ reason: 'temporary, until the Q1 migration', expires: '2026-01-31', expired: true });
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'suppression', message: expect.stringMatching(/expired on 2026-01-31/) }));
  });
  it('valid: above the block (also with //), stays in the output marked suppressed with its reason', async () => {
    const r = await run(tmp({ 'main.tf': '// trustgate:ignore TG-AWS-001 reason="logs go to the org trail" expires=2099-01-01\n' + BUCKET }));
    const f = r.findings.find((x) => x.ruleId === 'TG-AWS-001')!;
    expect(f.suppressed).toBe(true);
    expect(f.suppression).toMatchObject({ source: 'comment', reason: 'logs go to the org trail', expires: '2099-01-01' });
    expect(r.summary.suppressed).toBe(1);
    expect(r.summary.byControl['CC7.2'].suppressed).toBe(1);
  });
  it('a suppression for another rule does not suppress', async () => {
    const r = await run(tmp({ 'main.tf': '# trustgate:ignore TG-AWS-999 reason="another rule entirely"\n' + BUCKET }));
    expect(r.findings.find((x) => x.ruleId === 'TG-AWS-001')!.suppressed).toBe(false);
  });
  it('Kubernetes objects can be suppressed by annotation, with the same reason policy', async () => {
    const pod = (ann: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    trustgate.io/ignore: '${ann}'\nspec:\n  containers:\n    - name: c\n      image: x@sha256:0000000000000000000000000000000000000000000000000000000000000000\n      securityContext: {privileged: true}\n`;
    const ok = await run(tmp({ 'p.yaml': pod('TG-K8S-001 reason="node agent needs host access"') }));
    expect(ok.findings.find((f) => f.ruleId === 'TG-K8S-001')!.suppression).toMatchObject({ source: 'annotation', reason: 'node agent needs host access' });
    expect(ok.findings.find((f) => f.ruleId === 'TG-K8S-001')!.suppressed).toBe(true);
    const bad = await run(tmp({ 'p.yaml': pod('TG-K8S-001') }));
    expect(bad.findings.find((f) => f.ruleId === 'TG-K8S-001')!.suppressed).toBe(false);
    expect(bad.errors.some((e) => e.kind === 'suppression' && e.line === 6)).toBe(true);
  });
});

describe('what is and is not scanned', () => {
  it('Helm chart templates are skipped with a notice; custom resources produce no findings and no errors', async () => {
    const d = tmp({
      'chart/Chart.yaml': 'name: c\nversion: 1.0.0\n',
      'chart/templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext: {privileged: true}\n',
      'crd.yaml': 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec:\n  privileged: true\n',
    });
    const r = await run(d);
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'notice', message: expect.stringMatching(/Helm chart template/) }));
    expect(r.findings).toEqual([]);
    expect(r.errors.filter((e) => e.kind !== 'notice')).toEqual([]);
  });
  it('a workflow keeps `on:` a string even under %YAML 1.1', async () => {
    const r = await run(tmp({ '.github/workflows/w.yml': '%YAML 1.1\n---\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some/action@v1\n' }));
    expect(r.summary.filesByKind.workflow).toBe(1);
    expect(r.findings.some((f) => f.ruleId === 'TG-GHA-001' && f.location.startLine === 8)).toBe(true);
  });
  it('a broken document in a multi-document manifest leaves the others checked', async () => {
    const good = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext: {privileged: true}\n';
    const r = await run(tmp({ 'm.yaml': `bad: [unclosed\n---\n${good}` }));
    expect(r.errors.some((e) => e.kind === 'parse')).toBe(true);
    expect(r.findings.some((f) => f.ruleId === 'TG-K8S-001' && f.location.startLine === 10)).toBe(true);
  });
});

describe('quick fixes carried by findings', () => {
  it('an action tag is pinned to the SHA already named in its comment, keeping the tag', async () => {
    const d = tmp({ '.github/workflows/w.yml': 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: hashicorp/setup-terraform@v3 # b9cd54a3c349d3f38e8881555d616ced269862dd\n' });
    const r = await run(d);
    const f = r.findings.find((x) => x.ruleId === 'TG-GHA-001')!;
    expect(f.fixes).toHaveLength(1);
    const fix = f.fixes![0];
    expect(fix.text).toBe('hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd # v3');
    const line = '      - uses: hashicorp/setup-terraform@v3 # b9cd54a3c349d3f38e8881555d616ced269862dd';
    const applied = line.slice(0, fix.range.startColumn - 1) + fix.text + line.slice(fix.range.endColumn - 1);
    expect(applied).toBe('      - uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd # v3');
  });
});

describe('Terraform plan JSON next to its configuration', () => {
  it('the plan replaces the source evaluation: findings come from the plan once, mapped to .tf lines', async () => {
    const dir = join(import.meta.dirname, 'fixtures', 'plan');
    const r = await scan({ paths: [dir], cwd: dir, rules: ALL_RULES });
    const tf = r.findings.filter((f) => f.location.file.endsWith('.tf'));
    expect(tf.length).toBeGreaterThan(0);
    expect(tf.filter((f) => !/\(plan: /.test(f.message)).map((f) => `${f.ruleId} ${f.location.file}:${f.location.startLine}`)).toEqual([]);
  });
});
