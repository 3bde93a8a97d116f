#!/usr/bin/env node
// Entry point: runs the bundled CLI (built by `npm run build`, which `npm ci` runs via prepare).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/trustgate.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('trustgate: the CLI is not built; run `npm run build` (npm ci does this).\n');
  process.exit(2);
}
const { runFromProcess } = await import(bundle.href);
await runFromProcess();
