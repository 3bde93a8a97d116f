import { ConfigError, defaultConfig, parseConfig, type Config } from '../../core/config.js';
import { policyWeakenings } from '../../core/policy-diff.js';
import { defineRule, fail, type ChangeRule, type FileVersion } from '../../core/rule.js';
import { locateInYaml } from '../../core/yaml/locate.js';

export default defineRule<ChangeRule>({
  id: 'TG-CFG-001',
  name: 'policy-weakened',
  title: 'A pull request does not weaken the Trustgate policy that gates it',
  failTitle: 'Pull request weakens the Trustgate policy that gates it',
  kind: 'change',
  subject: 'policy',
  category: 'change-management',
  controls: ['CC8.1', 'CC5.2'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A pull request that weakens the policy that gates it defeats the change-management control (CC8.1).',
  confidence: 'high',
  introducedIn: '0.2.0',
  rationale:
    'The policy in .trustgate.yml decides what fails the gate. A pull request that disables a rule, lowers a severity, excludes paths, loosens a limit or raises failOn changes the control itself; that change must be visible and reviewed, not take effect silently on the change that proposes it.',
  controlRationale: {
    'CC8.1': 'Changes to the change-control gate are themselves identified and approved before they take effect.',
    'CC5.2': 'The technology controls that support the objectives cannot be switched off without review.',
  },
  remediation:
    'Revert the weakening, or have it reviewed and approved as a policy change in its own pull request: on pull requests the Action applies the base branch policy (config-source: base), so the new policy takes effect once merged.',
  defaults: 'A missing .trustgate.yml is the built-in policy: every rule on, default severities and limits, failOn low.',
  *check(input) {
    const load = (v: FileVersion | undefined): Config | ConfigError => {
      if (!v) return defaultConfig();
      try {
        return parseConfig(v.src, v.file, input.rules);
      } catch (e) {
        if (e instanceof ConfigError) return e;
        throw e;
      }
    };
    const base = load(input.base);
    const head = load(input.head);
    if (base instanceof ConfigError) return; // the base is what is in force; its own errors are reported elsewhere
    const where = input.head ?? input.base;
    if (!where) return;
    if (head instanceof ConfigError) {
      // Semantic errors carry no line: point at the first line naming the value the message quotes.
      const quoted = /"([^"]+)"/.exec(head.message)?.[1];
      const at = quoted ? input.head!.src.split('\n').findIndex((l) => l.includes(quoted)) : -1;
      const line = head.line ?? (at >= 0 ? at + 1 : 1);
      yield fail({ file: where.file, startLine: line, startColumn: 1, endLine: line, endColumn: 1 }, `The proposed Trustgate policy is invalid (${head.message}); once merged, every scan stops with a configuration error.`);
      return;
    }
    const weakenings = policyWeakenings(base, head, input.rules);
    for (const w of weakenings) {
      const loc = input.head ? locateInYaml(input.head.file, input.head.src, w.path) : { file: where.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
      const verb = input.head ? 'This change' : 'Deleting the policy file';
      yield fail(loc, `${verb} ${w.message}.`);
    }
  },
});
