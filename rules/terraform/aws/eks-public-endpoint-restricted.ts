import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asBool, asList, isUnknown } from '../../../core/terraform/values.js';
import { isWorldCidr } from '../_lib/network.js';

export default defineRule({
  id: 'TG-AWS-032',
  name: 'aws-eks-public-endpoint-restricted',
  title: 'EKS API endpoints are private or limited to known networks',
  failTitle: 'EKS API endpoint is public to any network',
  kind: 'terraform',
  category: 'network-exposure',
  controls: ['CC6.6', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A public cluster API endpoint is an administrative interface on the internet.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_eks_cluster'],
  aliases: ['CKV_AWS_39', 'CKV_AWS_38', 'AVD-AWS-0040', 'AVD-AWS-0041', '61cf9883-1752-4768-b18c-0d57f2737709', '42f4b905-3736-4213-bfe9-c0660518cda8'],
  rationale: 'The Kubernetes API server is the control plane for every workload in the cluster. Open to 0.0.0.0/0 it is exposed to credential stuffing and to any future authentication bug.',
  controlRationale: {
    'CC6.6': 'The cluster control plane is not reachable from the whole internet.',
    'CC6.1': 'Administrative access to the cluster comes from known networks.',
  },
  remediation: 'Set vpc_config.endpoint_public_access = false (with endpoint_private_access = true), or set public_access_cidrs to your VPN/office ranges.',
  defaults: 'endpoint_public_access defaults to true and public_access_cidrs to ["0.0.0.0/0"], so a cluster that sets neither is reported.',
  *check(m) {
    for (const c of m.resourcesOf('aws_eks_cluster')) {
      const vpc = c.block1('vpc_config');
      if (!vpc) continue;
      const bl = c.block.range.startLine;
      const pub = vpc.attr('endpoint_public_access');
      const p = pub ? asBool(pub.value) : true;
      if (isUnknown(p)) {
        yield indeterminate(pub!.loc, `endpoint_public_access: ${p.reason}`, bl);
        continue;
      }
      if (p === false) continue;
      const cidrs = vpc.attr('public_access_cidrs');
      if (!cidrs) {
        if (!vpc.hasError && !vpc.maybe) yield fail(pub?.loc ?? vpc.headerLoc, `EKS cluster "${c.name}" has a public API endpoint open to 0.0.0.0/0 (public_access_cidrs is not set).`, { blockLine: bl });
        continue;
      }
      const l = asList(cidrs.value);
      if (isUnknown(l)) yield indeterminate(cidrs.loc, `public_access_cidrs: ${l.reason}`, bl);
      else if (l?.some((x) => typeof x === 'string' && isWorldCidr(x))) yield fail(cidrs.loc, `EKS cluster "${c.name}" allows its public API endpoint from 0.0.0.0/0.`, { blockLine: bl });
      else if (l?.some(isUnknown)) yield indeterminate(cidrs.loc, 'public_access_cidrs contains unknown values', bl);
    }
  },
});
