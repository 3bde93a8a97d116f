// `trustgate baseline create` and `trustgate scan --baseline`: adopting Trustgate on a repository with
// findings as a reviewed change. Findings are matched by fingerprint, so moved code stays baselined.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/cli.js';
import { findingFingerprint } from '../core/fingerprint.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-baseline-');
const bucket = (n: string) => `resource "aws_s3_bucket" "${n}" {\n  bucket = "${n}"\n}\n`;

async function run(args: string[], cwd: string) {
  let out = '';
  let err = '';
  const code = await main([...args, '--jobs', '1'], { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd, isTTY: false, env: {} });
  return { code, out, err };
}

describe('baselines', () => {
  it('create writes sorted, reviewable JSON: one entry per unsuppressed finding with rule, file, resource, fingerprint, reason', async () => {
    const d = tmp({ 'infra/b.tf': bucket('zeta') + bucket('alpha'), 'infra/a.tf': 'resource "aws_db_instance" "d" {\n  storage_encrypted = false\n}\n' });
    const r = await run(['baseline', 'create', 'infra', '--output', 'baseline.json'], d);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/trustgate baseline: \d+ findings written to baseline\.json; fill in each "reason"/);
    const b = JSON.parse(readFileSync(join(d, 'baseline.json'), 'utf8'));
    expect(b).toMatchObject({ baseline: 'trustgate', version: 1 });
    const logging = b.findings.filter((e: { rule: string }) => e.rule === 'TG-AWS-001');
    expect(logging.map((e: { resource: string }) => e.resource)).toEqual(['aws_s3_bucket.alpha', 'aws_s3_bucket.zeta']);
    expect(logging[0]).toEqual({
      rule: 'TG-AWS-001',
      file: 'infra/b.tf',
      resource: 'aws_s3_bucket.alpha',
      fingerprint: findingFingerprint('TG-AWS-001', 'infra/b.tf', logging[0].message),
      message: expect.stringContaining('"alpha"'),
      reason: '',
    });
    const keys = b.findings.map((e: { file: string; rule: string; resource: string }) => `${e.file} ${e.rule} ${e.resource}`);
    expect(keys).toEqual([...keys].sort());
    expect(b.findings[0].file).toBe('infra/a.tf');
    expect((await run(['baseline', 'create', 'infra'], d)).code).toBe(2); // --output is required
  });

  it('scan --baseline reports only findings not in it, also after lines move; the rest count as suppressed with the reason', async () => {
    const d = tmp({ 'main.tf': bucket('old') });
    await run(['baseline', 'create', '--output', 'baseline.json'], d);
    const b = JSON.parse(readFileSync(join(d, 'baseline.json'), 'utf8'));
    b.findings[0].reason = 'legacy bucket, ticket SEC-9';
    writeFileSync(join(d, 'baseline.json'), JSON.stringify(b));
    const clean = await run(['scan', '.', '--baseline', 'baseline.json'], d);
    expect(clean.code).toBe(0);
    expect(clean.out).not.toMatch(/TG-AWS-001/);
    expect(clean.out).toMatch(/\(\d+ by the baseline\)/);
    expect(clean.err).toMatch(/trustgate: \d+ findings in the baseline not reported; \d+ baseline entries without a reason/);
    // Code moves down and a new bucket arrives: only the new one is reported.
    writeFileSync(join(d, 'main.tf'), '# moved\n\n' + bucket('old') + bucket('new'));
    const json = JSON.parse((await run(['scan', '.', '--baseline', 'baseline.json', '--format', 'json'], d)).out);
    const open = json.findings.filter((f: { suppressed: boolean }) => !f.suppressed);
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((f: { message: string }) => f.message.includes('"new"'))).toBe(true);
    const old = json.findings.find((f: { ruleId: string; message: string }) => f.ruleId === b.findings[0].rule && f.message === b.findings[0].message);
    expect(old).toMatchObject({ suppressed: true, suppression: { source: 'baseline', reason: 'legacy bucket, ticket SEC-9' } });
    expect(json.summary.findings).toBe(open.length);
    const r = await run(['scan', '.', '--baseline', 'baseline.json'], d);
    expect(r.code).toBe(1);
  });

  it('a fixed finding leaves a stale entry, said on stderr; a file that is not a baseline is a usage error', async () => {
    const d = tmp({ 'main.tf': bucket('gone') });
    await run(['baseline', 'create', '--output', 'baseline.json'], d);
    writeFileSync(join(d, 'main.tf'), 'variable "x" {}\n');
    expect((await run(['scan', '.', '--baseline', 'baseline.json'], d)).err).toMatch(/\d+ baseline entries matched nothing \(fixed or changed/);
    writeFileSync(join(d, 'bad.json'), '{"findings": []}');
    const bad = await run(['scan', '.', '--baseline', 'bad.json'], d);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^trustgate scan: bad\.json is not a Trustgate baseline/);
    expect((await run(['scan', '.', '--baseline', 'missing.json'], d)).err).toMatch(/cannot read --baseline missing\.json: ENOENT/);
  });
});
