// Trustgate for VS Code: live SOC 2 diagnostics for Terraform, Kubernetes manifests and workflows.
// Activation is cheap: the WASM parser starts on the first relevant document; other files cost nothing.
import * as vscode from 'vscode';
import { classify, walk } from '../../core/files.js';
import { fileGlob } from '../../core/inputs.js';
import type { ScanResult } from '../../core/types.js';
import { mergeCriterion } from '../../core/soc2/verdict.js';
import { insertSuppression, INSERT_SUPPRESSION, TrustgateCodeActions } from './codeActions.js';
import { SHOW_CRITERION } from './coverage.js';
import { DiagnosticsController } from './diagnostics.js';
import { TrustgateHover } from './hover.js';
import { readSettings } from './settings.js';
import { describeCounts, scanCounts, type ScanCounts } from './findings.js';
import { ScanModel } from './model.js';
import { CoveragePanel, FindingsTree, GROUP_BY_COMMAND, pickGroupBy } from './views.js';
import { SHOW_PROBLEMS, TrustgateStatus } from './statusBar.js';
import { clearConfigCache, runFolder, unitOf } from './unit.js';

/** Set by the bundle's banner (scripts/build-extension.mjs) when the extension host starts loading it. */
declare const __tg_load_start: number | undefined;

export interface TrustgateApi {
  /** From the start of loading the bundle to the end of activate(). */
  activationMs: number;
  statusText(): string;
  lastWorkspaceScan(): ScanResult | undefined;
  /** What the findings tree shows. */
  findingsTree(): ReturnType<FindingsTree['snapshot']>;
  /** Whether the workspace was small enough to scan on opening (trustgate.autoScanMaxFiles), once decided. */
  autoScan(): Promise<boolean>;
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

  const model = new ScanModel();
  const tree = new FindingsTree(model);
  const coverage = new CoveragePanel(model);
  /** The workspace scan in flight (a second request joins it). */
  let inflight: Promise<WorkspaceScan | undefined> | undefined;

  const runScan = async (background: boolean): Promise<WorkspaceScan | undefined> => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (!folders.length) return undefined;
    const location = background ? vscode.ProgressLocation.Window : vscode.ProgressLocation.Notification;
    return vscode.window.withProgress({ location, title: 'Trustgate: scanning the workspace', cancellable: !background }, async (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      const overrides = new Map<string, string>();
      for (const d of vscode.workspace.textDocuments) if (d.uri.scheme === 'file' && classify(d.uri.fsPath)) overrides.set(d.uri.fsPath, d.getText());
      // A file whose unit scan publishes after this point (an edit meanwhile) keeps those newer diagnostics.
      const since = ctl.now();
      const newer = (f: string) => ctl.newerThan(f, since);
      const merged: ScanResult[] = [];
      for (const folder of folders) {
        const root = folder.uri.fsPath;
        const settings = readSettings(folder.uri);
        let last = 0;
        try {
          const { result, configState } = await runFolder(root, overrides, settings, ac.signal, (done, total) => {
            // Progress counts files (core/engine.ts onProgress).
            progress.report({ message: `${folders.length > 1 ? `${folder.name}: ` : ''}${done}/${total} files`, increment: total ? ((done - last) / total / folders.length) * 100 : 0 });
            status.scanning(done, total);
            last = done;
          });
          const listed = walk([root], configState.config.exclude, root).files.map((f) => f.path);
          ctl.publishAll(result, listed, settings.showSuppressed, configState, newer);
          merged.push(result);
        } catch (e) {
          if (ac.signal.aborted) {
            status.scanDone(undefined);
            return undefined;
          }
          log.appendLine(`workspace scan of ${root} failed: ${(e as Error).stack ?? e}`);
          void vscode.window.showErrorMessage(`Trustgate: scan of ${folder.name} failed: ${(e as Error).message}`);
        }
      }
      const result = mergeResults(merged);
      model.set(result, folders.map((f) => ({ name: f.name, path: f.uri.fsPath })));
      const counts = result && scanCounts(result);
      status.scanDone(counts);
      if (!counts) return undefined;
      log.appendLine(`workspace scan: ${describeCounts(counts)}`);
      return { findings: counts.findings, files: counts.files, counts, message: `Trustgate: ${describeCounts(counts)}.` };
    });
  };

  const scan = (background: boolean) => {
    inflight ??= runScan(background).finally(() => (inflight = undefined));
    return inflight;
  };

  /** The command: scan (or join the scan in flight), then show the Problems panel and the counts. */
  const scanWorkspace = async (): Promise<WorkspaceScan | undefined> => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showInformationMessage('Trustgate: open a folder to scan a workspace.');
      return undefined;
    }
    const r = await scan(false);
    if (!r) return undefined;
    // Focus, never toggle: running the command twice leaves the panel open.
    await vscode.commands.executeCommand(SHOW_PROBLEMS);
    void vscode.window.showInformationMessage(r.message, 'Show coverage').then((pick) => pick && vscode.commands.executeCommand('trustgate.showCoverage'));
    return r;
  };

  context.subscriptions.push(
    log,
    ctl,
    status,
    model,
    tree,
    coverage,
    vscode.languages.registerHoverProvider(SELECTOR, new TrustgateHover(ctl.collection)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new TrustgateCodeActions(ctl.versions), { providedCodeActionKinds: TrustgateCodeActions.kinds }),
    vscode.commands.registerCommand(INSERT_SUPPRESSION, insertSuppression),
    vscode.commands.registerCommand('trustgate.scanWorkspace', scanWorkspace),
    vscode.commands.registerCommand('trustgate.showCoverage', async () => {
      if (!model.result) await scanWorkspace();
      if (!model.result) return undefined;
      return coverage.show();
    }),
    vscode.commands.registerCommand(GROUP_BY_COMMAND, (by?: unknown) => pickGroupBy(tree, by)),
    vscode.commands.registerCommand(SHOW_CRITERION, (id: unknown) => (typeof id === 'string' ? tree.showCriterion(id) : undefined)),
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

  /**
   * A small workspace (at most trustgate.autoScanMaxFiles files Trustgate reads) is scanned in the
   * background on opening, so the Problems panel and the views cover it; a larger one waits for the
   * command (the status bar says only open files are scanned).
   */
  async function autoScan(): Promise<boolean> {
    const max = vscode.workspace.getConfiguration('trustgate').get<number>('autoScanMaxFiles', AUTO_SCAN_MAX_FILES);
    if (!vscode.workspace.workspaceFolders?.length || !(max > 0)) return false;
    const found = await vscode.workspace.findFiles(fileGlob(), AUTO_SCAN_EXCLUDE, max + 1);
    if (found.length > max) {
      log.appendLine(`workspace has more than ${max} files Trustgate reads: only open files are scanned until "Trustgate: Scan workspace" runs`);
      return false;
    }
    small = true;
    await scan(true);
    return true;
  }
  /** The workspace is small enough to rescan in the background (set by autoScan). */
  let small = false;
  const autoScanned = autoScan().catch((e) => {
    log.appendLine(`automatic workspace scan failed: ${(e as Error).stack ?? e}`);
    return false;
  });
  // In a small workspace, saving a file Trustgate reads rescans it in the background, so the findings
  // tree and the coverage view stay current (a larger one keeps the last scan; its time is shown).
  let saveTimer: NodeJS.Timeout | undefined;
  context.subscriptions.push(
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (!small || !model.result || d.uri.scheme !== 'file' || !classify(d.uri.fsPath)) return;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(() => void scan(true), RESCAN_ON_SAVE_MS);
    }),
    { dispose: () => clearTimeout(saveTimer) },
  );

  const activationMs = performance.now() - t0;
  log.appendLine(`Trustgate activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs, lastLatencyMs: () => ctl.lastLatencyMs, statusText: () => status.text, autoScan: () => autoScanned, findingsTree: () => tree.snapshot(), lastWorkspaceScan: () => model.result, idle: () => ctl.idle() };
}

export function deactivate(): void {}

/** What "Trustgate: Scan workspace" returns (tests read it). */
export interface WorkspaceScan {
  findings: number;
  files: number;
  counts: ScanCounts;
  /** The notification's text. */
  message: string;
}

/** Default of trustgate.autoScanMaxFiles: workspaces up to this many files are scanned on opening. */
export const AUTO_SCAN_MAX_FILES = 200;
/** Saves within this time rescan once. */
const RESCAN_ON_SAVE_MS = 1000;
/** Folders never counted for the automatic scan (vendored code, caches). */
const AUTO_SCAN_EXCLUDE = '**/{node_modules,.git,.terraform,vendor}/**';

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
