// The one data source of the coverage view and the findings tree: the last workspace scan (merged over
// the workspace folders). Views listen to onDidChange; neither keeps its own copy.
import * as vscode from 'vscode';
import type { ScanResult } from '../../core/types.js';

export class ScanModel implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  result: ScanResult | undefined;
  /** Names and paths of the workspace folders the result covers. */
  folders: { name: string; path: string }[] = [];
  /** When the result was produced. */
  scannedAt: Date | undefined;

  set(result: ScanResult | undefined, folders: { name: string; path: string }[]): void {
    this.result = result;
    this.folders = folders;
    this.scannedAt = result ? new Date() : undefined;
    this.emitter.fire();
  }

  get roots(): string[] {
    return this.folders.map((f) => f.path);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
