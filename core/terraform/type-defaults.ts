// A variable's type constraint fills in what the caller left out: since Terraform 1.3 an object
// attribute declared `optional(type, default)` takes its default when it is absent or null (and null
// when no default is given), at every depth, also inside list/set/map/tuple elements. Without this,
// `var.db.encrypted` on `db = {}` would read as "no such attribute" instead of the declared default.
import type { Expr } from '../hcl/ast.js';
import { isObject, isUnknown, type Value } from './values.js';

export type TypeSpec =
  | { kind: 'other' }
  | { kind: 'object'; attrs: Map<string, { type: TypeSpec; optional: boolean; default?: Expr }> }
  | { kind: 'collection'; elem: TypeSpec }
  | { kind: 'tuple'; elems: TypeSpec[] };

const OTHER: TypeSpec = { kind: 'other' };

/** The type constraint of a `type = ...` expression; anything not understood is 'other' (left as is). */
export function parseType(e: Expr | undefined, depth = 0): TypeSpec {
  if (!e || e.t !== 'call' || depth > 32) return OTHER;
  const [arg] = e.args;
  switch (e.name) {
    case 'list':
    case 'set':
    case 'map': {
      const elem = parseType(arg, depth + 1);
      return elem.kind === 'other' ? OTHER : { kind: 'collection', elem };
    }
    case 'tuple':
      return arg?.t === 'tuple' ? { kind: 'tuple', elems: arg.items.map((x) => parseType(x, depth + 1)) } : OTHER;
    case 'object': {
      if (arg?.t !== 'object') return OTHER;
      const attrs = new Map<string, { type: TypeSpec; optional: boolean; default?: Expr }>();
      for (const it of arg.items) {
        const name = it.keyName ?? (it.key.t === 'ref' && it.key.parts.length === 0 ? it.key.root : undefined);
        if (!name) return OTHER;
        const v = it.value;
        if (v.t === 'call' && v.name === 'optional') attrs.set(name, { type: parseType(v.args[0], depth + 1), optional: true, default: v.args[1] });
        else attrs.set(name, { type: parseType(v, depth + 1), optional: false });
      }
      return { kind: 'object', attrs };
    }
    default:
      return OTHER;
  }
}

/** `v` converted as Terraform converts a value to the type: optional attributes filled, nothing else changed. */
export function applyTypeDefaults(v: Value, t: TypeSpec, evalDefault: (e: Expr) => Value, depth = 0): Value {
  if (t.kind === 'other' || v === null || isUnknown(v) || depth > 32) return v;
  if (t.kind === 'collection') {
    if (Array.isArray(v)) {
      const out: Value[] = [];
      for (const x of v) out.push(applyTypeDefaults(x, t.elem, evalDefault, depth + 1));
      return out;
    }
    // fromEntries defines each key as its own property (a "__proto__" key from jsondecode() too).
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, applyTypeDefaults(x, t.elem, evalDefault, depth + 1)]));
    return v;
  }
  if (t.kind === 'tuple') {
    if (!Array.isArray(v)) return v;
    const out: Value[] = [];
    for (let i = 0; i < v.length; i++) out.push(t.elems[i] ? applyTypeDefaults(v[i], t.elems[i], evalDefault, depth + 1) : v[i]);
    return out;
  }
  if (!isObject(v)) return v;
  const out: { [k: string]: Value } = { ...v };
  for (const [name, a] of t.attrs) {
    let x = Object.prototype.hasOwnProperty.call(v, name) ? v[name] : undefined;
    if (a.optional && (x === undefined || x === null)) x = a.default ? evalDefault(a.default) : null;
    if (x !== undefined) out[name] = applyTypeDefaults(x, a.type, evalDefault, depth + 1);
  }
  return out;
}
