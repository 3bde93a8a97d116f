// The input registry (core/inputs.ts): one table decides which files are read, how they group into
// units, what the reporters count and what the editor activates on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { classify } from '../core/files.js';
import { FILE_TYPES, autoVarOrder, describeKindCounts, emptyKindCounts, fileGlob, fileTypeOf, withoutShadowed } from '../core/inputs.js';
import { ALL_RULES } from '../rules/index.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-inputs-');
const PUBLIC_BUCKET = (name: string) => `resource "aws_s3_bucket_acl" "${name}" {\n  bucket = "x"\n  acl    = "public-read"\n}\n`;

describe('file types', () => {
  it('classifies by the longest registered suffix', () => {
    expect(classify('a/main.tf')).toBe('terraform');
    expect(classify('a/main.TOFU')).toBe('terraform');
    expect(classify('a/terraform.tfvars')).toBe('tfvars');
    expect(classify('a/ci.yaml')).toBe('yaml');
    expect(classify('a/package.json')).toBeUndefined();
    expect(classify('a/main.tf.bak')).toBeUndefined();
    expect(fileTypeOf('x.tofu')?.syntax).toBe('hcl');
  });

  it('the editor activates on every Terraform file type the registry knows', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'extension', 'package.json'), 'utf8')) as { activationEvents: string[] };
    for (const t of FILE_TYPES.filter((t) => t.role !== 'yaml')) expect(pkg.activationEvents).toContain(`workspaceContains:**/*${t.suffix}`);
    expect(fileGlob(['terraform'])).toBe('**/*.{tf,tf.json,tofu,tofu.json}');
  });

  it('orders automatic variable files as Terraform loads them', () => {
    const files = ['/m/b.auto.tfvars', '/m/a.auto.tfvars', '/m/terraform.tfvars'];
    expect(files.sort(autoVarOrder)).toEqual(['/m/terraform.tfvars', '/m/a.auto.tfvars', '/m/b.auto.tfvars']);
  });

  it('counts per input kind in one wording', () => {
    expect(describeKindCounts({ ...emptyKindCounts(), terraform: 3, workflow: 1 })).toBe('3 Terraform, 0 Kubernetes, 1 workflow');
  });
});

describe('OpenTofu files', () => {
  it('a .tofu file replaces its .tf twin (with a notice); other .tf files of the module stay', async () => {
    expect(withoutShadowed(['/m/main.tf', '/m/main.tofu', '/m/extra.tf', '/m/x.tf.json', '/m/x.tofu.json'])).toEqual({
      kept: ['/m/main.tofu', '/m/extra.tf', '/m/x.tofu.json'],
      shadowed: [
        { path: '/m/main.tf', by: '/m/main.tofu' },
        { path: '/m/x.tf.json', by: '/m/x.tofu.json' },
      ],
    });
    const d = tmp({ 'main.tf': PUBLIC_BUCKET('from_tf'), 'main.tofu': PUBLIC_BUCKET('from_tofu'), 'extra.tf': PUBLIC_BUCKET('extra') });
    const r = await scan({ paths: [d], cwd: d, rules: ALL_RULES });
    const files = r.findings.map((f) => f.location.file.slice(d.length + 1));
    expect(files).toContain('main.tofu');
    expect(files).toContain('extra.tf');
    expect(files).not.toContain('main.tf');
    expect(r.errors.find((e) => e.file === join(d, 'main.tf'))?.message).toMatch(/main\.tofu in the same directory replaces it/);
    expect(r.summary.filesByKind.terraform).toBe(2);
  });

  it('a child module written in .tofu is followed', async () => {
    const d = tmp({ 'main.tf': 'module "b" {\n  source = "./mod"\n  acl = "public-read"\n}\n', 'mod/main.tofu': 'variable "acl" {}\nresource "aws_s3_bucket_acl" "b" {\n  bucket = "x"\n  acl    = var.acl\n}\n' });
    const r = await scan({ paths: [d], cwd: d, rules: ALL_RULES });
    expect(r.findings.some((f) => f.location.file === join(d, 'mod', 'main.tofu') && !f.suppressed)).toBe(true);
  });
});
