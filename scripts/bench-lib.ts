// Functions the benchmark calls in-process (bundled by scripts/bench.mjs).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseAllDocuments, LineCounter } from 'yaml';
import { initHcl, parseHcl } from '../core/hcl/parse.js';
import { walk } from '../core/files.js';
import { scan } from '../core/engine.js';
import { ALL_RULES } from '../rules/index.js';
import { rulesetDigest } from '../core/digest.js';
import { ruleMeta } from '../core/rule.js';

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
/** CPU milliseconds (user + system) of this process since `from`. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

/**
 * The physical floor of this design (issue 12): tree-sitter's parse of every Terraform file and yaml's parse
 * of every YAML file, nothing else (no conversion to the positioned AST). CPU and wall time, one thread.
 */
export async function treeSitterOnly(root: string): Promise<{ files: number; bytes: number; ms: number; cpuMs: number }> {
  const { files } = walk([root], [], root);
  const parser = await initHcl();
  const srcs = files.map((f) => ({ kind: f.kind, src: readFileSync(f.path, 'utf8') }));
  let bytes = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const f of srcs) {
    bytes += Buffer.byteLength(f.src);
    if (f.kind === 'yaml') parseAllDocuments(f.src, { lineCounter: new LineCounter(), schema: 'core', merge: true });
    else parser.parse(f.src)?.delete();
  }
  return { files: srcs.length, bytes, ms: performance.now() - t0, cpuMs: cpuMs(c0) };
}

/** Full scan in this thread with its CPU time and a digest of what it decided. */
export async function scanInProcessCpu(root: string): Promise<{ files: number; findings: number; ms: number; cpuMs: number; digest: { digest: string; entries: string[] }; ruleset: string }> {
  await initHcl();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await scan({ paths: [root], cwd: root, rules: ALL_RULES });
  const ms = performance.now() - t0;
  const cpu = cpuMs(c0);
  return { files: r.summary.filesScanned, findings: r.findings.length, ms, cpuMs: cpu, digest: findingsDigest(r, root), ruleset: rulesetDigest(ALL_RULES.map(ruleMeta)) };
}

/**
 * A digest of what a scan decided (findings, indeterminates, errors, with paths relative to the scanned
 * root; no timings): a speed-up must leave it unchanged for the same rule set.
 */
export function findingsDigest(r: { findings: unknown[]; indeterminate: unknown[]; errors: unknown[] }, root: string): { digest: string; entries: string[] } {
  const lines = [...r.findings, ...r.indeterminate, ...r.errors].map((x) => JSON.stringify(x).split(root).join('.')).sort();
  const hash = (s: string) => createHash('sha256').update(s).digest('hex');
  // Per entry, a short hash: a later run can say how many entries differ, not only that something did.
  return { digest: hash(lines.join('\n')).slice(0, 16), entries: lines.map((l) => hash(l).slice(0, 10)).sort() };
}
