// npm run bench:extension — the extension's figures (printed, never asserted):
//  1. engine level, the exact functions the extension calls (extension/src/unit.ts runUnit): a 2,000-line
//     .tf module, cold (WASM init) and warm, and re-evaluation after a one-line edit;
//  2. inside the real VS Code (when test/vscode-host is installed): activation time, and the time from a
//     one-line document change to published diagnostics minus the 300 ms debounce;
//  3. the .vsix size.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const ext = join(root, 'extension');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Wall and CPU time of one awaited call (CPU: this process's user + system time; stable under load, wall is not). */
async function timed(fn) {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = await fn();
  const wall = performance.now() - t;
  const d = process.cpuUsage(c);
  return { value, wall, cpu: (d.user + d.system) / 1000 };
}
/** Median wall and CPU of a series of timed() results. */
const fig = (xs) => `${median(xs.map((x) => x.wall)).toFixed(1)} ms wall, ${median(xs.map((x) => x.cpu)).toFixed(1)} ms CPU`;

await import(pathToFileURL(join(root, 'scripts/build-extension.mjs')).href);
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (figures scale with load)`);

// ---- 1. engine level ------------------------------------------------------------------------
const out = join(ext, 'dist-test/bench-unit.mjs');
await build({
  stdin: { contents: "export { runUnit, unitOf, DEFAULT_SETTINGS } from './src/unit.ts'; export { EditorParses } from '../core/hcl/incremental.ts'; export { bigTf } from './test/bench-data.ts';", resolveDir: ext, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  external: ['vscode'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'error',
});
const { runUnit, unitOf, DEFAULT_SETTINGS, EditorParses, bigTf } = await import(pathToFileURL(out).href);
// The targets: a one-line edit to diagnostics under 25 ms (2,000 lines) and 80 ms (10,000 lines)
// beyond the debounce. Here: the engine's share of it (no vscode API, no workbench round trip).
for (const size of [2000, 10000]) {
  const dir = mkdtempSync(join(tmpdir(), 'tg-bench-ext-'));
  try {
    writeFileSync(join(dir, 'variables.tf'), 'variable "prefix" {}\nvariable "env" {}\n');
    writeFileSync(join(dir, 'terraform.tfvars'), 'prefix = "acme"\nenv = "prod"\n');
    const file = join(dir, 'main.tf');
    const src = bigTf(size);
    writeFileSync(file, src);
    const u = unitOf(file, src, dir);
    const first = await timed(() => runUnit(u, new Map([[file, src]]), DEFAULT_SETTINGS));
    const full = [];
    for (let i = 0; i < 20; i++) full.push(await timed(() => runUnit(u, new Map([[file, src]]), DEFAULT_SETTINGS)));
    // A one-line edit: a bucket name changes (each time on another line of the text the last edit left).
    const lines = src.split('\n');
    const edit = (i) => {
      const n = 1 + 15 * (i % 40);
      const offset = lines.slice(0, n).reduce((a, x) => a + x.length + 1, 0);
      const change = { offset, deleteLength: lines[n].length, text: `  bucket = "\${var.prefix}-edited-${i}"` };
      lines[n] = change.text;
      return { text: lines.join('\n'), change };
    };
    const whole = [];
    for (let i = 0; i < 20; i++) {
      const { text } = edit(i);
      whole.push(await timed(() => runUnit(u, new Map([[file, text]]), DEFAULT_SETTINGS)));
    }
    // The extension's path: the document's tree kept between scans, reparsed with VS Code's change.
    const parses = new EditorParses();
    await runUnit(u, new Map([[file, lines.join('\n')]]), DEFAULT_SETTINGS, undefined, parses);
    const inc = [];
    for (let i = 20; i < 40; i++) {
      const { text, change } = edit(i);
      parses.recordEdits(file, [change]);
      inc.push(await timed(() => runUnit(u, new Map([[file, text]]), DEFAULT_SETTINGS, undefined, parses)));
    }
    parses.dispose();
    console.log(`engine (runUnit, as the extension calls it), ${size.toLocaleString('en')}-line .tf + variables.tf + terraform.tfvars, ${first.value.result.findings.length} findings:`);
    console.log(`  first scan${size === 2000 ? ' (incl. WASM init)' : '                 '}:                      ${first.wall.toFixed(1)} ms wall, ${first.cpu.toFixed(1)} ms CPU`);
    console.log(`  warm scan of the module (median of 20):                   ${fig(full)}`);
    console.log(`  one-line edit, module re-parsed whole (median of 20):     ${fig(whole)}`);
    console.log(`  one-line edit, incremental reparse (median of 20):        ${fig(inc)}  (${JSON.stringify(parses.stats)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.env.TRUSTGATE_BENCH_ENGINE_ONLY) process.exit(0);

// ---- 3. .vsix ---------------------------------------------------------------------------------
const { version } = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
const vsix = join(ext, `trustgate-${version}.vsix`);
const pkg = spawnSync(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', vsix], { cwd: ext, encoding: 'utf8' });
if (pkg.status === 0) console.log(`.vsix: ${(statSync(vsix).size / 1024).toFixed(1)} KiB (dist/extension.js ${(statSync(join(ext, 'dist/extension.js')).size / 1024).toFixed(0)} KiB + 2 .wasm ${((statSync(join(ext, 'dist/wasm/web-tree-sitter.wasm')).size + statSync(join(ext, 'dist/wasm/tree-sitter-terraform.wasm')).size) / 1024).toFixed(0)} KiB, compressed)`);
else console.log(`.vsix: packaging failed\n${pkg.stdout}${pkg.stderr}`);

// ---- 2. inside the real VS Code ----------------------------------------------------------------
if (!existsSync(join(root, 'test/vscode-host/node_modules/code-server/lib/vscode/node_modules'))) {
  console.log('real VS Code: skipped (run bash extension/scripts/setup-vscode-host.sh or npm run test:extension once)');
} else {
  const { runTests } = await import('@vscode/test-electron');
  const scratch = mkdtempSync(join(tmpdir(), 'tg-bench-vscode-'));
  try {
    await runTests({
      vscodeExecutablePath: join(root, 'extension/scripts/code-shim.mjs'),
      extensionDevelopmentPath: ext,
      extensionTestsPath: join(ext, 'dist-test/suite/index.js'),
      launchArgs: [join(ext, 'test/workspace'), `--user-data-dir=${join(scratch, 'ud')}`, `--extensions-dir=${join(scratch, 'exts')}`],
      extensionTestsEnv: { TRUSTGATE_BENCH: '1', TRUSTGATE_TEST_GREP: '^bench ' },
    });
  } catch (e) {
    console.log(`real VS Code: bench run failed: ${e.message}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
