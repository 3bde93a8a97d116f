// Personas (after zizmor's): regular < pedantic < auditor. The persona picks which rules run, from
// .trustgate.yml `persona`, the CLI's --persona, the Action's `persona` input or the editor setting.
import { describe, expect, it } from 'vitest';
import { readInputs } from '../action/inputs.js';
import { main } from '../cli/cli.js';
import { ConfigError, defaultConfig, parseConfig } from '../core/config.js';
import { scan } from '../core/engine.js';
import { personaIncludes, type Persona } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-persona-');

// One container that trips a regular rule (privileged) and pedantic ones (limits, seccomp...).
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: app
spec:
  containers:
    - name: c
      image: nginx:1.27
      securityContext:
        privileged: true
`;

async function ruleIdsFor(persona: Persona | undefined): Promise<Set<string>> {
  const d = tmp({ 'pod.yaml': POD });
  const config = persona ? { ...defaultConfig(), persona } : undefined;
  const r = await scan({ paths: [d], cwd: d, config, rules: ALL_RULES });
  return new Set(r.findings.map((f) => f.ruleId));
}

describe('personas', () => {
  it('orders regular < pedantic < auditor', () => {
    expect(personaIncludes('regular', 'regular')).toBe(true);
    expect(personaIncludes('regular', 'pedantic')).toBe(false);
    expect(personaIncludes('pedantic', 'regular')).toBe(true);
    expect(personaIncludes('pedantic', 'auditor')).toBe(false);
    expect(personaIncludes('auditor', 'pedantic')).toBe(true);
  });

  it('regular (the default) runs only regular rules; pedantic adds the hygiene rules', async () => {
    const dflt = await ruleIdsFor(undefined);
    expect(dflt.has('TG-K8S-001')).toBe(true);
    expect(dflt.has('TG-K8S-024')).toBe(false);
    expect(dflt.has('TG-K8S-012')).toBe(false);
    expect(dflt.has('TG-K8S-023')).toBe(false);
    for (const id of dflt) expect(ALL_RULES.find((r) => r.id === id)!.persona).toBe('regular');
    const ped = await ruleIdsFor('pedantic');
    expect(ped.has('TG-K8S-001')).toBe(true);
    expect(ped.has('TG-K8S-024')).toBe(true);
    expect(ped.has('TG-K8S-012')).toBe(true);
    expect(ped.has('TG-K8S-023')).toBe(true);
  });

  it('a rule outside the persona counts for no criterion', async () => {
    const d = tmp({ 'pod.yaml': POD });
    const reg = await scan({ paths: [d], cwd: d, rules: ALL_RULES });
    const aud = await scan({ paths: [d], cwd: d, config: { ...defaultConfig(), persona: 'auditor' }, rules: ALL_RULES });
    const k8s = (p: Persona) => ALL_RULES.filter((r) => r.kind === 'kubernetes' && personaIncludes(p, r.persona));
    const count = (byControl: typeof reg.summary.byControl, rules: typeof ALL_RULES) => rules.filter((r) => r.controls.includes('A1.1')).length === (byControl['A1.1']?.rules ?? 0);
    expect(count(reg.summary.byControl, k8s('regular'))).toBe(true);
    expect(count(aud.summary.byControl, k8s('auditor'))).toBe(true);
  });

  it('.trustgate.yml persona is validated', () => {
    expect(parseConfig('persona: pedantic\n', 'c.yml', ALL_RULES).persona).toBe('pedantic');
    expect(parseConfig('exclude: []\n', 'c.yml', ALL_RULES).persona).toBe('regular');
    expect(() => parseConfig('persona: strict\n', 'c.yml', ALL_RULES)).toThrow(ConfigError);
    expect(() => parseConfig('persona: strict\n', 'c.yml', ALL_RULES)).toThrow(/persona must be one of regular, pedantic, auditor/);
  });

  it('--persona overrides the config file; a bad value is a usage error (exit 2)', async () => {
    const d = tmp({ 'pod.yaml': POD, '.trustgate.yml': 'persona: pedantic\n' });
    const run = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await main(['scan', '.', '--format', 'json', '--jobs', '1', ...args], { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: d, isTTY: false, env: {} });
      return { code, ids: code === 2 ? new Set<string>() : new Set((JSON.parse(out).findings as { ruleId: string }[]).map((f) => f.ruleId)), err };
    };
    expect((await run([])).ids.has('TG-K8S-024')).toBe(true);
    expect((await run(['--persona', 'regular'])).ids.has('TG-K8S-024')).toBe(false);
    const bad = await run(['--persona', 'loud']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--persona must be one of regular, pedantic, auditor/);
  });

  it('`trustgate rules` shows a persona column and the count per persona', async () => {
    let out = '';
    await main(['rules'], { stdout: (s) => (out += s), stderr: () => {}, cwd: process.cwd(), isTTY: false, env: {} });
    expect(out.split('\n')[0]).toMatch(/^ID\s+SEVERITY\s+PERSONA\s+CATEGORY/);
    expect(out).toMatch(/^TG-K8S-024\s+low\s+pedantic\s/m);
    expect(out).toMatch(/^TG-K8S-001\s+high\s+regular\s/m);
    const n = (p: Persona) => ALL_RULES.filter((r) => r.persona === p).length;
    expect(out).toContain(`${ALL_RULES.length} rules (${n('regular')} regular, ${n('pedantic')} pedantic, ${n('auditor')} auditor)`);
  });

  it('the Action input persona is validated and optional', () => {
    const get = (v: Record<string, string>) => (name: string) => v[name] ?? '';
    expect(readInputs(false, get({ persona: 'Auditor' })).persona).toBe('auditor');
    expect(readInputs(false, get({})).persona).toBeUndefined();
    expect(() => readInputs(false, get({ persona: 'everything' }))).toThrow(/input persona must be one of/);
  });
});
