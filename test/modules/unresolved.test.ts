// Module calls Trustgate cannot read are never silent: one entry in `unresolvedModules` and one notice
// per call, with where, why and the fix.
import { describe, expect, it } from 'vitest';
import { tempDirs } from '../tmp.js';
import { scan } from '../../core/engine.js';
import { ALL_RULES } from '../../rules/index.js';

const tmp = tempDirs('tg-unresolved-');
const run = (d: string) => scan({ paths: [d], cwd: d, rules: ALL_RULES });

describe('unresolved module calls', () => {
  it('a registry call without init or download: one entry and one notice at the module header', async () => {
    const d = tmp({
      'main.tf': 'terraform {}\n\nmodule "eks" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.8"\n  cluster_endpoint_public_access = true\n}\n',
    });
    const r = await run(d);
    expect(r.unresolvedModules).toEqual([
      expect.objectContaining({ file: `${d}/main.tf`, line: 3, column: 1, module: 'module.eks', source: 'terraform-aws-modules/eks/aws', version: '~> 20.8', reason: expect.stringMatching(/not a local directory/), fix: expect.stringMatching(/terraform init.*--download-modules/) }),
    ]);
    const notices = r.errors.filter((e) => e.kind === 'notice' && e.line === 3);
    expect(notices).toHaveLength(1);
    expect(notices[0].message).toMatch(/^module\.eks \(terraform-aws-modules\/eks\/aws ~> 20\.8\) was not evaluated: .*terraform init/);
  });

  it('a call inside a local child is addressed through its parent, and counted once even when two roots reach it', async () => {
    const d = tmp({
      'a/main.tf': 'module "net" {\n  source = "../net"\n}\n',
      'b/main.tf': 'module "net" {\n  source = "../net"\n}\n',
      'net/main.tf': 'module "vpc" {\n  source = "git::https://example.com/vpc.git?ref=v1"\n}\n',
    });
    const r = await run(d);
    expect(r.unresolvedModules).toHaveLength(1);
    expect(r.unresolvedModules[0]).toMatchObject({ file: `${d}/net/main.tf`, line: 1, module: 'module.net.module.vpc', source: 'git::https://example.com/vpc.git?ref=v1' });
    expect(r.errors.filter((e) => e.kind === 'notice' && /module\.net\.module\.vpc/.test(e.message))).toHaveLength(1);
  });

  it('a local path outside the scanned directories is reported, not skipped silently', async () => {
    const d = tmp({ 'root/main.tf': 'module "x" {\n  source = "../../elsewhere"\n}\n' });
    const r = await scan({ paths: [`${d}/root`], cwd: `${d}/root`, rules: ALL_RULES });
    expect(r.unresolvedModules).toEqual([expect.objectContaining({ module: 'module.x', reason: expect.stringMatching(/outside the scanned paths/) })]);
  });

  it('a local module that resolves is not reported', async () => {
    const d = tmp({ 'main.tf': 'module "b" {\n  source = "./b"\n}\n', 'b/main.tf': 'variable "x" {\n  default = 1\n}\n' });
    expect((await run(d)).unresolvedModules).toEqual([]);
  });
});
