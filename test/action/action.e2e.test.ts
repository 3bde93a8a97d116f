// The bundled Action (dist/action/index.mjs) run as the runner runs it, against a real git repository
// and a GitHub API stand-in on 127.0.0.1. Assertions are on what GitHub would see: workflow commands,
// the job summary, step outputs, API requests, exit code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { diffAnnotations, makePrRepo, prEvent, pushEvent, ROOT, runAction, type Command, type RunResult } from './harness.js';

const fx = (name: string) => readFileSync(join(ROOT, 'test/action/fixtures', name), 'utf8');
/** Annotations on the diff, from whichever channel carried them (check run or workflow commands). */
const annotations = (r: RunResult, level?: string) => diffAnnotations(r, gh?.checkRuns).filter((c) => !level || c.command === level);
const byRule = (list: Command[], id: string) => list.filter((c) => c.props.title?.startsWith(id + ' '));
/** Markdown text with its backslash escapes removed, for matching prose in the summary. */
const plain = (s: string) => s.replace(/\\([\\`*_{}[\]()#+\-.!|~])/g, '$1');
const calls = (gh: FakeGitHub) => gh.requests.map((q) => `${q.method} ${q.path}${q.query.page ? `?page=${q.query.page}` : ''}`);

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/action/index.mjs'))) throw new Error('dist/action/index.mjs is missing: run `npm run build`');
});

describe('pull_request', () => {
  it('new findings on changed lines: annotated, gated, check run, sticky comment; pre-existing ones reported, not gating', async () => {
    const repo = makePrRepo(
      { 'infra/storage.tf': fx('storage.base.tf'), '.github/workflows/ci.yml': fx('ci.base.yml'), 'README.md': '# infra\n' },
      { 'infra/storage.tf': fx('storage.head.tf'), '.github/workflows/ci.yml': fx('ci.head.yml'), 'README.md': '# infra\n\nNow with reports.\n' },
    );
    gh = await startFakeGitHub({ prFiles: repo.prFiles, pageSize: 2 });
    const r = await runAction({ workspace: repo.dir, event: prEvent(7, repo), apiUrl: gh.url });
    expect(r.code, r.stdout + r.stderr).toBe(1);

    // The public ACL added on line 11 is an error annotation on that exact line, with columns (one line),
    // carried by the check run (the token may write checks): no workflow command repeats it.
    const [acl] = byRule(annotations(r, 'error'), 'TG-AWS-004');
    expect(acl.props).toMatchObject({ file: 'infra/storage.tf', line: '11', endLine: '11', col: '3', endColumn: '25' });
    expect(acl.raw).toMatch(/^check-run \d+$/);
    expect(r.commands.filter((c) => c.props.file)).toEqual([]);
    // Critical and high share the error level: the title says which, with the failing headline.
    expect(acl.props.title).toBe('TG-AWS-004 CRITICAL: S3 bucket ACL grants access to everyone');
    expect(acl.message).toMatch(/^Bucket ACL "reports" uses the canned ACL "public-read"/);
    expect(acl.message).toMatch(/\nSOC 2: CC6\.1/);
    expect(acl.message).toMatch(/\nFix: /);
    // The unpinned action added to the workflow: a warning (medium), below fail-on high.
    const [pin] = byRule(annotations(r, 'warning'), 'TG-GHA-001');
    expect(pin.props).toMatchObject({ file: '.github/workflows/ci.yml', line: '8' });
    // The bucket's findings (line 2) predate the PR: never annotated.
    expect(annotations(r).filter((c) => c.props.line === '2')).toEqual([]);
    // setFailed is the last error, without a file.
    const last = r.commands.filter((c) => c.command === 'error').at(-1)!;
    expect(last.props).toEqual({});
    expect(last.message).toMatch(/new SOC 2 finding.* at or above high/);

    // Outputs (heredoc form of GITHUB_OUTPUT).
    expect(r.outputs.result).toBe('fail');
    expect(Number(r.outputs['new-findings'])).toBeGreaterThanOrEqual(2);
    expect(Number(r.outputs.findings)).toBeGreaterThan(Number(r.outputs['new-findings']));
    expect(r.outputs['sarif-file']).toBe(join(r.runnerTemp, 'trustgate.sarif'));
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8'));
    const res = sarif.runs[0].results as { ruleId: string; baselineState: string; locations: any[] }[];
    expect(res.find((x) => x.ruleId === 'TG-AWS-004')!.baselineState).toBe('new');
    expect(res.find((x) => x.ruleId === 'TG-AWS-007')!.baselineState).toBe('unchanged'); // versioning: pre-existing, still in SARIF

    // Job summary.
    expect(r.summary).toContain('❌ Trustgate SOC 2 scan: fail');
    expect(plain(r.summary)).toMatch(/changed lines of pull request #7; compared with a scan of base commit [0-9a-f]{7}/);
    expect(r.summary).toContain(`(https://github.com/acme/infra/blob/${repo.headSha}/infra/storage.tf#L11)`);
    expect(plain(r.summary)).toMatch(/\| \*\*CC6\.1\*\* \| Logical access/);
    expect(r.summary).toMatch(/### New findings \(\d+\)/);
    expect(r.summary).toMatch(/Pre-existing findings \(\d+\): not introduced by this change/);

    // API traffic: paginated PR files (page size 2, 3 files), check run, sticky comment.
    const c = calls(gh);
    expect(c.slice(0, 2)).toEqual(['GET /repos/acme/infra/pulls/7/files', 'GET /repos/acme/infra/pulls/7/files?page=2']);
    expect(c).toContain('POST /repos/acme/infra/check-runs');
    expect(c.filter((x) => x === 'POST /repos/acme/infra/issues/7/comments')).toHaveLength(1);
    expect(gh.requests.every((q) => /^(token|Bearer) ghs_testtoken0123456789$/.test(q.auth ?? ''))).toBe(true);
    const run = [...gh.checkRuns.values()][0];
    expect(run).toMatchObject({ name: 'Trustgate SOC 2', head_sha: repo.headSha, status: 'completed', conclusion: 'failure' });
    expect(run.annotations.find((a) => a.title.startsWith('TG-AWS-004'))).toMatchObject({ path: 'infra/storage.tf', start_line: 11, end_line: 11, annotation_level: 'failure' });
    expect(gh.comments).toHaveLength(1);
    // The comment is a digest: verdict, new findings, a link to the run's job summary; not the criteria table.
    expect(gh.comments[0].body).toMatch(/^<!-- trustgate:sticky-comment -->\n## ❌ Trustgate SOC 2: fail\n\n[^\n]*\n\n### New findings \(\d+\)\n\n- ⛔ \*\*CRITICAL\*\* /);
    expect(gh.comments[0].body).toContain('[the job summary of this run](https://github.com/acme/infra/actions/runs/1001)');
    expect(gh.comments[0].body).not.toContain('| Criterion |');

    // A second run (new push to the PR) updates the same comment in place.
    const r2 = await runAction({ workspace: repo.dir, event: prEvent(7, repo), apiUrl: gh.url });
    expect(r2.code).toBe(1);
    expect(gh.comments).toHaveLength(1);
    expect(calls(gh)).toContain(`PATCH /repos/acme/infra/issues/comments/${gh.comments[0].id}`);
  });

  it('changed lines hold no finding while unchanged lines do: passes and reports them as pre-existing', async () => {
    const base = fx('storage.base.tf') + fx('moved.base.tf');
    const head = base.replace('team = "data"', 'team = "analytics"');
    const repo = makePrRepo({ 'infra/storage.tf': base }, { 'infra/storage.tf': head });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    // Without the base scan too: the decision rests on the patch's changed lines alone.
    for (const baseline of [true, false]) {
      gh.requests.length = 0;
      const r = await runAction({ workspace: repo.dir, event: prEvent(8, repo), apiUrl: gh.url, inputs: { baseline } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.outputs.result).toBe('pass');
      expect(r.outputs['new-findings']).toBe('0');
      expect(Number(r.outputs.findings)).toBeGreaterThanOrEqual(5); // the critical public ACL and the bucket's gaps
      expect(annotations(r)).toEqual([]);
      expect(r.summary).toContain('✅ Trustgate SOC 2 scan: pass');
      expect(r.summary).toMatch(/Pre-existing findings \(\d+\)/);
      expect(r.summary).toMatch(/\| Pre-existing \| 1 \|/); // one critical, pre-existing
      expect(r.summary).toContain('`TG-AWS-004`');
      expect(r.summary).not.toContain('TG\\-');
      expect([...gh.checkRuns.values()].at(-1)!.conclusion).toBe('success');
      // Clean PR: no sticky comment is created.
      expect(gh.comments).toHaveLength(0);
      if (baseline) expect(r.summary).toMatch(/compared with a scan of base commit/);
      else expect(r.summary).not.toMatch(/compared with a scan of base commit/);
    }
  });

  it('a finding that only moved is not new when the base commit is in the checkout', async () => {
    const repo = makePrRepo({ 'site/main.tf': fx('moved.base.tf') }, { 'site/main.tf': fx('moved.head.tf') });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const withBase = await runAction({ workspace: repo.dir, event: prEvent(9, repo), apiUrl: gh.url, inputs: { 'fail-on': 'medium' } });
    expect(withBase.code, withBase.stdout).toBe(0);
    expect(withBase.outputs['new-findings']).toBe('0');
    expect(annotations(withBase)).toEqual([]);
    expect(withBase.summary).toMatch(/compared with a scan of base commit/);
    // The same PR judged on the patch alone: git shows the bucket block as removed and re-added, so
    // its findings sit on added lines and look new.
    const diffOnly = await runAction({ workspace: repo.dir, event: prEvent(9, repo), apiUrl: gh.url, inputs: { baseline: false, 'fail-on': 'medium' } });
    expect(diffOnly.code).toBe(1);
    expect(byRule(annotations(diffOnly, 'warning'), 'TG-AWS-007')[0].props.line).toBe('7');
  });

  it('a read-only token (fork PR): check run and comment get 403, the run degrades to annotations + summary', async () => {
    const repo = makePrRepo({ 'infra/storage.tf': fx('storage.base.tf') }, { 'infra/storage.tf': fx('storage.head.tf') });
    gh = await startFakeGitHub({ prFiles: repo.prFiles, readOnly: true });
    const r = await runAction({ workspace: repo.dir, event: prEvent(10, repo, { fork: true }), apiUrl: gh.url });
    expect(r.code).toBe(1); // the gate still holds: a new critical finding
    expect(byRule(annotations(r, 'error'), 'TG-AWS-004')).toHaveLength(1);
    expect(r.outputs.result).toBe('fail');
    expect(r.summary).toContain('❌ Trustgate SOC 2 scan: fail');
    expect(plain(r.summary)).toMatch(/No check run: the token may not create one \(403; fork pull requests get a read-only token/);
    const c = calls(gh);
    expect(c).toContain('POST /repos/acme/infra/check-runs');
    expect(c).toContain('POST /repos/acme/infra/issues/10/comments');
    expect(r.stdout).toMatch(/Sticky comment not posted: 403/);
    // The only error without a file is the gate's own message, not an API failure.
    expect(r.commands.filter((x) => x.command === 'error' && !x.props.file).map((x) => x.message)).toEqual([expect.stringMatching(/new SOC 2 finding/)]);
  });

  it('PR files cannot be listed (403): everything is in scope, new = not in the base commit', async () => {
    const repo = makePrRepo({ 'infra/storage.tf': fx('storage.base.tf') }, { 'infra/storage.tf': fx('storage.head.tf') });
    gh = await startFakeGitHub({ filesStatus: 403 });
    const r = await runAction({ workspace: repo.dir, event: prEvent(11, repo), apiUrl: gh.url });
    expect(r.code).toBe(1);
    expect(annotations(r).map((a) => a.props.title.split(' ')[0])).toEqual(['TG-AWS-004']);
    expect(plain(r.summary)).toMatch(/Listing the pull request files failed \(403/);
  });
});

describe('push', () => {
  it('scope all: every finding counts, no PR calls, check run on the pushed commit', async () => {
    const repo = makePrRepo({ 'infra/storage.tf': fx('storage.base.tf') }, { 'infra/storage.tf': fx('storage.head.tf'), '.github/workflows/ci.yml': fx('ci.head.yml') });
    gh = await startFakeGitHub();
    const r = await runAction({ workspace: repo.dir, event: pushEvent(repo.headSha), eventName: 'push', sha: repo.headSha, apiUrl: gh.url });
    expect(r.code).toBe(1);
    expect(r.outputs['new-findings']).toBe(r.outputs.findings);
    // The bucket's own gaps (line 2) are annotated too on a push.
    expect(annotations(r).some((a) => a.props.file === 'infra/storage.tf' && a.props.line === '2')).toBe(true);
    expect(r.summary).toContain('Scope: all files \\(push event\\)');
    expect(r.summary).not.toContain('Pre-existing findings');
    expect(calls(gh).filter((x) => /\/pulls\/\d+\/files|\/issues\/\d+\/comments/.test(x))).toEqual([]);
    expect([...gh.checkRuns.values()][0]).toMatchObject({ head_sha: repo.headSha, conclusion: 'failure' });
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8'));
    expect(sarif.runs[0].results[0].baselineState).toBeUndefined();
  });

  it('fail-on none and sarif-file in the workspace', async () => {
    const repo = makePrRepo({}, { 'infra/storage.tf': fx('storage.head.tf') });
    gh = await startFakeGitHub();
    const r = await runAction({ workspace: repo.dir, event: pushEvent(repo.headSha), eventName: 'push', apiUrl: gh.url, inputs: { 'fail-on': 'none', 'sarif-file': 'out/trustgate.sarif', 'check-run': false, evidence: false } });
    expect(r.code).toBe(0);
    expect(r.outputs.result).toBe('pass');
    expect(r.outputs['sarif-file']).toBe(join(repo.dir, 'out/trustgate.sarif'));
    expect(existsSync(join(repo.dir, 'out/trustgate.sarif'))).toBe(true);
    expect(gh.requests.filter((q) => /check-runs|comments|\/pulls\//.test(q.path))).toEqual([]);
  });

  it('an invalid input fails the step with a clear message', async () => {
    const repo = makePrRepo({}, { 'main.tf': fx('storage.head.tf') });
    gh = await startFakeGitHub();
    const r = await runAction({ workspace: repo.dir, event: pushEvent(repo.headSha), eventName: 'push', apiUrl: gh.url, inputs: { scope: 'everything' } });
    expect(r.code).toBe(1);
    expect(r.commands.at(-1)!.message).toMatch(/invalid input: input scope must be one of changed-lines, changed-files, all or auto/);
  });
});

describe('one annotation per finding, through one channel', () => {
  it.each([
    ['auto, the token may write checks: the check run', {}, false, 'check-run'],
    ['auto, a fork\'s read-only token (403): workflow commands', {}, true, 'workflow-commands'],
    ['check-run', { annotations: 'check-run' }, false, 'check-run'],
    ['check-run, but the check run gets 403: none, and the summary says so', { annotations: 'check-run' }, true, 'none'],
    ['workflow-commands: the check run is still created, without annotations', { annotations: 'workflow-commands' }, false, 'workflow-commands'],
    ['none (code scanning annotates from the SARIF)', { annotations: 'none' }, false, 'none'],
  ] as const)('%s', async (_name, inputs, readOnly, channel) => {
    const repo = makePrRepo(
      { 'infra/storage.tf': fx('storage.base.tf'), '.github/workflows/ci.yml': fx('ci.base.yml') },
      { 'infra/storage.tf': fx('storage.head.tf'), '.github/workflows/ci.yml': fx('ci.head.yml') },
    );
    gh = await startFakeGitHub({ prFiles: repo.prFiles, readOnly });
    const r = await runAction({ workspace: repo.dir, event: prEvent(20, repo, { fork: readOnly }), apiUrl: gh.url, inputs });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    // The new, unsuppressed findings, from the SARIF (which has every finding).
    const sarif = JSON.parse(readFileSync(r.outputs['sarif-file'], 'utf8'));
    const fresh = (sarif.runs[0].results as any[])
      .filter((x) => x.properties['trustgate/status'] === 'new')
      .map((x) => `${x.ruleId} ${x.locations[0].physicalLocation.artifactLocation.uri}:${x.locations[0].physicalLocation.region.startLine}`);
    expect(fresh.length).toBeGreaterThanOrEqual(2);
    const ann = annotations(r);
    const keys = ann.map((a) => `${a.props.title.split(' ')[0]} ${a.props.file}:${a.props.line}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(channel === 'none' ? [] : fresh.sort());
    const viaCommands = r.commands.filter((c) => c.props.file).length;
    expect(viaCommands).toBe(channel === 'workflow-commands' ? fresh.length : 0);
    expect(ann.length - viaCommands).toBe(channel === 'check-run' ? fresh.length : 0);
    expect(r.stdout).toContain(`Annotations: ${channel}.`);
    if ((inputs as { annotations?: string }).annotations === 'check-run' && readOnly) expect(plain(r.summary)).toMatch(/No annotations on the diff: annotations is check-run and the check run could not be created/);
    if (channel === 'workflow-commands' && !readOnly) expect([...gh.checkRuns.values()].map((x) => x.annotations.length)).toEqual([0]);
  });

  it('annotations: check-run with check-run: false is an input error', async () => {
    const repo = makePrRepo({}, { 'README.md': 'x\n' });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(21, repo), apiUrl: gh.url, inputs: { annotations: 'check-run', 'check-run': false } });
    expect(r.code).toBe(1);
    expect(r.commands.at(-1)!.message).toMatch(/invalid input: input annotations is check-run but check-run is false/);
  });
});

describe('limits and safety', () => {
  it('annotation budget: most severe first, within 10 per level per step; the rest counted; check run batched by 50', async () => {
    const acls = Array.from({ length: 40 }, (_, i) => `resource "aws_s3_bucket_acl" "b${i}" {\n  bucket = "b${i}"\n  acl    = "public-read"\n}\n`).join('\n');
    const steps = Array.from({ length: 15 }, (_, i) => `      - uses: vendor/tool-${i}@v1\n`).join('');
    const wf = `name: many\non: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`;
    const repo = makePrRepo({ 'README.md': 'x\n' }, { 'infra/acls.tf': acls, '.github/workflows/many.yml': wf });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(12, repo), apiUrl: gh.url, inputs: { annotations: 'workflow-commands' } });
    expect(r.code).toBe(1);
    const errs = annotations(r, 'error');
    const warns = annotations(r, 'warning');
    const notices = annotations(r, 'notice');
    expect(errs).toHaveLength(9); // 10 per step, one kept for the setFailed message
    expect(errs.every((e) => e.props.title.startsWith('TG-AWS-004'))).toBe(true); // critical first
    expect(warns.length).toBeLessThanOrEqual(10);
    expect(warns.length).toBeGreaterThan(0);
    expect(notices.length).toBeLessThanOrEqual(9);
    expect(r.commands.filter((c) => c.command === 'error')).toHaveLength(10);
    expect(r.commands.filter((c) => ['error', 'warning', 'notice'].includes(c.command)).length).toBeLessThanOrEqual(30);
    const newCount = Number(r.outputs['new-findings']);
    const shown = errs.length + warns.length + notices.length;
    const more = r.commands.find((c) => c.command === 'notice' && !c.props.file)!;
    expect(more.message).toContain(`${newCount - shown} more new findings are not annotated`);
    expect(r.summary).toContain(`${shown} shown on the diff; ${newCount - shown} more new findings not annotated`);
    // The check run carries none of them: workflow commands are the channel.
    expect([...gh.checkRuns.values()][0].annotations).toEqual([]);
    // With the check run as the channel (the default when it can be written): every new finding, ≤ 50
    // per request (the fake answers 422 otherwise), no budget, no workflow command.
    gh.requests.length = 0;
    const c = await runAction({ workspace: repo.dir, event: prEvent(12, repo), apiUrl: gh.url });
    expect(c.commands.filter((x) => x.props.file)).toEqual([]);
    expect(annotations(c)).toHaveLength(newCount);
    expect(newCount).toBeGreaterThan(50);
    expect(c.summary).not.toContain('not annotated');
    const sizes = gh.requests.filter((q) => q.path.includes('/check-runs')).map((q) => q.body.output?.annotations?.length ?? 0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
    expect(gh.comments[0].body.length).toBeLessThan(65536);
  });

  it('untrusted file and resource names cannot forge workflow commands or markup', async () => {
    const evilFile = 'infra/a::error::x%0A.tf';
    const tf = `resource "aws_s3_bucket_acl" "x%0A::warning file=forged.tf::pwned" {\n  bucket = "b"\n  acl    = "public-read"\n}\n\nresource "aws_s3_bucket_acl" "<img src=x onerror=alert(1)>" {\n  bucket = "b"\n  acl    = "public-read"\n}\n`;
    const k8s = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: "web\\n::error file=forged.yaml,line=1::forged%0A"\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          securityContext:\n            privileged: true\n`;
    const repo = makePrRepo({ 'README.md': 'x\n' }, { [evilFile]: tf, 'k8s/web.yaml': k8s });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(13, repo), apiUrl: gh.url, inputs: { annotations: 'workflow-commands' } });
    expect(r.code).toBe(1);
    // Only the commands the Action meant to issue, with the real file names.
    const files = new Set(annotations(r).map((a) => a.props.file));
    expect([...files].sort()).toEqual(['infra/a::error::x%0A.tf', 'k8s/web.yaml']);
    expect(r.commands.some((c) => /forged/.test(c.props.file ?? '') || c.message === 'forged' || c.message === 'pwned')).toBe(false);
    expect(r.stdout.split('\n').some((l) => /^::(warning|error) file=forged/.test(l.trimStart()))).toBe(false);
    // Property escaping on the wire: ':' ',' '%' are encoded in the file property.
    const evil = annotations(r).find((a) => a.props.file === evilFile)!;
    expect(evil.raw).toContain('file=infra/a%3A%3Aerror%3A%3Ax%250A.tf,');
    // The resource name's "%0A::warning" stays literal text inside one message.
    const named = annotations(r).find((a) => a.message.includes('x%0A::warning file=forged.tf::pwned'))!;
    expect(named.raw.startsWith('::error ')).toBe(true);
    expect(named.raw).toContain('x%250A::warning file=forged.tf::pwned');
    // The Kubernetes name's real newline is %0A inside the data, not a new line of output.
    const k = annotations(r).find((a) => a.props.file === 'k8s/web.yaml' && a.message.includes('::error file=forged.yaml'))!;
    expect(k.message).toContain('web\n::error file=forged.yaml,line=1::forged%0A');
    expect(k.raw).toContain('web%0A::error file=forged.yaml,line=1::forged%250A');
    // Summary and comment: no live HTML, markdown escaped.
    for (const text of [r.summary, gh.comments[0].body]) {
      expect(text).not.toContain('<img');
      expect(text).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
      expect(text).toContain('a::error::x%0A\\.tf');
    }
  });

  it('a secret in a finding is masked (::add-mask::) and never written to the summary, SARIF or comment', async () => {
    const secret = 'Zq8-tR4!vW2#pLm9xK';
    const repo = makePrRepo({ 'README.md': 'x\n' }, { 'k8s/config.yaml': fx('secret.yaml') });
    gh = await startFakeGitHub({ prFiles: repo.prFiles });
    const r = await runAction({ workspace: repo.dir, event: prEvent(14, repo), apiUrl: gh.url });
    expect(r.code).toBe(1); // TG-K8S-013 is high
    const masks = r.commands.filter((c) => c.command === 'add-mask');
    expect(masks.map((m) => m.message)).toEqual([secret]);
    const maskAt = r.stdout.indexOf('::add-mask::');
    expect(r.stdout.indexOf(secret)).toBe(maskAt + '::add-mask::'.length);
    expect(r.stdout.lastIndexOf(secret)).toBe(maskAt + '::add-mask::'.length);
    expect(r.summary).not.toContain(secret);
    expect(readFileSync(r.outputs['sarif-file'], 'utf8')).not.toContain(secret);
    expect(gh.comments[0].body).not.toContain(secret);
    expect(JSON.stringify(gh.requests)).not.toContain(secret);
  });
});
