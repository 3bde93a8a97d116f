// Compensating controls: `# trustgate:compensated TG-K8S-001 by="policies/kyverno/no-privileged.yaml"`
// (also `//`), placed like `trustgate:ignore` (on the line, above it, or above the enclosing block).
// The finding is satisfied by a control elsewhere in the repository, named by its path: it stays in
// the output, shown as compensated (not as a suppression), and does not fail the gate. The path is
// verified: it must exist inside the repository; for an admission policy whose kind makes the concern
// decidable (a Kyverno ClusterPolicy/Policy, a Gatekeeper ConstraintTemplate with its Constraint) it
// must validate the field the rule is about and enforce it (not audit or dry-run only). A directive
// whose control cannot be verified compensates nothing and is an error entry with its location.
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Finding, Location, ScanError } from './types.js';

export interface Compensation {
  line: number;
  ruleIds: string[];
  /** The control, as written (repository-relative). */
  by: string;
  reason?: string;
  loc: Location;
}

/** What was verified about the named control. */
export interface CompensationCheck {
  /** verified: the policy targets the rule's concern and enforces it; exists: the file is there, its kind does not say more. */
  status: 'verified' | 'exists' | 'invalid';
  /** One sentence: what was checked, or why it does not compensate. */
  detail: string;
}

const MARKER = /(?:#|\/\/)\s*trustgate:compensated\b(.{0,1000})$/;

/**
 * The field a policy must validate to address each rule's concern (Kubernetes pod-spec rules, where
 * the admission policy's kind makes it decidable). Rules not listed: existence of the control only.
 */
export const CONCERNS: Record<string, string[]> = {
  'TG-K8S-001': ['privileged'],
  'TG-K8S-002': ['allowPrivilegeEscalation'],
  'TG-K8S-003': ['runAsNonRoot', 'runAsUser'],
  'TG-K8S-004': ['hostNetwork', 'hostPID', 'hostIPC'],
  'TG-K8S-005': ['hostPort'],
  'TG-K8S-006': ['hostPath'],
  'TG-K8S-007': ['capabilities'],
  'TG-K8S-008': ['capabilities'],
  'TG-K8S-009': ['automountServiceAccountToken'],
  'TG-K8S-011': ['image'],
  'TG-K8S-012': ['image'],
  'TG-K8S-022': ['readOnlyRootFilesystem'],
  'TG-K8S-023': ['seccompProfile'],
  'TG-K8S-024': ['resources', 'limits'],
};

export function parseCompensations(file: string, src: string): Compensation[] {
  if (!src.includes('trustgate:compensated')) return [];
  const out: Compensation[] = [];
  const lines = src.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].length <= 4000 ? MARKER.exec(lines[i]) : null;
    if (!m) continue;
    const rest = m[1];
    const by = /\bby\s*=\s*(?:"([^"]{1,300})"|'([^']{1,300})')/.exec(rest);
    const reason = /\breason\s*=\s*(?:"([^"]{0,500})"|'([^']{0,500})')/.exec(rest);
    const head = rest.replace(/\b(by|reason)\s*=.*$/, '');
    const ids = head.split(/[\s,]+/).filter((t) => /^[A-Z][A-Z0-9_]*(-[A-Z0-9_]+)+$/i.test(t)).map((t) => t.toUpperCase());
    out.push({ line: i + 1, ruleIds: ids, by: (by?.[1] ?? by?.[2] ?? '').trim(), reason: reason ? (reason[1] ?? reason[2] ?? '').trim() : undefined, loc: { file, startLine: i + 1, startColumn: m.index + 1, endLine: i + 1, endColumn: lines[i].length + 1 } });
  }
  return out;
}

/** The repository a file belongs to: the nearest ancestor holding `.git`, else `fallback`. */
export function repoRootOf(file: string, fallback: string): string {
  let d = dirname(resolve(file));
  for (let i = 0; i < 64; i++) {
    if (existsSync(join(d, '.git'))) return d;
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  return resolve(fallback);
}

const within = (root: string, p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

/** Read the named control inside `root` (never through a symlink out of it); a reason when it cannot be. */
function readControl(root: string, by: string): { text: string } | { problem: string } {
  if (!by) return { problem: 'names no control (by="path/to/policy.yaml")' };
  if (isAbsolute(by) || by.split(/[\\/]/).includes('..')) return { problem: `names "${by}", which is not a path inside the repository` };
  const abs = resolve(root, by);
  if (!within(root, abs) || !existsSync(abs)) return { problem: `names ${by}, which does not exist in the repository` };
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    return { problem: `names ${by}, which cannot be read` };
  }
  if (!within(realpathSync(root), real)) return { problem: `names ${by}, a link that leads out of the repository` };
  if (!lstatSync(real).isFile()) return { problem: `names ${by}, which is not a file` };
  if (lstatSync(real).size > 1024 * 1024) return { problem: `names ${by}, larger than 1 MiB` };
  return { text: readFileSync(real, 'utf8') };
}

type Doc = Record<string, unknown>;

/** Does any key (or Rego text) under `v` name one of `fields`? Bounded walk. */
function mentions(v: unknown, fields: string[], depth = 0): boolean {
  if (depth > 40 || v === null || v === undefined) return false;
  if (typeof v === 'string') return fields.some((f) => new RegExp(`\\b${f}\\b`).test(v));
  if (Array.isArray(v)) return v.some((x) => mentions(x, fields, depth + 1));
  if (typeof v === 'object') return Object.entries(v as Doc).some(([k, x]) => fields.some((f) => k.replace(/^[=^X<+]\(|\)$/g, '') === f) || mentions(x, fields, depth + 1));
  return false;
}

const lc = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '');

/** Verify a control's text against a rule: Kyverno and Gatekeeper by their concern, anything else by existence. */
export function checkControl(by: string, text: string, ruleId: string): CompensationCheck {
  const fields = CONCERNS[ruleId];
  let docs: Doc[] = [];
  if (/\.ya?ml$/i.test(by)) {
    try {
      docs = parseAllDocuments(text, { schema: 'core' })
        .map((d) => d.toJS({ maxAliasCount: 50 }) as unknown)
        .filter((d): d is Doc => !!d && typeof d === 'object' && !Array.isArray(d));
    } catch {
      docs = [];
    }
  }
  const kyverno = docs.filter((d) => /^kyverno\.io\//.test(String(d.apiVersion)) && (d.kind === 'ClusterPolicy' || d.kind === 'Policy'));
  const templates = docs.filter((d) => /^templates\.gatekeeper\.sh\//.test(String(d.apiVersion)) && d.kind === 'ConstraintTemplate');
  if (!kyverno.length && !templates.length) return { status: 'exists', detail: `${by} exists; its kind does not say which concern it controls, so only its presence was checked` };
  if (!fields) return { status: 'exists', detail: `${by} is an admission policy; ${ruleId} has no field to match it against, so only its presence was checked` };
  const want = fields.join(' / ');
  for (const p of kyverno) {
    const spec = (p.spec ?? {}) as Doc;
    const rules = (Array.isArray(spec.rules) ? spec.rules : []) as Doc[];
    const policyAction = lc(spec.validationFailureAction);
    for (const r of rules) {
      const v = r.validate as Doc | undefined;
      if (!v || !mentions(v, fields)) continue;
      const action = lc(v.failureAction) || policyAction || 'audit';
      if (action !== 'enforce') return { status: 'invalid', detail: `${by}: Kyverno ${p.kind} rule "${String(r.name ?? '?')}" validates ${want} but only audits it (validationFailureAction ${action}); it does not prevent the finding` };
      return { status: 'verified', detail: `${by}: Kyverno ${p.kind} "${String((p.metadata as Doc | undefined)?.name ?? '?')}" rule "${String(r.name ?? '?')}" enforces ${want}` };
    }
  }
  for (const t of templates) {
    const kind = ((((t.spec as Doc | undefined)?.crd as Doc | undefined)?.spec as Doc | undefined)?.names as Doc | undefined)?.kind;
    if (!mentions((t.spec as Doc | undefined)?.targets, fields)) continue;
    const constraint = docs.find((d) => /^constraints\.gatekeeper\.sh\//.test(String(d.apiVersion)) && d.kind === kind);
    if (!constraint) return { status: 'invalid', detail: `${by}: the Gatekeeper ConstraintTemplate ${String(kind)} checks ${want}, but no ${String(kind)} constraint in the file applies it` };
    const action = lc((constraint.spec as Doc | undefined)?.enforcementAction) || 'deny';
    if (action !== 'deny') return { status: 'invalid', detail: `${by}: the Gatekeeper constraint ${String(kind)} runs as ${action}, not deny; it does not prevent the finding` };
    return { status: 'verified', detail: `${by}: Gatekeeper ConstraintTemplate ${String(kind)} checks ${want} and its constraint denies` };
  }
  return { status: 'invalid', detail: `${by} is an admission policy, but none of its rules validates ${want} (what ${ruleId} is about)` };
}

/**
 * Apply a file's compensation directives to its findings (mutates them: `compensated`, and
 * `suppressed` so no gate counts them). Returns error entries for directives that compensate nothing.
 */
export function applyCompensations(findings: Finding[], src: string, comps: Compensation[], blockLines: Map<Finding, number | undefined>, root: string): ScanError[] {
  const errors: ScanError[] = [];
  if (!comps.length) return errors;
  const lines = src.split(/\r\n|\r|\n/);
  const byLine = new Map(comps.map((c) => [c.line, c]));
  const checked = new Map<string, CompensationCheck>();
  const bad = new Set<Compensation>();
  const check = (c: Compensation, ruleId: string): CompensationCheck => {
    const k = `${c.by}\0${ruleId}`;
    let r = checked.get(k);
    if (!r) {
      const read = readControl(root, c.by);
      r = 'problem' in read ? { status: 'invalid', detail: read.problem } : checkControl(c.by, read.text, ruleId);
      checked.set(k, r);
    }
    return r;
  };
  for (const c of comps) {
    if (!c.ruleIds.length) {
      bad.add(c);
      errors.push({ file: c.loc.file, line: c.line, column: c.loc.startColumn, kind: 'suppression', message: 'trustgate:compensated names no rule id; it compensates nothing' });
    }
  }
  for (const f of findings) {
    if (f.suppressed) continue;
    const anchors = [f.location.startLine, blockLines.get(f)].filter((x): x is number => !!x);
    for (const a of anchors) {
      // The line itself and the comment lines directly above it.
      let c: Compensation | undefined;
      for (let l = a; l >= 1 && l > a - 20; l--) {
        const hit = byLine.get(l);
        if (hit?.ruleIds.includes(f.ruleId)) {
          c = hit;
          break;
        }
        if (l < a && !/^\s*(#|\/\/)/.test(lines[l - 1] ?? '')) break;
      }
      if (!c) continue;
      const r = check(c, f.ruleId);
      if (r.status === 'invalid') {
        if (!bad.has(c)) errors.push({ file: c.loc.file, line: c.line, column: c.loc.startColumn, kind: 'suppression', message: `trustgate:compensated ${f.ruleId} ${r.detail}; the finding is reported` });
        bad.add(c);
        break;
      }
      f.compensated = { by: c.by, status: r.status, detail: r.detail, ...(c.reason ? { reason: c.reason } : {}), line: c.line };
      f.suppressed = true;
      break;
    }
  }
  return errors;
}
