// Controls outside the code (policies, risk assessment, training, vendor management...): what the
// team records about each control of the catalogue (rules/governance/_lib/catalogue.ts), from
// `.trustgate.yml` `controls:` and from policy documents in the repository (Markdown with YAML front
// matter). The governance rules judge this model; the readiness report credits the controls in force.
// Reads only Markdown files in the conventional policy folders and the paths `controls:` names, bounded.
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { readText } from '../read.js';

export interface CatalogueControl {
  id: string;
  title: string;
  kind: 'policy' | 'process';
  /** A missing required control is a finding; an optional one only counts when present. */
  required: boolean;
  criteria: string[];
  /** Case-insensitive regular expression a policy document's title is matched with. */
  titlePattern: string;
}

/** One entry of `.trustgate.yml` `controls:` (validated by core/config.ts). */
export interface ControlEntry {
  id: string;
  /** 1-based line of the entry's key. */
  line: number;
  owner?: string;
  evidence?: string;
  /** YYYY-MM-DD */
  lastReview?: string;
  reviewIntervalDays?: number;
  /** A policy document (path relative to the config's directory). */
  policy?: string;
  /** For controls that are not in the catalogue: the criteria they support. */
  criteria?: string[];
  title?: string;
  /** `ignore:`: waivers of this control's governance findings (core/governance/run.ts). */
  ignore?: ControlWaiver[];
}

/**
 * A waiver of governance findings, written in the policy under the control (`ignore: 'TG-GOV-003
 * reason="..." expires=YYYY-MM-DD'`), the directive form of every Trustgate suppression. Governance
 * findings are about the policy's own record, so they are waived there and nowhere else: on a pull
 * request the base commit's policy applies, and TG-CFG-001 reports a waiver the change adds.
 */
export interface ControlWaiver {
  ruleIds: string[];
  reason?: string;
  expires?: string;
  /** Why it does not waive anything (no reason, a placeholder, a bad date): reported, never honoured. */
  invalid?: string;
  /** Line of the `ignore:` key in the config file. */
  line: number;
}

export interface PolicyDocument {
  file: string;
  /** Line in the file (1-based) of each front-matter key. */
  lines: Record<string, number>;
  title: string;
  control?: string;
  owner?: string;
  version?: string;
  approvedBy?: string;
  approvedOn?: string;
  reviewIntervalDays?: number;
}

export interface ControlStatus {
  id: string;
  title: string;
  kind: 'policy' | 'process';
  required: boolean;
  criteria: string[];
  /** Where the control is recorded: its `controls:` entry and/or policy documents. */
  entry?: ControlEntry;
  documents: PolicyDocument[];
  owner: string | null;
  evidence: string | null;
  lastReview: string | null;
  reviewIntervalDays: number;
  /** lastReview + interval (YYYY-MM-DD); null without a review date. */
  nextReview: string | null;
  state: 'in-force' | 'missing' | 'unowned' | 'overdue' | 'no-evidence';
}

/** Recorded (under controls: or as a policy document) but without an owner. */
export const unowned = (c: ControlStatus) => c.state !== 'missing' && !c.owner;
/** Recorded, and never reviewed or past its next review date. */
export const overdue = (c: ControlStatus, today: string) => c.state !== 'missing' && (!c.nextReview || c.nextReview < today);

export interface GovernanceModel {
  /** The config file that opted in with `controls:` (absolute). */
  configFile: string;
  /** Line of the `controls:` key. */
  controlsLine: number;
  today: string;
  controls: ControlStatus[];
  /** Problems reading policy documents (front matter that does not parse), as scan notices. */
  notices: { file: string; line: number; message: string }[];
}

export const DEFAULT_REVIEW_DAYS = 365;
/** Folders searched for policy documents, relative to the config's directory. */
export const POLICY_DIRS = ['policies', 'docs/policies', 'docs/security', 'security', 'compliance', '.github/policies'];
const MAX_DOCS = 500;
const MAX_DEPTH = 4;

/** A review interval: whole days, `90d`, `6 weeks`, `12 months`, `1 year`, or quarterly/annually/yearly/monthly. */
export function parseInterval(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 && v <= 3660 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase();
  const named: Record<string, number> = { monthly: 30, quarterly: 91, 'semi-annually': 182, 'semi-annual': 182, annually: 365, annual: 365, yearly: 365 };
  if (named[s]) return named[s];
  const m = /^(\d{1,4})\s*(d|days?|w|weeks?|m|months?|y|years?)$/.exec(s);
  if (!m) return undefined;
  const n = Number(m[1]);
  const days = n * ({ d: 1, w: 7, m: 30, y: 365 } as Record<string, number>)[m[2][0]];
  return days > 0 && days <= 3660 ? days : undefined;
}

export const isDate = (s: unknown): s is string => typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`));
const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const dateOf = (v: unknown): string | undefined => (v instanceof Date ? v.toISOString().slice(0, 10) : isDate(v) ? v : typeof v === 'string' && isDate(v.slice(0, 10)) ? v.slice(0, 10) : undefined);

/** The front matter of a Markdown policy document, or undefined when it has none with a title. */
export function parsePolicyDocument(file: string, src: string): PolicyDocument | { error: string; line: number } | undefined {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\s*(?:\r?\n|$)/.exec(src);
  if (!m) return undefined;
  const lc = new LineCounter();
  const doc = parseDocument(m[1], { schema: 'core', lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) return { error: `front matter is not valid YAML: ${doc.errors[0].message.split('\n')[0]}`, line: 1 + (doc.errors[0].linePos?.[0].line ?? 1) };
  const v = doc.toJS({ maxAliasCount: 10 }) as unknown;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.title !== 'string' || !o.title.trim()) return undefined;
  const lines: Record<string, number> = {};
  const map = doc.contents as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null;
  for (const it of map?.items ?? []) if (it.key?.range && typeof it.key.value === 'string') lines[it.key.value] = lc.linePos(it.key.range[0]).line + 1; // + the opening ---
  const str = (k: string) => (typeof o[k] === 'string' && (o[k] as string).trim() ? (o[k] as string).trim() : typeof o[k] === 'number' ? String(o[k]) : undefined);
  return {
    file,
    lines,
    title: o.title.trim(),
    control: str('control'),
    owner: str('owner'),
    version: str('version'),
    approvedBy: str('approved-by'),
    approvedOn: dateOf(o['approved-on']),
    reviewIntervalDays: parseInterval(o['review-interval']),
  };
}

function markdownFiles(dir: string, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH || out.length >= MAX_DOCS) return;
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const n of names) {
    if (out.length >= MAX_DOCS) return;
    const p = join(dir, n);
    let st;
    try {
      st = lstatSync(p); // symlinks are not followed out of the repository
    } catch {
      continue;
    }
    if (st.isDirectory()) markdownFiles(p, depth + 1, out);
    else if (st.isFile() && /\.md$/i.test(n)) out.push(p);
  }
}

/** The policy documents of a repository: Markdown with front matter in POLICY_DIRS and the `policy:` paths of `controls:`. */
export function readPolicyDocuments(root: string, named: string[], maxBytes: number): { docs: PolicyDocument[]; notices: GovernanceModel['notices'] } {
  const files: string[] = [];
  for (const d of POLICY_DIRS) markdownFiles(join(root, d), 0, files);
  for (const p of named) {
    const abs = resolve(root, p);
    if ((abs === root || abs.startsWith(root + sep)) && existsSync(abs) && !files.includes(abs)) files.push(abs);
  }
  const docs: PolicyDocument[] = [];
  const notices: GovernanceModel['notices'] = [];
  for (const f of files) {
    const r = readText(f, maxBytes);
    if (!r.ok) continue;
    const d = parsePolicyDocument(f, r.text);
    if (d && 'error' in d) notices.push({ file: f, line: d.line, message: `policy document ${relative(root, f)}: ${d.error}` });
    else if (d) docs.push(d);
  }
  return { docs, notices };
}

/** Each catalogue control (and each custom `controls:` entry) with what is recorded about it, judged on `today`. */
export function buildGovernance(cfg: { path?: string; controls?: { line: number; entries: ControlEntry[] }; limits: { maxFileBytes: number } }, catalogue: readonly CatalogueControl[], today: string): GovernanceModel | undefined {
  if (!cfg.path || !cfg.controls) return undefined;
  const root = dirname(cfg.path);
  const entries = new Map(cfg.controls.entries.map((e) => [e.id, e]));
  const { docs, notices } = readPolicyDocuments(root, cfg.controls.entries.flatMap((e) => (e.policy ? [e.policy] : [])), cfg.limits.maxFileBytes);
  const known = new Map(catalogue.map((c) => [c.id, c]));
  const all: CatalogueControl[] = [...catalogue];
  for (const e of cfg.controls.entries)
    if (!known.has(e.id)) all.push({ id: e.id, title: e.title ?? e.id, kind: e.policy ? 'policy' : 'process', required: true, criteria: e.criteria ?? [], titlePattern: '' });
  const controls = all.map((c): ControlStatus => {
    const entry = entries.get(c.id);
    const re = c.titlePattern ? new RegExp(c.titlePattern, 'i') : undefined;
    const named = entry?.policy ? resolve(root, entry.policy) : undefined;
    const documents = docs.filter((d) => d.file === named || d.control === c.id || (!d.control && re?.test(d.title)));
    const reviews = [entry?.lastReview, ...documents.map((d) => d.approvedOn)].filter((x): x is string => !!x).sort();
    const lastReview = reviews.at(-1) ?? null;
    const interval = entry?.reviewIntervalDays ?? documents.find((d) => d.reviewIntervalDays)?.reviewIntervalDays ?? DEFAULT_REVIEW_DAYS;
    const owner = entry?.owner ?? documents.find((d) => d.owner)?.owner ?? null;
    const evidence = entry?.evidence ?? (documents.length ? relative(root, documents[0].file).split(sep).join('/') : null);
    const nextReview = lastReview ? addDays(lastReview, interval) : null;
    // An entry holding only a waiver records nothing about the control: it stays missing (and waived).
    const recordsSomething = !!entry && !(entry.ignore && [entry.owner, entry.evidence, entry.lastReview, entry.reviewIntervalDays, entry.policy, entry.criteria, entry.title].every((x) => x === undefined));
    const present = recordsSomething || documents.length > 0;
    const state: ControlStatus['state'] = !present ? 'missing' : !owner ? 'unowned' : !nextReview || nextReview < today ? 'overdue' : !evidence ? 'no-evidence' : 'in-force';
    return { id: c.id, title: c.title, kind: c.kind, required: c.required, criteria: c.criteria, entry, documents, owner, evidence, lastReview, reviewIntervalDays: interval, nextReview, state };
  });
  return { configFile: cfg.path, controlsLine: cfg.controls.line, today, controls, notices };
}
