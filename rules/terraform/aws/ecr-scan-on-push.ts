import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import type { TfModule } from '../../../core/terraform/model.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { requireBool } from '../_lib/attributes.js';
import { globMatch } from '../_lib/github.js';

/**
 * Does an aws_ecr_registry_scanning_configuration in the module scan this repository on push (or
 * continuously)? true / false, or the reason it cannot be known.
 */
function registryScans(m: TfModule, repo: string | undefined): boolean | string {
  for (const cfg of m.resourcesOf('aws_ecr_registry_scanning_configuration')) {
    for (const rule of cfg.blocks('rule')) {
      const freq = asString(rule.value('scan_frequency') ?? null);
      if (isUnknown(freq)) return `scan_frequency: ${freq.reason}`;
      if (freq !== 'SCAN_ON_PUSH' && freq !== 'CONTINUOUS_SCAN') continue;
      for (const f of rule.blocks('repository_filter')) {
        const filter = asString(f.value('filter') ?? null);
        if (isUnknown(filter)) return `repository_filter: ${filter.reason}`;
        if (filter === '*') return true;
        if (typeof filter !== 'string') continue;
        if (repo === undefined) return 'the repository name is not known statically';
        if (globMatch(filter, repo)) return true;
      }
    }
  }
  return false;
}

export default defineRule({
  id: 'TG-AWS-062',
  name: 'aws-ecr-scan-on-push',
  title: 'ECR repositories scan images for vulnerabilities on push',
  failTitle: 'ECR repository does not scan images on push',
  kind: 'terraform',
  category: 'supply-chain',
  controls: ['CC7.1', 'CC8.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Vulnerability scanning of what is deployed is the evidence auditors ask for under CC7.1.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_ecr_repository', 'aws_ecr_registry_scanning_configuration'],
  aliases: ['CKV_AWS_163'],
  rationale:
    'Scanning on push finds known vulnerabilities in an image before it is deployed, and leaves a record for every image that was. Without it, nothing in the registry says whether the images running in production carry known CVEs.',
  controlRationale: {
    'CC7.1': 'Images are checked for known vulnerabilities as they enter the registry.',
    'CC8.1': 'Each change shipped as an image is assessed before deployment.',
  },
  remediation:
    'Add image_scanning_configuration { scan_on_push = true } to the repository, or an aws_ecr_registry_scanning_configuration (scan_type ENHANCED for continuous Inspector scans) with a rule whose repository_filter covers it.',
  defaults:
    'scan_on_push defaults to false (no image_scanning_configuration block is the same). A registry scanning configuration in the module with a SCAN_ON_PUSH or CONTINUOUS_SCAN rule whose wildcard filter matches the repository name makes it pass.',
  *check(m) {
    for (const r of m.resourcesOf('aws_ecr_repository')) {
      const blockLine = r.block.range.startLine;
      const name = asString(r.value('name') ?? null);
      const reg = registryScans(m, typeof name === 'string' ? name : undefined);
      if (reg === true) continue;
      const undecided = typeof reg === 'string' ? reg : undefined;
      const cfg = r.blocks('image_scanning_configuration');
      if (!cfg.length) {
        if (r.hasError) continue;
        if (undecided) yield indeterminate(r.headerLoc, `a registry scanning configuration may cover it: ${undecided}`, blockLine);
        else yield fail(r.headerLoc, `ECR repository "${r.name}" does not scan images on push (no image_scanning_configuration).`, { blockLine });
        continue;
      }
      for (const c of cfg)
        yield* requireBool(c, 'scan_on_push', true, {
          bad: `ECR repository "${r.name}" does not scan images on push (scan_on_push = false).`,
          missing: `ECR repository "${r.name}" does not scan images on push (scan_on_push is not set).`,
          blockLine,
          fix: true,
        });
    }
  },
});
