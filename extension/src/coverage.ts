// The SOC 2 coverage view's content: the verdict of each criterion in the workspace's last scan (the
// states of core/soc2/verdict.ts) and what it rests on. Free of the vscode API (views.ts shows it in a
// webview without scripts; vitest checks it). Every value is escaped.
import { compareCriteria, CRITERIA } from '../../core/soc2/criteria.js';
import { VERDICT_LABEL, type Verdict } from '../../core/soc2/verdict.js';
import type { ScanResult } from '../../core/types.js';
import { describeKindCounts } from '../../core/inputs.js';
import { describeCounts, scanCounts } from './findings.js';

/**
 * A verdict for criteria the enabled rules cover; else why there is none: a rule can evidence it but none
 * ran ('no enabled rule'), or no rule could ('not automatable': governance, people, process), as
 * core/soc2/criteria.ts says (in step with the rule catalogue). A criterion with a finding is never the latter.
 */
export type Status = Verdict | 'no enabled rule' | 'not automatable';

export const STATUSES: readonly Status[] = ['fail', 'incomplete', 'pass', 'not-evaluated', 'no enabled rule', 'not automatable'];
export const STATUS_LABEL: Record<Status, string> = { ...VERDICT_LABEL, 'no enabled rule': 'no enabled rule', 'not automatable': 'not automatable' };

/** The command a row's link runs (views.ts): reveal the criterion's findings. */
export const SHOW_CRITERION = 'trustgate.showCriterion';

export interface CoverageRow {
  id: string;
  summary: string;
  status: Status;
  resources: number;
  /** Unsuppressed findings shown (after trustgate.minimumSeverity), as in the findings tree. */
  failed: number;
  /** Suppressed by a person; findings a compensating control satisfies are `compensated`, apart. */
  suppressed: number;
  compensated: number;
  indeterminate: number;
  failingRules: string[];
}

/** Rows most telling first (failing, then incomplete, passing...), in TSC order within a state. */
export function coverageRows(r: ScanResult): CoverageRow[] {
  const ids = [...new Set([...Object.keys(CRITERIA), ...Object.keys(r.summary.byControl), ...r.findings.flatMap((f) => f.controls)])].sort(compareCriteria);
  return ids.map((id): CoverageRow => {
    const c = r.summary.byControl[id];
    const crit = CRITERIA[id];
    const mine = r.findings.filter((f) => f.controls.includes(id));
    const open = mine.filter((f) => !f.suppressed);
    const failingRules = [...new Set(open.map((f) => f.ruleId))].sort();
    const status: Status = open.length ? 'fail' : c ? c.verdict : !crit || crit.automatable ? 'no enabled rule' : 'not automatable';
    const compensated = mine.filter((f) => f.compensated).length;
    return { id, summary: crit?.summary ?? '', status, resources: c?.resources ?? 0, failed: open.length, suppressed: mine.length - open.length - compensated, compensated, indeterminate: c?.indeterminate ?? 0, failingRules };
  }).sort((a, b) => STATUSES.indexOf(a.status) - STATUSES.indexOf(b.status) || compareCriteria(a.id, b.id));
}

/** The headline's counts: criteria per status; they add up to the rows. */
export function statusCounts(rows: readonly CoverageRow[]): Record<Status, number> {
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  for (const x of rows) out[x.status]++;
  return out;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const commandUri = (id: string) => `command:${SHOW_CRITERION}?${encodeURIComponent(JSON.stringify([id]))}`;

export function coverageHtml(r: ScanResult, folders: string[]): string {
  const rows = coverageRows(r);
  const n = statusCounts(rows);
  const e = escapeHtml;
  const body = rows
    .map((x) => {
      const extra = [x.suppressed ? `${x.suppressed} suppressed` : '', x.compensated ? `${x.compensated} compensated` : '', x.indeterminate ? `${x.indeterminate} indeterminate` : ''].filter(Boolean).join(' · ');
      const rules = x.failingRules.length ? `<div class="rules">${x.failingRules.map(e).join(', ')}</div>` : '';
      const id = x.failed ? `<a href="${e(commandUri(x.id))}" title="Show the findings of ${e(x.id)}">${e(x.id)}</a>` : e(x.id);
      const failed = x.failed ? `<a href="${e(commandUri(x.id))}">${x.failed}</a>` : '0';
      return `<tr class="${e(x.status.replace(/ /g, '-'))}" data-criterion="${e(x.id)}"><td><b>${id}</b> <span class="summary">${e(x.summary)}</span>${rules}${extra ? `<div class="extra">${e(extra)}</div>` : ''}</td><td class="verdict">${e(STATUS_LABEL[x.status])}</td><td class="num">${x.resources}</td><td class="num">${failed}</td></tr>`;
    })
    .join('\n');
  const unresolved = r.unresolvedModules?.length ? `${r.unresolvedModules.length} module call(s) could not be read: Terraform criteria are at best incomplete. ` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SOC 2 coverage</title>
<style>
body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);color:var(--vscode-foreground);padding:0 1em;max-width:70em}
h1{font-size:1.4em;margin:.6em 0 .3em}p{margin:.4em 0}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border-bottom:1px solid var(--vscode-panel-border);padding:4px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
th.num,td.num{width:5.2em;text-align:right}th.verdict,td.verdict{width:7.5em}
.summary{color:var(--vscode-descriptionForeground)}.rules,.extra{font-size:.9em;margin-top:2px}.rules{font-family:var(--vscode-editor-font-family)}
tr.fail td.verdict{color:var(--vscode-errorForeground);font-weight:bold}tr.incomplete td.verdict{color:var(--vscode-editorWarning-foreground);font-weight:bold}tr.pass td.verdict{color:var(--vscode-testing-iconPassed)}
tr.not-evaluated,tr.no-enabled-rule,tr.not-automatable{opacity:.6}
a{color:var(--vscode-textLink-foreground)}
@media (max-width:420px){th.num,td.num{width:4.2em}th{font-size:.85em}th.verdict,td.verdict{width:5.5em}.summary{display:none}}
</style></head><body>
<h1>SOC 2 coverage</h1>
<p>${e(folders.join(', '))}: ${e(describeCounts(scanCounts(r)))} (${e(describeKindCounts(r.summary.filesByKind))}).</p>
<p id="headline">${rows.length} criteria: <b>${n.fail}</b> fail, <b>${n.incomplete}</b> incomplete, <b>${n.pass}</b> pass, ${n['not-evaluated']} not evaluated (no applicable resource), ${n['no enabled rule']} without an enabled rule, ${n['not automatable']} not automatable from code.
${e(unresolved)}A passing criterion means at least one applicable resource was checked and no rule found a problem; it is evidence, not an audit opinion. Click a criterion to see its findings.</p>
<table><thead><tr><th>Criterion</th><th class="verdict">Verdict</th><th class="num" title="Applicable resources checked">Checked</th><th class="num">Findings</th></tr></thead>
<tbody>
${body}
</tbody></table></body></html>`;
}
