import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { publicIamGrants } from '../_lib/iam.js';

const MEMBER = [
  'google_cloud_run_service_iam_member', 'google_cloud_run_service_iam_binding',
  'google_cloud_run_v2_service_iam_member', 'google_cloud_run_v2_service_iam_binding',
  'google_cloud_run_v2_job_iam_member', 'google_cloud_run_v2_job_iam_binding',
  'google_cloudfunctions_function_iam_member', 'google_cloudfunctions_function_iam_binding',
  'google_cloudfunctions2_function_iam_member', 'google_cloudfunctions2_function_iam_binding',
];
const POLICY = ['google_cloud_run_service_iam_policy', 'google_cloud_run_v2_service_iam_policy', 'google_cloud_run_v2_job_iam_policy', 'google_cloudfunctions_function_iam_policy', 'google_cloudfunctions2_function_iam_policy'];

export default defineRule({
  id: 'TG-GCP-026',
  name: 'gcp-public-invoker',
  title: 'Cloud Run services and Cloud Functions are not invocable by allUsers or allAuthenticatedUsers without intent',
  failTitle: 'Cloud Run service or Cloud Function is invocable by allUsers or allAuthenticatedUsers',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A service invocable by anyone is a public entry point an auditor asks to be intended (CC6.6).',
  confidence: 'medium',
  introducedIn: '0.2.0',
  resourceTypes: [...MEMBER, ...POLICY],
  rationale:
    'A Cloud Run or Cloud Functions role granted to allUsers or allAuthenticatedUsers lets anyone on the internet call the service without authentication. That is right for a public website or webhook, and wrong for internal APIs and jobs, which then rely on their own code to check every caller.',
  controlRationale: {
    'CC6.6': 'Services are only reachable from outside the boundary when that is intended, behind authentication otherwise.',
    'CC6.1': 'Invocation is restricted to identities that need it.',
  },
  remediation: 'Grant roles/run.invoker (or cloudfunctions.invoker) to specific service accounts or groups; for a deliberately public endpoint, suppress the finding with a reason (and put a load balancer with Cloud Armor in front).',
  defaults: 'Services are private unless an IAM member, binding or policy names allUsers or allAuthenticatedUsers. Public websites are true positives to acknowledge with a suppression.',
  *check(m) {
    for (const g of publicIamGrants(m, MEMBER, POLICY)) {
      const bl = g.r.block.range.startLine;
      if (isUnknown(g.member)) yield indeterminate(g.loc, `members: ${g.member.reason}`, bl);
      else yield fail(g.loc, `${g.r.resourceType} "${g.r.name}" grants ${g.role ?? 'a role'} to ${g.member}, so anyone on the internet can invoke it.`, { blockLine: bl, related: g.related });
    }
  },
});
