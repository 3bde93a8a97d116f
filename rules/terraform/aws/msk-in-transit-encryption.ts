import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';
import { literalFix } from '../_lib/fixes.js';

export default defineRule({
  id: 'TG-AWS-024',
  name: 'aws-msk-in-transit-encryption',
  title: 'MSK clusters use TLS between clients and brokers and inside the cluster',
  failTitle: 'MSK cluster allows plaintext between clients and brokers or inside the cluster',
  kind: 'terraform',
  category: 'encryption-in-transit',
  controls: ['CC6.7'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Broker traffic without TLS is unencrypted data in transit.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_msk_cluster'],
  aliases: ['CKV_AWS_81', 'AVD-AWS-0073', '6db52fa6-d4da-4608-908a-89f0c59e743e'],
  rationale: 'Kafka records often carry application data; PLAINTEXT listeners expose them, and SASL credentials, on the network.',
  controlRationale: { 'CC6.7': 'Records moving between producers, brokers and consumers are protected by TLS.' },
  remediation: 'Set encryption_info.encryption_in_transit.client_broker = "TLS" and in_cluster = true.',
  defaults: 'client_broker defaults to "TLS" and in_cluster to true; only explicit weaker settings are reported.',
  *check(m) {
    for (const c of m.resourcesOf('aws_msk_cluster')) {
      const t = c.block1('encryption_info')?.block1('encryption_in_transit');
      if (!t) continue;
      const cb = t.attr('client_broker');
      if (cb && isUnknown(cb.value)) yield indeterminate(cb.loc, `client_broker: ${cb.value.reason}`, c.block.range.startLine);
      else if (cb && cb.value !== 'TLS')
        yield fail(cb.loc, `MSK cluster "${c.name}" allows plaintext client connections (client_broker = ${JSON.stringify(cb.value)}).`, {
          blockLine: c.block.range.startLine,
          fixes: literalFix(cb, 'Set client_broker = "TLS"', '"TLS"'),
        });
      yield* requireBool(t, 'in_cluster', true, { dflt: true, bad: `MSK cluster "${c.name}" turns off TLS between brokers.`, missing: '', blockLine: c.block.range.startLine, fix: true });
    }
  },
});
