import { defineRule, fail } from '../../core/rule.js';
import { expressionsIn } from '../../core/workflow/model.js';
import { actionName, exprInfo, isSecretRef, stepLabel } from '../../core/workflow/expr.js';
import { cloudKeyName } from './_lib/cloud-keys.js';
import type { YView } from '../../core/yaml/view.js';

/** Action inputs that carry long-lived keys. */
const INPUTS: Record<string, string[]> = {
  'aws-actions/configure-aws-credentials': ['aws-access-key-id', 'aws-secret-access-key'],
  'azure/login': ['creds'],
  'google-github-actions/auth': ['credentials_json'],
  'google-github-actions/setup-gcloud': ['service_account_key'],
};

/** The `secrets.NAME` a value is taken from (the first one), or undefined. */
const secretOf = (v: YView | undefined) => expressionsIn(v).flatMap((e) => exprInfo(e.text).refs).find(isSecretRef);

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
  defaults: 'Only keys that come from `secrets.*` are reported: in env (any level), in any action input, or in a run script, recognised by the input of a known login action or by the variable, input or secret name (AWS secret access keys, GCP/Firebase service-account keys, Azure client secrets and credentials JSON, under any spelling).',
  *check(wf) {
    const envCheck = function* (env: YView | undefined, where: string) {
      // AWS_* keys for an S3-compatible service (R2, MinIO…) with its own endpoint: not AWS.
      const otherEndpoint = !!(env?.get('AWS_ENDPOINT_URL') ?? env?.get('AWS_ENDPOINT_URL_S3') ?? env?.get('S3_ENDPOINT'));
      for (const [name, v] of env?.isMap() ? env.entries() : []) {
        const sec = secretOf(v);
        if (!sec) continue;
        // The variable's name or the secret's name says what it holds: GCP_SA_KEY, FIREBASE_SERVICE_ACCOUNT, AWS_SECRET_KEY...
        const kind = cloudKeyName(name) ?? cloudKeyName(sec.slice('secrets.'.length));
        if (!kind || (otherEndpoint && kind === 'aws')) continue;
        yield fail(v.pairLoc, `${where} passes a long-lived cloud key (${name}) from secrets instead of using OIDC.`);
        return;
      }
    };
    yield* envCheck(wf.env, 'The workflow env');
    for (const job of wf.jobs) {
      yield* envCheck(job.view.get('env'), `The env of job "${job.id}"`);
      for (const s of job.steps) {
        yield* envCheck(s.env, `The env of ${stepLabel(job, s)}`);
        const known = INPUTS[actionName(s.uses?.str()) ?? ''] ?? [];
        const input = (s.with?.isMap() ? s.with.entries() : []).find(([k, v]) => {
          const sec = secretOf(v);
          return sec && (known.includes(k) || cloudKeyName(k) || cloudKeyName(sec.slice('secrets.'.length)));
        });
        if (input) {
          yield fail(input[1].pairLoc, `${stepLabel(job, s)} authenticates with a long-lived key from secrets (${input[0]}) instead of OIDC.`);
          continue;
        }
        // A key written out by the script itself: echo '${{ secrets.GCP_SA_KEY }}' > key.json.
        for (const e of expressionsIn(s.run)) {
          const sec = exprInfo(e.text).refs.find((r) => isSecretRef(r) && cloudKeyName(r.slice('secrets.'.length)));
          if (sec) {
            yield fail(e.loc, `The run script of ${stepLabel(job, s)} uses a long-lived cloud key (${sec}) instead of OIDC.`);
            break;
          }
        }
      }
    }
  },
});
