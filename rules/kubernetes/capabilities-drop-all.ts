import { defineRule, fail } from '../../core/rule.js';
import { cName, containerLoc, isPartial, strItems } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-008',
  name: 'k8s-capabilities-drop-all',
  title: 'Container drops all Linux capabilities',
  failTitle: 'Container does not drop all Linux capabilities',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['CC6.8'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'Dropping every capability is good hardening, but the runtime default set is rarely cited by an auditor.',
  confidence: 'high',
  aliases: ['CKV_K8S_28', 'CKV_K8S_37', 'AVD-KSV-0003', 'KSV-0003', 'dbbc6705-d541-43b0-b166-dd4be8208b54', 'drop-net-raw-capability'],
  rationale:
    'Container runtimes grant a default set of capabilities (including NET_RAW, which allows packet spoofing inside the cluster network); dropping ALL and adding back only what is needed removes privileges the application never uses.',
  controlRationale: {
    'CC6.8': 'A minimal capability set limits what unauthorised or malicious code can do if it runs inside the container.',
  },
  remediation: 'Set securityContext.capabilities.drop: ["ALL"] and add back only the capabilities the process needs (usually none, sometimes NET_BIND_SERVICE).',
  defaults: 'With no drop list the runtime default capabilities (about 14, including NET_RAW) stay granted.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      const partial = isPartial(w);
      for (const c of w.containers) {
        const drop = c.view.at('securityContext', 'capabilities', 'drop');
        const items = strItems(drop);
        if (items.some((x) => x.s.toUpperCase() === 'ALL' || x.s.toUpperCase() === 'CAP_ALL')) continue;
        if (drop && drop.isSeq()) {
          yield fail(drop.keyLoc, `${cName(w, c)} drops some capabilities but not ALL.`);
        } else if (!partial) {
          yield fail(containerLoc(c), `${cName(w, c)} does not drop ALL capabilities, so it keeps the runtime's default set.`);
        }
      }
    }
  },
});
