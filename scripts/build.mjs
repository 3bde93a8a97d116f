// Builds the CLI bundle (dist/cli) and copies the WASM parsers next to it. The Action and the
// extension have their own entries here once they exist.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { copyWasm } from './wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(process.execPath, [join(root, 'scripts/gen-rule-index.mjs')], { stdio: 'inherit' });


const banner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" };

await build({
  entryPoints: { trustgate: join(root, 'cli/main.ts'), worker: join(root, 'core/worker-main.ts') },
  outdir: join(root, 'dist/cli'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner,
  logLevel: 'warning',
  legalComments: 'none',
});
copyWasm(join(root, 'dist/cli/wasm'));

// The Action and the extension add their own bundles (scripts/build-action.mjs, scripts/build-extension.mjs).
for (const part of ['build-action.mjs', 'build-extension.mjs']) {
  const p = join(root, 'scripts', part);
  if (existsSync(p)) await import(pathToFileURL(p).href);
}
