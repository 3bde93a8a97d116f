// The examples say what they are: the secure stack scans clean (regular persona, the default); the
// insecure one does not. The quick start scans examples/ and must show the difference.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { ALL_RULES } from '../rules/index.js';

const ROOT = join(import.meta.dirname, '..');

describe('examples', () => {
  it('examples/terraform/secure gives no finding and nothing undecided', async () => {
    const r = await scan({ paths: ['examples/terraform/secure'], cwd: ROOT, rules: ALL_RULES });
    expect(r.findings.filter((f) => !f.suppressed).map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
    expect(r.indeterminate).toEqual([]);
    expect(r.errors.filter((e) => e.kind !== 'notice')).toEqual([]);
  });

  it('examples/terraform/insecure has findings', async () => {
    const r = await scan({ paths: ['examples/terraform/insecure'], cwd: ROOT, rules: ALL_RULES });
    expect(r.findings.filter((f) => !f.suppressed).length).toBeGreaterThan(5);
  });
});
