// Verdicts per SOC 2 criterion: a state decided from what was evaluated, never a count comparison.
import { describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { toText } from '../cli/text.js';
import { toMarkdown } from '../core/report/markdown.js';
import { mergeCriterion, verdictOf, VERDICTS, type CriterionCounts, type CriterionSummary } from '../core/soc2/verdict.js';
import { ALL_RULES } from '../rules/index.js';
import { tempDirs } from './tmp.js';
import { renderGfm, tableRows } from './markdown-render.js';

const tmp = tempDirs('tg-verdict-');
const only = (...ids: string[]) => ALL_RULES.filter((r) => ids.includes(r.id));
const run = (files: Record<string, string>, ids = ['TG-AWS-001']) => {
  const d = tmp(files);
  return scan({ paths: [d], cwd: d, rules: only(...ids) });
};
const BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n';
const LOGGED = BUCKET + 'resource "aws_s3_bucket_logging" "l" {\n  bucket        = aws_s3_bucket.b.id\n  target_bucket = "logs"\n}\n';

describe('verdictOf', () => {
  const zero: CriterionCounts = { resources: 0, failed: 0, suppressed: 0, compensated: 0, indeterminate: 0, unresolvedModules: 0 };
  it('reaches every state', () => {
    expect(verdictOf({ ...zero, resources: 2, failed: 1 })).toBe('fail');
    expect(verdictOf({ ...zero, resources: 2, indeterminate: 1 })).toBe('incomplete');
    expect(verdictOf({ ...zero, resources: 2, unresolvedModules: 1 })).toBe('incomplete');
    expect(verdictOf({ ...zero, resources: 2, suppressed: 1 })).toBe('pass');
    expect(verdictOf(zero)).toBe('not-evaluated');
    expect(new Set(VERDICTS)).toEqual(new Set(['fail', 'incomplete', 'pass', 'not-evaluated']));
  });
  it('no combination of counts gives a wrong state', () => {
    const r = [0, 1, 3];
    for (const resources of r)
      for (const failed of r)
        for (const suppressed of r)
          for (const indeterminate of r)
            for (const unresolvedModules of r) {
              const v = verdictOf({ resources, failed, suppressed, compensated: suppressed, indeterminate, unresolvedModules });
              // fail exactly when something failed; pass only with something checked and nothing undecided.
              expect(v === 'fail').toBe(failed > 0);
              if (v === 'pass') expect(resources > 0 && indeterminate === 0 && unresolvedModules === 0).toBe(true);
              if (v === 'not-evaluated') expect(resources + failed + indeterminate + unresolvedModules).toBe(0);
              if (failed === 0 && (indeterminate > 0 || unresolvedModules > 0)) expect(v).toBe('incomplete');
            }
  });
  it('merging two folders decides again from the summed counts', () => {
    const a: CriterionSummary = { verdict: 'pass', rules: 2, resources: 3, failed: 0, suppressed: 2, compensated: 1, indeterminate: 0, unresolvedModules: 0 };
    const b: CriterionSummary = { verdict: 'incomplete', rules: 2, resources: 0, failed: 0, suppressed: 1, compensated: 1, indeterminate: 1, unresolvedModules: 0 };
    expect(mergeCriterion(a, b)).toMatchObject({ verdict: 'incomplete', resources: 3, indeterminate: 1, suppressed: 3, compensated: 2 });
    expect(mergeCriterion(undefined, a)).toEqual(a);
  });
});

describe('verdicts of a scan', () => {
  it('fail: an unsuppressed finding', async () => {
    const r = await run({ 'main.tf': BUCKET });
    expect(r.summary.byControl['CC7.2']).toMatchObject({ verdict: 'fail', resources: 1, failed: 1, rules: 1 });
  });
  it('pass: the bucket was checked and nothing failed', async () => {
    const r = await run({ 'main.tf': LOGGED });
    expect(r.summary.byControl['CC7.2']).toMatchObject({ verdict: 'pass', resources: 2, failed: 0, indeterminate: 0 }); // the bucket and its logging resource
  });
  it('pass with a suppressed finding is still a pass, and says how many were suppressed', async () => {
    const r = await run({ 'main.tf': '# trustgate:ignore TG-AWS-001 reason="logged by the org trail"\n' + BUCKET });
    expect(r.summary.byControl['CC7.2']).toMatchObject({ verdict: 'pass', resources: 1, suppressed: 1 });
  });
  it('not evaluated: no resource the criterion applies to (not a pass)', async () => {
    const r = await run({ 'main.tf': 'resource "aws_instance" "i" {\n  ami = "x"\n}\n' });
    expect(r.summary.byControl['CC7.2']).toMatchObject({ verdict: 'not-evaluated', resources: 0 });
  });
  it('not evaluated for a kind with no files: Kubernetes rules on a Terraform-only scan', async () => {
    const r = await run({ 'main.tf': LOGGED }, ['TG-AWS-001', 'TG-K8S-017']);
    expect(r.summary.byControl['CC6.3']).toMatchObject({ verdict: 'not-evaluated', rules: 0, resources: 0 });
  });
  it('incomplete: an indeterminate check', async () => {
    const r = await run({ 'main.tf': BUCKET + 'resource "aws_s3_bucket_logging" "l" {\n  bucket        = var.name\n  target_bucket = "logs"\n}\nvariable "name" {}\n' });
    expect(r.indeterminate.map((i) => i.ruleId)).toEqual(['TG-AWS-001']);
    expect(r.summary.byControl['CC7.2']).toMatchObject({ verdict: 'incomplete', resources: 2, indeterminate: 1 });
  });
  it('incomplete: a module call that could not be read may hold applicable resources', async () => {
    const r = await run({ 'main.tf': LOGGED + 'module "s3" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n}\n' });
    expect(r.unresolvedModules).toHaveLength(1);
    expect(r.summary.byControl['CC7.2']).toMatchObject({ verdict: 'incomplete', resources: 2, unresolvedModules: 1 });
    // Without any applicable resource of its own either: incomplete, never "not evaluated" or "pass".
    const bare = await run({ 'main.tf': 'module "s3" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n}\n' });
    expect(bare.summary.byControl['CC7.2'].verdict).toBe('incomplete');
  });
  it('a failure beats an indeterminate check and an unresolved module', async () => {
    const r = await run({ 'main.tf': BUCKET + 'resource "aws_s3_bucket" "c" {\n  bucket = "c"\n}\nmodule "s3" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n}\n' });
    expect(r.summary.byControl['CC7.2'].verdict).toBe('fail');
  });
  it('Kubernetes rules count the object kinds they inspect: workloads by default, declared kinds otherwise', async () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: ClusterIP\n';
    const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n';
    const r = await run({ 'svc.yaml': svc, 'role.yaml': role }, ['TG-K8S-017', 'TG-K8S-001']);
    // TG-K8S-017 (RBAC wildcard, CC6.3) inspects the Role; TG-K8S-001 (privileged, workloads) has nothing to inspect.
    expect(r.summary.byControl['CC6.3']).toMatchObject({ verdict: 'pass', resources: 1 });
    expect(r.summary.byControl['CC6.8']).toMatchObject({ verdict: 'not-evaluated', resources: 0 });
  });
  it('every report shows the same states', async () => {
    const r = await run({ 'main.tf': BUCKET + 'resource "aws_instance" "i" {\n  ami = "x"\n}\n' }, ['TG-AWS-001', 'TG-K8S-017']);
    const text = toText(r, r.roots[0], { color: false });
    expect(text).toMatch(/CC7\.2\s+fail\s+1\s+1\s+0\s+0\s+0/);
    expect(text).toMatch(/not evaluated \(no applicable resource in the scan\): CC6\.1, CC6\.3/);
    const md = toMarkdown(r, r.roots[0]);
    // As GitHub renders it: the table's rows, cell by cell.
    const rows = tableRows(renderGfm(md));
    expect(rows).toContainEqual(['Criterion', 'Verdict', 'Resources checked', 'Findings', 'Suppressed', 'Compensated', 'Indeterminate']);
    expect(rows).toContainEqual(['CC7.2', '❌ fail', '1', '1', '0', '0', '0']);
    expect(rows).toContainEqual(['CC6.3', '➖ not evaluated', '0', '0', '0', '0', '0']);
  });
});
