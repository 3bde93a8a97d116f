// A suppression must say why: an empty reason, a placeholder (the editor snippet's default) or one
// shorter than a few words is an invalid suppression — reported at its line, never honoured — for
// every kind (trustgate:ignore comments, the JSON "//" form, the Kubernetes annotation, peers' skips)
// and in every face (the engine's errors are what the CLI, the Action and the editor show).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { MIN_REASON_CHARS, MIN_REASON_WORDS, REASON_PLACEHOLDER, reasonProblem } from '../core/suppress.js';
import { ALL_RULES } from '../rules/index.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-reason-');
const run = (files: Record<string, string>) => {
  const d = tmp(files);
  return scan({ paths: [d], cwd: d, rules: ALL_RULES, today: '2026-06-01' });
};
const BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n';
const sup = (r: Awaited<ReturnType<typeof run>>) => r.errors.filter((e) => e.kind === 'suppression');
const logging = (r: Awaited<ReturnType<typeof run>>) => r.findings.find((f) => f.ruleId === 'TG-AWS-001')!;

describe('reasonProblem: what justifies a suppression', () => {
  it('the threshold is documented in the constants', () => {
    expect([MIN_REASON_WORDS, MIN_REASON_CHARS]).toEqual([3, 10]);
  });
  it.each([
    ['', /has no reason="\.\.\."/],
    ['   ', /has no reason/],
    [REASON_PLACEHOLDER, /placeholder reason \("why this is acceptable"\)/],
    ['why', /placeholder reason/],
    ['TODO', /placeholder reason/],
    ['...', /placeholder reason/],
    ['…', /placeholder reason/],
    ['ok', /placeholder reason/],
    ['temporary', /too short to justify it \("temporary"\); write at least 3 words/],
    ['org trail', /too short/],
    ['a b c', /too short/], // 3 words, 5 characters
    ['- - - - -', /placeholder/],
  ])('%j is not a justification', (reason, msg) => {
    expect(reasonProblem(reason)).toMatch(msg);
  });
  it.each(['local dev only', 'logs go to the org trail', 'vendor image, tracked in SEC-12', 'approved by @octocat (SEC-9)'])('%j is', (reason) => {
    expect(reasonProblem(reason)).toBeUndefined();
  });
  it('a very long bad reason is shortened in the message', () => {
    expect(reasonProblem('x'.repeat(200))).toMatch(/\("x{57}\.\.\."\)/);
  });
});

describe('an invalid reason does not suppress, and is reported at its line, for every kind', () => {
  it('trustgate:ignore with the editor snippet placeholder', async () => {
    const r = await run({ 'main.tf': `# trustgate:ignore TG-AWS-001 reason="${REASON_PLACEHOLDER}" expires=2099-01-01\n${BUCKET}` });
    expect(logging(r).suppressed).toBe(false);
    expect(logging(r).suppression).toBeUndefined();
    expect(sup(r)).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: 'trustgate:ignore has a placeholder reason ("why this is acceptable"); write why the finding is acceptable; it does not suppress anything' }),
    ]);
    expect(r.summary.suppressed).toBe(0);
  });
  it('trustgate:ignore with a one-word reason; a real reason on the next bucket suppresses', async () => {
    const r = await run({ 'main.tf': `# trustgate:ignore TG-AWS-001 reason="temporary"\n${BUCKET}\n# trustgate:ignore TG-AWS-001 reason="archive, logged by the org trail"\n${BUCKET.replace(/"b"/g, '"c"')}` });
    const [b, c] = r.findings.filter((f) => f.ruleId === 'TG-AWS-001');
    expect([b.suppressed, c.suppressed]).toEqual([false, true]);
    expect(sup(r).map((e) => [e.line, e.message])).toEqual([[1, 'trustgate:ignore has a reason too short to justify it ("temporary"); write at least 3 words (why it is acceptable, who approved it, a ticket); it does not suppress anything']]);
  });
  it('the JSON syntax "//" property', async () => {
    const r = await run({ 'main.tf.json': JSON.stringify({ resource: { aws_s3_bucket: { b: { '//': "trustgate:ignore TG-AWS-001 reason='...'", bucket: 'b' } } } }, null, 2) });
    expect(logging(r).suppressed).toBe(false);
    expect(sup(r)[0].message).toMatch(/placeholder reason \("\.\.\."\)/);
  });
  it('the Kubernetes annotation', async () => {
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    trustgate.io/ignore: 'TG-K8S-001 reason="debug"'\nspec:\n  containers:\n    - name: c\n      image: x@sha256:${'0'.repeat(64)}\n      securityContext: {privileged: true}\n`;
    const r = await run({ 'p.yaml': pod });
    expect(r.findings.find((f) => f.ruleId === 'TG-K8S-001')!.suppressed).toBe(false);
    expect(sup(r)).toEqual([expect.objectContaining({ line: 6, message: expect.stringMatching(/^trustgate\.io\/ignore annotation has a reason too short to justify it \("debug"\)/) })]);
  });
  it("Checkov's skip comment (same policy for peers' reasons)", async () => {
    const r = await run({ 'main.tf': `resource "aws_s3_bucket" "b" {\n  #checkov:skip=CKV_AWS_18:n/a\n  bucket = "b"\n}\n` });
    expect(logging(r).suppressed).toBe(false);
    expect(sup(r)).toEqual([expect.objectContaining({ line: 2, message: expect.stringMatching(/^checkov:skip=CKV_AWS_18 \(TG-AWS-001\) has a placeholder reason \("n\/a"\)/) })]);
  });
  it("zizmor's ignore comment", async () => {
    const wf = 'on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.pull_request.title }}" # zizmor: ignore[template-injection] reason="fine"\n';
    const r = await run({ '.github/workflows/ci.yml': wf });
    expect(r.findings.find((f) => f.ruleId === 'TG-GHA-004')!.suppressed).toBe(false);
    expect(sup(r)).toEqual([expect.objectContaining({ line: 7, message: expect.stringMatching(/zizmor: ignore\[template-injection\] \(.*\) has a reason too short to justify it \("fine"\)/) })]);
  });
});

describe('the CLI shows it', () => {
  it('trustgate scan: the finding is not suppressed (exit 1) and the bad comment is listed with file:line:column', () => {
    const d = tmp({ 'main.tf': `# trustgate:ignore TG-AWS-001 reason="${REASON_PLACEHOLDER}"\n${BUCKET}` });
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'bin', 'trustgate.js'), 'scan', '.', '--fail-on', 'medium'], { cwd: d, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('TG-AWS-001');
    expect(r.stdout).toContain('main.tf:1:1 suppression: trustgate:ignore has a placeholder reason ("why this is acceptable"); write why the finding is acceptable; it does not suppress anything');
  });
});
