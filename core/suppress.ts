// Inline suppressions: `# trustgate:ignore TG-AWS-001 reason="..." [expires=YYYY-MM-DD]` (also `//`),
// on the offending line, the line above it, or above the enclosing block. A reason is mandatory.
import type { Finding, Location, ScanError } from './types.js';

export interface InlineSuppression {
  line: number;
  ruleIds: string[];
  reason?: string;
  expires?: string;
  loc: Location;
  /** Why it is not valid (no reason, bad date); an invalid suppression never suppresses. */
  invalid?: string;
}

const MARKER = /(?:#|\/\/|\/\*)\s*trustgate:ignore\b(.*)$/;

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
  let invalid: string | undefined;
  if (!ids.length) invalid = 'names no rule id';
  else if (!reason) invalid = 'has no reason="..."; a suppression must say why';
  else if (/\bexpires\s*=/.test(rest) && !expires) invalid = 'has an expiry that is not a YYYY-MM-DD date';
  else if (expires && Number.isNaN(Date.parse(expires))) invalid = `has an invalid expiry date ${expires}`;
  return { ruleIds: ids, reason, expires, invalid };
}

export function parseInlineSuppressions(file: string, src: string): InlineSuppression[] {
  const out: InlineSuppression[] = [];
  if (!src.includes('trustgate:ignore')) return out;
  const lines = src.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.length > 4000) continue;
    const m = MARKER.exec(line);
    if (!m) continue;
    const col = m.index + 1;
    out.push({
      line: i + 1,
      ...parseDirective(m[1]),
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
    if (t.startsWith('#') || t.startsWith('//') || t.startsWith('/*') || t.startsWith('*')) out.push(l);
    else break;
  }
  return out;
}

export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * Apply a file's suppressions to its findings (mutates them). Returns error entries for invalid and
 * expired suppressions so they are visible.
 */
export function applyInlineSuppressions(findings: Finding[], src: string, sups: InlineSuppression[], blockLines: Map<Finding, number | undefined>, now = today()): ScanError[] {
  const errors: ScanError[] = [];
  if (!sups.length) return errors;
  const lines = src.split(/\r\n|\r|\n/);
  const byLine = new Map<number, InlineSuppression[]>();
  for (const s of sups) byLine.set(s.line, [...(byLine.get(s.line) ?? []), s]);
  const used = new Set<InlineSuppression>();
  for (const f of findings) {
    const anchors = [f.location.startLine, blockLines.get(f)].filter((x): x is number => !!x);
    const cands = new Set(anchors.flatMap((a) => candidateLines(lines, a)));
    for (const l of cands) {
      const s = (byLine.get(l) ?? []).find((x) => x.ruleIds.includes(f.ruleId));
      if (!s) continue;
      used.add(s);
      if (s.invalid) continue;
      const expired = !!s.expires && s.expires < now;
      f.suppression = { source: 'comment', reason: s.reason!, expires: s.expires, location: s.loc, ...(expired ? { expired: true } : {}) };
      f.suppressed = !expired;
      if (!expired) break;
    }
  }
  for (const s of sups) {
    if (s.invalid) {
      errors.push({ file: s.loc.file, line: s.line, column: s.loc.startColumn, kind: 'suppression', message: `trustgate:ignore ${s.invalid}; it does not suppress anything` });
    } else if (s.expires && s.expires < now) {
      errors.push({ file: s.loc.file, line: s.line, column: s.loc.startColumn, kind: 'suppression', message: `trustgate:ignore ${s.ruleIds.join(',')} expired on ${s.expires}; the finding is reported again` });
    } else if (!used.has(s)) {
      void 0; // An unused suppression is harmless; a future `--report-unused` could list it.
    }
  }
  return errors;
}
