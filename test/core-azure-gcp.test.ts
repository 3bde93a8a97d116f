// Unit tests for the Azure / Google Cloud rule helpers (core/terraform/azure-gcp-helpers.ts) and a
// few behaviours of the Azure/GCP rules that the fixture annotations cannot express (no
// indeterminate result where the answer is known).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { ipv4, isAzureWorldSource, isWorldCidr, looseBool, portRange, portRanges, rangesAll, rangesCover, tlsMinor } from '../core/terraform/azure-gcp-helpers.js';
import { Unknown, isUnknown } from '../core/terraform/values.js';
import { ALL_RULES } from '../rules/index.js';

describe('azure-gcp helpers', () => {
  it('parses port specs', () => {
    expect(portRange('22')).toEqual([22, 22]);
    expect(portRange(' 1000 - 2000 ')).toEqual([1000, 2000]);
    expect(portRange('*')).toEqual([0, 65535]);
    expect(portRange(3389)).toEqual([3389, 3389]);
    expect(portRange('ssh')).toBeUndefined();
    expect(isUnknown(portRange(new Unknown('x')))).toBe(true);
    const rs = portRanges(['80', '3000-4000']);
    expect(rs).toEqual([
      [80, 80],
      [3000, 4000],
    ]);
    expect(rangesCover(rs as [number, number][], 3389)).toBe(true);
    expect(rangesCover(rs as [number, number][], 22)).toBe(false);
    expect(rangesAll([[0, 65535]])).toBe(true);
    expect(rangesAll([[1, 65535]])).toBe(true);
    expect(rangesAll([[1024, 65535]])).toBe(false);
  });

  it('reads TLS versions in every provider spelling', () => {
    expect(tlsMinor('TLS1_2')).toBe(2);
    expect(tlsMinor('TLS1_0')).toBe(0);
    expect(tlsMinor('1.1')).toBe(1);
    expect(tlsMinor('1.3')).toBe(3);
    expect(tlsMinor('Disabled')).toBeUndefined();
  });

  it('recognises world sources and CIDRs', () => {
    for (const s of ['*', 'Internet', 'any', '0.0.0.0/0', '0.0.0.0', '::/0']) expect(isAzureWorldSource(s)).toBe(true);
    for (const s of ['VirtualNetwork', 'AzureLoadBalancer', '10.0.0.0/8', '0.0.0.0/1']) expect(isAzureWorldSource(s)).toBe(false);
    expect(isWorldCidr('0.0.0.0/0')).toBe(true);
    expect(isWorldCidr('10.0.0.0/0')).toBe(false);
    expect(ipv4('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(ipv4('256.0.0.1')).toBeUndefined();
  });

  it('reads GCP metadata booleans loosely', () => {
    expect(looseBool('TRUE')).toBe(true);
    expect(looseBool('false')).toBe(false);
    expect(looseBool(true)).toBe(true);
    expect(looseBool('maybe')).toBeUndefined();
  });
});

describe('azure-gcp rules: no guessing', () => {
  it('a bucket IAM member computed from another resource identity is neither a finding nor indeterminate', async () => {
    const dir = join(import.meta.dirname, 'fixtures', 'rules', 'terraform', 'gcp', 'storage-bucket-public-iam');
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

describe('provider version constraints', () => {
  it('finds the single major a constraint allows', async () => {
    const { constraintMajor } = await import('../core/terraform/azure-gcp-helpers.js');
    expect(constraintMajor('~> 2.46')).toBe(2);
    expect(constraintMajor('~> 2.46.0')).toBe(2);
    expect(constraintMajor('= 3.0.1')).toBe(3);
    expect(constraintMajor('2.99.0')).toBe(2);
    expect(constraintMajor('>= 2.0, < 3.0')).toBe(2);
    expect(constraintMajor('>= 2.0, < 3')).toBe(2);
    expect(constraintMajor('>= 3.0')).toBeUndefined();
    expect(constraintMajor('~> 3')).toBeUndefined();
    expect(constraintMajor('>= 3.0, != 3.5.0, < 4.0')).toBe(3);
  });
});
