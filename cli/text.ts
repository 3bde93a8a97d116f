// Terminal output: findings grouped by file, each rule's fix once, a summary by rule and by TSC
// criterion; colour and wrapping only when the caller says the stream is a terminal. `compact` is one
// line per problem for editors' problem matchers; `quiet` is the findings (and unscanned files) only.
import type { Finding, ScanResult, Severity } from '../core/types.js';
import { criteriaEntries, suppressedOnly, VERDICT_LABEL, type Verdict } from '../core/soc2/verdict.js';
import { relativeResult } from '../core/report/paths.js';
import { sanitizeTerminal } from '../core/report/escape.js';
import { SEVERITY_LABEL } from '../core/report/severity.js';
import { describeKindCounts } from '../core/inputs.js';
import { SEVERITIES } from '../core/types.js';
import { suppressionReason } from '../core/suppress.js';

export interface TextOptions {
  color: boolean;
  /** Wrap to this many columns (the terminal's width); undefined: one line per item, unwrapped. */
  width?: number;
  /** `file:line:col: severity rule message`, one line per finding or error (editors' problem matchers). */
  compact?: boolean;
  /** The findings and the files that could not be scanned; no tables, notices or summaries. */
  quiet?: boolean;
}

const COLORS: Record<Severity | 'dim' | 'bold' | 'ok' | 'code' | 'heading', string> = {
  critical: '\x1b[1;35m',
  high: '\x1b[1;31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  ok: '\x1b[32m',
  code: '\x1b[36m',
  heading: '\x1b[1;4m',
};
export type Style = keyof typeof COLORS;

/** Paints text in a style when colour is on. */
export const painter = (color: boolean) => (k: Style | undefined, s: string) => (color && k ? `${COLORS[k]}${s}\x1b[0m` : s);

/** "1 file", "2 files"; `many` for irregular plurals. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A piece of text, the style it is shown in, whether it must stay on one line, and whether it joins the
 * text before it without a space (spans are otherwise separate words).
 */
export type Span = [text: string, style?: Style, whole?: boolean, glue?: boolean];

/**
 * Lays out spans after a first-line prefix of `indent` visible columns: words wrap at `width` and
 * continue under the first word (a hanging indent). Without a width everything stays on one line.
 */
export function layout(spans: Span[], indent: number, width: number | undefined, paint: (s: Style | undefined, t: string) => string): string {
  // Words, each glued to the one before when no space separates them ("`x`;" stays together).
  type Word = { text: string; style?: Style; glue: boolean };
  const words: Word[] = [];
  let spaced = true;
  for (const [text, style, whole, glue] of spans) {
    if (!glue) spaced = true;
    const parts = whole ? [text] : text.split(/(\s+)/);
    for (const p of parts) {
      if (!p) continue;
      if (/^\s+$/.test(p)) spaced = true;
      else {
        words.push({ text: sanitizeTerminal(p), style, glue: !spaced && words.length > 0 });
        spaced = false;
      }
    }
  }
  const room = width === undefined ? Infinity : Math.max(width - indent, 24);
  // Lines of groups (glued words), each group a list of words.
  const lines: Word[][][] = [[]];
  let used = 0;
  for (let i = 0; i < words.length; ) {
    const group = [words[i++]];
    while (i < words.length && words[i].glue) group.push(words[i++]);
    const len = group.reduce((n, w) => n + w.text.length, 0);
    if (used > 0 && used + 1 + len > room) {
      lines.push([]);
      used = 0;
    }
    lines[lines.length - 1].push(group);
    used += (used ? 1 : 0) + len;
  }
  // One escape sequence per run of words in the same style.
  const render = (groups: Word[][]) => {
    const runs: { text: string; style?: Style }[] = [];
    groups.forEach((g, gi) =>
      g.forEach((w, wi) => {
        const sep = wi > 0 ? '' : gi > 0 ? ' ' : '';
        const last = runs[runs.length - 1];
        if (last && last.style === w.style) last.text += sep + w.text;
        else {
          if (sep) runs.push({ text: sep });
          runs.push({ text: w.text, style: w.style });
        }
      }),
    );
    return runs.map((r) => paint(r.style, r.text)).join('');
  };
  return lines.map(render).join('\n' + ' '.repeat(indent));
}

export function toText(result: ScanResult, cwd: string, opts: TextOptions): string {
  const r = relativeResult(result, cwd);
  const paint = painter(opts.color);
  const c = (k: Style, s: string) => paint(k, s);
  const clean = sanitizeTerminal;
  const problems = r.errors.filter((e) => e.kind !== 'notice');
  if (opts.compact) {
    const lines = [
      ...r.findings.filter((f) => !f.suppressed).map((f) => `${clean(f.location.file)}:${f.location.startLine}:${f.location.startColumn}: ${f.severity} ${f.ruleId} ${clean(f.message)}`),
      ...problems.map((e) => `${clean(e.file)}:${e.line}:${e.column}: error ${e.kind} ${clean(e.message)}`),
    ];
    return lines.length ? lines.join('\n') + '\n' : '';
  }
  const out: string[] = [];
  const para = (prefix: string, indent: number, spans: Span[]) => out.push(prefix + layout(spans, indent, opts.width, paint));
  // What the baseline covers was accepted when adopting Trustgate: counted in the footer, not listed.
  const listed = r.findings.filter((f) => f.suppression?.source !== 'baseline');
  const baselined = r.findings.length - listed.length;
  const files = new Map<string, Finding[]>();
  for (const f of listed) files.set(f.location.file, [...(files.get(f.location.file) ?? []), f]);
  // Findings: "  16:1     high     TG-AWS-001 message [CC7.2]", continuation lines under the rule id.
  const INDENT = 20;
  for (const [file, fs] of files) {
    out.push(c('bold', clean(file)));
    for (const f of fs) {
      const where = `${f.location.startLine}:${f.location.startColumn}`.padEnd(8);
      const sev = f.compensated ? c('dim', 'compensated') : f.suppressed ? c('dim', 'suppressed') : c(f.severity, SEVERITY_LABEL[f.severity].padEnd(8));
      para(`  ${where} ${sev} `, INDENT + (f.compensated ? 3 : f.suppressed ? 2 : 0), [[f.ruleId, 'bold'], ...(f.newRule ? ([['(new rule, not gating)', 'dim']] as Span[]) : []), [f.message], [`[${f.controls.join(', ')}]`, 'dim', true]]);
      if (f.compensated) para(' '.repeat(INDENT), INDENT, [[`compensated by ${f.compensated.by} (${f.compensated.status === 'verified' ? 'verified' : 'file present, concern not checked'}: ${f.compensated.detail})`, 'dim']]);
      else if (f.suppressed && f.suppression) para(' '.repeat(INDENT), INDENT, [[`reason: ${suppressionReason(f.suppression)}${f.suppression.expires ? ` (expires ${f.suppression.expires})` : ''}`, 'dim']]);
      else if (f.suppression?.expired) para(' '.repeat(INDENT), INDENT, [[`suppression expired on ${f.suppression.expires}`, 'dim']]);
    }
    out.push('');
  }
  const open = r.findings.filter((f) => !f.suppressed);
  const byRule = new Map<string, { n: number; suppressed: number; severity: Severity; title: string; fix: string }>();
  for (const f of listed) {
    const e = byRule.get(f.ruleId) ?? { n: 0, suppressed: 0, severity: f.severity, title: f.title, fix: f.remediation };
    if (f.suppressed) e.suppressed++;
    else e.n++;
    if (SEVERITIES.indexOf(f.severity) < SEVERITIES.indexOf(e.severity)) e.severity = f.severity;
    byRule.set(f.ruleId, e);
  }
  const ids = [...byRule.keys()].sort();
  const idWidth = Math.max(0, ...ids.map((id) => id.length));
  if (open.length && !opts.quiet) {
    // Each rule's fix once per run, not under every finding.
    out.push(c('bold', 'How to fix'));
    for (const id of ids.filter((id) => byRule.get(id)!.n)) para(`  ${c('bold', id.padEnd(idWidth))}  `, idWidth + 4, [[byRule.get(id)!.fix]]);
    out.push('');
  }
  if (ids.length && !opts.quiet) {
    out.push(c('bold', 'Findings by rule'));
    out.push(c('dim', `  ${'rule'.padEnd(idWidth)} ${'count'.padStart(5)}  ${'severity'.padEnd(8)} title`));
    for (const id of ids) {
      const e = byRule.get(id)!;
      const head = `  ${id.padEnd(idWidth)} ${String(e.n).padStart(5)}  ${c(e.severity, SEVERITY_LABEL[e.severity].padEnd(8))} `;
      const title = e.title + (e.suppressed ? ` (${e.suppressed} suppressed)` : '');
      para(head, idWidth + 18, [[title]]);
    }
    out.push('');
  }
  if (problems.length) {
    const one = new Set(problems.map((e) => e.file)).size === 1;
    out.push(c('bold', `Errors (${one ? 'this file was' : 'these files were'} not fully scanned):`));
    for (const e of problems) para('  ', 4, [[`${e.file}:${e.line}:${e.column}`], [`${e.kind}:`, 'bold'], [e.message]]);
    out.push('');
  }
  if (opts.quiet) return out.join('\n').replace(/\n+$/, '\n').replace(/^\n$/, '');
  const notices = r.errors.filter((e) => e.kind === 'notice');
  if (notices.length) {
    out.push(c('dim', `Notices: ${notices.length}`));
    for (const e of notices.slice(0, 10)) para('  ', 4, [[`${e.file}:${e.line} ${e.message}`, 'dim']]);
    if (notices.length > 10) out.push(c('dim', `  ... ${notices.length - 10} more (see --format json)`));
    out.push('');
  }
  if (r.indeterminate.length) {
    const n = r.indeterminate.length;
    out.push(c('dim', `Indeterminate: ${plural(n, 'check')} could not be decided statically (values unknown until apply):`));
    for (const i of r.indeterminate.slice(0, 10)) para('  ', 4, [[`${i.location.file}:${i.location.startLine} ${i.ruleId} ${i.reason}`, 'dim']]);
    if (n > 10) out.push(c('dim', `  ... ${n - 10} more (see --format json)`));
    out.push('');
  }
  const ctrl = criteriaEntries(r.summary.byControl);
  const shown = ctrl.filter(([, v]) => v.verdict !== 'not-evaluated');
  if (ctrl.length) {
    const colour: Record<Verdict, Style> = { fail: 'high', incomplete: 'medium', pass: 'ok', 'not-evaluated': 'dim' };
    out.push(c('bold', 'SOC 2 criteria'));
    if (shown.length) out.push(`  ${'criterion'.padEnd(10)} ${'verdict'.padEnd(13)} ${'resources'.padStart(9)} ${'findings'.padStart(8)} ${'suppr.'.padStart(6)} ${'comp.'.padStart(6)} ${'indet.'.padStart(6)}`);
    for (const [k, v] of shown)
      out.push(`  ${k.padEnd(10)} ${c(colour[v.verdict], VERDICT_LABEL[v.verdict].padEnd(13))} ${String(v.resources).padStart(9)} ${String(v.failed).padStart(8)} ${String(suppressedOnly(v)).padStart(6)} ${String(v.compensated).padStart(6)} ${String(v.indeterminate).padStart(6)}`);
    const none = ctrl.filter(([, v]) => v.verdict === 'not-evaluated').map(([k]) => k);
    if (none.length) para('  ', 4, [[`not evaluated (no applicable resource in the scan): ${none.join(', ')}`, 'dim']]);
    if (r.unresolvedModules?.length) para('  ', 4, [[`${plural(r.unresolvedModules.length, 'module call was', 'module calls were')} not evaluated (see the notices): Terraform criteria are at best incomplete`, 'medium']]);
    out.push('');
  }
  const s = r.summary;
  const sev = (['critical', 'high', 'medium', 'low'] as const).map((k) => `${s.bySeverity[k]} ${k}`).join(', ');
  const kinds = describeKindCounts(s.filesByKind);
  para('', 0, [
    [plural(s.findings, 'finding'), 'bold'],
    [`(${sev}), ${suppressedOnly(s)} suppressed${baselined ? ` (${baselined} by the baseline)` : ''}, ${s.compensated} compensated, ${r.indeterminate.length} indeterminate, ${plural(problems.length, 'error')}, ${plural(notices.length, 'notice')} — ${plural(s.filesScanned, 'file')}${kinds ? ` (${kinds})` : ''} in ${s.durationMs} ms`],
  ]);
  return out.join('\n') + '\n';
}
