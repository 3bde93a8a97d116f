// Worker thread entry (bundled as dist/cli/worker.mjs): runs the units the main thread sends.
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../rules/index.js';
import { initHcl } from './hcl/parse.js';
import { runUnit, type Unit } from './unit.js';
import { fromWire, type WireEnv } from './workers.js';

const env = fromWire(workerData as WireEnv, ALL_RULES);
const parserP = initHcl();

parentPort!.on('message', async (unit: Unit) => {
  try {
    const result = runUnit(unit, env, await parserP);
    // Findings carry an in-process `secret` for masking; it crosses to the main thread on purpose.
    parentPort!.postMessage({ ok: true, result });
  } catch (e) {
    parentPort!.postMessage({ ok: false, message: `internal error: ${(e as Error).message}` });
  }
});
