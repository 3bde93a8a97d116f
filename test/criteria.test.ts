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
