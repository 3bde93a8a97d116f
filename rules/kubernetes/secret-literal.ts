import { defineRule, fail } from '../../core/rule.js';
import { cName, objName, objectsOf } from '../../core/kubernetes/pod.js';

/** Words in a variable/key name that say it carries a credential. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pass', 'pwd', 'passphrase', 'secret', 'token', 'apikey', 'credential', 'credentials', 'privatekey', 'accesskey', 'secretkey', 'authkey', 'signingkey', 'encryptionkey', 'masterkey', 'connectionstring', 'dsn']);
/** A name ending in one of these describes the credential (where it is, how long it lives), not the credential. */
const DESCRIPTIVE_TAIL = new Set(['file', 'path', 'dir', 'directory', 'name', 'names', 'ref', 'url', 'uri', 'endpoint', 'enabled', 'enable', 'disabled', 'required', 'ttl', 'expiry', 'expiration', 'expires', 'timeout', 'length', 'header', 'type', 'id', 'mount', 'location', 'format', 'policy', 'size', 'lifetime', 'duration', 'field', 'namespace', 'version', 'keyname', 'env', 'var', 'prefix', 'source', 'provider', 'issuer', 'audience', 'scope', 'scopes', 'mode', 'method', 'algorithm', 'store', 'secretname', 'configmap', 'count', 'interval', 'period', 'rotation', 'user', 'username', 'hash', 'mtime', 'time', 'date', 'timestamp', 'updated', 'created']);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Does a variable or key name say it holds a credential? */
export function secretName(name: string): boolean {
  const w = words(name);
  if (!w.length || DESCRIPTIVE_TAIL.has(w[w.length - 1])) return false;
  const joined = w.map((x, i) => x + (w[i + 1] ?? ''));
  return w.some((x) => SECRET_WORDS.has(x)) || joined.some((x) => SECRET_WORDS.has(x));
}

/** Values that are certainly credentials whatever their name. */
const VALUE_PATTERNS: [RegExp, string][] = [
  [/-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY-----/, 'a private key'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\b[sr]k_live_[A-Za-z0-9]{16,}/, 'a Stripe live key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
  [/\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@$<{]{1,64}:[^\s@/$<{*]{3,128}@[^\s]/, 'a URL with an embedded password'],
];

/** Not a credential: empty, a reference or template, a path, a boolean or number, an obvious placeholder. */
export function placeholderValue(v: string): boolean {
  const s = v.trim();
  if (s.length < 4) return true;
  if (/\$\(|\$\{|\{\{|^<.*>$|^%.*%$|^\$[A-Z_]+$/.test(s)) return true;
  if (/^(true|false|yes|no|on|off|null|none|nil|-?\d+(\.\d+)?)$/i.test(s)) return true;
  if (/^(\.{0,2}\/|~\/)[^\s]*$/.test(s)) return true;
  if (/^(x+|\*+|\.+|-+|#+|redacted|replace[-_ ]?me|todo|tbd|example|your[-_ ].*|<.*)$/i.test(s)) return true;
  if (/^(secret|password|token)[-_ ]?(here|placeholder)$/i.test(s)) return true;
  return false;
}

/** `HF_TOKEN: HF_TOKEN`, `GOOGLE_API_KEY_VAL`: an upper-case identifier meant to be substituted by a script. */
function substitutionMarker(key: string, value: string): boolean {
  const v = value.trim();
  return v.toLowerCase() === key.toLowerCase() || /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v);
}

export function looksSecret(key: string, value: string): string | undefined {
  for (const [re, what] of VALUE_PATTERNS) if (re.test(value)) return what;
  if (!value.includes('\n') && secretName(key) && !placeholderValue(value) && !substitutionMarker(key, value)) return 'a credential';
  return undefined;
}

export default defineRule({
  id: 'TG-K8S-013',
  name: 'k8s-secret-literal',
  title: 'No credentials in container env values or ConfigMaps',
  kind: 'kubernetes',
  category: 'secrets',
  controls: ['CC6.1', 'CC6.7', 'CC6.6'],
  severity: 'high',
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
          yield fail(v.pairLoc, `${cName(w, c)} sets env var ${name} to a literal value that looks like ${what}.`, { secret: s });
        }
      }
    }
    for (const cm of objectsOf(f, 'ConfigMap')) {
      for (const [key, v] of cm.view.get('data')?.entries() ?? []) {
        const s = v.str();
        if (s === undefined || typeof v.value !== 'string') continue;
        const what = looksSecret(key, s);
        if (!what) continue;
        yield fail(v.pairLoc, `${objName(cm)} key ${key} holds a literal value that looks like ${what}; ConfigMaps are not meant for secrets.`, { secret: s });
      }
    }
  },
});
