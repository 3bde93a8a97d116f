// Where attacker-controlled text flows in a workflow beyond the event contexts (expr.ts isUntrusted):
// outputs of actions that read pull-request data (changed-file lists, titles, comment bodies),
// outputs that run steps write from tainted values (also carried through shell variables), job outputs
// built from those, and env set from any of them. Computed once per workflow, in step order.
import { actionName, envTaint, exprInfo, linesOf, shellCode, shellVars, tainted, type EnvTaint } from './expr.js';
import { expressionsIn, type Job, type Step, type Workflow } from './model.js';
import type { YView } from '../yaml/view.js';

/** Actions whose outputs carry pull-request data: every output (`*`), or the names / `*_suffix` patterns listed. */
const PR_DATA_ACTIONS: Record<string, readonly string[]> = {
  // File and key lists; not the any_*/only_* booleans or the *_count numbers.
  'tj-actions/changed-files': ['*_files', '*_keys'],
  'step-security/changed-files': ['*_files', '*_keys'],
  'tj-actions/branch-names': ['current_branch', 'head_ref_branch', 'ref_branch', 'tag'],
  'dorny/paths-filter': ['*_files'],
  'jitterbit/get-changed-files': ['*'],
  'ana06/get-changed-files': ['*'],
  'lots0logs/gh-action-get-changed-files': ['*'],
  'trilom/file-changes-action': ['*'],
  'xt0rted/pull-request-comment-branch': ['head_ref'],
  'peter-evans/find-comment': ['comment-body'],
  '8bitjonny/gh-get-current-pr': ['pr', 'pr_title', 'pr_body'],
  'jwalton/gh-find-current-pr': ['title', 'body'],
  'actions-ecosystem/action-get-merged-pull-request': ['title', 'body'],
};

/** `NAME=...` at a command position: the assigned name; the value starts after the match. */
const ASSIGN = /(?:^|[;&|(]\s*|\bthen\s+|\bdo\s+)\s*(?:export\s+|local\s+|readonly\s+|declare\s+(?:-\w+\s+)?)?([A-Za-z_][A-Za-z0-9_]*)=/;

/**
 * Shell variables of a run script that hold a value of interest (attacker text, a secret): those from
 * env, then those assigned from one, line by line. `derive` words what an assigned copy holds
 * (undefined: the assignment does not carry it).
 */
export class ShellVars {
  readonly held: Map<string, string>;
  constructor(
    initial: Map<string, string>,
    private readonly derive: (from: string) => string | undefined = (x) => x,
  ) {
    this.held = new Map(initial);
  }
  /** Read one line of code; `exprFrom(col)` says what an expression at or after that column carries. */
  line(code: string, exprFrom: (col: number) => string | undefined): void {
    const a = ASSIGN.exec(code);
    if (!a) return;
    const from = a.index + a[0].length;
    const e = exprFrom(from);
    const v = shellVars(code.slice(from)).find((x) => this.held.has(x.name));
    const src = e ?? (v ? this.held.get(v.name) : undefined);
    const d = src === undefined ? undefined : this.derive(src);
    if (d !== undefined) this.held.set(a[1], d);
    else this.held.delete(a[1]);
  }
}

/** The output name written by `echo "name=value" >> $GITHUB_OUTPUT` (or `name<<EOF`), if readable. */
function outputName(code: string): string | undefined {
  const m = /(?:echo|printf)\s+(?:-[a-zA-Z]+\s+)*["']?(?:%s\\n)?["']?\s*["']?([A-Za-z_][A-Za-z0-9_-]*)(?:=|<<)/.exec(code);
  return m?.[1].toLowerCase();
}

interface Outputs {
  /** Per job id: step id → output patterns (`*`, names, `*_suffix`) and what they come from. */
  steps: Map<string, Map<string, { patterns: string[]; from: string }[]>>;
  /** needs.<job>.outputs.<name> → what it comes from. */
  jobs: Map<string, string>;
}

const cache = new WeakMap<Workflow, Outputs>();

function matches(patterns: string[], name: string): boolean {
  return patterns.some((p) => p === '*' || name === '*' || p === name || (p.startsWith('*') && name.endsWith(p.slice(1))));
}

/** What an output path (`steps.x.outputs.y`, `needs.j.outputs.k`) carries from outsiders, in job `job`. */
function outputSource(o: Outputs, jobId: string, path: string): string | undefined {
  const s = path.split('.');
  if (s[0] === 'steps' && s.length >= 3 && s[2] === 'outputs') {
    const entries = o.steps.get(jobId)?.get(s[1]) ?? [];
    return entries.find((e) => matches(e.patterns, s[3] ?? '*'))?.from;
  }
  if (s[0] === 'needs' && s.length >= 3 && s[2] === 'outputs') {
    if (s.length === 3) return [...o.jobs].find(([k]) => k.startsWith(`${s[1]}.`))?.[1];
    return o.jobs.get(`${s[1]}.${s[3]}`);
  }
  return undefined;
}

function addStep(o: Outputs, jobId: string, stepId: string, patterns: string[], from: string): void {
  const byStep = o.steps.get(jobId) ?? new Map();
  o.steps.set(jobId, byStep);
  byStep.set(stepId, [...(byStep.get(stepId) ?? []), { patterns, from }]);
}

/** Outputs that a run step writes from attacker-controlled values to $GITHUB_OUTPUT. */
function runOutputs(run: YView, env: EnvTaint): { name: string; from: string }[] {
  const out: { name: string; from: string }[] = [];
  const exprs = expressionsIn(run);
  const vars = new ShellVars(env.untrusted);
  for (const l of linesOf(run)) {
    const code = shellCode(l.text);
    const line = run.file.locAt(l.offset, l.offset);
    const exprFrom = (col: number) =>
      exprs
        .filter((x) => x.loc.startLine === line.startLine && x.loc.startColumn >= line.startColumn + col)
        .flatMap((x) => exprInfo(x.text).flows)
        .find((f) => tainted(f, env));
    vars.line(code, exprFrom);
    if (!code.includes('GITHUB_OUTPUT') || !(code.includes('>>') || code.includes('tee'))) continue;
    const e = exprFrom(0);
    const v = shellVars(code).find((x) => vars.held.has(x.name));
    const from = e ?? (v ? vars.held.get(v.name) : undefined);
    if (from) out.push({ name: outputName(code) ?? '*', from });
  }
  return out;
}

function outputsOf(wf: Workflow): Outputs {
  const hit = cache.get(wf);
  if (hit) return hit;
  const o: Outputs = { steps: new Map(), jobs: new Map() };
  cache.set(wf, o);
  // Two passes in declared order: a job's outputs may feed a job declared before it (needs order).
  for (let pass = 0; pass < 2; pass++) {
    for (const job of wf.jobs) {
      for (const s of job.steps) {
        if (!s.id) continue;
        const id = s.id.toLowerCase();
        const a = actionName(s.uses?.str());
        const patterns = a ? PR_DATA_ACTIONS[a] : undefined;
        if (patterns && pass === 0) addStep(o, job.id, id, [...patterns], `an output of ${a}, which reads pull-request data`);
        if (s.run && pass === 0) {
          for (const w of runOutputs(s.run, stepEnvTaint(wf, job, s))) addStep(o, job.id, id, [w.name], `written to $GITHUB_OUTPUT from ${w.from}`);
        }
      }
      for (const [k, v] of job.view.get('outputs')?.entries() ?? []) {
        const from = expressionsIn(v)
          .flatMap((e) => exprInfo(e.text).flows)
          .map((f) => (isContextTaint(f) ? f : outputSource(o, job.id, f)))
          .find(Boolean);
        if (from) o.jobs.set(`${job.id.toLowerCase()}.${k.toLowerCase()}`, `job "${job.id}" output ${k} from ${from}`);
      }
    }
  }
  return o;
}

const isContextTaint = (f: string) => tainted(f);

/** In a composite action, `inputs.*` is whatever the calling workflow passes: often pull-request data. */
const ACTION_INPUT = 'an input of the composite action, which callers may fill with attacker-controlled text';

/**
 * Env taint of a step (workflow, job and step env), with the tainted step and job outputs known to its
 * job, and a composite action's inputs.
 */
export function stepEnvTaint(wf: Workflow, job: Job, step: Step): EnvTaint {
  return envTaint([wf.env, job.view.get('env'), step.env], (p) =>
    wf.kind === 'action' && (p === 'inputs' || p.startsWith('inputs.')) ? ACTION_INPUT : outputSource(outputsOf(wf), job.id, p),
  );
}

/** Words for a message: where an attacker-controlled flow comes from, when it is not a context itself. */
export function taintVia(flow: string, env: EnvTaint): string {
  if (flow.startsWith('env.')) {
    const src = [...env.untrusted].find(([k]) => k.toLowerCase() === flow.slice(4))?.[1];
    return src ? ` (${flow} is set from ${src})` : '';
  }
  const o = env.extra?.(flow);
  return o ? ` (${o})` : '';
}
