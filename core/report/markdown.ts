// Markdown report: for PR comments, job summaries and humans.
import { SEVERITIES, type ScanResult } from '../types.js';
import { escapeMarkdown as md, markdownCell as cell, markdownCode as code, markdownLink } from './escape.js';
import { markdownSeverity } from './severity.js';
import { relativeResult } from './paths.js';
import { suppressionReason } from '../suppress.js';
import { criteriaEntries, suppressedOnly, VERDICT_ICON, VERDICT_LABEL } from '../soc2/verdict.js';

export interface MarkdownOptions {
  /** Link a location to a web view (e.g. the file at the head commit on GitHub). */
  link?: (file: string, line: number) => string | undefined;
  /** Maximum findings listed in the table. */
  maxFindings?: number;
  title?: string;
}

export function toMarkdown(result: ScanResult, cwd: string, opts: MarkdownOptions = {}): string {
  const r = relativeResult(result, cwd);
  const s = r.summary;
  const max = opts.maxFindings ?? 100;
  const out: string[] = [];
  out.push(`## ${opts.title ?? 'Trustgate SOC 2 scan'}`, '');
  // Most severe first (a stable sort keeps the engine's file order within a severity).
  const open = r.findings.filter((f) => !f.suppressed).sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  out.push(`**${open.length} finding${open.length === 1 ? '' : 's'}** — ${SEVERITIES.map((k) => `${markdownSeverity(k)} ${s.bySeverity[k]}`).join(' · ')} · ${suppressedOnly(s)} suppressed · ${s.compensated} compensated · ${r.indeterminate.length} indeterminate · ${s.filesScanned} files`, '');
  const ctrl = criteriaEntries(s.byControl);
  if (ctrl.length) {
    out.push('| Criterion | Verdict | Resources checked | Findings | Suppressed | Compensated | Indeterminate |', '|---|---|---:|---:|---:|---:|---:|');
    for (const [k, v] of ctrl) out.push(`| ${cell(md(k))} | ${VERDICT_ICON[v.verdict]} ${VERDICT_LABEL[v.verdict]} | ${v.resources} | ${v.failed} | ${suppressedOnly(v)} | ${v.compensated} | ${v.indeterminate} |`);
    out.push('');
    if (r.unresolvedModules?.length) out.push(`⚠️ ${r.unresolvedModules.length} module call${r.unresolvedModules.length === 1 ? ' was' : 's were'} not evaluated, so no Terraform criterion can pass:`, '', ...r.unresolvedModules.slice(0, max).map((u) => `- ${md(`${u.file}:${u.line}`)} ${code(u.module)} (${md(u.source)}): ${md(u.reason)}; ${md(u.fix)}`), '');
  }
  if (open.length) {
    out.push('### Findings', '', '| Severity | Rule | Location | Criteria | Message |', '|---|---|---|---|---|');
    for (const f of open.slice(0, max)) {
      const where = `${f.location.file}:${f.location.startLine}`;
      const url = opts.link?.(f.location.file, f.location.startLine);
      const loc = url ? markdownLink(where, url) : md(where);
      out.push(`| ${markdownSeverity(f.severity)} | ${cell(code(f.ruleId))} ${cell(md(f.title))}${f.newRule ? ' _(new rule, not gating)_' : ''} | ${cell(loc)} | ${md(f.controls.join(', '))} | ${cell(md(f.message))}<br>**Fix:** ${cell(md(f.remediation))} |`);
    }
    if (open.length > max) out.push('', `…and ${open.length - max} more findings (see the SARIF or JSON report).`);
    out.push('');
  }
  const comp = r.findings.filter((f) => f.compensated);
  if (comp.length) {
    out.push('### Compensating controls', '', '| Rule | Location | Control | Verified |', '|---|---|---|---|');
    for (const f of comp.slice(0, max)) out.push(`| ${cell(code(f.ruleId))} | ${cell(md(`${f.location.file}:${f.location.startLine}`))} | ${cell(code(f.compensated!.by))} | ${cell(md(f.compensated!.detail))} |`);
    out.push('');
  }
  const sup = r.findings.filter((f) => f.suppressed && !f.compensated);
  if (sup.length) {
    out.push('### Suppressions', '', '| Rule | Location | Reason | Expires |', '|---|---|---|---|');
    for (const f of sup.slice(0, max)) out.push(`| ${cell(code(f.ruleId))} | ${cell(md(`${f.location.file}:${f.location.startLine}`))} | ${cell(md(f.suppression ? suppressionReason(f.suppression) : ''))} | ${cell(md(f.suppression?.expires ?? '—'))} |`);
    out.push('');
  }
  if (r.indeterminate.length) {
    out.push('<details><summary>Indeterminate checks (' + r.indeterminate.length + ')</summary>', '', '| Rule | Location | Why |', '|---|---|---|');
    for (const i of r.indeterminate.slice(0, max)) out.push(`| ${cell(code(i.ruleId))} | ${cell(md(`${i.location.file}:${i.location.startLine}`))} | ${cell(md(i.reason))} |`);
    out.push('', '</details>', '');
  }
  const errs = r.errors.filter((e) => e.kind !== 'notice');
  if (errs.length) {
    out.push('### Errors', '');
    for (const e of errs.slice(0, max)) out.push(`- ${md(`${e.file}:${e.line}:${e.column}`)} ${e.kind}: ${md(e.message)}`);
    out.push('');
  }
  if (r.soc2) out.push(`<sub>Trustgate ${md(r.tool.version)} · SOC 2 mapping ${md(r.soc2.mappingVersion)} ${code(r.soc2.mappingDigest)} · rule set ${code(r.soc2.rulesetDigest)}</sub>`, '');
  return out.join('\n');
}
