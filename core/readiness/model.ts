// The readiness report as data: one section per Trust Services Criteria family, built from a scan
// result (verdicts and counts from core/soc2/verdict.ts, rules from the SOC 2 mapping) and, when a
// ledger is given, the change history over a window. Every renderer (JSON, markdown, HTML) reads
// only this model, so the three formats say the same thing; its schema is schemas/report-v1.json.
import { isAbsolute, join, relative, sep } from 'node:path';
import { configDigest } from '../evidence/record.js';
import { blameLines } from '../evidence/git.js';
import { compensationsAt, type CompensatingControl } from '../evidence/compensations.js';
import { relPath } from '../report/paths.js';
import { CRITERIA } from '../soc2/criteria.js';
import { buildMapping, NO_RULE_YET, NOT_AUTOMATABLE, soc2Info } from '../soc2/mapping.js';
import { verdictOf, type CriterionCounts, type Verdict } from '../soc2/verdict.js';
import { SEVERITIES, type Finding, type RuleMeta, type ScanResult, type Severity, type Suppression } from '../types.js';
import type { Config } from '../config.js';
import type { ControlStatus, GovernanceModel } from '../governance/model.js';
import { ownersOf, readCodeOwners } from './codeowners.js';
import { buildHistory, type History } from './history.js';
import type { EvidenceRecord } from '../evidence/types.js';
import { GROUPS, pointsOf } from './groups.js';
import type { RepoInfo } from './repo.js';
import { credited, score, SCORE_RULE, SCORE_WHY, type Score } from './score.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface PointEntry {
  id: string;
  summary: string;
  automatable: boolean;
  verdict: Verdict;
  /** Why the verdict is what it is, one sentence. */
  why: string;
  /** Rules mapped to the point (soc2-mapping.json). */
  rules: string[];
  /** Applicable resources checked by at least one rule of the point. */
  resources: number;
  failed: number;
  /** Findings that do not gate (suppressed by a person, or compensated), as the scan's `byControl`. */
  suppressed: number;
  /** Of `suppressed`, those satisfied by a compensating control. */
  compensated: number;
  indeterminate: number;
  unresolvedModules: number;
  credited: boolean;
  /** Controls outside the code in force that cover the point (they credit it when the scan did not evaluate it). */
  controlsInForce: string[];
}

/** A control outside the code (catalogue or `controls:`), as recorded in the repository. */
export interface ControlRow {
  id: string;
  title: string;
  kind: 'policy' | 'process';
  required: boolean;
  state: ControlStatus['state'];
  owner: string | null;
  evidence: string | null;
  lastReview: string | null;
  nextReview: string | null;
  /** Policy documents recognised for it (paths relative to the report's directory). */
  documents: string[];
  criteria: string[];
}

export interface OpenFinding {
  ruleId: string;
  severity: Severity;
  title: string;
  message: string;
  /** Relative to the directory the report was run from. */
  file: string;
  line: number;
  column: number;
  /** The file at the scanned commit on the forge, when known. */
  url: string | null;
  criteria: string[];
  /** Set when a suppression matched but has expired. */
  suppressionExpired: string | null;
  /** Code owners of the file (CODEOWNERS, last matching pattern); empty when none. */
  owners: string[];
}

/** Open findings of one owner (or of nobody: owner null). */
export interface OwnerGroup {
  owner: string | null;
  findings: number;
  bySeverity: Record<Severity, number>;
  /** Sections with open findings of this owner. */
  sections: string[];
}

/** Who added a line (git blame of the scanned commit); null when not committed or outside git. */
export type AddedBy = { name: string; email: string; commit: string; date: string } | null;

/**
 * A compensating control (`# trustgate:compensated ID by="path"`): the finding is satisfied by a control
 * elsewhere in the repository. Listed apart from suppressions: nobody accepted the risk, a named
 * control addresses it, and what was verified about that control is stated.
 */
export interface CompensationEntry {
  ruleId: string;
  /** The directive's file and line (relative to the directory the report was run from). */
  file: string;
  line: number;
  /** The control's path, as written in by="…" (repository-relative). */
  control: string;
  /**
   * verified: the policy targets the rule's concern and enforces it; exists: the file is there, its kind
   * does not say more; invalid: the directive compensates nothing (its findings stay open).
   */
  status: 'verified' | 'exists' | 'invalid';
  /** One sentence: what was checked, or why it does not compensate. */
  detail: string;
  reason: string | null;
  addedBy: AddedBy;
  /** Findings it compensates (0 when invalid). */
  findings: number;
  criteria: string[];
}

/** Where the CC8.1 population report for the window is (`--population`, or the Action's artifact), with its counts when readable. */
export interface PopulationLink {
  /** A path (as given, relative to where the report was run) or an https URL; null when only an artifact name is known. */
  href: string | null;
  /** The workflow artifact holding it (the Action). */
  artifact: string | null;
  summary: { branch: string; from: string; to: string; total: number; covered: number; exceptions: number; ledgerHead: string | null; generatedAt: string } | null;
}

export interface SuppressionEntry {
  ruleId: string;
  source: Suppression['source'];
  file: string | null;
  line: number | null;
  reason: string;
  expires: string | null;
  /** Who added the suppression line (git blame of the scanned commit); null when not committed or outside git. */
  addedBy: AddedBy;
  /** Findings it suppresses. */
  findings: number;
  criteria: string[];
}

export interface Section {
  id: string;
  title: string;
  verdict: Verdict;
  score: Score;
  points: PointEntry[];
  /** Rules mapped to any point of the section. */
  rules: { id: string; title: string }[];
  findings: { total: number; bySeverity: Record<Severity, number>; listed: OpenFinding[]; truncated: boolean };
  suppressions: SuppressionEntry[];
  /** Compensating controls for findings of the section's rules (not suppressions: listed apart). */
  compensations: CompensationEntry[];
  /** Controls outside the code that support points of the section (empty without `controls:`). */
  controls: ControlRow[];
  cannotShow: string;
}

export interface ReadinessReport {
  schemaVersion: 1;
  kind: 'trustgate-readiness-report';
  tool: { name: 'trustgate'; version: string };
  repository: { name: string; commit: string | null };
  generatedAt: string;
  /** The ledger window (null: no ledger, a point-in-time report). */
  window: { from: string; to: string } | null;
  digests: { rulesetDigest: string; mappingDigest: string; mappingVersion: string; configDigest: string };
  scan: {
    roots: string[];
    filesScanned: number;
    findings: number;
    /** Findings that do not gate; of them `compensated` satisfied by a compensating control. */
    suppressed: number;
    compensated: number;
    indeterminate: number;
    errors: number;
    unresolvedModules: number;
  };
  score: { rule: string; why: string; overall: Score };
  /** How the controls operated over the window, from the ledger (null without --ledger). */
  history: History | null;
  /** Open findings grouped by code owner (a finding with two owners counts for each). */
  ownership: { file: string | null; groups: OwnerGroup[] };
  /** Whether `.trustgate.yml` records controls outside the code (`controls:`); without it none are credited. */
  governance: { recorded: boolean; controls: number; inForce: number };
  /** The population report (CC8.1: every change on the branch accounted for) this report goes with; null when none was given. */
  population: PopulationLink | null;
  sections: Section[];
}

export interface ReadinessInput {
  result: ScanResult;
  rules: readonly RuleMeta[];
  config: Config;
  cwd: string;
  repo: RepoInfo;
  window?: { from: string; to: string } | null;
  now?: Date;
  /** A verified evidence ledger (records and head digest) for the change history over `window`. */
  ledger?: { records: EvidenceRecord[]; head: string | null };
  /** The repository's record of controls outside the code (core/governance/), when it has one. */
  governance?: GovernanceModel;
  /** Open findings listed per section (counts stay complete). */
  maxListed?: number;
  /** The population report to link (`--population`, the Action's population artifact). */
  population?: PopulationLink | null;
}

const SEV_ORDER = (s: Severity) => SEVERITIES.indexOf(s);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function pointWhy(verdict: Verdict, c: CriterionCounts, status: string, ran: boolean): string {
  if (verdict === 'fail') return `${plural(c.failed, 'unsuppressed finding')}`;
  if (verdict === 'incomplete') {
    const parts = [c.indeterminate ? `${plural(c.indeterminate, 'check')} could not be decided` : '', c.unresolvedModules ? `${plural(c.unresolvedModules, 'module call')} not evaluated` : ''];
    return `nothing failed, but ${parts.filter(Boolean).join(' and ')}`;
  }
  if (verdict === 'pass') return `${plural(c.resources, 'applicable resource')} evaluated, nothing failed`;
  if (status === 'not-automatable') return NOT_AUTOMATABLE;
  if (status === 'no-rule-yet') return NO_RULE_YET;
  return ran ? 'no resource in the scan is one its rules apply to' : 'none of its rules ran on this scan (no input of their kind, or disabled)';
}

export function buildReadiness(i: ReadinessInput): ReadinessReport {
  const metas = i.rules.map((r) => {
    const { check: _c, ...m } = r as RuleMeta & { check?: unknown };
    void _c;
    return m as RuleMeta;
  });
  const mapping = new Map(buildMapping(metas).criteria.map((c) => [c.id, c]));
  const titles = new Map(metas.map((m) => [m.id, m.title]));
  const byControl = i.result.summary.byControl;
  const max = i.maxListed ?? 200;
  const toRoot = (abs: string) => (i.repo.root ? relative(i.repo.root, abs).split(sep).join('/') : undefined);
  const urlOf = (abs: string, line: number) => {
    const r = isAbsolute(abs) ? toRoot(abs) : undefined;
    return i.repo.blobBase && r && !r.startsWith('..') ? `${i.repo.blobBase}${r.split('/').map(encodeURIComponent).join('/')}#L${line}` : null;
  };
  const rejected = rejectedCompensations(i.repo, i.result.roots);
  const blame = lineBlame(blamedLines(i.result.findings, rejected), i.repo, toRoot);
  const ruleCriteria = new Map(metas.map((m) => [m.id, m.controls]));
  const compensations = compensationsOf(i.result.findings, rejected, (id) => ruleCriteria.get(id) ?? [], i.cwd, blame);
  const controls = i.governance?.controls ?? [];
  const codeowners = i.repo.root ? readCodeOwners(i.repo.root) : undefined;
  const ownerCache = new Map<string, string[]>();
  const ownersOfFile = (abs: string): string[] => {
    const rel = codeowners && isAbsolute(abs) ? toRoot(abs) : undefined;
    if (!rel || rel.startsWith('..')) return [];
    let o = ownerCache.get(rel);
    if (!o) ownerCache.set(rel, (o = ownersOf(codeowners!, rel).owners));
    return o;
  };
  const inForce = (id: string) => controls.filter((c) => c.state === 'in-force' && c.criteria.includes(id)).map((c) => c.id);

  const sections: Section[] = GROUPS.map((g) => {
    const ids = pointsOf(g.id);
    const points: PointEntry[] = ids.map((id) => {
      const m = mapping.get(id)!;
      const s = byControl[id];
      const c: CriterionCounts = { resources: s?.resources ?? 0, failed: s?.failed ?? 0, suppressed: s?.suppressed ?? 0, compensated: s?.compensated ?? 0, indeterminate: s?.indeterminate ?? 0, unresolvedModules: s?.unresolvedModules ?? 0 };
      const verdict = verdictOf(c);
      return {
        id,
        summary: CRITERIA[id].summary,
        automatable: m.automatable,
        verdict,
        why: pointWhy(verdict, c, m.status, !!s),
        rules: m.rules.map((r) => r.id),
        ...c,
        credited: credited(verdict, inForce(id).length > 0),
        controlsInForce: inForce(id),
      };
    });
    const inGroup = (f: Finding) => f.controls.some((c) => ids.includes(c));
    const open = i.result.findings.filter((f) => !f.suppressed && inGroup(f)).sort((a, b) => SEV_ORDER(a.severity) - SEV_ORDER(b.severity) || a.location.file.localeCompare(b.location.file) || a.location.startLine - b.location.startLine);
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, open.filter((f) => f.severity === s).length])) as Record<Severity, number>;
    const sum: CriterionCounts = points.reduce((a, p) => ({ resources: a.resources + p.resources, failed: a.failed + p.failed, suppressed: a.suppressed + p.suppressed, compensated: a.compensated + p.compensated, indeterminate: a.indeterminate + p.indeterminate, unresolvedModules: a.unresolvedModules + p.unresolvedModules }), { resources: 0, failed: 0, suppressed: 0, compensated: 0, indeterminate: 0, unresolvedModules: 0 });
    const ruleIds = [...new Set(points.flatMap((p) => p.rules))].sort();
    return {
      id: g.id,
      title: g.title,
      verdict: verdictOf(sum),
      score: score(points.filter((p) => p.credited).length, points.length),
      points,
      rules: ruleIds.map((id) => ({ id, title: titles.get(id) ?? id })),
      findings: {
        total: open.length,
        bySeverity,
        listed: open.slice(0, max).map((f) => ({
          ruleId: f.ruleId,
          severity: f.severity,
          title: f.title,
          message: f.message,
          file: relPath(f.location.file, i.cwd),
          line: f.location.startLine,
          column: f.location.startColumn,
          url: urlOf(f.location.file, f.location.startLine),
          criteria: f.controls,
          suppressionExpired: f.suppression?.expired ? (f.suppression.expires ?? 'expired') : null,
          owners: ownersOfFile(f.location.file),
        })),
        truncated: open.length > max,
      },
      suppressions: suppressionsOf(i.result.findings.filter((f) => f.suppressed && !f.compensated && inGroup(f)), i.cwd, blame),
      compensations: compensations.filter((c) => c.criteria.some((x) => ids.includes(x))),
      controls: controls
        .filter((c) => c.criteria.some((x) => ids.includes(x)))
        .map((c) => ({
          id: c.id,
          title: c.title,
          kind: c.kind,
          required: c.required,
          state: c.state,
          owner: c.owner,
          evidence: c.evidence,
          lastReview: c.lastReview,
          nextReview: c.nextReview,
          documents: c.documents.map((d) => relPath(d.file, i.cwd)),
          criteria: c.criteria,
        })),
      cannotShow: g.cannotShow,
    };
  });

  const allPoints = sections.flatMap((s) => s.points);
  const info = i.result.soc2 ?? soc2Info(metas);
  const r = i.result;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    kind: 'trustgate-readiness-report',
    tool: { name: 'trustgate', version: r.tool.version },
    repository: { name: i.repo.name, commit: i.repo.commit },
    generatedAt: (i.now ?? new Date()).toISOString(),
    window: i.window ?? null,
    digests: { rulesetDigest: info.rulesetDigest, mappingDigest: info.mappingDigest, mappingVersion: info.mappingVersion, configDigest: configDigest(i.config) },
    scan: {
      roots: r.roots.map((x) => relPath(x, i.cwd)),
      filesScanned: r.summary.filesScanned,
      findings: r.summary.findings,
      suppressed: r.summary.suppressed,
      compensated: r.summary.compensated,
      indeterminate: r.indeterminate.length,
      errors: r.errors.filter((e) => e.kind !== 'notice').length,
      unresolvedModules: r.unresolvedModules?.length ?? 0,
    },
    score: { rule: SCORE_RULE, why: SCORE_WHY, overall: score(allPoints.filter((p) => p.credited).length, allPoints.length) },
    history: i.ledger && i.window ? buildHistory(i.ledger.records, i.window, i.ledger.head) : null,
    ownership: { file: codeowners?.file ?? null, groups: ownerGroups(r.findings.filter((f) => !f.suppressed), ownersOfFile, sections) },
    governance: { recorded: !!i.governance, controls: controls.length, inForce: controls.filter((c) => c.state === 'in-force').length },
    population: i.population ?? null,
    sections,
  };
}

function ownerGroups(open: Finding[], ownersOfFile: (abs: string) => string[], sections: Section[]): OwnerGroup[] {
  const groups = new Map<string | null, OwnerGroup>();
  for (const f of open) {
    const owners = ownersOfFile(f.location.file);
    for (const owner of owners.length ? owners : [null]) {
      const g = groups.get(owner) ?? { owner, findings: 0, bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>, sections: [] };
      g.findings++;
      g.bySeverity[f.severity]++;
      for (const s of sections) if (!g.sections.includes(s.id) && f.controls.some((c) => s.points.some((p) => p.id === c))) g.sections.push(s.id);
      groups.set(owner, g);
    }
  }
  const order = new Map(sections.map((s, n) => [s.id, n]));
  for (const g of groups.values()) g.sections.sort((a, b) => order.get(a)! - order.get(b)!);
  // Most findings first; the unowned group last, as a call to assign owners.
  return [...groups.values()].sort((a, b) => (a.owner === null ? 1 : 0) - (b.owner === null ? 1 : 0) || b.findings - a.findings || (a.owner ?? '').localeCompare(b.owner ?? ''));
}

type Blame = Map<string, AddedBy>;
const suppKey = (file: string, line: number) => `${file}\0${line}`;

/** Who added each line (suppressions, compensation directives): one `git blame --porcelain` per file, at the scanned commit. */
function lineBlame(at: { file: string; line: number }[], repo: RepoInfo, toRoot: (abs: string) => string | undefined): Blame {
  const out: Blame = new Map();
  if (!repo.root || !repo.commit) return out;
  const lines = new Map<string, Set<number>>();
  for (const l of at) {
    const s = lines.get(l.file) ?? new Set<number>();
    s.add(l.line);
    lines.set(l.file, s);
  }
  for (const [file, ls] of lines) {
    const rel = toRoot(file);
    if (!rel || rel.startsWith('..')) continue;
    const who = blameLines(repo.root, repo.commit, rel, [...ls]);
    for (const [line, b] of who) out.set(suppKey(file, line), /^0+$/.test(b.commit) ? null : { name: b.name, email: b.email, commit: b.commit, date: b.date });
  }
  return out;
}

/** The lines blame is asked about: suppression comments and compensation directives of the scan's findings. */
function blamedLines(findings: Finding[], invalid: { abs: string; line: number }[]): { file: string; line: number }[] {
  const at: { file: string; line: number }[] = [];
  for (const f of findings) {
    if (f.compensated) at.push({ file: f.location.file, line: f.compensated.line });
    else if (f.suppressed && f.suppression?.location) at.push({ file: f.suppression.location.file, line: f.suppression.location.startLine });
  }
  for (const x of invalid) at.push({ file: x.abs, line: x.line });
  return at;
}

/**
 * Directives that compensate nothing: verified at the scanned commit (core/evidence/compensations.ts),
 * under the scanned paths, invalid for a rule. Outside git there is no commit to read them at, and the
 * scan's error entries are the record.
 */
function rejectedCompensations(repo: RepoInfo, roots: string[]): { abs: string; line: number; ruleId: string; by: string; reason: string | null; detail: string }[] {
  if (!repo.root || !repo.commit) return [];
  let all: CompensatingControl[];
  try {
    all = compensationsAt(repo.root, repo.commit);
  } catch {
    return [];
  }
  const under = (abs: string) => roots.some((r) => abs === r || abs.startsWith(r.endsWith(sep) ? r : r + sep));
  return all.flatMap((c) => {
    const abs = join(repo.root!, c.file);
    return under(abs) ? c.checks.filter((k) => k.status === 'invalid').map((k) => ({ abs, line: c.line, ruleId: k.ruleId, by: c.by, reason: c.reason, detail: k.detail })) : [];
  });
}

function compensationsOf(findings: Finding[], rejected: ReturnType<typeof rejectedCompensations>, criteriaOf: (ruleId: string) => string[], cwd: string, blame: Blame): CompensationEntry[] {
  const by = new Map<string, CompensationEntry>();
  for (const f of findings) {
    const c = f.compensated;
    if (!c) continue;
    const key = `${f.ruleId}\0${suppKey(f.location.file, c.line)}`;
    const e = by.get(key);
    if (e) {
      e.findings++;
      for (const x of f.controls) if (!e.criteria.includes(x)) e.criteria.push(x);
      continue;
    }
    by.set(key, { ruleId: f.ruleId, file: relPath(f.location.file, cwd), line: c.line, control: c.by, status: c.status, detail: c.detail, reason: c.reason ?? null, addedBy: blame.get(suppKey(f.location.file, c.line)) ?? null, findings: 1, criteria: [...f.controls] });
  }
  for (const x of rejected) {
    const key = `${x.ruleId}\0${suppKey(x.abs, x.line)}`;
    if (by.has(key)) continue;
    by.set(key, { ruleId: x.ruleId, file: relPath(x.abs, cwd), line: x.line, control: x.by, status: 'invalid', detail: x.detail, reason: x.reason, addedBy: blame.get(suppKey(x.abs, x.line)) ?? null, findings: 0, criteria: criteriaOf(x.ruleId) });
  }
  return [...by.values()].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId));
}

function suppressionsOf(findings: Finding[], cwd: string, blame: Blame): SuppressionEntry[] {
  const by = new Map<string, SuppressionEntry>();
  for (const f of findings) {
    const s = f.suppression;
    if (!s) continue;
    const l = s.location;
    const key = `${f.ruleId}\0${l ? suppKey(l.file, l.startLine) : s.source}\0${s.reason}`;
    const e = by.get(key);
    if (e) {
      e.findings++;
      for (const c of f.controls) if (!e.criteria.includes(c)) e.criteria.push(c);
      continue;
    }
    by.set(key, {
      ruleId: f.ruleId,
      source: s.source,
      file: l ? relPath(l.file, cwd) : null,
      line: l ? l.startLine : null,
      reason: s.reason,
      expires: s.expires ?? null,
      addedBy: l ? (blame.get(suppKey(l.file, l.startLine)) ?? null) : null,
      findings: 1,
      criteria: [...f.controls],
    });
  }
  return [...by.values()].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.ruleId.localeCompare(b.ruleId));
}
