/// <reference types="mocha" />
// Latency figures measured inside the real VS Code (run by `npm run bench:extension`, which sets
// TRUSTGATE_BENCH; skipped in the normal suite). Prints lines starting with [bench].
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { bigTf } from '../bench-data.js';

const DEBOUNCE_MS = 300;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(process.env.TRUSTGATE_BENCH ? suite : suite.skip)('bench', () => {
  for (const size of [2000, 10000]) {
    test(`diagnostics latency for a ${size.toLocaleString('en')}-line .tf file`, async function () {
      this.timeout(300_000);
      const dir = mkdtempSync(join(tmpdir(), 'tg-bench-'));
      writeFileSync(join(dir, 'variables.tf'), 'variable "prefix" {}\nvariable "env" {}\n');
      writeFileSync(join(dir, 'terraform.tfvars'), 'prefix = "acme"\nenv = "prod"\n');
      const file = join(dir, 'main.tf');
      writeFileSync(file, bigTf(size));
      const uri = vscode.Uri.file(file);
      const api = vscode.extensions.getExtension<{ activationMs: number; lastLatencyMs(): number | undefined }>('trustgate.trustgate')!.exports;
      if (size === 2000) console.log(`[bench] activation (bundle load + activate, in the extension host): ${api.activationMs.toFixed(1)} ms`);
      const next = () =>
        new Promise<number>((res) => {
          const sub = vscode.languages.onDidChangeDiagnostics((e) => {
            if (e.uris.some((u) => u.toString() === uri.toString()) && vscode.languages.getDiagnostics(uri).some((d) => d.source === 'Trustgate')) {
              sub.dispose();
              res(performance.now());
            }
          });
        });
      let t = performance.now();
      let p = next();
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      console.log(`[bench] ${size} lines: first diagnostics after open (${size === 2000 ? 'includes WASM init; ' : ''}no debounce on open): ${((await p) - t).toFixed(1)} ms`);
      const lat: number[] = [];
      const inside: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < 15; i++) {
        const line = 1 + 15 * i;
        const we = new vscode.WorkspaceEdit();
        we.replace(uri, doc.lineAt(line).range, `  bucket = "\${var.prefix}-edited-${i}"`);
        p = next();
        t = performance.now();
        // The extension host's CPU time from the edit to the diagnostics (this test runs in the same
        // process): the scan and the diagnostics, not the idle debounce; unlike wall time it holds under load.
        const c = process.cpuUsage();
        await vscode.workspace.applyEdit(we);
        lat.push((await p) - t - DEBOUNCE_MS);
        const d = process.cpuUsage(c);
        cpu.push((d.user + d.system) / 1000);
        inside.push(api.lastLatencyMs() ?? NaN);
      }
      console.log(`[bench] ${size} lines: one-line edit -> diagnostics published by the extension, minus the debounce: median ${median(inside).toFixed(1)} ms, max ${Math.max(...inside).toFixed(1)} ms`);
      console.log(`[bench] ${size} lines: one-line edit -> onDidChangeDiagnostics seen by another extension (round trip through the workbench), minus the ${DEBOUNCE_MS} ms debounce: median ${median(lat).toFixed(1)} ms, max ${Math.max(...lat).toFixed(1)} ms (n=${lat.length}, ${doc.lineCount} lines)`);
      console.log(`[bench] ${size} lines: extension host CPU per edit (edit -> diagnostics): median ${median(cpu).toFixed(1)} ms, max ${Math.max(...cpu).toFixed(1)} ms`);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      rmSync(dir, { recursive: true, force: true });
    });
  }
});
