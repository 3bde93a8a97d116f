// The scanning engine: discovers files, parses each kind, builds the models, runs the rules,
// applies suppressions and config, and returns one ScanResult. Shared by the CLI, the Action and
// the editor. Nothing from the scanned repository is ever executed.
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { defaultConfig, type Config } from './config.js';
import { walk, type FoundFile } from './files.js';
import { initHcl, parseHcl } from './hcl/parse.js';
import type { HclFile } from './hcl/ast.js';
import { buildK8sFile, looksLikeKubernetes } from './kubernetes/model.js';
import { readText } from './read.js';
import type { Rule, RuleContext } from './rule.js';
import { applyInlineSuppressions, parseDirective, parseInlineSuppressions, today } from './suppress.js';
import { ChildScope, evaluate } from './terraform/eval.js';
import { TfModule } from './terraform/model.js';
import { Unknown, isObject, type Value } from './terraform/values.js';
import {
  SEVERITIES,
  type CheckResult,
  type Finding,
  type Indeterminate,
  type InputKind,
  type ScanError,
  type ScanResult,
  type Severity,
} from './types.js';
import { VERSION } from './version.js';
import { buildWorkflow, workflowKindOf } from './workflow/model.js';
import { YamlFile } from './yaml/view.js';

export interface ScanOptions {
  paths: string[];
  cwd?: string;
  config?: Config;
  /** Extra .tfvars files (highest precedence, like terraform -var-file). */
  varFiles?: string[];
  rules: Rule[];
  /** In-memory contents replacing files on disk (the editor's unsaved buffers), by absolute path. */
  overrides?: Map<string, string>;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Date used for suppression expiry (tests). */
  today?: string;
}

export class ScanAborted extends Error {
  constructor() {
    super('scan aborted');
  }
}

interface Ctx {
  opts: ScanOptions;
  cfg: Config;
  parser: Parser;
  errors: ScanError[];
  sources: Map<string, string>;
  hcl: Map<string, HclFile | null>;
  raw: { rule: Rule; res: CheckResult }[];
  kinds: Record<InputKind, number>;
  roots: string[];
}

export async function scan(opts: ScanOptions): Promise<ScanResult> {
  const t0 = Date.now();
  const cwd = opts.cwd ?? process.cwd();
  const cfg = opts.config ?? defaultConfig();
  const parser = await initHcl();
  const roots = opts.paths.map((p) => resolve(cwd, p));
  const { files, errors } = walk(opts.paths, cfg.exclude, cwd);
  const ctx: Ctx = {
    opts,
    cfg,
    parser,
    errors,
    sources: new Map(),
    hcl: new Map(),
    raw: [],
    kinds: { terraform: 0, kubernetes: 0, workflow: 0 },
    roots,
  };
  const total = files.length;
  let done = 0;
  const tick = () => {
    done++;
    if (opts.onProgress && (done % 50 === 0 || done === total)) opts.onProgress(done, total);
  };
  const check = () => {
    if (opts.signal?.aborted) throw new ScanAborted();
  };

  // Terraform: a module is a directory.
  const tfDirs = new Map<string, { tf: string[]; tfvars: string[] }>();
  for (const f of files) {
    if (f.kind === 'terraform' || f.kind === 'tfvars') {
      const d = dirname(f.path);
      const e = tfDirs.get(d) ?? { tf: [], tfvars: [] };
      (f.kind === 'terraform' ? e.tf : e.tfvars).push(f.path);
      tfDirs.set(d, e);
    }
  }
  runTerraform(ctx, tfDirs, () => {
    check();
    tick();
  });

  for (const f of files) {
    if (f.kind !== 'yaml') continue;
    check();
    scanYamlFile(ctx, f, cwd);
    tick();
  }

  return finish(ctx, t0, files.length);
}

// ---- Reading -----------------------------------------------------------------------------------

function source(ctx: Ctx, path: string): string | undefined {
  if (ctx.sources.has(path)) return ctx.sources.get(path);
  const o = ctx.opts.overrides?.get(path);
  if (o !== undefined) {
    ctx.sources.set(path, o);
    return o;
  }
  const r = readText(path, ctx.cfg.limits.maxFileBytes);
  if (!r.ok) {
    ctx.errors.push({ file: path, line: 1, column: 1, kind: r.kind, message: r.message });
    return undefined;
  }
  if (r.notice) ctx.errors.push({ file: path, line: 1, column: 1, kind: 'notice', message: r.notice });
  ctx.sources.set(path, r.text);
  return r.text;
}

function hclFile(ctx: Ctx, path: string): HclFile | undefined {
  if (ctx.hcl.has(path)) return ctx.hcl.get(path) ?? undefined;
  const src = source(ctx, path);
  if (src === undefined) {
    ctx.hcl.set(path, null);
    return undefined;
  }
  const f = parseHcl(ctx.parser, path, src, ctx.cfg.limits.maxDepth * 10);
  for (const e of f.errors.slice(0, 5)) ctx.errors.push({ file: path, line: e.range.startLine, column: e.range.startColumn, kind: 'parse', message: e.message });
  ctx.hcl.set(path, f);
  return f;
}

// ---- Terraform ---------------------------------------------------------------------------------

const isAutoTfvars = (p: string) => basename(p) === 'terraform.tfvars' || p.endsWith('.auto.tfvars');

function runTerraform(ctx: Ctx, dirs: Map<string, { tf: string[]; tfvars: string[] }>, onFile: () => void): void {
  const rules = ctx.opts.rules.filter((r) => r.kind === 'terraform' && !ctx.cfg.disabled.has(r.id));
  // Parse every file once; remember which directories are called as local child modules.
  const called = new Set<string>();
  for (const [dir, e] of dirs) {
    for (const p of e.tf) {
      const f = hclFile(ctx, p);
      onFile();
      if (!f) continue;
      ctx.kinds.terraform++;
      for (const b of f.blocks) {
        if (b.type !== 'module') continue;
        const src = b.attributes.get('source');
        const v = src && src.expr.t === 'lit' ? src.expr.value : undefined;
        if (typeof v === 'string' && isLocalSource(v)) called.add(resolve(dir, v));
      }
    }
    for (const p of e.tfvars) onFile();
  }
  const evaluated = new Set<string>();
  const varFiles = (ctx.opts.varFiles ?? []).map((p) => hclFile(ctx, resolve(ctx.opts.cwd ?? process.cwd(), p))).filter((f): f is HclFile => !!f);
  const evalRoot = (dir: string) => {
    const e = dirs.get(dir)!;
    const tf = e.tf.map((p) => hclFile(ctx, p)).filter((f): f is HclFile => !!f);
    const autoVars = e.tfvars
      .filter(isAutoTfvars)
      .sort((a, b) => (basename(a) === 'terraform.tfvars' ? -1 : basename(b) === 'terraform.tfvars' ? 1 : a < b ? -1 : 1))
      .map((p) => hclFile(ctx, p))
      .filter((f): f is HclFile => !!f);
    const root = new TfModule(dir, tf, [...autoVars, ...varFiles]);
    evaluated.add(dir);
    walkModules(ctx, root, [dir], evaluated, (m) => runRules(ctx, rules, m, m.dir));
  };
  for (const dir of dirs.keys()) if (!called.has(dir) && dirs.get(dir)!.tf.length) evalRoot(dir);
  // Directories only reached as modules of something outside the scan, or in a module cycle.
  for (const dir of dirs.keys()) if (!evaluated.has(dir) && dirs.get(dir)!.tf.length) evalRoot(dir);
}

const isLocalSource = (s: string) => s.startsWith('./') || s.startsWith('../');

const CALL_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

function walkModules(ctx: Ctx, m: TfModule, stack: string[], evaluated: Set<string>, visit: (m: TfModule) => void): void {
  visit(m);
  for (const call of m.moduleCalls) {
    const srcAttr = call.block.attributes.get('source');
    const src = srcAttr ? evaluate(srcAttr.expr, m) : undefined;
    if (typeof src !== 'string' || !isLocalSource(src)) continue;
    const childDir = resolve(m.dir, src);
    const where = { file: call.file, line: call.block.range.startLine, column: call.block.range.startColumn };
    if (stack.includes(childDir)) {
      ctx.errors.push({ ...where, kind: 'limit', message: `module "${call.block.labels[0]}" sources ${src}, which is already being evaluated (a module cycle); not followed` });
      continue;
    }
    if (stack.length > ctx.cfg.limits.maxModuleDepth) {
      ctx.errors.push({ ...where, kind: 'limit', message: `module nesting deeper than ${ctx.cfg.limits.maxModuleDepth} (limits.maxModuleDepth); not followed` });
      continue;
    }
    if (!insideAllowed(ctx, childDir)) continue;
    // count = 0 / empty for_each: the module is not instantiated.
    const count = call.block.attributes.get('count');
    const cv = count ? evaluate(count.expr, m) : undefined;
    if (cv === 0 || cv === false) continue;
    const fe = call.block.attributes.get('for_each');
    const fv = fe ? evaluate(fe.expr, m) : undefined;
    if ((Array.isArray(fv) && fv.length === 0) || (isObject(fv) && Object.keys(fv).length === 0)) continue;
    const tf = loadDirTf(ctx, childDir);
    if (!tf.length) {
      ctx.errors.push({ ...where, kind: 'notice', message: `module source ${src} has no .tf files` });
      continue;
    }
    const scope = new ChildScope(m, { each: { key: new Unknown('each.key of a module call'), value: new Unknown('each.value of a module call') }, count: { index: new Unknown('count.index of a module call') } });
    const inputs = new Map<string, Value>();
    for (const [name, a] of call.block.attributes) if (!CALL_META.has(name)) inputs.set(name, evaluate(a.expr, scope));
    const child = new TfModule(childDir, tf, [], inputs, m);
    m.children.push(child);
    evaluated.add(childDir);
    walkModules(ctx, child, [...stack, childDir], evaluated, visit);
  }
}

function insideAllowed(ctx: Ctx, dir: string): boolean {
  const cwd = ctx.opts.cwd ?? process.cwd();
  return [...ctx.roots, cwd].some((r) => dir === r || dir.startsWith(r.endsWith(sep) ? r : r + sep));
}

function loadDirTf(ctx: Ctx, dir: string): HclFile[] {
  if (!existsSync(dir)) return [];
  const { files } = walkOne(dir);
  return files.map((p) => hclFile(ctx, p)).filter((f): f is HclFile => !!f);
}

function walkOne(dir: string): { files: string[] } {
  const { files } = walk([dir], [], dir);
  return { files: files.filter((f) => f.kind === 'terraform' && dirname(f.path) === dir).map((f) => f.path) };
}

// ---- YAML: Kubernetes and workflows ------------------------------------------------------------

function scanYamlFile(ctx: Ctx, f: FoundFile, cwd: string): void {
  const src = source(ctx, f.path);
  if (src === undefined) return;
  const rel = relative(cwd, f.path);
  const wfKind = workflowKindOf(isAbsolute(rel) ? f.path : rel) ?? workflowKindOf(f.path);
  const helmish = src.includes('{{') && !wfKind;
  if (helmish && isHelmTemplate(f.path)) {
    ctx.errors.push({ file: f.path, line: 1, column: 1, kind: 'notice', message: 'Helm chart template (contains {{ }}); skipped — render it with `helm template` and scan the output' });
    return;
  }
  const yaml = new YamlFile(f.path, src, { maxAliasCount: ctx.cfg.limits.maxAliasCount, maxDepth: ctx.cfg.limits.maxDepth });
  const yamlErrors = yaml.docs.flatMap((d) => d.errors);
  if (yamlErrors.length && helmish) {
    ctx.errors.push({ file: f.path, line: 1, column: 1, kind: 'notice', message: 'template syntax ({{ }}) that is not valid YAML; skipped' });
    return;
  }
  for (const e of yamlErrors.slice(0, 5)) {
    const lp = e.linePos?.[0] ?? { line: 1, col: 1 };
    ctx.errors.push({ file: f.path, line: lp.line, column: lp.col, kind: 'parse', message: `YAML ${e.code}: ${e.message.split('\n')[0]}` });
  }
  if (wfKind) {
    const wf = buildWorkflow(yaml, wfKind);
    if (!wf || (wfKind === 'action' && !wf.root.has('runs'))) return;
    ctx.kinds.workflow++;
    runRules(ctx, ctx.opts.rules.filter((r) => r.kind === 'workflow' && !ctx.cfg.disabled.has(r.id)), wf, f.path);
    return;
  }
  if (!looksLikeKubernetes(yaml)) return;
  ctx.kinds.kubernetes++;
  const k8s = buildK8sFile(yaml);
  const before = ctx.raw.length;
  runRules(ctx, ctx.opts.rules.filter((r) => r.kind === 'kubernetes' && !ctx.cfg.disabled.has(r.id)), k8s, f.path);
  // Suppression by annotation: trustgate.io/ignore: 'TG-K8S-001 reason="..." [expires=...]' (several separated by ';').
  for (const o of k8s.objects) {
    const ann = o.annotations['trustgate.io/ignore'];
    if (!ann) continue;
    const objLoc = o.view.loc;
    for (const part of ann.split(/;|\n/).map((s) => s.trim()).filter(Boolean)) {
      const d = parseDirective(part);
      const annView = o.view.at('metadata', 'annotations', 'trustgate.io/ignore');
      const where = annView?.loc ?? objLoc;
      if (d.invalid) {
        ctx.errors.push({ file: f.path, line: where.startLine, column: where.startColumn, kind: 'suppression', message: `trustgate.io/ignore annotation ${d.invalid}; it does not suppress anything` });
        continue;
      }
      for (const item of ctx.raw.slice(before)) {
        const l = item.res.location;
        if (!d.ruleIds.includes(item.rule.id) || l.startLine < objLoc.startLine || l.startLine > objLoc.endLine) continue;
        (item as { annotation?: unknown }).annotation = { reason: d.reason!, expires: d.expires, location: where };
      }
    }
  }
}

function isHelmTemplate(path: string): boolean {
  const parts = path.split(sep);
  const i = parts.lastIndexOf('templates');
  if (i <= 0) return false;
  return existsSync([...parts.slice(0, i), 'Chart.yaml'].join(sep));
}

// ---- Rules -------------------------------------------------------------------------------------

function runRules<I>(ctx: Ctx, rules: Rule[], input: I, file: string): void {
  for (const rule of rules) {
    const rc: RuleContext = { options: { ...(rule.options ?? {}), ...(ctx.cfg.options.get(rule.id) ?? {}) } };
    try {
      for (const res of (rule.check as (i: I, c: RuleContext) => Iterable<CheckResult>)(input, rc)) ctx.raw.push({ rule, res });
    } catch (e) {
      ctx.errors.push({ file, line: 1, column: 1, kind: 'internal', message: `rule ${rule.id} failed on this input: ${(e as Error).message}` });
    }
  }
}

function finish(ctx: Ctx, t0: number, fileCount: number): ScanResult {
  const findings: Finding[] = [];
  const indeterminate: Indeterminate[] = [];
  const seen = new Set<string>();
  const blockLines = new Map<Finding, number | undefined>();
  const byFile = new Map<string, Finding[]>();
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
    const f: Finding = {
      ruleId: rule.id,
      title: rule.title,
      category: rule.category,
      severity: ctx.cfg.severity.get(rule.id) ?? rule.severity,
      controls: rule.controls,
      message: res.message,
      remediation: rule.remediation,
      location: l,
      ...(res.related?.length ? { related: res.related } : {}),
      ...(res.fixes?.length ? { fixes: res.fixes } : {}),
      suppressed: false,
      ...(res.secret ? { secret: res.secret } : {}),
    };
    const ann = (item as { annotation?: { reason: string; expires?: string; location: Finding['location'] } }).annotation;
    if (ann) {
      const expired = !!ann.expires && ann.expires < (ctx.opts.today ?? today());
      f.suppressed = !expired;
      f.suppression = { source: 'annotation', reason: ann.reason, expires: ann.expires, location: ann.location, ...(expired ? { expired: true } : {}) };
    }
    blockLines.set(f, res.blockLine);
    findings.push(f);
    byFile.set(l.file, [...(byFile.get(l.file) ?? []), f]);
  }
  // Inline comment suppressions, file by file.
  for (const [file, src] of ctx.sources) {
    const sups = parseInlineSuppressions(file, src);
    if (!sups.length) continue;
    ctx.errors.push(...applyInlineSuppressions(byFile.get(file) ?? [], src, sups, blockLines, ctx.opts.today));
  }
  const order = (s: Severity) => SEVERITIES.indexOf(s);
  const byLoc = (a: { location: Finding['location'] }, b: { location: Finding['location'] }) =>
    a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn;
  findings.sort((a, b) => byLoc(a, b) || order(a.severity) - order(b.severity) || (a.ruleId < b.ruleId ? -1 : 1));
  indeterminate.sort((a, b) => byLoc(a, b) || (a.ruleId < b.ruleId ? -1 : 1));
  ctx.errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));

  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppressed) bySeverity[f.severity]++;
  const byControl: ScanResult['summary']['byControl'] = {};
  const active = ctx.opts.rules.filter((r) => !ctx.cfg.disabled.has(r.id) && ctx.kinds[r.kind] > 0);
  for (const r of active) for (const c of r.controls) (byControl[c] ??= { rules: 0, failed: 0, suppressed: 0, indeterminate: 0 }).rules++;
  for (const f of findings) for (const c of f.controls) if (byControl[c]) byControl[c][f.suppressed ? 'suppressed' : 'failed']++;
  const ruleControls = new Map(ctx.opts.rules.map((r) => [r.id, r.controls]));
  for (const i of indeterminate) for (const c of ruleControls.get(i.ruleId) ?? []) if (byControl[c]) byControl[c].indeterminate++;
  return {
    tool: { name: 'trustgate', version: VERSION },
    findings,
    indeterminate,
    errors: ctx.errors,
    roots: ctx.roots,
    summary: {
      filesScanned: fileCount,
      filesByKind: ctx.kinds,
      findings: findings.filter((f) => !f.suppressed).length,
      suppressed: findings.filter((f) => f.suppressed).length,
      bySeverity,
      byControl,
      durationMs: Date.now() - t0,
    },
  };
}

/** Exit code contract: 1 when an unsuppressed finding is at or above the threshold. */
export function exceedsThreshold(result: ScanResult, failOn: Severity | 'none'): boolean {
  if (failOn === 'none') return false;
  const limit = SEVERITIES.indexOf(failOn);
  return result.findings.some((f) => !f.suppressed && SEVERITIES.indexOf(f.severity) <= limit);
}
