// Inline suppressions: `# trustgate:ignore TG-AWS-001 reason="..." [expires=YYYY-MM-DD]` (also `//`),
// on the offending line, the line above it, or above the enclosing block. A reason is mandatory.
// Terraform's JSON syntax has no comments but ignores `"//"` properties: there the directive is
// `"//": "trustgate:ignore TG-AWS-001 reason='...'"` (or reason=\"...\"), placed the same way.
// Every kind (our comments and annotations, peers' skips) goes through reasonProblem(): a reason that is
// empty, a placeholder or shorter than a few words makes the suppression invalid (reported, not honoured).
import type { Finding, Location, ScanError, Suppression } from './types.js';
import { bracketBlockEnd } from './hcl/block-end.js';
import type { YView } from './yaml/view.js';
import { ALIAS_SOURCES, type Peer } from '../rules/_lib/alias-sources.js';

export interface InlineSuppression {
  line: number;
  ruleIds: string[];
  reason?: string;
  expires?: string;
  loc: Location;
  /** Why it is not valid (no reason, bad date); an invalid suppression never suppresses. */
  invalid?: string;
  /** A peer tool's inline skip (`checkov:skip=CKV_AWS_19`), mapped to our rules by their aliases, for messages (with the rule ids). */
  via?: string;
  /** That skip as written (`checkov:skip=CKV_AWS_19`), kept with the suppression it makes. */
  peerSkip?: string;
  /** A peer skip naming ids no Trustgate rule aliases: it suppresses nothing, and a notice says so. */
  unmatched?: string;
  /** The skip applies anywhere inside the enclosing block (Checkov's placement), not only above it. */
  inBlock?: boolean;
  /** The skip applies on any line of the finding's span, from its enclosing block (zizmor's placement). */
  inSpan?: boolean;
}

const MARKER = /(?:#|\/\/|\/\*)\s*trustgate:ignore\b(.*)$/;
const JSON_MARKER = /"\/\/"\s*:\s*"\s*trustgate:ignore\b((?:[^"\\]|\\.){0,2000})"/;
const COMMENT_START = /^(#|\/\/|\/\*|\*|"\/\/"\s*:)/;

/** The reason the editor's "Suppress with justification" snippet leaves selected; it never justifies anything. */
export const REASON_PLACEHOLDER = 'why this is acceptable';
/** A reason must have at least this many words and characters (like "test fixture only", "ticket SEC-12 approved"). */
export const MIN_REASON_WORDS = 3;
export const MIN_REASON_CHARS = 10;
const PLACEHOLDERS = new Set([REASON_PLACEHOLDER, 'why', 'reason', 'the reason', 'justification', 'todo', 'tbd', 'fixme', 'xxx', 'n/a', 'none', 'ok']);

/**
 * Why `reason` does not justify a suppression (a sentence fragment for "<directive> ..."), or undefined
 * when it does: empty, a placeholder (the editor snippet's default, "...", "TODO"), or shorter than
 * MIN_REASON_WORDS words / MIN_REASON_CHARS characters.
 */
export function reasonProblem(reason: string | undefined, missingHint = 'reason="..."'): string | undefined {
  const r = (reason ?? '').trim();
  if (!r) return `has no ${missingHint}; a suppression must say why`;
  const shown = r.length > 60 ? `${r.slice(0, 57)}...` : r;
  if (PLACEHOLDERS.has(r.toLowerCase()) || /^[\s.…_*?-]*$/.test(r)) return `has a placeholder reason ("${shown}"); write why the finding is acceptable`;
  const words = r.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  if (words < MIN_REASON_WORDS || r.length < MIN_REASON_CHARS) return `has a reason too short to justify it ("${shown}"); write at least ${MIN_REASON_WORDS} words (why it is acceptable, who approved it, a ticket)`;
  return undefined;
}

/** Parse the `TG-X-1,TG-Y-2 reason="..." expires=...` part shared by comments and annotations. */
export function parseDirective(rest: string): { ruleIds: string[]; reason?: string; expires?: string; invalid?: string } {
  const ids: string[] = [];
  let reason: string | undefined;
  let expires: string | undefined;
  // Bounded, linear patterns: no nested quantifiers.
  const reasonM = rest.match(/\breason\s*=\s*(?:"([^"]{0,500})"|'([^']{0,500})')/);
  if (reasonM) reason = (reasonM[1] ?? reasonM[2] ?? '').trim();
  const expM = rest.match(/\bexpires\s*=\s*([0-9]{4}-[0-9]{2}-[0-9]{2})\b/);
  if (expM) expires = expM[1];
  const head = rest.replace(/\b(reason|expires)\s*=.*$/, '');
  for (const tok of head.split(/[\s,]+/)) if (/^[A-Z][A-Z0-9_]*(-[A-Z0-9_]+)+$/i.test(tok)) ids.push(tok.toUpperCase());
  const invalid =
    (ids.length ? reasonProblem(reason) : 'names no rule id') ??
    (/\bexpires\s*=/.test(rest) && !expires ? 'has an expiry that is not a YYYY-MM-DD date' : expires && Number.isNaN(Date.parse(expires)) ? `has an invalid expiry date ${expires}` : undefined);
  return { ruleIds: ids, reason, expires, invalid };
}

export function parseInlineSuppressions(file: string, src: string, rules?: readonly AliasSource[]): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  const peers = rules && PEER_PREFILTER.test(src) && PEER_HINT.test(src) ? aliasIndex(rules) : undefined;
  if (!src.includes('trustgate:ignore') && !peers) return out;
  const lines = src.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 4000) continue;
    if (peers) out.push(...parsePeerSkips(file, line, i + 1, peers));
    // The JSON form first: its `"//"` would otherwise read as a `//` comment with the quotes left in.
    const j = JSON_MARKER.exec(line);
    const m = j ?? MARKER.exec(line);
    if (!m) continue;
    const col = m.index + 1;
    out.push({
      line: i + 1,
      ...parseDirective(j ? j[1].replace(/\\(.)/g, '$1') : m[1]),
      loc: { file, startLine: i + 1, startColumn: col, endLine: i + 1, endColumn: line.length + 1 },
    });
  }
  return out;
}

/** Lines whose comment applies to a finding starting on `line`: the line itself and the comment lines directly above. */
function candidateLines(lines: string[], line: number): number[] {
  const out = [line];
  for (let l = line - 1; l >= 1 && out.length < 20; l--) {
    const t = lines[l - 1]?.trim() ?? '';
    if (COMMENT_START.test(t)) out.push(l);
    else break;
  }
  return out;
}

/** A suppression's reason, with the peer skip that made it when it is not Trustgate's own (`… (checkov.io/skip1: CKV_K8S_20)`). */
export function suppressionReason(s: Pick<Suppression, 'reason' | 'via'>): string {
  return s.via ? `${s.reason} (${s.via})` : s.reason;
}

/** Governance rules (TG-GOV-*) judge the policy's own record of controls: they are waived there, never inline. */
export const isGovernanceRuleId = (id: string) => /^TG-GOV-\d+$/i.test(id);

const GOVERNANCE_INLINE =
  'governance findings are not suppressed inline: waive one in the policy, with `ignore:` under the control in `controls:` of .trustgate.yml, which a pull request cannot change for itself (docs/governance.md). It does not suppress anything';

/** An error for each directive that names a governance rule (said, never silently unused). */
export function governanceDirectiveErrors(sups: readonly InlineSuppression[]): ScanError[] {
  return sups
    .filter((s) => s.ruleIds.some(isGovernanceRuleId))
    .map((s) => ({ file: s.loc.file, line: s.line, column: s.loc.startColumn, kind: 'suppression' as const, message: `${s.via ?? 'trustgate:ignore'} ${s.ruleIds.filter(isGovernanceRuleId).join(',')}: ${GOVERNANCE_INLINE}` }));
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Apply a file's suppressions to its findings (mutates them). Returns error entries for invalid and
 * expired suppressions so they are visible.
 */
export function applyInlineSuppressions(findings: Finding[], src: string, sups: InlineSuppression[], blockLines: Map<Finding, number | undefined>, now = today()): ScanError[] {
  const errors: ScanError[] = governanceDirectiveErrors(sups);
  if (!sups.length) return errors;
  const lines = src.split(/\r\n|\r|\n/);
  const byLine = new Map<number, InlineSuppression[]>();
  for (const s of sups) byLine.set(s.line, [...(byLine.get(s.line) ?? []), s]);
  const used = new Set<InlineSuppression>();
  const inBlock = sups.filter((x) => x.inBlock);
  const inSpan = sups.filter((x) => x.inSpan);
  const blockEnds = new Map<number, number>();
  for (const f of findings) {
    const anchors = [f.location.startLine, blockLines.get(f)].filter((x): x is number => !!x);
    const cands = new Set(anchors.flatMap((a) => candidateLines(lines, a)));
    // Checkov-style skips sit anywhere inside the resource block.
    for (const s of inBlock) if (anchors.some((a) => s.line > a && s.line <= (blockEnds.get(a) ?? blockEnds.set(a, blockEndLine(lines, a)).get(a)!))) cands.add(s.line);
    // zizmor's ignore comments sit anywhere on the lines the finding spans (a step, from its first line).
    for (const s of inSpan) if (s.line >= Math.min(...anchors) && s.line <= f.location.endLine) cands.add(s.line);
    for (const l of cands) {
      const s = (byLine.get(l) ?? []).find((x) => x.ruleIds.includes(f.ruleId));
      if (!s) continue;
      used.add(s);
      if (s.invalid) continue;
      const expired = !!s.expires && s.expires < now;
      f.suppression = { source: 'comment', reason: s.reason!, expires: s.expires, location: s.loc, ...(s.peerSkip ? { via: s.peerSkip } : {}), ...(expired ? { expired: true } : {}) };
      f.suppressed = !expired;
      if (!expired) break;
    }
  }
  for (const s of sups) {
    if (s.unmatched) {
      errors.push({ file: s.loc.file, line: s.line, column: s.loc.startColumn, kind: 'notice', message: s.unmatched });
    } else if (s.invalid) {
      errors.push({ file: s.loc.file, line: s.line, column: s.loc.startColumn, kind: 'suppression', message: `${s.via ?? 'trustgate:ignore'} ${s.invalid}; it does not suppress anything` });
    } else if (s.expires && s.expires < now) {
      errors.push({ file: s.loc.file, line: s.line, column: s.loc.startColumn, kind: 'suppression', message: `${s.via ?? 'trustgate:ignore'} ${s.ruleIds.join(',')} expired on ${s.expires}; the finding is reported again` });
    } else if (!used.has(s)) {
      void 0; // An unused suppression is harmless; a future `--report-unused` could list it.
    }
  }
  return errors;
}

// ---- Peer tools' inline skips ------------------------------------------------------------------
// `#checkov:skip=CKV_AWS_19:reason`, `#trivy:ignore:AVD-AWS-0086`, `#tfsec:ignore:aws-s3-enable-bucket-encryption`
// apply to the Trustgate rules that list that id in `aliases`, with the same policy: a reason is
// mandatory (Checkov's `:reason` part, or `reason="..."` on the line for Trivy and tfsec, which have
// none), and `:exp:YYYY-MM-DD` (Trivy/tfsec) is an expiry. A skip of an id no rule aliases suppresses
// nothing, and a notice says so.

export interface AliasSource {
  id: string;
  aliases?: string[];
}

const PEER_HINT = /checkov:skip|trivy:ignore|tfsec:ignore|zizmor:\s*ignore/i;
/** True wherever PEER_HINT is (each of its forms has ":skip" or ":\s*ignore"), and several times faster on a whole file: it starts with a plain ':'. */
const PEER_PREFILTER = /:\s*(?:skip|ignore)/i;
const CHECKOV = /(?:#|\/\/|\/\*)\s*checkov:skip\s*=\s*([A-Za-z0-9_]{1,64})(?:\s*:\s*([^\n]{0,500}))?/gi;
const TRIVY = /(?:#|\/\/|\/\*|\s)\s*(trivy|tfsec):ignore:([A-Za-z0-9_-]{1,100})(?:\[[^\]\n]{0,300}\])?(?::exp:([0-9]{4}-[0-9]{2}-[0-9]{2}))?/gi;

// zizmor's `# zizmor: ignore[audit, ...]` (docs.zizmor.sh/usage: anywhere on the finding's span).
const ZIZMOR = /#\s*zizmor:\s*ignore\[([^\]\n]{1,300})\]/gi;

/**
 * zizmor's audit names (docs.zizmor.sh/audits) that Trustgate rules alias. Plain kebab-case names
 * cannot be told from other tools' by their shape, so the list is explicit.
 */
export const ZIZMOR_AUDITS = new Set([
  'artipacked', 'cache-poisoning', 'dangerous-triggers', 'excessive-permissions', 'github-env', 'insecure-commands',
  'overprovisioned-secrets', 'secrets-inherit', 'secrets-outside-env', 'self-hosted-runner', 'template-injection',
  'unpinned-images', 'unpinned-uses', 'unredacted-secrets', 'use-trusted-publishing',
]);

/** Which peer tool an alias belongs to (for docs and messages). */
export function peerKind(alias: string): 'checkov' | 'trivy' | 'tfsec' | 'zizmor' | undefined {
  if (ZIZMOR_AUDITS.has(alias)) return 'zizmor';
  if (/^CKV2?_[A-Z0-9]+_[0-9]+$/i.test(alias)) return 'checkov';
  if (/^AVD-[A-Z0-9]+-[0-9]+$/i.test(alias)) return 'trivy';
  if (/^(aws|azure|google|github|kubernetes|digitalocean|openstack|oracle|cloudstack|nifcloud|general)-[a-z0-9-]+$/i.test(alias)) return 'tfsec';
  return undefined;
}

const indexCache = new WeakMap<readonly AliasSource[], Map<string, string[]>>();

/** Upper-cased alias -> rule ids that list it. */
export function aliasIndex(rules: readonly AliasSource[]): Map<string, string[]> {
  let idx = indexCache.get(rules);
  if (idx) return idx;
  idx = new Map();
  for (const r of rules) {
    for (const a of r.aliases ?? []) {
      const k = a.toUpperCase();
      const list = idx.get(k) ?? [];
      if (!list.includes(r.id)) list.push(r.id);
      idx.set(k, list);
    }
  }
  indexCache.set(rules, idx);
  return idx;
}

function parsePeerSkips(file: string, line: string, lineNo: number, idx: Map<string, string[]>): InlineSuppression[] {
  if (!PEER_HINT.test(line)) return [];
  const out: InlineSuppression[] = [];
  const reasonM = line.match(/\breason\s*=\s*(?:"([^"]{0,500})"|'([^']{0,500})')/);
  const reasonAttr = reasonM ? (reasonM[1] ?? reasonM[2] ?? '').trim() : undefined;
  const mk = (col: number, via: string, ids: string[], reason: string | undefined, expires: string | undefined, inBlock: boolean, inSpan = false): InlineSuppression => {
    const invalid =
      reasonProblem(reason, via.startsWith('checkov') ? 'reason (checkov:skip=ID:reason)' : 'reason (add reason="..." on the line)') ??
      (expires && Number.isNaN(Date.parse(expires)) ? `has an invalid expiry date ${expires}` : undefined);
    return {
      line: lineNo,
      ruleIds: ids,
      reason,
      expires,
      via: `${via} (${ids.join(',')})`,
      peerSkip: via,
      ...(inBlock ? { inBlock } : {}),
      ...(inSpan ? { inSpan } : {}),
      ...(invalid ? { invalid } : {}),
      loc: { file, startLine: lineNo, startColumn: col, endLine: lineNo, endColumn: line.length + 1 },
    };
  };
  // An id no rule aliases is said, not silently dropped: the user may expect it to silence a finding here.
  const unmatched = (col: number, via: string, what: string) =>
    out.push({ line: lineNo, ruleIds: [], via, unmatched: `${via} names ${what}, which no Trustgate rule is verified to match; it suppresses nothing here`, loc: { file, startLine: lineNo, startColumn: col, endLine: lineNo, endColumn: line.length + 1 } });
  for (const m of line.matchAll(CHECKOV)) {
    const ids = idx.get(m[1].toUpperCase());
    if (!ids) {
      unmatched((m.index ?? 0) + 1, `checkov:skip=${m[1]}`, `Checkov check ${m[1]}`);
      continue;
    }
    const reason = (m[2] ?? '').replace(/\*\/\s*$/, '').trim() || reasonAttr;
    out.push(mk((m.index ?? 0) + 1, `checkov:skip=${m[1]}`, ids, reason, undefined, true));
  }
  for (const m of line.matchAll(TRIVY)) {
    const ids = idx.get(m[2].toUpperCase());
    if (!ids) {
      unmatched((m.index ?? 0) + 1, `${m[1].toLowerCase()}:ignore:${m[2]}`, `${m[1].toLowerCase() === 'tfsec' ? 'tfsec' : 'Trivy'} check ${m[2]}`);
      continue;
    }
    out.push(mk((m.index ?? 0) + 1, `${m[1].toLowerCase()}:ignore:${m[2]}`, ids, reasonAttr, m[3], false));
  }
  for (const m of line.matchAll(ZIZMOR)) {
    const names = m[1].split(',').map((x) => x.trim()).filter(Boolean);
    const idsOf = (n: string) => (ZIZMOR_AUDITS.has(n.toLowerCase()) ? (idx.get(n.toUpperCase()) ?? []) : []);
    const unknown = names.filter((n) => !idsOf(n).length);
    if (unknown.length) unmatched((m.index ?? 0) + 1, `zizmor: ignore[${names.join(',')}]`, `zizmor audit${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`);
    const ids = [...new Set(names.flatMap(idsOf))];
    if (!ids.length) continue;
    out.push(mk((m.index ?? 0) + 1, `zizmor: ignore[${names.join(',')}]`, ids, reasonAttr, undefined, false, true));
  }
  return out;
}

/** Last line of the `{ ... }` block opening on `start` (1-based); `start` when no block opens there. */
export function blockEndLine(lines: string[], start: number): number {
  return bracketBlockEnd(lines, start - 1, '{', 5000) + 1;
}

// ---- Kubernetes annotations: ours and the peers' ----------------------------------------------
// Read from the object's own `metadata.annotations`, never from a pod template's, because that is
// where each tool reads them:
// - Trustgate: `trustgate.io/ignore: 'TG-K8S-001 reason="..." [expires=YYYY-MM-DD]'` (several separated by `;`).
// - Checkov: `checkov.io/skip<N>: CKV_K8S_20=reason` (also `bridgecrew.io/skip<N>`). Read in
//   bridgecrewio/checkov:docs/2.Basics/Suppressing and Skipping Policies.md ("Kubernetes Example") and
//   checkov/kubernetes/kubernetes_utils.py get_skipped_checks(): keys containing `checkov.io/skip`, value
//   split at `=`, taken from the resource's `metadata`. Without `=reason`, Checkov records "No comment
//   provided"; here that makes the skip invalid, as for a `checkov:skip` comment without a reason.
// - kube-linter: `ignore-check.kube-linter.io/<check-name>: "reason"`. Read in
//   stackrox/kube-linter:docs/configuring-kubelinter.md ("Ignoring violations for specific cases") and
//   pkg/ignore/ignore.go ObjectForCheck(), called with obj.K8sObject.GetAnnotations() (the object's own
//   annotations). Its blanket `kube-linter.io/ignore-all` is not honoured: a Trustgate suppression
//   names its rules, so it is reported instead.
// Trivy, KICS and Kubescape document no per-check annotation (Trivy: .trivyignore files; KICS:
// `# kics-scan` comments, honoured as comments where aliased; Kubescape: exception files), so none is read.
// A peer id is mapped only through aliases recorded as verified for that peer (rules/_lib/alias-sources.json);
// one that maps to no rule is said in a notice, not silently dropped.

/** The subset of a Kubernetes object (core/kubernetes/model.ts) the annotation skips need. */
export interface AnnotatedObject {
  kind: string;
  name: string;
  view: YView;
}

export interface AnnotationSkip {
  ruleIds: string[];
  reason: string;
  expires?: string;
  /** The annotation as written, e.g. `checkov.io/skip1: CKV_K8S_20` (shown with the suppression). */
  via: string;
  /** The annotation's key and value. */
  location: Location;
  /** The object it applies to: findings located inside it. */
  object: Location;
}

const CHECKOV_KEY = /^(?:checkov|bridgecrew)\.io\/skip/i;
const KUBE_LINTER_KEY = 'ignore-check.kube-linter.io/';
const KUBE_LINTER_ALL = 'kube-linter.io/ignore-all';
const OURS = 'trustgate.io/ignore';

/** Is `key` an annotation some tool reads as a skip (ours or a peer's)? */
const isSkipKey = (key: string) => key === OURS || key === KUBE_LINTER_ALL || key.startsWith(KUBE_LINTER_KEY) || CHECKOV_KEY.test(key);

let verifiedAliases: Map<string, Peer> | undefined;

/** Rule ids whose aliases include `id` (case-insensitive), when `id` is recorded as verified for `peer`. */
function rulesForPeerId(idx: Map<string, string[]>, peer: Peer, id: string): string[] {
  verifiedAliases ??= new Map(Object.entries(ALIAS_SOURCES).filter(([, r]) => r.verified).map(([a, r]) => [a.toUpperCase(), r.peer]));
  const key = id.toUpperCase();
  return verifiedAliases.get(key) === peer ? (idx.get(key) ?? []) : [];
}

/**
 * The skips written as annotations on Kubernetes objects, and the problems with them (invalid reasons,
 * unknown peer ids, blanket ignores, annotations on a pod template where no tool reads them).
 */
export function kubernetesAnnotationSkips(file: string, objects: readonly AnnotatedObject[], templates: readonly { object: AnnotatedObject; podMeta?: YView }[], rules: readonly AliasSource[]): { skips: AnnotationSkip[]; errors: ScanError[] } {
  const skips: AnnotationSkip[] = [];
  const errors: ScanError[] = [];
  const idx = aliasIndex(rules);
  const say = (loc: Location, kind: ScanError['kind'], message: string) => errors.push({ file, line: loc.startLine, column: loc.startColumn, kind, message });
  for (const o of objects) {
    const annotations = o.view.at('metadata', 'annotations');
    if (!annotations?.isMap()) continue;
    const objLoc = o.view.loc;
    for (const [key, v] of annotations.entries()) {
      if (!isSkipKey(key)) continue;
      const value = (v.str() ?? '').trim();
      const loc = v.pairLoc;
      const add = (ruleIds: string[], via: string, reason: string | undefined, expires: string | undefined, hint: string) => {
        const invalid = reasonProblem(reason, hint);
        if (invalid) return say(loc, 'suppression', `${via} (${ruleIds.join(',')}) ${invalid}; it does not suppress anything`);
        skips.push({ ruleIds, reason: reason!, expires, via, location: loc, object: objLoc });
      };
      if (key === OURS) {
        for (const part of value.split(/;|\n/).map((s) => s.trim()).filter(Boolean)) {
          const d = parseDirective(part);
          if (d.ruleIds.some(isGovernanceRuleId)) say(loc, 'suppression', `trustgate.io/ignore annotation ${d.ruleIds.filter(isGovernanceRuleId).join(',')}: ${GOVERNANCE_INLINE}`);
          if (d.invalid) say(loc, 'suppression', `trustgate.io/ignore annotation ${d.invalid}; it does not suppress anything`);
          else skips.push({ ruleIds: d.ruleIds, reason: d.reason!, expires: d.expires, via: OURS, location: loc, object: objLoc });
        }
      } else if (key === KUBE_LINTER_ALL) {
        say(loc, 'suppression', `${KUBE_LINTER_ALL} on ${o.kind} "${o.name}" is a blanket ignore, which Trustgate does not honour: name each check (${KUBE_LINTER_KEY}<check>: "reason") or rule (${OURS})`);
      } else if (key.startsWith(KUBE_LINTER_KEY)) {
        const check = key.slice(KUBE_LINTER_KEY.length);
        const ids = rulesForPeerId(idx, 'kube-linter', check);
        if (!ids.length) say(loc, 'notice', `${key} names kube-linter check "${check}", which no Trustgate rule is verified to match; it suppresses nothing here`);
        else add(ids, key, value, undefined, 'reason (the annotation\'s value)');
      } else {
        const eq = value.indexOf('=');
        const id = (eq < 0 ? value : value.slice(0, eq)).trim();
        const reason = eq < 0 ? undefined : value.slice(eq + 1).trim();
        const ids = /^[A-Za-z0-9_]{1,64}$/.test(id) ? rulesForPeerId(idx, 'checkov', id) : [];
        if (!ids.length) say(loc, 'notice', `${key} names ${id ? `Checkov check ${id}` : 'no check'}, which no Trustgate rule is verified to match; it suppresses nothing here`);
        else add(ids, `${key}: ${id}`, reason, undefined, `reason (${key}: ${id}=reason)`);
      }
    }
  }
  // A skip on a pod template is read by no tool: say where it belongs instead of dropping it.
  for (const t of templates) {
    const jobMeta = t.object.kind === 'CronJob' ? t.object.view.at('spec', 'jobTemplate', 'metadata') : undefined;
    const own = t.object.view.get('metadata')?.node;
    for (const meta of [jobMeta, t.podMeta]) {
      if (!meta || meta.node === own) continue; // a Pod's spec path is its own metadata
      const annotations = meta?.get('annotations');
      if (!annotations?.isMap()) continue;
      for (const [key, v] of annotations.entries()) {
        if (isSkipKey(key)) say(v.pairLoc, 'suppression', `${key} is on the pod template of ${t.object.kind} "${t.object.name}", where neither Trustgate nor the peer tools read skips; move it to the ${t.object.kind}'s own metadata.annotations. It does not suppress anything here`);
      }
    }
  }
  return { skips, errors };
}
