import { basename } from 'node:path';
import { defineRule, fail, indeterminate } from '../../core/rule.js';
import { callersOf, workflowRepoRoot, type ScanSet } from '../../core/scan-set.js';
import type { Location, RelatedLocation } from '../../core/types.js';
import { actionName, linesOf, shellCode, stepLabel } from '../../core/workflow/expr.js';
import type { Job, Step, Workflow } from '../../core/workflow/model.js';
import { releaseTrigger } from '../../core/workflow/release.js';
import type { YView } from '../../core/yaml/view.js';

/**
 * How an action turns its cache on: `default` is whether it restores a cache when the input is not
 * set, `on(value)` whether a literal input value turns restoring on. After zizmor's cache-aware list.
 */
interface CacheControl {
  input?: string;
  default: boolean;
  on?: (v: string, major: number | undefined) => boolean;
  /** The default applies only below this major version (setup-uv's `auto` stopped meaning on in v10). */
  defaultBelow?: number;
}
const truthy = (v: string) => /^(true|yes|1|on)$/i.test(v);
const nonEmpty = (v: string) => v.trim() !== '' && !/^false$/i.test(v);
const CACHE_ACTIONS: Record<string, CacheControl> = {
  'actions/cache': { input: 'lookup-only', default: true, on: (v) => !truthy(v) },
  'actions/cache/restore': { input: 'lookup-only', default: true, on: (v) => !truthy(v) },
  'actions/setup-java': { input: 'cache', default: false, on: nonEmpty },
  'actions/setup-go': { input: 'cache', default: true, on: truthy },
  'actions/setup-node': { input: 'cache', default: false, on: (v) => /^(npm|yarn|pnpm)$/i.test(v.trim()) },
  'actions/setup-python': { input: 'cache', default: false, on: nonEmpty },
  'actions/setup-dotnet': { input: 'cache', default: false, on: truthy },
  'astral-sh/setup-uv': { input: 'enable-cache', default: true, defaultBelow: 10, on: (v, m) => truthy(v) || (/^auto$/i.test(v) && m !== undefined && m < 10) },
  'swatinem/rust-cache': { input: 'lookup-only', default: true, on: (v) => !truthy(v) },
  'ruby/setup-ruby': { input: 'bundler-cache', default: false, on: truthy },
  'pyo3/maturin-action': { input: 'sccache', default: false, on: truthy },
  'mlugg/setup-zig': { input: 'use-cache', default: true, on: truthy },
  'oven-sh/setup-bun': { input: 'no-cache', default: true, on: (v) => !truthy(v) },
  'determinatesystems/magic-nix-cache-action': { input: 'use-gha-cache', default: true, on: truthy },
  'graalvm/setup-graalvm': { input: 'cache', default: false, on: nonEmpty },
  'gradle/actions/setup-gradle': { input: 'cache-disabled', default: true, on: (v) => !truthy(v) },
  'gradle/gradle-build-action': { input: 'cache-disabled', default: true, on: (v) => !truthy(v) },
  'actions-rust-lang/setup-rust-toolchain': { input: 'cache', default: true, on: truthy },
  'jdx/mise-action': { input: 'cache', default: true, on: truthy },
  'ramsey/composer-install': { input: 'ignore-cache', default: true, on: (v) => !truthy(v) },
  'mozilla-actions/sccache-action': { default: true },
  'nix-community/cache-nix-action': { default: true },
  'awalsh128/cache-apt-pkgs-action': { default: true },
};

/** Actions that publish what the job built (packages, releases, images, deployments). */
const PUBLISHERS = new Set([
  'pypa/gh-action-pypi-publish',
  'rubygems/release-gem',
  'jreleaser/release-action',
  'goreleaser/goreleaser-action',
  'softprops/action-gh-release',
  'ncipollo/release-action',
  'svenstaro/upload-release-action',
  'redhat-actions/push-to-registry',
  'aws-actions/amazon-ecs-deploy-task-definition',
  'azure/functions-action',
  'azure/container-apps-deploy-action',
  'cloudflare/wrangler-action',
  'google-github-actions/deploy-cloudrun',
  'google-github-actions/deploy-appengine',
  'google-github-actions/deploy-cloud-functions',
]);
/** Shell commands that publish a package, image or release. */
const PUBLISH_COMMAND = /\b((npm|pnpm|yarn)\s+publish|twine\s+upload|cargo\s+publish|gem\s+push|docker\s+(image\s+)?push|goreleaser\s+release|gh\s+release\s+(create|upload)|mvn\b.*\bdeploy\b|gradlew?\b.*\bpublish|poetry\s+publish|uv\s+publish|dotnet\s+nuget\s+push|helm\s+push)\b/;

interface Release {
  /** The release trigger (core/workflow/release.ts). */
  trigger: string;
  /** How messages say it: the trigger, and the calling workflow when it is inherited. */
  why: string;
  related: RelatedLocation[];
}

/**
 * Why this workflow runs for a release: its own trigger, or (for a reusable workflow) the trigger of a
 * workflow of the same repository that calls it with `uses: ./.github/workflows/...`, transitively.
 */
function runsForRelease(wf: Workflow, set: ScanSet | undefined): Release | undefined {
  const own = releaseTrigger(wf);
  if (own) return { trigger: own, why: own, related: wf.on ? [{ message: `release trigger: ${own}`, location: wf.on.keyLoc }] : [] };
  if (!wf.triggers.includes('workflow_call')) return undefined;
  const seen = new Set<string>([wf.path]);
  let todo = [wf.path];
  for (let depth = 0; depth < 10 && todo.length; depth++) {
    const next: string[] = [];
    for (const callee of todo)
      // A calling job with its own `if:` may leave release runs out, as a step's `if:` does.
      for (const c of callersOf(set, callee).filter((x) => !x.conditional)) {
        const location = { file: c.file, startLine: c.line, startColumn: c.column, endLine: c.line, endColumn: c.column + c.job.length };
        if (c.releaseTrigger) return { trigger: c.releaseTrigger, why: `${c.releaseTrigger} (through job "${c.job}" of ${basename(c.file)}, which calls it)`, related: [{ message: `called by a workflow that runs ${c.releaseTrigger}`, location }] };
        if (!seen.has(c.file)) {
          seen.add(c.file);
          next.push(c.file);
        }
      }
    todo = next;
  }
  return undefined;
}

/** The step that publishes from this job, with what it runs. */
function publisher(job: Job): { step: Step; what: string } | undefined {
  for (const s of job.steps) {
    const a = actionName(s.uses?.str());
    if (a && PUBLISHERS.has(a)) return { step: s, what: a };
    if (a === 'docker/build-push-action' && truthy(s.with?.get('push')?.str() ?? '')) return { step: s, what: 'docker/build-push-action with push: true' };
    for (const l of linesOf(s.run)) {
      const code = shellCode(l.text);
      const m = PUBLISH_COMMAND.exec(code);
      if (m && !/--dry-run\b/.test(code)) return { step: s, what: `\`${m[0]}\`` };
    }
  }
  return undefined;
}

/** A literal input value, following `${{ env.NAME }}` to a literal in step, job or workflow env; else the expression. */
function inputValue(v: YView, scopes: (YView | undefined)[]): { value?: string; expr?: string } {
  const s = v.str() ?? '';
  const m = /^\s*\$\{\{\s*(.*?)\s*\}\}\s*$/.exec(s);
  if (!m) return s.includes('${{') ? { expr: s } : { value: s };
  const env = /^env\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(m[1]);
  for (const scope of env ? scopes : []) {
    const x = scope?.get(env![1]);
    if (x) return x.str()?.includes('${{') ? { expr: m[1] } : { value: x.str() ?? '' };
  }
  return { expr: m[1] };
}

/** The job ids a job waits for (`needs:` as a string or a list). */
const needsOf = (j: Job) => {
  const n = j.view.get('needs');
  return n?.isSeq() ? n.items().flatMap((x) => x.str() ?? []) : [n?.str() ?? ''];
};

/**
 * Why each job's caches reach what is published, or nothing: the job publishes itself, or (in a
 * workflow run for a release) a publishing job needs its output, or it uploads artifacts.
 */
function publishingJobs(wf: Workflow, release: Release | undefined): Map<string, { why: string; pub?: { step: Step; what: string } }> {
  const out = new Map<string, { why: string; pub?: { step: Step; what: string } }>();
  const byId = new Map(wf.jobs.map((j) => [j.id, j]));
  const todo: [string, string][] = [];
  for (const j of wf.jobs) {
    const pub = publisher(j);
    if (!pub) continue;
    out.set(j.id, { why: `in a job that publishes with ${pub.what}`, pub });
    todo.push([j.id, j.id]);
  }
  if (!release) return out;
  // Jobs a publishing job needs, transitively: their output is what gets published.
  while (todo.length) {
    const [id, by] = todo.pop()!;
    for (const n of needsOf(byId.get(id)!)) {
      if (!byId.has(n) || out.has(n)) continue;
      out.set(n, { why: `in a job whose output job "${by}" publishes, in a workflow that runs ${release.why}` });
      todo.push([n, by]);
    }
  }
  // Artifacts uploaded by a run for a tag or release are usually release assets; on a release branch, test reports.
  if (release.trigger === 'on push to a release branch') return out;
  for (const j of wf.jobs)
    if (!out.has(j.id) && j.steps.some((s) => actionName(s.uses?.str()) === 'actions/upload-artifact'))
      out.set(j.id, { why: `in a job that uploads artifacts in a workflow that runs ${release.why}` });
  return out;
}

const major = (uses: string) => {
  const m = /@v?(\d+)(\.|$)/.exec(uses);
  return m ? Number(m[1]) : undefined;
};

type Restore = { action: string; how: string; loc: Location } | { undecided: string; loc: Location };

/** Whether a step restores a cache, how, and where that is written; undefined when it does not. */
function cacheRestore(wf: Workflow, job: Job, s: Step, set: ScanSet | undefined): Restore | undefined {
  const uses = s.uses!.str();
  const a = actionName(uses);
  const ctl = a ? CACHE_ACTIONS[a] : undefined;
  if (!a || !ctl) return undefined;
  const m = major(uses!);
  const scopes = [s.env, job.view.get('env'), wf.env];
  const input = ctl.input ? s.with?.get(ctl.input) : undefined;
  if (input && ctl.on) {
    const v = inputValue(input, scopes);
    if (v.value === undefined) return { undecided: `${ctl.input} of ${a} is \${{ ${v.expr} }}, not known before the run`, loc: input.pairLoc };
    if (ctl.on(v.value, m)) return { action: a, how: `${ctl.input}: ${v.value}`, loc: input.pairLoc };
    // setup-node v5 and later: an empty `cache` leaves the automatic cache on.
    if (a === 'actions/setup-node' && v.value.trim() === '') return nodeAutoCache(wf, s, m, scopes, set, input.pairLoc);
    return undefined;
  }
  if (a === 'actions/setup-node') return nodeAutoCache(wf, s, m, scopes, set);
  const on = ctl.default && (ctl.defaultBelow === undefined || (m !== undefined && m < ctl.defaultBelow));
  return on ? { action: a, how: ctl.input ? 'on by default' : 'always on', loc: s.uses!.pairLoc } : undefined;
}

const NPM_V6 = /^\^?npm(@.*)?$/;
const NODE_PMS_V5 = new Set(['npm', 'yarn', 'pnpm']);

/**
 * actions/setup-node from v5 on restores a cache without a `cache` input when `package-manager-cache`
 * is not turned off and the repository's root package.json names the package manager: v5 npm, yarn or
 * pnpm (devEngines.packageManager's name, else packageManager); v6 and later npm only (either field).
 */
function nodeAutoCache(wf: Workflow, s: Step, m: number | undefined, scopes: (YView | undefined)[], set: ScanSet | undefined, cacheLoc?: Location): Restore | undefined {
  if (m === undefined || m < 5) return undefined;
  const root = workflowRepoRoot(wf.path);
  const pmc = s.with?.get('package-manager-cache');
  const at = pmc?.pairLoc ?? cacheLoc ?? s.uses!.pairLoc;
  if (!set || root === undefined || !(root in set.nodePackageManagers))
    return { undecided: `actions/setup-node v${m} restores a cache when the repository's package.json names its package manager, and that file was not read`, loc: at };
  const pkg = set.nodePackageManagers[root];
  if (!pkg) return undefined;
  let name: string | undefined;
  if (m === 5) {
    const n = pkg.devEngines[0] ?? pkg.packageManager?.replace(/^[^a-zA-Z0-9]+/, '').split('@')[0];
    name = n !== undefined && NODE_PMS_V5.has(n) ? n : undefined;
  } else if (pkg.devEngines.some((n) => NPM_V6.test(n)) || NPM_V6.test(pkg.packageManager ?? '')) name = 'npm';
  if (!name) return undefined;
  if (pmc) {
    const v = inputValue(pmc, scopes);
    if (v.value === undefined) return { undecided: `package-manager-cache of actions/setup-node is \${{ ${v.expr} }}, not known before the run`, loc: at };
    // The action reads (input || 'true') === 'TRUE', case-insensitively.
    if ((v.value || 'true').toUpperCase() !== 'TRUE') return undefined;
  }
  return { action: 'actions/setup-node', how: `automatic: package.json names ${name} as its package manager`, loc: at };
}

export default defineRule({
  id: 'TG-GHA-020',
  name: 'gha-cache-poisoning',
  title: 'Release workflows build without restoring caches',
  failTitle: 'Release workflow restores a cache into what it publishes',
  kind: 'workflow',
  category: 'supply-chain',
  controls: ['CC8.1', 'CC7.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A poisoned build cache ships attacker code inside a signed, published release, a change to production that bypassed every review (CC8.1).',
  confidence: 'low',
  aliases: ['cache-poisoning'],
  introducedIn: '0.3.0',
  rationale:
    'GitHub Actions caches are shared between the workflow runs of a repository: any workflow able to write a cache entry (a pull request build on a branch, a compromised dependency in a test job) can plant one that a release job later restores. When that job publishes packages, images or releases, the planted code ships inside them (the Ultralytics compromise of December 2024 went this way).',
  controlRationale: {
    'CC8.1': 'Released artifacts are built only from reviewed sources, not from state another run left behind.',
    'CC7.1': 'The build path of published artifacts is not open to a known supply-chain attack.',
  },
  remediation:
    'In workflows that publish, do not restore caches: remove actions/cache, turn the setup action\'s cache off (cache: "" / cache: false / enable-cache: false; for actions/setup-node v5 and later, package-manager-cache: false), set lookup-only: true, or skip the step on release events with `if:`.',
  defaults:
    'A job counts when it publishes (pypi-publish, gh-release, goreleaser, docker/build-push-action with push: true, npm/cargo/twine/gem publish without --dry-run, docker push...), or, in a workflow that runs on release, on a tag push or on a push to a branch named like release, when a publishing job needs it (transitively) or (on release or tag push) it uploads artifacts; test and lint jobs of release workflows are not reported (zizmor reports them too, with low confidence). Reported at each step of such a job that restores a cache: actions/cache and cache/restore (unless lookup-only), setup-go/rust-cache/setup-gradle/setup-bun/mise and others that cache by default (unless turned off), setup-node/python/java/dotnet/ruby and others with their cache input on. A cache input that is an expression (other than `${{ env.NAME }}` with a literal value) is undecided; a step with its own `if:` is skipped (it may exclude release runs). A reusable workflow (on: workflow_call) runs for a release when a workflow of the same repository calls it (`uses: ./.github/workflows/...`, directly or through other reusable workflows, from a job without `if:`) and runs for one. actions/setup-node v5 and later restore a cache without a cache input (an empty one included) unless package-manager-cache is false, when the repository\'s root package.json names the package manager: v5 npm, yarn or pnpm, v6 and later npm only (packageManager or devEngines.packageManager); zizmor reports every setup-node without package-manager-cache: false. Composite actions are not judged (their trigger is the caller\'s).',
  *check(wf, ctx) {
    if (wf.kind !== 'workflow') return;
    const release = runsForRelease(wf, ctx.scanSet);
    const publishing = publishingJobs(wf, release);
    for (const job of wf.jobs) {
      const p = publishing.get(job.id);
      if (!p) continue;
      for (const s of job.steps) {
        if (!s.uses || s.if) continue;
        const r = cacheRestore(wf, job, s, ctx.scanSet);
        if (!r) continue;
        if ('undecided' in r) {
          yield indeterminate(r.loc, r.undecided);
          continue;
        }
        yield fail(r.loc, `The ${stepLabel(job, s)} restores a cache (${r.action}, ${r.how}) ${p.why}: an entry planted by another run could end up in what is published.`, {
          related: p.pub ? [{ message: `publishes: ${p.pub.what}`, location: p.pub.step.view.loc }] : (release?.related ?? []),
        });
      }
    }
  },
});
