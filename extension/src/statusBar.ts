// Status bar item: Trustgate's problem counts across the workspace.
import * as vscode from 'vscode';
import { SOURCE } from './diagnostics.js';

export class TrustgateStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('trustgate.status', vscode.StatusBarAlignment.Left, 50);
  text = '';

  constructor(private readonly collection: vscode.DiagnosticCollection) {
    this.item.name = 'Trustgate';
    this.item.command = 'workbench.actions.view.problems';
    this.update();
    this.item.show();
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
    this.text = `$(shield) Trustgate $(error) ${errors} $(warning) ${warnings}${infos ? ` $(info) ${infos}` : ''}`;
    this.item.text = this.text;
    this.item.tooltip = `Trustgate SOC 2 guardrails: ${errors} errors, ${warnings} warnings, ${infos} notes. Click for the Problems panel.`;
  }

  dispose(): void {
    this.item.dispose();
  }
}
