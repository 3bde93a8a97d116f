import { defineRule, fail } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import { actionName, exprInfo, isSecretRef, stepLabel } from '../../core/workflow/expr.js';
import type { YView } from '../../core/yaml/view.js';

/** Action inputs that carry long-lived keys. */
const INPUTS: Record<string, string[]> = {
  'aws-actions/configure-aws-credentials': ['aws-access-key-id', 'aws-secret-access-key'],
  'azure/login': ['creds'],
  'google-github-actions/auth': ['credentials_json'],
  'google-github-actions/setup-gcloud': ['service_account_key'],
};

/** Environment variables that carry long-lived keys (the first one present is reported). */
const ENV = ['AWS_SECRET_ACCESS_KEY', 'ARM_CLIENT_SECRET', 'AZURE_CLIENT_SECRET', 'AZURE_CREDENTIALS', 'GOOGLE_CREDENTIALS', 'GOOGLE_APPLICATION_CREDENTIALS_JSON', 'GCP_SA_KEY'];

const fromSecret = (v: YView) => expressionsIn(v).some((e) => exprInfo(e.text).refs.some(isSecretRef));

export default defineRule({
  id: 'TG-GHA-013',
  name: 'gha-long-lived-cloud-credentials',
  title: 'Cloud access uses OIDC instead of long-lived keys in secrets',
  failTitle: 'Cloud access uses long-lived keys from secrets instead of OIDC',
  kind: 'workflow',
  category: 'secrets',
  controls: ['CC6.1', 'CC6.2'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Long-lived cloud keys in secrets stay valid indefinitely once leaked.',
  confidence: 'medium',
  introducedIn: '0.1.0',
  aliases: [],
  rationale:
    'Static cloud keys stored as repository secrets never expire, work from anywhere and are rarely rotated; OIDC federation gives each run a short-lived credential bound to the repository, branch or environment.',
  controlRationale: {
    'CC6.1': 'Pipeline credentials are short-lived and scoped instead of permanent shared keys.',
    'CC6.2': 'Access is granted per workload identity (repository/environment) and removed by changing the trust policy, not by hunting down copies of a key.',
  },
  remediation:
    'Grant `permissions: id-token: write` and use role-to-assume (AWS), client-id/tenant-id/subscription-id (Azure) or workload_identity_provider (Google) instead of stored keys.',
  defaults: 'Only keys that come from `secrets.*` are reported.',
  *check(wf) {
    const envCheck = function* (env: YView | undefined, where: string) {
      // AWS_* keys for an S3-compatible service (R2, MinIO…) with its own endpoint: not AWS.
      const otherEndpoint = !!(env?.get('AWS_ENDPOINT_URL') ?? env?.get('AWS_ENDPOINT_URL_S3') ?? env?.get('S3_ENDPOINT'));
      for (const name of ENV) {
        if (otherEndpoint && name.startsWith('AWS_')) continue;
        const v = env?.get(name);
        if (v && fromSecret(v)) {
          yield fail(v.pairLoc, `${where} passes a long-lived cloud key (${name}) from secrets instead of using OIDC.`);
          return;
        }
      }
    };
    yield* envCheck(wf.env, 'The workflow env');
    for (const job of wf.jobs) {
      yield* envCheck(job.view.get('env'), `The env of job "${job.id}"`);
      for (const s of job.steps) {
        yield* envCheck(s.env, `The env of ${stepLabel(job, s)}`);
        const inputs = INPUTS[actionName(s.uses?.str()) ?? ''];
        if (!inputs) continue;
        for (const k of inputs) {
          const v = s.with?.get(k);
          if (v && fromSecret(v)) {
            yield fail(v.pairLoc, `${stepLabel(job, s)} authenticates with a long-lived key from secrets (${k}) instead of OIDC.`);
            break;
          }
        }
      }
    }
  },
});
