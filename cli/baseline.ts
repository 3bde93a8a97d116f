// `trustgate baseline create [PATH...] --output FILE`: the findings of a scan as a reviewable baseline
// (core/baseline.ts) for `trustgate scan --baseline FILE`.
import { resolve, dirname } from 'node:path';
import { baselineJson, createBaseline } from '../core/baseline.js';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { UsageError, type Args, type CliIO, type Command } from './command.js';
import { SCAN_INPUT_OPTIONS, scanFromArgs } from './scan.js';
import { plural } from './text.js';

const USAGE = `  trustgate baseline create [PATH...] --output FILE [scan options]

Scans PATHs (default: the current directory) as \`trustgate scan\` does and writes every unsuppressed
finding to FILE: sorted JSON, one entry per finding with its rule, file, resource, fingerprint, message
and an empty "reason" for the reviewer to fill in. Then \`trustgate scan --baseline FILE\` reports only
findings not in it. Fingerprints leave out line numbers, so moving code does not make a finding new;
paths are relative to FILE's folder (keep the baseline at the repository root).

Options:
  -o, --output FILE   where to write the baseline (required)
  --config, --var-file, --persona, --jobs, --plan-repo-root, --download-modules, --no-progress
                      as for trustgate scan
  -h, --help          this help`;

async function runCreate(args: Args, io: CliIO): Promise<number> {
  const output = args.values.output as string | undefined;
  if (!output) throw new UsageError('baseline create needs --output FILE');
  const file = resolve(io.cwd, output);
  const { result } = await scanFromArgs(args, io, false);
  const b = createBaseline(result, dirname(file));
  try {
    writeFileSafe(file, baselineJson(b));
  } catch (e) {
    io.stderr(`trustgate baseline: ${e instanceof UnsafePathError ? e.message : `cannot write ${output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`}\n`);
    return 2;
  }
  io.stderr(`trustgate baseline: ${plural(b.findings.length, 'finding')} written to ${output}; fill in each "reason" before committing it\n`);
  return 0;
}

export const baselineCreateCommand: Command = {
  summary: 'write the current findings to a baseline file for scan --baseline',
  usage: USAGE,
  options: { output: { type: 'string', short: 'o' }, ...SCAN_INPUT_OPTIONS },
  run: runCreate,
};
