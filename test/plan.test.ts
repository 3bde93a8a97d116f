// Terraform plan JSON: rules run on resolved values (variables, for_each module instances, values
// known only after apply) and findings map back to the .tf source lines when the configuration is there.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { classifyForScan, looksLikePlanJson } from '../core/files.js';
import type { ScanResult } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';

const DIR = join(import.meta.dirname, 'fixtures', 'plan');
const PLAN = join(DIR, 'plan.json');
const MAIN = join(DIR, 'main.tf');
const MOD = join(DIR, 'modules', 'bucket', 'main.tf');
const lineOf = (file: string, text: string) => readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
const rules = ALL_RULES.filter((r) => ['TG-AWS-001', 'TG-AWS-009'].includes(r.id));

let withConfig: ScanResult;
beforeAll(async () => {
  withConfig = await scan({ paths: [PLAN], cwd: DIR, rules, today: '2026-06-01' });
});

const tmp: string[] = [];
afterAll(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('plan JSON discovery', () => {
  it('recognises plan files by their first 4 KB only', () => {
    expect(classifyForScan(PLAN)).toBe('tfplan');
    expect(classifyForScan(join(import.meta.dirname, '..', 'package.json'))).toBeUndefined();
    expect(looksLikePlanJson('{"format_version":"1.0","terraform_version":"1.5.0","values":{}}')).toBe(true);
    expect(looksLikePlanJson('{"name":"x","format_version":"1"}')).toBe(false);
    expect(looksLikePlanJson('[1,2]')).toBe(false);
  });

  it('a directory scan picks up the plan (and not other JSON)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tg-plan-'));
    tmp.push(d);
    copyFileSync(PLAN, join(d, 'tfplan.json'));
    writeFileSync(join(d, 'package.json'), '{"name":"x"}');
    const r = await scan({ paths: [d], cwd: d, rules });
    expect(r.summary.filesScanned).toBe(1);
    expect(r.summary.filesByKind.terraform).toBe(1);
    expect(r.findings.length).toBeGreaterThan(0);
  });
});

describe('plan JSON with its configuration', () => {
  it('the RDS instance is unencrypted because var.db_encrypted = false in the plan; reported at the .tf attribute', () => {
    const f = withConfig.findings.filter((x) => x.ruleId === 'TG-AWS-009');
    expect(f).toHaveLength(1);
    expect(f[0].location.file).toBe(MAIN);
    expect(f[0].location.startLine).toBe(lineOf(MAIN, 'storage_encrypted = var.db_encrypted'));
    expect(f[0].message).toContain('(plan: aws_db_instance.db)');
  });

  it('an unknown attribute the configuration does not set is a provider default, as in source: the replica inherits encryption', () => {
    const i = withConfig.indeterminate.filter((x) => x.ruleId === 'TG-AWS-009');
    expect(i).toHaveLength(1);
    expect(i[0].location).toMatchObject({ file: MAIN, startLine: lineOf(MAIN, 'replicate_source_db = aws_db_instance.db.identifier') });
    expect(i[0].reason).toMatch(/replicate_source_db is set: .*\(plan: aws_db_instance\.replica\)/);
    // Computed S3 attributes (acl, policy, ...) are not reported as unknown.
    expect(withConfig.indeterminate.filter((x) => /known only after apply/.test(x.reason))).toEqual([]);
  });

  it('S3 logging: the bucket without logging fails; the companion with an unknown bucket id links through configuration references', () => {
    const f = withConfig.findings.filter((x) => x.ruleId === 'TG-AWS-001');
    const where = f.map((x) => `${x.location.file === MAIN ? 'main' : x.location.file === MOD ? 'module' : x.location.file}:${x.location.startLine}`);
    expect(where).toContain(`main:${lineOf(MAIN, 'resource "aws_s3_bucket" "data"')}`);
    expect(where).not.toContain(`main:${lineOf(MAIN, 'resource "aws_s3_bucket" "generated"')}`);
    expect(withConfig.indeterminate.filter((x) => x.ruleId === 'TG-AWS-001')).toEqual([]);
  });

  it('for_each module instances are expanded: only instance "b" (logging = false) fails, at the module source line', () => {
    const f = withConfig.findings.filter((x) => x.ruleId === 'TG-AWS-001' && x.location.file === MOD);
    expect(f).toHaveLength(1);
    expect(f[0].location.startLine).toBe(lineOf(MOD, 'resource "aws_s3_bucket" "this"'));
    expect(f[0].message).toContain('(plan: module.buckets["b"].aws_s3_bucket.this)');
  });

  it('inline suppressions in the .tf apply to plan findings', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tg-plan-'));
    tmp.push(d);
    copyFileSync(PLAN, join(d, 'plan.json'));
    writeFileSync(join(d, 'main.tf'), readFileSync(MAIN, 'utf8').replace('resource "aws_s3_bucket" "data" {', '# trustgate:ignore TG-AWS-001 reason="logs go to the SIEM via CloudTrail data events"\nresource "aws_s3_bucket" "data" {'));
    const r = await scan({ paths: [join(d, 'plan.json')], cwd: d, rules, planRepoRoot: d });
    const f = r.findings.filter((x) => x.ruleId === 'TG-AWS-001' && x.message.includes('(plan: aws_s3_bucket.data)'));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ suppressed: true, location: { file: join(d, 'main.tf') } });
    // The module's directory is missing here: its findings point at the module call block instead.
    const m = r.findings.find((x) => x.message.includes('module.buckets["b"]'))!;
    expect(m.location).toMatchObject({ file: join(d, 'main.tf'), startLine: lineOf(MAIN, 'module "buckets"') + 1 });
    expect(m.suppressed).toBe(false);
  });
});

describe('plan JSON with every rule', () => {
  it('no rule fails on synthesized plan resources, and nothing points at a virtual line', async () => {
    const r = await scan({ paths: [PLAN], cwd: DIR, rules: ALL_RULES, today: '2026-06-01' });
    expect(r.errors.filter((e) => e.kind === 'internal')).toEqual([]);
    for (const x of [...r.findings, ...r.indeterminate]) expect(x.location.startLine, `${x.ruleId} ${x.location.file}`).toBeLessThan(1000);
  });
});

describe('plan JSON alone', () => {
  it('findings point into the plan file; without configuration references the unknown companion is indeterminate', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tg-plan-'));
    tmp.push(d);
    const plan = JSON.parse(readFileSync(PLAN, 'utf8'));
    delete plan.configuration;
    writeFileSync(join(d, 'plan.json'), JSON.stringify(plan));
    const r = await scan({ paths: [join(d, 'plan.json')], cwd: d, rules });
    expect(r.errors.filter((e) => e.kind !== 'notice')).toEqual([]);
    const db = r.findings.find((x) => x.ruleId === 'TG-AWS-009')!;
    expect(db.location.file).toBe(join(d, 'plan.json'));
    const src = readFileSync(join(d, 'plan.json'), 'utf8');
    expect(src.slice(db.location.startColumn - 1).startsWith('"address":"aws_db_instance.db"')).toBe(true);
    expect(r.indeterminate.some((i) => i.ruleId === 'TG-AWS-001' && /cannot be resolved/.test(i.reason))).toBe(true);
    // Values known only after apply are indeterminate, never guessed.
    const rep = r.indeterminate.find((i) => i.ruleId === 'TG-AWS-009')!;
    expect(rep.reason).toMatch(/^storage_encrypted: .*known only after apply \(plan: aws_db_instance\.replica\)$/);
    expect(src.slice(rep.location.startColumn - 1).startsWith('"address":"aws_db_instance.replica"')).toBe(true);
  });

  it('a JSON file that is not a plan is skipped quietly; a broken plan is a parse error', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tg-plan-'));
    tmp.push(d);
    writeFileSync(join(d, 'state.json'), '{"format_version":"1.0","terraform_version":"1.9.8","values":{"root_module":{}}}');
    writeFileSync(join(d, 'broken.json'), '{"format_version":"1.2","terraform_version":"1.9.8","planned_values":{');
    const r = await scan({ paths: [d], cwd: d, rules });
    expect(r.findings).toEqual([]);
    expect(r.errors.map((e) => [e.file, e.kind])).toEqual([[join(d, 'broken.json'), 'parse']]);
  });
});
