// Status bar item: Trustgate's problem counts, and what they cover. Until a workspace scan has run only
// open files are scanned, and the item says so (a click scans the workspace); after one it carries the
// scan's counts (files, findings by severity, errors) and a click shows the Problems panel.
import * as vscode from 'vscode';
import { SOURCE } from './diagnostics.js';
import { describeCounts, type ScanCounts } from './findings.js';

export const SHOW_PROBLEMS = 'workbench.panel.markers.view.focus';

export class TrustgateStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('trustgate.status', vscode.StatusBarAlignment.Left, 50);
  text = '';
  /** The last workspace scan's counts; undefined until one has run. */
  private scanned: ScanCounts | undefined;
  private progress: string | undefined;

  constructor(private readonly collection: vscode.DiagnosticCollection) {
    this.item.name = 'Trustgate';
    this.update();
    this.item.show();
  }

  /** A workspace scan is running: "scanning 12/340 files". */
  scanning(done: number, total: number): void {
    this.progress = `${done}/${total} files`;
    this.update();
  }

  scanDone(c: ScanCounts | undefined): void {
    this.progress = undefined;
    if (c) this.scanned = c;
    this.update();
  }

  update(): void {
    let errors = 0;
    let warnings = 0;
    let infos = 0;
    this.collection.forEach((_uri, ds) => {
      for (const d of ds) {
        if (d.source !== SOURCE) continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
        else if (d.severity === vscode.DiagnosticSeverity.Information) infos++;
      }
    });
    const counts = `$(error) ${errors} $(warning) ${warnings}${infos ? ` $(info) ${infos}` : ''}`;
    const problems = `${errors} errors, ${warnings} warnings, ${infos} notes in the Problems panel`;
    if (this.progress) {
      this.text = `$(sync~spin) Trustgate: scanning ${this.progress}`;
      this.item.tooltip = 'Trustgate is scanning the workspace.';
      this.item.command = SHOW_PROBLEMS;
    } else if (this.scanned) {
      this.text = `$(shield) Trustgate ${counts} · ${this.scanned.files} files`;
      this.item.tooltip = `Trustgate SOC 2 guardrails. Last workspace scan: ${describeCounts(this.scanned)}. Now: ${problems}. Click for the Problems panel.`;
      this.item.command = SHOW_PROBLEMS;
    } else {
      this.text = `$(shield) Trustgate ${counts} · open files only`;
      this.item.tooltip = `Trustgate SOC 2 guardrails: only open files are scanned until a workspace scan runs (${problems}). Click to scan the workspace.`;
      this.item.command = 'trustgate.scanWorkspace';
    }
    this.item.text = this.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
