// The `trustgate` command line. Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage or config error.
import { existsSync } from 'node:fs';
import { UnsafePathError, writeFileSafe } from '../core/safe-write.js';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ALL_RULES } from '../rules/index.js';
import { ConfigError, defaultConfig, findConfig, loadConfig, parsePersona, type Config } from '../core/config.js';
import { exceedsThreshold, scan, ScanAborted } from '../core/engine.js';
import { evidenceCommand } from './evidence.js';
import { aggregateCommand } from './aggregate.js';
import { explainRule } from './explain.js';
import { toJson } from '../core/report/json.js';
import { toMarkdown } from '../core/report/markdown.js';
import { toSarif } from '../core/report/sarif.js';
import { toText } from './text.js';
import { ruleMeta } from '../core/rule.js';
import { PERSONAS, SEVERITIES, type Severity } from '../core/types.js';
import { incompleteness, incompleteText } from '../core/soc2/verdict.js';
import { VERSION } from '../core/version.js';

const USAGE = `Usage:
  trustgate scan [PATH...] [--format text|json|sarif|markdown] [--output FILE]
                 [--fail-on critical|high|medium|low|none] [--config FILE] [--var-file FILE]...
                 [--persona regular|pedantic|auditor] [--jobs N] [--plan-repo-root DIR]   (.tf files of scanned plan JSON; default: the plan's directory)
                 [--download-modules]   (fetch registry, git and archive modules into TRUSTGATE_CACHE_DIR first)
                 [--fail-on-incomplete]   (incomplete criteria, unevaluated module calls or no file scanned fail the run)
  trustgate rules [--format text|json]
  Personas (default regular, or persona: in .trustgate.yml): regular = what an auditor would cite;
  pedantic adds noisy hygiene; auditor adds everything, low-confidence checks included.
  trustgate explain RULE-ID
  trustgate evidence verify LEDGER
  trustgate evidence export LEDGER --from DATE --to DATE --format html|csv|json [--output FILE]
  trustgate evidence population --branch BRANCH --from DATE --to DATE [--repo PATH] [--ledger LEDGER] [--github]
  trustgate aggregate RESULTS... [--format markdown|html|json|sarif] [--output FILE]   (one organisation view; see aggregate --help)
  trustgate --version

Exit codes: 0 = no unsuppressed finding at or above --fail-on (default low), 1 = findings (with
--fail-on-incomplete also: an incomplete criterion, a module call not evaluated, no file scanned),
2 = usage or config error (including a scan path or --var-file that does not exist).`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

class UsageError extends Error {}

export async function main(argv: string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`trustgate: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr(`trustgate: config error${e.file ? ` in ${e.file}${e.line ? `:${e.line}` : ''}` : ''}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ScanAborted) {
      io.stderr('trustgate: scan aborted\n');
      return 130;
    }
    io.stderr(`trustgate: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout(USAGE + '\n');
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-v') {
    io.stdout(`trustgate ${VERSION}\n`);
    return 0;
  }
  if (cmd === 'rules') return rulesCmd(rest, io);
  if (cmd === 'explain') return explainCmd(rest, io);
  if (cmd === 'scan') return scanCmd(rest, io);
  if (cmd === 'evidence') return evidenceCommand(rest, io);
  if (cmd === 'aggregate') return aggregateCommand(rest, io);
  throw new UsageError(`unknown command "${cmd}"`);
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function rulesCmd(args: string[], io: CliIO): number {
  const { values } = parse(args, { format: { type: 'string', short: 'f' } });
  const format = (values.format as string | undefined) ?? 'text';
  const metas = ALL_RULES.map(ruleMeta);
  if (format === 'json') {
    io.stdout(JSON.stringify(metas, null, 2) + '\n');
    return 0;
  }
  if (format !== 'text') throw new UsageError(`unknown format "${format}" for rules (text or json)`);
  io.stdout(`${'ID'.padEnd(12)} ${'SEVERITY'.padEnd(8)} ${'PERSONA'.padEnd(8)} ${'CATEGORY'.padEnd(22)} ${'CRITERIA'.padEnd(16)} TITLE\n`);
  for (const m of metas) io.stdout(`${m.id.padEnd(12)} ${m.severity.padEnd(8)} ${m.persona.padEnd(8)} ${m.category.padEnd(22)} ${m.controls.join(',').padEnd(16)} ${m.title}\n`);
  const count = (p: string) => metas.filter((m) => m.persona === p).length;
  io.stdout(`\n${metas.length} rules (${PERSONAS.map((p) => `${count(p)} ${p}`).join(', ')})\n`);
  return 0;
}

function explainCmd(args: string[], io: CliIO): number {
  const { positionals } = parse(args, {});
  if (positionals.length !== 1) throw new UsageError('explain takes one rule id');
  const id = positionals[0].toUpperCase();
  const rule = ALL_RULES.find((r) => r.id === id || r.name === positionals[0] || r.aliases?.includes(positionals[0]));
  if (!rule) {
    io.stderr(`trustgate: no rule "${positionals[0]}" (see \`trustgate rules\`)\n`);
    return 2;
  }
  io.stdout(explainRule(ruleMeta(rule)));
  return 0;
}

function workerScript(): URL | undefined {
  const u = new URL('./worker.mjs', import.meta.url);
  return u.protocol === 'file:' && existsSync(fileURLToPath(u)) ? u : undefined;
}

async function scanCmd(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    'fail-on': { type: 'string' },
    persona: { type: 'string' },
    config: { type: 'string', short: 'c' },
    'var-file': { type: 'string', multiple: true },
    'no-progress': { type: 'boolean' },
    'plan-repo-root': { type: 'string' },
    jobs: { type: 'string', short: 'j' },
    'download-modules': { type: 'boolean' },
    'fail-on-incomplete': { type: 'boolean' },
  });
  const format = (values.format as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif', 'markdown'].includes(format)) throw new UsageError(`unknown format "${format}" (text, json, sarif or markdown)`);
  const paths = positionals.length ? positionals : ['.'];
  // A mistyped path must not scan nothing and pass.
  for (const p of paths) if (!existsSync(resolve(io.cwd, p))) throw new UsageError(`scan path ${p} does not exist`);
  const varFiles = (values['var-file'] as string[] | undefined) ?? [];
  for (const p of varFiles) if (!existsSync(resolve(io.cwd, p))) throw new UsageError(`--var-file ${p} does not exist`);
  let config: Config;
  if (values.config) config = loadConfig(resolve(io.cwd, values.config as string), ALL_RULES);
  else {
    const found = findConfig(resolve(io.cwd, paths[0]));
    config = found ? loadConfig(found, ALL_RULES) : defaultConfig();
  }
  if (values.persona !== undefined) config = { ...config, persona: parsePersona(values.persona, (m) => new UsageError(`--persona ${m}`)) };
  const failOnRaw = (values['fail-on'] as string | undefined) ?? config.failOn ?? 'low';
  if (failOnRaw !== 'none' && !(SEVERITIES as readonly string[]).includes(failOnRaw)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, none`);
  const failOn = failOnRaw as Severity | 'none';
  // Worker threads for large scans: one per core by default (this thread coordinates); --jobs 1 scans in-process.
  const jobsRaw = (values.jobs as string | undefined) ?? String(Math.min(availableParallelism(), 8));
  const jobs = Number(jobsRaw);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError('--jobs must be a whole number from 1 to 64');
  const progress = io.isTTY && !values['no-progress'] && !values.output ? true : false;
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
    workerScript: workerScript(),
    workers: jobs - 1 > 0 ? jobs : 0,
    onProgress: progress ? (d, t) => io.stderr(`\rscanning ${d}/${t} files`) : undefined,
  });
  if (progress) io.stderr('\r\x1b[K');
  let out: string;
  if (format === 'json') out = toJson(result, io.cwd);
  else if (format === 'sarif') out = toSarif(result, ALL_RULES.map(ruleMeta), io.cwd);
  else if (format === 'markdown') out = toMarkdown(result, io.cwd);
  else out = toText(result, io.cwd, { color: io.isTTY && !values.output && !io.env.NO_COLOR });
  if (values.output) {
    try {
      writeFileSafe(resolve(io.cwd, values.output as string), out);
    } catch (e) {
      const why = e instanceof UnsafePathError ? e.message : `cannot write ${values.output}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
      io.stderr(`trustgate: ${why}\n`);
      return 2;
    }
    io.stderr(`trustgate: ${result.summary.findings} findings written to ${values.output}\n`);
  } else io.stdout(out);
  if (result.summary.filesScanned === 0) io.stderr(`trustgate: no files to scan in ${paths.join(', ')} (Terraform, Kubernetes manifests, GitHub workflows); nothing was evaluated\n`);
  const incomplete = values['fail-on-incomplete'] ? incompleteText(incompleteness(result)) : undefined;
  if (incomplete) io.stderr(`trustgate: ${incomplete} (--fail-on-incomplete)\n`);
  return exceedsThreshold(result, failOn) || incomplete ? 1 : 0;
}
