// The `trustgate` command line: the table of commands. Each command lives in its own file under cli/
// and exports a `Command` (cli/command.ts: summary, usage, options, run); parsing, `--help` and
// usage errors are handled for it. Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage
// or config error.
//
// To add a command: write cli/<name>.ts exporting `export const fooCommand: Command = { summary,
// usage, options, run }`, then add ONE line to COMMANDS below (or to a group's `subcommands`, as
// `evidence` has). Its `--help`, "did you mean" and exit 2 on a usage error come with it.
import { VERSION } from '../core/version.js';
import { aggregateCommand } from './aggregate.js';
import { baselineCreateCommand } from './baseline.js';
import { runCommand, type CliIO, type Command } from './command.js';
import { evidenceExportCommand, evidenceVerifyCommand } from './evidence.js';
import { explainCommand } from './explain.js';
import { orgPlanCommand, orgScanBatchCommand } from './org.js';
import { populationCommand } from './population.js';
import { reportCommand } from './report.js';
import { rulesCommand } from './rules.js';
import { scanCommand } from './scan.js';

export type { CliIO } from './command.js';

const COMMANDS: Record<string, Command> = {
  scan: scanCommand,
  rules: rulesCommand,
  explain: explainCommand,
  evidence: {
    summary: 'verify and export the CC8.1 evidence ledger the Action writes; the commit population',
    subcommands: {
      verify: evidenceVerifyCommand,
      export: evidenceExportCommand,
      population: populationCommand,
    },
  },
  aggregate: aggregateCommand,
  report: reportCommand,
  baseline: { summary: 'accept the current findings when adopting Trustgate (for scan --baseline)', subcommands: { create: baselineCreateCommand } },
  org: { summary: 'the org-scan workflow steps: plan the batches, scan one batch', subcommands: { plan: orgPlanCommand, 'scan-batch': orgScanBatchCommand } },
};

const TRUSTGATE: Command = {
  summary: 'SOC 2 guardrails for infrastructure code',
  subcommands: COMMANDS,
  footer: `trustgate --version prints the version.
Exit codes: 0 = no unsuppressed finding at or above --fail-on, 1 = findings, 2 = usage or config error.`,
};

export async function main(argv: string[], io: CliIO): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === '-V') {
    io.stdout(`trustgate ${VERSION}\n`);
    return 0;
  }
  return runCommand(TRUSTGATE, [], argv, io);
}
