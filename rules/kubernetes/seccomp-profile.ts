import { defineRule, fail } from '../../core/rule.js';
import { cName, containerLoc, effectiveSc, isPartial, objName } from '../../core/kubernetes/pod.js';

const GOOD = new Set(['RuntimeDefault', 'Localhost']);
const GOOD_ANNOTATION = /^(runtime\/default|docker\/default|localhost\/.+)$/;

export default defineRule({
  id: 'TG-K8S-023',
  name: 'k8s-seccomp-profile',
  title: 'Container runs with a seccomp profile (RuntimeDefault or Localhost)',
  failTitle: 'Container runs without a seccomp profile',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['CC6.8'],
  severity: 'low',
  persona: 'pedantic',
  personaRationale: 'A seccomp profile on every container is hygiene; runtimes often apply a default already.',
  confidence: 'high',
  aliases: ['CKV_K8S_31', 'AVD-KSV-0030', 'KSV-0030', 'KSV-0104'],
  rationale:
    "Without seccomp a container can call every system call of the node's kernel, which is the attack surface most container escapes use; the runtime's default profile blocks the rarely needed, dangerous ones.",
  controlRationale: {
    'CC6.8': 'Restricting system calls limits what unauthorised code can do against the node kernel.',
  },
  remediation: 'Set securityContext.seccompProfile.type: RuntimeDefault at pod level (inherited by every container) or per container.',
  defaults:
    'Kubernetes runs containers Unconfined unless seccompProfile is set on the container or the pod (the container setting wins); the legacy seccomp.security.alpha.kubernetes.io annotations are honoured.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      const partial = isPartial(w);
      const ann = (k: string) => w.podMeta?.at('annotations', k)?.str();
      for (const c of w.containers) {
        const t = effectiveSc(w, c, 'seccompProfile', 'type');
        const type = t?.view.str();
        if (t && type !== undefined && GOOD.has(type)) continue;
        if (t) {
          const who = t.level === 'pod' ? `${objName(w.object)} sets pod-level` : `${cName(w, c)} sets`;
          yield fail(t.view.pairLoc, `${who} seccompProfile type ${t.view.source}, so system calls are not filtered.`, {
            fixes: type === 'Unconfined' ? [{ title: 'Set type: RuntimeDefault', range: t.view.loc, text: 'RuntimeDefault' }] : undefined,
          });
          continue;
        }
        const a = ann(`container.seccomp.security.alpha.kubernetes.io/${c.name}`) ?? ann('seccomp.security.alpha.kubernetes.io/pod');
        if (a !== undefined && GOOD_ANNOTATION.test(a)) continue;
        if (partial) continue;
        yield fail(containerLoc(c), `${cName(w, c)} has no seccompProfile (container or pod level), so it runs Unconfined.`);
      }
    }
  },
});
