// Bundles the GitHub Action (action/index.ts) into dist/action/index.mjs, its scan worker
// (core/worker-main.ts) into dist/action/worker.mjs, with the WASM parsers next to
// it (dist/action/wasm). The bundle is committed: a JavaScript action runs from the repository as-is.
// Imported by scripts/build.mjs; can also run alone (`node scripts/build-action.mjs`).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = join(root, 'dist/action');

// Same as copyWasm() in scripts/build.mjs (not imported from there: importing build.mjs would run its build).
function copyWasm(dir) {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), join(dir, 'web-tree-sitter.wasm'));
  copyFileSync(join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'), join(dir, 'tree-sitter-terraform.wasm'));
}

// Run on its own, regenerate rules/index.ts first (scripts/build.mjs has already done so).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  execFileSync(process.execPath, [join(root, 'scripts/gen-rule-index.mjs')], { stdio: 'inherit' });
}

// Overwrite in place (no rm first): a test run elsewhere may be reading the bundle right now.
await build({
  // The worker sits beside index.mjs: large scans run on worker threads, as the CLI's do (core/workers.ts).
  entryPoints: { index: join(root, 'action/index.ts'), worker: join(root, 'core/worker-main.ts') },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ESM output: bundled CommonJS dependencies call require(); give them one.
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
  // Module paths in the bundle's comments stay node_modules/... even when node_modules is a symlink
  // (a clean export of a commit built against a shared node_modules), so the output is the same.
  preserveSymlinks: true,
  // Deterministic output: the committed bundle must match a rebuild byte for byte.
  sourcemap: false,
  minify: false,
});
copyWasm(join(out, 'wasm'));
