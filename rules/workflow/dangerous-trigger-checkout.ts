import { defineRule, fail } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import { actionName, exprInfo, linesOf, lineLoc, stepLabel } from '../../core/workflow/expr.js';

/** Expressions that name the pull request's (or triggering run's) head code. */
const HEAD_REFS = [
  'github.event.pull_request.head.sha',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.repo.full_name',
  'github.event.pull_request.merge_commit_sha',
  'github.event.pull_request.number',
  'github.event.number',
  'github.head_ref',
  'github.event.workflow_run.head_sha',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.head_repository.full_name',
];

const namesHead = (text: string) => exprInfo(text).refs.find((r) => HEAD_REFS.some((h) => r === h || r.startsWith(h + '.')));

/** Job conditions that keep fork pull requests out (same-repository head). */
function forkGuarded(cond: string | undefined): boolean {
  if (!cond) return false;
  const c = cond.replace(/\s+/g, ' ');
  return (
    /head\.repo\.full_name ?== ?github\.repository\b/.test(c) ||
    /github\.repository ?== ?github\.event\.pull_request\.head\.repo\.full_name/.test(c) ||
    /head_repository\.full_name ?== ?github\.repository\b/.test(c) ||
    /head\.repo\.fork ?== ?false/.test(c) ||
    /!github\.event\.pull_request\.head\.repo\.fork\b/.test(c)
  );
}

export default defineRule({
  id: 'TG-GHA-006',
  name: 'gha-dangerous-trigger-checkout',
  title: 'Privileged triggers do not check out untrusted pull-request code',
  failTitle: 'Privileged trigger checks out untrusted pull-request code',
  kind: 'workflow',
  category: 'injection',
  controls: ['CC6.8', 'CC8.1'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'Checking out untrusted code in a privileged trigger exposes secrets and a writable token.',
  confidence: 'high',
  introducedIn: '0.1.0',
  aliases: ['dangerous-triggers'],
  rationale:
    'pull_request_target and workflow_run run with the base repository token and secrets; checking out the pull request head there and then building or testing it runs a stranger\'s code with those privileges.',
  controlRationale: {
    'CC6.8': 'Unreviewed code from forks does not run inside the privileged pipeline.',
    'CC8.1': 'Only changes that went through review execute with production-grade credentials.',
  },
  remediation:
    'Use the pull_request trigger for building untrusted code; if pull_request_target is required, check out only the base ref, or split the work: build in pull_request, then consume artifacts in workflow_run without executing them.',
  defaults: 'Reported at the checkout or fetch itself (actions/checkout with a head ref or repository, `gh pr checkout`, `git fetch/checkout` of a head ref or pull/N/head), whether or not a later step runs the code: the token, secrets and caches are exposed from there. A checkout of the base ref is not reported; jobs guarded by a same-repository `if:` are skipped.',
  *check(wf) {
    if (!wf.triggers.includes('pull_request_target') && !wf.triggers.includes('workflow_run')) return;
    const trig = wf.triggers.includes('pull_request_target') ? 'pull_request_target' : 'workflow_run';
    for (const job of wf.jobs) {
      if (forkGuarded(job.if?.str())) continue;
      for (const s of job.steps) {
        // Dangerous at the checkout itself: the fetched tree can poison caches and read the persisted
        // token, even before (or without) a step that builds it.
        const later = job.steps.length > s.index + 1 ? ', and later steps run it' : '';
        if (actionName(s.uses?.str()) === 'actions/checkout') {
          for (const key of ['ref', 'repository']) {
            const v = s.with?.get(key);
            const head = expressionsIn(v).map((e) => namesHead(e.text)).find(Boolean);
            if (v && head) {
              yield fail(v.pairLoc, `On ${trig}, ${stepLabel(job, s)} checks out the untrusted pull-request head (${head}) into a job that holds the base repository's token and secrets${later}.`);
              break;
            }
          }
          continue;
        }
        if (!s.run) continue;
        for (const l of linesOf(s.run)) {
          const t = l.text;
          const ghPr = t.indexOf('gh pr checkout');
          const git = /\bgit (?:fetch|checkout|switch|pull)\b/.exec(t);
          if (ghPr < 0 && !git) continue;
          const head = expressionsIn(s.run)
            .filter((e) => e.loc.startLine === s.run!.file.locAt(l.offset, l.offset).startLine)
            .map((e) => namesHead(e.text))
            .find(Boolean);
          // refs/pull/N/head, `git fetch origin pull/N/head:pr`, `pull/${{ ... }}/merge`.
          const refsPull = /(?:^|[\s:/'"])pull\/[^\s/]+\/(?:head|merge)\b/.test(t);
          if (ghPr < 0 && !head && !refsPull) continue;
          const at = ghPr >= 0 ? ghPr : git!.index;
          yield fail(lineLoc(s.run, l, at, t.length), `On ${trig}, ${stepLabel(job, s)} fetches the untrusted pull-request head into a job that holds the base repository's token and secrets${later}.`);
          break;
        }
      }
    }
  },
});
