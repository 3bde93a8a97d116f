// What a command is and how one runs: options parsed by node:util's parseArgs, `--help`/`-h` on every
// command and subcommand (its own usage, exit 0), and unknown commands or options answered with a
// "did you mean" instead of Node's raw parser error. The table of commands is in cli.ts.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../core/config.js';
import { ScanAborted } from '../core/engine.js';
import { closest } from '../core/suggest.js';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** stdout is a terminal. */
  isTTY: boolean;
  /** stderr is a terminal (progress goes there); defaults to isTTY. */
  stderrIsTTY?: boolean;
  /** Width of the terminal (stdout's, else stderr's); undefined when neither is one. */
  columns?: number;
  env: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export type Options = NonNullable<ParseArgsConfig['options']>;
export interface Args {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** One line in the parent's list of commands. */
  summary: string;
  /** What `--help` prints after "Usage:": the synopsis lines and what each option does. */
  usage?: string;
  /** The options `run` accepts (`--help` is added to every command). */
  options?: Options;
  run?: (args: Args, io: CliIO) => number | Promise<number>;
  /** A command group (`trustgate evidence verify`): each entry is a command of its own. */
  subcommands?: Record<string, Command>;
  /** A group's help: printed under its list of commands. */
  footer?: string;
}

/** A mistake in the command line: printed with the command's usage, exit 2. */
export class UsageError extends Error {}

const HELP = ['--help', '-h', 'help'];

/** Runs the command `argv` names under `cmd`; `path` is the words that led here (["evidence"]). */
export async function runCommand(cmd: Command, path: string[], argv: string[], io: CliIO): Promise<number> {
  // Messages name the command they come from: "trustgate scan: …", "trustgate evidence: …".
  const prefix = ['trustgate', ...path.slice(0, 1)].join(' ');
  try {
    if (cmd.subcommands) {
      const [sub, ...rest] = argv;
      if (sub !== undefined && HELP.includes(sub)) {
        // `trustgate help scan` is `trustgate scan --help`.
        const target = rest[0] !== undefined ? cmd.subcommands[rest[0]] : undefined;
        if (target) return runCommand(target, [...path, rest[0]], ['--help'], io);
        io.stdout(helpText(cmd, path));
        return 0;
      }
      if (sub === undefined) throw new UsageError(`missing command (${Object.keys(cmd.subcommands).join(', ')})`);
      const next = Object.hasOwn(cmd.subcommands, sub) ? cmd.subcommands[sub] : undefined;
      if (!next) {
        const near = sub.startsWith('-') ? undefined : closest(sub, Object.keys(cmd.subcommands));
        throw new UsageError(`unknown command "${sub}"${near ? ` (did you mean "${near}"?)` : ''}; commands: ${Object.keys(cmd.subcommands).join(', ')}`);
      }
      return await runCommand(next, [...path, sub], rest, io);
    }
    const args = parseOptions(argv, cmd.options ?? {});
    if (args.values.help) {
      io.stdout(helpText(cmd, path));
      return 0;
    }
    return await cmd.run!(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${prefix}: ${e.message}\n\n${shortHelp(cmd, path)}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr(`${prefix}: config error${e.file ? ` in ${e.file}${e.line ? `:${e.line}` : ''}` : ''}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ScanAborted) {
      io.stderr(`${prefix}: scan aborted\n`);
      return 130;
    }
    // Never a stack trace; a nested command reports its own errors and returns its exit code.
    io.stderr(`${prefix}: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

export function helpText(cmd: Command, path: string[]): string {
  const name = ['trustgate', ...path].join(' ');
  if (cmd.usage) return `Usage:\n${cmd.usage.replace(/\n*$/, '\n')}`;
  const subs = Object.entries(cmd.subcommands ?? {});
  const w = Math.max(...subs.map(([k]) => k.length));
  return [
    `Usage: ${name} <command> [options]`,
    '',
    'Commands:',
    ...subs.map(([k, c]) => `  ${k.padEnd(w)}  ${c.summary}`),
    '',
    `Run "${name} <command> --help" for a command's options.`,
    ...(cmd.footer ? ['', cmd.footer] : []),
    '',
  ].join('\n');
}

/** After a usage error: the synopsis only (a group's list of commands), and where the rest is. */
function shortHelp(cmd: Command, path: string[]): string {
  if (!cmd.usage) return helpText(cmd, path);
  const synopsis = cmd.usage.split(/\n\s*\n/)[0];
  return `Usage:\n${synopsis}\nRun "${['trustgate', ...path].join(' ')} --help" for the options.\n`;
}

function parseOptions(args: string[], options: Options): Args {
  const all: Options = { ...options, help: { type: 'boolean', short: 'h' } };
  try {
    return parseArgs({ args, options: all, allowPositionals: true, strict: true }) as Args;
  } catch (e) {
    throw new UsageError(explainParseError(e as Error & { code?: string }, all));
  }
}

/** Node's parser messages, said plainly, with the closest known option for a misspelled one. */
function explainParseError(e: Error & { code?: string }, options: Options): string {
  const flag = /'(-[^' ]*)/.exec(e.message)?.[1] ?? '';
  const names = Object.keys(options).map((k) => `--${k}`);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const bare = flag.split('=')[0];
    const near = bare.startsWith('--') ? closest(bare, names) : undefined;
    return `unknown option ${bare}${near ? ` (did you mean ${near}?)` : ''}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const long = /(--[\w-]+)/.exec(e.message)?.[1] ?? flag;
    if (/argument missing/.test(e.message)) return `option ${long} needs a value`;
    if (/does not take an argument/.test(e.message)) return `option ${long} takes no value`;
    if (/ambiguous/.test(e.message)) return `option ${long} needs a value; to pass one that starts with "-", write ${long}=VALUE`;
  }
  return e.message;
}
