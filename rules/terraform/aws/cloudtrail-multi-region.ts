import { defineRule } from '../../../core/rule.js';
import { asBool } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-038',
  name: 'aws-cloudtrail-multi-region',
  title: 'CloudTrail records every region and global service events',
  failTitle: 'CloudTrail misses regions or global service events',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC2.1', 'A1.2', 'PI1.3'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Trails that miss regions leave activity unlogged (CC7.2).',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_cloudtrail'],
  aliases: ['CKV_AWS_67', 'CKV_AWS_251', 'AVD-AWS-0014', '8173d5eb-96b5-4aa6-a71b-ecfa153c123d', '4bb76f17-3d63-4529-bdca-2b454529d774'],
  rationale: 'Attackers deliberately use regions nobody watches. A multi-region trail that includes global service events (IAM, STS, CloudFront) is the account-wide audit record every investigation starts from.',
  controlRationale: {
    'CC7.2': 'API activity in every region is recorded so anomalies can be detected.',
    'CC2.1': 'The audit trail is complete, quality information for internal control.',
    'A1.2': 'Activity that affects availability (deletions, configuration changes) is recorded in all regions.',
    'PI1.3': 'Processing actions performed through the AWS API are recorded.',
  },
  remediation: 'Set is_multi_region_trail = true (and keep include_global_service_events and enable_logging at their default true); prefer an organisation trail (is_organization_trail = true).',
  defaults: 'is_multi_region_trail defaults to false; include_global_service_events and enable_logging default to true. When one enabled multi-region trail exists in the configuration, other single-region trails pass.',
  *check(m) {
    const trails = m.resourcesOf('aws_cloudtrail');
    const hasMulti = trails.some((t) => asBool(t.value('is_multi_region_trail') ?? false) === true && asBool(t.value('enable_logging') ?? true) === true);
    for (const t of trails) {
      yield* requireBool(t, 'enable_logging', true, { dflt: true, bad: `CloudTrail "${t.name}" has logging turned off.`, missing: '', fix: true });
      yield* requireBool(t, 'include_global_service_events', true, { dflt: true, bad: `CloudTrail "${t.name}" does not record global service events (IAM, STS).`, missing: '', fix: true });
      if (hasMulti) continue;
      yield* requireBool(t, 'is_multi_region_trail', true, {
        bad: `CloudTrail "${t.name}" records only its own region.`,
        missing: `CloudTrail "${t.name}" records only its own region (is_multi_region_trail is not set) and no multi-region trail is defined.`,
        fix: true,
      });
    }
  },
});
