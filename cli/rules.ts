// `trustgate rules`: the rule catalogue as a table or JSON.
import { ALL_RULES } from '../rules/index.js';
import { ruleMeta } from '../core/rule.js';
import { PERSONAS } from '../core/types.js';
import { UsageError, type Args, type CliIO, type Command } from './command.js';

const USAGE = `  trustgate rules [--format text|json]

Lists every rule with its severity, persona, category and SOC 2 criteria.

Options:
  -f, --format FORMAT   text (default) or json (every field of the rules' metadata)
  -h, --help            this help`;

function runRules({ values }: Args, io: CliIO): number {
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

export const rulesCommand: Command = {
  summary: 'list the rules (id, severity, persona, category, criteria)',
  usage: USAGE,
  options: { format: { type: 'string', short: 'f' } },
  run: runRules,
};
