// V8 settings for a scanning process (the CLI, the Action: processes Trustgate owns, never the editor's
// extension host, which other extensions share). Measured on the Terraform corpus with two workers on
// two cores (docs/benchmark.md): each worker isolate compiles the same hot functions again, and its
// compiles and parallel GC tasks run on V8's helper threads, which compete with the workers for the cores.
import { setFlagsFromString } from 'node:v8';

export const SCAN_V8_FLAGS = [
  // Less inlining into optimised code (V8's default allows 920 bytes of bytecode per function): the
  // optimising compiler's work per isolate drops by a fifth and the workers run no slower.
  '--max-inlined-bytecode-size-cumulative=300',
  // Young-generation collections on the collecting thread alone: the parallel ones cost more CPU in helper
  // tasks than they saved on a thread, when every core already runs a worker.
  '--no-parallel-scavenge',
];

let done = false;
/** Set once, before the first worker starts (flags are process-wide; an isolate reads them as it runs). */
export function tuneV8ForScans(): void {
  if (done) return;
  done = true;
  for (const f of SCAN_V8_FLAGS) setFlagsFromString(f);
}
