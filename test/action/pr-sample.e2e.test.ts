// The holdout-style sample PR in examples/pr-sample (base/ → head/), committed to a real git
// repository and run through the bundled Action: what a reviewer sees.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { diffAnnotations, makePrRepo, prEvent, ROOT, runAction, type Tree } from './harness.js';

function readTree(dir: string): Tree {
  const out: Tree = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

let gh: FakeGitHub | undefined;
afterEach(async () => gh?.close());

it('examples/pr-sample: the new public ACL and unpinned action are annotated; the old bucket gaps are pre-existing; the suppression is listed', async () => {
  const sample = join(ROOT, 'examples/pr-sample');
  const repo = makePrRepo(readTree(join(sample, 'base')), readTree(join(sample, 'head')), { replace: true });
  gh = await startFakeGitHub({ prFiles: repo.prFiles });
  const r = await runAction({ workspace: repo.dir, event: prEvent(42, repo), apiUrl: gh.url });
  expect(r.code, r.stdout + r.stderr).toBe(1);
  const ann = diffAnnotations(r, gh.checkRuns);
  if (process.env.SHOW_REVIEW) console.log(r.stdout);
  // What the reviewer sees on the diff (rules are added all the time: assert on the sample's core).
  expect(ann.find((a) => a.props.title.startsWith('TG-AWS-004'))).toMatchObject({ command: 'error', props: { file: 'infra/main.tf', line: '44' } });
  expect(ann.find((a) => a.props.title.startsWith('TG-GHA-001'))).toMatchObject({ command: 'warning', props: { file: '.github/workflows/deploy.yml', line: '13' } });
  expect(ann.some((a) => a.props.file === 'infra/main.tf' && a.props.line === '7')).toBe(false); // the old bucket's gaps
  expect(ann.some((a) => a.props.title.startsWith('TG-AWS-001') && a.props.line === '38')).toBe(false); // suppressed
  expect(r.summary).toContain('logged by the org trail as S3 data events');
  expect(r.summary).toContain('2027\\-06\\-30');
  expect(r.summary).toMatch(/Pre-existing findings \(\d+\)/);
  expect(r.outputs.result).toBe('fail');
  expect(gh.comments).toHaveLength(1);
  if (process.env.SHOW_REVIEW) {
    console.log(ann.map((a) => `::${a.command} ${a.props.file}:${a.props.line} ${a.props.title}\n    ${a.message.split('\n')[0]}`).join('\n'));
    console.log(r.summary);
  }
});

it('the README workflow step (its `with:` inputs) is what runs here, and behaves as documented', async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## GitHub Action'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)![1];
  const wf = parseYaml(block) as { on: Record<string, unknown>; jobs: Record<string, { steps: { uses?: string; with?: Record<string, unknown> }[] }> };
  expect(Object.keys(wf.on)).toContain('pull_request');
  const step = Object.values(wf.jobs)[0].steps.find((s) => s.uses?.startsWith('trustgate-dev/trustgate@'))!;
  const inputs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, String(v)]));
  const sample = join(ROOT, 'examples/pr-sample');
  const repo = makePrRepo(readTree(join(sample, 'base')), readTree(join(sample, 'head')), { replace: true });
  gh = await startFakeGitHub({ prFiles: repo.prFiles });
  const r = await runAction({ workspace: repo.dir, event: prEvent(43, repo), apiUrl: gh.url, inputs });
  expect(r.code).toBe(1);
  expect(r.outputs.result).toBe('fail');
  expect(gh.comments).toHaveLength(1);
  expect(diffAnnotations(r, gh.checkRuns).length).toBeGreaterThanOrEqual(2);
});
