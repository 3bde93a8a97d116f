import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-012',
  name: 'aws-opensearch-at-rest-encryption',
  title: 'OpenSearch domains encrypt data at rest',
  failTitle: 'OpenSearch domain does not encrypt data at rest',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.4', 'PI1.5'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Unencrypted search domains are data at rest without encryption.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_opensearch_domain', 'aws_elasticsearch_domain'],
  aliases: ['CKV_AWS_5', 'AVD-AWS-0048', '24e16922-4330-4e9d-be8a-caa90299466a'],
  rationale: 'Search indices usually hold copies of application data and logs; without at-rest encryption the indices, logs and automated snapshots are stored in clear.',
  controlRationale: {
    'CC6.1': 'Index data is encrypted with keys whose use is access-controlled.',
    'PI1.4': 'Indexed processing outputs are protected at rest.',
    'PI1.5': 'Stored indices and snapshots are protected from disclosure.',
  },
  remediation: 'Add encrypt_at_rest { enabled = true } (optionally kms_key_id).',
  defaults: 'Encryption at rest is off when the encrypt_at_rest block is absent or enabled is omitted.',
  *check(m) {
    for (const r of m.resourcesOf('aws_opensearch_domain', 'aws_elasticsearch_domain'))
      yield* requireBool(r, 'encrypt_at_rest.enabled', true, {
        bad: `Search domain "${r.name}" has encryption at rest turned off.`,
        missing: `Search domain "${r.name}" does not enable encrypt_at_rest.`,
        fix: true,
      });
  },
});
