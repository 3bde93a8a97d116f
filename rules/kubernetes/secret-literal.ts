import { WORKLOAD_KINDS } from '../../core/kubernetes/model.js';
import { defineRule, fail } from '../../core/rule.js';
import { cName, objName, objectsOf } from '../../core/kubernetes/pod.js';
import { looksSecret } from '../_lib/secret-formats.js';

export default defineRule({
  id: 'TG-K8S-013',
  name: 'k8s-secret-literal',
  title: 'No credentials in container env values or ConfigMaps',
  failTitle: 'Credential in a container env value or ConfigMap',
  kind: 'kubernetes',
  objectKinds: [...WORKLOAD_KINDS, 'ConfigMap'],
  category: 'secrets',
  controls: ['CC6.1', 'CC6.7', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Credentials written in manifests are disclosed to everyone who can read the repository.',
  confidence: 'medium',
  aliases: ['CKV_K8S_35', 'AVD-KSV-0109', 'KSV-0109', '3d658f8b-d988-41a0-a841-40043121de1e', 'env-var-secret'],
  rationale:
    'A credential written into a manifest is readable by everyone with repository access, stays in git history after it is rotated, and is shown in clear by `kubectl describe` and in ConfigMap reads that RBAC rarely restricts.',
  controlRationale: {
    'CC6.1': 'Credentials for infrastructure and software must be stored and distributed through a controlled mechanism, not source files.',
    'CC6.7': 'Keeping secrets out of manifests stops them from travelling with every copy, fork and CI log of the repository.',
    'CC6.6': 'Leaked service credentials are a direct path past the system boundary.',
  },
  remediation:
    'Move the value into a Secret managed outside git (External Secrets, Sealed Secrets, SOPS, CSI secret store) and reference it with env.valueFrom.secretKeyRef or a mounted volume; rotate the exposed credential.',
  defaults:
    'A value is reported when it matches a known credential format (private key, cloud or SaaS token, URL with password) or when its name says it is a password/secret/token/key and the value is a literal (not empty, a $(VAR)/${VAR}/{{ }} reference, a path, a boolean or number, an obvious placeholder, or an upper-case substitution marker such as API_KEY_VALUE).',
  introducedIn: '0.1.0',
  *check(f) {
    for (const w of f.workloads) {
      for (const c of w.containers) {
        for (const e of c.view.get('env')?.items() ?? []) {
          const name = e.get('name')?.str();
          const v = e.get('value');
          const s = v?.str();
          if (!name || !v || s === undefined || typeof v.value !== 'string') continue;
          const what = looksSecret(name, s);
          if (!what) continue;
          yield fail(v.pairLoc, `${cName(w, c)} sets env var ${name} to a literal value that looks like ${what.kind}.`, { secret: s });
        }
      }
    }
    for (const cm of objectsOf(f, 'ConfigMap')) {
      for (const [key, v] of cm.view.get('data')?.entries() ?? []) {
        const s = v.str();
        if (s === undefined || typeof v.value !== 'string') continue;
        const what = looksSecret(key, s);
        if (!what) continue;
        yield fail(v.pairLoc, `${objName(cm)} key ${key} holds a literal value that looks like ${what.kind}; ConfigMaps are not meant for secrets.`, { secret: s });
      }
    }
  },
});
