// The scanning engine: discovers files, cuts the work into units (a Terraform root module with its
// local children, or one YAML file), runs them in this thread or in worker threads, and merges the
// results into one ScanResult. Shared by the CLI, the Action and the editor. Nothing from the
// scanned repository is ever executed.
import { statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { defaultConfig, type Config } from './config.js';
import { walk } from './files.js';
import { runGovernance } from './governance/run.js';
import { CONTROL_CATALOGUE } from '../rules/governance/_lib/catalogue.js';
import { today } from './suppress.js';
import { initHcl } from './hcl/parse.js';
import { decode, readBytes, readText, ReadStash } from './read.js';
import { buildScanSet, type ScanSet } from './scan-set.js';
import type { Rule } from './rule.js';
import { soc2Info } from './soc2/mapping.js';
import { emptyKindCounts } from './inputs.js';
import { cacheDir } from './terraform/modules/cache.js';
import { cliConfigPath } from './terraform/modules/cli-config.js';
import { downloadModules } from './terraform/modules/download.js';
import { ParseCache } from './hcl/parse-cache.js';
import { localModuleSources, mayHaveLocalModuleSources, runUnitSafely, unitFileCount, type Unit, type UnitEnv, type UnitResult } from './unit.js';
import { familyOrder, moduleTree, unitFamilies, WorkerPool } from './workers.js';
import { personaIncludes, SEVERITIES, type Finding, type Indeterminate, type InputKind, type ScanError, type ScanResult, type Severity, type UnresolvedModule } from './types.js';
import { countFinding, verdictOf, type CriterionCounts } from './soc2/verdict.js';
import { markNewRules, newRuleIds } from './audit.js';
import { compareCriteria } from './soc2/criteria.js';
import { VERSION } from './version.js';

export interface ScanOptions {
  paths: string[];
  cwd?: string;
  config?: Config;
  /** Extra .tfvars files (highest precedence, like terraform -var-file). */
  varFiles?: string[];
  rules: Rule[];
  /** In-memory contents replacing files on disk (the editor's unsaved buffers), by absolute path. */
  overrides?: Map<string, string>;
  /** Files scanned so far and in all (a root module counts its own .tf/.tfvars files; called modules are read inside it). */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Parsed Terraform files to share (the editor's, kept between scans: extension/src/incremental.ts); default: a new cache per scan. */
  parseCache?: ParseCache;
  /** Date used for suppression expiry (tests). */
  today?: string;
  /** Where the .tf configuration of scanned plan JSON files lives (default: each plan file's directory). */
  planRepoRoot?: string;
  /**
   * Worker threads for large scans: the bundled worker script (dist/cli/worker.mjs). Without it the
   * scan runs in this thread. Workers are used when there are at least `workerThreshold` files.
   */
  workerScript?: URL;
  workers?: number;
  workerThreshold?: number;
  /**
   * Fetch module calls that are not local directories (registry, git, https archives) into the cache
   * before scanning, like `terraform init` would (--download-modules).
   */
  downloadModules?: boolean;
  /** The module cache (default TRUSTGATE_CACHE_DIR or ~/.cache/trustgate/modules). */
  moduleCacheDir?: string;
  /** Environment for Terraform's CLI configuration and TF_TOKEN_* (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Characters of Terraform text kept between the planning pass and the units (about the Terraform corpus of issue 12). */
const STASH_CHARS = 16_000_000;

export class ScanAborted extends Error {
  constructor() {
    super('scan aborted');
  }
}

export async function scan(opts: ScanOptions): Promise<ScanResult> {
  let pool: WorkerPool | undefined;
  try {
    return await scanWith(opts, (p) => (pool = p));
  } finally {
    pool?.close();
  }
}

async function scanWith(opts: ScanOptions, started: (p: WorkerPool) => void): Promise<ScanResult> {
  const t0 = Date.now();
  const cwd = opts.cwd ?? process.cwd();
  const cfg = opts.config ?? defaultConfig();
  // The persona picks the rules: a rule outside it neither runs nor counts for a criterion.
  const rules = opts.rules.filter((r) => personaIncludes(cfg.persona, r.persona));
  const roots = opts.paths.map((p) => resolve(cwd, p));
  // A large scan starts its workers as soon as the walk has found enough files: they load the rules and
  // the parser while this thread walks on and reads.
  const nWorkers = Math.max(0, opts.workers ?? 0);
  let pool: WorkerPool | undefined;
  const startPool = () => started((pool = new WorkerPool(opts.workerScript!, nWorkers)));
  const many = opts.workerScript && nWorkers > 0 ? { files: Math.max(1, opts.workerThreshold ?? 200), found: startPool } : undefined;
  const { files, errors } = walk(opts.paths, cfg.exclude, cwd, undefined, many);
  const lim = cfg.limits;
  // Source size per file (characters), to hand the largest units out first.
  const chars = new Map<string, number>();
  const text = (p: string, keep?: ReadStash): string | undefined => {
    const t = opts.overrides?.get(p) ?? (() => {
      const r = readText(p, lim.maxFileBytes);
      keep?.put(p, r);
      return r.ok ? r.text : undefined;
    })();
    chars.set(p, t?.length ?? 0);
    return t;
  };
  const yamlPaths = files.filter((f) => f.kind === 'yaml').map((f) => f.path);
  const buildHere = () => buildScanSet(yamlPaths, text, { maxAliasCount: lim.maxAliasCount, maxDepth: lim.maxDepth, maxNodeVisits: lim.maxYamlNodeVisits });
  // With workers, one of them builds the scan set while this thread reads the Terraform files (and the
  // YAML units, which need it, wait for it); without, it is built here first.
  const scanSetP: Promise<ScanSet> = pool ? pool.scanSet(yamlPaths, lim, opts.overrides).catch(buildHere) : Promise.resolve(buildHere());
  const env: UnitEnv = {
    cfg,
    rules,
    varFiles: (opts.varFiles ?? []).map((p) => resolve(cwd, p)),
    allowedRoots: [...roots, cwd],
    overrides: opts.overrides,
    today: opts.today,
    parsed: opts.parseCache,
    // In this thread, the units take the Terraform texts the planning below reads (bounded).
    stash: pool ? undefined : new ReadStash(STASH_CHARS),
  };

  // Terraform: a module is a directory. A directory that another scanned module calls as a local
  // child module is evaluated through that call (with its inputs), not on its own.
  const tfDirs = new Map<string, { tf: string[]; tfvars: string[] }>();
  let tfFiles = 0;
  for (const f of files) {
    if (f.kind !== 'terraform' && f.kind !== 'tfvars') continue;
    const d = dirname(f.path);
    const e = tfDirs.get(d) ?? { tf: [], tfvars: [] };
    if (f.kind === 'terraform') {
      e.tf.push(f.path);
      tfFiles++;
    } else e.tfvars.push(f.path);
    tfDirs.set(d, e);
  }
  // With workers, the units read the files again over there: here a file is decoded only if it can call
  // a local module (one in seven on the Terraform corpus); its size in bytes orders the work otherwise.
  const planningText = (p: string): string | undefined => {
    if (!pool || opts.overrides?.has(p)) return text(p, env.stash);
    const r = readBytes(p, lim.maxFileBytes);
    const d = r.ok && mayHaveLocalModuleSources(r.bytes) ? decode(r.bytes) : undefined;
    chars.set(p, d?.ok ? d.text.length : r.ok ? r.bytes.length : 0);
    return d?.ok ? d.text : undefined;
  };
  const called = new Set<string>();
  const calls = new Map<string, string[]>();
  for (const [dir, e] of tfDirs) {
    for (const p of e.tf) {
      for (const s of localModuleSources(planningText(p) ?? '')) {
        const child = resolve(dir, s);
        if (child === dir) continue;
        called.add(child);
        calls.set(dir, [...(calls.get(dir) ?? []), child]);
      }
    }
  }
  // A scan's parse cache keeps what more than one unit reads: not the files of roots nothing calls.
  env.parsed ??= new ParseCache(undefined, new Set([...tfDirs.keys()].filter((d) => !called.has(d))));
  if (opts.downloadModules) {
    const { downloads, stats } = await downloadModules({
      parser: await initHcl(),
      dirs: new Map([...tfDirs].map(([d, e]) => [d, e.tf])),
      cfg,
      cacheDir: opts.moduleCacheDir ?? cacheDir(opts.env ?? process.env),
      env: opts.env,
      signal: opts.signal,
    });
    env.downloads = downloads;
    for (const p of stats.problems) errors.push({ file: cliConfigPath(opts.env ?? process.env), line: 1, column: 1, kind: 'notice', message: `Terraform CLI configuration: ${p}` });
  }
  pool?.setEnv(env);
  const tfUnit = (dir: string): Unit => ({ kind: 'terraform', dir, ...tfDirs.get(dir)! });
  const units: Unit[] = [];
  // A plan JSON replaces the source evaluation of its configuration (resolved values beat defaults):
  // its root directory and the local modules that root calls are not evaluated again from HCL.
  const planRoot = opts.planRepoRoot ? resolve(cwd, opts.planRepoRoot) : undefined;
  const planCovered = new Set<string>();
  for (const f of files) {
    if (f.kind !== 'tfplan') continue;
    tfFiles++;
    units.push({ kind: 'tfplan', path: f.path, repoRoot: planRoot });
    const stack = [planRoot ?? dirname(f.path)];
    while (stack.length) {
      const d = stack.pop()!;
      if (planCovered.has(d)) continue;
      planCovered.add(d);
      stack.push(...(calls.get(d) ?? []));
    }
  }
  for (const [dir, e] of tfDirs) if (e.tf.length && !called.has(dir) && !planCovered.has(dir)) units.push(tfUnit(dir));
  for (const f of files) if (f.kind === 'yaml') units.push({ kind: 'yaml', path: f.path, relPath: relative(cwd, f.path) });

  // Results by unit index: merged in unit order, however the workers finished (the same output as in one thread).
  const results: UnitResult[] = [];
  // Progress counts files (what a person sees in the tree), reported every 25 units and at the end.
  let filesTotal = units.reduce((n, u) => n + unitFileCount(u), 0);
  let filesDone = 0;
  let done = 0;
  const runAll = async (batch: Unit[]) => {
    const offset = results.length;
    results.length += batch.length;
    const onResult = (r: UnitResult, i: number) => {
      results[offset + i] = r;
      done++;
      filesDone += unitFileCount(batch[i]);
      if (opts.onProgress && (done % 25 === 0 || done === units.length)) opts.onProgress(filesDone, filesTotal);
    };
    if (pool) {
      const p = pool;
      const gate = scanSetP.then((set) => {
        env.scanSet = set;
        p.shareScanSet(set);
      });
      await pool.runUnits(batch, batch.map((u) => unitChars(u, chars, tfDirs, calls)), onResult, { signal: opts.signal, aborted: () => new ScanAborted(), gate, gated: (u) => u.kind === 'yaml', families: unitFamilies(batch, calls) });
      return;
    }
    env.scanSet = await scanSetP;
    const parser = await initHcl();
    for (const i of familyOrder(batch, calls)) {
      if (opts.signal?.aborted) throw new ScanAborted();
      onResult(runUnitSafely(batch[i], env, parser), i);
      // Yield between units so a Ctrl-C or an editor cancellation is seen promptly.
      if (done % 50 === 0) await new Promise((r) => setImmediate(r));
    }
  };
  await runAll(units);
  // Directories reached only from outside the scan, or inside a module cycle: evaluate them alone.
  const evaluated = new Set([...results.flatMap((r) => r.evaluatedDirs), ...planCovered]);
  const leftovers = [...tfDirs.keys()].filter((d) => tfDirs.get(d)!.tf.length && !evaluated.has(d)).map(tfUnit);
  if (leftovers.length) {
    units.push(...leftovers);
    filesTotal += leftovers.reduce((n, u) => n + unitFileCount(u), 0);
    await runAll(leftovers);
  }
  // Controls outside the code: once per scan, when the policy records them (`controls:`).
  const gov = runGovernance(rules, cfg, CONTROL_CATALOGUE, opts.today ?? today());
  if (gov) results.push({ ...gov, indeterminate: [], kinds: emptyKindCounts(), evaluatedDirs: [], unresolvedModules: [] });
  // The SOC 2 digests name the published mapping and rule set, whatever the persona ran.
  return merge(results, errors, roots, rules, opts.rules, cfg, files.length, tfFiles, t0);
}

/**
 * A unit's expected cost: the source size of its files and of the local modules it calls (a module's
 * examples each evaluate the whole module). Only for ordering the work, largest first.
 */
function unitChars(u: Unit, chars: Map<string, number>, tfDirs: Map<string, { tf: string[] }>, calls: Map<string, string[]>): number {
  if (u.kind !== 'terraform') return chars.get(u.path) ?? fileSize(u.path);
  let n = 0;
  for (const d of moduleTree(u.dir, calls)) for (const p of tfDirs.get(d)?.tf ?? []) n += chars.get(p) ?? 0;
  return n;
}

function fileSize(p: string): number {
  try {
    return statSync(p).size;
  } catch {
    return 0;
  }
}

function locKey(l: Finding['location']): string {
  return `${l.file}|${l.startLine}:${l.startColumn}-${l.endLine}:${l.endColumn}`;
}

/** `allRules`: the rules asked for, whatever the persona ran (the SOC 2 digests name those; cached per array). */
function merge(results: UnitResult[], walkErrors: ScanError[], roots: string[], rules: Rule[], allRules: Rule[], cfg: Config, fileCount: number, tfFiles: number, t0: number): ScanResult {
  const findings: Finding[] = [];
  const indeterminate: Indeterminate[] = [];
  const errors: ScanError[] = [...walkErrors];
  const unresolvedModules: UnresolvedModule[] = [];
  const seen = new Set<string>();
  // Terraform files are counted when grouped (a module evaluated twice counts once); the rest per unit.
  const kinds: Record<InputKind, number> = { ...emptyKindCounts(), terraform: tfFiles };
  // A child module called from two roots is evaluated twice: keep one copy of each result.
  for (const r of results) {
    for (const k of Object.keys(kinds) as InputKind[]) if (k !== 'terraform') kinds[k] += r.kinds[k] ?? 0;
    for (const f of r.findings) {
      const k = `F|${f.ruleId}|${locKey(f.location)}|${f.message}`;
      if (!seen.has(k)) {
        seen.add(k);
        findings.push(f);
      }
    }
    for (const i of r.indeterminate) {
      const k = `I|${i.ruleId}|${locKey(i.location)}|${i.reason}`;
      if (!seen.has(k)) {
        seen.add(k);
        indeterminate.push(i);
      }
    }
    for (const e of r.errors) {
      const k = `E|${e.file}|${e.line}|${e.column}|${e.message}`;
      if (!seen.has(k)) {
        seen.add(k);
        errors.push(e);
      }
    }
    // One entry (and one notice) per module call, however many roots reach it.
    for (const u of r.unresolvedModules) {
      const k = `U|${u.file}|${u.line}|${u.column}|${u.module}`;
      if (seen.has(k)) continue;
      seen.add(k);
      unresolvedModules.push(u);
      errors.push({ file: u.file, line: u.line, column: u.column, kind: 'notice', message: unresolvedNotice(u) });
    }
  }
  const order = (s: Severity) => SEVERITIES.indexOf(s);
  const byLoc = (a: { location: Finding['location'] }, b: { location: Finding['location'] }) =>
    a.location.file < b.location.file ? -1 : a.location.file > b.location.file ? 1 : a.location.startLine - b.location.startLine || a.location.startColumn - b.location.startColumn;
  findings.sort((a, b) => byLoc(a, b) || order(a.severity) - order(b.severity) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  indeterminate.sort((a, b) => byLoc(a, b) || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  unresolvedModules.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));

  markNewRules(findings, newRuleIds(cfg.audit, rules, new Date().toISOString().slice(0, 10)));
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) if (!f.suppressed) bySeverity[f.severity]++;
  const byControl = criteriaSummary(results, findings, indeterminate, unresolvedModules, rules, cfg, kinds);
  return {
    tool: { name: 'trustgate', version: VERSION },
    soc2: soc2Info(allRules),
    findings,
    indeterminate,
    errors,
    unresolvedModules,
    roots,
    summary: {
      filesScanned: fileCount,
      filesByKind: kinds,
      findings: findings.filter((f) => !f.suppressed).length,
      suppressed: findings.filter((f) => f.suppressed).length,
      compensated: findings.filter((f) => f.compensated).length,
      bySeverity,
      byControl,
      durationMs: Date.now() - t0,
    },
  };
}

/** Per criterion of the enabled rules: what was checked, found and left undecided, and the verdict. */
function criteriaSummary(results: UnitResult[], findings: Finding[], indeterminate: Indeterminate[], unresolved: UnresolvedModule[], rules: Rule[], cfg: Config, kinds: Record<InputKind, number>): ScanResult['summary']['byControl'] {
  const counts: Record<string, CriterionCounts & { rules: number }> = {};
  const row = (c: string) => (counts[c] ??= { rules: 0, resources: 0, failed: 0, suppressed: 0, compensated: 0, indeterminate: 0, unresolvedModules: 0 });
  for (const r of rules) {
    if (cfg.disabled.has(r.id) || r.kind === 'change') continue;
    for (const c of r.controls) {
      const x = row(c);
      if (r.kind === 'governance' ? !!cfg.controls : kinds[r.kind] > 0) x.rules++;
    }
  }
  for (const u of results) for (const [c, n] of Object.entries(u.checked)) if (counts[c]) counts[c].resources += n;
  for (const f of findings) for (const c of f.controls) if (counts[c]) countFinding(counts[c], f);
  const ruleControls = new Map(rules.map((r) => [r.id, r.controls]));
  for (const i of indeterminate) for (const c of ruleControls.get(i.ruleId) ?? []) if (counts[c]) counts[c].indeterminate++;
  // An unresolved module call may hold any Terraform resource: every criterion of a Terraform rule is affected.
  if (unresolved.length) for (const r of rules) if (r.kind === 'terraform' && !cfg.disabled.has(r.id)) for (const c of r.controls) counts[c].unresolvedModules = unresolved.length;
  const out: ScanResult['summary']['byControl'] = {};
  for (const c of Object.keys(counts).sort(compareCriteria)) out[c] = { verdict: verdictOf(counts[c]), ...counts[c] };
  return out;
}

/** The notice shown for a module call whose code was not evaluated. */
export function unresolvedNotice(u: UnresolvedModule): string {
  const what = `${u.module} (${u.source}${u.version ? ` ${u.version}` : ''})`;
  return `${what} was not evaluated: ${u.reason}; ${u.fix}`;
}

/** Exit code contract: 1 when an unsuppressed finding is at or above the threshold (findings of rules newer than the audit pin never count). */
export function exceedsThreshold(result: ScanResult, failOn: Severity | 'none'): boolean {
  if (failOn === 'none') return false;
  const limit = SEVERITIES.indexOf(failOn);
  return result.findings.some((f) => !f.suppressed && !f.newRule && SEVERITIES.indexOf(f.severity) <= limit);
}
