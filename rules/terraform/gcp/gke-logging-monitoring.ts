import { defineRule, fail, indeterminate } from '../../../core/rule.js';
import { asString, isUnknown } from '../../../core/terraform/values.js';
import { literalFix } from '../_lib/fixes.js';

/** The attribute, what it turns off, and the value to restore. */
const SERVICES: [attr: string, what: string, on: string][] = [
  ['logging_service', 'Cloud Logging', 'logging.googleapis.com/kubernetes'],
  ['monitoring_service', 'Cloud Monitoring', 'monitoring.googleapis.com/kubernetes'],
];

export default defineRule({
  id: 'TG-GCP-028',
  name: 'gcp-gke-logging-monitoring',
  title: 'GKE clusters keep Cloud Logging and Cloud Monitoring on',
  failTitle: 'GKE cluster turns Cloud Logging or Cloud Monitoring off',
  kind: 'terraform',
  category: 'logging-monitoring',
  controls: ['CC7.2', 'CC7.3'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'A cluster that sends no logs or metrics leaves nothing to monitor: the CC7.2 finding itself.',
  confidence: 'high',
  introducedIn: '0.2.0',
  resourceTypes: ['google_container_cluster'],
  rationale:
    'logging_service = "none" drops the control plane, node and workload logs; monitoring_service = "none" drops the metrics. Incidents in the cluster then leave no trace to alert on or investigate.',
  controlRationale: {
    'CC7.2': 'Cluster and workload activity is collected where monitoring can see it.',
    'CC7.3': 'Logs exist to investigate what happened in the cluster.',
  },
  remediation: 'Remove logging_service / monitoring_service (the defaults are logging.googleapis.com/kubernetes and monitoring.googleapis.com/kubernetes) or set them to those values.',
  defaults: 'Both default to the Kubernetes Engine services (on); only an explicit "none" is reported.',
  *check(m) {
    for (const c of m.resourcesOf('google_container_cluster')) {
      const blockLine = c.block.range.startLine;
      for (const [attr, what, on] of SERVICES) {
        const a = c.attr(attr);
        if (!a) continue;
        const v = asString(a.value);
        if (isUnknown(v)) yield indeterminate(a.loc, `${attr}: ${v.reason}`, blockLine);
        else if (v === 'none') yield fail(a.loc, `GKE cluster "${c.name}" turns ${what} off (${attr} = "none").`, { blockLine, fixes: literalFix(a, `Set ${attr} = "${on}"`, `"${on}"`) });
      }
    }
  },
});
