import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

const IMMUTABLE = new Set(['IMMUTABLE', 'IMMUTABLE_WITH_EXCLUSION']);

export default defineRule({
  id: 'TG-AWS-063',
  name: 'aws-ecr-immutable-tags',
  title: 'ECR repositories keep image tags immutable',
  failTitle: 'ECR repository lets image tags be overwritten',
  kind: 'terraform',
  category: 'supply-chain',
  controls: ['CC8.1', 'PI1.3'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Integrity hygiene: deployments that pin images by digest are not affected by mutable tags, so regular scans leave it out.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_ecr_repository'],
  aliases: ['CKV_AWS_51', 'AVD-AWS-0031'],
  rationale:
    'With mutable tags, pushing an image under an existing tag silently replaces what "v1.4.2" (or "prod") means: the image deployed is no longer the one that was reviewed and scanned, and a leaked push credential can swap it.',
  controlRationale: {
    'CC8.1': 'What is deployed under a version tag is the artefact that was tested and approved.',
    'PI1.3': 'Image references resolve to the same content every time.',
  },
  remediation: 'Set image_tag_mutability = "IMMUTABLE" (or "IMMUTABLE_WITH_EXCLUSION" with exclusion filters for tags such as "latest"), and deploy by digest.',
  defaults: 'image_tag_mutability defaults to "MUTABLE".',
  *check(m) {
    for (const r of m.resourcesOf('aws_ecr_repository')) {
      const blockLine = r.block.range.startLine;
      const a = r.attr('image_tag_mutability');
      if (!a || a.value === null) {
        if (!r.hasError) yield fail(r.headerLoc, `ECR repository "${r.name}" lets image tags be overwritten (image_tag_mutability defaults to MUTABLE).`, { blockLine });
        continue;
      }
      const v = asString(a.value);
      if (isUnknown(v)) yield indeterminate(a.loc, `image_tag_mutability: ${v.reason}`, blockLine);
      else if (typeof v === 'string' && !IMMUTABLE.has(v.toUpperCase()))
        yield fail(a.loc, `ECR repository "${r.name}" lets image tags be overwritten (image_tag_mutability = "${v}").`, { blockLine, fixes: literalFix(a, 'Set image_tag_mutability = "IMMUTABLE"', '"IMMUTABLE"') });
    }
  },
});
