import { WORKLOAD_KINDS } from '../../core/kubernetes/model.js';
import { defineRule, fail } from '../../core/rule.js';
import { cName, objName, objectsOf } from '../../core/kubernetes/pod.js';
import { findSecretFormat, looksSecret } from '../_lib/secret-formats.js';
import type { CheckResult } from '../../core/types.js';
import type { YView } from '../../core/yaml/view.js';

/** `key = value` / `key: value` lines of a config file held in a ConfigMap value (properties, env, YAML, INI). */
const CONFIG_LINE = /^\s*(?:export\s+)?([A-Za-z0-9_.-]+)\s*[:=]\s*(["']?)([^\s"'#]+)\2\s*$/;
/** `--password=x` / `--token x` command-line flags. */
const FLAG = /^--?([A-Za-z0-9_.-]+)(?:=(.*))?$/;

/** Credentials in a container's args or command: known formats anywhere, `--password=x` or `--password x`. */
function* argLiterals(list: YView | undefined, where: string): Iterable<CheckResult> {
  const items = list?.items() ?? [];
  for (let i = 0; i < items.length; i++) {
    const s = items[i].str();
    if (s === undefined || typeof items[i].value !== 'string') continue;
    const f = findSecretFormat(s);
    if (f) {
      yield fail(items[i].loc, `${where} passes ${f.kind} as a literal argument.`, { secret: f.value });
      continue;
    }
    const m = FLAG.exec(s);
    if (!m) continue;
    const next = items[i + 1];
    const value = m[2] ?? (next && typeof next.value === 'string' && !next.str()!.startsWith('-') ? next.str() : undefined);
    if (value === undefined) continue;
    const what = looksSecret(m[1], value);
    if (what) yield fail((m[2] !== undefined ? items[i] : next!).loc, `${where} passes --${m[1]} a literal value that looks like ${what.kind}.`, { secret: value });
  }
}

export default defineRule({
  id: 'TG-K8S-013',
  name: 'k8s-secret-literal',
  title: 'No credentials in container env values, arguments, ConfigMaps or annotations',
  failTitle: 'Credential in a container env value, argument, ConfigMap or annotation',
  kind: 'kubernetes',
  objectKinds: [...WORKLOAD_KINDS, 'ConfigMap'],
  category: 'secrets',
  controls: ['CC6.1', 'CC6.7', 'CC6.6'],
  severity: 'high',
  persona: 'regular',
  personaRationale: 'Credentials written in manifests are disclosed to everyone who can read the repository.',
  confidence: 'medium',
  aliases: ['AVD-KSV-0109', 'KSV-0109', 'env-var-secret'],
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
    'A value is reported when it matches a known credential format (private key, cloud or SaaS token, URL with password) or when its name says it is a password/secret/token/key and the value is a literal (not empty, a $(VAR)/${VAR}/{{ }} reference, a path, a boolean or number, an obvious placeholder, or an upper-case substitution marker such as API_KEY_VALUE). Checked: container env values, args and command (`--password=x`, `--token x`, known formats), ConfigMap data values and the key = value lines of config files they hold, and annotations of any object (named by the part after the prefix).',
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
        yield* argLiterals(c.view.get('args'), cName(w, c));
        yield* argLiterals(c.view.get('command'), cName(w, c));
      }
    }
    for (const cm of objectsOf(f, 'ConfigMap')) {
      for (const [key, v] of cm.view.get('data')?.entries() ?? []) {
        const s = v.str();
        if (s === undefined || typeof v.value !== 'string') continue;
        const what = looksSecret(key, s);
        if (what) {
          yield fail(v.pairLoc, `${objName(cm)} key ${key} holds a literal value that looks like ${what.kind}; ConfigMaps are not meant for secrets.`, { secret: what.value });
          continue;
        }
        // A config file held in the ConfigMap (application.properties, .env, config.yaml): its own keys.
        if (!s.includes('\n')) continue;
        for (const line of s.split('\n').slice(0, 5000)) {
          const m = CONFIG_LINE.exec(line);
          // A plain word is a setting there (nsswitch.conf `passwd: files`), not a password.
          const hit = m && !/^[a-z]+$/.test(m[3]) && looksSecret(m[1], m[3]);
          if (!hit) continue;
          yield fail(v.pairLoc, `${objName(cm)} key ${key} holds a config file whose ${m![1]} is a literal value that looks like ${hit.kind}; ConfigMaps are not meant for secrets.`, { secret: hit.value });
          break;
        }
      }
    }
    // Annotations of any object: a token pasted into metadata is as readable as one in a ConfigMap.
    for (const o of f.objects) {
      for (const [key, v] of o.view.at('metadata', 'annotations')?.entries() ?? []) {
        const s = v.str();
        if (s === undefined || typeof v.value !== 'string' || key === 'trustgate.io/ignore') continue;
        const what = looksSecret(key.replace(/^.*\//, ''), s);
        if (what) yield fail(v.pairLoc, `${objName(o)} annotation ${key} holds a literal value that looks like ${what.kind}.`, { secret: what.value });
      }
    }
  },
});
