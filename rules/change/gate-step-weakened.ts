import { defineRule, fail, type ChangeRule, type FileVersion } from '../../core/rule.js';
import type { Location } from '../../core/types.js';
import { buildWorkflow, type Job, type Step, type Workflow } from '../../core/workflow/model.js';
import { YamlFile } from '../../core/yaml/view.js';

/** `uses:` of the Trustgate Action (any owner's fork or mirror named trustgate), at any ref. */
const TRUSTGATE = /^[^/\s]+\/trustgate(?:\/[^@\s]*)?@/i;
const PR_TRIGGERS = ['pull_request', 'pull_request_target'];
/** fail-on from strictest to laxest (the Action's default is high). */
const FAIL_ON = ['low', 'medium', 'high', 'critical', 'none'];
/**
 * Inputs whose values rank from strictest to laxest, with the value an absent or empty input means on a pull
 * request (persona: undefined, the policy file decides, which this rule cannot see; only the laxest is then sure
 * to lower it).
 */
const RANKED: [name: string, order: string[], byDefault: string | undefined, why: string][] = [
  ['persona', ['auditor', 'pedantic', 'regular'], undefined, 'fewer rules run'],
  ['scope', ['all', 'changed-files', 'changed-lines'], 'changed-lines', 'fewer findings count as new and can fail the gate'],
];

interface Gate {
  job: Job;
  step: Step;
}

function parse(v: FileVersion | undefined): Workflow | undefined {
  if (!v) return undefined;
  const y = new YamlFile(v.file, v.src);
  if (y.docs.some((d) => d.errors.length)) return undefined;
  return buildWorkflow(y, 'workflow');
}

function gates(w: Workflow | undefined): Gate[] {
  const out: Gate[] = [];
  for (const job of w?.jobs ?? []) for (const step of job.steps) if (TRUSTGATE.test(step.uses?.str() ?? '')) out.push({ job, step });
  return out;
}

const input = (s: Step, name: string) => s.with?.get(name)?.str()?.trim();
/** continue-on-error that is not literally false lets a failing gate pass the job. */
const continues = (v: { view: { get(k: string): { str(): string | undefined } | undefined } }) => {
  const c = v.view.get('continue-on-error')?.str()?.trim().toLowerCase();
  return c !== undefined && c !== 'false';
};
const cond = (v: { if?: { str(): string | undefined } }) => v.if?.str()?.trim();

export default defineRule<ChangeRule>({
  id: 'TG-CFG-002',
  name: 'gate-step-weakened',
  title: 'A pull request does not weaken or remove the Trustgate step that gates it',
  failTitle: 'Pull request weakens or removes the Trustgate step that gates it',
  kind: 'change',
  subject: 'workflow',
  category: 'change-management',
  controls: ['CC8.1', 'CC5.2'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Editing the step that runs the gate switches the change-management control off (CC8.1).',
  confidence: 'high',
  introducedIn: '0.2.0',
  rationale:
    'On pull_request GitHub runs the workflow from the head branch, so the change being gated can edit the step that gates it: remove it, let it fail without failing the job, skip it with a condition, or raise fail-on. Such an edit must be visible and reviewed like any other change to a control.',
  controlRationale: {
    'CC8.1': 'A change to the change-control gate is identified and reviewed before it can let other changes through.',
    'CC5.2': 'The technology control stays in force unless its change is approved.',
  },
  remediation:
    'Revert the edit to the Trustgate step, or make it in its own reviewed pull request. Make the check required through a branch ruleset (and, organisation-wide, a required workflow from a central repository) so a pull request cannot skip it: see docs/github-action.md.',
  defaults: 'The Action fails on high findings by default; a step without continue-on-error fails its job.',
  *check(pair) {
    const base = parse(pair.base);
    const before = gates(base);
    if (!before.length) return;
    const head = parse(pair.head);
    const after = gates(head);
    const fileStart = (file: string): Location => ({ file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
    if (!pair.head) {
      yield fail(fileStart(pair.base!.file), `This change deletes the workflow that runs the Trustgate gate (job "${before[0].job.id}").`);
      return;
    }
    if (!head) return; // a broken head workflow is a parse error GitHub reports too; it does not run at all
    const wasOnPr = PR_TRIGGERS.some((t) => base!.triggers.includes(t));
    if (wasOnPr && !PR_TRIGGERS.some((t) => head.triggers.includes(t)))
      yield fail(head.on?.keyLoc ?? fileStart(pair.head.file), 'This change stops running the workflow that holds the Trustgate gate on pull requests (pull_request is no longer a trigger).');
    for (const b of before) {
      const job = head.jobs.find((j) => j.id === b.job.id);
      const id = b.step.id;
      const match = job && (after.find((g) => g.job === job && id !== undefined && g.step.id === id) ?? after.find((g) => g.job === job));
      if (!match) {
        const where = job ? job.keyLoc : fileStart(pair.head.file);
        yield fail(where, `This change removes the Trustgate step from job "${b.job.id}", so the job no longer gates on SOC 2 findings.`);
        continue;
      }
      const s = match.step;
      const sLoc = s.uses?.loc ?? s.view.loc;
      if (continues(s) && !continues(b.step)) yield fail(s.view.get('continue-on-error')!.loc, 'This change sets continue-on-error on the Trustgate step: a failing gate no longer fails the job.');
      if (continues(match.job) && !continues(b.job)) yield fail(match.job.view.get('continue-on-error')!.loc, `This change sets continue-on-error on job "${match.job.id}": a failing Trustgate gate no longer fails the workflow.`);
      for (const [now, was, what] of [
        [s, b.step, 'the Trustgate step'],
        [match.job, b.job, `job "${match.job.id}"`],
      ] as const) {
        const c = cond(now);
        if (c && c !== cond(was)) yield fail(now.if!.loc, `This change adds the condition "${c}" to ${what}: the gate may be skipped.`);
      }
      const fNow = (input(s, 'fail-on') || 'high').toLowerCase();
      const fWas = (input(b.step, 'fail-on') || 'high').toLowerCase();
      if (FAIL_ON.indexOf(fNow) > FAIL_ON.indexOf(fWas) || (FAIL_ON.indexOf(fNow) < 0 && fNow !== fWas))
        yield fail(s.with?.get('fail-on')?.loc ?? sLoc, `This change raises the Trustgate step's fail-on from ${fWas} to ${fNow}: fewer findings fail the gate.`);
      for (const [name, weak, why] of [
        ['config-source', (v: string) => v === 'head', 'the pull request would choose its own policy'],
        ['fail-on-unscanned', (v: string) => v === 'false', 'files that cannot be scanned would pass'],
        ['exceptions-need-approval', (v: string) => v === 'false', 'new exceptions would no longer need an independent approval'],
        ['baseline', (v: string) => v === 'false', 'the base commit would no longer be compared'],
        ['fail-on-incomplete', (v: string) => v === 'false', 'incomplete criteria would pass'],
        ['download-modules', (v: string) => v === 'false', 'resources inside registry, git and archive modules would not be evaluated'],
        ['evidence', (v: string) => v === 'false', 'no CC8.1 change-evidence record would be written for this change or later ones'],
      ] as const) {
        const now = input(s, name)?.toLowerCase();
        if (now !== undefined && weak(now) && input(b.step, name)?.toLowerCase() !== now)
          yield fail(s.with!.get(name)!.loc, `This change sets ${name}: ${now} on the Trustgate step: ${why}.`);
      }
      for (const [name, order, byDefault, why] of RANKED) {
        const rank = (v: string | undefined) => order.indexOf(((v || byDefault) ?? '').toLowerCase().replace(/^auto$/, byDefault ?? 'auto'));
        const now = rank(input(s, name));
        const was = rank(input(b.step, name));
        // Lower than before; or, from a default this rule cannot see, down to the laxest value.
        if (now > was && (was >= 0 || now === order.length - 1))
          yield fail(s.with?.get(name)?.loc ?? sLoc, `This change sets the Trustgate step's ${name} to ${input(s, name) || 'its default'} (was ${input(b.step, name) || 'the default'}): ${why}.`);
      }
      if (input(b.step, 'evidence-branch') && !input(s, 'evidence-branch'))
        yield fail(s.with?.get('evidence-branch')?.loc ?? sLoc, `This change stops appending evidence to the ledger on branch "${input(b.step, 'evidence-branch')}": the CC8.1 record of later changes would have gaps.`);
      for (const name of ['path', 'config']) {
        const now = input(s, name);
        const was = input(b.step, name);
        if (now !== was && !(name === 'path' && (now ?? '.') === (was ?? '.')))
          yield fail(s.with?.get(name)?.loc ?? sLoc, `This change sets the Trustgate step's ${name} to ${now === undefined ? 'its default' : `"${now}"`} (was ${was === undefined ? 'the default' : `"${was}"`}): what is scanned or how it is judged changes.`);
      }
    }
  },
});
