// "Trustgate: Show SOC 2 coverage": the verdict of each criterion in the workspace's last scan (the
// states of core/soc2/verdict.ts) and what it rests on. Rendered as a static webview (no scripts; every value escaped).
import * as vscode from 'vscode';
import { compareCriteria, CRITERIA } from '../../core/soc2/criteria.js';
import { VERDICT_LABEL, type Verdict } from '../../core/soc2/verdict.js';
import type { ScanResult } from '../../core/types.js';
import { describeKindCounts } from '../../core/inputs.js';

/** A verdict (core/soc2/verdict.ts) for criteria the enabled rules cover; else why there is none. */
export type Status = Verdict | 'no rule' | 'not automatable';

export const STATUS_LABEL: Record<Status, string> = { ...VERDICT_LABEL, 'no rule': 'no rule', 'not automatable': 'not automatable' };

export interface CoverageRow {
  id: string;
  summary: string;
  status: Status;
  resources: number;
  failed: number;
  suppressed: number;
  indeterminate: number;
  failingRules: string[];
}

export function coverageRows(r: ScanResult): CoverageRow[] {
  const ids = [...new Set([...Object.keys(CRITERIA), ...Object.keys(r.summary.byControl)])].sort(compareCriteria);
  return ids.map((id) => {
    const c = r.summary.byControl[id];
    const crit = CRITERIA[id];
    const failingRules = [...new Set(r.findings.filter((f) => !f.suppressed && f.controls.includes(id)).map((f) => f.ruleId))].sort();
    const status: Status = c ? c.verdict : crit && !crit.automatable ? 'not automatable' : 'no rule';
    return { id, summary: crit?.summary ?? '', status, resources: c?.resources ?? 0, failed: c?.failed ?? 0, suppressed: c?.suppressed ?? 0, indeterminate: c?.indeterminate ?? 0, failingRules };
  });
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function coverageHtml(r: ScanResult, folders: string[]): string {
  const rows = coverageRows(r);
  const count = (s: Status) => rows.filter((x) => x.status === s).length;
  const e = escapeHtml;
  const body = rows
    .map(
      (x) =>
        `<tr class="${e(x.status.replace(/ /g, '-'))}"><td><b>${e(x.id)}</b></td><td>${e(x.summary)}</td><td>${e(STATUS_LABEL[x.status])}</td><td>${x.resources}</td><td>${x.failed}</td><td>${x.suppressed}</td><td>${x.indeterminate}</td><td>${e(x.failingRules.join(', '))}</td></tr>`,
    )
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<title>SOC 2 coverage</title>
<style>
body{font-family:var(--vscode-font-family);color:var(--vscode-foreground);padding:0 1em}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--vscode-panel-border);padding:4px 6px;text-align:left;vertical-align:top}
tr.fail td:nth-child(3){color:var(--vscode-errorForeground);font-weight:bold}tr.incomplete td:nth-child(3){color:var(--vscode-editorWarning-foreground);font-weight:bold}tr.pass td:nth-child(3){color:var(--vscode-testing-iconPassed)}
tr.not-evaluated,tr.no-rule,tr.not-automatable{opacity:.6}
</style></head><body>
<h1>SOC 2 coverage</h1>
<p>${e(folders.join(', '))}: ${r.summary.filesScanned} files scanned (${describeKindCounts(r.summary.filesByKind)}),
${r.summary.findings} findings, ${r.summary.suppressed} suppressed.</p>
<p><b>${count('fail')}</b> criteria fail, <b>${count('incomplete')}</b> incomplete, <b>${count('pass')}</b> pass, ${count('not-evaluated')} not evaluated (no applicable resource), ${count('no rule') + count('not automatable')} without an enabled rule (${count('not automatable')} not automatable from code).
${r.unresolvedModules?.length ? `${r.unresolvedModules.length} module call(s) could not be read: Terraform criteria are at best incomplete. ` : ''}A passing criterion means at least one applicable resource was checked and no rule found a problem; it is evidence, not an audit opinion.</p>
<table><thead><tr><th>Criterion</th><th>What it asks for</th><th>Verdict</th><th>Resources checked</th><th>Findings</th><th>Suppressed</th><th>Indeterminate</th><th>Failing rules</th></tr></thead>
<tbody>
${body}
</tbody></table></body></html>`;
}

let panel: vscode.WebviewPanel | undefined;

export function showCoverage(r: ScanResult, folders: string[]): string {
  const html = coverageHtml(r, folders);
  if (!panel) {
    panel = vscode.window.createWebviewPanel('trustgate.coverage', 'SOC 2 coverage', vscode.ViewColumn.Beside, { enableScripts: false });
    panel.onDidDispose(() => (panel = undefined));
  }
  panel.webview.html = html;
  panel.reveal();
  return html;
}
