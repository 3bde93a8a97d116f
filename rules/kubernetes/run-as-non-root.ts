import { defineRule, fail, indeterminate } from '../../core/rule.js';
import type { CheckResult } from '../../core/types.js';
import { cName, containerLoc, effectiveSc, isPartial, objName, type Effective } from '../../core/kubernetes/pod.js';
import type { Container, Workload } from '../../core/kubernetes/model.js';

function where(w: Workload, c: Container, e: Effective): string {
  return e.level === 'pod' ? `${objName(w.object)} sets pod-level` : `${cName(w, c)} sets`;
}

export default defineRule({
  id: 'TG-K8S-003',
  name: 'k8s-run-as-non-root',
  title: 'Containers run as a non-root user',
  failTitle: 'Container may run as root',
  kind: 'kubernetes',
  category: 'workload-hardening',
  controls: ['CC6.8', 'CC6.3'],
  severity: 'medium',
  persona: 'regular',
  personaRationale: 'Containers running as root are a standard hardening finding auditors ask to be remediated or justified.',
  confidence: 'medium',
  aliases: ['CKV_K8S_23', 'AVD-KSV-0012', 'KSV-0012', 'KSV-0105', 'cf34805e-3872-4c08-bf92-6ff7bb0cfadb', 'run-as-non-root'],
  rationale:
    'Root inside a container is root on the node as soon as any isolation layer fails, and it can modify the image it runs from; requiring a non-root identity limits what an attacker inherits from a compromised process.',
  controlRationale: {
    'CC6.8': 'Running as non-root reduces what unauthorised code in the container can change on the container and the node.',
    'CC6.3': 'A workload gets only the identity it needs, which is least privilege applied to the runtime user.',
  },
  remediation:
    'Set securityContext.runAsNonRoot: true (pod level covers all containers) and a non-zero runAsUser/runAsGroup; build the image with a non-root USER.',
  defaults:
    'Without runAsNonRoot: true or a non-zero runAsUser the container runs as the image USER, which is root for most images. Pod-level runAsUser, runAsGroup and runAsNonRoot apply to every container that does not set its own. Windows pods are skipped when fields are missing.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      const partial = isPartial(w);
      const windows = w.podSpec.at('nodeSelector', 'kubernetes.io/os')?.str() === 'windows' || !!w.podSpec.at('securityContext', 'windowsOptions');
      const out: CheckResult[] = [];
      for (const c of w.containers) {
        const user = effectiveSc(w, c, 'runAsUser');
        const group = effectiveSc(w, c, 'runAsGroup');
        const nonRoot = effectiveSc(w, c, 'runAsNonRoot');
        const uid = user?.view.num();
        if (user && uid === 0) {
          out.push(fail(user.view.pairLoc, `${where(w, c, user)} runAsUser: 0, so ${user.level === 'pod' ? 'its containers run' : 'it runs'} as root.`));
        }
        if (group && group.view.num() === 0) {
          out.push(fail(group.view.pairLoc, `${where(w, c, group)} runAsGroup: 0, so ${group.level === 'pod' ? 'its containers run' : 'it runs'} with the root group.`));
        }
        if (uid === 0) continue;
        if (nonRoot?.view.bool() === true) continue;
        if (nonRoot && nonRoot.view.bool() === false) {
          if (uid !== undefined && uid > 0) continue;
          out.push(
            fail(nonRoot.view.pairLoc, `${where(w, c, nonRoot)} runAsNonRoot: false and no non-zero runAsUser, so ${nonRoot.level === 'pod' ? 'its containers' : 'it'} may run as root.`, {
              fixes: [{ title: 'Set runAsNonRoot: true', range: nonRoot.view.loc, text: 'true' }],
            }),
          );
          continue;
        }
        if (uid !== undefined && uid > 0) continue;
        if (user && uid === undefined) {
          out.push(indeterminate(user.view.loc, `runAsUser is not a number (${user.view.source})`));
          continue;
        }
        if (partial || windows) continue;
        out.push(fail(containerLoc(c), `${cName(w, c)} sets neither runAsNonRoot: true nor a non-zero runAsUser (container or pod level), so it runs as the image's user, often root.`));
      }
      yield* out;
    }
  },
});
