#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
// It takes the arguments test-electron passes, starts the real VS Code server from the npm package
// code-server (test/vscode-host, installed by extension/scripts/setup-vscode-host.sh) on 127.0.0.1, opens the
// workbench in headless Debian chromium (playwright-core) with the test payload, prints the extension
// host's test output, and exits with the suite's exit code. On a normal machine with a display,
// run the same suite without vscodeExecutablePath and test-electron uses Electron VS Code instead.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import util from 'node:util';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER = path.join(ROOT, 'test/vscode-host/node_modules/code-server/out/node/entry.js');
const TMP = process.env.TMPDIR || '/tmp';
const args = process.argv.slice(2);
const opt = (n) => args.filter((x) => x.startsWith(`--${n}=`)).map((x) => x.slice(n.length + 3));
const devPaths = opt('extensionDevelopmentPath').map((p) => path.resolve(p));
const tests = opt('extensionTestsPath').map((p) => path.resolve(p))[0];
const folder = args.find((x) => !x.startsWith('-'));
const ud = opt('user-data-dir')[0] || fs.mkdtempSync(path.join(TMP, 'tg-vscode-ud-'));
const exts = opt('extensions-dir')[0] || path.join(ud, 'extensions');
fs.mkdirSync(exts, { recursive: true });
const home = path.join(ud, 'home');
fs.mkdirSync(home, { recursive: true });

async function freePort() {
  return new Promise((r) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const p = srv.address().port;
      srv.close(() => r(p));
    });
  });
}

if (!fs.existsSync(SERVER)) {
  console.error(`code-shim: ${SERVER} is missing; run bash extension/scripts/setup-vscode-host.sh`);
  process.exit(1);
}
const port = await freePort();
const authority = `127.0.0.1:${port}`;
// Keep code-server off the real $HOME (it writes ~/.config/code-server and ~/.local/share/code-server).
const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share'), XDG_CACHE_HOME: path.join(home, '.cache') };
const cs = spawn(
  process.execPath,
  // TRUSTGATE_TEST_UNTRUSTED: workspace trust on, so the folder opens in Restricted Mode (the trust prompt is never answered).
  [SERVER, '--auth', 'none', '--bind-addr', authority, '--disable-telemetry', '--disable-update-check', ...(process.env.TRUSTGATE_TEST_UNTRUSTED ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override', '--config', '/dev/null', '--user-data-dir', ud, '--extensions-dir', exts],
  { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
);
// Take the whole server process group down on every exit path.
process.on('exit', () => {
  try {
    process.kill(-cs.pid, 'SIGKILL');
  } catch {}
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
process.on('uncaughtException', (e) => {
  console.error(e);
  process.exit(1);
});
process.on('unhandledRejection', (e) => {
  console.error(e);
  process.exit(1);
});
let log = '';
cs.stdout.on('data', (d) => (log += d));
cs.stderr.on('data', (d) => (log += d));
await new Promise((res, rej) => {
  const iv = setInterval(() => {
    if (/HTTP server listening/.test(log)) {
      clearInterval(iv);
      res();
    }
  }, 50);
  setTimeout(() => rej(new Error(`code-server did not start:\n${log}`)), 30_000);
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
// The extension host's console (mocha's reporter) arrives as forwarded workbench console messages.
const NOISE = /Resolving connection|socket|grace time|connection token|builtin extensions cache|Service Worker|ChatSession|vsda|open-vsx/;
page.on('console', async (m) => {
  if (!/^%c (INFO|ERR|WARN)/.test(m.text())) return;
  try {
    const v = await Promise.all(m.args().map((a) => a.jsonValue()));
    const line = util.format(...v.slice(2));
    if (!NOISE.test(line)) console.log(line);
  } catch {
    console.log(m.text());
  }
});
const exit = new Promise((res) => page.exposeFunction('codeAutomationExit', (code) => res(code)));
const payload = [...devPaths.map((p) => ['extensionDevelopmentPath', `vscode-remote://${authority}${p}`]), ...(tests ? [['extensionTestsPath', `vscode-remote://${authority}${tests}`]] : [])];
await page.goto(`http://${authority}/?${folder ? `folder=${encodeURIComponent(path.resolve(folder))}&` : 'ew=true&'}payload=${encodeURIComponent(JSON.stringify(payload))}`);
const code = await Promise.race([exit, new Promise((r) => setTimeout(() => r(124), Number(process.env.SHIM_TIMEOUT_MS || 300_000)))]);
if (code === 124) console.error('code-shim: timed out waiting for the test run');
if (code !== 0 && process.env.SHIM_DEBUG) console.error(log);
await browser.close();
process.exit(code);
