import { defineRule, fail } from '../../core/rule.js';
import { objName, objectsOf } from '../../core/kubernetes/pod.js';
import { looksSecret, placeholderValue, secretName } from '../_lib/secret-formats.js';

/** Keys of the typed Secrets that always hold the credential itself. */
const CREDENTIAL_KEYS = new Set(['tls.key', '.dockerconfigjson', '.dockercfg', 'ssh-privatekey', 'password', 'token']);

/** Secret types whose data is filled in by the cluster, not committed. */
const GENERATED = new Set(['kubernetes.io/service-account-token', 'bootstrap.kubernetes.io/token']);

export default defineRule({
  id: 'TG-K8S-014',
  name: 'k8s-secret-in-manifest',
  title: 'Secret values are not committed in Secret manifests',
  failTitle: 'Secret manifest commits secret values',
  kind: 'kubernetes',
  objectKinds: ['Secret'],
  category: 'secrets',
  controls: ['CC6.1', 'C1.1', 'CC6.7'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Secret values committed in Secret manifests are disclosed to everyone who can read the repository.',
  confidence: 'medium',
  aliases: [],
  rationale:
    'A Secret manifest is only base64-encoded: committing one with stringData or data publishes the credential to everyone with repository access and keeps it in history after rotation.',
  controlRationale: {
    'CC6.1': 'Credentials must come from a controlled secret store, not from files anyone with read access to the repository can decode.',
    'C1.1': 'Credentials are confidential information and must be kept out of widely shared artefacts.',
    'CC6.7': 'A committed Secret travels with every clone, fork and CI workspace of the repository.',
  },
  remediation:
    'Remove the values from git and rotate them; generate the Secret at deploy time (External Secrets, Sealed Secrets, SOPS-encrypted files, CSI secret store, or kustomize secretGenerator reading an untracked file).',
  defaults: 'Values whose key or content looks like a credential are reported one by one; a Secret with only neutral keys (url, type) is reported once at stringData/data. Empty values and obvious placeholders ($(VAR), ${VAR}, {{ }}, <value>, xxx) are ignored, as are cluster-generated token Secrets.',
  introducedIn: '0.1.0',
  *check(f) {
    for (const s of objectsOf(f, 'Secret')) {
      if (!s.apiVersion.startsWith('v1') && s.apiVersion !== 'v1') continue;
      if (GENERATED.has(s.view.get('type')?.str() ?? '')) continue;
      // Each value whose key or content says it is a credential is reported where it is written; a Secret
      // whose committed values all have neutral keys (url, type, project) is reported once, at the field.
      for (const field of ['stringData', 'data']) {
        const fieldV = s.view.get(field);
        let neutral: string | undefined;
        let reported = false;
        for (const [key, v] of fieldV?.entries() ?? []) {
          const raw = v.str();
          if (raw === undefined || typeof v.value !== 'string') continue;
          const plain = field === 'data' ? decode(raw) : raw;
          if (plain === undefined || placeholderValue(plain)) continue;
          if (CREDENTIAL_KEYS.has(key) || secretName(key) || looksSecret(key, plain)) {
            reported = true;
            yield fail(v.pairLoc, `${objName(s)} commits the value of ${field}.${key} to the repository; Secret manifests are encoded, not encrypted.`, { secret: raw });
          } else neutral ??= raw;
        }
        if (!reported && neutral !== undefined && fieldV) {
          yield fail(fieldV.keyLoc, `${objName(s)} commits literal ${field} values to the repository; Secret manifests are encoded, not encrypted.`, { secret: neutral });
        }
      }
    }
  },
});

function decode(b64: string): string | undefined {
  const s = b64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return undefined;
  return Buffer.from(s, 'base64').toString('utf8');
}
