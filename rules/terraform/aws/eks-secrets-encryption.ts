import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, isUnknown } from '../../../core/terraform/values.js';
import { headerOf } from '../_lib/attributes.js';

export default defineRule({
  id: 'TG-AWS-064',
  name: 'aws-eks-secrets-encryption',
  title: 'EKS clusters encrypt Kubernetes secrets with a KMS key',
  failTitle: 'EKS cluster does not encrypt Kubernetes secrets with a KMS key',
  kind: 'terraform',
  category: 'encryption-at-rest',
  controls: ['CC6.1', 'C1.1'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Envelope encryption of Kubernetes secrets with a key the organisation controls is the CIS EKS control auditors check for secrets at rest.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['aws_eks_cluster'],
  aliases: ['CKV_AWS_58'],
  rationale:
    'Kubernetes secrets hold database passwords, tokens and keys. Envelope encryption with a customer managed KMS key means reading them from etcd or a backup also needs that key, whose use is logged in CloudTrail and can be revoked.',
  controlRationale: {
    'CC6.1': 'Secrets stored by the cluster are encrypted with a key whose use is access-controlled and logged.',
    'C1.1': 'Confidential credentials kept in the cluster are protected at rest.',
  },
  remediation: 'Add encryption_config { resources = ["secrets"] provider { key_arn = aws_kms_key.eks.arn } } to the cluster.',
  defaults:
    'Without encryption_config secrets are encrypted only with AWS-owned keys (default envelope encryption on recent Kubernetes versions): no key policy or CloudTrail record of their use.',
  *check(m) {
    for (const c of m.resourcesOf('aws_eks_cluster')) {
      const blockLine = c.block.range.startLine;
      const cfgs = c.blocks('encryption_config');
      if (!cfgs.length) {
        if (!c.hasError) yield fail(c.headerLoc, `EKS cluster "${c.name}" does not encrypt Kubernetes secrets with a KMS key (no encryption_config).`, { blockLine });
        continue;
      }
      let covered = false;
      let undecided: { loc: typeof c.headerLoc; reason: string } | undefined;
      for (const cfg of cfgs) {
        if (cfg.maybe) {
          undecided ??= { loc: headerOf(cfg), reason: 'dynamic block may not exist (for_each unknown)' };
          continue;
        }
        const a = cfg.attr('resources');
        if (!a) continue;
        const l = asList(a.value);
        if (isUnknown(l)) undecided ??= { loc: a.loc, reason: `resources: ${l.reason}` };
        else if (l?.includes('secrets')) covered = true;
      }
      if (covered) continue;
      if (undecided) yield indeterminate(undecided.loc, undecided.reason, blockLine);
      else yield fail(headerOf(cfgs[0]), `EKS cluster "${c.name}" has an encryption_config that does not cover "secrets".`, { blockLine });
    }
  },
});
