/// <reference types="mocha" />
// Runs only in the untrusted launch (extension/scripts/run-vscode-tests.mjs, TRUSTGATE_TEST_UNTRUSTED): the
// workspace opens in Restricted Mode and its .vscode/settings.json sets trustgate.configPath to a
// config that disables TG-GHA-001. The extension must not let the opened folder choose its policy.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const WS = process.env.TRUSTGATE_TEST_WORKSPACE ?? '';
const tg = (u: vscode.Uri) => vscode.languages.getDiagnostics(u).filter((d) => d.source === 'Trustgate');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

async function waitFor(what: string, fn: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

suite('Restricted Mode', () => {
  suiteSetup(function () {
    if (!process.env.TRUSTGATE_TEST_UNTRUSTED) this.skip();
  });

  test('the workspace is untrusted, and its trustgate.configPath is ignored; the user setting is honoured', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const cfg = vscode.workspace.getConfiguration('trustgate');
    assert.match(readFileSync(join(WS, '.vscode/settings.json'), 'utf8'), /"trustgate\.configPath": "lenient\.yml"/, 'the workspace brings its own configPath');
    // package.json declares it a restricted setting: VS Code withholds the workspace's value.
    assert.equal(cfg.get('configPath'), '');
    const ext = vscode.extensions.getExtension<{ idle(): Promise<void> }>('trustgate.trustgate');
    assert.ok(ext);
    const api = await ext.activate();
    const u = vscode.Uri.file(join(WS, '.github/workflows/ci.yml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(u));
    const gha = () => tg(u).filter((d) => codeOf(d) === 'TG-GHA-001').length;
    await waitFor('TG-GHA-001 despite the workspace configPath', () => gha() === 1);
    await api.idle();
    assert.equal(gha(), 1);
    // The same value from the user's own settings is theirs to choose.
    await cfg.update('configPath', 'lenient.yml', vscode.ConfigurationTarget.Global);
    try {
      await waitFor('TG-GHA-001 disabled by the user setting', () => gha() === 0);
    } finally {
      await cfg.update('configPath', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('TG-GHA-001 back', () => gha() === 1);
  });

  test('no workspace scan yet (trustgate.autoScanMaxFiles 0): the status bar says only open files are scanned', async () => {
    const ext = vscode.extensions.getExtension<{ autoScan(): Promise<boolean>; statusText(): string; lastWorkspaceScan(): unknown }>('trustgate.trustgate');
    assert.ok(ext);
    const api = await ext.activate();
    assert.equal(await api.autoScan(), false);
    assert.equal(api.lastWorkspaceScan(), undefined);
    assert.match(api.statusText(), /^\$\(shield\) Trustgate \$\(error\) \d+ \$\(warning\) \d+.* · open files only$/);
    assert.equal(tg(vscode.Uri.file(join(WS, 'apps/job.yaml'))).length, 0, 'a file never opened is not scanned');
  });
});
