// Issue 16 §3, end to end: the committed bundle run as the runner runs it, against a real git checkout
// and the GitHub API stand-in on 127.0.0.1. What a pull request can plant (symlinks where reports go,
// @mentions and parentheses in file names and suppression reasons) must not reach outside the run.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { diffAnnotations, makePrRepo, prEvent, runAction, type RunResult } from './harness.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const ACL = 'resource "aws_s3_bucket_acl" "x" {\n  bucket = "b"\n  acl    = "public-read"\n}\n';
const failure = (r: RunResult) => r.commands.filter((c) => c.command === 'error' && !c.props.file).map((c) => c.message);

describe('sarif-file never follows a symlink and stays in the workspace or RUNNER_TEMP', () => {
  const outside = () => {
    const d = mkdtempSync(join(tmpdir(), 'tg-victim-'));
    writeFileSync(join(d, 'victim.txt'), 'keep me\n');
    return d;
  };

  it('a symlink planted at the sarif-file path: the run fails with a clear message, the target is untouched', async () => {
    const victim = outside();
    const repo = makePrRepo({ 'README.md': 'x\n' }, { 'infra/acl.tf': ACL });
    mkdirSync(join(repo.dir, 'reports'));
    symlinkSync(join(victim, 'victim.txt'), join(repo.dir, 'reports/trustgate.sarif'));
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(31, repo), apiUrl: gh.url, inputs: { 'sarif-file': 'reports/trustgate.sarif' } });
    expect(r.code).toBe(1);
    expect(failure(r).join('\n')).toMatch(/invalid input: sarif-file: refusing to write .*reports\/trustgate\.sarif: it is a symbolic link/);
    expect(readFileSync(join(victim, 'victim.txt'), 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(repo.dir, 'reports/trustgate.sarif')).isSymbolicLink()).toBe(true);
  });

  it.each([
    ['a path outside the workspace', (v: string) => ({ input: join(v, 'out.sarif'), setup: () => {} })],
    ['a directory symlinked to outside the workspace', (v: string) => ({ input: 'out/trustgate.sarif', setup: (ws: string) => symlinkSync(v, join(ws, 'out')) })],
    ['.. out of the workspace', (v: string) => ({ input: `../${v.split('/').pop()}/x.sarif`, setup: () => {} })],
  ])('%s is refused', async (_name, make) => {
    const victim = outside();
    const repo = makePrRepo({ 'README.md': 'x\n' }, { 'infra/acl.tf': ACL });
    const ws = repo.dir; // beside the victim directory, both in the temp dir
    const c = make(victim);
    c.setup(ws);
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: ws, event: prEvent(32, repo), apiUrl: gh.url, inputs: { 'sarif-file': c.input } });
    expect(r.code).toBe(1);
    expect(failure(r).join('\n')).toMatch(/invalid input: sarif-file: refusing to write .*: outside /);
    expect(readFileSync(join(victim, 'victim.txt'), 'utf8')).toBe('keep me\n');
    expect(() => lstatSync(join(victim, 'out.sarif'))).toThrow();
    expect(() => lstatSync(join(victim, 'trustgate.sarif'))).toThrow();
    expect(() => lstatSync(join(victim, 'x.sarif'))).toThrow();
  });

  it('a sarif-file inside the workspace is written (temp file + rename), nothing left beside it', async () => {
    const repo = makePrRepo({ 'README.md': 'x\n' }, { 'infra/acl.tf': ACL });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(33, repo), apiUrl: gh.url, inputs: { 'sarif-file': 'reports/deep/trustgate.sarif' } });
    expect(r.code).toBe(1); // the public ACL gates
    expect(JSON.parse(readFileSync(join(repo.dir, 'reports/deep/trustgate.sarif'), 'utf8')).version).toBe('2.1.0');
    expect(r.outputs['sarif-file']).toBe(join(repo.dir, 'reports/deep/trustgate.sarif'));
    expect(readdirSync(join(repo.dir, 'reports/deep'))).toEqual(['trustgate.sarif']);
  });
});

describe('the bot comment cannot notify people or break out of a link', () => {
  it('@mentions in file names and suppression reasons are not live; parentheses in paths are percent-encoded in links', async () => {
    const evil = 'infra/@acme/admins/x) [click](https:/evil.example) (y.tf';
    const suppressed = 'resource "aws_s3_bucket_acl" "s" {\n  bucket = "b"\n  # trustgate:ignore TG-AWS-004 reason="approved by @octocat and @acme/security"\n  acl    = "public-read"\n}\n';
    const repo = makePrRepo({ 'README.md': 'x\n' }, { [evil]: ACL, 'infra/ok.tf': suppressed });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(34, repo), apiUrl: gh.url });
    expect(r.code).toBe(1);
    const body = gh.comments[0].body;
    for (const text of [body, r.summary]) {
      // GitHub links @name when `@` is followed by a login character: every @ here is followed by a zero-width joiner.
      expect(text).not.toMatch(/@[A-Za-z0-9]/);
      expect(text).toContain('@\u200dacme');
      expect(text).toContain('@\u200doctocat');
      // Every link target is one URL without a raw parenthesis, space or bracket.
      const links = [...text.matchAll(/\]\((https:\/\/github\.com\/[^)]*)\)/g)].map((m) => m[1]);
      expect(links.length).toBeGreaterThan(0);
      for (const u of links) expect(u).toMatch(/^https:\/\/github\.com\/acme\/infra\/(blob\/[0-9a-f]{40}\/[^\s()[\]]+#L\d+(-L\d+)?|actions\/runs\/\d+)$/);
      expect(links.some((u) => u.includes('infra/%40acme/admins/x%29%20%5Bclick%5D%28https%3A/evil.example%29%20%28y.tf#L'))).toBe(true);
      expect(text).not.toContain('](https:/evil.example)');
    }
  });
});

describe('the config a pull request brings cannot stall or confuse the run', () => {
  it('a backtracking exclude pattern against a long path: the run completes and the exclusion still works', async () => {
    // The pattern is in the base's config too, so it applies whichever side the policy is read from.
    const cfg = 'exclude:\n  - "**a**a**a**a**a**a**a**b"\n  - "vendor/**"\n';
    const deep = `infra/${'a'.repeat(60)}/main.tf`;
    const repo = makePrRepo({ '.trustgate.yml': cfg }, { '.trustgate.yml': cfg, [deep]: ACL, 'vendor/x/main.tf': ACL, 'infra/aaaaaaab/main.tf': ACL });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(35, repo), apiUrl: gh.url, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(1);
    const files = new Set(diffAnnotations(r, gh.checkRuns).filter((c) => c.command === 'error').map((c) => c.props.file));
    // The 60-character directory does not match (no "b"), so it is scanned; "infra/aaaaaaab" matches and vendor/ is excluded.
    expect([...files].sort()).toEqual([deep]);
  });

  it('large scans run on worker threads, so limits.maxFileMs abandons a slow unit and the scan goes on', async () => {
    // As in the CLI's test: a 300,000-attribute module takes seconds, far over 400 ms; 220 small modules do not.
    const cfg = 'limits:\n  maxFileMs: 400\n  maxFileBytes: 20000000\n';
    const head: Record<string, string> = { '.trustgate.yml': cfg };
    for (let i = 0; i < 220; i++) head[`small${String(i).padStart(3, '0')}/main.tf`] = ACL;
    head['zz-huge/main.tf'] = 'resource "aws_s3_bucket" "wide" {\n' + Array.from({ length: 300_000 }, (_, i) => `  a${i} = "${i}"\n`).join('') + '}\n';
    const repo = makePrRepo({ '.trustgate.yml': cfg }, head);
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(37, repo), apiUrl: gh.url, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8'));
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications as { message: { text: string }; locations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    const limits = notes.filter((n) => /maxFileMs/.test(n.message.text));
    expect(limits.map((n) => n.locations?.[0]?.physicalLocation.artifactLocation.uri)).toEqual(['zz-huge']);
    expect(sarif.runs[0].results.filter((x: { ruleId: string }) => x.ruleId === 'TG-AWS-004')).toHaveLength(220);
  });

  it('limits keys are checked as own properties: `toString: 5` is a config error, not a limit', async () => {
    const cfg = 'limits:\n  toString: 5\n';
    const repo = makePrRepo({ '.trustgate.yml': cfg }, { '.trustgate.yml': cfg, 'infra/acl.tf': ACL });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(36, repo), apiUrl: gh.url });
    expect(r.code).toBe(1);
    expect(failure(r).join('\n')).toMatch(/config error in .*\.trustgate\.yml.*: unknown limit "toString" \(expected one of: maxFileBytes/);
  });
});
