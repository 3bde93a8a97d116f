// Builds the VS Code extension: extension/dist/extension.js (one CommonJS bundle, `vscode` external)
// plus extension/dist/wasm/*.wasm, and the integration-test bundle extension/dist-test/.
// Imported by scripts/build.mjs; also runs on its own (`node scripts/build-extension.mjs`).
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ext = join(root, 'extension');
const require = createRequire(import.meta.url);

// core/ is ESM and finds its .wasm files from import.meta.url; in a CommonJS bundle that is the bundle's URL.
const cjs = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  define: { 'import.meta.url': '__tg_import_meta_url' },
  banner: { js: "const __tg_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  legalComments: 'none',
};

await build({
  ...cjs,
  // __tg_load_start: when the extension host began evaluating the bundle (activation time includes loading).
  banner: { js: `const __tg_load_start = performance.now(); ${cjs.banner.js}` },
  entryPoints: [join(ext, 'src/extension.ts')],
  outfile: join(ext, 'dist/extension.js'),
  minify: true,
  sourcemap: false,
});
const wasm = join(ext, 'dist/wasm');
mkdirSync(wasm, { recursive: true });
copyFileSync(join(dirname(require.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'), join(wasm, 'web-tree-sitter.wasm'));
copyFileSync(join(dirname(require.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'), join(wasm, 'tree-sitter-terraform.wasm'));

// Integration tests (run inside VS Code's extension host; mocha is bundled in, vscode is not).
const suite = join(ext, 'test/suite');
// Overwrite in place (no rm -rf: another checkout user's build may be running a suite from here);
// drop only compiled tests whose source is gone.
const sources = readdirSync(suite).filter((f) => f.endsWith('.ts'));
const outSuite = join(ext, 'dist-test/suite');
if (existsSync(outSuite)) for (const f of readdirSync(outSuite)) if (f.endsWith('.js') && !sources.includes(f.replace(/\.js$/, '.ts'))) rmSync(join(outSuite, f));
await build({
  ...cjs,
  entryPoints: sources.map((f) => join(suite, f)),
  outdir: join(ext, 'dist-test/suite'),
  define: {},
  banner: {},
  logLevel: 'error',
});
