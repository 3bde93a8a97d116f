// Hover on a flagged range. VS Code already shows each diagnostic's message at the top of the hover, so
// the message is not repeated: per rule, its failing headline with the SOC 2 criteria it fails and the
// fix come first (two lines, above the fold); what each criterion asks for, why the rule supports it
// and the documentation link follow.
// Several findings under the cursor are grouped by rule (two containers, one headline).
import * as vscode from 'vscode';
import { CRITERIA } from '../../core/soc2/criteria.js';
import { ALL_RULES } from '../../rules/index.js';
import type { Finding } from '../../core/types.js';
import { docsUri, findingOf, SOURCE } from './diagnostics.js';

/** Escape Markdown (and the HTML it allows) in text that comes from rules, findings or the file. */
export const escapeMd = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');

/** Findings grouped by rule, in the order their first finding appears. */
export function byRule(findings: readonly Finding[]): Finding[][] {
  const m = new Map<string, Finding[]>();
  for (const f of findings) m.set(f.ruleId, [...(m.get(f.ruleId) ?? []), f]);
  return [...m.values()];
}

export function hoverMarkdown(findings: readonly Finding[]): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  const groups = byRule(findings);
  // Above the fold, two lines per rule: what is wrong (with the criteria it fails), and the fix.
  groups.forEach((g, i) => {
    const f = g[0];
    if (i) md.appendMarkdown('\n\n');
    const sup = g.filter((x) => x.suppressed).length;
    md.appendMarkdown(`**${escapeMd(f.title)}** `);
    md.appendMarkdown(escapeMd(`— ${f.ruleId} · ${f.severity}${g.length > 1 ? ` · ${g.length} findings` : ''}${sup ? ` · ${sup === g.length ? '' : `${sup} `}suppressed` : ''} · SOC 2 ${f.controls.join(', ')}`));
    md.appendMarkdown('\\\n**Fix:** ');
    md.appendMarkdown(escapeMd(f.remediation));
    for (const x of g) {
      const s = x.suppression;
      if (!s) continue;
      md.appendMarkdown('\\\n**Suppression:** ');
      md.appendMarkdown(escapeMd(`${s.reason}${s.expires ? ` (expires ${s.expires})` : ''}${s.expired ? ' — expired' : ''}`));
    }
  });
  // Below the fold: what each criterion asks for, why each rule supports it, the documentation.
  md.appendMarkdown('\n\n---\n');
  const controls = [...new Set(groups.flatMap((g) => g[0].controls))];
  md.appendMarkdown('\n**SOC 2 criteria**\n');
  for (const c of controls) md.appendMarkdown(`\n- **${escapeMd(c)}** ${escapeMd(CRITERIA[c]?.summary ?? 'criterion not in the catalogue')}`);
  md.appendMarkdown('\n');
  for (const g of groups) {
    const f = g[0];
    const rule = ALL_RULES.find((r) => r.id === f.ruleId);
    md.appendMarkdown(`\n**Why ${escapeMd(f.ruleId)}:** `);
    if (rule?.rationale) md.appendMarkdown(escapeMd(rule.rationale));
    for (const c of f.controls) {
      const why = rule?.controlRationale?.[c];
      if (why) md.appendMarkdown(` _${escapeMd(c)}: ${escapeMd(why)}_`);
    }
    md.appendMarkdown(` [Rule documentation](${docsUri(f.ruleId).toString()})\n`);
  }
  return md;
}

export class TrustgateHover implements vscode.HoverProvider {
  constructor(private readonly collection: vscode.DiagnosticCollection) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const hits = (this.collection.get(doc.uri) ?? []).filter((d) => d.source === SOURCE && findingOf.has(d) && d.range.contains(pos));
    if (!hits.length) return undefined;
    return new vscode.Hover(
      hoverMarkdown(hits.map((d) => findingOf.get(d)!)),
      hits.map((d) => d.range).reduce((a, b) => a.union(b)),
    );
  }
}
