// Worker thread entry (bundled as dist/cli/worker.mjs): runs what the pool sends (core/workers.ts).
// The rules load and the WASM parser initialises as soon as the thread starts, while the main thread is
// still discovering files.
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../rules/index.js';
import { initHcl } from './hcl/parse.js';
import { readText } from './read.js';
import { buildScanSet, type ScanSet } from './scan-set.js';
import { runUnitSafely, type UnitEnv } from './unit.js';
import { threadCpuMs } from './thread-cpu.js';
import { CPU, FIRST, fromWire, RUNNING, SINCE, type FromWorker, type ToWorker, type WorkerInit } from './workers.js';

const { progress: buffer, origin } = workerData as WorkerInit;
const progress = new Int32Array(buffer);
const parserP = initHcl();
let env: UnitEnv | undefined;
let scanSet: ScanSet | undefined;
const post = (m: FromWorker) => parentPort!.postMessage(m);
const stats = !!process.env.TRUSTGATE_STATS;

parentPort!.on('message', async (m: ToWorker) => {
  switch (m.type) {
    case 'env':
      env = { ...fromWire(m.env, ALL_RULES), scanSet };
      return;
    case 'scanSet':
      scanSet = m.set;
      if (env) env.scanSet = scanSet;
      return;
    case 'scanSetTask': {
      const read = (p: string) => {
        const o = m.overrides?.get(p);
        if (o !== undefined) return o;
        const r = readText(p, m.limits.maxFileBytes);
        return r.ok ? r.text : undefined;
      };
      post({ type: 'scanSet', set: buildScanSet(m.files, read, { maxAliasCount: m.limits.maxAliasCount, maxDepth: m.limits.maxDepth, maxNodeVisits: m.limits.maxYamlNodeVisits }) });
      return;
    }
    case 'units': {
      const parser = await parserP;
      for (let pos = 0; pos < m.units.length; pos++) {
        // The pool's watchdog reads which unit runs since when (the time limit is per unit).
        const since = Date.now() - origin;
        Atomics.store(progress, SINCE, since);
        Atomics.compareExchange(progress, FIRST, 0, since + 1);
        Atomics.store(progress, RUNNING, pos);
        // Findings carry an in-process `secret` for masking; it crosses to the main thread on purpose.
        const result = runUnitSafely(m.units[pos], env!, parser);
        Atomics.store(progress, RUNNING, -1);
        post({ type: 'result', pos, result });
      }
      if (stats) Atomics.store(progress, CPU, threadCpuMs() ?? 0);
    }
  }
});
