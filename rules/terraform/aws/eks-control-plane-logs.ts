import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asList, isUnknown } from '../../../core/terraform/values.js';

const REQUIRED = ['api', 'audit', 'authenticator'];

export default defineRule({
  id: 'TG-AWS-045',
  name: 'aws-eks-control-plane-logs',
  title: 'EKS clusters send API, audit and authenticator logs to CloudWatch',
  failTitle: 'EKS cluster does not send API, audit and authenticator logs to CloudWatch',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3', 'PI1.3'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Control-plane audit logs are the cluster audit trail.',
  confidence: 'high',
  introducedIn: '0.1.0',
  resourceTypes: ['aws_eks_cluster'],
  aliases: ['CKV_AWS_37', 'AVD-AWS-0038'],
  options: {
    required: {
      type: 'array',
      items: { type: 'string', enum: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] },
      default: REQUIRED,
      description: 'Control-plane log types that must be enabled.',
    },
  },
  rationale: 'The Kubernetes audit log records every request to the API server, and the authenticator log maps those requests to IAM identities. Without them, changes to workloads, secrets and RBAC leave no trace.',
  controlRationale: {
    'CC7.2': 'Control-plane activity is recorded so anomalies can be detected.',
    'CC7.3': 'Investigations can attribute cluster changes to identities.',
    'PI1.3': 'Changes made through the cluster API are recorded.',
  },
  remediation: 'Set enabled_cluster_log_types = ["api", "audit", "authenticator", "controllerManager", "scheduler"].',
  defaults: 'No control-plane logs are enabled unless enabled_cluster_log_types lists them. The required types are the option required (api, audit, authenticator).',
  *check(m, ctx) {
    const req = ctx.options.required;
    for (const c of m.resourcesOf('aws_eks_cluster')) {
      const a = c.attr('enabled_cluster_log_types');
      if (!a) {
        if (!c.hasError) yield fail(c.headerLoc, `EKS cluster "${c.name}" has no control-plane logging (enabled_cluster_log_types is not set).`);
        continue;
      }
      const l = asList(a.value);
      if (isUnknown(l)) {
        yield indeterminate(a.loc, `enabled_cluster_log_types: ${l.reason}`, c.block.range.startLine);
        continue;
      }
      const missing = req.filter((t) => !(l ?? []).includes(t));
      if (missing.length && (l ?? []).some(isUnknown)) yield indeterminate(a.loc, 'enabled_cluster_log_types contains unknown values', c.block.range.startLine);
      else if (missing.length) yield fail(a.loc, `EKS cluster "${c.name}" does not log ${missing.join(', ')}.`, { blockLine: c.block.range.startLine });
    }
  },
});
