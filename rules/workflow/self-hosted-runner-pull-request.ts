import { defineRule, fail } from '../../core/rule.js';
import { exprInfo } from '../../core/workflow/expr.js';
import { expressionsIn } from '../../core/workflow/model.js';
import type { YView } from '../../core/yaml/view.js';

const PR = ['pull_request', 'pull_request_target'];

const labelsOf = (v: YView | undefined): string[] => {
  if (!v) return [];
  if (v.isScalar()) return v.str() ? [v.str()!] : [];
  if (v.isSeq()) return v.items().flatMap(labelsOf);
  if (v.isMap()) return labelsOf(v.get('labels'));
  return [];
};

export default defineRule({
  id: 'TG-GHA-011',
  name: 'gha-self-hosted-runner-pull-request',
  title: 'Pull-request workflows do not run on self-hosted runners',
  failTitle: 'Pull-request workflow runs on a self-hosted runner',
  kind: 'workflow',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.8'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Pull-request code on self-hosted runners can persist on the runner.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  aliases: ['self-hosted-runner'],
  rationale:
    'A self-hosted runner that builds pull requests executes contributors\' code inside your network, often on a persistent machine that later jobs (with deployment credentials) reuse.',
  controlRationale: {
    'CC6.6': 'Untrusted contributors cannot reach the internal network through the build machines.',
    'CC6.8': 'Code from pull requests cannot persist on or tamper with runners that build trusted code.',
  },
  remediation: 'Run pull_request jobs on GitHub-hosted (or ephemeral, isolated) runners; keep self-hosted runners for trusted branches.',
  defaults: 'Only an explicit `self-hosted` label (directly, in a labels list or through a matrix value) is reported.',
  *check(wf) {
    const trig = PR.find((t) => wf.triggers.includes(t));
    if (!trig) return;
    for (const job of wf.jobs) {
      const ro = job.view.get('runs-on');
      if (!ro) continue;
      let labels = labelsOf(ro);
      // runs-on: ${{ matrix.x }}: the matrix values.
      const matrix = job.view.at('strategy', 'matrix');
      for (const e of expressionsIn(ro)) {
        for (const r of exprInfo(e.text).refs) {
          if (r.startsWith('matrix.')) {
            const key = r.slice(7);
            labels = labels.concat(labelsOf(matrix?.get(key)));
            for (const inc of matrix?.get('include')?.items() ?? []) labels = labels.concat(labelsOf(inc.get(key)));
          }
        }
      }
      if (labels.some((l) => l.toLowerCase() === 'self-hosted'))
        yield fail(ro.pairLoc, `Job "${job.id}" runs on a self-hosted runner in a workflow triggered by ${trig}, so pull-request code runs on your infrastructure.`);
    }
  },
});
