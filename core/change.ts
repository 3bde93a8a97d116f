// Change rules (kind 'change') compare the base and head versions of a file that controls the gate
// itself: the effective .trustgate.yml and the workflows that run the Action. The Action runs them on
// pull requests. Their findings are never suppressible: an ignore comment is written by the very
// change being judged. Only the base (in-force) policy may disable them or change their severity.
import type { Config } from './config.js';
import { resolveOptions } from './options.js';
import { ruleMeta, type ChangeRule, type FileVersion, type Rule, type RuleContext } from './rule.js';
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
      const rc = { options: resolveOptions(rule.options, policy.options.get(rule.id)) } as RuleContext;
      for (const res of rule.check({ ...p, rules: metas }, rc)) {
        if (res.kind !== 'finding') continue;
        out.push({
          ruleId: rule.id,
          title: rule.title,
          category: rule.category,
          severity: policy.severity.get(rule.id) ?? rule.severity,
          controls: rule.controls,
          message: res.message,
          remediation: rule.remediation,
          location: res.location,
          suppressed: false,
        });
      }
    }
  }
  return out;
}
