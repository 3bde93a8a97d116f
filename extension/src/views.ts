// The two views of the last workspace scan (model.ts): the SOC 2 coverage webview (coverage.ts renders
// it) and the findings tree (grouped by criterion, file or severity: findings.ts). A coverage row links
// to its criterion in the tree; a finding opens its location.
import * as vscode from 'vscode';
import type { Finding } from '../../core/types.js';
import { CRITERIA } from '../../core/soc2/criteria.js';
import { coverageHtml, SHOW_CRITERION } from './coverage.js';
import { toRange } from './diagnostics.js';
import { displayPath, findingDetail, GROUP_BY, groupFindings, type FindingGroup, type GroupBy } from './findings.js';
import type { ScanModel } from './model.js';

export const FINDINGS_VIEW = 'trustgate.findings';
export const GROUP_BY_COMMAND = 'trustgate.findings.groupBy';

type Node = { type: 'group'; group: FindingGroup } | { type: 'finding'; finding: Finding; parent: FindingGroup };

const SEVERITY_ICON: Record<string, vscode.ThemeIcon> = {
  critical: new vscode.ThemeIcon('flame', new vscode.ThemeColor('errorForeground')),
  high: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  medium: new vscode.ThemeIcon('warning', new vscode.ThemeColor('editorWarning.foreground')),
  low: new vscode.ThemeIcon('info', new vscode.ThemeColor('editorInfo.foreground')),
};

/** Where a finding is, as VS Code opens it. */
export const findingLocation = (f: Finding) => ({ uri: vscode.Uri.file(f.location.file), range: toRange(f.location) });

export class FindingsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private groups: FindingGroup[] = [];
  readonly view: vscode.TreeView<Node>;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly model: ScanModel,
    public groupBy: GroupBy = 'criterion',
  ) {
    this.view = vscode.window.createTreeView(FINDINGS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.subs.push(this.view, model.onDidChange(() => this.refresh()));
    this.refresh();
  }

  setGroupBy(by: GroupBy): void {
    this.groupBy = by;
    this.refresh();
  }

  private refresh(): void {
    const r = this.model.result;
    this.groups = r ? groupFindings(r, this.groupBy, this.model.roots) : [];
    const n = r ? r.findings.filter((f) => !f.suppressed).length : 0;
    const at = this.model.scannedAt?.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
    this.view.description = r ? `${n} finding${n === 1 ? '' : 's'} · by ${this.groupBy}${at ? ` · scanned ${at}` : ''}` : undefined;
    this.view.message = r && !n ? 'No unsuppressed findings in the last workspace scan.' : undefined;
    this.emitter.fire();
  }

  /** What the tree shows (tests). */
  snapshot(): { groupBy: GroupBy; groups: { key: string; label: string; description: string; findings: number }[] } {
    return { groupBy: this.groupBy, groups: this.groups.map((g) => ({ key: g.key, label: g.label, description: g.description, findings: g.findings.length })) };
  }

  getChildren(n?: Node): Node[] {
    if (!n) return this.groups.map((group) => ({ type: 'group', group }));
    if (n.type === 'group') return n.group.findings.map((finding) => ({ type: 'finding', finding, parent: n.group }));
    return [];
  }

  getParent(n: Node): Node | undefined {
    return n.type === 'finding' ? { type: 'group', group: n.parent } : undefined;
  }

  getTreeItem(n: Node): vscode.TreeItem {
    if (n.type === 'group') {
      const g = n.group;
      const item = new vscode.TreeItem(g.label, this.groups.length <= 3 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${this.groupBy}:${g.key}`;
      item.description = g.description;
      item.contextValue = 'group';
      if (this.groupBy === 'severity') item.iconPath = SEVERITY_ICON[g.key];
      else if (this.groupBy === 'file') {
        item.resourceUri = vscode.Uri.file(g.key);
        item.iconPath = vscode.ThemeIcon.File;
      } else {
        item.iconPath = new vscode.ThemeIcon('shield');
        item.tooltip = `${g.key}: ${CRITERIA[g.key]?.summary ?? ''}`;
      }
      return item;
    }
    const f = n.finding;
    const item = new vscode.TreeItem(f.title, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.groupBy}:${n.parent.key}:${f.ruleId}:${f.location.file}:${f.location.startLine}:${f.location.startColumn}`;
    item.description = this.groupBy === 'file' ? `${f.ruleId} · line ${f.location.startLine}` : `${f.ruleId} · ${displayPath(f.location.file, this.model.roots)}:${f.location.startLine}`;
    item.iconPath = SEVERITY_ICON[f.severity];
    const tip = new vscode.MarkdownString();
    tip.appendText(`${f.message}\n\n${findingDetail(f, this.model.roots)} · SOC 2 ${f.controls.join(', ')}\n\nFix: ${f.remediation}`);
    item.tooltip = tip;
    const { uri, range } = findingLocation(f);
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: range, preserveFocus: false } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }

  /** Group by criterion, reveal the criterion's group and open its first finding (a coverage row's link). */
  async showCriterion(id: string): Promise<Finding | undefined> {
    if (this.groupBy !== 'criterion') this.setGroupBy('criterion');
    const g = this.groups.find((x) => x.key === id);
    if (!g) return undefined;
    await this.view.reveal({ type: 'group', group: g }, { expand: true, select: true, focus: false });
    const f = g.findings[0];
    const { uri, range } = findingLocation(f);
    await vscode.window.showTextDocument(uri, { selection: range, viewColumn: vscode.ViewColumn.One });
    return f;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.emitter.dispose();
  }
}

/** The command behind the tree's title button: pick the grouping (or pass it, e.g. from a test). */
export async function pickGroupBy(tree: FindingsTree, by?: unknown): Promise<GroupBy | undefined> {
  let choice = (GROUP_BY as readonly unknown[]).includes(by) ? (by as GroupBy) : undefined;
  if (!choice) {
    const pick = await vscode.window.showQuickPick(
      GROUP_BY.map((g) => ({ label: `Group by ${g}`, value: g, description: g === tree.groupBy ? 'current' : undefined })),
      { title: 'Trustgate findings' },
    );
    choice = pick?.value;
  }
  if (choice) tree.setGroupBy(choice);
  return choice;
}

/** The coverage webview: one panel, redrawn when the model changes; rows link to the findings tree. */
export class CoveragePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly sub: vscode.Disposable;

  constructor(private readonly model: ScanModel) {
    this.sub = model.onDidChange(() => this.panel && this.render());
  }

  private render(): string {
    const html = this.model.result ? coverageHtml(this.model.result, this.model.folders.map((f) => f.name)) : '';
    if (this.panel) this.panel.webview.html = html;
    return html;
  }

  show(): string {
    if (!this.panel) {
      // No scripts; links may run only the command that reveals a criterion's findings.
      this.panel = vscode.window.createWebviewPanel('trustgate.coverage', 'SOC 2 coverage', vscode.ViewColumn.Beside, { enableScripts: false, enableCommandUris: [SHOW_CRITERION] });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    const html = this.render();
    this.panel.reveal();
    return html;
  }

  dispose(): void {
    this.sub.dispose();
    this.panel?.dispose();
  }
}
