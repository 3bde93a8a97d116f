// Audit-window governance (.trustgate.yml `audit:`): validation, shadow mode for rules newer than the
// pinned ruleset (reported, labelled, never gating: CLI exit code and every reporter), the manifest
// that resolves a digest pin, and TG-CFG-001 seeing a loosened pin as a weakening.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, newRuleIds, parseAudit, pinnedVersion, RULESETS } from '../core/audit.js';
import { ConfigError, defaultConfig, parseConfig } from '../core/config.js';
import { rulesetDigest } from '../core/digest.js';
import { rulesetDigest as recordRulesetDigest } from '../core/evidence/record.js';
import { policyWeakenings } from '../core/policy-diff.js';
import { ruleMeta } from '../core/rule.js';
import { VERSION } from '../core/version.js';
import { ALL_RULES } from '../rules/index.js';
import { tempDirs } from './tmp.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const cli = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = tempDirs('tg-audit-');
const metas = ALL_RULES.map(ruleMeta);
const cfg = (src: string) => parseConfig(src, '.trustgate.yml', ALL_RULES);
const err = (src: string) => {
  try {
    cfg(src);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  return 'no error';
};

// TG-AWS-059 (IAM access keys) was introduced in 0.2.0: a pin at 0.1.0 shadows it.
const KEY = 'resource "aws_iam_access_key" "ci" {\n  user = "ci"\n}\n';
// TG-AWS-004 (public ACL) is a 0.1.0 rule: it gates under the pin.
const ACL = 'resource "aws_s3_bucket_acl" "b" {\n  bucket = "b"\n  acl    = "public-read"\n}\n';

describe('audit: in .trustgate.yml', () => {
  it('parses a window and a version or digest pin', () => {
    expect(cfg('audit:\n  window: { from: 2026-01-01, to: 2026-06-30 }\n  ruleset: 0.1.0\n').audit).toEqual({ window: { from: '2026-01-01', to: '2026-06-30' }, ruleset: '0.1.0' });
    expect(cfg(`audit:\n  ruleset: ${RULESETS[VERSION]}\n`).audit).toEqual({ ruleset: RULESETS[VERSION] });
  });
  it.each([
    ['audit: 1\n', /audit must be a mapping/],
    ['audit:\n  windw: {}\n', /unknown key "audit.windw"/],
    ['audit:\n  window: { from: 2026-13-01, to: 2026-06-30 }\n', /audit.window.from must be a date/],
    ['audit:\n  window: { from: 2026-07-01, to: 2026-06-30 }\n', /audit.window.from 2026-07-01 is after audit.window.to 2026-06-30/],
    ['audit:\n  window: { from: 2026-01-01 }\n', /audit.window.to must be a date/],
    ['audit:\n  ruleset: latest\n', /audit.ruleset must be a Trustgate version .* or a ruleset digest/],
    [`audit:\n  ruleset: sha256:${'0'.repeat(64)}\n`, /is not the ruleset of a known Trustgate version .*pin a version instead/],
  ])('rejects %j', (src, re) => {
    expect(err(src)).toMatch(re);
  });
});

describe('shadow mode', () => {
  it('rules introduced after the pinned version are new; in force until the window ends', () => {
    const ids = newRuleIds({ ruleset: '0.1.0' }, metas, '2026-03-01');
    expect(ids.has('TG-AWS-059')).toBe(true);
    expect(ids.has('TG-AWS-004')).toBe(false);
    expect([...ids].every((id) => compareVersions(metas.find((m) => m.id === id)!.introducedIn, '0.1.0') > 0)).toBe(true);
    expect(newRuleIds({ ruleset: '0.1.0', window: { from: '2026-01-01', to: '2026-06-30' } }, metas, '2026-07-01').size).toBe(0);
    expect(newRuleIds({ ruleset: '0.2.0' }, metas, '2026-03-01').has('TG-AWS-059')).toBe(false);
    expect(newRuleIds(undefined, metas, '2026-03-01').size).toBe(0);
  });

  it('CLI: a new-rule finding is reported and labelled in every format, and never fails the gate', () => {
    const d = tmp({ 'main.tf': KEY });
    expect(cli(['scan', '.'], d).code).toBe(1);
    const p = tmp({ 'main.tf': KEY, '.trustgate.yml': 'audit:\n  ruleset: 0.1.0\n' });
    const text = cli(['scan', '.'], p);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/TG-AWS-059 \(new rule, not gating\)/);
    const json = JSON.parse(cli(['scan', '.', '--format', 'json'], p).out);
    expect(json.findings.map((f: { ruleId: string; newRule?: boolean }) => [f.ruleId, f.newRule])).toEqual([['TG-AWS-059', true]]);
    const sarif = JSON.parse(cli(['scan', '.', '--format', 'sarif'], p).out);
    expect(sarif.runs[0].results[0].properties['trustgate/newRule']).toBe(true);
    expect(cli(['scan', '.', '--format', 'markdown'], p).out).toMatch(/TG-AWS-059.*_\(new rule, not gating\)_/);
    // A rule the pinned version had still gates.
    const both = tmp({ 'main.tf': KEY + ACL, '.trustgate.yml': 'audit:\n  ruleset: 0.1.0\n' });
    expect(cli(['scan', '.'], both).code).toBe(1);
    // The pin ends with the window: afterwards the new rule gates.
    const over = tmp({ 'main.tf': KEY, '.trustgate.yml': 'audit:\n  window: { from: 2020-01-01, to: 2020-12-31 }\n  ruleset: 0.1.0\n' });
    expect(cli(['scan', '.'], over).code).toBe(1);
  });
});

describe('rulesets.json', () => {
  it('holds this version with the digest every report and record pins', () => {
    expect(RULESETS[VERSION]).toBe(rulesetDigest(metas));
    expect(RULESETS[VERSION]).toBe(recordRulesetDigest(metas));
    expect(pinnedVersion(RULESETS[VERSION])).toBe(VERSION);
    expect(pinnedVersion('0.3.1')).toBe('0.3.1');
  });
  it('a digest pin is the version it names', () => {
    expect(parseAudit({ ruleset: 'sha256:' + 'a'.repeat(64) }, (m) => new Error(m), { '0.0.9': 'sha256:' + 'a'.repeat(64) })).toEqual({ ruleset: 'sha256:' + 'a'.repeat(64) });
    expect(pinnedVersion('sha256:' + 'a'.repeat(64), { '0.0.9': 'sha256:' + 'a'.repeat(64) })).toBe('0.0.9');
  });
});

describe('TG-CFG-001: loosening the pin weakens the gate', () => {
  const w = (base: string, head: string) => policyWeakenings(base ? cfg(base) : defaultConfig(), cfg(head), metas).filter((x) => x.kind === 'audit-pin-loosened');
  it('pinning where there was no pin, pinning back, keeping the pin longer', () => {
    expect(w('', 'audit:\n  ruleset: 0.1.0\n')).toEqual([{ kind: 'audit-pin-loosened', message: expect.stringMatching(/pins the ruleset to 0\.1\.0: rules introduced after 0\.1\.0 run in shadow mode/), path: ['audit', 'ruleset'] }]);
    expect(w('audit:\n  ruleset: 0.2.0\n', 'audit:\n  ruleset: 0.1.0\n')[0].message).toMatch(/moves the ruleset pin back from 0\.2\.0 to 0\.1\.0/);
    expect(w('audit:\n  window: { from: 2026-01-01, to: 2026-06-30 }\n  ruleset: 0.1.0\n', 'audit:\n  window: { from: 2026-01-01, to: 2026-12-31 }\n  ruleset: 0.1.0\n')[0]).toMatchObject({ path: ['audit', 'window', 'to'], message: expect.stringMatching(/until 2026-12-31 instead of 2026-06-30/) });
  });
  it('removing the pin, a later pin or a shorter window is not a weakening', () => {
    expect(w('audit:\n  ruleset: 0.1.0\n', 'exclude: []\n')).toEqual([]);
    expect(w('audit:\n  ruleset: 0.1.0\n', 'audit:\n  ruleset: 0.2.0\n')).toEqual([]);
    expect(w('audit:\n  window: { from: 2026-01-01, to: 2026-06-30 }\n  ruleset: 0.1.0\n', 'audit:\n  window: { from: 2026-01-01, to: 2026-03-31 }\n  ruleset: 0.1.0\n')).toEqual([]);
  });
  it('the change rule reports it on the line of the pin', async () => {
    const rule = ALL_RULES.find((r) => r.id === 'TG-CFG-001')!;
    const head = 'exclude: []\naudit:\n  ruleset: 0.1.0\n';
    const found = [...(rule as unknown as { check: (i: unknown) => Iterable<{ kind: string; message: string; location: { startLine: number } }> }).check({ base: { file: '.trustgate.yml', src: 'exclude: []\n' }, head: { file: '.trustgate.yml', src: head }, rules: metas })];
    expect(found.map((f) => [f.location.startLine, f.message])).toEqual([[3, expect.stringMatching(/^This change pins the ruleset to 0\.1\.0/)]]);
  });
});

describe('the Action (committed bundle, runner environment)', () => {
  it('a new-rule finding does not fail the step under the pin; the same finding does without it', async () => {
    const { makePrRepo, pushEvent, runAction } = await import('./action/harness.js');
    const { startFakeGitHub } = await import('./action/fake-github.js');
    const gh = await startFakeGitHub();
    try {
      const inputs = { 'fail-on': 'low', evidence: false, comment: false, 'check-run': false };
      const run = async (files: Record<string, string>) => {
        const repo = makePrRepo({ 'README.md': '# infra\n' }, files);
        return runAction({ workspace: repo.dir, event: pushEvent(repo.headSha), eventName: 'push', sha: repo.headSha, apiUrl: gh.url, inputs });
      };
      const plain = await run({ 'main.tf': KEY });
      expect(plain.code, plain.stdout).toBe(1);
      const pinned = await run({ 'main.tf': KEY, '.trustgate.yml': 'audit:\n  ruleset: 0.1.0\n' });
      expect(pinned.code, pinned.stdout + pinned.stderr).toBe(0);
      expect(pinned.outputs.result).toBe('pass');
      expect(Number(pinned.outputs.findings)).toBe(1);
      const sarif = JSON.parse((await import('node:fs')).readFileSync(pinned.outputs['sarif-file'], 'utf8'));
      expect(sarif.runs[0].results.map((r: { ruleId: string; properties: Record<string, unknown> }) => [r.ruleId, r.properties['trustgate/newRule']])).toEqual([['TG-AWS-059', true]]);
    } finally {
      await gh.close();
    }
  }, 120_000);
});
