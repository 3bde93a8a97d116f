// Exclude globs (`.trustgate.yml` `exclude:`), matched in linear time. The patterns come from the
// change being scanned (a PR's config, a workspace opened in the editor's Restricted Mode), so a
// backtracking regex is a denial of service: `**a**a**a**a**a**a**a**b` took minutes on a 60-character
// path. Here a pattern compiles to a list of steps and is run as an NFA simulation (the set of steps
// reached so far, advanced one character at a time): at most (path length + 1) × (steps + 1) state
// visits, whatever the pattern.
//
// Semantics (gitignore-like, unchanged from the former regex): `**/` zero or more whole directories,
// `**` anything including `/`, `*` anything within a segment, `?` one character other than `/`, every
// other character literal. A pattern without `/` matches at any depth; a pattern matching a directory
// also matches everything below it.

type Step =
  | { t: 'char'; c: string }
  | { t: 'one' } // `?`
  | { t: 'star'; slash: boolean } // `*` (no `/`), `**` (any)
  | { t: 'skip3' }; // before `**/`: may jump over the three steps `skip3`, `**`, `/` (zero directories)

export interface Glob {
  readonly source: string;
  test(path: string): boolean;
}

/** State visits made by every Glob.test so far (tests use it to show the work is bounded). */
export const globWork = { visits: 0 };

export function compileGlob(glob: string): Glob {
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  const steps: Step[] = [];
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      // `**/` may also match nothing at all; a longer run of stars is several steps, still linear.
      if (g[i + 2] === '/') {
        steps.push({ t: 'skip3' }, { t: 'star', slash: true }, { t: 'char', c: '/' });
        i += 2;
      } else {
        steps.push({ t: 'star', slash: true });
        i++;
      }
    } else if (c === '*') steps.push({ t: 'star', slash: false });
    else if (c === '?') steps.push({ t: 'one' });
    else steps.push({ t: 'char', c });
  }
  const anyDepth = !g.includes('/');
  const m = steps.length;

  // Add step i and everything reachable from it without consuming a character.
  const close = (set: Uint8Array, list: number[], i: number) => {
    const stack = [i];
    while (stack.length) {
      const k = stack.pop()!;
      if (set[k]) continue;
      set[k] = 1;
      list.push(k);
      globWork.visits++;
      const s = steps[k];
      if (!s) continue;
      if (s.t === 'star') stack.push(k + 1);
      else if (s.t === 'skip3') stack.push(k + 1, k + 3);
    }
  };

  return {
    source: glob,
    test(path: string): boolean {
      let set = new Uint8Array(m + 1);
      let list: number[] = [];
      close(set, list, 0);
      for (let p = 0; p <= path.length; p++) {
        // The whole pattern matched up to a `/` (or the end): the rest is inside a matched directory.
        if (set[m] && (p === path.length || path[p] === '/')) return true;
        if (p === path.length) break;
        const ch = path[p];
        const nextSet = new Uint8Array(m + 1);
        const next: number[] = [];
        for (const k of list) {
          globWork.visits++;
          const s = steps[k];
          if (!s) continue;
          if (s.t === 'char') {
            if (s.c === ch) close(nextSet, next, k + 1);
          } else if (s.t === 'one') {
            if (ch !== '/') close(nextSet, next, k + 1);
          } else if (s.t === 'star') {
            if (s.slash || ch !== '/') close(nextSet, next, k);
          }
        }
        // A pattern without `/` may also start right after any `/`.
        if (anyDepth && ch === '/') close(nextSet, next, 0);
        // Nothing left to try, unless a later `/` starts the pattern again.
        if (!next.length && !anyDepth) return false;
        set = nextSet;
        list = next;
      }
      return false;
    },
  };
}
