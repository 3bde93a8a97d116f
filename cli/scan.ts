// `trustgate scan [PATH...]`: scan, render, write, and the exit code a CI gate relies on.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ALL_RULES } from '../rules/index.js';
import { cliConfig, parsePersona } from '../core/config.js';
import { exceedsThreshold, scan } from '../core/engine.js';
import { bundledWorkerScript, defaultWorkers } from '../core/workers.js';
import { toJson } from '../core/report/json.js';
import { toMarkdown } from '../core/report/markdown.js';
import { toSarif } from '../core/report/sarif.js';
import { ruleMeta } from '../core/rule.js';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { incompleteness, incompleteText } from '../core/soc2/verdict.js';
import { SEVERITIES, type ScanResult, type Severity } from '../core/types.js';
import { applyBaseline, BaselineError, parseBaseline, type Baseline } from '../core/baseline.js';
import { plural, toText } from './text.js';
import { colorFor, progressLine } from './terminal.js';
import { UsageError, type Args, type CliIO, type Command, type Options } from './command.js';

const USAGE = `  trustgate scan [PATH...] [options]

Scans Terraform (.tf, .tf.json, .tofu, plan JSON), Kubernetes manifests and GitHub workflows under
each PATH (default: the current directory).

Options:
  -f, --format FORMAT      text (default), json, sarif or markdown
  -o, --output FILE        write the report to FILE instead of stdout
      --fail-on SEVERITY   exit 1 on an unsuppressed finding at or above critical|high|medium|low
                           (default low, or failOn: in .trustgate.yml); none never fails on findings
      --fail-on-incomplete also exit 1 on an incomplete criterion, a module call not evaluated or
                           no file scanned
  -c, --config FILE        the policy file (default: .trustgate.yml found upward from the first PATH)
      --var-file FILE      Terraform variable values (repeatable; after terraform.tfvars, *.auto.tfvars)
      --persona NAME       regular (what an auditor would cite; default), pedantic (adds noisy
                           hygiene) or auditor (everything, low-confidence checks included)
  -j, --jobs N             threads scanning in parallel (default: one per core, at most 8; 1 = in-process)
      --plan-repo-root DIR the .tf files of scanned plan JSON (default: the plan's directory)
      --download-modules   fetch registry, git and archive modules into TRUSTGATE_CACHE_DIR first
      --baseline FILE      report only findings not in FILE (written by trustgate baseline create);
                           those in it count as suppressed
      --compact            one line per finding: FILE:LINE:COL: SEVERITY RULE MESSAGE (for editors'
                           problem matchers), and files that could not be scanned as "error"
  -q, --quiet              the findings and the files that could not be scanned only, no summaries
      --no-progress        no progress line (shown on stderr when it is a terminal)
  -h, --help               this help

Colour: on a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 turns it on (also into a pipe).

Exit codes: 0 = no unsuppressed finding at or above --fail-on, 1 = findings (or incomplete, with
--fail-on-incomplete), 2 = usage or config error (including a PATH or --var-file that does not exist).`;

/** The options that choose what is scanned and how; shared by `scan` and `baseline create`. */
export const SCAN_INPUT_OPTIONS: Options = {
  'fail-on': { type: 'string' },
  persona: { type: 'string' },
  config: { type: 'string', short: 'c' },
  'var-file': { type: 'string', multiple: true },
  'no-progress': { type: 'boolean' },
  'plan-repo-root': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  'download-modules': { type: 'boolean' },
};

/** Checks the scan options, scans with a progress line on a terminal's stderr (unless `quiet`). */
export async function scanFromArgs({ values, positionals }: Args, io: CliIO, quiet: boolean): Promise<{ result: ScanResult; failOn: Severity | 'none'; paths: string[] }> {
  const paths = positionals.length ? positionals : ['.'];
  // A mistyped path must not scan nothing and pass.
  for (const p of paths) if (!existsSync(resolve(io.cwd, p))) throw new UsageError(`path ${p} does not exist`);
  const varFiles = (values['var-file'] as string[] | undefined) ?? [];
  for (const p of varFiles) if (!existsSync(resolve(io.cwd, p))) throw new UsageError(`--var-file ${p} does not exist`);
  let config = cliConfig(values.config as string | undefined, paths[0], io.cwd, ALL_RULES);
  if (values.persona !== undefined) config = { ...config, persona: parsePersona(values.persona, (m) => new UsageError(`--persona ${m}`)) };
  const failOnRaw = (values['fail-on'] as string | undefined) ?? config.failOn ?? 'low';
  if (failOnRaw !== 'none' && !(SEVERITIES as readonly string[]).includes(failOnRaw)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none`);
  const failOn = failOnRaw as Severity | 'none';
  // Worker threads for large scans: one per core by default (this thread coordinates); --jobs 1 scans in-process.
  const jobsRaw = (values.jobs as string | undefined) ?? String(defaultWorkers());
  const jobs = Number(jobsRaw);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
  // Progress goes to stderr whenever that is a terminal, also when the report goes to a file or a pipe.
  const stderrTTY = io.stderrIsTTY ?? io.isTTY;
  const progress = stderrTTY && !values['no-progress'] && !quiet ? progressLine(io.stderr, colorFor(stderrTTY, io.env)) : undefined;
  try {
    const result = await scan({
      paths,
      cwd: io.cwd,
      config,
      varFiles,
      planRepoRoot: values['plan-repo-root'] as string | undefined,
      downloadModules: !!values['download-modules'],
      env: io.env,
      rules: ALL_RULES,
      signal: io.signal,
      // Both cores on large scans when running from the bundle (the worker script sits next to it).
      workerScript: bundledWorkerScript(),
      workers: jobs - 1 > 0 ? jobs : 0,
      onProgress: progress?.update,
    });
    return { result, failOn, paths };
  } finally {
    progress?.done();
  }
}

async function runScan(args: Args, io: CliIO): Promise<number> {
  const { values } = args;
  const format = (values.format as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif', 'markdown'].includes(format)) throw new UsageError(`unknown format "${format}" (text, json, sarif or markdown)`);
  const compact = !!values.compact;
  const quiet = !!values.quiet;
  if ((compact || quiet) && format !== 'text') throw new UsageError(`--${compact ? 'compact' : 'quiet'} shapes the text report; it does not apply to --format ${format}`);
  let baseline: { file: string; data: Baseline } | undefined;
  if (values.baseline !== undefined) {
    const file = resolve(io.cwd, values.baseline as string);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --baseline ${values.baseline}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    try {
      baseline = { file, data: parseBaseline(text, values.baseline as string) };
    } catch (e) {
      if (e instanceof BaselineError) throw new UsageError(e.message);
      throw e;
    }
  }
  const scanned = await scanFromArgs(args, io, quiet || compact);
  let result = scanned.result;
  const { failOn, paths } = scanned;
  if (baseline) {
    const applied = applyBaseline(result, baseline.data, baseline.file);
    result = applied.result;
    const notes = [
      `${plural(applied.matched, 'finding')} in the baseline not reported`,
      applied.stale ? `${plural(applied.stale, 'baseline entry', 'baseline entries')} matched nothing (fixed or changed: recreate the baseline to drop them)` : '',
      applied.unexplained ? `${plural(applied.unexplained, 'baseline entry', 'baseline entries')} without a reason` : '',
    ].filter(Boolean);
    if (!quiet && !compact) io.stderr(`trustgate: ${notes.join('; ')}\n`);
  }
  let out: string;
  if (format === 'json') out = toJson(result, io.cwd);
  else if (format === 'sarif') out = toSarif(result, ALL_RULES.map(ruleMeta), io.cwd);
  else if (format === 'markdown') out = toMarkdown(result, io.cwd);
  else {
    // Colour and wrapping for a terminal only; a file or a pipe gets plain, one-line-per-item text.
    const toTerminal = !values.output && io.isTTY;
    out = toText(result, io.cwd, { color: !values.output && colorFor(io.isTTY, io.env), width: toTerminal ? io.columns : undefined, compact, quiet });
  }
  if (values.output) {
    try {
      writeFileSafe(resolve(io.cwd, values.output as string), out);
    } catch (e) {
      const why = e instanceof UnsafePathError ? e.message : `cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      io.stderr(`trustgate: ${why}\n`);
      return 2;
    }
    io.stderr(`trustgate: ${plural(result.summary.findings, 'finding')} written to ${values.output}\n`);
  } else io.stdout(out);
  if (result.summary.filesScanned === 0) io.stderr(`trustgate: no files to scan in ${paths.join(', ')} (Terraform, Kubernetes manifests, GitHub workflows); nothing was evaluated\n`);
  const incomplete = values['fail-on-incomplete'] ? incompleteText(incompleteness(result)) : undefined;
  if (incomplete) io.stderr(`trustgate: ${incomplete} (--fail-on-incomplete)\n`);
  return exceedsThreshold(result, failOn) || incomplete ? 1 : 0;
}

export const scanCommand: Command = {
  summary: 'scan paths and report findings by SOC 2 criterion',
  usage: USAGE,
  options: {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    ...SCAN_INPUT_OPTIONS,
    'fail-on-incomplete': { type: 'boolean' },
    compact: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    baseline: { type: 'string' },
  },
  run: runScan,
};
