// --download-modules against real servers on 127.0.0.1: a Terraform module registry reached through a
// `host` block of a CLI config file (TF_CLI_CONFIG_FILE) with a credentials token, archives on another
// origin, and git repositories served by `git daemon` (a tag and a //subdir).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config.js';
import { scan, type ScanOptions } from '../../core/engine.js';
import type { ScanResult } from '../../core/types.js';
import { ALL_RULES } from '../../rules/index.js';
import { FIXTURES } from './fixtures.js';
import { fileServer, gitDaemon, gitRepo, registry, tarEntry, tarGz, tarGzOf, type TestServer } from './servers.js';

const TOKEN = 'tg-test-token-7f3a';
let work: string;
let reg: TestServer;
let other: TestServer;
let daemon: { url: string; close(): Promise<void> };
let rootDir: string;

const envFor = (tfrc: string): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, HOME: work, TF_CLI_CONFIG_FILE: tfrc });
const lineOf = (text: string) => readFileSync(join(rootDir, 'main.tf'), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;
const ids = (r: ScanResult, id: string) => r.findings.filter((f) => f.ruleId === id);

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tg-dl-'));
  rootDir = join(work, 'repo');
  cpSync(join(FIXTURES, 'root'), rootDir, { recursive: true });
  // Git: the VPC module in a //subdir of a repository, at a tag; the S3 module at a repository's root.
  const gitBase = join(work, 'git');
  const vpcRepo = join(work, 'vpc-src');
  cpSync(join(FIXTURES, 'vpc'), join(vpcRepo, 'modules', 'vpc'), { recursive: true });
  writeFileSync(join(vpcRepo, 'README.md'), 'vpc modules\n');
  gitRepo(gitBase, 'vpc-modules', vpcRepo, 'v5.21.0');
  gitRepo(gitBase, 's3', join(FIXTURES, 's3-bucket'), 'v4.1.2');
  daemon = await gitDaemon(gitBase);
  // Archives on another origin than the registry: the token must never reach it.
  other = await fileServer({ '/eks.tar.gz': tarGz(join(FIXTURES, 'eks')), '/rds.tar.gz': tarGz(join(FIXTURES, 'rds')) });
  reg = await registry(
    {
      'terraform-aws-modules/eks/aws': { versions: ['19.0.0', '20.8.4', '20.9.0-beta1', '21.0.0'], get: () => `${other.url}/eks.tar.gz` },
      'terraform-aws-modules/kms/aws': { versions: ['2.0.0', '2.1.0', '2.2.0'], get: () => '../../../../../../files/kms.tar.gz' },
      'terraform-aws-modules/vpc/aws': { versions: ['4.0.0', '5.0.0', '5.21.0', '6.0.0'], get: (v) => `git::${daemon.url}/vpc-modules.git//modules/vpc?ref=v${v}` },
      'terraform-aws-modules/s3-bucket/aws': { versions: ['3.0.0', '4.1.2'], get: (v) => `git::${daemon.url}/s3.git?ref=v${v}` },
      'terraform-aws-modules/rds/aws': { versions: ['6.1.0'], get: () => '/redirect/rds.tar.gz' },
    },
    {
      '/files/kms.tar.gz': tarGz(join(FIXTURES, 'kms')),
      // A redirect to another host: followed, without the token.
      '/redirect/rds.tar.gz': () => ({ status: 302, headers: { location: `${other.url}/rds.tar.gz` } }),
    },
  );
  writeFileSync(
    join(work, 'terraformrc'),
    `host "registry.terraform.io" {\n  services = {\n    "modules.v1" = "${reg.url}/v1/modules/"\n  }\n}\n\ncredentials "registry.terraform.io" {\n  token = "${TOKEN}"\n}\n`,
  );
}, 60_000);

afterAll(async () => {
  await Promise.all([reg?.close(), other?.close(), daemon?.close()]);
  rmSync(work, { recursive: true, force: true });
});

const run = (o: Partial<ScanOptions> = {}) => scan({ paths: [rootDir], cwd: rootDir, rules: ALL_RULES, downloadModules: true, moduleCacheDir: join(work, 'cache'), env: envFor(join(work, 'terraformrc')), ...o });

describe('--download-modules', () => {
  it('resolves registry versions, fetches archives and git repositories, and reports findings on the caller lines', async () => {
    const r = await run();
    expect(r.unresolvedModules).toEqual([]);
    expect(r.errors.filter((e) => e.kind !== 'notice')).toEqual([]);
    const main = join(rootDir, 'main.tf');
    // ~> 20.8 picks 20.8.4: not 21.0.0, not the 20.9.0-beta1 prerelease.
    expect(ids(r, 'TG-AWS-032')[0]).toMatchObject({ location: { file: main, startLine: lineOf('module "eks"') }, message: expect.stringMatching(/^module\.eks \(terraform-aws-modules\/eks\/aws 20\.8\.4\) -> aws_eks_cluster\.this: /) });
    // Nested registry call inside the downloaded package (kms 2.1.0, a relative X-Terraform-Get).
    expect(ids(r, 'TG-AWS-016')[0]).toMatchObject({ location: { file: main, startLine: lineOf('enable_kms_key_rotation') }, message: expect.stringMatching(/-> module\.kms -> aws_kms_key\.this/) });
    // ">= 5.0, < 6.0" picks 5.21.0, from git with a //subdir at a tag.
    expect(ids(r, 'TG-AWS-041')[0]).toMatchObject({ location: { file: main, startLine: lineOf('module "vpc"') }, message: expect.stringMatching(/^module\.vpc \(terraform-aws-modules\/vpc\/aws 5\.21\.0\)/) });
    expect(ids(r, 'TG-AWS-003').map((f) => f.location.startLine)).toEqual([lineOf('block_public_acls = false')]);
    expect(ids(r, 'TG-AWS-031').map((f) => f.location.startLine)).toEqual([lineOf('instances = {')]);
    expect(r.findings.filter((f) => !f.location.file.startsWith(rootDir))).toEqual([]);
  });

  it('the token reaches the registry and nothing else, not even through a redirect', () => {
    const api = reg.seen.filter((s) => s.path.startsWith('/v1/modules/'));
    expect(api.length).toBeGreaterThanOrEqual(10);
    expect(api.every((s) => s.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(other.seen.map((s) => s.path).sort()).toEqual(['/eks.tar.gz', '/rds.tar.gz']);
    expect(other.seen.filter((s) => s.authorization)).toEqual([]);
  });

  it('a warm cache makes no network request', async () => {
    const before = reg.seen.length + other.seen.length;
    const r = await run();
    expect(reg.seen.length + other.seen.length).toBe(before);
    expect(r.unresolvedModules).toEqual([]);
    expect(ids(r, 'TG-AWS-016')).toHaveLength(1);
  });

  it('offline with an empty cache: one notice per call, saying why', async () => {
    // Port 9 (discard) on 127.0.0.1: nothing listens, the connection is refused.
    writeFileSync(join(work, 'offline-rc'), 'host "registry.terraform.io" {\n  services = { "modules.v1" = "http://127.0.0.1:9/v1/modules/" }\n}\n');
    const r = await run({ moduleCacheDir: join(work, 'cache-offline'), env: envFor(join(work, 'offline-rc')) });
    expect(r.unresolvedModules.map((u) => u.module)).toEqual(['module.eks', 'module.vpc', 'module.s3_bucket', 'module.db']);
    expect(r.unresolvedModules.every((u) => /download failed: cannot reach 127\.0\.0\.1:9/.test(u.reason))).toBe(true);
    expect(r.findings.filter((f) => f.ruleId === 'TG-AWS-032')).toEqual([]);
  });

  it('a host outside modules.allowedHosts is not contacted', async () => {
    const cfg = defaultConfig();
    cfg.modules = { allowedHosts: ['registry.terraform.io'] };
    const seen = reg.seen.length;
    const r = await run({ config: cfg, moduleCacheDir: join(work, 'cache-denied') });
    expect(reg.seen.length).toBe(seen);
    expect(r.unresolvedModules).toHaveLength(4);
    expect(r.unresolvedModules[0].reason).toMatch(/host 127\.0\.0\.1 is not in modules\.allowedHosts/);
  });

  it('an unsatisfiable or malformed version constraint is a notice at the call', async () => {
    const d = mkdtempSync(join(work, 'badver-'));
    writeFileSync(join(d, 'main.tf'), 'module "a" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 99.0"\n}\n\nmodule "b" {\n  source  = "terraform-aws-modules/kms/aws"\n  version = "~> banana"\n}\n');
    const r = await run({ paths: [d], cwd: d });
    expect(r.unresolvedModules.map((u) => [u.module, u.reason])).toEqual([
      ['module.a', expect.stringMatching(/no version of terraform-aws-modules\/eks\/aws matches "~> 99\.0"/)],
      ['module.b', expect.stringMatching(/version constraint is invalid/)],
    ]);
  });
});

describe('the CLI', () => {
  const BIN = join(import.meta.dirname, '..', '..', 'bin', 'trustgate.js');
  // Asynchronous: the servers answering the CLI run in this process.
  const cli = (args: string[], cache: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((res) => {
      const p = spawn(process.execPath, [BIN, 'scan', ...args, '--format', 'json', '--jobs', '1'], {
        cwd: rootDir,
        env: { PATH: process.env.PATH, HOME: work, TF_CLI_CONFIG_FILE: join(work, 'terraformrc'), TRUSTGATE_CACHE_DIR: cache },
      });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('close', (status) => res({ status, stdout, stderr }));
    });
  it('scan --download-modules fills TRUSTGATE_CACHE_DIR and reports the findings on the caller lines; without it, one notice per call', async () => {
    const cache = join(work, 'cli-cache');
    const r = await cli(['--download-modules'], cache);
    expect(r.status, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as ScanResult;
    expect(out.unresolvedModules).toEqual([]);
    expect(out.findings.find((f) => f.ruleId === 'TG-AWS-016')).toMatchObject({ location: { file: 'main.tf', startLine: lineOf('enable_kms_key_rotation') } });
    expect(existsSync(join(cache, 'packages'))).toBe(true);
    const off = await cli([], join(work, 'cli-cache-unused'));
    const o = JSON.parse(off.stdout) as ScanResult;
    expect(o.unresolvedModules.map((u) => [u.file, u.line, u.module])).toEqual([
      ['main.tf', 1, 'module.eks'],
      ['main.tf', lineOf('module "vpc"'), 'module.vpc'],
      ['main.tf', lineOf('module "s3_bucket"'), 'module.s3_bucket'],
      ['main.tf', lineOf('module "db"'), 'module.db'],
    ]);
    expect(o.findings).toEqual([]);
    expect(existsSync(join(work, 'cli-cache-unused'))).toBe(false);
  });
});

describe('hostile archives', () => {
  let evil: TestServer;
  beforeAll(async () => {
    evil = await fileServer({
      '/traversal.tar.gz': tarGzOf(tarEntry('main.tf', 'variable "x" {}\n'), tarEntry('../../escaped.tf', 'resource "x" "y" {}\n')),
      '/absolute.tar.gz': tarGzOf(tarEntry('/tmp/tg-absolute.tf', 'x')),
      '/symlink.tar.gz': tarGzOf(tarEntry('main.tf', 'variable "x" {}\n'), tarEntry('secrets.tf', '', '2', '/etc/passwd')),
      '/big.tar.gz': tarGzOf(tarEntry('main.tf', Buffer.alloc(300_000, 0x20))),
    });
  });
  afterAll(() => evil.close());

  it('path traversal, absolute paths, links and oversize archives are refused with a clear reason; nothing lands outside', async () => {
    const d = mkdtempSync(join(work, 'evil-'));
    const calls = ['traversal', 'absolute', 'symlink', 'big'].map((n) => `module "${n}" {\n  source = "${evil.url}/${n}.tar.gz"\n}\n`).join('\n');
    writeFileSync(join(d, 'main.tf'), calls);
    const cfg = defaultConfig();
    cfg.limits.maxModuleBytes = 100_000;
    const r = await run({ paths: [d], cwd: d, config: cfg, moduleCacheDir: join(work, 'cache-evil') });
    const why = Object.fromEntries(r.unresolvedModules.map((u) => [u.module, u.reason]));
    expect(why['module.traversal']).toMatch(/"\.\.\/\.\.\/escaped\.tf" escapes the module folder/);
    expect(why['module.absolute']).toMatch(/absolute path/);
    expect(why['module.symlink']).toMatch(/"secrets\.tf" is a link/);
    expect(why['module.big']).toMatch(/over the 100000-byte limit|more than 100000 bytes/);
    expect(r.errors).toContainEqual(expect.objectContaining({ kind: 'limit', message: expect.stringMatching(/^module\.big: /) }));
    expect(existsSync(join(work, 'escaped.tf'))).toBe(false);
    expect(existsSync('/tmp/tg-absolute.tf')).toBe(false);
    expect(spawnSync('find', [join(work, 'cache-evil'), '-name', '*.tf']).stdout.toString()).toBe('');
  });
});
