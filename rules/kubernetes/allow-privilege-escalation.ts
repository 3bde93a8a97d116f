import { defineRule, fail } from '../../core/rule.js';
import { cName, containerLoc, isNull, isPartial } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-002',
  name: 'k8s-allow-privilege-escalation',
  title: 'Container sets allowPrivilegeEscalation: false',
  failTitle: 'Container allows privilege escalation',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['CC6.8', 'CC8.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Privilege escalation inside a container is a direct path to root; commonly cited against CC6.8.',
  confidence: 'high',
  aliases: ['CKV_K8S_20', 'AVD-KSV-0001', 'KSV-0001', '5572cc5e-1e4c-4113-92a6-7a8a3bd25e6d', 'privilege-escalation-container'],
  rationale:
    'A process that can gain more privileges than its parent (setuid binaries, file capabilities) turns a compromised application into a compromised node; denying escalation keeps the container within the privileges it was deployed with.',
  controlRationale: {
    'CC6.8': 'Blocking privilege escalation prevents malicious or unauthorised code inside a container from acquiring rights it was not given.',
    'CC8.1': 'Declaring the setting in the manifest makes the hardened runtime configuration part of the reviewed, versioned change.',
  },
  remediation: 'Set securityContext.allowPrivilegeEscalation: false on every container (including init and ephemeral containers).',
  defaults: 'allowPrivilegeEscalation defaults to true when omitted (there is no pod-level equivalent); a privileged container always allows escalation.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      const partial = isPartial(w);
      for (const c of w.containers) {
        const v = c.view.at('securityContext', 'allowPrivilegeEscalation');
        if (v && !isNull(v)) {
          if (v.bool() === false) continue;
          yield fail(v.pairLoc, `${cName(w, c)} sets allowPrivilegeEscalation to ${v.source || 'a non-false value'}; it should be false.`, {
            fixes: v.bool() === true ? [{ title: 'Set allowPrivilegeEscalation: false', range: v.loc, text: 'false' }] : undefined,
          });
        } else if (!partial) {
          yield fail(containerLoc(c), `${cName(w, c)} does not set securityContext.allowPrivilegeEscalation: false, so it defaults to true.`);
        }
      }
    }
  },
});
