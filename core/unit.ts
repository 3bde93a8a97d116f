// One unit of scanning work: a Terraform root module (with the local child modules it calls) or one
// YAML file. A unit reads, parses, evaluates, runs the rules and applies suppressions on its own and
// returns plain results, so units can run in worker threads and nothing outlives them (bounded memory).
import { existsSync, realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Config } from './config.js';
import type { Expr, HclFile } from './hcl/ast.js';
import { parseConfigFile } from './hcl/syntax.js';
import { parseHcl } from './hcl/parse.js';
import type { ParseCache } from './hcl/parse-cache.js';
import { tfFilesIn } from './files.js';
import { autoVarOrder, emptyKindCounts, fileTypeOf, isAutoVarFile } from './inputs.js';
import { buildK8sFile, looksLikeKubernetes, type K8sFile } from './kubernetes/model.js';
import { LimitError } from './limit-error.js';
import { isUtf16, readText, type ReadStash } from './read.js';
import { ruleContext, toFinding, type Rule, type RuleContext } from './rule.js';
import { applyInlineSuppressions, kubernetesAnnotationSkips, parseInlineSuppressions, today } from './suppress.js';
import { applyCompensations, parseCompensations, repoRootOf } from './compensate.js';
import { ChildScope, evaluate } from './terraform/eval.js';
import { TfModule } from './terraform/model.js';
import { GateIndex, gateOf } from './terraform/check-gate.js';
import { readManifest, type Manifest } from './terraform/modules/manifest.js';
import { place, repoCall, type Via } from './terraform/modules/placement.js';
import { FIX_REMOTE, isLocalSource, resolveCall, type Downloads } from './terraform/modules/resolve.js';
import { runPlan } from './terraform/plan.js';
import { Unknown, isObject, type Value } from './terraform/values.js';
import type { CheckResult, Finding, Indeterminate, InputKind, Location, ScanError, UnresolvedModule } from './types.js';
import { buildWorkflow, workflowKindOf } from './workflow/model.js';
import { applicability, type Applicability } from './soc2/verdict.js';
import { YamlFile } from './yaml/view.js';
import type { ScanSet } from './scan-set.js';

export type Unit =
  | { kind: 'terraform'; dir: string; tf: string[]; tfvars: string[] }
  | { kind: 'yaml'; path: string; relPath: string }
  /** A Terraform plan JSON file; `repoRoot` holds its configuration's .tf files (default: its directory). */
  | { kind: 'tfplan'; path: string; repoRoot?: string };

export interface UnitEnv {
  cfg: Config;
  rules: Rule[];
  /** Absolute paths of extra .tfvars files (terraform -var-file). */
  varFiles: string[];
  /** Directories child modules may be read from (scan roots and cwd). */
  allowedRoots: string[];
  overrides?: Map<string, string>;
  today?: string;
  /** Modules fetched before the scan (--download-modules), by downloadKey(source, version). */
  downloads?: Downloads;
  /** Facts about the whole scanned set (core/scan-set.ts), given to every check. */
  scanSet?: ScanSet;
  /** Parsed Terraform files shared by this scan's units in this thread (core/hcl/parse-cache.ts). */
  parsed?: ParseCache;
  /** Files the scan already read in this thread (its planning pass), taken instead of reading them again. */
  stash?: ReadStash;
}

export interface UnitResult {
  findings: Finding[];
  indeterminate: Indeterminate[];
  errors: ScanError[];
  /** Input kind of the unit's files, counted once per file. */
  kinds: Record<InputKind, number>;
  /**
   * Module directories evaluated (roots and instantiated children). A module reached only through calls
   * that do not instantiate it (count = 0, empty for_each) is evaluated on its own afterwards, so its
   * code is still checked (with unknown inputs).
   */
  evaluatedDirs: string[];
  /** Module calls whose code could not be read (the engine turns each into one notice). */
  unresolvedModules: UnresolvedModule[];
  /** Per criterion: applicable resources (Terraform resources, Kubernetes objects, workflows) its rules checked. */
  checked: Record<string, number>;
}

interface Raw {
  rule: Rule;
  res: CheckResult;
  /** Set for a Kubernetes object's skip annotation (always present, so every Raw has one shape). */
  annotation: { reason: string; expires?: string; location: Location; via: string } | undefined;
}

class UnitCtx {
  readonly errors: ScanError[] = [];
  readonly sources = new Map<string, string>();
  readonly hcl = new Map<string, HclFile | null>();
  readonly raw: Raw[] = [];
  readonly kinds: Record<InputKind, number> = emptyKindCounts();
  readonly evaluatedDirs: string[] = [];
  readonly unresolvedModules: UnresolvedModule[] = [];
  readonly checked: Record<string, number> = {};
  /** Parsed templatefile() templates, by absolute path. */
  private readonly templates = new Map<string, Expr | Unknown>();
  /** The Terraform root module of this unit and its `.terraform/modules/modules.json`. */
  rootDir = '';
  manifest: Manifest;
  constructor(
    readonly env: UnitEnv,
    readonly parser: Parser,
  ) {}

  source(path: string): string | undefined {
    if (this.sources.has(path)) return this.sources.get(path);
    const o = this.env.overrides?.get(path);
    if (o !== undefined) {
      this.sources.set(path, o);
      return o;
    }
    const r = this.env.stash?.take(path) ?? readText(path, this.env.cfg.limits.maxFileBytes);
    if (!r.ok) {
      this.errors.push({ file: path, line: 1, column: 1, kind: r.kind, message: r.message });
      return undefined;
    }
    if (r.notice) this.errors.push({ file: path, line: 1, column: 1, kind: 'notice', message: r.notice });
    this.sources.set(path, r.text);
    return r.text;
  }

  /** Whether a path is one of the scanned paths or inside one (nothing outside them is read). */
  insideScan(p: string): boolean {
    return this.env.allowedRoots.some((r) => p === r || p.startsWith(r.endsWith(sep) ? r : r + sep));
  }

  /**
   * The template a templatefile() call names, parsed as a heredoc's text would be: only inside the
   * scanned paths, within the file size limit. Anything else is an Unknown that says why.
   */
  template(path: string): Expr | Unknown {
    const hit = this.templates.get(path);
    if (hit) return hit;
    let out: Expr | Unknown;
    // A link is followed only when it stays inside the scanned paths (never to a file of the runner).
    let real: string | undefined;
    try {
      real = this.env.overrides?.has(path) ? path : realpathSync(path);
    } catch {
      real = undefined;
    }
    if (!this.insideScan(path) || (real !== undefined && !this.insideScan(real))) out = new Unknown(`templatefile(): ${path} is outside the scanned paths and is not read`);
    else {
      const o = this.env.overrides?.get(path);
      const r = o !== undefined ? { ok: true as const, text: o } : readText(path, this.env.cfg.limits.maxFileBytes);
      out = r.ok ? parseTemplate(this.parser, path, r.text, hclMaxDepth(this.env.cfg)) : new Unknown(`templatefile(): ${r.message}`);
    }
    this.templates.set(path, out);
    return out;
  }

  hclFile(path: string): HclFile | undefined {
    if (this.hcl.has(path)) return this.hcl.get(path) ?? undefined;
    const hit = this.env.parsed?.get(path);
    if (hit) {
      // Reported by this unit as if it had read and parsed the file itself.
      this.sources.set(path, hit.src);
      if (hit.notice) this.errors.push({ file: path, line: 1, column: 1, kind: 'notice', message: hit.notice });
      this.pushParseErrors(path, hit.file);
      this.hcl.set(path, hit.file);
      return hit.file;
    }
    const before = this.errors.length;
    const src = this.source(path);
    if (src === undefined) {
      this.hcl.set(path, null);
      return undefined;
    }
    const notice = this.errors.length > before ? this.errors[this.errors.length - 1].message : undefined;
    const f = parseConfigFile(this.parser, path, src, hclMaxDepth(this.env.cfg));
    this.env.parsed?.set(path, { src, notice, file: f });
    this.pushParseErrors(path, f);
    this.hcl.set(path, f);
    return f;
  }

  private pushParseErrors(path: string, f: HclFile): void {
    for (const e of f.errors.slice(0, 5)) this.errors.push({ file: path, line: e.range.startLine, column: e.range.startColumn, kind: 'parse', message: e.message });
  }

  /** `via`: how a Terraform module instance was reached, so its results are placed where they can be acted on. */
  runRules<I>(kind: InputKind, input: I, file: string, via?: Via): void {
    this.countChecked(kind, input);
    const p = prepared(this.env);
    const checks = p.checks.get(kind) ?? [];
    const open = kind === 'terraform' ? p.terraformGates.open(input as TfModule) : undefined;
    for (let i = 0; i < checks.length; i++) {
      if (open && !open[i]) continue;
      const { rule, rc, check } = checks[i];
      try {
        // Iterated by Array.from's builtin, each result kept as it is yielded: every check's generator
        // has its own map, and a for-of here was deoptimised and recompiled at each new one.
        const results = (check as (i: I, c: RuleContext) => Iterable<CheckResult>).call(rule, input, rc);
        Array.from(results, (res) => this.raw.push({ rule, res: via ? place(res, via, this.readHcl) : res, annotation: undefined }));
      } catch (e) {
        if (this.ruleFailed(rule, file, e)) return;
      }
    }
  }

  /** A check that threw: an error entry. True when the unit must stop (a limit was reached). */
  private ruleFailed(rule: Rule, file: string, e: unknown): boolean {
    const msg = e instanceof LimitError ? e.message : `rule ${rule.id} failed on this input: ${(e as Error).message}`;
    this.errors.push({ file, line: 1, column: 1, kind: e instanceof LimitError ? 'limit' : 'internal', message: msg });
    return e instanceof LimitError;
  }

  private readonly readHcl = (p: string) => this.hclFile(p);

  /** What the rules of each criterion evaluated in this input, derived from rule metadata (core/soc2/verdict.ts). */
  private countChecked(kind: InputKind, input: unknown): void {
    const a = prepared(this.env).applies;
    const add = (cs: readonly string[] | undefined, n = 1) => {
      for (const c of cs ?? []) this.checked[c] = (this.checked[c] ?? 0) + n;
    };
    if (kind === 'terraform') {
      // Resources and data sources alike, counted per type.
      for (const [type, n] of (input as TfModule).typeCounts) add(a.terraform.get(type), n);
    } else if (kind === 'kubernetes') for (const o of (input as K8sFile).objects) add(a.kubernetes.get(o.kind));
    else add(a.workflow);
  }
}

export { LimitError };

/** Expression nesting the HCL converter follows (limits.maxDepth counts YAML levels; an HCL level is finer). */
export const hclMaxDepth = (cfg: Config): number => cfg.limits.maxDepth * 10;

/** A template file's text as the expression of a heredoc holding it (a delimiter the text does not contain). */
function parseTemplate(parser: Parser, path: string, text: string, maxDepth: number): Expr | Unknown {
  let delim = 'TRUSTGATE_TEMPLATE';
  while (text.includes(delim)) delim += '_';
  const f = parseHcl(parser, path, `t = <<${delim}\n${text}${text.endsWith('\n') ? '' : '\n'}${delim}\n`, maxDepth);
  const a = f.attributes.get('t');
  return a && !f.errors.length ? a.expr : new Unknown(`templatefile(): ${path} does not parse as a template`);
}

/**
 * What a scan's env implies for every input, computed once per env instead of per input (the profile
 * showed both per-input): the enabled rules of each input kind with their resolved contexts (in rule
 * order), and which criteria each resource type's rules check.
 */
interface Prepared {
  scanSet: ScanSet | undefined;
  checks: Map<InputKind, PreparedCheck[]>;
  /** Which Terraform checks (in `checks` order) may yield on a module (core/terraform/check-gate.ts). */
  terraformGates: GateIndex;
  applies: Applicability;
}
/** A rule's check with its context; `check` is read here once, not from rule objects of many shapes per run. */
interface PreparedCheck {
  rule: Rule;
  rc: RuleContext;
  check: (input: unknown, c: RuleContext) => Iterable<CheckResult>;
}
const PREPARED = new WeakMap<UnitEnv, Prepared>();
function prepared(env: UnitEnv): Prepared {
  let p = PREPARED.get(env);
  if (p && p.scanSet === env.scanSet) return p;
  const checks = new Map<InputKind, PreparedCheck[]>();
  for (const rule of env.rules) {
    if (env.cfg.disabled.has(rule.id)) continue;
    const list = checks.get(rule.kind as InputKind) ?? [];
    list.push({ rule, rc: { ...ruleContext(rule, env.cfg), scanSet: env.scanSet }, check: rule.check as PreparedCheck['check'] });
    checks.set(rule.kind as InputKind, list);
  }
  const terraformGates = new GateIndex((checks.get('terraform') ?? []).map(({ rule, rc }) => gateOf(rule.check as (m: TfModule, c: RuleContext) => Iterable<CheckResult>, rc)));
  p = { scanSet: env.scanSet, checks, terraformGates, applies: applicability(env.rules, env.cfg.disabled) };
  PREPARED.set(env, p);
  return p;
}

/**
 * The unit kinds, registered once: how each runs, which file stands for it in an error entry, and
 * which module directories it evaluates (so the engine does not evaluate them again).
 */
const UNIT_KINDS: { [K in Unit['kind']]: { run(ctx: UnitCtx, u: Extract<Unit, { kind: K }>): void; file(u: Extract<Unit, { kind: K }>): string; dirs(u: Extract<Unit, { kind: K }>): string[] } } = {
  terraform: { run: (ctx, u) => runTerraformRoot(ctx, u.dir, u.tf, u.tfvars), file: (u) => u.dir, dirs: (u) => [u.dir] },
  tfplan: { run: (ctx, u) => runPlan(ctx, u.path, u.repoRoot), file: (u) => u.path, dirs: () => [] },
  yaml: { run: (ctx, u) => runYaml(ctx, u.path, u.relPath), file: (u) => u.path, dirs: () => [] },
};

type Handler = { run(ctx: UnitCtx, u: Unit): void; file(u: Unit): string; dirs(u: Unit): string[] };
const handler = (u: Unit) => UNIT_KINDS[u.kind] as Handler;

/** The file (or module directory) an error about the whole unit is reported on. */
export const unitFile = (u: Unit): string => handler(u).file(u);

/** Files a unit stands for: a root module's own configuration and variable files, else its one file. */
export const unitFileCount = (u: Unit): number => (u.kind === 'terraform' ? u.tf.length + u.tfvars.length : 1);

/** A unit that produced nothing (it failed or timed out): the error, and the directories it stands for. */
export const failedUnit = (u: Unit, error: ScanError): UnitResult => ({
  findings: [],
  indeterminate: [],
  errors: [error],
  kinds: emptyKindCounts(),
  evaluatedDirs: handler(u).dirs(u),
  unresolvedModules: [],
  checked: {},
});

export function runUnit(unit: Unit, env: UnitEnv, parser: Parser): UnitResult {
  const ctx = new UnitCtx(env, parser);
  handler(unit).run(ctx, unit);
  return finishUnit(ctx);
}

/** One unit's unexpected failure is an `internal` error entry for that file; the scan goes on. */
export function runUnitSafely(u: Unit, env: UnitEnv, parser: Parser): UnitResult {
  try {
    return runUnit(u, env, parser);
  } catch (e) {
    return failedUnit(u, { file: unitFile(u), line: 1, column: 1, kind: 'internal', message: `internal error: ${(e as Error).message}` });
  }
}

// ---- Terraform ---------------------------------------------------------------------------------

const CALL_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/**
 * Whether a file's bytes can hold what localModuleSources finds (a source starts `"./` or `"../`): most
 * files cannot, and need not be decoded to know it. UTF-16 text must be decoded first.
 */
export const mayHaveLocalModuleSources = (bytes: Buffer): boolean => isUtf16(bytes) || bytes.includes('"./') || bytes.includes('"../');

/** Local module sources named in a file's text: a cheap pre-pass that needs no parse. */
export function localModuleSources(src: string): string[] {
  const out: string[] = [];
  // `source = "./x"` (native syntax) or `"source": "./x"` (JSON syntax).
  const re = /(?:\bsource\s*=|"source"\s*:)\s*"(\.\.?\/[^"\n]{0,500})"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) && out.length < 1000) out.push(m[1]);
  return out;
}

function runTerraformRoot(ctx: UnitCtx, dir: string, tfPaths: string[], tfvarPaths: string[]): void {
  const tf = tfPaths.map((p) => ctx.hclFile(p)).filter((f): f is HclFile => !!f);
  const autoVars = tfvarPaths
    .filter(isAutoVarFile)
    .sort(autoVarOrder)
    .map((p) => ctx.hclFile(p))
    .filter((f): f is HclFile => !!f);
  const varFiles = ctx.env.varFiles.map((p) => ctx.hclFile(p)).filter((f): f is HclFile => !!f);
  const root = new TfModule(dir, tf, [...autoVars, ...varFiles]);
  root.templateReader = (p) => ctx.template(p);
  root.otherVarFiles = tfvarPaths
    .filter((p) => !isAutoVarFile(p) && !ctx.env.varFiles.includes(p))
    .map((p) => ctx.hclFile(p))
    .filter((f): f is HclFile => !!f);
  ctx.rootDir = dir;
  ctx.manifest = readManifest(dir, ctx.env.cfg.limits.maxFileBytes);
  walkModules(ctx, root, { stack: [dir], address: '', key: '' });
}

interface Frame {
  stack: string[];
  /** Address of the module instance (`module.a.module.b`; '' for the root) and its manifest key (`a.b`). */
  address: string;
  key: string;
  via?: Via;
}

function walkModules(ctx: UnitCtx, m: TfModule, f: Frame): void {
  ctx.evaluatedDirs.push(m.dir);
  ctx.runRules('terraform', m, m.files[0]?.path ?? m.dir, f.via);
  for (const call of m.moduleCalls) {
    const name = call.block.labels[0] ?? '';
    const callAddress = `${f.address ? f.address + '.' : ''}module.${name}`;
    // A call inside a module outside the repository is reported at the repository's call that leads to it.
    const site = f.via?.external ? repoCall(f.via) : undefined;
    const where = site
      ? { file: site.callFile, line: site.callBlock.range.startLine, column: site.callBlock.range.startColumn }
      : { file: call.file, line: call.block.range.startLine, column: call.block.range.startColumn };
    const srcAttr = call.block.attributes.get('source');
    const src = srcAttr ? evaluate(srcAttr.expr, m) : undefined;
    const verAttr = call.block.attributes.get('version');
    const ver = verAttr ? evaluate(verAttr.expr, m) : undefined;
    const version = typeof ver === 'string' ? ver : undefined;
    const unresolved = (reason: string, fix: string) =>
      ctx.unresolvedModules.push({ ...where, module: callAddress, source: typeof src === 'string' ? src : '(not a literal string)', ...(version ? { version } : {}), reason, fix });
    if (typeof src !== 'string') {
      unresolved(srcAttr ? 'its source is not a literal string' : 'it has no source', 'write `source` as a literal string, as Terraform requires');
      continue;
    }
    const key = f.key ? `${f.key}.${name}` : name;
    // A local path in the repository is read in place; anything else (and local paths inside an
    // installed or downloaded package) comes from the manifest or the download step.
    let childDir: string;
    let resolvedVersion: string | undefined;
    let packageRoot: string | undefined;
    if (isLocalSource(src) && !f.via?.external) {
      childDir = resolve(m.dir, src);
      if (!ctx.insideScan(childDir)) {
        unresolved('its directory is outside the scanned paths and is not read', 'scan a directory that contains both the caller and the module');
        continue;
      }
    } else {
      const r = resolveCall({ key, source: src, version, callerDir: m.dir, packageRoot: f.via?.packageRoot }, ctx.rootDir, ctx.manifest, ctx.env.downloads);
      if ('reason' in r) {
        unresolved(r.reason, r.fix);
        if (r.limit) ctx.errors.push({ ...where, kind: 'limit', message: `${callAddress}: ${r.reason}` });
        continue;
      }
      ({ dir: childDir, version: resolvedVersion, packageRoot } = r);
    }
    if (f.stack.includes(childDir)) {
      ctx.errors.push({ ...where, kind: 'limit', message: `module "${call.block.labels[0]}" sources ${src}, which is already being evaluated (a module cycle); not followed` });
      continue;
    }
    if (f.stack.length > ctx.env.cfg.limits.maxModuleDepth) {
      ctx.errors.push({ ...where, kind: 'limit', message: `module nesting deeper than ${ctx.env.cfg.limits.maxModuleDepth} (limits.maxModuleDepth); not followed` });
      continue;
    }
    // count = 0 / empty for_each: the module is not instantiated.
    const count = call.block.attributes.get('count');
    const cv = count ? evaluate(count.expr, m) : undefined;
    if (cv === 0 || cv === false) continue;
    const fe = call.block.attributes.get('for_each');
    const fv = fe ? evaluate(fe.expr, m) : undefined;
    if ((Array.isArray(fv) && fv.length === 0) || (isObject(fv) && Object.keys(fv).length === 0)) continue;
    const tf = moduleFiles(ctx.env, childDir).map((p) => ctx.hclFile(p)).filter((x): x is HclFile => !!x);
    if (!tf.length) {
      if (packageRoot) unresolved(`its directory ${childDir} has no .tf files`, FIX_REMOTE);
      else ctx.errors.push({ ...where, kind: 'notice', message: `module source ${src} has no .tf files` });
      continue;
    }
    const scope = new ChildScope(m, {
      each: { key: new Unknown('each.key of the calling module block is not known statically'), value: new Unknown('each.value of the calling module block is not known statically') },
      count: { index: new Unknown('count.index of the calling module block is not known statically') },
    });
    const inputs = new Map<string, Value>();
    for (const [n, a] of call.block.attributes) if (!CALL_META.has(n)) inputs.set(n, evaluate(a.expr, scope));
    const child = new TfModule(childDir, tf, [], inputs, m);
    m.children.push(child);
    const external = !!packageRoot;
    const via: Via = { parent: f.via, caller: m, child, callFile: call.file, callBlock: call.block, address: callAddress, source: src, version: resolvedVersion ?? version, external, packageRoot };
    walkModules(ctx, child, { stack: [...f.stack, childDir], address: callAddress, key, via });
  }
}

/**
 * A called module directory's configuration files, listed once per scan (the examples of a public
 * module each call it: every root unit would list the same directory again).
 */
const MODULE_FILES = new WeakMap<UnitEnv, Map<string, string[]>>();
function moduleFiles(env: UnitEnv, dir: string): string[] {
  let m = MODULE_FILES.get(env);
  if (!m) MODULE_FILES.set(env, (m = new Map()));
  let files = m.get(dir);
  if (!files) m.set(dir, (files = tfFilesIn(dir)));
  return files;
}

// ---- YAML: Kubernetes and workflows ------------------------------------------------------------

function runYaml(ctx: UnitCtx, path: string, relPath: string): void {
  const src = ctx.source(path);
  if (src === undefined) return;
  const wfKind = workflowKindOf(relPath) ?? workflowKindOf(path);
  const helmish = src.includes('{{') && !wfKind;
  if (helmish && isHelmTemplate(path)) {
    ctx.errors.push({ file: path, line: 1, column: 1, kind: 'notice', message: 'Helm chart template (contains {{ }}); skipped — render it with `helm template` and scan the output' });
    return;
  }
  const limits = ctx.env.cfg.limits;
  const yaml = new YamlFile(path, src, { maxAliasCount: limits.maxAliasCount, maxDepth: limits.maxDepth, maxNodeVisits: limits.maxYamlNodeVisits });
  const yamlErrors = yaml.docs.flatMap((d) => d.errors);
  if (yamlErrors.length && helmish) {
    ctx.errors.push({ file: path, line: 1, column: 1, kind: 'notice', message: 'template syntax ({{ }}) that is not valid YAML; skipped' });
    return;
  }
  for (const e of yamlErrors.slice(0, 5)) {
    const lp = e.linePos?.[0] ?? { line: 1, col: 1 };
    ctx.errors.push({ file: path, line: lp.line, column: lp.col, kind: 'parse', message: `YAML ${e.code}: ${e.message.split('\n')[0]}` });
  }
  if (wfKind) {
    const wf = buildWorkflow(yaml, wfKind);
    if (!wf || (wfKind === 'action' && !wf.root.has('runs'))) return;
    ctx.kinds.workflow++;
    const first = ctx.raw.length;
    ctx.runRules('workflow', wf, path);
    // A finding inside a step belongs to that step: a suppression above the step, or a zizmor ignore
    // comment anywhere on it, applies (as above a Terraform block or a Kubernetes object).
    const steps = wf.jobs.flatMap((j) => j.steps.map((st) => st.view.loc));
    for (const item of ctx.raw.slice(first)) {
      const l = item.res.location;
      if (item.res.blockLine !== undefined || l.file !== path) continue;
      const st = steps.find((r) => r.startLine <= l.startLine && l.endLine <= r.endLine);
      if (st) item.res = { ...item.res, blockLine: st.startLine };
    }
    return;
  }
  if (!looksLikeKubernetes(yaml)) return;
  ctx.kinds.kubernetes++;
  const k8s = buildK8sFile(yaml);
  const before = ctx.raw.length;
  ctx.runRules('kubernetes', k8s, path);
  // Skips written as annotations (ours, Checkov's, kube-linter's) apply to findings inside their object.
  const { skips, errors } = kubernetesAnnotationSkips(path, k8s.objects, k8s.workloads, ctx.env.rules);
  ctx.errors.push(...errors);
  for (const s of skips) {
    for (const item of ctx.raw.slice(before)) {
      const l = item.res.location;
      if (s.ruleIds.includes(item.rule.id) && l.file === path && l.startLine >= s.object.startLine && l.startLine <= s.object.endLine) item.annotation = { reason: s.reason, expires: s.expires, location: s.location, via: s.via };
    }
  }
}

function isHelmTemplate(path: string): boolean {
  const parts = path.split(sep);
  const i = parts.lastIndexOf('templates');
  if (i <= 0) return false;
  return existsSync([...parts.slice(0, i), 'Chart.yaml'].join(sep));
}

// ---- Results -----------------------------------------------------------------------------------

/** Parsed files (shared through the parse cache) whose text holds no suppression or compensation for these rules. */
const NO_DIRECTIVES = new WeakMap<HclFile, readonly Rule[]>();

function finishUnit(ctx: UnitCtx): UnitResult {
  const findings: Finding[] = [];
  const indeterminate: Indeterminate[] = [];
  const seen = new Set<string>();
  const blockLines = new Map<Finding, number | undefined>();
  const byFile = new Map<string, Finding[]>();
  const now = ctx.env.today ?? today();
  for (const item of ctx.raw) {
    const { rule, res } = item;
    const l = res.location;
    const key = `${rule.id}|${l.file}|${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}|${res.kind === 'finding' ? res.message : res.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (res.kind === 'indeterminate') {
      indeterminate.push({ ruleId: rule.id, reason: res.reason, location: l });
      continue;
    }
    // A quick fix is offered only where its text fits the file's syntax (HCL text cannot go into JSON).
    const fixes = res.fixes?.filter((x) => fileTypeOf(x.range.file)?.acceptsFix?.(x.text) ?? true);
    const f = toFinding(rule, res, ctx.env.cfg, fixes);
    if (item.annotation) {
      const a = item.annotation;
      const expired = !!a.expires && a.expires < now;
      f.suppressed = !expired;
      f.suppression = { source: 'annotation', reason: a.reason, expires: a.expires, location: a.location, ...(a.via !== 'trustgate.io/ignore' ? { via: a.via } : {}), ...(expired ? { expired: true } : {}) };
    }
    blockLines.set(f, res.blockLine);
    findings.push(f);
    const list = byFile.get(l.file);
    if (list) list.push(f);
    else byFile.set(l.file, [f]);
  }
  for (const [file, src] of ctx.sources) {
    // A module's files are in every unit that calls it: a parsed file known to hold no directive is not searched again.
    const parsed = ctx.hcl.get(file);
    if (parsed && NO_DIRECTIVES.get(parsed) === ctx.env.rules) continue;
    const sups = parseInlineSuppressions(file, src, ctx.env.rules);
    if (sups.length) ctx.errors.push(...applyInlineSuppressions(byFile.get(file) ?? [], src, sups, blockLines, now));
    const comps = parseCompensations(file, src);
    if (parsed && !sups.length && !comps.length) NO_DIRECTIVES.set(parsed, ctx.env.rules);
    if (comps.length) ctx.errors.push(...applyCompensations(byFile.get(file) ?? [], src, comps, blockLines, repoRootOf(file, ctx.env.allowedRoots.filter((r) => file.startsWith(r + sep)).sort((a, b) => a.length - b.length)[0] ?? resolve(file, '..'))));
  }
  return { findings, indeterminate, errors: ctx.errors, kinds: ctx.kinds, evaluatedDirs: ctx.evaluatedDirs, unresolvedModules: ctx.unresolvedModules, checked: ctx.checked };
}

