// Rule options (core/options.ts): what a .trustgate.yml value is checked against and what the check
// receives. The CLI's exit 2 on a bad option is in cli.test.ts.
import { describe, expect, it } from 'vitest';
import { optionErrors, optionType, resolveOptions, type OptionsSchema } from '../core/options.js';

const S: OptionsSchema = {
  minDays: { type: 'integer', minimum: 1, maximum: 35, default: 7, description: 'fewest days kept' },
  strict: { type: 'boolean', default: false, description: 'be strict about it' },
  mode: { type: 'string', enum: ['a', 'b'], default: 'a', description: 'which mode to use' },
  ports: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 65535 }, default: [22], description: 'ports to look at' },
  names: { type: 'array', items: { type: 'string' }, default: [], description: 'names to allow here' },
};

describe('rule options', () => {
  it('accepts values of the declared types', () => {
    expect(optionErrors('R', S, { minDays: 35, strict: true, mode: 'b', ports: [0, 65535], names: ['x'] })).toEqual([]);
    expect(optionErrors('R', S, {})).toEqual([]);
    expect(optionErrors('R', undefined, {})).toEqual([]);
  });

  it('names a misspelled option and suggests the declared one', () => {
    expect(optionErrors('R', S, { minDay: 7 })).toEqual(['rules.options.R: unknown option "minDay" (did you mean "minDays"?); R takes minDays, strict, mode, ports, names']);
    expect(optionErrors('R', S, { mindays: 7 })[0]).toMatch(/did you mean "minDays"/);
    expect(optionErrors('R', S, { zzz: 1 })[0]).not.toMatch(/did you mean/);
    // Inherited Object properties are not options.
    expect(optionErrors('R', S, JSON.parse('{"__proto__": 1, "toString": 2}'))).toHaveLength(2);
  });

  it('rejects wrong types and out-of-range values with the path as written', () => {
    expect(optionErrors('R', S, { minDays: '7' })).toEqual(['rules.options.R.minDays must be a whole number (got "7")']);
    expect(optionErrors('R', S, { minDays: 7.5 })[0]).toMatch(/must be a whole number/);
    expect(optionErrors('R', S, { minDays: 36 })[0]).toMatch(/must be at most 35 \(got 36\)/);
    expect(optionErrors('R', S, { strict: 'yes' })[0]).toMatch(/strict must be true or false/);
    expect(optionErrors('R', S, { mode: 'c' })[0]).toMatch(/mode must be one of a, b/);
    expect(optionErrors('R', S, { ports: 22 })[0]).toMatch(/ports must be a list of whole numbers/);
    expect(optionErrors('R', S, { ports: [22, 70000] })[0]).toMatch(/ports\[1\] must be at most 65535/);
    expect(optionErrors('R', S, { names: [1] })[0]).toMatch(/names\[0\] must be a string/);
    expect(optionErrors('R', S, { minDays: 0, strict: 1 })).toHaveLength(2);
  });

  it('a rule without options takes none', () => {
    expect(optionErrors('R', undefined, { x: 1 })).toEqual(['rules.options.R: rule R has no options']);
  });

  it('the check receives every declared option: the configured value or the default', () => {
    expect(resolveOptions(S, { minDays: 30 })).toEqual({ minDays: 30, strict: false, mode: 'a', ports: [22], names: [] });
    expect(resolveOptions(undefined, undefined)).toEqual({});
  });

  it('describes types for the docs', () => {
    expect(Object.values(S).map(optionType)).toEqual(['whole number 1–35', 'boolean', 'one of `a`, `b`', 'list of whole numbers 0–65535', 'list of strings']);
  });
});
