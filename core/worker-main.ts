// Worker thread entry (bundled as dist/cli/worker.mjs): runs the units the pool sends (core/workers.ts).
// The rules load and the WASM parser initialises as soon as the thread starts, while the main thread is
// still discovering files.
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../rules/index.js';
import { initHcl } from './hcl/parse.js';
import { runUnitSafely, type UnitEnv } from './unit.js';
import { fromWire, RUNNING, SINCE, type FromWorker, type ToWorker, type WorkerInit } from './workers.js';

const { progress: buffer, origin } = workerData as WorkerInit;
const progress = new Int32Array(buffer);
const parserP = initHcl();
let env: UnitEnv | undefined;

parentPort!.on('message', async (m: ToWorker) => {
  if (m.type === 'env') {
    env = fromWire(m.env, ALL_RULES);
    return;
  }
  const parser = await parserP;
  for (let pos = 0; pos < m.units.length; pos++) {
    // The pool's watchdog reads which unit runs since when (the time limit is per unit).
    Atomics.store(progress, SINCE, Date.now() - origin);
    Atomics.store(progress, RUNNING, pos);
    // Findings carry an in-process `secret` for masking; it crosses to the main thread on purpose.
    const result = runUnitSafely(m.units[pos], env!, parser);
    Atomics.store(progress, RUNNING, -1);
    parentPort!.postMessage({ type: 'result', pos, result } satisfies FromWorker);
  }
});
