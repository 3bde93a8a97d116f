// Functions the benchmark calls in-process (bundled by scripts/bench.mjs).
import { readFileSync } from 'node:fs';
import { parseAllDocuments, LineCounter } from 'yaml';
import { initHcl, parseHcl } from '../core/hcl/parse.js';
import { walk } from '../core/files.js';
import { scan } from '../core/engine.js';
import { ALL_RULES } from '../rules/index.js';

/** Parse every file once (tree-sitter for HCL, yaml for YAML), nothing else: the floor a scan cannot beat. */
export async function parseOnly(root: string): Promise<{ files: number; bytes: number; ms: number }> {
  const { files } = walk([root], [], root);
  const parser = await initHcl();
  let bytes = 0;
  const t0 = performance.now();
  for (const f of files) {
    const src = readFileSync(f.path, 'utf8');
    bytes += Buffer.byteLength(src);
    if (f.kind === 'yaml') parseAllDocuments(src, { lineCounter: new LineCounter(), schema: 'core', merge: true });
    else parseHcl(parser, f.path, src);
  }
  return { files: files.length, bytes, ms: performance.now() - t0 };
}

/** Full scan in this thread (no workers), for a like-for-like ratio with parseOnly. */
export async function scanInProcess(root: string): Promise<{ files: number; findings: number; ms: number }> {
  await initHcl();
  const t0 = performance.now();
  const r = await scan({ paths: [root], cwd: root, rules: ALL_RULES });
  return { files: r.summary.filesScanned, findings: r.findings.length, ms: performance.now() - t0 };
}

/** A generated, sealed evidence ledger of `n` merged changes (the readiness report's history input). */
export { generatedLedger } from '../test/readiness/ledger.js';
