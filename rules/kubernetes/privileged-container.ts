import { defineRule, fail } from '../../core/rule.js';

export default defineRule({
  id: 'TG-K8S-001',
  name: 'k8s-privileged-container',
  title: 'Container does not run privileged',
  failTitle: 'Container runs privileged',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['CC6.8', 'CC6.1'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'A privileged container is root on the node; auditors cite it under logical access to infrastructure.',
  confidence: 'high',
  aliases: ['CKV_K8S_16', 'AVD-KSV-0017', 'privileged-container'],
  introducedIn: '0.1.0',
  controlRationale: {
    'CC6.8':
      'A privileged container can load kernel modules and alter the node, which is exactly the unauthorised software change CC6.8 is meant to prevent.',
    'CC6.1':
      'Privilege removes the isolation boundary that restricts a workload\'s access to the node and its neighbours.',
  },
  rationale:
    'CC6.8 expects controls that prevent or detect unauthorised or malicious software; a privileged container has every capability of the host and can escape to the node, bypassing all workload isolation.',
  remediation: 'Remove securityContext.privileged or set it to false; grant only the specific capabilities needed.',
  defaults: 'privileged defaults to false when omitted.',
  *check(f) {
    for (const w of f.workloads) {
      for (const c of w.containers) {
        const p = c.view.at('securityContext', 'privileged');
        if (p?.bool() === true) {
          yield fail(p.pairLoc, `Container "${c.name}" in ${w.object.kind} "${w.object.name}" runs privileged.`, {
            fixes: [{ title: 'Set privileged: false', range: p.loc, text: 'false' }],
          });
        }
      }
    }
  },
});
