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

await import(pathToFileURL(join(root, 'scripts/build-extension.mjs')).href);
console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (figures scale with load)`);

// ---- 1. engine level ------------------------------------------------------------------------
const out = join(ext, 'dist-test/bench-unit.mjs');
await build({
  stdin: { contents: "export { runUnit, unitOf, DEFAULT_SETTINGS } from './src/unit.ts'; export { bigTf } from './test/bench-data.ts';", resolveDir: ext, loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: out,
  external: ['vscode'],
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'error',
});
const { runUnit, unitOf, DEFAULT_SETTINGS, bigTf } = await import(pathToFileURL(out).href);
const dir = mkdtempSync(join(tmpdir(), 'tg-bench-ext-'));
try {
  writeFileSync(join(dir, 'variables.tf'), 'variable "prefix" {}\nvariable "env" {}\n');
  writeFileSync(join(dir, 'terraform.tfvars'), 'prefix = "acme"\nenv = "prod"\n');
  const file = join(dir, 'main.tf');
  const src = bigTf(2000);
  writeFileSync(file, src);
  const u = unitOf(file, src, dir);
  let t = performance.now();
  const first = await runUnit(u, new Map([[file, src]]), DEFAULT_SETTINGS);
  const cold = performance.now() - t;
  const full = [];
  for (let i = 0; i < 20; i++) {
    t = performance.now();
    await runUnit(u, new Map([[file, src]]), DEFAULT_SETTINGS);
    full.push(performance.now() - t);
  }
  const lines = src.split('\n');
  const edit = [];
  for (let i = 0; i < 20; i++) {
    const l = lines.slice();
    l[1 + 15 * i] = `  bucket = "\${var.prefix}-edited-${i}"`;
    const text = l.join('\n');
    t = performance.now();
    await runUnit(u, new Map([[file, text]]), DEFAULT_SETTINGS);
    edit.push(performance.now() - t);
  }
  console.log(`engine (runUnit, as the extension calls it), 2,000-line .tf + variables.tf + terraform.tfvars, ${first.result.findings.length} findings:`);
  console.log(`  first scan incl. WASM init:              ${cold.toFixed(1)} ms`);
  console.log(`  warm scan of the module (median of 20):  ${median(full).toFixed(1)} ms`);
  console.log(`  after a one-line edit (median of 20):    ${median(edit).toFixed(1)} ms  (the module is re-parsed and re-evaluated whole)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

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
