import { defineRule, fail } from '../../core/rule.js';
import { cName, containerLoc, isNull, isPartial } from '../../core/kubernetes/pod.js';

export default defineRule({
  id: 'TG-K8S-022',
  name: 'k8s-read-only-root-filesystem',
  title: 'Container root filesystem is read-only',
  failTitle: 'Container root filesystem is writable',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['CC6.8', 'CC8.1'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'A read-only root filesystem is sound hardening but few auditors cite its absence.',
  confidence: 'high',
  aliases: ['CKV_K8S_22', 'AVD-KSV-0014', 'KSV-0014', 'no-read-only-root-fs'],
  rationale:
    'A writable root filesystem lets an intruder drop tools, alter binaries or plant persistence inside the running container; a read-only root keeps the container identical to the reviewed image, with writes confined to declared volumes.',
  controlRationale: {
    'CC6.8': 'An immutable container filesystem prevents unauthorised software from being installed at runtime.',
    'CC8.1': 'What runs stays the software that went through change review, not a modified copy.',
  },
  remediation: 'Set securityContext.readOnlyRootFilesystem: true and mount emptyDir volumes for the paths the process writes (e.g. /tmp).',
  defaults: 'readOnlyRootFilesystem defaults to false and has no pod-level equivalent.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      const partial = isPartial(w);
      for (const c of w.containers) {
        const v = c.view.at('securityContext', 'readOnlyRootFilesystem');
        if (v && !isNull(v)) {
          if (v.bool() === true) continue;
          yield fail(v.pairLoc, `${cName(w, c)} sets readOnlyRootFilesystem to ${v.source}, leaving its root filesystem writable.`, {
            fixes: v.bool() === false ? [{ title: 'Set readOnlyRootFilesystem: true', range: v.loc, text: 'true' }] : undefined,
          });
        } else if (!partial) {
          yield fail(containerLoc(c), `${cName(w, c)} does not set readOnlyRootFilesystem: true, so its root filesystem is writable.`);
        }
      }
    }
  },
});
