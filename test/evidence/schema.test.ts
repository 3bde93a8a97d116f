import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { recordDigest } from '../../core/evidence/canonical.js';
import { EVIDENCE_SCHEMA, validateRecord } from '../../core/evidence/validate.js';
import { makeRecord } from './generate.js';
import { seal } from '../../core/evidence/record.js';

const sample = JSON.parse(readFileSync('docs/evidence-sample.json', 'utf8'));

describe('schema and sample', () => {
  it('docs/evidence-sample.json is a valid record with a correct digest', () => {
    expect(validateRecord(sample)).toEqual([]);
    expect(recordDigest(sample)).toBe(sample.digest);
  });

  it('the hand-written validator agrees with Ajv (draft 2020-12) when Ajv is installed', () => {
    let Ajv2020: (new (o: object) => { compile: (s: object) => ((v: unknown) => boolean) & { errors?: unknown } }) | undefined;
    try {
      const req = createRequire(import.meta.url);
      Ajv2020 = req('ajv/dist/2020').default;
    } catch {
      return; // Ajv only arrives transitively (dev tooling); the own validator is what ships.
    }
    const validate = new Ajv2020!({ strict: true, allErrors: true }).compile(EVIDENCE_SCHEMA as object);
    const good = [sample, seal(makeRecord(3), null)];
    const bad = [
      { ...sample, schemaVersion: 2 },
      { ...sample, extra: 1 },
      { ...sample, reviews: [{ ...sample.reviews[0], countsAsApproval: 'yes' }] },
      { ...sample, checks: { ...sample.checks, required: 'n/a' } },
      { ...sample, digest: 'sha256:xyz' },
      { ...sample, timestamps: { ...sample.timestamps, recordedAt: 'yesterday' } },
      (({ previous: _p, ...rest }) => rest)(sample),
    ];
    for (const v of good) expect([validate(v), validateRecord(v).length === 0]).toEqual([true, true]);
    for (const v of bad) expect([validate(v), validateRecord(v).length === 0]).toEqual([false, false]);
  });

  it('names the path of what is wrong', () => {
    expect(validateRecord({ ...sample, files: [{ ...sample.files[0], sha256: 'md5:1' }] })).toEqual([{ path: '/files/0/sha256', message: 'does not match ^sha256:[0-9a-f]{64}$' }]);
    expect(validateRecord({ ...sample, kind: 'deploy' })[0]).toMatchObject({ path: '/kind' });
  });
});
