// Findings -> vscode.Diagnostic, and the controller that keeps them current: scans on open and on
// change (debounced), from the in-memory buffers, per unit (a Terraform module folder or a YAML file).
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { DOCS_BASE } from '../../core/report/sarif.js';
import type { Finding, Location, ScanError, ScanResult } from '../../core/types.js';
import { readSettings } from './settings.js';
import { EditorParses } from '../../core/hcl/incremental.js';
import { runUnit, unitOf, type ConfigState, type Unit } from './unit.js';
import { isTerraformFile } from '../../core/inputs.js';

export const SOURCE = 'Trustgate';
export const DEBOUNCE_MS = 300;

export const docsUri = (ruleId: string) => vscode.Uri.parse(`${DOCS_BASE}/${ruleId}.md`);

/** Engine locations are 1-based with an exclusive end column; VS Code is 0-based. */
export function toRange(l: Omit<Location, 'file'>): vscode.Range {
  return new vscode.Range(Math.max(0, l.startLine - 1), Math.max(0, l.startColumn - 1), Math.max(0, l.endLine - 1), Math.max(0, l.endColumn - 1));
}

export function severityOf(f: Finding): vscode.DiagnosticSeverity {
  if (f.suppressed) return vscode.DiagnosticSeverity.Hint;
  if (f.severity === 'critical' || f.severity === 'high') return vscode.DiagnosticSeverity.Error;
  if (f.severity === 'medium') return vscode.DiagnosticSeverity.Warning;
  return vscode.DiagnosticSeverity.Information;
}

export const messageOf = (f: Finding) => `${f.message} (SOC 2 ${f.controls.join(', ')})`;

/** Which finding a diagnostic shows (hover and code actions read it back). */
export const findingOf = new WeakMap<vscode.Diagnostic, Finding>();

export function findingDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.location), f.suppressed ? `Suppressed (${f.suppression?.reason ?? ''}): ${messageOf(f)}` : messageOf(f), severityOf(f));
  d.source = SOURCE;
  d.code = { value: f.ruleId, target: docsUri(f.ruleId) };
  if (f.related?.length) d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.location.file), toRange(r.location)), r.message));
  if (f.suppressed) d.tags = [vscode.DiagnosticTag.Unnecessary];
  findingOf.set(d, f);
  return d;
}

function errorDiagnostic(e: ScanError, doc: vscode.TextDocument | undefined): vscode.Diagnostic | undefined {
  const sev =
    e.kind === 'parse' ? vscode.DiagnosticSeverity.Error : e.kind === 'suppression' || e.kind === 'read' ? vscode.DiagnosticSeverity.Warning : e.kind === 'notice' ? undefined : vscode.DiagnosticSeverity.Information;
  if (sev === undefined) return undefined;
  const line = Math.max(0, e.line - 1);
  const col = Math.max(0, e.column - 1);
  const end = doc && line < doc.lineCount ? doc.lineAt(line).range.end : new vscode.Position(line, col);
  const d = new vscode.Diagnostic(new vscode.Range(line, col, end.line, Math.max(col, end.character)), e.message, sev);
  d.source = SOURCE;
  d.code = `trustgate-${e.kind}`;
  return d;
}

export function diagnosticsFor(file: string, r: ScanResult, showSuppressed: boolean, doc?: vscode.TextDocument): vscode.Diagnostic[] {
  const out: vscode.Diagnostic[] = [];
  for (const f of r.findings) if (f.location.file === file && (!f.suppressed || showSuppressed)) out.push(findingDiagnostic(f));
  for (const e of r.errors) {
    if (e.file !== file) continue;
    const d = errorDiagnostic(e, doc);
    if (d) out.push(d);
  }
  return out;
}

function configDiagnostics(cs: ConfigState): [vscode.Uri, vscode.Diagnostic[]] | undefined {
  if (!cs.error) return undefined;
  const line = Math.max(0, (cs.error.line ?? 1) - 1);
  const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 1000), cs.error.message, vscode.DiagnosticSeverity.Error);
  d.source = SOURCE;
  d.code = 'trustgate-config';
  return [vscode.Uri.file(cs.error.file), [d]];
}

const isFileDoc = (d: vscode.TextDocument) => d.uri.scheme === 'file';

/** Keeps the diagnostics of open documents (and of their module siblings) current. */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('trustgate');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, AbortController>();
  private readonly gen = new Map<string, number>();
  /** Files each unit last published, so files leaving a unit are cleared. */
  private readonly published = new Map<string, Set<string>>();
  /** Version of each open document the last diagnostics were computed from (quick fixes need it). */
  readonly versions = new Map<string, number>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly listeners: (() => void)[] = [];
  /** When each unit's pending change arrived (performance.now()), for the latency figure. */
  private readonly changedAt = new Map<string, { t: number; delay: number }>();
  /** Last time from a document change to published diagnostics, minus the debounce (ms). */
  lastLatencyMs: number | undefined;
  /** Counts unit publishes; each file remembers the count of its last one (see newerThan). */
  private clock = 0;
  private readonly fileClock = new Map<string, number>();

  /** Parse state kept between scans: incremental reparse of the open Terraform buffers (core/hcl/incremental.ts). */
  readonly parses = new EditorParses();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly log: vscode.OutputChannel) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (isFileDoc(e.document)) this.parses.recordEdits(e.document.uri.fsPath, e.contentChanges.map((c) => ({ offset: c.rangeOffset, deleteLength: c.rangeLength, text: c.text })));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.parses.drop(d.uri.fsPath)),
    ];
  }

  onDidPublish(fn: () => void): void {
    this.listeners.push(fn);
  }

  rootOf(uri: vscode.Uri): string {
    return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath;
  }

  unitOfDoc(doc: vscode.TextDocument): Unit | undefined {
    if (!isFileDoc(doc)) return undefined;
    return unitOf(doc.uri.fsPath, () => doc.getText(), this.rootOf(doc.uri));
  }

  /** Schedule a scan of the document's unit; no unit (unrelated file): nothing happens. */
  schedule(doc: vscode.TextDocument, delay = DEBOUNCE_MS): void {
    const u = this.unitOfDoc(doc);
    if (!u) {
      if (isFileDoc(doc) && this.collection.has(doc.uri)) this.collection.delete(doc.uri); // e.g. a YAML file that stopped being a manifest
      return;
    }
    this.scheduleUnit(u, delay);
  }

  scheduleUnit(u: Unit, delay = DEBOUNCE_MS): void {
    this.changedAt.set(u.key, { t: performance.now(), delay: Math.max(0, delay) });
    clearTimeout(this.timers.get(u.key));
    this.running.get(u.key)?.abort(); // a newer buffer supersedes a scan in progress
    if (delay <= 0) {
      this.timers.delete(u.key);
      this.track(this.run(u));
      return;
    }
    this.timers.set(
      u.key,
      setTimeout(() => {
        this.timers.delete(u.key);
        this.track(this.run(u));
      }, delay),
    );
  }

  /** Units with an open document (to refresh after a setting, a config or a file on disk changed). */
  openUnits(): Unit[] {
    const m = new Map<string, Unit>();
    for (const d of vscode.workspace.textDocuments) {
      const u = this.unitOfDoc(d);
      if (u) m.set(u.key, u);
    }
    return [...m.values()];
  }

  refreshAll(delay = 0): void {
    for (const u of this.openUnits()) this.scheduleUnit(u, delay);
  }

  /** Resolves when no scan is scheduled or running. */
  async idle(): Promise<void> {
    while (this.timers.size || this.inflight.size) await Promise.race([...this.inflight, new Promise((r) => setTimeout(r, 20))]);
  }

  private track(p: Promise<void>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  /** Open buffers the unit reads: for terraform every open Terraform file (local modules may read them too). */
  private overrides(u: Unit): { map: Map<string, string>; versions: Map<string, number> } {
    const map = new Map<string, string>();
    const versions = new Map<string, number>();
    for (const d of vscode.workspace.textDocuments) {
      if (!isFileDoc(d)) continue;
      const p = d.uri.fsPath;
      const want = u.kind === 'yaml' ? p === u.file : isTerraformFile(p);
      if (!want) continue;
      map.set(p, d.getText());
      versions.set(d.uri.toString(), d.version);
    }
    return { map, versions };
  }

  private async run(u: Unit): Promise<void> {
    const g = (this.gen.get(u.key) ?? 0) + 1;
    this.gen.set(u.key, g);
    const ac = new AbortController();
    this.running.set(u.key, ac);
    const { map, versions } = this.overrides(u);
    const settings = readSettings(vscode.Uri.file(u.file ?? u.dir));
    let ur;
    try {
      ur = await runUnit(u, map, settings, ac.signal, this.parses);
    } catch (e) {
      if (!ac.signal.aborted) this.log.appendLine(`scan of ${u.key} failed: ${(e as Error).stack ?? e}`);
      return;
    } finally {
      if (this.running.get(u.key) === ac) this.running.delete(u.key);
    }
    if (this.gen.get(u.key) !== g || ac.signal.aborted) return; // superseded
    const docs = new Map(vscode.workspace.textDocuments.filter(isFileDoc).map((d) => [d.uri.fsPath, d]));
    const prev = this.published.get(u.key) ?? new Set<string>();
    const now = new Set<string>(ur.files);
    for (const f of ur.files) {
      const uri = vscode.Uri.file(f);
      this.collection.set(uri, diagnosticsFor(f, ur.result, settings.showSuppressed, docs.get(f)));
      const v = versions.get(uri.toString());
      if (v !== undefined) this.versions.set(uri.toString(), v);
    }
    for (const f of prev) if (!now.has(f)) this.collection.delete(vscode.Uri.file(f));
    this.published.set(u.key, now);
    this.clock++;
    for (const f of ur.files) this.fileClock.set(f, this.clock);
    const cd = configDiagnostics(ur.configState);
    if (cd) this.collection.set(cd[0], cd[1]);
    const c = this.changedAt.get(u.key);
    if (c) this.lastLatencyMs = performance.now() - c.t - c.delay;
    this.log.appendLine(`${u.key}: ${ur.result.findings.length} findings, ${ur.result.errors.length} errors in ${ur.result.summary.durationMs} ms`);
    for (const l of this.listeners) l();
  }

  /** A point in time for newerThan (taken when a workspace scan starts). */
  now(): number {
    return this.clock;
  }

  /** The file's diagnostics are newer than `since`: a unit scan published it after, or is about to. */
  newerThan(file: string, since: number): boolean {
    if ((this.fileClock.get(file) ?? -1) > since) return true;
    return [`tf:${dirname(file)}`, `yaml:${file}`].some((k) => this.timers.has(k) || this.running.has(k));
  }

  /**
   * Publish a whole-folder result (the Scan workspace command). `skip`: files whose diagnostics are newer
   * than the result (a buffer edited while the workspace scan ran; its unit scan has published them).
   */
  publishAll(result: ScanResult, scannedFiles: Iterable<string>, showSuppressed: boolean, cs?: ConfigState, skip?: (file: string) => boolean): void {
    const docs = new Map(vscode.workspace.textDocuments.filter(isFileDoc).map((d) => [d.uri.fsPath, d]));
    const files = new Set<string>(scannedFiles);
    for (const f of result.findings) files.add(f.location.file);
    for (const e of result.errors) files.add(e.file);
    for (const f of files) if (!skip?.(f)) this.collection.set(vscode.Uri.file(f), diagnosticsFor(f, result, showSuppressed, docs.get(f)));
    const cd = cs && configDiagnostics(cs);
    if (cd) this.collection.set(cd[0], cd[1]);
    for (const l of this.listeners) l();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const a of this.running.values()) a.abort();
    for (const s of this.subscriptions) s.dispose();
    this.parses.dispose();
    this.collection.dispose();
  }
}
