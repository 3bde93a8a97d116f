// Input `report: true`, from the committed bundle run as the runner runs it: the readiness report's
// HTML is written under RUNNER_TEMP (output report-file), its score is in the job summary, and without
// the runner's artifact service a notice says the file is the deliverable; with an artifact service
// that fails, the run still passes and the summary's notes say why.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { makePrRepo, pushEvent, ROOT, runAction } from './harness.js';

let gh: FakeGitHub | undefined;
afterEach(async () => {
  await gh?.close();
  gh = undefined;
});
beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/action/index.mjs'))) throw new Error('dist/action/index.mjs is missing: run `npm run build`');
});

const MAIN = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n';

describe('input report', () => {
  it('writes the HTML report, sets report-file and puts the score in the job summary', async () => {
    const repo = makePrRepo({}, { 'infra/main.tf': MAIN, '.github/CODEOWNERS': '/infra/ @acme/infra\n' });
    gh = await startFakeGitHub();
    const r = await runAction({ workspace: repo.dir, event: pushEvent(repo.headSha), eventName: 'push', apiUrl: gh.url, inputs: { 'fail-on': 'none', evidence: false, report: true } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const file = r.outputs['report-file'];
    expect(file.startsWith(r.runnerTemp)).toBe(true);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h1>SOC 2 readiness report</h1>');
    expect(html).toContain('data-criterion="CC7"');
    expect(html).toContain('@acme/infra');
    const pct = /<p class="big">(\d+)%<\/p>/.exec(html)![1];
    expect(r.summary).toContain(`Readiness **${pct}%**`);
    expect(r.commands.some((c) => c.command === 'notice' && /no artifact upload/.test(c.message))).toBe(true);
  });

  it('is off by default; an artifact service that fails becomes a note, not a failure', async () => {
    const repo = makePrRepo({}, { 'infra/main.tf': MAIN });
    gh = await startFakeGitHub();
    const off = await runAction({ workspace: repo.dir, event: pushEvent(repo.headSha), eventName: 'push', apiUrl: gh.url, inputs: { 'fail-on': 'none', evidence: false } });
    expect(off.outputs['report-file']).toBeUndefined();
    const on = await runAction({
      workspace: repo.dir,
      event: pushEvent(repo.headSha),
      eventName: 'push',
      apiUrl: gh.url,
      inputs: { 'fail-on': 'none', evidence: false, report: true },
      env: { ACTIONS_RUNTIME_TOKEN: 'x.eyJzY3AiOiJBY3Rpb25zLlJlc3VsdHM6MTox In0.x', ACTIONS_RESULTS_URL: `${gh.url}/results/` },
    });
    expect(on.code, on.stdout + on.stderr).toBe(0);
    expect(existsSync(on.outputs['report-file'])).toBe(true);
    expect(on.summary).toMatch(/readiness report was not uploaded as an artifact/);
  }, 60_000);
});
