// Which Terraform checks can be skipped on a module, decided by running each check once on an empty
// module. Every rule runs on every module instance, and most modules have none of the resources a
// given rule looks at: making the generator and running it to its first `resourcesOf()` was the
// largest single cost of the rules loop. A check is skipped only when that is provably the same as
// running it: see gateOf().
import type { RuleContext } from '../rule.js';
import type { CheckResult } from '../types.js';
import { TfModule } from './model.js';

/** The module's index keys a check looked up (resource types; data sources as `data.<type>`). */
export type Gate = readonly string[];

/**
 * Run `check` on an empty module through a proxy that records what it reads. If the check read
 * nothing but `resourcesOf()` / `dataOf()` and yielded nothing, its run on any module where none of
 * the looked-up types exist is the same run (the same calls return the same empty lists, the context
 * is the same, checks are pure): nothing. The returned keys are the gate; undefined when the check
 * read anything else (the module's files, variables, resources...), yielded or threw: it always runs.
 */
export function gateOf(check: (m: TfModule, rc: RuleContext) => Iterable<CheckResult>, rc: RuleContext): Gate | undefined {
  const empty = new TfModule('', [], []);
  const keys: string[] = [];
  let other = false;
  const recorded: Record<string, unknown> = {
    resourcesOf: (...types: string[]) => {
      keys.push(...types);
      return empty.resourcesOf(...types);
    },
    dataOf: (type: string) => {
      keys.push(`data.${type}`);
      return empty.dataOf(type);
    },
  };
  const unknown = () => {
    other = true;
    return undefined;
  };
  const probe = new Proxy(empty, {
    get(target, p) {
      if (typeof p === 'string' && Object.prototype.hasOwnProperty.call(recorded, p)) return recorded[p];
      other = true;
      const v: unknown = Reflect.get(target, p);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
    has: (t, p) => (unknown(), Reflect.has(t, p)),
    ownKeys: (t) => (unknown(), Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, p) => (unknown(), Reflect.getOwnPropertyDescriptor(t, p)),
    set: () => (unknown(), false),
    defineProperty: () => (unknown(), false),
    deleteProperty: () => (unknown(), false),
  });
  try {
    for (const _ of check(probe, rc)) return undefined;
  } catch {
    return undefined;
  }
  return other ? undefined : keys;
}

/** The gates of a list of checks, indexed by key: which checks may yield on a module, found from the module's few types. */
export class GateIndex {
  private readonly always: number[] = [];
  private readonly byKey = new Map<string, number[]>();
  /** `gates[i]` is check i's gate; undefined: it always runs. */
  constructor(private readonly gates: readonly (Gate | undefined)[]) {
    gates.forEach((g, i) => {
      if (!g) this.always.push(i);
      else
        for (const k of new Set(g)) {
          const l = this.byKey.get(k);
          if (l) l.push(i);
          else this.byKey.set(k, [i]);
        }
    });
  }

  /** 1 at each index of a check that may yield on `m` (some type it looks up exists there, or it has no gate). */
  open(m: TfModule): Uint8Array {
    const open = new Uint8Array(this.gates.length);
    for (const i of this.always) open[i] = 1;
    for (const k of m.indexedKeys()) for (const i of this.byKey.get(k) ?? []) open[i] = 1;
    return open;
  }
}
