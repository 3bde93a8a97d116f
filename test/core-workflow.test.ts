// Unit tests for the workflow expression analysis used by the TG-GHA injection and secret rules.
import { describe, expect, it } from 'vitest';
import { exprInfo, isUntrusted, shellVars, untrustedFlows } from '../core/workflow/expr.js';

describe('exprInfo', () => {
  it('follows values, not booleans', () => {
    expect(exprInfo('github.event.issue.title').flows).toEqual(['github.event.issue.title']);
    expect(exprInfo("contains(github.event.issue.title, 'x')").flows).toEqual([]);
    expect(exprInfo("github.event.issue.title == 'x'").flows).toEqual([]);
    expect(exprInfo("github.event.issue.body || 'none'").flows).toEqual(['github.event.issue.body']);
    expect(exprInfo("github.event.issue.body && 'yes'").flows).toEqual([]);
    expect(exprInfo("format('{0}', github.head_ref)").flows).toEqual(['github.head_ref']);
    expect(exprInfo("github.event['pull_request']['title']").flows).toEqual(['github.event.pull_request.title']);
    expect(exprInfo('github.event.commits[0].message').flows).toEqual(['github.event.commits.*.message']);
    expect(exprInfo('toJSON(secrets)').flows).toEqual(['secrets']);
  });
  it('reads refs even when unparseable, and stays bounded on hostile input', () => {
    expect(exprInfo('github.event.issue.title )(').refs).toContain('github.event.issue.title');
    const deep = '('.repeat(5000) + 'github.head_ref' + ')'.repeat(5000);
    const t = Date.now();
    exprInfo(deep);
    exprInfo('a.'.repeat(20000) + 'b');
    expect(Date.now() - t).toBeLessThan(2000);
  });
});

describe('isUntrusted', () => {
  it('knows attacker-controlled contexts and their containers', () => {
    for (const p of ['github.event.issue.title', 'github.head_ref', 'github.event.pages.*.page_name', 'github.event', 'github.event.pull_request.head', 'github'])
      expect(isUntrusted(p), p).toBe(true);
    for (const p of ['github.event.issue.number', 'github.event.pull_request.head.sha', 'github.event_name', 'github.repository', 'secrets.token', 'inputs.name'])
      expect(isUntrusted(p), p).toBe(false);
  });
  it('follows env indirection', () => {
    const env = { untrusted: new Map([['TITLE', 'github.event.issue.title']]), secret: new Map<string, string>() };
    expect(untrustedFlows('env.title', env)).toEqual(['env.title']);
    expect(untrustedFlows('env.other', env)).toEqual([]);
  });
});

describe('helpers', () => {
  it('shellVars', () => {
    expect(shellVars('echo "$A ${B_1} $1 ${C" $').map((v) => v.name)).toEqual(['A', 'B_1']);
  });
});

describe('taint through outputs (core/workflow/taint.ts)', () => {
  it('knows which outputs of PR-reading actions and run steps carry attacker text', async () => {
    const { YamlFile } = await import('../core/yaml/view.js');
    const { buildWorkflow } = await import('../core/workflow/model.js');
    const { stepEnvTaint } = await import('../core/workflow/taint.js');
    const src = [
      'on: pull_request',
      'jobs:',
      '  a:',
      '    outputs:',
      '      files: ${{ steps.ch.outputs.all_changed_files }}',
      '      n: ${{ steps.ch.outputs.all_changed_files_count }}',
      '    steps:',
      '      - id: ch',
      '        uses: tj-actions/changed-files@v46',
      '      - id: b',
      '        env: { H: "${{ github.head_ref }}" }',
      '        run: |',
      '          X="$H"',
      '          echo "branch=$X" >> "$GITHUB_OUTPUT"',
      '          echo "fixed=1" >> "$GITHUB_OUTPUT"',
      '      - run: echo',
      '  b:',
      '    needs: a',
      '    steps:',
      '      - run: echo',
    ].join('\n');
    const wf = buildWorkflow(new YamlFile('/x/.github/workflows/t.yml', src), 'workflow')!;
    const [a, b] = wf.jobs;
    const t = stepEnvTaint(wf, a, a.steps[2]);
    expect(t.extra?.('steps.ch.outputs.all_changed_files')).toContain('tj-actions/changed-files');
    expect(t.extra?.('steps.ch.outputs.any_changed')).toBeUndefined();
    expect(t.extra?.('steps.ch.outputs.all_changed_files_count')).toBeUndefined();
    expect(t.extra?.('steps.b.outputs.branch')).toContain('github.head_ref');
    expect(t.extra?.('steps.b.outputs.fixed')).toBeUndefined();
    const tb = stepEnvTaint(wf, b, b.steps[0]);
    expect(tb.extra?.('needs.a.outputs.files')).toContain('job "a" output files');
    expect(tb.extra?.('needs.a.outputs.n')).toBeUndefined();
    // Step outputs belong to their job.
    expect(tb.extra?.('steps.ch.outputs.all_changed_files')).toBeUndefined();
  });
});
