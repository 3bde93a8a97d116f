// The report a reviewer reads: the job summary (core.summary) and the same text as the sticky PR
// comment. Markdown; every file name, message and reason is escaped (they come from the PR).
import { CRITERIA } from '../core/soc2/criteria.js';
import { criteriaEntries, VERDICT_ICON, VERDICT_LABEL } from '../core/soc2/verdict.js';
import { escapeMarkdown as md, markdownLinkUrl } from '../core/report/escape.js';
import { SEVERITIES, type Indeterminate, type ScanResult, type Severity } from '../core/types.js';
import { bySeverity } from './annotate.js';
import type { Classified } from './classify.js';
import { describeKindCounts } from '../core/inputs.js';

export interface ReportInput {
  result: ScanResult;
  classified: Classified[];
  /** Relative path of an indeterminate check's file. */
  rel: (file: string) => string;
  passed: boolean;
  failOn: Severity | 'none';
  /** Number of new findings at or above fail-on. */
  gating: number;
  /** e.g. "changed lines of pull request #7" */
  scopeText: string;
  /** e.g. "compared with a scan of base commit abc1234" */
  baselineText?: string;
  /** e.g. "policy from .trustgate.yml (base commit)" */
  policyText?: string;
  /** How the change weakens the gate (TG-CFG-* findings). */
  policyChanges?: Classified[];
  /** Suppressions the change adds or extends, with their one-line text. */
  newExceptions?: { file: string; finding: Classified['finding']; text: string }[];
  /** Changed files in scope that could not be scanned. */
  unscanned?: { file: string; line: number; message: string }[];
  /** Why the run fails besides gating findings. */
  failures?: string[];
  /** https://github.com/o/r/blob/<sha> */
  blobBase?: string;
  /** Workflow-command annotations left out by GitHub's limits. */
  annotationsOmitted: number;
  annotationsShown: number;
  /** Degradations and other facts worth a line (already plain text; escaped here). */
  notes: string[];
  redact: (s: string) => string;
}

const ICON: Record<Severity, string> = { critical: '🟣', high: '🔴', medium: '🟠', low: '🔵' };

function pathUrl(base: string, file: string, start: number, end: number): string {
  const enc = file.split('/').map(encodeURIComponent).join('/');
  return `${base}/${enc}#L${start}${end > start ? `-L${end}` : ''}`;
}

export function renderReport(r: ReportInput, maxRows = 50): string {
  const red = (s: string) => md(r.redact(s));
  const loc = (file: string, start: number, end: number) => {
    const text = md(`${file}:${start}`);
    return r.blobBase ? `[${text}](${markdownLinkUrl(pathUrl(r.blobBase, file, start, end))})` : text;
  };
  const open = r.classified.filter((c) => !c.finding.suppressed);
  const fresh = open.filter((c) => c.status === 'new').sort(bySeverity);
  const old = open.filter((c) => c.status === 'pre-existing').sort(bySeverity);
  const sup = r.classified.filter((c) => c.finding.suppressed);
  const expired = r.classified.filter((c) => !c.finding.suppressed && c.finding.suppression?.expired);
  const out: string[] = [];

  out.push(`## ${r.passed ? '✅' : '❌'} Trustgate SOC 2 scan: ${r.passed ? 'pass' : 'fail'}`, '');
  const gateText =
    r.failOn === 'none'
      ? 'fail-on is none: findings never fail the run'
      : r.gating
        ? `**${r.gating} new finding${r.gating === 1 ? '' : 's'} at or above ${r.failOn}**`
        : `no new finding at or above ${r.failOn}`;
  out.push(`${gateText}. Scope: ${md(r.scopeText)}${r.baselineText ? `; ${md(r.baselineText)}` : ''}${r.policyText ? `; ${md(r.policyText)}` : ''}.`, '');
  if (r.failures?.length) {
    out.push('**Also failing:**', '');
    for (const f of r.failures) out.push(`- ${red(f)}`);
    out.push('');
  }
  // What the change does to the gate itself and what it could not check: never collapsed.
  if (r.policyChanges?.length) {
    out.push(`### Policy changes in this pull request (${r.policyChanges.length})`, '', 'The policy of the base commit was applied; these changes take effect only once merged. Each weakens the gate and needs review:', '');
    for (const c of r.policyChanges.slice(0, maxRows)) out.push(`- \`${md(c.finding.ruleId)}\` ${loc(c.file, c.finding.location.startLine, c.finding.location.endLine)}: ${red(c.finding.message)}`);
    out.push('');
  }
  if (r.newExceptions?.length) {
    out.push(`### New exceptions in this pull request (${r.newExceptions.length})`, '', 'These suppressions still suppress; they are recorded as added by this change.', '');
    for (const e of r.newExceptions.slice(0, maxRows)) {
      const l = e.finding.suppression?.location ?? e.finding.location;
      out.push(`- ${loc(e.file, l.startLine, l.endLine)}: ${red(e.text)}`);
    }
    out.push('');
  }
  if (r.unscanned?.length) {
    out.push(`### Changed files that could not be scanned (${r.unscanned.length})`, '', 'Nothing in these files was checked; they do not pass by silence.', '');
    for (const u of r.unscanned.slice(0, maxRows)) out.push(`- ${loc(u.file, u.line, u.line)}: ${red(u.message)}`);
    out.push('');
  }

  // Counts by severity.
  const count = (list: Classified[], s: Severity) => list.filter((c) => c.finding.severity === s).length;
  out.push(`| | ${SEVERITIES.map((s) => `${ICON[s]} ${s}`).join(' | ')} | total |`, `|---|${SEVERITIES.map(() => '---:').join('|')}|---:|`);
  for (const [label, list] of [
    ['New', fresh],
    ['Pre-existing', old],
    ['Suppressed', sup],
  ] as const)
    out.push(`| ${label} | ${SEVERITIES.map((s) => count(list, s)).join(' | ')} | ${list.length} |`);
  const s = r.result.summary;
  out.push('', `${s.filesScanned} files scanned (${describeKindCounts(s.filesByKind)}) in ${s.durationMs} ms.`, '');

  // By Trust Services Criterion: the verdict states of core/soc2/verdict.ts; a failure split into new and pre-existing.
  const ctrl = criteriaEntries(s.byControl);
  if (ctrl.length) {
    out.push('### SOC 2 criteria', '', '| Criterion | | Verdict | Resources checked | Findings (new) | Findings (pre-existing) | Suppressed | Indeterminate |', '|---|---|---|---:|---:|---:|---:|---:|');
    for (const [id, v] of ctrl) {
      const n = fresh.filter((c) => c.finding.controls.includes(id)).length;
      const p = old.filter((c) => c.finding.controls.includes(id)).length;
      const verdict = `${VERDICT_ICON[v.verdict]} ${VERDICT_LABEL[v.verdict]}${v.verdict === 'fail' && !n ? ' (pre-existing)' : ''}`;
      out.push(`| **${md(id)}** | ${md(CRITERIA[id]?.summary ?? '')} | ${verdict} | ${v.resources} | ${n} | ${p} | ${v.suppressed} | ${v.indeterminate} |`);
    }
    out.push('');
  }
  const unresolved = r.result.unresolvedModules ?? [];
  if (unresolved.length) {
    out.push(`### Module calls not evaluated (${unresolved.length})`, '', 'Their resources were not checked, so no Terraform criterion can pass:', '');
    for (const u of unresolved.slice(0, maxRows)) out.push(`- ${loc(r.rel(u.file), u.line, u.line)} \`${md(u.module)}\` (${red(u.source)}): ${red(u.reason)}; ${red(u.fix)}`);
    out.push('');
  }

  const row = (c: Classified) => {
    const f = c.finding;
    return `| ${ICON[f.severity]} ${f.severity} | \`${md(f.ruleId)}\` ${md(f.title)} | ${loc(c.file, f.location.startLine, f.location.endLine)} | ${md(f.controls.join(', '))} | ${red(f.message)}<br>**Fix:** ${red(f.remediation)} |`;
  };
  const table = ['| Severity | Rule | Location | SOC 2 | Finding |', '|---|---|---|---|---|'];
  if (fresh.length) {
    out.push(`### New findings (${fresh.length})`, '', ...table, ...fresh.slice(0, maxRows).map(row));
    if (fresh.length > maxRows) out.push('', `…and ${fresh.length - maxRows} more new findings (all are in the SARIF report).`);
    out.push('');
  }
  if (r.annotationsOmitted > 0)
    out.push(`> **Annotations:** ${r.annotationsShown} shown on the diff; ${r.annotationsOmitted} more new finding${r.annotationsOmitted === 1 ? '' : 's'} not annotated (GitHub shows 10 per level per step, 50 per job). They are listed here and in the SARIF report.`, '');
  if (old.length) {
    out.push(`<details><summary>Pre-existing findings (${old.length}): not introduced by this change, not gating</summary>`, '', ...table, ...old.slice(0, maxRows).map(row));
    if (old.length > maxRows) out.push('', `…and ${old.length - maxRows} more.`);
    out.push('', '</details>', '');
  }
  if (sup.length || expired.length) {
    out.push(`### Suppressions (${sup.length})`, '', '| Rule | Location | Reason | Expires | Source |', '|---|---|---|---|---|');
    for (const c of [...sup, ...expired].slice(0, maxRows)) {
      const x = c.finding.suppression;
      const exp = x?.expires ? (x.expired ? `${md(x.expires)} (expired: reported again)` : md(x.expires)) : 'never';
      out.push(`| \`${md(c.finding.ruleId)}\` | ${loc(c.file, c.finding.location.startLine, c.finding.location.endLine)} | ${red(x?.reason ?? '')} | ${exp} | ${md(x?.source ?? '')} |`);
    }
    out.push('');
  }
  const ind: Indeterminate[] = r.result.indeterminate;
  if (ind.length) {
    out.push(`<details><summary>Indeterminate checks (${ind.length}): values unknown until apply</summary>`, '', '| Rule | Location | Why |', '|---|---|---|');
    for (const i of ind.slice(0, maxRows)) out.push(`| \`${md(i.ruleId)}\` | ${loc(r.rel(i.location.file), i.location.startLine, i.location.endLine)} | ${red(i.reason)} |`);
    out.push('', '</details>', '');
  }
  const errs = r.result.errors.filter((e) => e.kind !== 'notice');
  if (errs.length) {
    out.push(`<details><summary>Files not fully scanned (${errs.length})</summary>`, '');
    for (const e of errs.slice(0, maxRows)) out.push(`- ${md(`${r.rel(e.file)}:${e.line}`)} ${md(e.kind)}: ${red(e.message)}`);
    out.push('', '</details>', '');
  }
  if (r.notes.length) {
    out.push('### Notes', '');
    for (const n of r.notes) out.push(`- ${red(n)}`);
    out.push('');
  }
  out.push(`<sub>Trustgate ${md(r.result.tool.version)} · fail-on: ${r.failOn} · SARIF has every finding</sub>`, '');
  return out.join('\n');
}

/** The report in at most `limit` characters: fewer rows first, then a hard cut. */
export function renderWithin(r: ReportInput, limit: number, prefix = ''): string {
  for (const rows of [50, 25, 10, 5, 0]) {
    const text = prefix + renderReport(r, rows);
    if (text.length <= limit) return text;
  }
  const note = '\n\n…(truncated to fit GitHub\'s size limit; see the job summary and SARIF)\n';
  const text = prefix + renderReport(r, 0);
  return text.slice(0, limit - note.length) + note;
}
