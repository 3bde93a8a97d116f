// Container image references, shared by the Kubernetes and workflow rules: how a reference is pinned,
// and every image a workflow or action runs (docker:// steps, job containers, service containers,
// Docker actions), with `${{ matrix.x }}` expanded over a literal matrix.
import type { Job, Workflow } from '../../core/workflow/model.js';
import { expressionsIn } from '../../core/workflow/model.js';
import type { YView } from '../../core/yaml/view.js';

/** Split an image reference into its tag and digest (registry ports are not tags). */
export function parseImage(ref: string): { tag?: string; digest?: string; placeholder: boolean } {
  const placeholder = /\$|\{\{|<|>/.test(ref);
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const last = name.slice(name.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  const tag = colon >= 0 ? last.slice(colon + 1) : undefined;
  return { tag, digest, placeholder };
}

export interface WfImage {
  /** The reference without `docker://`; undefined when it comes from an expression that was not resolved. */
  ref?: string;
  /** Where the reference is written (a matrix value when it came through `matrix.*`). */
  view: YView;
  /** What runs it, for messages: `step "x" of job "y"`, `container of job "y"`, `service "db" of job "y"`. */
  what: string;
  /** The expression, when the reference could not be resolved to literals. */
  expr?: string;
}

/** Literal values of `strategy.matrix.<key>` (its list and `include` entries), or undefined when not all literal. */
function matrixValues(job: Job, key: string): YView[] | undefined {
  const m = job.view.at('strategy', 'matrix');
  if (!m?.isMap()) return undefined;
  const out: YView[] = [];
  const list = m.get(key);
  if (list) {
    if (!list.isSeq()) return undefined;
    out.push(...list.items());
  }
  for (const inc of m.get('include')?.items() ?? []) {
    const v = inc.get(key);
    if (v) out.push(v);
  }
  return out.length && out.every((v) => v.isScalar() && !expressionsIn(v).length) ? out : undefined;
}

/** One written image reference, expanded through a literal matrix. */
function* expand(job: Job | undefined, v: YView, what: string, strip: boolean): Generator<WfImage> {
  const raw = v.str()?.trim();
  if (!raw) return;
  const exprs = expressionsIn(v);
  if (!exprs.length) {
    yield { ref: strip ? raw.replace(/^docker:\/\//, '') : raw, view: v, what };
    return;
  }
  const m = /^(?:docker:\/\/)?\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}$/.exec(raw);
  const values = m && job ? matrixValues(job, m[1]) : undefined;
  if (!values) {
    yield { view: v, what, expr: exprs[0].text };
    return;
  }
  for (const mv of values) yield { ref: mv.str()!.trim().replace(/^docker:\/\//, ''), view: mv, what: `${what} (matrix.${m![1]})` };
}

const label = (job: Job) => (job.id === '(composite)' ? 'the composite action' : `job "${job.id}"`);

/** Every container image the workflow or action runs. */
export function* workflowImages(wf: Workflow): Generator<WfImage> {
  for (const job of wf.jobs) {
    for (const s of job.steps) {
      const u = s.uses;
      if (u?.str()?.trim().startsWith('docker://')) yield* expand(job, u, `step "${s.name ?? s.id ?? s.index + 1}" of ${label(job)}`, true);
    }
    const c = job.view.get('container');
    const cImage = c?.isMap() ? c.get('image') : c;
    if (cImage?.isScalar()) yield* expand(job, cImage, `the container of ${label(job)}`, false);
    for (const [name, svc] of job.view.get('services')?.entries() ?? []) {
      const img = svc.isMap() ? svc.get('image') : svc;
      if (img?.isScalar()) yield* expand(job, img, `service "${name}" of ${label(job)}`, false);
    }
  }
  // A Docker container action: runs.image: docker://... (a Dockerfile is built from the repository).
  if (wf.kind === 'action') {
    const runs = wf.root.get('runs');
    const img = runs?.get('image');
    if (runs?.get('using')?.str() === 'docker' && img?.str()?.trim().startsWith('docker://')) yield* expand(undefined, img, 'the Docker action', true);
  }
}
