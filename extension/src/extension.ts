// Trustgate for VS Code: live SOC 2 diagnostics for Terraform, Kubernetes manifests and workflows.
// Activation is cheap: the WASM parser starts on the first relevant document; other files cost nothing.
import * as vscode from 'vscode';
import { classify, walk } from '../../core/files.js';
import { fileGlob } from '../../core/inputs.js';
import type { ScanResult } from '../../core/types.js';
import { mergeCriterion } from '../../core/soc2/verdict.js';
import { insertSuppression, INSERT_SUPPRESSION, TrustgateCodeActions } from './codeActions.js';
import { showCoverage } from './coverage.js';
import { DiagnosticsController } from './diagnostics.js';
import { TrustgateHover } from './hover.js';
import { readSettings } from './settings.js';
import { TrustgateStatus } from './statusBar.js';
import { clearConfigCache, runFolder, unitOf } from './unit.js';

/** Set by the bundle's banner (scripts/build-extension.mjs) when the extension host starts loading it. */
declare const __tg_load_start: number | undefined;

export interface TrustgateApi {
  /** From the start of loading the bundle to the end of activate(). */
  activationMs: number;
  statusText(): string;
  lastWorkspaceScan(): ScanResult | undefined;
  /** Last time from a document change to published diagnostics, minus the debounce (ms). */
  lastLatencyMs(): number | undefined;
  /** Resolves when no scan is scheduled or running (tests, bench). */
  idle(): Promise<void>;
}

/** Every registered file type (core/inputs.ts): .tf, .tf.json, .tofu, .tfvars(.json), YAML. */
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: fileGlob() }];

export function activate(context: vscode.ExtensionContext): TrustgateApi {
  const t0 = typeof __tg_load_start === 'number' ? __tg_load_start : performance.now();
  const log = vscode.window.createOutputChannel('Trustgate');
  const ctl = new DiagnosticsController(log);
  const status = new TrustgateStatus(ctl.collection);
  ctl.onDidPublish(() => status.update());
  let lastScan: ScanResult | undefined;

  const scanWorkspace = async (): Promise<{ findings: number; files: number } | undefined> => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!folders.length) {
      void vscode.window.showInformationMessage('Trustgate: open a folder to scan a workspace.');
      return undefined;
    }
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Trustgate: scanning the workspace', cancellable: true }, async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      const overrides = new Map<string, string>();
      for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === 'file' && classify(d.uri.fsPath)) overrides.set(d.uri.fsPath, d.getText());
      let findings = 0;
      let files = 0;
      const merged: ScanResult[] = [];
      for (const folder of folders) {
        const root = folder.uri.fsPath;
        const settings = readSettings(folder.uri);
        let last = 0;
        try {
          const { result, configState } = await runFolder(root, overrides, settings, ac.signal, (done, total) => {
            progress.report({ message: `${folder.name}: ${done}/${total} files`, increment: total ? ((done - last) / total / folders.length) * 100 : 0 });
            last = done;
          });
          const listed = walk([root], configState.config.exclude, root).files.map((f) => f.path);
          ctl.publishAll(result, listed, settings.showSuppressed, configState);
          findings += result.summary.findings;
          files += result.summary.filesScanned;
          merged.push(result);
        } catch (e) {
          if (ac.signal.aborted) return undefined;
          log.appendLine(`workspace scan of ${root} failed: ${(e as Error).stack ?? e}`);
          void vscode.window.showErrorMessage(`Trustgate: scan of ${folder.name} failed: ${(e as Error).message}`);
        }
      }
      lastScan = mergeResults(merged);
      void vscode.commands.executeCommand('workbench.actions.view.problems');
      return { findings, files };
    });
  };

  context.subscriptions.push(
    log,
    ctl,
    status,
    vscode.languages.registerHoverProvider(SELECTOR, new TrustgateHover(ctl.collection)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new TrustgateCodeActions(ctl.versions), { providedCodeActionKinds: TrustgateCodeActions.kinds }),
    vscode.commands.registerCommand(INSERT_SUPPRESSION, insertSuppression),
    vscode.commands.registerCommand('trustgate.scanWorkspace', scanWorkspace),
    vscode.commands.registerCommand('trustgate.showCoverage', async () => {
      if (!lastScan) await scanWorkspace();
      if (!lastScan) return undefined;
      return showCoverage(lastScan, (vscode.workspace.workspaceFolders ?? []).map((f) => f.name));
    }),
    vscode.workspace.onDidOpenTextDocument((d) => ctl.schedule(d, 0)),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) ctl.schedule(e.document);
    }),
    // A closed buffer's unsaved text no longer counts: re-read its unit from disk.
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === 'file' && ctl.unitOfDoc(d)) ctl.schedule(d, 0);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('trustgate')) return;
      clearConfigCache();
      ctl.refreshAll();
    }),
    // Trusting the folder lets its own trustgate.configPath count (settings.ts).
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      clearConfigCache();
      ctl.refreshAll();
    }),
  );

  // Files changed on disk (another tool, git, a save elsewhere): refresh open units of that folder.
  const tfWatcher = vscode.workspace.createFileSystemWatcher(fileGlob(['terraform', 'tfvars']));
  const onTf = (uri: vscode.Uri) => {
    const u = unitOf(uri.fsPath, undefined, ctl.rootOf(uri));
    if (u && ctl.openUnits().some((o) => o.key === u.key)) ctl.scheduleUnit(u);
  };
  const cfgWatcher = vscode.workspace.createFileSystemWatcher('**/.trustgate.{yml,yaml}');
  const onCfg = () => {
    clearConfigCache();
    ctl.refreshAll();
  };
  context.subscriptions.push(tfWatcher, cfgWatcher, tfWatcher.onDidCreate(onTf), tfWatcher.onDidChange(onTf), tfWatcher.onDidDelete(onTf), cfgWatcher.onDidCreate(onCfg), cfgWatcher.onDidChange(onCfg), cfgWatcher.onDidDelete(onCfg));

  for (const d of vscode.workspace.textDocuments) ctl.schedule(d, 0);

  const activationMs = performance.now() - t0;
  log.appendLine(`Trustgate activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, lastLatencyMs: () => ctl.lastLatencyMs, statusText: () => status.text, lastWorkspaceScan: () => lastScan, idle: () => ctl.idle() };
}

export function deactivate(): void {}

function mergeResults(rs: ScanResult[]): ScanResult | undefined {
  if (rs.length <= 1) return rs[0];
  const [first, ...rest] = rs;
  const out: ScanResult = structuredClone(first);
  for (const r of rest) {
    out.findings.push(...r.findings);
    out.indeterminate.push(...r.indeterminate);
    out.errors.push(...r.errors);
    out.unresolvedModules.push(...r.unresolvedModules);
    out.roots.push(...r.roots);
    const s = out.summary;
    s.filesScanned += r.summary.filesScanned;
    s.findings += r.summary.findings;
    s.suppressed += r.summary.suppressed;
    for (const k of Object.keys(s.filesByKind) as (keyof typeof s.filesByKind)[]) s.filesByKind[k] += r.summary.filesByKind[k];
    for (const k of Object.keys(s.bySeverity) as (keyof typeof s.bySeverity)[]) s.bySeverity[k] += r.summary.bySeverity[k];
    for (const [c, v] of Object.entries(r.summary.byControl)) s.byControl[c] = mergeCriterion(s.byControl[c], v);
  }
  return out;
}
