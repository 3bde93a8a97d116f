import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-025',
  name: 'aws-opensearch-in-transit-encryption',
  title: 'OpenSearch domains enforce HTTPS and node-to-node encryption',
  failTitle: 'OpenSearch domain does not enforce HTTPS or node-to-node encryption',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Search traffic without TLS is unencrypted data in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_opensearch_domain', 'aws_elasticsearch_domain'],
  aliases: ['CKV_AWS_6', 'CKV_AWS_83', 'AVD-AWS-0043', 'AVD-AWS-0046', 'AVD-AWS-0126'],
  rationale: 'Search queries and indexed documents travel between clients and nodes and between nodes; without HTTPS and node-to-node encryption they are readable on the network.',
  controlRationale: { 'CC6.7': 'Queries, documents and credentials in transit are protected by TLS.' },
  remediation: 'Add node_to_node_encryption { enabled = true } and domain_endpoint_options { enforce_https = true, tls_security_policy = "Policy-Min-TLS-1-2-2019-07" }.',
  defaults: 'node_to_node_encryption is off when omitted. Without a domain_endpoint_options block HTTPS is not enforced; inside the block enforce_https defaults to true.',
  *check(m) {
    for (const d of m.resourcesOf('aws_opensearch_domain', 'aws_elasticsearch_domain')) {
      yield* requireBool(d, 'node_to_node_encryption.enabled', true, {
        bad: `Search domain "${d.name}" has node-to-node encryption turned off.`,
        missing: `Search domain "${d.name}" does not enable node_to_node_encryption.`,
        fix: true,
      });
      const ep = d.block1('domain_endpoint_options');
      if (!ep) {
        if (!d.hasError) yield fail(d.headerLoc, `Search domain "${d.name}" has no domain_endpoint_options, so HTTPS is not enforced.`);
        continue;
      }
      yield* requireBool(ep, 'enforce_https', true, { dflt: true, bad: `Search domain "${d.name}" does not enforce HTTPS.`, missing: '', blockLine: d.block.range.startLine, fix: true });
      const p = ep.attr('tls_security_policy');
      if (p && isUnknown(p.value)) yield indeterminate(p.loc, `tls_security_policy: ${p.value.reason}`, d.block.range.startLine);
      else if (p && p.value === 'Policy-Min-TLS-1-0-2019-07') yield fail(p.loc, `Search domain "${d.name}" accepts TLS 1.0.`, { blockLine: d.block.range.startLine });
    }
  },
});
