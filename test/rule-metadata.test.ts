// Every rule carries complete, consistent metadata: what the docs, SARIF, hovers and the SOC 2
// mapping are generated from.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRITERIA } from '../core/soc2/criteria.js';
import { optionErrors } from '../core/options.js';
import { CATEGORIES, PERSONAS, SEVERITIES } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';

const ROOT = join(import.meta.dirname, '..');
/** The name prefix of the rules in each folder of rules/ (a folder not listed: name = file name). */
const PREFIX: Record<string, string> = { 'terraform/aws': 'aws', 'terraform/azure': 'azure', 'terraform/gcp': 'gcp', 'terraform/github': 'github', 'terraform/common': 'terraform', kubernetes: 'k8s', workflow: 'gha', governance: 'governance' };

describe('rule metadata', () => {
  it('ids and names are unique and well-formed', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ALL_RULES.map((r) => r.name)).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^TG-(AWS|AZR|GCP|GH|TF|GHA|K8S|CFG|GOV)-\d{3}$/);
      expect(r.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    }
  });

  it.each(ALL_RULES.map((r) => [r.id, r]))('%s is complete', (_id, r) => {
    expect(CATEGORIES).toContain(r.category);
    expect(SEVERITIES).toContain(r.severity);
    // Every rule says which persona runs it, with one line of why (shown on its docs page).
    expect(PERSONAS).toContain(r.persona);
    expect(r.personaRationale.trim().length).toBeGreaterThan(10);
    expect(r.personaRationale).not.toContain('\n');
    expect(['high', 'medium', 'low']).toContain(r.confidence);
    expect(r.introducedIn).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.controls.length).toBeGreaterThan(0);
    for (const c of r.controls) expect(CRITERIA[c], `${c} is a known criterion`).toBeDefined();
    // The primary criterion is one static code can evidence; governance rules judge the repository's
    // record of controls outside the code, which is exactly what evidences the other criteria.
    if (r.kind !== 'governance') expect(CRITERIA[r.controls[0]].automatable).toBe(true);
    expect(Object.keys(r.controlRationale ?? {}).sort()).toEqual([...r.controls].sort());
    for (const text of [r.title, r.rationale, r.remediation, ...Object.values(r.controlRationale ?? {})]) expect(text.trim().length).toBeGreaterThan(10);
    if (r.kind === 'terraform') expect(r.resourceTypes?.length).toBeGreaterThan(0);
    // The failing headline heads every finding: one line that says what is wrong, not the passing title again.
    expect(r.failTitle.trim().length).toBeGreaterThan(10);
    expect(r.failTitle).not.toBe(r.title);
    expect(r.failTitle).not.toMatch(/[\n.]$|\n/);
    expect(r.failTitle.length).toBeLessThanOrEqual(120);
  });

  it('one name per rule: rules/<dir>/<base>.ts, its fixtures in test/fixtures/rules/<dir>/<base>/, name = <dir prefix>-<base>', () => {
    // rules/index.ts imports the rule files in ALL_RULES order.
    const paths = [...readFileSync(join(ROOT, 'rules', 'index.ts'), 'utf8').matchAll(/^import r\d+ from '\.\/(.+)\.js';$/gm)].map((m) => m[1]);
    expect(paths).toHaveLength(ALL_RULES.length);
    const problems: string[] = [];
    ALL_RULES.forEach((r, i) => {
      const dir = paths[i].slice(0, paths[i].lastIndexOf('/'));
      const base = paths[i].slice(dir.length + 1);
      const want = PREFIX[dir] ? `${PREFIX[dir]}-${base}` : base;
      if (r.name !== want) problems.push(`${r.id}: rules/${paths[i]}.ts is named "${r.name}" (want "${want}")`);
      if (!existsSync(join(ROOT, 'test', 'fixtures', 'rules', dir, base))) problems.push(`${r.id}: no fixture folder test/fixtures/rules/${dir}/${base}/`);
    });
    expect(problems).toEqual([]);
  });

  it('option defaults satisfy their own schema, and every option is described', () => {
    for (const r of ALL_RULES.filter((x) => x.options)) {
      const defaults = Object.fromEntries(Object.entries(r.options!).map(([k, o]) => [k, o.default]));
      expect(optionErrors(r.id, r.options, defaults), r.id).toEqual([]);
      for (const o of Object.values(r.options!)) expect(o.description.trim().length).toBeGreaterThan(10);
    }
  });

  it('the rule set covers every category and every input kind', () => {
    expect(new Set(ALL_RULES.map((r) => r.category))).toEqual(new Set(CATEGORIES));
    const prefixes = new Set(ALL_RULES.map((r) => r.id.split('-')[1]));
    for (const p of ['AWS', 'AZR', 'GCP', 'GH', 'GHA', 'K8S']) expect(prefixes).toContain(p);
    expect(ALL_RULES.length).toBeGreaterThanOrEqual(130);
  });
});
