// The reusable org-scan workflow and the caller documented in docs/org-scan.md: they parse with the
// project's workflow model and pass Trustgate's own scan with no finding (regular persona, and
// auditor for the reusable workflow itself).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWorkflow } from '../core/workflow/model.js';
import { YamlFile } from '../core/yaml/view.js';
import { tempDirs } from './tmp.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const WORKFLOW = readFileSync(join(ROOT, '.github/workflows/org-scan.yml'), 'utf8');
const tmp = tempDirs('tg-orgwf-');

/** The caller workflow: the first ```yaml block of docs/org-scan.md. */
const CALLER = /```yaml\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'docs/org-scan.md'), 'utf8'))![1];

function scanWorkflow(src: string, persona: string) {
  const d = tmp({ '.github/workflows/w.yml': src });
  const r = spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'json', '--persona', persona, '--fail-on', 'none'], { cwd: d, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('.github/workflows/org-scan.yml', () => {
  it('parses as a reusable workflow with the plan → scan → aggregate jobs and the documented inputs', () => {
    const wf = buildWorkflow(new YamlFile('.github/workflows/org-scan.yml', WORKFLOW), 'workflow')!;
    expect(wf.triggers).toEqual(['workflow_call']);
    expect(wf.jobs.map((j) => j.id)).toEqual(['plan', 'scan', 'aggregate']);
    const inputs = wf.on!.get('workflow_call')!.get('inputs')!.entries().map(([k]) => k);
    expect(inputs).toEqual(expect.arrayContaining(['organisation', 'topics', 'name-pattern', 'include-archived', 'include-forks', 'persona', 'fail-on', 'report-window']));
    // Least privilege: nothing at the top, contents: read per job; every action pinned to a commit.
    expect(wf.permissions!.entries()).toEqual([]);
    for (const j of wf.jobs) expect(j.permissions!.entries().map(([k, v]) => `${k}: ${v.str()}`)).toEqual(['contents: read']);
    for (const s of wf.jobs.flatMap((j) => j.steps).filter((s) => s.uses)) expect(s.uses!.str()).toMatch(/^actions\/[\w-]+@[0-9a-f]{40}$/);
    // The token reaches Trustgate's steps through env only, never interpolated into a script.
    for (const s of wf.jobs.flatMap((j) => j.steps).filter((s) => s.run)) expect(s.run!.str()).not.toMatch(/\$\{\{/);
  });

  it('passes its own scan with no finding (regular and auditor personas)', () => {
    for (const persona of ['regular', 'auditor']) {
      const r = scanWorkflow(WORKFLOW, persona);
      expect(r.summary.filesByKind.workflow).toBe(1);
      expect(r.findings).toEqual([]);
      expect(r.errors).toEqual([]);
    }
  });

  it('the caller in docs/org-scan.md calls it on a schedule and on demand, and passes the scan too', () => {
    const wf = buildWorkflow(new YamlFile('caller.yml', CALLER), 'workflow')!;
    expect(wf.triggers.sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(wf.jobs[0].uses!.str()).toMatch(/^trustgate-dev\/trustgate\/\.github\/workflows\/org-scan\.yml@[0-9a-f]{40}$/);
    const r = scanWorkflow(CALLER, 'regular');
    expect(r.findings).toEqual([]);
    expect(r.errors).toEqual([]);
  });
});
