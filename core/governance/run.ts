// The governance rules run once per scan, on the repository's record of controls outside the code,
// when the policy (`.trustgate.yml`) opts in with `controls:`. Their results join the scan's like a
// unit's: findings, notices, and per criterion the number of controls checked (for verdicts).
import type { Config } from '../config.js';
import { readText } from '../read.js';
import { ruleContext, toFinding, type GovernanceRule, type Rule } from '../rule.js';
import { governanceDirectiveErrors, parseInlineSuppressions } from '../suppress.js';
import type { Finding, ScanError } from '../types.js';
import { buildGovernance, type CatalogueControl, type GovernanceModel } from './model.js';

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
  errors.push(...applyWaivers(model, findings, today), ...inlineDirectives(model, cfg.limits.maxFileBytes));
  return { findings, errors, checked };
}

/**
 * `controls.<id>.ignore` waivers: each suppresses that control's findings of the rules it names (they
 * point at the control's entry), with the policy as its source. Invalid ones are reported, expired ones
 * reported and no longer suppressing, as for every suppression.
 */
function applyWaivers(model: GovernanceModel, findings: Finding[], today: string): ScanError[] {
  const errors: ScanError[] = [];
  const file = model.configFile;
  for (const c of model.controls) {
    const e = c.entry;
    for (const w of e?.ignore ?? []) {
      const say = (message: string) => errors.push({ file, line: w.line, column: 1, kind: 'suppression', message: `controls.${e!.id}.ignore ${message}` });
      if (w.invalid) {
        say(`${w.invalid}; it does not suppress anything`);
        continue;
      }
      const expired = !!w.expires && w.expires < today;
      if (expired) say(`${w.ruleIds.join(',')} expired on ${w.expires}; the finding is reported again`);
      for (const f of findings) {
        if (!w.ruleIds.includes(f.ruleId) || f.location.file !== file || f.location.startLine !== e!.line) continue;
        f.suppressed = !expired;
        f.suppression = { source: 'config', reason: w.reason!, expires: w.expires, location: { file, startLine: w.line, startColumn: 1, endLine: w.line, endColumn: 1 }, ...(expired ? { expired: true } : {}) };
      }
    }
  }
  return errors;
}

/**
 * A `trustgate:ignore TG-GOV-...` comment where governance findings point (the config, a policy
 * document) is said, not silently unused. Files the scan also reads say it there too, in the same words
 * (the engine keeps one).
 */
function inlineDirectives(model: GovernanceModel, maxBytes: number): ScanError[] {
  const files = new Set([model.configFile, ...model.controls.flatMap((c) => c.documents.map((d) => d.file))]);
  const out: ScanError[] = [];
  for (const f of files) {
    const r = readText(f, maxBytes);
    if (r.ok && r.text.includes('trustgate:ignore')) out.push(...governanceDirectiveErrors(parseInlineSuppressions(f, r.text)));
  }
  return out;
}
