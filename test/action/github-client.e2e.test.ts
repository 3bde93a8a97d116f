// Issue 16 §3 and issue 15's one GitHub client: every API call has a timeout and a bounded retry that
// honours retry-after on 429, rate-limit 403s and 5xx. Through the committed bundle against the
// stand-in on 127.0.0.1 (faults injected there), and the client itself against the same server.
import { afterEach, describe, expect, it } from 'vitest';
import { GitHubApi, GitHubError } from '../../core/github.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { makePrRepo, prEvent, runAction } from './harness.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

const ACL = 'resource "aws_s3_bucket_acl" "x" {\n  bucket = "b"\n  acl    = "public-read"\n}\n';
const plain = (s: string) => s.replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, '$1');
const count = (g: FakeGitHub, method: string, path: RegExp) => g.requests.filter((q) => q.method === method && path.test(q.path));

describe('the Action retries GitHub when it says so', () => {
  it('429 with retry-after on the PR files: waits that long, retries, and scopes to the changed lines', async () => {
    const repo = makePrRepo({ 'infra/old.tf': ACL.replace('"x"', '"old"') }, { 'infra/old.tf': ACL.replace('"x"', '"old"'), 'infra/acl.tf': ACL });
    gh = await startFakeGitHub({ prFiles: repo.prFiles, faults: [{ method: 'GET', path: /\/pulls\/41\/files$/, times: 1, status: 429, headers: { 'retry-after': '1' }, message: 'API rate limit exceeded' }] });
    const r = await runAction({ workspace: repo.dir, event: prEvent(41, repo), apiUrl: gh.url });
    expect(r.code).toBe(1);
    const files = count(gh, 'GET', /\/pulls\/41\/files$/);
    expect(files).toHaveLength(2);
    expect(files[1].at - files[0].at).toBeGreaterThanOrEqual(950); // retry-after: 1 second
    expect(r.summary).not.toMatch(/could not be listed|whole scan is in scope/);
    expect(plain(r.summary)).toMatch(/changed lines of pull request #41/);
    expect(r.outputs['new-findings']).toBe('1'); // only the added file's ACL; the old one is not in the change
  });

  it('a rate-limit 403 on the check run (x-ratelimit-remaining: 0) is waited out until the reset, then the check run is created', async () => {
    const repo = makePrRepo({ 'README.md': 'x\n' }, { 'infra/acl.tf': ACL });
    const reset = String(Math.ceil(Date.now() / 1000)); // already due: the client waits a second past it
    gh = await startFakeGitHub({
      prFiles: repo.prFiles,
      faults: [{ method: 'POST', path: /\/check-runs$/, times: 1, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, message: 'API rate limit exceeded for installation ID 1.' }],
    });
    const r = await runAction({ workspace: repo.dir, event: prEvent(42, repo), apiUrl: gh.url });
    expect(r.code).toBe(1);
    expect(count(gh, 'POST', /\/check-runs$/)).toHaveLength(2);
    expect([...gh.checkRuns.values()][0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(r.summary).not.toMatch(/No check run/);
  });

  it('a secondary rate limit that outlasts the retries is said as such, never as "the token may not create one (fork)"', async () => {
    const repo = makePrRepo({ 'README.md': 'x\n' }, { 'infra/acl.tf': ACL });
    gh = await startFakeGitHub({
      prFiles: repo.prFiles,
      faults: [{ method: 'POST', path: /\/check-runs$/, times: 99, status: 403, headers: { 'retry-after': '0' }, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' }],
    });
    const r = await runAction({ workspace: repo.dir, event: prEvent(43, repo), apiUrl: gh.url });
    expect(r.code).toBe(1);
    expect(count(gh, 'POST', /\/check-runs$/)).toHaveLength(4); // the first attempt and 3 retries: bounded
    const text = plain(r.summary);
    expect(text).toMatch(/No check run: GitHub's API rate limit outlasted the retries \(POST \/repos\/acme\/infra\/check-runs: 403 You have exceeded a secondary rate limit.*gave up after 4 attempts\)/);
    expect(text).not.toMatch(/may not create one/);
    // The gate itself is unaffected: annotations and the comment still carry the result.
    expect(r.commands.some((c) => c.command === 'error' && c.props.file === 'infra/acl.tf')).toBe(true);
    expect(gh.comments).toHaveLength(1);
  });

  it('a 502 while reading the comments is retried; the sticky comment is posted once', async () => {
    const repo = makePrRepo({ 'README.md': 'x\n' }, { 'infra/acl.tf': ACL });
    gh = await startFakeGitHub({ prFiles: repo.prFiles, faults: [{ method: 'GET', path: /\/issues\/44\/comments$/, times: 1, status: 502, message: 'Server Error' }] });
    const r = await runAction({ workspace: repo.dir, event: prEvent(44, repo), apiUrl: gh.url });
    expect(r.code).toBe(1);
    expect(count(gh, 'GET', /\/issues\/44\/comments$/)).toHaveLength(2);
    expect(count(gh, 'POST', /\/issues\/44\/comments$/)).toHaveLength(1);
    expect(gh.comments).toHaveLength(1);
  });
});

describe('the GitHub client', () => {
  const api = (g: FakeGitHub, o: ConstructorParameters<typeof GitHubApi>[3] = {}) => new GitHubApi(g.url, 'test-token', 'acme/infra', { timeoutMs: 300, ...o });

  it('a request that never gets an answer ends at the timeout, is retried a bounded number of times, then fails', async () => {
    gh = await startFakeGitHub({ faults: [{ path: /\/pulls\/1$/, times: 99, hang: true }] });
    const a = api(gh, { retries: 2, sleep: async () => {} });
    const err = await a.pull(1).catch((e) => e);
    expect(err).toBeInstanceOf(GitHubError);
    expect(err.message).toMatch(/GET \/repos\/acme\/infra\/pulls\/1: no answer within 300 ms \(after 3 attempts\)/);
    expect(count(gh, 'GET', /\/pulls\/1$/)).toHaveLength(3);
  });

  it('a hang once, then an answer: the retry succeeds', async () => {
    gh = await startFakeGitHub({ pulls: { 2: { number: 2, title: 't' } }, faults: [{ path: /\/pulls\/2$/, times: 1, hang: true }] });
    const a = api(gh, { sleep: async () => {} });
    expect((await a.pull(2)).title).toBe('t');
    expect(a.retriesMade).toBe(1);
  });

  it('a POST is not repeated after a 5xx (GitHub may have carried it out); it is after a rate limit', async () => {
    gh = await startFakeGitHub({ faults: [{ method: 'POST', path: /\/issues\/5\/comments$/, times: 1, status: 502 }] });
    const a = api(gh, { sleep: async () => {} });
    const err = await a.request('POST', '/repos/acme/infra/issues/5/comments', { body: 'x' }).catch((e) => e);
    expect(err).toMatchObject({ status: 502, rateLimited: false });
    expect(count(gh, 'POST', /\/issues\/5\/comments$/)).toHaveLength(1);
    const limited = await startFakeGitHub({ faults: [{ method: 'POST', path: /\/issues\/5\/comments$/, times: 1, status: 429, headers: { 'retry-after': '0' } }] });
    try {
      await api(limited, { sleep: async () => {} }).request('POST', '/repos/acme/infra/issues/5/comments', { body: 'x' });
      expect(count(limited, 'POST', /\/issues\/5\/comments$/)).toHaveLength(2);
      expect(limited.comments).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });

  it('a rate-limit reset further away than the longest wait gives up at once, marked rateLimited', async () => {
    const reset = String(Math.ceil(Date.now() / 1000) + 3600);
    gh = await startFakeGitHub({ faults: [{ path: /\/pulls\/3$/, times: 99, status: 403, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }, message: 'API rate limit exceeded' }] });
    const waits: number[] = [];
    const err = await api(gh, { sleep: async (ms) => void waits.push(ms) }).pull(3).catch((e) => e);
    expect(err).toMatchObject({ status: 403, rateLimited: true });
    expect(err.message).toMatch(/rate limited; retry allowed in \d+ s/);
    expect(waits).toEqual([]);
    expect(count(gh, 'GET', /\/pulls\/3$/)).toHaveLength(1);
  });

  it('a pagination link to another host is not followed: the token stays with the configured API', async () => {
    const other = await startFakeGitHub({});
    try {
      gh = await startFakeGitHub({ reviews: { 6: [{ id: 1 }] } });
      const a = api(gh);
      // The stand-in's link points back at itself; a link to another origin is refused before any request.
      const err = await a.request('GET', `${other.url}/repos/acme/infra/pulls/6/reviews?page=2`).catch((e) => e);
      expect(err.message).toMatch(/not the configured API \(http:\/\/127\.0\.0\.1:\d+\); the token is not sent there/);
      expect(other.requests).toHaveLength(0);
      expect(await a.reviews(6)).toEqual([{ id: 1 }]);
    } finally {
      await other.close();
    }
  });

  it('a listing longer than its page bound is an error, never a silently shortened list', async () => {
    gh = await startFakeGitHub({ pageSize: 1, reviews: { 7: [{ id: 1 }, { id: 2 }, { id: 3 }] } });
    const a = api(gh);
    expect(await a.paginate('/repos/acme/infra/pulls/7/reviews', undefined, 3)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const err = await a.paginate('/repos/acme/infra/pulls/7/reviews', undefined, 2).catch((e) => e);
    expect(err.message).toBe('/repos/acme/infra/pulls/7/reviews: more than 2 pages; stopped there, so the listing would be incomplete');
  });

  it('a plain 403 (no rate-limit signs) is not retried and is not rateLimited', async () => {
    gh = await startFakeGitHub({ readOnly: true });
    const err = await api(gh).request('POST', '/repos/acme/infra/check-runs', { name: 'x', head_sha: 'a' }).catch((e) => e);
    expect(err).toMatchObject({ status: 403, rateLimited: false });
    expect(gh.requests).toHaveLength(1);
  });
});
