// Worker thread entry (bundled as dist/cli/worker.mjs): runs the units the main thread sends.
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../rules/index.js';
import { initHcl } from './hcl/parse.js';
import { runUnit, type Unit } from './unit.js';
import { fromWire, type WireEnv } from './workers.js';

const env = fromWire(workerData as WireEnv, ALL_RULES);
const parserP = initHcl();

parentPort!.on('message', async (units: Unit[]) => {
  const parser = await parserP;
  const results = [];
  for (let i = 0; i < units.length; i++) {
    try {
      // Findings carry an in-process `secret` for masking; it crosses to the main thread on purpose.
      results.push(runUnit(units[i], env, parser));
    } catch (e) {
      // The main thread reports this unit (by `index`) and queues the rest of the batch again.
      parentPort!.postMessage({ ok: false, index: i, message: `internal error: ${(e as Error).message}`, results });
      return;
    }
  }
  parentPort!.postMessage({ ok: true, results });
});
