import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { AttrRef, TfResource } from '../../../core/terraform/model.js';
import { policyStatements } from '../../../core/terraform/policy-document.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { conditionRestrictsCaller, principalIsWildcard } from '../_lib/iam.js';

/** Resource type → the attribute holding its resource policy, and what to call it. */
const POLICIES: Record<string, [attr: string, what: string]> = {
  aws_sqs_queue: ['policy', 'SQS queue'],
  aws_sqs_queue_policy: ['policy', 'SQS queue policy'],
  aws_sns_topic: ['policy', 'SNS topic'],
  aws_sns_topic_policy: ['policy', 'SNS topic policy'],
  aws_ecr_repository_policy: ['policy', 'ECR repository policy'],
  aws_kms_key: ['policy', 'KMS key'],
  aws_kms_key_policy: ['policy', 'KMS key policy'],
  aws_opensearch_domain: ['access_policies', 'OpenSearch domain'],
  aws_opensearch_domain_policy: ['access_policies', 'OpenSearch domain policy'],
  aws_elasticsearch_domain: ['access_policies', 'Elasticsearch domain'],
  aws_elasticsearch_domain_policy: ['access_policies', 'Elasticsearch domain policy'],
  aws_glacier_vault: ['access_policy', 'Glacier vault'],
  aws_secretsmanager_secret: ['policy', 'Secrets Manager secret'],
  aws_secretsmanager_secret_policy: ['policy', 'Secrets Manager secret policy'],
};

/** Lambda permission resources → the attributes that pin a "*" principal, and the message when none does. */
const PERMISSIONS: Record<string, [pins: string[], says: (name: string, pins: string[]) => string]> = {
  aws_lambda_permission: [
    ['source_arn', 'source_account', 'principal_org_id'],
    (n, pins) => `Lambda permission "${n}" lets any AWS principal invoke the function (principal = "*" without ${orList(pins)}).`,
  ],
  aws_lambda_layer_version_permission: [
    ['organization_id'],
    (n) => `Lambda layer permission "${n}" shares the layer version with every AWS account (principal = "*" without organization_id).`,
  ],
};
const orList = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}` : xs[0]);

export default defineRule({
  id: 'TG-AWS-057',
  name: 'aws-resource-policy-not-public',
  title: 'Resource policies (SQS, SNS, ECR, KMS, OpenSearch, Glacier, Secrets Manager, Lambda) do not allow everyone',
  failTitle: 'Resource policy allows everyone',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'CC6.6', 'C1.1'],
  severity: 'critical',
  confidence: 'high',
  introducedIn: '0.2.0',
  persona: 'regular',
  personaRationale: 'A queue, topic, key, image repository, search domain, vault or secret open to every AWS principal is a direct access failure (CC6.1).',
  resourceTypes: [...Object.keys(POLICIES), ...Object.keys(PERMISSIONS)],
  aliases: ['CKV_AWS_168', 'CKV_AWS_32', 'CKV_AWS_33', 'CKV_AWS_301'],
  rationale:
    'A resource policy statement that allows Principal "*" (or AWS "*") without a condition pinning the caller lets any AWS account — and for some services anonymous callers — read the queue, publish to the topic, pull the images, use the key, query the domain or read the secret.',
  controlRationale: {
    'CC6.1': 'Access to each resource is limited to named principals.',
    'CC6.6': 'The resource cannot be reached by identities outside the organisation.',
    'C1.1': 'Confidential data in queues, topics, images, search indices and secrets stays with authorised parties.',
  },
  remediation:
    'Name the principals (account, role or service) instead of "*", or add a condition on aws:PrincipalOrgID, aws:PrincipalAccount, aws:SourceArn / aws:SourceAccount (for service callers) or aws:SourceVpce. For Lambda permissions, set source_arn / source_account (or principal_org_id) whenever the principal is "*" or a service; share Lambda layers with named accounts or an organization_id.',
  defaults:
    'A statement counts as restricted when its condition names the caller (organisation, account, principal ARN, source ARN/account, source VPC/endpoint, IP range, KMS caller account or external id). S3 bucket policies and IAM role trust policies have their own rules.',
  *check(m) {
    for (const [type, [attrName, what]] of Object.entries(POLICIES)) {
      for (const r of m.resourcesOf(type)) {
        const a = r.attr(attrName);
        if (a) yield* judge(r, a, what);
      }
    }
    for (const [type, [pins, says]] of Object.entries(PERMISSIONS)) {
      for (const p of m.resourcesOf(type)) {
        const a = p.attr('principal');
        if (!a) continue;
        const bl = p.block.range.startLine;
        const v = asString(a.value);
        if (isUnknown(v)) {
          yield indeterminate(a.loc, `principal: ${v.reason}`, bl);
          continue;
        }
        if (v !== '*') continue;
        if (!pins.some((k) => p.attr(k) && p.value(k) !== null)) yield fail(a.loc, says(p.name, pins), { blockLine: bl });
      }
    }
  },
});

function* judge(r: TfResource, a: AttrRef, what: string) {
  const bl = r.block.range.startLine;
  const sts = policyStatements(a.value);
  if (isUnknown(sts)) {
    yield indeterminate(a.loc, `${a.name}: ${sts.reason}`, bl);
    return;
  }
  for (const s of sts ?? []) {
    if (s.effect !== 'Allow') continue;
    const w = principalIsWildcard(s.principals);
    if (w === false) continue;
    if (isUnknown(s.condition)) {
      yield indeterminate(a.loc, `condition: ${s.condition.reason}`, bl);
      return;
    }
    if (conditionRestrictsCaller(s.condition)) continue;
    if (isUnknown(w)) yield indeterminate(a.loc, `principal: ${w.reason}`, bl);
    else yield fail(a.loc, `${what} "${r.name}" allows every AWS principal ("*") without a condition restricting the caller.`, { blockLine: bl });
    return;
  }
}
