// `trustgate aggregate RESULTS...`: per-repository scan results (folders or files) in, one
// organisation report out. Exit codes: 0 written (and nothing at or above --fail-on), 1 a scanned
// repository has an unsuppressed finding at or above --fail-on, 2 usage error or unwritable output.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { aggregateInputs, OrgAggregator } from '../core/org/aggregate.js';
import { orgHtml, orgMarkdown, orgSarif } from '../core/org/render.js';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { SEVERITIES, type Severity } from '../core/types.js';
import { VERSION } from '../core/version.js';
import { UsageError, type Args, type CliIO, type Command } from './command.js';

const AGGREGATE_USAGE = `  trustgate aggregate RESULTS... [--format markdown|html|json|sarif] [--output FILE]
                      [--fail-on critical|high|medium|low|none] [--organisation NAME] [--worst N]
                      [--window FROM..TO]   (the audit window the report is for, shown on it)
  RESULTS are folders or files of per-repository results: \`trustgate scan --format json\` output
  (a file's name names the repository), or the org scan's folders (repo.json + scan.json, and
  readiness.json with org scan-batch --readiness) and plan.json. Readiness reports (trustgate report
  --format json) add the readiness report's sections across repositories.
  Files are read one at a time; a file that cannot be read is listed as an error and the rest goes on.
  --fail-on   exit 1 when a scanned repository has an unsuppressed finding at or above it (default none)`;

const FORMATS = ['markdown', 'html', 'json', 'sarif'] as const;

function runAggregate(args: Args, io: CliIO): number {
  const values = args.values as Record<string, string | undefined>;
  const positionals = args.positionals;
  const usage = (msg: string): never => {
    throw new UsageError(msg);
  };
  const format = values.format ?? 'markdown';
  if (!(FORMATS as readonly string[]).includes(format)) return usage(`unknown format "${format}" (${FORMATS.join(', ')})`);
  const failOn = values['fail-on'] ?? 'none';
  if (failOn !== 'none' && !(SEVERITIES as readonly string[]).includes(failOn)) return usage(`--fail-on must be one of ${SEVERITIES.join(', ')}, none`);
  const worst = values.worst === undefined ? 20 : Number(values.worst);
  if (!Number.isInteger(worst) || worst < 1 || worst > 1000) return usage('--worst must be a whole number from 1 to 1000');
  const window = values.window ? /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(values.window) : undefined;
  if (values.window && (!window || window[1] > window[2])) return usage('--window must be FROM..TO, two dates YYYY-MM-DD, FROM not after TO');
  if (!positionals.length) return usage('give at least one folder or file of results');
  // A mistyped path must not aggregate nothing and pass.
  for (const p of positionals) if (!existsSync(resolve(io.cwd, p))) return usage(`${p} does not exist`);

  const agg = new OrgAggregator({ keepLocations: format === 'sarif', worst });
  aggregateInputs(
    positionals.map((p) => resolve(io.cwd, p)),
    agg,
    { base: io.cwd },
  );
  const report = agg.finish();
  if (values.organisation) report.organisation = values.organisation;
  if (window) report.window = { from: window[1], to: window[2] };
  const out = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'html' ? orgHtml(report) : format === 'sarif' ? orgSarif(report, VERSION) : orgMarkdown(report);
  if (values.output) {
    try {
      writeFileSafe(resolve(io.cwd, values.output), out);
    } catch (e) {
      io.stderr(`trustgate: ${e instanceof UnsafePathError ? e.message : `cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`}\n`);
      return 2;
    }
    const t = report.totals;
    io.stderr(`trustgate: ${t.repositories} repositories (${t.scanned} scanned, ${t.errors} not scanned, ${t.excluded} excluded), ${t.findings} findings written to ${values.output}\n`);
  } else io.stdout(out);
  if (report.inputErrors.length) io.stderr(`trustgate: ${report.inputErrors.length} result file${report.inputErrors.length === 1 ? '' : 's'} could not be read (listed in the report)\n`);
  if (failOn === 'none') return 0;
  const at = SEVERITIES.slice(0, SEVERITIES.indexOf(failOn as Severity) + 1);
  return report.repositories.some((r) => r.status === 'scanned' && at.some((s) => r.bySeverity[s] > 0)) ? 1 : 0;
}

export const aggregateCommand: Command = {
  summary: 'fold per-repository scan results into one organisation report',
  usage: AGGREGATE_USAGE,
  options: { format: { type: 'string', short: 'f' }, output: { type: 'string', short: 'o' }, 'fail-on': { type: 'string' }, organisation: { type: 'string' }, window: { type: 'string' }, worst: { type: 'string' } },
  run: runAggregate,
};
