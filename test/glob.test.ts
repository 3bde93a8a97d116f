// Exclude globs: the linear-time matcher (core/glob.ts) keeps the semantics of the regex it replaced,
// and a hostile pattern from a pull request's config costs work proportional to its length.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globWork } from '../core/glob.js';

/** The former matcher (a backtracking regex): the reference for the semantics, on inputs small enough. */
function referenceRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        re += g[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += g[i + 2] === '/' ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const anchored = g.includes('/') ? `^${re}` : `(?:^|/)${re}`;
  return new RegExp(`${anchored}(?:/.*)?$`);
}

describe('exclude globs', () => {
  it.each([
    ['skip/**', 'skip/main.tf', true],
    ['skip/**', 'other/skip/main.tf', false],
    ['skip', 'a/skip/main.tf', true],
    ['*.tf', 'a/b/main.tf', true],
    ['*.tf', 'a/b/main.tfvars', false],
    ['**/test/*.yaml', 'test/x.yaml', true],
    ['**/test/*.yaml', 'a/b/test/x.yaml', true],
    ['**/test/*.yaml', 'a/b/test/c/x.yaml', false],
    ['**/test', 'a/b/test/c/x.yaml', true], // a matched directory covers what is below it
    ['a/*/c', 'a/b/c', true],
    ['a/*/c', 'a/b/x/c', false],
    ['a/**/c', 'a/b/x/c', true],
    ['m?in.tf', 'main.tf', true],
    ['m?in.tf', 'm/in.tf', false],
    ['./modules/**', 'modules/x/main.tf', true],
    ['dir\\sub', 'dir/sub/main.tf', true],
    ['a.b', 'axb', false],
  ])('%s against %s: %s', (glob, path, want) => {
    expect(compileGlob(glob).test(path)).toBe(want);
    expect(referenceRegExp(glob).test(path)).toBe(want);
  });

  it('matches exactly as the former regex did (random patterns and paths)', () => {
    const pattern = fc.array(fc.constantFrom('a', 'b', '/', '*', '?', '.', '**', '**/'), { maxLength: 7 }).map((a) => a.join(''));
    const path = fc.array(fc.constantFrom('a', 'b', '/', '.'), { maxLength: 10 }).map((a) => a.join(''));
    fc.assert(
      fc.property(pattern, path, (g, p) => compileGlob(g).test(p) === referenceRegExp(g).test(p)),
      { numRuns: 20_000 },
    );
  });

  it('a hostile pattern costs work linear in the path (no backtracking)', () => {
    const glob = '**a**a**a**a**a**a**a**b';
    const m = compileGlob(glob);
    for (const len of [60, 600, 6000]) {
      const path = 'a'.repeat(len);
      const before = globWork.visits;
      expect(m.test(path)).toBe(false);
      const visits = globWork.visits - before;
      // At most (path length + 1) × 2 × (steps + 1) state visits; the regex needed minutes at 60.
      expect(visits).toBeLessThanOrEqual((len + 1) * 2 * (glob.length + 1));
    }
    expect(m.test('a'.repeat(59) + 'b')).toBe(true);
  });
});
