import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-011',
  name: 'aws-elasticache-at-rest-encryption',
  title: 'ElastiCache replication groups encrypt data at rest',
  failTitle: 'ElastiCache replication group does not encrypt data at rest',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'PI1.4', 'PI1.5'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Unencrypted caches are data at rest without encryption.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_elasticache_replication_group'],
  aliases: ['CKV_AWS_29', 'AVD-AWS-0045'],
  rationale: 'Cached data, swap and snapshots of a Redis/Valkey replication group are written to disk and to S3; at-rest encryption keeps them unreadable outside the service.',
  controlRationale: {
    'CC6.1': 'Cache data on disk and in snapshots is encrypted with controlled keys.',
    'PI1.4': 'Processing outputs held in the cache are protected at rest.',
    'PI1.5': 'Stored snapshots are protected from disclosure.',
  },
  remediation: 'Set at_rest_encryption_enabled = true (it can only be set when the group is created).',
  defaults: 'at_rest_encryption_enabled defaults to false.',
  *check(m) {
    for (const r of m.resourcesOf('aws_elasticache_replication_group'))
      yield* requireBool(r, 'at_rest_encryption_enabled', true, {
        bad: `ElastiCache replication group "${r.name}" has at-rest encryption turned off.`,
        missing: `ElastiCache replication group "${r.name}" does not set at_rest_encryption_enabled = true.`,
        fix: true,
      });
  },
});
