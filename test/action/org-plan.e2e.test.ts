// `trustgate org plan` and `org scan-batch` through the real CLI against the fake GitHub on
// 127.0.0.1: rate limits on the listing are waited out (retry-after), a refused listing is a clear
// error, and usage errors are exit 2.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDirs } from '../tmp.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { git, parseFileCommand, ROOT, TOKEN } from './harness.js';

const BIN = join(ROOT, 'bin', 'trustgate.js');
const tmp = tempDirs('tg-orgplan-');
let gh: FakeGitHub | undefined;
let other: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  await other?.close();
  gh = other = undefined;
});

function cli(args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; out: string; err: string }>((res) => {
    const c = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('close', (code) => res({ code, out, err }));
  });
}

const repos = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `r${i}`, full_name: `acme/r${i}`, default_branch: 'main', topics: i % 5 ? [] : ['iac'] }));

describe('trustgate org plan', () => {
  it('waits out a rate limit on the listing (retry-after), then lists every page; outputs the matrix', async () => {
    gh = await startFakeGitHub({ orgRepos: repos(250), faults: [{ path: /^\/orgs\/acme\/repos$/, times: 1, status: 429, headers: { 'retry-after': '1' }, message: 'API rate limit exceeded' }] });
    const d = tmp({ out: '' });
    const r = await cli(['org', 'plan', '--organisation', 'acme', '--topic', 'iac', '--batch-size', '10', '--output', 'p/plan.json'], d, { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, GITHUB_OUTPUT: join(d, 'out') });
    expect(r.code, r.err).toBe(0);
    const listing = gh.requests.filter((x) => x.path === '/orgs/acme/repos');
    expect(listing).toHaveLength(4); // the refused first attempt, then pages 1-3
    expect(listing[1].at - listing[0].at).toBeGreaterThanOrEqual(900);
    const plan = JSON.parse(readFileSync(join(d, 'p/plan.json'), 'utf8'));
    expect(plan.listed).toBe(250);
    expect(plan.batches.flat()).toHaveLength(50);
    expect(plan.excluded).toHaveLength(200);
    expect(parseFileCommand(readFileSync(join(d, 'out'), 'utf8'))).toEqual({ matrix: JSON.stringify({ batch: [0, 1, 2, 3, 4] }), batches: '5', repositories: '50' });
    expect(r.err).toMatch(/acme: 250 repositories listed, 50 to scan in 5 batches, 200 excluded/);
  });

  it('a listing the token may not read is exit 2 with the reason, no plan written', async () => {
    gh = await startFakeGitHub({ orgRepos: [], faults: [{ path: /^\/orgs\//, times: 1, status: 403, message: 'Resource not accessible by integration' }] });
    const d = tmp({});
    const r = await cli(['org', 'plan', '--organisation', 'acme', '--output', 'plan.json'], d, { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cannot list the repositories of acme: GET .*403 Resource not accessible by integration \(does the token have metadata:read/);
    expect(r.err).not.toContain(TOKEN);
  });

  it('usage errors are exit 2: missing options, a bad organisation name, a plan without the batch', async () => {
    const d = tmp({ 'plan.json': JSON.stringify({ kind: 'trustgate-org-plan', organisation: 'acme', listed: 0, batches: [], excluded: [] }) });
    expect((await cli(['org', 'plan', '--output', 'x.json'], d, {})).code).toBe(2);
    expect((await cli(['org', 'plan', '--organisation', '../x', '--output', 'x.json'], d, { GITHUB_API_URL: 'http://127.0.0.1:9' })).err).toMatch(/not an organisation name/);
    const s = await cli(['org', 'scan-batch', '--plan', 'plan.json', '--batch', '0', '--output', 'res'], d, {});
    expect(s.code).toBe(2);
    expect(s.err).toMatch(/the plan has no batch 0 \(it has 0\)/);
    expect((await cli(['org', 'nope'], d, {})).code).toBe(2);
  });
});

describe('trustgate org scan-batch', () => {
  it('never follows a redirect to another host with the token: the repository is recorded as not scanned', async () => {
    const src = tmp({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' });
    git(src, 'init', '-q', '-b', 'main');
    git(src, 'add', '-A');
    git(src, 'commit', '-q', '-m', 'init');
    const bare = src + '.git';
    git(src, 'clone', '-q', '--bare', src, bare);
    other = await startFakeGitHub({ git: { 'acme/moved': bare } });
    gh = await startFakeGitHub({ git: { 'acme/ok': bare }, gitRedirects: { 'acme/moved': `${other.url}/acme/moved.git` } });
    const d = tmp({});
    const batch = [{ repository: 'acme/moved', defaultBranch: 'main' }, { repository: 'acme/ok', defaultBranch: 'main' }];
    writeFileSync(join(d, 'plan.json'), JSON.stringify({ kind: 'trustgate-org-plan', organisation: 'acme', listed: 2, batches: [batch], excluded: [] }));
    const r = await cli(['org', 'scan-batch', '--plan', 'plan.json', '--batch', '0', '--output', 'res'], d, { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: gh.url, GITHUB_SERVER_URL: gh.url });
    expect(r.code, r.err).toBe(0);
    const rec = (n: string) => JSON.parse(readFileSync(join(d, 'res', n, 'repo.json'), 'utf8'));
    expect(rec('acme__ok').status).toBe('scanned');
    expect(rec('acme__moved')).toMatchObject({ status: 'error', reason: expect.stringMatching(/^fetch failed \(exit 128\)/) });
    expect(gh.requests.some((x) => x.path === '/acme/moved.git/info/refs' && x.auth)).toBe(true);
    expect(other.requests).toEqual([]);
    expect(r.err).toMatch(/batch 0: 1 scanned, 1 not scanned/);
    expect(r.err).not.toContain(TOKEN);
  });
});
