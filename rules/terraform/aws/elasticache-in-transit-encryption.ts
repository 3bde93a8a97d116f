import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-023',
  name: 'aws-elasticache-in-transit-encryption',
  title: 'ElastiCache replication groups encrypt traffic in transit',
  failTitle: 'ElastiCache replication group does not encrypt traffic in transit',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Cache traffic without TLS is unencrypted data in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_elasticache_replication_group'],
  aliases: ['CKV_AWS_30', 'AVD-AWS-0051'],
  rationale: 'Without in-transit encryption, cached data and AUTH tokens travel in clear between clients and nodes and between replicas.',
  controlRationale: { 'CC6.7': 'Cache traffic, including credentials, is protected by TLS on the network.' },
  remediation: 'Set transit_encryption_enabled = true (and transit_encryption_mode = "required" once clients use TLS).',
  defaults: 'transit_encryption_enabled defaults to false.',
  *check(m) {
    for (const r of m.resourcesOf('aws_elasticache_replication_group'))
      yield* requireBool(r, 'transit_encryption_enabled', true, {
        bad: `ElastiCache replication group "${r.name}" has in-transit encryption turned off.`,
        missing: `ElastiCache replication group "${r.name}" does not set transit_encryption_enabled = true.`,
        fix: true,
      });
  },
});
