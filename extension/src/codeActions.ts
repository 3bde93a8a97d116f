// Code actions on a Trustgate diagnostic: the rule's own quick fixes (exact rewrites), "Suppress with
// justification" (a trustgate:ignore comment with snippet placeholders) and "Open rule documentation".
import * as vscode from 'vscode';
import { REASON_PLACEHOLDER } from '../../core/suppress.js';
import { docsUri, findingOf, SOURCE, toRange } from './diagnostics.js';

export const INSERT_SUPPRESSION = 'trustgate.insertSuppression';

/** YYYY-MM-DD, 90 days from now (UTC), the default expiry of a new suppression. */
export function expiryDate(days = 90, from = new Date()): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export class TrustgateCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly versions: Map<string, number>) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, ctx: vscode.CodeActionContext): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    const current = this.versions.get(doc.uri.toString()) === doc.version;
    for (const d of ctx.diagnostics) {
      const f = d.source === SOURCE ? findingOf.get(d) : undefined;
      if (!f || f.suppressed) continue;
      // Exact rewrites are only offered while the buffer is the one they were computed from.
      if (current) {
        for (const fix of f.fixes ?? []) {
          if (fix.range.file !== doc.uri.fsPath) continue;
          const a = new vscode.CodeAction(`Trustgate: ${fix.title}`, vscode.CodeActionKind.QuickFix);
          a.edit = new vscode.WorkspaceEdit();
          a.edit.replace(doc.uri, toRange(fix.range), fix.text);
          a.diagnostics = [d];
          a.isPreferred = f.fixes!.length === 1;
          out.push(a);
        }
      }
      const s = new vscode.CodeAction(`Trustgate: Suppress ${f.ruleId} with justification`, vscode.CodeActionKind.QuickFix);
      s.diagnostics = [d];
      s.command = { command: INSERT_SUPPRESSION, title: s.title, arguments: [doc.uri, d.range.start.line, f.ruleId] };
      out.push(s);
      const o = new vscode.CodeAction(`Trustgate: Open documentation for ${f.ruleId}`, vscode.CodeActionKind.QuickFix);
      o.diagnostics = [d];
      o.command = { command: 'vscode.open', title: o.title, arguments: [docsUri(f.ruleId)] };
      out.push(o);
    }
    return out;
  }
}

/**
 * Insert `# trustgate:ignore <ID> reason="…" expires=<+90d>` on its own line above `line`, with that
 * line's indentation (`#` is a comment in HCL and YAML alike). The reason is a snippet placeholder
 * (REASON_PLACEHOLDER): left as is, the engine reports the comment as invalid and the finding stays.
 */
export async function insertSuppression(uri: vscode.Uri, line: number, ruleId: string): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString()) ?? (await vscode.window.showTextDocument(doc));
  const text = line < doc.lineCount ? doc.lineAt(line).text : '';
  const indent = /^\s*/.exec(text)![0];
  // A YAML sequence item ("- uses: …"): the comment goes at the dash's indentation, which is the same.
  const snippet = new vscode.SnippetString()
    .appendText(`${indent}# trustgate:ignore ${ruleId} reason="`)
    .appendPlaceholder(REASON_PLACEHOLDER)
    .appendText(`" expires=${expiryDate()}\n`);
  return editor.insertSnippet(snippet, new vscode.Position(line, 0), { undoStopBefore: true, undoStopAfter: true });
}
