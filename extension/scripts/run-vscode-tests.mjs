// `npm run test:extension`: installs the real VS Code host if needed (extension/scripts/setup-vscode-host.sh),
// builds and packages the extension (.vsix), runs the mocha suite inside VS Code through
// @vscode/test-electron + the code-server stand-in (scripts/code-shim.mjs), then installs the packaged
// .vsix into a fresh VS Code and checks the Problems panel through the UI (scripts/extension-ui-e2e.mjs).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ext = join(root, 'extension');
const t0 = Date.now();
const step = (s) => console.log(`\n[test:extension] ${s} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

step('setting up the VS Code host');
execFileSync('bash', [join(root, 'extension/scripts/setup-vscode-host.sh')], { stdio: 'inherit' });

step('building');
await import(pathToFileURL(join(root, 'scripts/build-extension.mjs')).href);
const { version } = JSON.parse((await import('node:fs')).readFileSync(join(ext, 'package.json'), 'utf8'));
const vsix = join(ext, `trustgate-${version}.vsix`);
step('packaging');
const pkg = spawnSync(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: ext, stdio: 'inherit' });
if (pkg.status !== 0) process.exit(pkg.status ?? 1);
console.log(`[test:extension] ${vsix}: ${(statSync(vsix).size / 1024).toFixed(1)} KiB`);

const scratch = mkdtempSync(join(tmpdir(), 'tg-ext-test-'));
// VS Code for the web (code-server) saves edits after a second by default (files.autoSave: afterDelay;
// desktop VS Code: off). The tests edit buffers and revert them: under load an edit outlived that second,
// was saved into the scratch workspace, and the revert restored nothing. Desktop behaviour, then.
const userDataDir = (name) => {
  const ud = join(scratch, name);
  mkdirSync(join(ud, 'User'), { recursive: true });
  writeFileSync(join(ud, 'User/settings.json'), JSON.stringify({ 'files.autoSave': 'off' }, null, 2));
  return ud;
};
let failed = false;
try {
  step('running the suite in VS Code');
  // Tests edit buffers; they run on a copy so the committed fixtures can never change.
  const ws = join(scratch, 'workspace');
  cpSync(join(ext, 'test/workspace'), ws, { recursive: true });
  try {
    await runTests({
      vscodeExecutablePath: join(root, 'extension/scripts/code-shim.mjs'), // a real VS Code (code-server) instead of a download
      extensionDevelopmentPath: ext,
      extensionTestsPath: join(ext, 'dist-test/suite/index.js'),
      launchArgs: [ws, `--user-data-dir=${userDataDir('ud')}`, `--extensions-dir=${join(scratch, 'exts')}`],
      extensionTestsEnv: { TRUSTGATE_TEST_GREP: process.env.TRUSTGATE_TEST_GREP ?? '', TRUSTGATE_TEST_WORKSPACE: ws },
    });
  } catch (e) {
    console.error(`[test:extension] suite failed: ${e.message}`);
    failed = true;
  }
  step('running the Restricted Mode suite in an untrusted workspace');
  // A workspace that brings its own trustgate.configPath (a config that disables a rule): in Restricted
  // Mode the extension must ignore it.
  const untrusted = join(scratch, 'untrusted');
  cpSync(join(ext, 'test/workspace'), untrusted, { recursive: true });
  mkdirSync(join(untrusted, '.vscode'), { recursive: true });
  // It also turns the automatic workspace scan off, so the status bar's "open files only" state is seen.
  writeFileSync(join(untrusted, '.vscode/settings.json'), JSON.stringify({ 'trustgate.configPath': 'lenient.yml', 'trustgate.autoScanMaxFiles': 0 }, null, 2));
  try {
    await runTests({
      vscodeExecutablePath: join(root, 'extension/scripts/code-shim.mjs'),
      extensionDevelopmentPath: ext,
      extensionTestsPath: join(ext, 'dist-test/suite/index.js'),
      launchArgs: [untrusted, `--user-data-dir=${userDataDir('ud-untrusted')}`, `--extensions-dir=${join(scratch, 'exts-untrusted')}`],
      extensionTestsEnv: { TRUSTGATE_TEST_GREP: 'Restricted Mode', TRUSTGATE_TEST_WORKSPACE: untrusted, TRUSTGATE_TEST_UNTRUSTED: '1' },
    });
  } catch (e) {
    console.error(`[test:extension] Restricted Mode suite failed: ${e.message}`);
    failed = true;
  }
  if (!process.env.TRUSTGATE_SKIP_UI) {
    step('packaged .vsix through the UI');
    const ui = spawnSync(process.execPath, [join(root, 'extension/scripts/extension-ui-e2e.mjs'), vsix], { stdio: 'inherit' });
    if (ui.status !== 0) failed = true;
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
step(failed ? 'FAILED' : 'all passed');
process.exit(failed ? 1 : 0);
