// The editor's view of the engine, free of the vscode API (the bench drives it directly).
// A "unit" is what one scan covers: a Terraform module folder (its .tf/.tofu/.tfvars files in either syntax, so variables
// resolve) or one YAML file (a Kubernetes manifest or a workflow). Unrelated files have no unit: no work.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ALL_RULES } from '../../rules/index.js';
import { compileGlob } from '../../core/glob.js';
import { ConfigError, defaultConfig, findConfig, loadConfig, type Config } from '../../core/config.js';
import { scan } from '../../core/engine.js';
import { classify } from '../../core/files.js';
import { emptyKindCounts, isTerraformFile } from '../../core/inputs.js';
import type { Rule } from '../../core/rule.js';
import type { EditorParses } from '../../core/hcl/incremental.js';
import { workflowKindOf } from '../../core/workflow/model.js';
import { SEVERITIES, type Persona, type ScanResult, type Severity } from '../../core/types.js';

export interface Settings {
  minimumSeverity: Severity;
  /** Empty: every category. */
  enabledCategories: string[];
  /** Relative to the workspace folder; empty: nearest .trustgate.yml above the file. */
  configPath: string;
  showSuppressed: boolean;
  /** trustgate.persona; undefined: the config's `persona` (default regular). */
  persona?: Persona;
}

export const DEFAULT_SETTINGS: Settings = { minimumSeverity: 'low', enabledCategories: [], configPath: '', showSuppressed: false };

export interface Unit {
  key: string;
  kind: 'terraform' | 'yaml';
  /** Module folder (terraform) or the file's folder (yaml). */
  dir: string;
  /** The YAML file; for terraform the files are listed at scan time. */
  file?: string;
  /** Workspace folder (cwd of the scan; workflow paths are judged relative to it). */
  root: string;
}

const K8S_HINT = /^\s*apiVersion\s*:/m;
const K8S_KIND = /^\s*kind\s*:/m;

/** The unit a file belongs to, or undefined for files Trustgate does not read (no work at all). */
export function unitOf(path: string, text: string | undefined | (() => string), root: string): Unit | undefined {
  const kind = classify(path);
  if (isTerraformFile(path)) {
    const dir = dirname(path);
    return { key: `tf:${dir}`, kind: 'terraform', dir, root };
  }
  if (kind !== 'yaml') return undefined;
  const rel = relative(root, path);
  const wf = workflowKindOf(rel.startsWith('..') ? path : rel) ?? workflowKindOf(path);
  if (!wf) {
    const t = typeof text === 'function' ? text() : text;
    if (t === undefined || !K8S_HINT.test(t) || !K8S_KIND.test(t)) return undefined;
  }
  return { key: `yaml:${path}`, kind: 'yaml', dir: dirname(path), file: path, root };
}

/** The files a unit scans: for terraform, the folder's configuration and variable files on disk (not its subfolders). */
export function unitFiles(u: Unit): string[] {
  if (u.kind === 'yaml') return existsSync(u.file!) ? [u.file!] : [];
  let names: string[];
  try {
    names = readdirSync(u.dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names.sort()) {
    const p = join(u.dir, n);
    if (!isTerraformFile(p)) continue;
    try {
      if (statSync(p).isFile()) out.push(p);
    } catch {
      /* vanished */
    }
  }
  return out;
}

// ---- Config (.trustgate.yml), cached per folder until a config file or a setting changes ----------

export interface ConfigState {
  config: Config;
  error?: { file: string; line?: number; message: string };
}

const configCache = new Map<string, ConfigState>();

export function clearConfigCache(): void {
  configCache.clear();
}

export function configFor(dir: string, root: string, s: Settings): ConfigState {
  const key = `${s.configPath}|${s.persona ?? ''}|${root}|${dir}`;
  const hit = configCache.get(key);
  if (hit) return hit;
  let state: ConfigState;
  const path = s.configPath ? resolve(root, s.configPath) : findConfig(dir, root);
  if (!path) state = { config: defaultConfig() };
  else if (!within(root, path))
    state = { config: defaultConfig(), error: { file: path, message: `Trustgate: trustgate.configPath ${s.configPath} is outside the workspace folder; ignored (using the defaults)` } };
  else {
    try {
      state = { config: loadConfig(path, ALL_RULES) };
    } catch (e) {
      const ce = e as ConfigError;
      state = { config: defaultConfig(), error: { file: ce.file ?? path, line: ce.line, message: `Trustgate config error: ${ce.message} (using the defaults until it is fixed)` } };
    }
  }
  // The editor's trustgate.persona wins over the config file's `persona` (like --persona).
  if (s.persona) state = { ...state, config: { ...state.config, persona: s.persona } };
  configCache.set(key, state);
  return state;
}

const within = (root: string, p: string) => {
  const r = relative(root, p);
  return r !== '' && r !== '..' && !r.startsWith('..' + sep) && !isAbsolute(r);
};

/** True when .trustgate.yml's `exclude` covers the file (the CLI skips it when walking). */
export function isExcluded(file: string, cs: ConfigState, root: string): boolean {
  if (!cs.config.exclude.length) return false;
  const bases = [root, cs.config.path ? dirname(cs.config.path) : root];
  return cs.config.exclude.map(compileGlob).some((re) => bases.some((b) => re.test(relative(b, file).split(sep).join('/'))));
}

export function rulesFor(s: Settings): Rule[] {
  return s.enabledCategories.length ? ALL_RULES.filter((r) => s.enabledCategories.includes(r.category)) : ALL_RULES;
}

/** Drop findings below the minimum severity (after .trustgate.yml severity overrides). */
export function applyMinimumSeverity(r: ScanResult, min: Severity): ScanResult {
  const limit = SEVERITIES.indexOf(min);
  if (limit === SEVERITIES.length - 1) return r;
  return { ...r, findings: r.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= limit) };
}

export interface UnitResult {
  unit: Unit;
  /** Files whose diagnostics this result defines (absent files get none). */
  files: string[];
  result: ScanResult;
  configState: ConfigState;
}

/** Scan one unit with in-memory overrides (open editor buffers, by absolute path); `parses`: the editor's parse state (incremental). */
export async function runUnit(u: Unit, overrides: Map<string, string>, s: Settings, signal?: AbortSignal, parses?: EditorParses): Promise<UnitResult> {
  const cs = configFor(u.dir, u.root, s);
  const all = unitFiles(u);
  const files = all.filter((f) => !isExcluded(f, cs, u.root));
  const parseCache = files.length && u.kind === 'terraform' ? await parses?.forScan(overrides, cs.config) : undefined;
  const result = files.length
    ? await scan({ paths: files, cwd: u.root, config: cs.config, rules: rulesFor(s), overrides, signal, parseCache })
    : emptyResult();
  return { unit: u, files: all, result: applyMinimumSeverity(result, s.minimumSeverity), configState: cs };
}

/** Scan a whole workspace folder, as `trustgate scan <folder>` does. */
export async function runFolder(root: string, overrides: Map<string, string>, s: Settings, signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<{ result: ScanResult; configState: ConfigState }> {
  const cs = configFor(root, root, s);
  const result = await scan({ paths: [root], cwd: root, config: cs.config, rules: rulesFor(s), overrides, signal, onProgress });
  return { result: applyMinimumSeverity(result, s.minimumSeverity), configState: cs };
}

function emptyResult(): ScanResult {
  return {
    tool: { name: 'trustgate', version: '' },
    findings: [],
    indeterminate: [],
    errors: [],
    unresolvedModules: [],
    roots: [],
    summary: { filesScanned: 0, filesByKind: emptyKindCounts(), findings: 0, suppressed: 0, compensated: 0, bySeverity: { critical: 0, high: 0, medium: 0, low: 0 }, byControl: {}, durationMs: 0 },
  };
}

