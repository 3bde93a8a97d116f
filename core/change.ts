// Change rules (kind 'change') compare the base and head versions of a file that controls the gate
// itself: the effective .trustgate.yml and the workflows that run the Action. The Action runs them on
// pull requests. Their findings are never suppressible: an ignore comment is written by the very
// change being judged. Only the base (in-force) policy may disable them or change their severity.
import type { Config } from './config.js';
import { ruleContext, ruleMeta, toFinding, type ChangeRule, type FileVersion, type Rule } from './rule.js';
import type { Finding } from './types.js';

export interface ChangePair {
  base?: FileVersion;
  head?: FileVersion;
}

/** `catalogue`: every rule the policy may name (default `rules`). */
export function runChangeRules(rules: Rule[], subject: ChangeRule['subject'], pairs: ChangePair[], policy: Config, catalogue: Rule[] = rules): Finding[] {
  const metas = catalogue.map(ruleMeta);
  const out: Finding[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'change' || rule.subject !== subject || policy.disabled.has(rule.id)) continue;
    for (const p of pairs) {
      if (!p.base && !p.head) continue;
      for (const res of rule.check({ ...p, rules: metas }, ruleContext(rule, policy))) if (res.kind === 'finding') out.push(toFinding(rule, res, policy));
    }
  }
  return out;
}
