// Installing the fixture modules (test/fixtures/modules) as `terraform init` would, for the tests.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'modules');

/** A copy of fixtures/modules/root with `.terraform/modules` populated and modules.json written. */
export function initialisedRoot(rootMain = join(FIXTURES, 'root', 'main.tf')): string {
  const d = mkdtempSync(join(tmpdir(), 'tg-init-'));
  cpSync(rootMain, join(d, 'main.tf'));
  const mods = [
    { Key: '', Source: '', Dir: '.' },
    { Key: 'eks', Source: 'registry.terraform.io/terraform-aws-modules/eks/aws', Version: '20.8.4', Dir: '.terraform/modules/eks', fx: 'eks' },
    { Key: 'eks.kms', Source: 'registry.terraform.io/terraform-aws-modules/kms/aws', Version: '2.1.0', Dir: '.terraform/modules/eks.kms', fx: 'kms' },
    { Key: 'eks.eks_managed_node_group', Source: './modules/node-group', Dir: '.terraform/modules/eks/modules/node-group' },
    { Key: 'vpc', Source: 'registry.terraform.io/terraform-aws-modules/vpc/aws', Version: '5.21.0', Dir: '.terraform/modules/vpc', fx: 'vpc' },
    { Key: 's3_bucket', Source: 'registry.terraform.io/terraform-aws-modules/s3-bucket/aws', Version: '4.1.2', Dir: '.terraform/modules/s3_bucket', fx: 's3-bucket' },
    { Key: 'db', Source: 'registry.terraform.io/terraform-aws-modules/rds/aws', Version: '6.1.0', Dir: '.terraform/modules/db', fx: 'rds' },
  ];
  for (const m of mods) if (m.fx) cpSync(join(FIXTURES, m.fx), join(d, m.Dir), { recursive: true });
  mkdirSync(join(d, '.terraform', 'modules'), { recursive: true });
  writeFileSync(join(d, '.terraform', 'modules', 'modules.json'), JSON.stringify({ Modules: mods.map(({ fx: _f, ...m }) => m) }));
  return d;
}
