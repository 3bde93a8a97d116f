// `trustgate rules`: the rule catalogue, sorted by id, filtered by kind, category, criterion or persona;
// a table that fits the terminal, or JSON.
import { ALL_RULES } from '../rules/index.js';
import { ruleMeta } from '../core/rule.js';
import { CRITERIA } from '../core/soc2/criteria.js';
import { closest } from '../core/suggest.js';
import { CATEGORIES, PERSONAS, personaIncludes, type Persona, type RuleMeta } from '../core/types.js';
import { UsageError, type Args, type CliIO, type Command } from './command.js';
import { colorFor } from './terminal.js';
import { painter, plural } from './text.js';

const KINDS = ['terraform', 'kubernetes', 'workflow', 'change'] as const;

const USAGE = `  trustgate rules [--kind KIND] [--category CATEGORY] [--criterion ID] [--persona NAME] [--format text|json]

Lists the rules sorted by id: severity, persona, category, SOC 2 criteria and title.

Options:
      --kind KIND           ${KINDS.join(', ')}
      --category CATEGORY   ${CATEGORIES.join(', ')}
      --criterion ID        rules that evidence a Trust Services Criterion (CC6.1, A1.2, ...)
      --persona NAME        the rules a scan runs with that persona: regular, pedantic (adds hygiene) or
                            auditor (everything)
  -f, --format FORMAT       text (default) or json (every field of the rules' metadata)
  -h, --help                this help`;

/** One filter value, checked against the values it can take, with a suggestion for a typo. */
function pick<T extends string>(option: string, v: unknown, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  const found = allowed.find((a) => a.toLowerCase() === String(v).toLowerCase());
  if (found) return found;
  const near = closest(String(v), allowed);
  throw new UsageError(`--${option} "${v}" is not one of ${allowed.join(', ')}${near ? ` (did you mean ${near}?)` : ''}`);
}

function runRules({ values, positionals }: Args, io: CliIO): number {
  if (positionals.length) throw new UsageError(`rules takes no arguments (got "${positionals[0]}"); filter with --kind, --category, --criterion or --persona`);
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}" for rules (text or json)`);
  const kind = pick('kind', values.kind, KINDS);
  const category = pick('category', values.category, CATEGORIES);
  const criterion = pick('criterion', values.criterion, Object.keys(CRITERIA));
  const persona = pick('persona', values.persona, PERSONAS) as Persona | undefined;
  const metas = ALL_RULES.map(ruleMeta)
    .filter((m) => (!kind || m.kind === kind) && (!category || m.category === category) && (!criterion || m.controls.includes(criterion)) && (!persona || personaIncludes(persona, m.persona)))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (format === 'json') {
    io.stdout(JSON.stringify(metas, null, 2) + '\n');
    return 0;
  }
  io.stdout(table(metas, io));
  const count = (p: string) => metas.filter((m) => m.persona === p).length;
  const filtered = kind || category || criterion || persona ? ` of ${ALL_RULES.length}` : '';
  io.stdout(`\n${plural(metas.length, 'rule')}${filtered} (${PERSONAS.map((p) => `${count(p)} ${p}`).join(', ')})\n`);
  return 0;
}

/** Columns sized to their content; on a terminal the title is cut to fit its width. */
function table(metas: RuleMeta[], io: CliIO): string {
  const paint = painter(colorFor(io.isTTY, io.env));
  const cols: [string, (m: RuleMeta) => string][] = [
    ['ID', (m) => m.id],
    ['SEVERITY', (m) => m.severity],
    ['PERSONA', (m) => m.persona],
    ['CATEGORY', (m) => m.category],
    ['CRITERIA', (m) => m.controls.join(',')],
  ];
  const widths = cols.map(([h, f]) => Math.max(h.length, ...metas.map((m) => f(m).length)));
  const lead = widths.reduce((n, w) => n + w + 1, 0);
  const width = io.isTTY ? io.columns : undefined;
  const fit = (t: string) => (width && lead + t.length > width ? t.slice(0, Math.max(10, width - lead - 1)) + '…' : t);
  const row = (cells: string[], title: string) => cells.map((c, i) => c.padEnd(widths[i])).join(' ') + ' ' + fit(title);
  const out = [paint('bold', row(cols.map(([h]) => h), 'TITLE'))];
  for (const m of metas) out.push(row(cols.map(([, f]) => f(m)), m.title));
  return out.join('\n') + '\n';
}

export const rulesCommand: Command = {
  summary: 'list the rules (id, severity, persona, category, criteria), with filters',
  usage: USAGE,
  options: { format: { type: 'string', short: 'f' }, kind: { type: 'string' }, category: { type: 'string' }, criterion: { type: 'string' }, persona: { type: 'string' } },
  run: runRules,
};
