// `trustgate aggregate`: many repositories' scan results folded into one organisation view. The inputs
// are read one file at a time and only aggregates are kept (one small row per repository, one entry
// per criterion, rule and team), so 10,000 repositories fit in bounded memory whatever their findings.
// A file that cannot be read or parsed is an input error, and the rest goes on.
import { closeSync, existsSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { mergeCriterion, VERDICTS, type CriterionSummary, type Verdict } from '../soc2/verdict.js';
import { compareCriteria } from '../soc2/criteria.js';
import { SEVERITIES, type Finding, type ScanResult, type Severity } from '../types.js';
import { PLAN_KIND, READINESS_FILE, REPO_FILE, REPO_KIND, SCAN_FILE, type OrgPlan, type ProtectionFacts, type RepoRecord } from './files.js';
import { isReadiness, ReadinessAggregator, type OrgReadiness } from './readiness.js';
import type { ReadinessReport } from '../readiness/model.js';

export type RepoStatus = 'scanned' | 'error' | 'excluded';

export interface RepoRow {
  repository: string;
  teams: string[];
  status: RepoStatus;
  /** Why it was not scanned (error, exclusion). */
  reason?: string;
  commit?: string;
  files: number;
  /** Unsuppressed findings. */
  findings: number;
  bySeverity: Record<Severity, number>;
  /** Findings that do not gate: suppressed by a person, or compensated (as a scan's `summary.suppressed`). */
  suppressed: number;
  /** Of `suppressed`, those satisfied by a compensating control. */
  compensated: number;
  indeterminate: number;
  /** Files the scan could not read or parse (error entries other than notices). */
  errors: number;
  unresolvedModules: number;
  failedCriteria: string[];
  incompleteCriteria: string[];
  protection?: ProtectionFacts | { unavailable: string };
  /** Readiness score (percent) from its readiness report, when there is one. */
  readiness?: number;
}

export interface CriterionRow extends CriterionSummary {
  id: string;
  /** Repositories per verdict of this criterion. */
  repos: Record<Verdict, number>;
}

export interface RuleRow {
  id: string;
  title: string;
  severity: Severity;
  controls: string[];
  repositories: number;
  findings: number;
}

export interface TeamRow {
  team: string;
  repositories: number;
  scanned: number;
  /** Scanned repositories with at least one unsuppressed finding. */
  failing: number;
  findings: number;
  bySeverity: Record<Severity, number>;
}

export interface InputError {
  file: string;
  message: string;
}

/** One repository's first finding of a rule, and how many it has (the SARIF output's results). */
export interface RepoRuleLocation {
  repository: string;
  ruleId: string;
  count: number;
  message: string;
  file: string;
  startLine: number;
  startColumn: number;
}

export interface OrgReport {
  kind: 'trustgate-org-report';
  organisation?: string;
  /** The audit window the report is for (a label: the scans show each default branch as it is now). */
  window?: { from: string; to: string };
  generatedAt: string;
  totals: {
    repositories: number;
    scanned: number;
    errors: number;
    excluded: number;
    /** Scanned repositories with at least one unsuppressed finding. */
    failing: number;
    findings: number;
    bySeverity: Record<Severity, number>;
    /** Findings that do not gate, of them `compensated` satisfied by a compensating control. */
    suppressed: number;
    compensated: number;
    indeterminate: number;
    files: number;
    /** Default branches requiring at least one approving review / requiring none / not readable. */
    protected: number;
    unprotected: number;
    protectionUnknown: number;
  };
  criteria: CriterionRow[];
  rules: RuleRow[];
  teams: TeamRow[];
  /** The worst repositories first (critical, then high, medium, low findings, then failed criteria). */
  worst: string[];
  repositories: RepoRow[];
  /** Rule sets the results were produced with (more than one: the results are not comparable). */
  rulesets: string[];
  inputErrors: InputError[];
  locations?: RepoRuleLocation[];
  /** The readiness report's sections across repositories, when per-repository readiness reports were read. */
  readiness?: OrgReadiness;
}

export interface AggregateOptions {
  /** Keep each repository's first location per rule (for SARIF). */
  keepLocations?: boolean;
  /** Larger files are input errors, not read. */
  maxFileBytes?: number;
  /** How many repositories `worst` names. */
  worst?: number;
  now?: Date;
}

const NO_TEAM = '(no owner)';
const MAX_DEPTH = 16;
const zeroSev = (): Record<Severity, number> => ({ critical: 0, high: 0, medium: 0, low: 0 });

/** Sort key: more critical first, then high, medium, low, then more failed criteria. */
export function compareOffenders(a: RepoRow, b: RepoRow): number {
  for (const s of SEVERITIES) if (a.bySeverity[s] !== b.bySeverity[s]) return b.bySeverity[s] - a.bySeverity[s];
  return b.failedCriteria.length - a.failedCriteria.length || a.repository.localeCompare(b.repository);
}

export class OrgAggregator {
  private readonly rows: RepoRow[] = [];
  private readonly seen = new Map<string, string>();
  private readonly byName = new Map<string, RepoRow>();
  private readonly readiness = new ReadinessAggregator();
  private readonly criteria = new Map<string, { sum: CriterionSummary; repos: Record<Verdict, number> }>();
  private readonly rules = new Map<string, RuleRow>();
  private readonly locations = new Map<string, RepoRuleLocation>();
  private readonly rulesets = new Set<string>();
  private readonly inputErrors: InputError[] = [];
  private organisation?: string;

  constructor(private readonly o: AggregateOptions = {}) {}

  inputError(file: string, message: string): void {
    this.inputErrors.push({ file, message });
  }

  /** The plan's exclusions become rows "not scanned, because…". */
  addPlan(plan: OrgPlan, file: string): void {
    if (typeof plan.organisation === 'string') this.organisation ??= plan.organisation;
    for (const x of Array.isArray(plan.excluded) ? plan.excluded : []) {
      if (typeof x?.repository !== 'string') continue;
      this.addRow({ ...emptyRow(x.repository, []), status: 'excluded', reason: String(x.reason ?? 'excluded by the plan') }, file);
    }
  }

  /** One repository: its record (or a name alone) and its scan result when there is one. */
  addRepository(meta: Partial<RepoRecord> & { repository: string }, scan: ScanResult | undefined, file: string, scanError?: string): void {
    const teams = Array.isArray(meta.teams) ? meta.teams.filter((t): t is string => typeof t === 'string') : [];
    const row = emptyRow(meta.repository, teams);
    if (typeof meta.commit === 'string') row.commit = meta.commit;
    if (meta.protection && typeof meta.protection === 'object') row.protection = meta.protection;
    if (!scan) {
      row.status = 'error';
      row.reason = scanError ?? (typeof meta.reason === 'string' ? meta.reason : 'no scan result');
      this.addRow(row, file);
      return;
    }
    if (!this.addRow(row, file)) return;
    const s = scan.summary;
    row.files = num(s.filesScanned);
    row.indeterminate = Array.isArray(scan.indeterminate) ? scan.indeterminate.length : 0;
    row.errors = Array.isArray(scan.errors) ? scan.errors.filter((e) => e?.kind !== 'notice').length : 0;
    row.unresolvedModules = Array.isArray(scan.unresolvedModules) ? scan.unresolvedModules.length : 0;
    if (scan.soc2?.rulesetDigest) this.rulesets.add(String(scan.soc2.rulesetDigest));
    const ruleSeen = new Set<string>();
    for (const f of scan.findings as Finding[]) {
      if (!f || typeof f.ruleId !== 'string') continue;
      if (f.suppressed) {
        row.suppressed++;
        if (f.compensated) row.compensated++;
        continue;
      }
      const sev = (SEVERITIES as readonly string[]).includes(f.severity) ? f.severity : 'low';
      row.findings++;
      row.bySeverity[sev]++;
      let rule = this.rules.get(f.ruleId);
      if (!rule) this.rules.set(f.ruleId, (rule = { id: f.ruleId, title: String(f.title ?? ''), severity: sev, controls: Array.isArray(f.controls) ? f.controls.map(String) : [], repositories: 0, findings: 0 }));
      rule.findings++;
      if (!ruleSeen.has(f.ruleId)) {
        ruleSeen.add(f.ruleId);
        rule.repositories++;
      }
      if (this.o.keepLocations) {
        const key = `${row.repository}\0${f.ruleId}`;
        const at = this.locations.get(key);
        if (at) at.count++;
        else this.locations.set(key, { repository: row.repository, ruleId: f.ruleId, count: 1, message: String(f.message ?? ''), file: String(f.location?.file ?? ''), startLine: num(f.location?.startLine) || 1, startColumn: num(f.location?.startColumn) || 1 });
      }
    }
    for (const [id, v] of Object.entries(s.byControl ?? {})) {
      if (!v || !(VERDICTS as readonly string[]).includes(v.verdict)) continue;
      const c = this.criteria.get(id) ?? { sum: undefined as unknown as CriterionSummary, repos: { fail: 0, incomplete: 0, pass: 0, 'not-evaluated': 0 } };
      const clean: CriterionSummary = { verdict: v.verdict, rules: num(v.rules), resources: num(v.resources), failed: num(v.failed), suppressed: num(v.suppressed), compensated: Math.min(num(v.compensated), num(v.suppressed)), indeterminate: num(v.indeterminate), unresolvedModules: num(v.unresolvedModules) };
      c.sum = mergeCriterion(c.sum, clean);
      c.repos[v.verdict]++;
      this.criteria.set(id, c);
      if (v.verdict === 'fail') row.failedCriteria.push(id);
      else if (v.verdict === 'incomplete') row.incompleteCriteria.push(id);
    }
    row.failedCriteria.sort(compareCriteria);
    row.incompleteCriteria.sort(compareCriteria);
  }

  private addRow(row: RepoRow, file: string): boolean {
    const first = this.seen.get(row.repository);
    if (first !== undefined) {
      this.inputError(file, `a second result for ${row.repository} (the first came from ${first}); this one is ignored`);
      return false;
    }
    this.seen.set(row.repository, file);
    this.byName.set(row.repository, row);
    this.rows.push(row);
    return true;
  }

  /** One repository's readiness report (its folder's readiness.json, or a loose file naming the repository). */
  addReadiness(repository: string, report: ReadinessReport, file: string): void {
    const problem = this.readiness.add(repository, report);
    if (problem) return this.inputError(file, problem);
    const row = this.byName.get(repository);
    if (row) row.readiness = Math.max(0, Math.min(100, Math.floor(report.score.overall.percent)));
  }

  finish(): OrgReport {
    const rows = this.rows.sort((a, b) => a.repository.localeCompare(b.repository));
    const scanned = rows.filter((r) => r.status === 'scanned');
    const totals: OrgReport['totals'] = {
      repositories: rows.length,
      scanned: scanned.length,
      errors: rows.filter((r) => r.status === 'error').length,
      excluded: rows.filter((r) => r.status === 'excluded').length,
      failing: scanned.filter((r) => r.findings > 0).length,
      findings: 0,
      bySeverity: zeroSev(),
      suppressed: 0,
      compensated: 0,
      indeterminate: 0,
      files: 0,
      protected: 0,
      unprotected: 0,
      protectionUnknown: 0,
    };
    const teams = new Map<string, TeamRow>();
    for (const r of rows) {
      if (r.status === 'excluded') continue;
      totals.findings += r.findings;
      totals.suppressed += r.suppressed;
      totals.compensated += r.compensated;
      totals.indeterminate += r.indeterminate;
      totals.files += r.files;
      for (const s of SEVERITIES) totals.bySeverity[s] += r.bySeverity[s];
      const p = r.protection;
      if (!p || 'unavailable' in p) totals.protectionUnknown++;
      else if (p.requiredReviews > 0) totals.protected++;
      else totals.unprotected++;
      for (const name of r.teams.length ? r.teams : [NO_TEAM]) {
        let t = teams.get(name);
        if (!t) teams.set(name, (t = { team: name, repositories: 0, scanned: 0, failing: 0, findings: 0, bySeverity: zeroSev() }));
        t.repositories++;
        if (r.status === 'scanned') t.scanned++;
        if (r.findings > 0) t.failing++;
        t.findings += r.findings;
        for (const s of SEVERITIES) t.bySeverity[s] += r.bySeverity[s];
      }
    }
    const criteria = [...this.criteria].sort(([a], [b]) => compareCriteria(a, b)).map(([id, c]) => ({ id, ...c.sum, repos: c.repos }));
    const rules = [...this.rules.values()].sort((a, b) => b.repositories - a.repositories || b.findings - a.findings || a.id.localeCompare(b.id));
    const worst = scanned
      .filter((r) => r.findings > 0)
      .sort(compareOffenders)
      .slice(0, this.o.worst ?? 20)
      .map((r) => r.repository);
    return {
      kind: 'trustgate-org-report',
      ...(this.organisation ? { organisation: this.organisation } : {}),
      generatedAt: (this.o.now ?? new Date()).toISOString(),
      totals,
      criteria,
      rules,
      teams: [...teams.values()].sort((a, b) => b.failing - a.failing || b.findings - a.findings || a.team.localeCompare(b.team)),
      worst,
      repositories: rows,
      rulesets: [...this.rulesets].sort(),
      inputErrors: this.inputErrors,
      ...(this.o.keepLocations ? { locations: [...this.locations.values()] } : {}),
      ...optional('readiness', this.readiness.finish(scanned.filter((r) => r.readiness === undefined).length, (a, b) => a.localeCompare(b))),
    };
  }
}

function emptyRow(repository: string, teams: string[]): RepoRow {
  return { repository, teams, status: 'scanned', files: 0, findings: 0, bySeverity: zeroSev(), suppressed: 0, compensated: 0, indeterminate: 0, errors: 0, unresolvedModules: 0, failedCriteria: [], incompleteCriteria: [] };
}

const optional = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as Record<K, V>));
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

// ---- reading the inputs ----------------------------------------------------------------------------

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

/** One JSON file, size-bounded; never throws. */
function readJson(file: string, maxBytes: number): Parsed {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size > maxBytes) return { ok: false, message: `${size} bytes, more than the ${maxBytes} allowed; not read` };
    return { ok: true, value: JSON.parse(readFileSync(fd, 'utf8')) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, message: err.code ? `cannot read: ${err.code}` : `not valid JSON: ${err.message}` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

const isScan = (v: unknown): v is ScanResult => {
  const x = v as ScanResult;
  return !!x && typeof x === 'object' && x.tool?.name === 'trustgate' && typeof x.summary === 'object' && !!x.summary && Array.isArray(x.findings);
};
const isRecord = (v: unknown): v is RepoRecord => !!v && typeof v === 'object' && (v as RepoRecord).kind === REPO_KIND && typeof (v as RepoRecord).repository === 'string';
const isPlan = (v: unknown): v is OrgPlan => !!v && typeof v === 'object' && (v as OrgPlan).kind === PLAN_KIND;

/**
 * Walk files and folders (symlinks are not followed) and feed every result to the aggregator, one
 * file at a time. `base` makes the file names in input errors relative.
 */
export function aggregateInputs(paths: string[], agg: OrgAggregator, o: { base: string; maxFileBytes?: number }): void {
  const max = o.maxFileBytes ?? 256 * 1024 * 1024;
  const rel = (f: string) => relative(o.base, f) || basename(f);

  const loose = (file: string) => {
    const p = readJson(file, max);
    if (!p.ok) return agg.inputError(rel(file), p.message);
    if (isPlan(p.value)) return agg.addPlan(p.value, rel(file));
    if (isRecord(p.value)) return basename(file) === REPO_FILE ? repoFolder(dirname(file), existsSync(join(dirname(file), SCAN_FILE))) : agg.addRepository(p.value, undefined, rel(file));
    if (isScan(p.value)) return agg.addRepository({ repository: basename(file).replace(/\.json$/i, '') }, p.value, rel(file));
    // <name>.readiness.json goes with the scan file <name>.json; any other name: the report's own repository name.
    if (isReadiness(p.value)) return agg.addReadiness(/\.readiness\.json$/i.test(file) ? basename(file).replace(/\.readiness\.json$/i, '') : String(p.value.repository?.name ?? basename(file)), p.value, rel(file));
    agg.inputError(rel(file), 'not a Trustgate scan result (trustgate scan --format json), readiness report (trustgate report --format json), repository record or plan');
  };

  /** A repository folder: repo.json, and scan.json when it was scanned. */
  const repoFolder = (dir: string, hasScan: boolean) => {
    const metaFile = join(dir, REPO_FILE);
    const m = readJson(metaFile, max);
    if (!m.ok || !isRecord(m.value)) {
      agg.inputError(rel(metaFile), m.ok ? 'not a Trustgate repository record' : m.message);
      if (hasScan) loose(join(dir, SCAN_FILE));
      return;
    }
    const meta = m.value;
    if (meta.status !== 'scanned') return agg.addRepository(meta, undefined, rel(metaFile));
    if (!hasScan) return agg.addRepository(meta, undefined, rel(metaFile), `its record says scanned but ${SCAN_FILE} is missing`);
    const s = readJson(join(dir, SCAN_FILE), max);
    if (!s.ok) return agg.addRepository(meta, undefined, rel(metaFile), `${SCAN_FILE} ${s.message}`);
    if (!isScan(s.value)) return agg.addRepository(meta, undefined, rel(metaFile), `${SCAN_FILE} is not a Trustgate scan result`);
    agg.addRepository(meta, s.value, rel(metaFile));
    const readinessFile = join(dir, READINESS_FILE);
    if (!existsSync(readinessFile)) return;
    const rr = readJson(readinessFile, max);
    if (!rr.ok || !isReadiness(rr.value)) return agg.inputError(rel(readinessFile), rr.ok ? 'not a Trustgate readiness report' : rr.message);
    agg.addReadiness(meta.repository, rr.value, rel(readinessFile));
  };

  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (e) {
      return agg.inputError(rel(dir), `cannot read the folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const names = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
    if (names.has(REPO_FILE)) repoFolder(dir, names.has(SCAN_FILE));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (depth >= MAX_DEPTH) agg.inputError(rel(p), `more than ${MAX_DEPTH} folders deep; not read`);
        else walk(p, depth + 1);
      } else if (e.isFile() && /\.json$/i.test(e.name) && !(names.has(REPO_FILE) && (e.name === REPO_FILE || e.name === SCAN_FILE || e.name === READINESS_FILE))) loose(p);
    }
  };

  for (const p of paths) {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      agg.inputError(rel(p), 'does not exist');
      continue;
    }
    if (st.isDirectory()) walk(p, 0);
    else if (st.isFile()) loose(p);
    else agg.inputError(rel(p), 'not a file or folder (symlinks are not followed)');
  }
}
