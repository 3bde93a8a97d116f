// After `terraform init`: module calls are read from .terraform/modules (modules.json) and their
// findings land on the caller's lines.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../core/engine.js';
import type { Finding, ScanResult } from '../../core/types.js';
import { ALL_RULES } from '../../rules/index.js';
import { initialisedRoot } from './fixtures.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const root = () => {
  const d = initialisedRoot();
  dirs.push(d);
  return d;
};
const run = (d: string) => scan({ paths: [d], cwd: d, rules: ALL_RULES });
const lineOf = (d: string, text: string) => readFileSync(join(d, 'main.tf'), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
const by = (r: ScanResult, id: string): Finding[] => r.findings.filter((f) => f.ruleId === id);

describe('modules installed by terraform init', () => {
  it('EKS, VPC, S3 and RDS registry modules: findings on the caller lines, the module line as related location, the chain in the message', async () => {
    const d = root();
    const r = await run(d);
    expect(r.unresolvedModules).toEqual([]);
    const main = join(d, 'main.tf');

    const eks = by(r, 'TG-AWS-032');
    expect(eks).toHaveLength(1);
    // public_access_cidrs comes from the module's default ["0.0.0.0/0"], not the caller: the module header.
    expect(eks[0].location).toMatchObject({ file: main, startLine: 1, startColumn: 1 });
    expect(eks[0].message).toMatch(/^module\.eks \(terraform-aws-modules\/eks\/aws 20\.8\.4\) -> aws_eks_cluster\.this: EKS cluster "this" allows its public API endpoint from 0\.0\.0\.0\/0/);
    expect(eks[0].related?.[0]).toEqual({ message: 'in module.eks: main.tf line 18', location: expect.objectContaining({ file: join(d, '.terraform/modules/eks/main.tf'), startLine: 18 }) });

    // Nested registry call: the value passes two calls up (kms <- eks <- root).
    const kms = by(r, 'TG-AWS-016');
    expect(kms).toHaveLength(1);
    expect(kms[0].location).toMatchObject({ file: main, startLine: lineOf(d, 'enable_kms_key_rotation        = false') });
    expect(kms[0].message).toMatch(/^module\.eks \(terraform-aws-modules\/eks\/aws 20\.8\.4\) -> module\.kms -> aws_kms_key\.this: /);
    expect(kms[0].related?.[0].location.file).toBe(join(d, '.terraform/modules/eks.kms/main.tf'));

    // A missing companion (no flow log because the caller turned it off): at the module header.
    const vpc = by(r, 'TG-AWS-041');
    expect(vpc).toHaveLength(1);
    expect(vpc[0].location).toMatchObject({ file: main, startLine: lineOf(d, 'module "vpc"'), startColumn: 1 });
    expect(vpc[0].message).toMatch(/^module\.vpc \(terraform-aws-modules\/vpc\/aws 5\.21\.0\) -> aws_vpc\.this: VPC "this" has no flow log/);

    const s3 = by(r, 'TG-AWS-003');
    expect(s3.map((f) => f.location.startLine)).toEqual([lineOf(d, 'block_public_acls = false')]);

    // for_each over a map of objects with lookup(): traced through each.value to the caller's map.
    const rds = by(r, 'TG-AWS-031');
    expect(rds).toHaveLength(1);
    expect(rds[0].location.startLine).toBe(lineOf(d, 'instances = {'));
    expect(by(r, 'TG-AWS-009')).toEqual([]);
    // Nothing is reported inside .terraform itself.
    expect(r.findings.filter((f) => f.location.file.includes('.terraform'))).toEqual([]);
    expect(r.indeterminate.filter((i) => i.location.file.includes('.terraform'))).toEqual([]);
  });

  it('secure inputs: the same modules give no finding for the rules the inputs control', async () => {
    const d = root();
    const src = readFileSync(join(d, 'main.tf'), 'utf8')
      .replace('cluster_endpoint_public_access = true', 'cluster_endpoint_public_access = false')
      .replace('enable_kms_key_rotation        = false', 'enable_kms_key_rotation        = true')
      .replace('enable_flow_log = false', 'enable_flow_log = true')
      .replace('block_public_acls = false', 'block_public_acls = true')
      .replace('publicly_accessible = true', 'publicly_accessible = false');
    writeFileSync(join(d, 'main.tf'), src);
    const r = await run(d);
    for (const id of ['TG-AWS-032', 'TG-AWS-016', 'TG-AWS-041', 'TG-AWS-003', 'TG-AWS-031']) expect(by(r, id), id).toEqual([]);
  });

  it('a suppression on the caller line suppresses the relocated finding', async () => {
    const d = root();
    const src = readFileSync(join(d, 'main.tf'), 'utf8').replace(
      '  block_public_acls = false',
      '  # trustgate:ignore TG-AWS-003 reason="website bucket, reviewed"\n  block_public_acls = false',
    ).replace('module "eks" {', '# trustgate:ignore TG-AWS-032 reason="endpoint reviewed by security"\nmodule "eks" {');
    writeFileSync(join(d, 'main.tf'), src);
    const r = await run(d);
    // On the input line, and above the module block (for a finding placed anywhere in the call).
    expect(by(r, 'TG-AWS-003')).toEqual([expect.objectContaining({ suppressed: true })]);
    expect(by(r, 'TG-AWS-032')).toEqual([expect.objectContaining({ suppressed: true })]);
    expect(by(r, 'TG-AWS-016')[0].suppressed).toBe(false);
  });

  it('a call missing from modules.json (added after init) is one notice; the others are still evaluated', async () => {
    const d = root();
    writeFileSync(join(d, 'main.tf'), readFileSync(join(d, 'main.tf'), 'utf8') + '\nmodule "iam" {\n  source = "terraform-aws-modules/iam/aws"\n}\n');
    const r = await run(d);
    expect(r.unresolvedModules).toEqual([expect.objectContaining({ module: 'module.iam', reason: expect.stringMatching(/not listed in .*modules\.json/) })]);
    expect(by(r, 'TG-AWS-032')).toHaveLength(1);
  });

  it('an unresolved call inside an installed module is reported at the repository call that leads to it', async () => {
    const d = root();
    const p = join(d, '.terraform/modules/modules.json');
    const m = JSON.parse(readFileSync(p, 'utf8')) as { Modules: { Key: string }[] };
    writeFileSync(p, JSON.stringify({ Modules: m.Modules.filter((x) => x.Key !== 'eks.kms') }));
    const r = await run(d);
    expect(r.unresolvedModules).toEqual([expect.objectContaining({ file: join(d, 'main.tf'), line: 1, module: 'module.eks.module.kms', source: 'terraform-aws-modules/kms/aws', version: '2.1.0' })]);
    expect(r.errors.filter((e) => e.file.includes('.terraform'))).toEqual([]);
  });

  it('a modules.json Dir outside the root is not followed', async () => {
    const d = root();
    const p = join(d, '.terraform/modules/modules.json');
    writeFileSync(p, readFileSync(p, 'utf8').replace('".terraform/modules/vpc"', '"../../etc"'));
    const r = await run(d);
    expect(r.unresolvedModules.map((u) => u.module)).toEqual(['module.vpc']);
  });
});

describe('local modules', () => {
  it('a finding inside a local module stays there and names its caller as related location', async () => {
    const d = initialisedRoot();
    dirs.push(d);
    writeFileSync(join(d, 'main.tf'), 'module "logs" {\n  source = "./logs"\n}\n');
    writeFileSync(join(d, 'logs.tf'), '');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(d, 'logs'));
    writeFileSync(join(d, 'logs', 'main.tf'), 'resource "aws_kms_key" "k" {\n  enable_key_rotation = false\n}\n');
    const r = await run(d);
    const f = by(r, 'TG-AWS-016');
    expect(f).toHaveLength(1);
    expect(f[0].location.file).toBe(join(d, 'logs', 'main.tf'));
    expect(f[0].related).toContainEqual({ message: 'called from module.logs', location: expect.objectContaining({ file: join(d, 'main.tf'), startLine: 1 }) });
  });
});
