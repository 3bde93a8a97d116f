// Runs scan units on worker threads (both cores on a large scan). Each unit has a time limit
// (limits.maxFileMs): a worker that exceeds it is terminated, the unit becomes an error entry, and a
// fresh worker takes the remaining units — a pathological file never hangs the scan.
import { Worker } from 'node:worker_threads';
import type { Config } from './config.js';
import type { ScanError } from './types.js';
import { ParseCache } from './hcl/parse-cache.js';
import { failedUnit, unitFile, type Unit, type UnitEnv, type UnitResult } from './unit.js';

export interface WireEnv {
  cfg: {
    path?: string;
    exclude: string[];
    disabled: string[];
    severity: [string, string][];
    options: [string, Record<string, unknown>][];
    persona: Config['persona'];
    limits: Config['limits'];
  };
  ruleIds: string[];
  varFiles: string[];
  allowedRoots: string[];
  overrides?: Map<string, string>;
  today?: string;
  downloads?: UnitEnv['downloads'];
  scanSet?: UnitEnv['scanSet'];
}

export function toWire(env: UnitEnv): WireEnv {
  const c = env.cfg;
  return {
    cfg: { path: c.path, exclude: c.exclude, disabled: [...c.disabled], severity: [...c.severity], options: [...c.options], persona: c.persona, limits: c.limits },
    ruleIds: env.rules.map((r) => r.id),
    varFiles: env.varFiles,
    allowedRoots: env.allowedRoots,
    overrides: env.overrides,
    today: env.today,
    downloads: env.downloads,
    scanSet: env.scanSet,
  };
}

export function fromWire(w: WireEnv, allRules: UnitEnv['rules']): UnitEnv {
  const ids = new Set(w.ruleIds);
  return {
    cfg: {
      path: w.cfg.path,
      exclude: w.cfg.exclude,
      disabled: new Set(w.cfg.disabled),
      severity: new Map(w.cfg.severity) as Config['severity'],
      options: new Map(w.cfg.options),
      persona: w.cfg.persona,
      limits: w.cfg.limits,
    },
    rules: allRules.filter((r) => ids.has(r.id)),
    varFiles: w.varFiles,
    allowedRoots: w.allowedRoots,
    overrides: w.overrides,
    today: w.today,
    downloads: w.downloads,
    scanSet: w.scanSet,
    parsed: new ParseCache(),
  };
}

/** Units sent per message: small files are cheap, so messaging would dominate one at a time. */
const BATCH = 16;

export async function runInWorkers(
  units: Unit[],
  env: UnitEnv,
  script: URL,
  n: number,
  onResult: (r: UnitResult) => void,
  signal: AbortSignal | undefined,
  aborted: () => Error,
): Promise<void> {
  const wire = toWire(env);
  const limitMs = env.cfg.limits.maxFileMs;
  // Work queue: batches of units; a batch that timed out comes back as single units so that only
  // the slow one is reported (and the others are still scanned).
  const queue: Unit[][] = [];
  for (let i = 0; i < units.length; i += BATCH) queue.push(units.slice(i, i + BATCH));
  let active = 0;
  await new Promise<void>((resolveAll, rejectAll) => {
    const workers = new Set<Worker>();
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      rejectAll(e);
    };
    signal?.addEventListener('abort', () => fail(aborted()), { once: true });
    const start = () => {
      const w = new Worker(script, { workerData: wire });
      workers.add(w);
      let current: Unit[] | undefined;
      let timer: NodeJS.Timeout | undefined;
      const replace = () => {
        workers.delete(w);
        void w.terminate();
        start(); // the replacement takes over this worker's slot
      };
      const give = () => {
        if (failed) return;
        const batch = queue.shift();
        if (!batch) {
          workers.delete(w);
          void w.terminate();
          if (--active === 0) resolveAll();
          return;
        }
        current = batch;
        timer = setTimeout(() => {
          const b = current!;
          current = undefined;
          if (b.length > 1) queue.unshift(...b.map((u) => [u]));
          else {
            const u = b[0];
            const err: ScanError = { file: unitFile(u), line: 1, column: 1, kind: 'limit', message: `analysis took longer than ${limitMs} ms (limits.maxFileMs); skipped` };
            onResult(failedUnit(u, err));
          }
          replace();
        }, limitMs * batch.length);
        w.postMessage(batch);
      };
      w.on('message', (m: { ok: true; results: UnitResult[] } | { ok: false; index: number; message: string; results: UnitResult[] }) => {
        if (timer) clearTimeout(timer);
        const b = current!;
        current = undefined;
        for (const r of m.results) onResult(r);
        if (!m.ok) {
          onResult(failedUnit(b[m.index], { file: unitFile(b[m.index]), line: 1, column: 1, kind: 'internal', message: m.message }));
          const rest = b.slice(m.index + 1);
          if (rest.length) queue.unshift(rest);
        }
        give();
      });
      w.on('error', (e) => {
        if (timer) clearTimeout(timer);
        if (!current) return fail(e);
        const b = current;
        current = undefined;
        // A crash takes the whole batch: retry its units one by one; a unit that crashes alone is reported.
        if (b.length > 1) queue.unshift(...b.map((u) => [u]));
        else onResult(failedUnit(b[0], { file: unitFile(b[0]), line: 1, column: 1, kind: 'internal', message: `worker failed: ${e.message}` }));
        replace();
      });
      w.once('online', give);
    };
    const count = Math.min(n, queue.length);
    if (count === 0) return resolveAll();
    active = count;
    for (let i = 0; i < count; i++) start();
  });
}
