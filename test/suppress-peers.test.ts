// Peer tools' inline skips (Checkov, Trivy, tfsec) suppress the Trustgate rule that aliases the id,
// under the same mandatory-reason policy as trustgate:ignore.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { fail, type TerraformRule } from '../core/rule.js';
import { aliasIndex, parseInlineSuppressions, peerKind } from '../core/suppress.js';
import { ALL_RULES } from '../rules/index.js';
import { tempDirs } from './tmp.js';

const rule: TerraformRule = {
  id: 'TG-TEST-001',
  name: 'test-bucket-encryption',
  title: 'test rule',
  failTitle: 'Test rule fails',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'test',
  rationale: 'test',
  remediation: 'test',
  confidence: 'high',
  introducedIn: '0.1.0',
  controlRationale: { 'CC6.1': 'test' },
  resourceTypes: ['aws_s3_bucket'],
  aliases: ['CKV_AWS_19', 'AVD-AWS-0088', 'aws-s3-enable-bucket-encryption'],
  *check(m) {
    for (const b of m.resourcesOf('aws_s3_bucket')) {
      const a = b.attr('acl');
      if (a) yield fail(a.loc, `bucket ${b.name} acl`, { blockLine: b.block.range.startLine });
      else yield fail(b.headerLoc, `bucket ${b.name} unencrypted`);
    }
  },
};
const other: TerraformRule = { ...rule, id: 'TG-TEST-002', name: 'other', aliases: ['CKV_AWS_999'] };

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(tf: string) {
  const dir = mkdtempSync(join(tmpdir(), 'tg-peers-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'main.tf'), tf);
  const r = await scan({ paths: [dir], cwd: dir, rules: [rule, other], today: '2026-06-01' });
  const byName = (n: string) => r.findings.filter((f) => f.message.startsWith(`bucket ${n} `) && f.ruleId === 'TG-TEST-001');
  return { r, byName };
}

describe('peer inline skips', () => {
  it('checkov:skip inside the block, with its :reason part', async () => {
    const { r, byName } = await run(`resource "aws_s3_bucket" "a" {
  #checkov:skip=CKV_AWS_19:Static site content, public by design
  bucket = "a"
}
`);
    const [f] = byName('a');
    expect(f.suppressed).toBe(true);
    // The suppression says which peer's skip made it.
    expect(f.suppression).toMatchObject({ source: 'comment', reason: 'Static site content, public by design', via: 'checkov:skip=CKV_AWS_19' });
    // The other rule is not affected.
    expect(r.findings.find((x) => x.ruleId === 'TG-TEST-002')!.suppressed).toBe(false);
  });

  it('checkov:skip above the block, and on an attribute-level finding', async () => {
    const { byName } = await run(`# checkov:skip=CKV_AWS_19: legacy bucket, migration ticket SEC-12
resource "aws_s3_bucket" "a" {
  bucket = "a"
}
resource "aws_s3_bucket" "b" {
  bucket = "b"
  acl    = "private"
  # checkov:skip=ckv_aws_19:lower-case id still matches
}
`);
    expect(byName('a')[0]).toMatchObject({ suppressed: true, suppression: { reason: 'legacy bucket, migration ticket SEC-12' } });
    expect(byName('b')[0]).toMatchObject({ suppressed: true, suppression: { reason: 'lower-case id still matches' } });
  });

  it('checkov:skip without a reason does not suppress and is reported', async () => {
    const { r, byName } = await run(`resource "aws_s3_bucket" "a" {
  #checkov:skip=CKV_AWS_19
  bucket = "a"
}
`);
    expect(byName('a')[0].suppressed).toBe(false);
    const e = r.errors.find((x) => x.kind === 'suppression')!;
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/checkov:skip=CKV_AWS_19 \(TG-TEST-001\) has no reason/);
  });

  it('a skip inside one block does not reach the next block', async () => {
    const { byName } = await run(`resource "aws_s3_bucket" "a" {
  #checkov:skip=CKV_AWS_19:only bucket a is public
  bucket = "a"
}

resource "aws_s3_bucket" "b" {
  bucket = "b"
}
`);
    expect(byName('a')[0].suppressed).toBe(true);
    expect(byName('b')[0].suppressed).toBe(false);
  });

  it('trivy:ignore needs reason="..." on the line', async () => {
    const { r, byName } = await run(`#trivy:ignore:AVD-AWS-0088 reason="encrypted by the account default key" expires=2099-01-01
resource "aws_s3_bucket" "a" {
  bucket = "a"
}

#trivy:ignore:AVD-AWS-0088
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
`);
    expect(byName('a')[0]).toMatchObject({ suppressed: true, suppression: { reason: 'encrypted by the account default key' } });
    expect(byName('b')[0].suppressed).toBe(false);
    expect(r.errors.filter((e) => e.kind === 'suppression').map((e) => e.line)).toEqual([6]);
    expect(r.errors.find((e) => e.kind === 'suppression')!.message).toMatch(/trivy:ignore:AVD-AWS-0088 .*has no reason/);
  });

  it('tfsec:ignore with a long id and :exp: expiry', async () => {
    const { r, byName } = await run(`# tfsec:ignore:aws-s3-enable-bucket-encryption:exp:2026-01-01 reason="temporary, until the migration"
resource "aws_s3_bucket" "a" {
  bucket = "a"
}
# tfsec:ignore:aws-s3-enable-bucket-logging tfsec:ignore:aws-s3-enable-bucket-encryption reason="two ids on one line"
resource "aws_s3_bucket" "b" {
  bucket = "b"
}
`);
    const a = byName('a')[0];
    expect(a.suppressed).toBe(false); // expired on 2026-01-01 (scan date 2026-06-01)
    expect(a.suppression).toMatchObject({ expired: true, expires: '2026-01-01' });
    expect(r.errors.some((e) => e.kind === 'suppression' && /expired on 2026-01-01/.test(e.message))).toBe(true);
    expect(byName('b')[0]).toMatchObject({ suppressed: true, suppression: { reason: 'two ids on one line' } });
  });

  it('skips of ids no rule aliases suppress nothing, and a notice says so', async () => {
    const { r, byName } = await run(`#checkov:skip=CKV_AWS_1:not ours
#trivy:ignore:AVD-AWS-0001
resource "aws_s3_bucket" "a" {
  bucket = "a"
}
`);
    expect(byName('a')[0].suppressed).toBe(false);
    expect(r.errors.filter((e) => e.kind === 'suppression')).toEqual([]);
    expect(r.errors.filter((e) => e.kind === 'notice').map((e) => [e.line, e.message])).toEqual([
      [1, 'checkov:skip=CKV_AWS_1 names Checkov check CKV_AWS_1, which no Trustgate rule is verified to match; it suppresses nothing here'],
      [2, 'trivy:ignore:AVD-AWS-0001 names Trivy check AVD-AWS-0001, which no Trustgate rule is verified to match; it suppresses nothing here'],
    ]);
  });

  it('parser: shape, alias index, peer kinds', () => {
    const idx = aliasIndex([rule, other]);
    expect(idx.get('CKV_AWS_19')).toEqual(['TG-TEST-001']);
    const s = parseInlineSuppressions('/x/main.tf', 'a = 1 # checkov:skip=CKV_AWS_19:public site by design\n', [rule]);
    expect(s).toEqual([
      { line: 1, ruleIds: ['TG-TEST-001'], reason: 'public site by design', expires: undefined, via: 'checkov:skip=CKV_AWS_19 (TG-TEST-001)', peerSkip: 'checkov:skip=CKV_AWS_19', inBlock: true, loc: { file: '/x/main.tf', startLine: 1, startColumn: 7, endLine: 1, endColumn: 54 } },
    ]);
    // Without rules (old callers) peers are not parsed at all.
    expect(parseInlineSuppressions('/x/main.tf', '# checkov:skip=CKV_AWS_19:why\n')).toEqual([]);
    expect([peerKind('CKV2_AWS_6'), peerKind('AVD-AWS-0086'), peerKind('aws-s3-enable-bucket-encryption'), peerKind('f861041c-8c9f-4156-acfc-5e6e524f5884')]).toEqual(['checkov', 'trivy', 'tfsec', undefined]);
  });
});

describe('zizmor ignore comments', () => {
  const wfDirs = tempDirs('tg-zizmor-');
  const WF = (step: string) => `on: pull_request_target
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
${step}`;
  async function scanWf(src: string) {
    const dir = wfDirs({ '.github/workflows/ci.yml': src });
    const r = await scan({ paths: [dir], cwd: dir, rules: ALL_RULES, today: '2026-06-01' });
    return { r, f: (id: string) => r.findings.filter((x) => x.ruleId === id) };
  }

  it('# zizmor: ignore[audit] with reason="..." on the finding line suppresses the rules that alias the audit', async () => {
    const { f } = await scanWf(WF(`      - run: echo "\${{ github.event.pull_request.title }}" # zizmor: ignore[template-injection] reason="title is validated by the bot"\n`));
    expect(f('TG-GHA-004')[0]).toMatchObject({ suppressed: true, suppression: { reason: 'title is validated by the bot' } });
  });

  it('applies anywhere on the span of the step (zizmor placement), lists several audits, and is case-insensitive', async () => {
    const { f } = await scanWf(
      WF(`      - name: greet # zizmor: ignore[artipacked, Template-Injection] reason="reviewed in SEC-9"
        run: |
          echo "\${{ github.event.pull_request.title }}"
`),
    );
    expect(f('TG-GHA-004')[0]?.suppressed).toBe(true);
  });

  it('without a reason it does not suppress and is reported; another step is not covered', async () => {
    const { r, f } = await scanWf(
      WF(`      - run: echo "\${{ github.event.pull_request.title }}" # zizmor: ignore[template-injection]
      - run: echo "\${{ github.event.pull_request.body }}"
`),
    );
    expect(f('TG-GHA-004').map((x) => x.suppressed)).toEqual([false, false]);
    const e = r.errors.find((x) => x.kind === 'suppression')!;
    expect(e.message).toMatch(/zizmor: ignore\[template-injection\] \([^)]*TG-GHA-004[^)]*\) has no reason/);
  });

  it('audits no Trustgate rule aliases suppress nothing and are said in a notice; peerKind knows zizmor audits', async () => {
    const { r, f } = await scanWf(WF(`      - run: echo "\${{ github.event.pull_request.title }}" # zizmor: ignore[obfuscation] reason="not an audit we alias"\n`));
    expect(f('TG-GHA-004')[0].suppressed).toBe(false);
    expect(r.errors.filter((e) => e.kind === 'suppression')).toEqual([]);
    expect(r.errors.filter((e) => e.kind === 'notice').map((e) => e.message)).toEqual(['zizmor: ignore[obfuscation] names zizmor audit obfuscation, which no Trustgate rule is verified to match; it suppresses nothing here']);
    // One of several names unknown: the others still suppress, and the unknown one is said.
    const both = await scanWf(WF(`      - run: echo "\${{ github.event.pull_request.title }}" # zizmor: ignore[obfuscation,template-injection] reason="title is escaped by the action, reviewed"\n`));
    expect(both.f('TG-GHA-004')[0].suppressed).toBe(true);
    expect(both.r.errors.filter((e) => e.kind === 'notice').map((e) => e.message)).toEqual([expect.stringContaining('names zizmor audit obfuscation, which no Trustgate rule')]);
    expect([peerKind('template-injection'), peerKind('unpinned-uses'), peerKind('unset-cpu-requirements')]).toEqual(['zizmor', 'zizmor', undefined]);
  });
});
