// Behaviours of the Azure/GCP rules that the fixture annotations cannot express (no indeterminate
// result where the answer is known). The helpers' own tests are in rules-lib.test.ts.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { ALL_RULES } from '../rules/index.js';

describe('azure-gcp rules: no guessing', () => {
  it('a bucket IAM member computed from another resource identity is neither a finding nor indeterminate', async () => {
    const dir = join(import.meta.dirname, 'fixtures', 'rules', 'terraform', 'gcp', 'storage-bucket-not-public');
    const r = await scan({ paths: [dir], cwd: dir, rules: ALL_RULES.filter((x) => x.id === 'TG-GCP-001'), today: '2026-06-01' });
    const src = r.indeterminate.concat(r.findings as never[]).map((x) => x.location.startLine);
    // The sink_writer member line is the last `member =` in the file.
    const { readFileSync } = await import('node:fs');
    const lines = readFileSync(join(dir, 'main.tf'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('writer_identity')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(src).not.toContain(line);
  });
});

describe('core: Terraform override files', () => {
  it('recognises override file names', async () => {
    const { isOverrideFile } = await import('../core/terraform/model.js');
    expect(isOverrideFile('/m/override.tf')).toBe(true);
    expect(isOverrideFile('/m/cluster_override.tf')).toBe(true);
    expect(isOverrideFile('/m/override.tf.json')).toBe(true);
    expect(isOverrideFile('/m/main.tf')).toBe(false);
    expect(isOverrideFile('/m/overrides.tf')).toBe(false);
    expect(isOverrideFile('/override/main.tf')).toBe(false);
  });

  it('a block in override.tf is not a second resource next to its primary block', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'tg-override-'));
    writeFileSync(join(dir, 'main.tf'), 'resource "google_container_cluster" "c" {\n  name = "c"\n  enable_legacy_abac = true\n}\n');
    writeFileSync(join(dir, 'override.tf'), 'resource "google_container_cluster" "c" {\n  min_master_version = "1.30"\n}\n');
    const r = await scan({ paths: [dir], cwd: dir, rules: ALL_RULES.filter((x) => x.id === 'TG-GCP-018' || x.id === 'TG-GCP-020'), today: '2026-06-01' });
    const files = r.findings.map((f) => f.location.file.split(/[\\/]/).pop());
    expect(files).not.toContain('override.tf');
    expect(r.findings.filter((f) => f.ruleId === 'TG-GCP-018')).toHaveLength(1);
    expect(r.findings.filter((f) => f.ruleId === 'TG-GCP-020')).toHaveLength(1);
  });
});
