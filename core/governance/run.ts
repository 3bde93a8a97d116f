// The governance rules run once per scan, on the repository's record of controls outside the code,
// when the policy (`.trustgate.yml`) opts in with `controls:`. Their results join the scan's like a
// unit's: findings, notices, and per criterion the number of controls checked (for verdicts).
import type { Config } from '../config.js';
import { ruleContext, toFinding, type GovernanceRule, type Rule } from '../rule.js';
import type { Finding, ScanError } from '../types.js';
import { buildGovernance, type CatalogueControl } from './model.js';

export interface GovernanceResult {
  findings: Finding[];
  errors: ScanError[];
  checked: Record<string, number>;
}

export function runGovernance(rules: readonly Rule[], cfg: Config, catalogue: readonly CatalogueControl[], today: string): GovernanceResult | undefined {
  const active = rules.filter((r): r is GovernanceRule => r.kind === 'governance' && !cfg.disabled.has(r.id));
  const model = active.length ? buildGovernance(cfg, catalogue, today) : undefined;
  if (!model) return undefined;
  const findings: Finding[] = [];
  const checked: Record<string, number> = {};
  for (const rule of active) {
    for (const res of rule.check(model, ruleContext(rule, cfg))) if (res.kind === 'finding') findings.push(toFinding(rule, res, cfg));
    // Every control of the catalogue is what each governance rule evaluates.
    for (const c of rule.controls) checked[c] = Math.max(checked[c] ?? 0, model.controls.length);
  }
  const errors: ScanError[] = model.notices.map((n) => ({ file: n.file, line: n.line, column: 1, kind: 'notice', message: n.message }));
  return { findings, errors, checked };
}
