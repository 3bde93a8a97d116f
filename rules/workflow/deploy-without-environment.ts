import { defineRule, fail } from '../../core/rule.js';
import { actionName, linesOf, lineLoc } from '../../core/workflow/expr.js';
import type { Location } from '../../core/types.js';
import type { Job } from '../../core/workflow/model.js';

const TRIGGERS = ['push', 'workflow_dispatch', 'schedule', 'repository_dispatch', 'release', 'workflow_call', 'workflow_run'];

/** tool → sub-commands that change live infrastructure (the first non-option word after the tool). */
const TOOLS: Record<string, string[]> = {
  terraform: ['apply', 'destroy'],
  tofu: ['apply', 'destroy'],
  terragrunt: ['apply', 'destroy', 'run-all'],
  helm: ['upgrade', 'install', 'uninstall', 'rollback'],
  helmfile: ['apply', 'sync', 'destroy'],
  pulumi: ['up', 'update', 'destroy'],
  cdk: ['deploy', 'destroy'],
  sam: ['deploy'],
  serverless: ['deploy'],
  sls: ['deploy'],
  flyctl: ['deploy'],
};
/** kubectl verbs that change a cluster (anywhere after kubectl in the command). */
const KUBECTL = new Set(['apply', 'create', 'replace', 'patch', 'delete', 'rollout', 'set', 'scale']);

const DEPLOY_ACTIONS = new Set([
  'hashicorp/tfc-workflows-github/actions/apply-run',
  'dflook/terraform-apply',
  'dflook/tofu-apply',
  'azure/k8s-deploy',
  'azure/webapps-deploy',
  'azure/arm-deploy',
  'azure/functions-action',
  'aws-actions/amazon-ecs-deploy-task-definition',
  'google-github-actions/deploy-cloudrun',
  'google-github-actions/deploy-appengine',
  'google-github-actions/deploy-cloud-functions',
]);

/** The deploy command in a shell line, e.g. "terraform apply", with its column range. */
function deployCommand(line: string): { cmd: string; start: number; end: number } | undefined {
  const hash = line.search(/(^|\s)#/);
  const code = hash >= 0 ? line.slice(0, hash) : line;
  // Words with their start columns; segments split at ; | & so each command is read alone.
  const words: { w: string; s: number }[] = [];
  const re = /[^\s;|&]+|[;|&]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(code)) && words.length < 400) words.push({ w: m[0], s: m.index });
  let segStart = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i].w;
    if (/^[;|&]+$/.test(w)) {
      segStart = i + 1;
      continue;
    }
    const first = words[segStart]?.w;
    if (first === 'echo' || first === 'printf') continue;
    const tool = w.replace(/^.*\//, '').replace(/["']/g, '');
    if (tool === 'kubectl') {
      let dry = false;
      let verb: { w: string; s: number } | undefined;
      for (let j = i + 1; j < words.length && !/^[;|&]+$/.test(words[j].w); j++) {
        if (words[j].w.startsWith('--dry-run') && words[j].w !== '--dry-run=none') dry = true;
        if (!verb && KUBECTL.has(words[j].w)) verb = words[j];
      }
      if (verb && !dry) return { cmd: `kubectl ${verb.w}`, start: words[i].s, end: verb.s + verb.w.length };
      continue;
    }
    const subs = TOOLS[tool];
    if (!subs) continue;
    let j = i + 1;
    while (j < words.length && words[j].w.startsWith('-')) j++;
    const sub = words[j];
    if (sub && subs.includes(sub.w)) {
      let dry = false;
      for (let k = j + 1; k < words.length && !/^[;|&]+$/.test(words[k].w); k++) if (words[k].w === '--dry-run' || words[k].w === '--preview') dry = true;
      if (!dry) return { cmd: `${tool} ${sub.w}`, start: words[i].s, end: sub.s + sub.w.length };
    }
  }
  return undefined;
}

const LOCAL_CLUSTER_ACTIONS = new Set(['helm/kind-action', 'engineerd/setup-kind', 'medyagh/setup-minikube', 'manusa/actions-setup-minikube', 'absaoss/k3d-action', 'nolar/setup-k3d-k3s', 'balchua/microk8s-actions', 'container-tools/kind-action']);
const LOCAL_CLUSTER_WORDS = ['kind create cluster', 'minikube start', 'k3d cluster create', 'create_kind', 'kind_cluster', 'kind-cluster', 'microk8s'];

/** The job starts a throw-away local cluster (kind, minikube, k3d): kubectl/helm there are tests, not deployments. */
function localCluster(job: Job): boolean {
  return job.steps.some(
    (s) => LOCAL_CLUSTER_ACTIONS.has(actionName(s.uses?.str()) ?? '') || LOCAL_CLUSTER_WORDS.some((w) => (s.run?.source ?? '').toLowerCase().includes(w)),
  );
}

export default defineRule({
  id: 'TG-GHA-014',
  name: 'gha-deploy-without-environment',
  title: 'Deployment jobs run in a protected environment',
  failTitle: 'Deployment job runs outside a protected environment',
  kind: 'workflow',
  category: 'change-management',
  controls: ['CC8.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Deployments outside a protected environment skip the approval gate (CC8.1).',
  confidence: 'medium',
  introducedIn: '0.1.0',
  aliases: [],
  rationale:
    'A job that applies infrastructure or deploys on push, schedule or manual dispatch without `environment:` cannot be held by environment reviewers or branch policies, so the last gate before production is missing.',
  controlRationale: {
    'CC8.1': 'Deployments to production pass an approval gate (protected environment with reviewers) that is recorded per run.',
  },
  remediation:
    'Add `environment: production` (configured with required reviewers and a deployment branch policy, see TG-GH-009/TG-GH-010) to the job that deploys.',
  defaults: 'Applies to workflows triggered by push, workflow_dispatch, schedule, repository_dispatch, release, workflow_call or workflow_run.',
  *check(wf) {
    if (wf.kind !== 'workflow') return;
    const trig = TRIGGERS.find((t) => wf.triggers.includes(t));
    if (!trig) return;
    for (const job of wf.jobs) {
      if (job.environment || job.uses) continue;
      let found: { cmd: string; loc: Location } | undefined;
      for (const s of job.steps) {
        const a = actionName(s.uses?.str());
        if (a && (DEPLOY_ACTIONS.has(a) || (a === 'pulumi/actions' && ['up', 'update', 'destroy'].includes(s.with?.get('command')?.str() ?? '')))) {
          found = { cmd: a, loc: s.uses!.loc };
          break;
        }
        for (const l of linesOf(s.run)) {
          const d = deployCommand(l.text);
          if (d) {
            found = { cmd: d.cmd, loc: lineLoc(s.run!, l, d.start, d.end) };
            break;
          }
        }
        if (found) break;
      }
      if (!found) continue;
      if (/^(kubectl|helm|helmfile)\b/.test(found.cmd) && localCluster(job)) continue;
      yield fail(job.keyLoc, `Job "${job.id}" runs \`${found.cmd}\` on ${trig} without an environment, so no protected-environment approval gates the deployment.`, {
        related: [{ message: `deploys: ${found.cmd}`, location: found.loc }],
      });
    }
  },
});
