import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { isPublicMember, publicIamGrants } from '../_lib/iam.js';

const MEMBER = [
  'google_bigquery_dataset_iam_member', 'google_bigquery_dataset_iam_binding',
  'google_bigquery_table_iam_member', 'google_bigquery_table_iam_binding',
  'google_pubsub_topic_iam_member', 'google_pubsub_topic_iam_binding',
  'google_pubsub_subscription_iam_member', 'google_pubsub_subscription_iam_binding',
  'google_secret_manager_secret_iam_member', 'google_secret_manager_secret_iam_binding',
  'google_artifact_registry_repository_iam_member', 'google_artifact_registry_repository_iam_binding',
];
const POLICY = ['google_bigquery_dataset_iam_policy', 'google_bigquery_table_iam_policy', 'google_pubsub_topic_iam_policy', 'google_pubsub_subscription_iam_policy', 'google_secret_manager_secret_iam_policy', 'google_artifact_registry_repository_iam_policy'];

export default defineRule({
  id: 'TG-GCP-025',
  name: 'gcp-public-data-iam',
  title: 'BigQuery datasets, Pub/Sub, Secret Manager and Artifact Registry are not granted to allUsers or allAuthenticatedUsers',
  failTitle: 'BigQuery, Pub/Sub, Secret Manager or Artifact Registry resource is granted to allUsers or allAuthenticatedUsers',
  kind: 'terraform',
  category: 'access-control',
  controls: ['CC6.1', 'C1.1', 'CC6.6'],
  severity: 'critical',
  persona: 'regular',
  personaRationale: 'Data services granted to everyone expose data publicly (CC6.1, C1.1).',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: [...MEMBER, ...POLICY, 'google_bigquery_dataset', 'google_bigquery_dataset_access'],
  aliases: ['CKV_GCP_15'],
  rationale:
    'allUsers is anyone on the internet and allAuthenticatedUsers is anyone with a Google account. A role granted to either on a dataset, topic, subscription, secret or repository publishes its data (or lets strangers write to it) to the world.',
  controlRationale: {
    'CC6.1': 'Access to data stores is restricted to named identities.',
    'C1.1': 'Confidential data is not readable by parties outside the organisation.',
    'CC6.6': 'The data is not reachable from outside the system boundary without authentication.',
  },
  remediation: 'Grant the role to specific users, groups or service accounts; remove allUsers / allAuthenticatedUsers (BigQuery: access blocks with special_group = "allAuthenticatedUsers" or iam_member = "allUsers").',
  defaults: 'Resources are private unless an IAM member, binding, policy or BigQuery access entry names allUsers or allAuthenticatedUsers.',
  *check(m) {
    for (const g of publicIamGrants(m, MEMBER, POLICY)) {
      const bl = g.r.block.range.startLine;
      if (isUnknown(g.member)) yield indeterminate(g.loc, `members: ${g.member.reason}`, bl);
      else yield fail(g.loc, `${g.r.resourceType} "${g.r.name}" grants ${g.role ?? 'a role'} to ${g.member}, so anyone can use it.`, { blockLine: bl, related: g.related });
    }
    // BigQuery access entries: inline access blocks and google_bigquery_dataset_access.
    const entries = [
      ...m.resourcesOf('google_bigquery_dataset').flatMap((d) => d.blocks('access').map((b) => ({ r: d, b }))),
      ...m.resourcesOf('google_bigquery_dataset_access').map((r) => ({ r, b: r })),
    ];
    for (const { r, b } of entries) {
      for (const attr of ['special_group', 'iam_member']) {
        const a = b.attr(attr);
        if (!a) continue;
        const v = asString(a.value);
        const bl = r.block.range.startLine;
        if (isUnknown(v)) yield indeterminate(a.loc, `${attr}: ${v.reason}`, bl);
        else if (v && isPublicMember(v)) yield fail(a.loc, `BigQuery ${r.resourceType === 'google_bigquery_dataset' ? 'dataset' : 'dataset access'} "${r.name}" gives ${v} access to the dataset.`, { blockLine: bl });
      }
    }
  },
});
