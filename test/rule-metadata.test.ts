// Every rule carries complete, consistent metadata: what the docs, SARIF, hovers and the SOC 2
// mapping are generated from.
import { describe, expect, it } from 'vitest';
import { CRITERIA } from '../core/criteria.js';
import { optionErrors } from '../core/options.js';
import { CATEGORIES, PERSONAS, SEVERITIES } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';

describe('rule metadata', () => {
  it('ids and names are unique and well-formed', () => {
    const ids = ALL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ALL_RULES.map((r) => r.name)).size).toBe(ids.length);
    for (const r of ALL_RULES) {
      expect(r.id).toMatch(/^TG-(AWS|AZR|GCP|GH|GHA|K8S)-\d{3}$/);
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
    // The primary criterion is one static code can evidence.
    expect(CRITERIA[r.controls[0]].automatable).toBe(true);
    expect(Object.keys(r.controlRationale ?? {}).sort()).toEqual([...r.controls].sort());
    for (const text of [r.title, r.rationale, r.remediation, ...Object.values(r.controlRationale ?? {})]) expect(text.trim().length).toBeGreaterThan(10);
    if (r.kind === 'terraform') expect(r.resourceTypes?.length).toBeGreaterThan(0);
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
