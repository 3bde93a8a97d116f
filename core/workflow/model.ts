// GitHub Actions workflows (.github/workflows/*.yml) and composite actions (action.yml): triggers,
// permissions, jobs, steps, `uses:` references and `${{ }}` expressions with exact ranges.
import type { Location } from '../types.js';
import type { YamlFile, YView } from '../yaml/view.js';

export interface WfExpression {
  /** The expression inside `${{ }}`, trimmed. */
  text: string;
  /** Range of the whole `${{ ... }}` in the source. */
  loc: Location;
}

export interface Step {
  index: number;
  view: YView;
  name?: string;
  id?: string;
  uses?: YView;
  run?: YView;
  with?: YView;
  env?: YView;
  if?: YView;
}

export interface Job {
  id: string;
  view: YView;
  keyLoc: Location;
  permissions?: YView;
  environment?: YView;
  /** `uses:` of a job that calls a reusable workflow. */
  uses?: YView;
  steps: Step[];
  if?: YView;
}

export interface Workflow {
  path: string;
  yaml: YamlFile;
  kind: 'workflow' | 'action';
  root: YView;
  /** The `on:` node. */
  on?: YView;
  /** Event names that trigger the workflow. */
  triggers: string[];
  permissions?: YView;
  env?: YView;
  jobs: Job[];
}

/** `${{ ... }}` occurrences inside a node's source text, located exactly (also inside block scalars). */
export function expressionsIn(v: YView | undefined): WfExpression[] {
  if (!v) return [];
  const src = v.source;
  const base = v.offset;
  const out: WfExpression[] = [];
  let i = 0;
  // Linear scan (no regex backtracking on hostile input).
  while (i < src.length && out.length < 500) {
    const s = src.indexOf('${{', i);
    if (s < 0) break;
    const e = src.indexOf('}}', s + 3);
    if (e < 0) break;
    out.push({ text: src.slice(s + 3, e).trim(), loc: v.file.locAt(base + s, base + e + 2) });
    i = e + 2;
  }
  return out;
}

function steps(list: YView | undefined): Step[] {
  return (list?.items() ?? [])
    .filter((s) => s.isMap())
    .map((s, index) => ({
      index,
      view: s,
      name: s.get('name')?.str(),
      id: s.get('id')?.str(),
      uses: s.get('uses'),
      run: s.get('run'),
      with: s.get('with'),
      env: s.get('env'),
      if: s.get('if'),
    }));
}

function triggersOf(on: YView | undefined): string[] {
  if (!on) return [];
  if (on.isScalar()) return on.str() ? [on.str()!] : [];
  if (on.isSeq()) return on.items().map((i) => i.str() ?? '').filter(Boolean);
  return on.entries().map(([k]) => k);
}

export function buildWorkflow(yaml: YamlFile, kind: 'workflow' | 'action'): Workflow | undefined {
  const root = yaml.root(0);
  if (!root?.isMap()) return undefined;
  if (kind === 'action') {
    const runs = root.get('runs');
    const st = steps(runs?.get('steps'));
    const job: Job = { id: '(composite)', view: runs ?? root, keyLoc: (runs ?? root).keyLoc, steps: st };
    return { path: yaml.path, yaml, kind, root, triggers: [], jobs: runs?.get('using')?.str() === 'composite' ? [job] : [] };
  }
  const on = root.get('on');
  const jobs: Job[] = [];
  for (const [id, j] of root.get('jobs')?.entries() ?? []) {
    if (!j.isMap()) continue;
    jobs.push({
      id,
      view: j,
      keyLoc: j.keyLoc,
      permissions: j.get('permissions'),
      environment: j.get('environment'),
      uses: j.get('uses'),
      steps: steps(j.get('steps')),
      if: j.get('if'),
    });
  }
  return { path: yaml.path, yaml, kind, root, on, triggers: triggersOf(on), permissions: root.get('permissions'), env: root.get('env'), jobs };
}

/** A workflow file path (under .github/workflows) or a composite action metadata file. */
export function workflowKindOf(relPath: string): 'workflow' | 'action' | undefined {
  const p = relPath.replace(/\\/g, '/');
  if (/(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(p)) return 'workflow';
  if (/(^|\/)action\.ya?ml$/.test(p)) return 'action';
  return undefined;
}
