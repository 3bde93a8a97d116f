import { defineRule } from '../../../core/rule.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-047',
  name: 'aws-guardduty-enabled',
  title: 'GuardDuty detectors are enabled',
  failTitle: 'GuardDuty detector is disabled',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC6.8', 'CC7.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Threat detection is the monitoring control under CC7.2.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_guardduty_detector'],
  aliases: ['CKV2_AWS_3', '704dadd3-54fc-48ac-b6a0-02f170011473'],
  rationale: 'GuardDuty analyses CloudTrail, VPC flow and DNS logs for compromised credentials, crypto-mining and malware. A detector that is declared but disabled produces no findings while looking like coverage.',
  controlRationale: {
    'CC7.2': 'Threat detection continuously analyses activity for anomalies.',
    'CC6.8': 'Malicious software and compromised hosts are detected.',
    'CC7.1': 'Newly introduced threats to the environment are identified.',
  },
  remediation: 'Set enable = true (or remove the attribute: it defaults to true).',
  defaults: 'enable defaults to true. Whether a detector exists in every account and region cannot be seen from one configuration and is not judged.',
  *check(m) {
    for (const d of m.resourcesOf('aws_guardduty_detector'))
      yield* requireBool(d, 'enable', true, { dflt: true, bad: `GuardDuty detector "${d.name}" is disabled.`, missing: '', fix: true });
  },
});
