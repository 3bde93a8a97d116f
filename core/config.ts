// .trustgate.yml: excluded paths, disabled rules, severity overrides, rule options, limits.
// Found upward from the scan root or given with --config. Any mistake is a clear ConfigError (exit 2).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { isDate, parseInterval, type ControlEntry, type ControlWaiver } from './governance/model.js';
import { isGovernanceRuleId, parseDirective } from './suppress.js';
import { CRITERIA } from './soc2/criteria.js';
import { optionErrors } from './options.js';
import { parseAudit, type AuditPin } from './audit.js';
import { PERSONAS, SEVERITIES, type Persona, type RuleMeta, type Severity } from './types.js';

/** What the config needs to know of a rule. */
export type KnownRule = Pick<RuleMeta, 'id' | 'options'>;

export interface Limits {
  /** Files larger than this are skipped with an error entry. */
  maxFileBytes: number;
  /** YAML aliases resolved per document (billion-laughs guard). */
  maxAliasCount: number;
  /** Nesting depth followed in YAML and HCL expressions. */
  maxDepth: number;
  /** Local child modules followed deep. */
  maxModuleDepth: number;
  /** YAML nodes the rules may visit in one file (aliases can make a small file look huge). */
  maxYamlNodeVisits: number;
  /** Time one file (or Terraform module) may take to analyse, enforced when scanning with worker threads. */
  maxFileMs: number;
  /** Downloaded modules (--download-modules): bytes of one module package, unpacked. */
  maxModuleBytes: number;
  /** Downloaded modules: bytes of all packages fetched in one scan. */
  maxModulesTotalBytes: number;
  /** Downloaded modules: time to fetch one module (registry lookups and the package). */
  maxModuleFetchMs: number;
  /** Downloaded modules: time for all downloads of one scan. */
  maxModulesFetchMs: number;
  /** Downloaded modules: how many packages one scan may fetch. */
  maxModules: number;
}

export const DEFAULT_LIMITS: Limits = { maxFileBytes: 5 * 1024 * 1024, maxAliasCount: 100, maxDepth: 200, maxModuleDepth: 10, maxYamlNodeVisits: 2_000_000, maxFileMs: 30_000,
  maxModuleBytes: 50 * 1024 * 1024, maxModulesTotalBytes: 500 * 1024 * 1024, maxModuleFetchMs: 60_000, maxModulesFetchMs: 300_000, maxModules: 200 };

export interface Config {
  /** Where the config came from (undefined: built-in defaults). */
  path?: string;
  exclude: string[];
  disabled: Set<string>;
  severity: Map<string, Severity>;
  options: Map<string, Record<string, unknown>>;
  failOn?: Severity | 'none';
  /** Which rules run (regular < pedantic < auditor); `--persona`, the Action and the editor override it. */
  persona: Persona;
  limits: Limits;
  /** `modules.allowedHosts`: when set, module downloads may contact only these hosts. */
  modules?: { allowedHosts?: string[] };
  /** `controls:`: the team's record of controls outside the code (docs/governance.md); absent = governance rules do not run. */
  controls?: { line: number; entries: ControlEntry[] };
  /** `audit`: the SOC 2 observation window and the ruleset pinned for it (core/audit.ts). */
  audit?: AuditPin;
}

export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

export const CONFIG_NAMES = ['.trustgate.yml', '.trustgate.yaml'];

export function defaultConfig(): Config {
  return { exclude: [], disabled: new Set(), severity: new Map(), options: new Map(), persona: 'regular', limits: { ...DEFAULT_LIMITS } };
}

/**
 * Look for a config file in `start` and its parents; with `stopAt` (the editor's workspace folder),
 * never above it: a workspace does not pick up a config from a directory it does not contain.
 */
export function findConfig(start: string, stopAt?: string): string | undefined {
  let dir = resolve(start);
  const top = stopAt === undefined ? undefined : resolve(stopAt);
  if (top !== undefined && dir !== top && !dir.startsWith(top.endsWith(sep) ? top : top + sep)) return undefined;
  for (let i = 0; i < 64; i++) {
    for (const n of CONFIG_NAMES) {
      const p = join(dir, n);
      if (existsSync(p)) return p;
    }
    const up = dirname(dir);
    if (up === dir || dir === top) return undefined;
    dir = up;
  }
  return undefined;
}

const TOP_KEYS = new Set(['exclude', 'rules', 'failOn', 'fail-on', 'persona', 'limits', 'modules', 'audit', 'controls']);
const CONTROL_KEYS = new Set(['owner', 'evidence', 'last-review', 'review-interval', 'policy', 'criteria', 'title', 'ignore']);
const RULE_KEYS = new Set(['disable', 'severity', 'options']);

/** `rules`: the rules the scan runs with (their ids and option schemas validate `rules:`). */
/**
 * The policy a command-line scan runs under: the file named by --config (relative to cwd), else the
 * `.trustgate.yml` found upward from the first scanned path, else the built-in defaults.
 */
export function cliConfig(named: string | undefined, firstPath: string, cwd: string, rules: readonly KnownRule[]): Config {
  if (named) return loadConfig(resolve(cwd, named), rules);
  const found = findConfig(resolve(cwd, firstPath));
  return found ? loadConfig(found, rules) : defaultConfig();
}

export function loadConfig(path: string, rules: readonly KnownRule[]): Config {
  let src: string;
  try {
    src = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config: ${(e as Error).message}`, path);
  }
  return parseConfig(src, path, rules);
}

export function parseConfig(src: string, path: string, rules: readonly KnownRule[]): Config {
  const known = new Map(rules.map((x) => [x.id, x]));
  const lc = new LineCounter();
  const doc = parseDocument(src, { schema: 'core', prettyErrors: false, lineCounter: lc });
  if (doc.errors.length) {
    const e = doc.errors[0];
    throw new ConfigError(`invalid YAML: ${e.message.split('\n')[0]}`, path, e.linePos?.[0].line);
  }
  const raw = doc.toJS({ maxAliasCount: 50 }) as unknown;
  const cfg = defaultConfig();
  cfg.path = path;
  if (raw === null || raw === undefined) return cfg;
  const err = (msg: string) => new ConfigError(msg, path);
  if (typeof raw !== 'object' || Array.isArray(raw)) throw err('the config must be a mapping');
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) if (!TOP_KEYS.has(k)) throw err(`unknown key "${k}" (expected one of: ${[...TOP_KEYS].join(', ')})`);
  const strList = (v: unknown, what: string): string[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw err(`${what} must be a list of strings`);
    return v;
  };
  const checkId = (id: string, what: string) => {
    if (!known.has(id)) throw err(`${what}: unknown rule id "${id}" (see \`trustgate rules\`)`);
  };
  const sev = (v: unknown, what: string): Severity => {
    if (typeof v !== 'string' || !(SEVERITIES as readonly string[]).includes(v)) throw err(`${what} must be one of ${SEVERITIES.join(', ')}`);
    return v as Severity;
  };
  cfg.exclude = strList(r.exclude, 'exclude');
  const fo = r.failOn ?? r['fail-on'];
  if (fo !== undefined) cfg.failOn = fo === 'none' ? 'none' : sev(fo, 'failOn');
  if (r.persona !== undefined) cfg.persona = parsePersona(r.persona, (m) => err(`persona ${m}`));
  if (r.rules !== undefined && r.rules !== null) {
    if (typeof r.rules !== 'object' || Array.isArray(r.rules)) throw err('rules must be a mapping');
    const rules = r.rules as Record<string, unknown>;
    for (const k of Object.keys(rules)) if (!RULE_KEYS.has(k)) throw err(`unknown key "rules.${k}" (expected disable, severity or options)`);
    for (const id of strList(rules.disable, 'rules.disable')) {
      checkId(id, 'rules.disable');
      cfg.disabled.add(id);
    }
    if (rules.severity !== undefined) {
      if (typeof rules.severity !== 'object' || !rules.severity || Array.isArray(rules.severity)) throw err('rules.severity must map rule ids to severities');
      for (const [id, s] of Object.entries(rules.severity)) {
        checkId(id, 'rules.severity');
        cfg.severity.set(id, sev(s, `rules.severity.${id}`));
      }
    }
    if (rules.options !== undefined) {
      if (typeof rules.options !== 'object' || !rules.options || Array.isArray(rules.options)) throw err('rules.options must map rule ids to option mappings');
      for (const [id, o] of Object.entries(rules.options)) {
        checkId(id, 'rules.options');
        if (typeof o !== 'object' || !o || Array.isArray(o)) throw err(`rules.options.${id} must be a mapping`);
        const problems = optionErrors(id, known.get(id)?.options, o as Record<string, unknown>);
        if (problems.length) throw err(problems.join('; '));
        cfg.options.set(id, o as Record<string, unknown>);
      }
    }
  }
  if (r.modules !== undefined && r.modules !== null) {
    if (typeof r.modules !== 'object' || Array.isArray(r.modules)) throw err('modules must be a mapping');
    const mods = r.modules as Record<string, unknown>;
    for (const k of Object.keys(mods)) if (k !== 'allowedHosts') throw err(`unknown key "modules.${k}" (expected allowedHosts)`);
    if (mods.allowedHosts !== undefined) cfg.modules = { allowedHosts: strList(mods.allowedHosts, 'modules.allowedHosts').map((h) => h.toLowerCase()) };
  }
  if (r.controls !== undefined && r.controls !== null) cfg.controls = parseControls(r.controls, doc, lc, (m, line) => new ConfigError(m, path, line), known);
  if (r.audit !== undefined && r.audit !== null) cfg.audit = parseAudit(r.audit, err);
  if (r.limits !== undefined && r.limits !== null) {
    if (typeof r.limits !== 'object' || Array.isArray(r.limits)) throw err('limits must be a mapping');
    for (const [k, v] of Object.entries(r.limits as Record<string, unknown>)) {
      if (!Object.hasOwn(DEFAULT_LIMITS, k)) throw err(`unknown limit "${k}" (expected one of: ${Object.keys(DEFAULT_LIMITS).join(', ')})`);
      if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw err(`limits.${k} must be a positive whole number`);
      (cfg.limits as unknown as Record<string, number>)[k] = v;
    }
  }
  return cfg;
}

type YamlMap = { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] };
const keyLines = (node: unknown, lc: LineCounter): Map<string, number> =>
  new Map(((node as YamlMap | null)?.items ?? []).filter((it) => it.key?.range).map((it) => [String(it.key!.value), lc.linePos(it.key!.range![0]).line]));

/**
 * `controls.<id>.ignore`: waivers of that control's governance findings, written as every Trustgate
 * directive ('TG-GOV-003 reason="..." expires=YYYY-MM-DD', several separated by `;`). A wrong rule id is
 * a config error; a missing or placeholder reason or a bad date makes that waiver invalid, reported by
 * the scan and never honoured (as for every other suppression).
 */
function parseWaivers(x: unknown, line: number, fail: (m: string) => ConfigError, known: Map<string, KnownRule>): ControlWaiver[] {
  if (typeof x !== 'string' || !x.trim()) throw fail(`must be a string: 'TG-GOV-003 reason="..." expires=YYYY-MM-DD' (several separated by ;)`);
  return x.split(/;|\n/).map((s) => s.trim()).filter(Boolean).map((part) => {
    const d = parseDirective(part);
    for (const id of d.ruleIds) {
      if (!isGovernanceRuleId(id)) throw fail(`${id} is not a governance rule: only TG-GOV findings are waived here; suppress other findings where they are reported`);
      if (!known.has(id)) throw fail(`unknown rule id "${id}" (see \`trustgate rules\`)`);
    }
    return { ruleIds: d.ruleIds, reason: d.reason, expires: d.expires, line, ...(d.invalid ? { invalid: d.invalid } : {}) };
  });
}

/** `controls:`: control id -> owner, evidence link, last review, review interval, policy document, criteria (custom controls). */
function parseControls(v: unknown, doc: ReturnType<typeof parseDocument>, lc: LineCounter, err: (m: string, line?: number) => ConfigError, known: Map<string, KnownRule>): { line: number; entries: ControlEntry[] } {
  const top = keyLines(doc.contents, lc);
  const node = doc.get('controls', true);
  const lines = keyLines(node, lc);
  if (typeof v !== 'object' || Array.isArray(v)) throw err('controls must map control ids (docs/governance.md) to their owner, evidence, last-review and review-interval', top.get('controls'));
  const entries: ControlEntry[] = [];
  for (const [id, raw] of Object.entries(v as Record<string, unknown>)) {
    const line = lines.get(id) ?? top.get('controls') ?? 1;
    const at = (m: string) => err(`controls.${id}: ${m}`, line);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(id)) throw at('a control id is lower-case words joined by hyphens, e.g. incident-response-plan');
    const o = raw === null ? {} : raw;
    if (typeof o !== 'object' || Array.isArray(o)) throw at('must be a mapping (owner, evidence, last-review, review-interval, policy)');
    const e: ControlEntry = { id, line };
    for (const [k, x] of Object.entries(o as Record<string, unknown>)) {
      if (!CONTROL_KEYS.has(k)) throw at(`unknown key "${k}" (expected one of: ${[...CONTROL_KEYS].join(', ')})`);
      const str = () => {
        if (typeof x !== 'string' || !x.trim()) throw at(`${k} must be a non-empty string`);
        return x.trim();
      };
      if (k === 'owner') e.owner = str();
      else if (k === 'evidence') e.evidence = str();
      else if (k === 'policy') e.policy = str();
      else if (k === 'title') e.title = str();
      else if (k === 'ignore') {
        const ignoreLine = keyLines(doc.getIn(['controls', id], true), lc).get('ignore') ?? line;
        e.ignore = parseWaivers(x, ignoreLine, (m) => err(`controls.${id}.ignore: ${m}`, ignoreLine), known);
      }
      else if (k === 'last-review') {
        if (!isDate(x)) throw at(`last-review must be a date YYYY-MM-DD (got ${JSON.stringify(x)})`);
        e.lastReview = x;
      } else if (k === 'review-interval') {
        const d = parseInterval(x);
        if (d === undefined) throw at(`review-interval must be days (e.g. 90), "90d", "6 months", "1 year", quarterly or annually (got ${JSON.stringify(x)})`);
        e.reviewIntervalDays = d;
      } else {
        if (!Array.isArray(x) || !x.every((c) => typeof c === 'string' && CRITERIA[c])) throw at('criteria must be a list of Trust Services Criteria ids, e.g. [CC1.4, CC2.2]');
        e.criteria = x as string[];
      }
    }
    entries.push(e);
  }
  return { line: top.get('controls') ?? 1, entries };
}

/** A persona name from a flag, an input, a setting or the config file; `fail` builds the error. */
export function parsePersona(v: unknown, fail: (msg: string) => Error): Persona {
  if (typeof v === 'string' && (PERSONAS as readonly string[]).includes(v.trim().toLowerCase())) return v.trim().toLowerCase() as Persona;
  throw fail(`must be one of ${PERSONAS.join(', ')} (got ${JSON.stringify(v)})`);
}
