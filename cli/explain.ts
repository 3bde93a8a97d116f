// `trustgate explain ID`: exactly the content of docs/rules/<ID>.md (one renderer, core/docs.ts).
import { ruleDocFor } from '../core/docs.js';
import { ruleMeta } from '../core/rule.js';
import type { RuleMeta } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';
import { UsageError, type Args, type CliIO, type Command } from './command.js';

const USAGE = `  trustgate explain RULE-ID

Prints what the rule checks, why (the SOC 2 criteria), how to fix it, and examples. RULE-ID is the
rule's id (TG-AWS-001), its name, or a peer tool's alias it declares.

Options:
  -h, --help   this help`;

export function explainRule(m: RuleMeta): string {
  return ruleDocFor(m);
}

function runExplain({ positionals }: Args, io: CliIO): number {
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

export const explainCommand: Command = { summary: "explain a rule: what, why, how to fix", usage: USAGE, run: runExplain };
