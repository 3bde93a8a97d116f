// core/soc2/criteria.ts says which criteria a rule can evidence (`automatable`); the rule catalogue says
// which criteria rules do cite. The two must never disagree, or the mapping, the readiness report and
// the editor would tell an auditor that a criterion with rules "cannot be automated".
import { describe, expect, it } from 'vitest';
import { compareCriteria, CRITERIA } from '../core/soc2/criteria.js';
import { buildMapping } from '../core/soc2/mapping.js';
import { ALL_RULES } from '../rules/index.js';

describe('criteria and the rule catalogue agree', () => {
  it('every criterion a rule cites is automatable', () => {
    const cited = [...new Set(ALL_RULES.flatMap((r) => r.controls))].sort(compareCriteria);
    expect(cited.filter((c) => !CRITERIA[c]?.automatable), 'criteria that rules cite but criteria.ts marks automatable: false').toEqual([]);
  });

  it('the mapping says "not automatable" exactly for the criteria marked so, and those have no rule', () => {
    for (const c of buildMapping(ALL_RULES).criteria) {
      expect(c.automatable, c.id).toBe(CRITERIA[c.id].automatable);
      expect(c.status === 'not-automatable', c.id).toBe(!c.automatable);
      if (!c.automatable) expect(c.rules, c.id).toEqual([]);
      else expect(c.status, c.id).toBe(c.rules.length ? 'covered' : 'no-rule-yet');
    }
  });
});

describe('compareCriteria', () => {
  it('orders by family (CC, A, C, PI, P), then numerically', () => {
    const ids = ['P1.1', 'CC6.10', 'PI1.2', 'A1.1', 'CC6.9', 'C1.2', 'CC10.1', 'CC6.1', 'C1.10', 'PI1.10'];
    expect([...ids].sort(compareCriteria)).toEqual(['CC6.1', 'CC6.9', 'CC6.10', 'CC10.1', 'A1.1', 'C1.2', 'C1.10', 'PI1.2', 'PI1.10', 'P1.1']);
  });
  it('gives the catalogue the order a numeric collator gives', () => {
    const ids = Object.keys(CRITERIA);
    const byCollator = [...ids].sort((a, b) => {
      const fam = (s: string) => ['CC', 'A', 'C', 'PI', 'P'].indexOf(s.replace(/[0-9.].*$/, ''));
      return fam(a) - fam(b) || a.localeCompare(b, 'en', { numeric: true });
    });
    expect([...ids].reverse().sort(compareCriteria)).toEqual(byCollator);
  });
});
