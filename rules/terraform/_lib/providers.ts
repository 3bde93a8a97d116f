// Provider versions: which major version of a provider a module is written for, from its (or a
// calling module's) required_providers constraint. Rules use it where an attribute's default or name
// changed between majors.
import type { TfModule } from '../../../core/terraform/model.js';
import { evaluate } from '../../../core/terraform/eval.js';
import { isUnknown } from '../../../core/terraform/values.js';

/**
 * The single major version of a provider that the module's (or a calling module's) version constraint
 * allows, e.g. 2 for "~> 2.46" or ">= 2.0, < 3.0"; undefined when absent or when several majors fit.
 */
export function providerMajor(m: TfModule, provider: string): number | undefined {
  for (let mod: TfModule | undefined = m; mod; mod = mod.parent) {
    for (const f of mod.files)
      for (const t of f.blocks.filter((b) => b.type === 'terraform'))
        for (const rp of t.blocks.filter((b) => b.type === 'required_providers')) {
          const a = rp.attributes.get(provider);
          if (!a) continue;
          const v = evaluate(a.expr, mod);
          const c = typeof v === 'string' ? v : v && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v) ? v.version : undefined;
          if (typeof c === 'string') return constraintMajor(c);
        }
  }
  return undefined;
}

export function constraintMajor(c: string): number | undefined {
  let lo = 0;
  let hi = Infinity;
  for (const part of c.split(',')) {
    const m = /^\s*(!=|~>|>=|<=|>|<|=)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(part);
    if (!m) return undefined;
    const op = m[1] ?? '=';
    const maj = Number(m[2]);
    const minor = m[3] === undefined ? undefined : Number(m[3]);
    const patch = m[4] === undefined ? undefined : Number(m[4]);
    if (op === '!=') continue;
    if (op === '=' || (op === '~>' && minor !== undefined)) {
      // "= 2.1.0" pins a major; "~> 2.1" allows 2.x and "~> 2.1.0" 2.1.x ("~> 2" allows any >= 2).
      lo = Math.max(lo, maj);
      hi = Math.min(hi, maj);
    } else if (op === '~>') lo = Math.max(lo, maj);
    else if (op === '>=' || op === '>') lo = Math.max(lo, maj);
    else if (op === '<') hi = Math.min(hi, (minor ?? 0) === 0 && (patch ?? 0) === 0 ? maj - 1 : maj);
    else if (op === '<=') hi = Math.min(hi, maj);
  }
  return lo === hi ? lo : undefined;
}
