// Hover on a flagged range: the rule, each SOC 2 criterion with what it asks for, why, and the fix.
import * as vscode from 'vscode';
import { CRITERIA } from '../../core/soc2/criteria.js';
import { ALL_RULES } from '../../rules/index.js';
import type { Finding } from '../../core/types.js';
import { docsUri, findingOf, SOURCE } from './diagnostics.js';

/** Escape Markdown (and the HTML it allows) in text that comes from rules, findings or the file. */
export const escapeMd = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');

export function hoverMarkdown(f: Finding): vscode.MarkdownString {
  const rule = ALL_RULES.find((r) => r.id === f.ruleId);
  const md = new vscode.MarkdownString();
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown('**');
  md.appendMarkdown(escapeMd(`${f.ruleId} · ${f.title}`));
  md.appendMarkdown('**');
  md.appendMarkdown(escapeMd(` (${f.severity}${f.suppressed ? ', suppressed' : ''})`));
  md.appendMarkdown('\n\n');
  md.appendMarkdown(escapeMd(f.message));
  md.appendMarkdown('\n\n**SOC 2 criteria**\n\n');
  for (const c of f.controls) {
    md.appendMarkdown('- **');
    md.appendMarkdown(escapeMd(c));
    md.appendMarkdown('** — ');
    md.appendMarkdown(escapeMd(CRITERIA[c]?.summary ?? 'criterion not in the catalogue'));
    const why = rule?.controlRationale?.[c];
    if (why) {
      md.appendMarkdown(' _');
      md.appendMarkdown(escapeMd(why));
      md.appendMarkdown('_');
    }
    md.appendMarkdown('\n');
  }
  if (rule?.rationale) {
    md.appendMarkdown('\n**Why:** ');
    md.appendMarkdown(escapeMd(rule.rationale));
    md.appendMarkdown('\n');
  }
  md.appendMarkdown('\n**Remediation:** ');
  md.appendMarkdown(escapeMd(f.remediation));
  if (f.suppression) {
    md.appendMarkdown('\n\n**Suppression:** ');
    md.appendMarkdown(escapeMd(`${f.suppression.reason}${f.suppression.expires ? ` (expires ${f.suppression.expires})` : ''}${f.suppression.expired ? ' — expired' : ''}`));
  }
  md.appendMarkdown(`\n\n[Rule documentation](${docsUri(f.ruleId).toString()})`);
  return md;
}

export class TrustgateHover implements vscode.HoverProvider {
  constructor(private readonly collection: vscode.DiagnosticCollection) {}

  provideHover(doc: vscode.TextDocument, pos: vscode.Position): vscode.Hover | undefined {
    const hits = (this.collection.get(doc.uri) ?? []).filter((d) => d.source === SOURCE && findingOf.has(d) && d.range.contains(pos));
    if (!hits.length) return undefined;
    return new vscode.Hover(
      hits.map((d) => hoverMarkdown(findingOf.get(d)!)),
      hits.map((d) => d.range).reduce((a, b) => a.union(b)),
    );
  }
}
