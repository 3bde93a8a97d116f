import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';
import { PROTECTION_TYPES, protections, protName, rulesetGroupRequire } from '../_lib/github.js';

export default defineRule({
  id: 'TG-GH-005',
  name: 'github-required-status-checks',
  title: 'Protected branch requires up-to-date status checks',
  failTitle: 'Protected branch does not require up-to-date status checks',
  kind: 'terraform',
  category: 'change-management',
  controls: ['CC8.1', 'CC7.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Required status checks are the evidence that changes were tested before release.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: PROTECTION_TYPES,
  aliases: ['CKV_GITHUB_14', 'CKV_GITHUB_20', 'repository_default_branch_status_checks_required'],
  rationale:
    'Required status checks make tests and policy scans a gate rather than advice; "strict" makes them run against the branch as it will be after the merge, not a stale base.',
  controlRationale: {
    'CC8.1': 'Changes are tested before they are merged, and the evidence of the test run is tied to the change.',
    'CC7.1': 'Configuration standards are enforced by checks that must pass for every change.',
  },
  remediation:
    'Add required_status_checks { strict = true, contexts = ["test", "trustgate"] } (v3: checks), or rules.required_status_checks with required_check blocks and strict_required_status_checks_policy = true in a ruleset.',
  defaults: 'No checks are required unless listed; strict defaults to false.',
  *check(m) {
    const ps = protections(m);
    for (const p of ps) {
      const blockLine = p.res.block.range.startLine;
      if (p.kind === 'classic' || p.kind === 'classic-v3') {
        const rsc = p.res.block1('required_status_checks');
        if (!rsc) {
          if (!p.res.hasError) yield fail(p.res.headerLoc, `Branch protection ${protName(p)} requires no status checks (no required_status_checks block).`, { blockLine });
          continue;
        }
        if (rsc.maybe) {
          yield indeterminate(rsc.headerLoc, 'dynamic block may not exist (for_each unknown)', blockLine);
          continue;
        }
        yield* requireBool(rsc, 'strict', true, {
          dflt: false,
          blockLine,
          fix: true,
          bad: `${protName(p)} does not require branches to be up to date before merging (strict = false).`,
          missing: `${protName(p)} does not require branches to be up to date before merging (strict is not set).`,
        });
        const lists = ['contexts', 'checks'].map((n) => rsc.attr(n)).filter((a) => !!a);
        const unknown = lists.find((a) => isUnknown(asList(a.value)));
        if (unknown) {
          yield indeterminate(unknown.loc, `${unknown.name} is not known statically`, blockLine);
          continue;
        }
        const n = lists.reduce((s, a) => s + ((asList(a.value) as unknown[] | undefined)?.length ?? 0), 0);
        if (n === 0 && !rsc.hasError)
          yield fail(lists[0]?.loc ?? rsc.headerLoc, `${protName(p)} has a required_status_checks block that names no checks.`, { blockLine });
        continue;
      }
      const rsc = p.rules?.block1('required_status_checks');
      if (!rsc) continue;
      if (rsc.maybe) {
        yield indeterminate(rsc.headerLoc, 'dynamic block may not exist (for_each unknown)', blockLine);
        continue;
      }
      yield* requireBool(rsc, 'strict_required_status_checks_policy', true, {
        dflt: false,
        blockLine,
        fix: true,
        bad: `Ruleset ${protName(p)} does not require branches to be up to date (strict_required_status_checks_policy = false).`,
        missing: `Ruleset ${protName(p)} does not require branches to be up to date (strict_required_status_checks_policy is not set).`,
      });
      const checks = rsc.blocks('required_check');
      if (checks.some((c) => c.maybe)) yield indeterminate(rsc.headerLoc, 'required_check blocks come from a dynamic block with unknown for_each', blockLine);
      else if (!checks.length && !rsc.hasError) yield fail(rsc.headerLoc, `Ruleset ${protName(p)} has a required_status_checks rule with no required_check.`, { blockLine });
    }
    yield* rulesetGroupRequire(
      m,
      ps,
      (p) => !!p.rules?.block1('required_status_checks'),
      (p) => `No active ruleset of the repository of ${protName(p)} requires status checks.`,
    );
  },
});
