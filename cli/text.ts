// Terminal output: grouped by file, a summary by TSC criterion, colour only on a TTY.
import type { ScanResult, Severity } from '../core/types.js';
import { criteriaEntries, VERDICT_LABEL, type Verdict } from '../core/soc2/verdict.js';
import { relativeResult } from '../core/report/paths.js';
import { sanitizeTerminal } from '../core/report/escape.js';
import { SEVERITY_LABEL } from '../core/report/severity.js';
import { describeKindCounts } from '../core/inputs.js';

export interface TextOptions {
  color: boolean;
}

const COLORS: Record<Severity | 'dim' | 'bold' | 'ok', string> = {
  critical: '\x1b[1;35m',
  high: '\x1b[1;31m',
  medium: '\x1b[33m',
  low: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  ok: '\x1b[32m',
};

export function toText(result: ScanResult, cwd: string, opts: TextOptions): string {
  const r = relativeResult(result, cwd);
  const c = (k: keyof typeof COLORS, s: string) => (opts.color ? `${COLORS[k]}${s}\x1b[0m` : s);
  const clean = sanitizeTerminal;
  const out: string[] = [];
  const files = new Map<string, typeof r.findings>();
  for (const f of r.findings) files.set(f.location.file, [...(files.get(f.location.file) ?? []), f]);
  for (const [file, fs] of files) {
    out.push(c('bold', clean(file)));
    for (const f of fs) {
      const where = `${f.location.startLine}:${f.location.startColumn}`;
      const sev = f.suppressed ? c('dim', 'suppressed') : c(f.severity, SEVERITY_LABEL[f.severity].padEnd(8));
      out.push(`  ${where.padEnd(8)} ${sev} ${c('bold', f.ruleId)}${f.newRule ? ` ${c('dim', '(new rule, not gating)')}` : ''} ${clean(f.message)} ${c('dim', `[${f.controls.join(', ')}]`)}`);
      if (f.suppressed && f.suppression) out.push(c('dim', `           reason: ${clean(f.suppression.reason)}${f.suppression.expires ? ` (expires ${f.suppression.expires})` : ''}`));
      else if (f.suppression?.expired) out.push(c('dim', `           suppression expired on ${f.suppression.expires}`));
      else out.push(c('dim', `           fix: ${clean(f.remediation)}`));
    }
    out.push('');
  }
  const problems = r.errors.filter((e) => e.kind !== 'notice');
  if (problems.length) {
    out.push(c('bold', 'Errors (these files were not fully scanned):'));
    for (const e of problems) out.push(`  ${clean(e.file)}:${e.line}:${e.column} ${e.kind}: ${clean(e.message)}`);
    out.push('');
  }
  const notices = r.errors.filter((e) => e.kind === 'notice');
  if (notices.length) {
    out.push(c('dim', `Notices: ${notices.length}`));
    for (const e of notices.slice(0, 10)) out.push(c('dim', `  ${clean(e.file)}:${e.line} ${clean(e.message)}`));
    if (notices.length > 10) out.push(c('dim', `  ... ${notices.length - 10} more (see --format json)`));
    out.push('');
  }
  if (r.indeterminate.length) {
    out.push(c('dim', `Indeterminate: ${r.indeterminate.length} checks could not be decided statically (values unknown until apply):`));
    for (const i of r.indeterminate.slice(0, 10)) out.push(c('dim', `  ${clean(i.location.file)}:${i.location.startLine} ${i.ruleId} ${clean(i.reason)}`));
    if (r.indeterminate.length > 10) out.push(c('dim', `  ... ${r.indeterminate.length - 10} more (see --format json)`));
    out.push('');
  }
  const ctrl = criteriaEntries(r.summary.byControl);
  const shown = ctrl.filter(([, v]) => v.verdict !== 'not-evaluated');
  if (ctrl.length) {
    const colour: Record<Verdict, keyof typeof COLORS> = { fail: 'high', incomplete: 'medium', pass: 'ok', 'not-evaluated': 'dim' };
    out.push(c('bold', 'SOC 2 criteria'));
    if (shown.length) out.push(`  ${'criterion'.padEnd(10)} ${'verdict'.padEnd(13)} ${'resources'.padStart(9)} ${'findings'.padStart(8)} ${'suppr.'.padStart(6)} ${'indet.'.padStart(6)}`);
    for (const [k, v] of shown)
      out.push(`  ${k.padEnd(10)} ${c(colour[v.verdict], VERDICT_LABEL[v.verdict].padEnd(13))} ${String(v.resources).padStart(9)} ${String(v.failed).padStart(8)} ${String(v.suppressed).padStart(6)} ${String(v.indeterminate).padStart(6)}`);
    const none = ctrl.filter(([, v]) => v.verdict === 'not-evaluated').map(([k]) => k);
    if (none.length) out.push(c('dim', `  not evaluated (no applicable resource in the scan): ${none.join(', ')}`));
    if (r.unresolvedModules?.length) out.push(c('medium', `  ${r.unresolvedModules.length} module call${r.unresolvedModules.length === 1 ? ' was' : 's were'} not evaluated (see the notices): Terraform criteria are at best incomplete`));
    out.push('');
  }
  const s = r.summary;
  const sev = (['critical', 'high', 'medium', 'low'] as const).map((k) => `${s.bySeverity[k]} ${k}`).join(', ');
  out.push(
    `${c('bold', `${s.findings} finding${s.findings === 1 ? '' : 's'}`)} (${sev}), ${s.suppressed} suppressed, ${r.indeterminate.length} indeterminate, ${problems.length} error${problems.length === 1 ? '' : 's'} — ${s.filesScanned} files (${describeKindCounts(s.filesByKind)}) in ${s.durationMs} ms`,
  );
  return out.join('\n') + '\n';
}
