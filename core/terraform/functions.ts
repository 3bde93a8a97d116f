// The Terraform functions that matter for security values. Anything else evaluates to Unknown,
// never to a guess. Functions never touch the file system or the network (file() is Unknown).
import { Unknown, isObject, isUnknown, hasUnknown, firstUnknown, toPlain, type Value } from './values.js';

type Fn = (args: Value[]) => Value;

const unknownArg = (args: Value[]): Unknown | undefined => {
  for (const a of args) if (isUnknown(a)) return a;
  return undefined;
};

/** Wrap a function that needs all its arguments fully known. */
const strict =
  (f: Fn): Fn =>
  (args) => {
    for (const a of args) {
      const u = firstUnknown(a);
      if (u) return new Unknown(u.reason, undefined, u.error);
    }
    return f(args);
  };

const str = (v: Value): string => {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new Error('expected a string');
};

function jsonToValue(x: unknown, depth = 0): Value {
  if (depth > 100) return new Unknown('JSON nested too deeply');
  if (Array.isArray(x)) return x.map((y) => jsonToValue(y, depth + 1));
  if (x && typeof x === 'object') {
    const o: { [k: string]: Value } = {};
    for (const [k, y] of Object.entries(x)) o[k] = jsonToValue(y, depth + 1);
    return o;
  }
  return x as Value;
}

export function parseJsonValue(s: string): Value {
  try {
    return jsonToValue(JSON.parse(s));
  } catch {
    return new Unknown('invalid JSON', undefined, true);
  }
}

const list = (v: Value): Value[] => {
  if (Array.isArray(v)) return v;
  if (v === null) return [];
  throw new Error('expected a list');
};

const joinAll = strict((a) => list(a[1]).map(str).join(str(a[0])));

export const FUNCTIONS: Record<string, Fn> = {
  concat: strictShallow((a) => a.flatMap(list)),
  merge: (args) => {
    const u = unknownArg(args);
    if (u) return u;
    const o: { [k: string]: Value } = {};
    for (const a of args) if (isObject(a)) Object.assign(o, a);
    return o;
  },
  lookup: (args) => {
    const [m, k, d] = args;
    if (isUnknown(m)) return m;
    if (isUnknown(k)) return k;
    if (isObject(m) && typeof k === 'string' && k in m) return m[k];
    return d === undefined ? new Unknown(`lookup of missing key ${String(k)}`, undefined, true) : d;
  },
  try: (args) => {
    for (const a of args) if (!(a instanceof Unknown && a.error)) return a;
    return new Unknown('no argument of try() could be evaluated');
  },
  can: (args) => (args[0] instanceof Unknown ? (args[0].error ? false : args[0]) : true),
  coalesce: (args) => {
    for (const a of args) {
      if (isUnknown(a)) return a;
      if (a !== null && a !== '') return a;
    }
    return new Unknown('coalesce() with no non-empty argument', undefined, true);
  },
  coalescelist: (args) => {
    for (const a of args) {
      if (isUnknown(a)) return a;
      if (Array.isArray(a) && a.length) return a;
    }
    return [];
  },
  tolist: (a) => a[0],
  toset: (a) => (Array.isArray(a[0]) && !hasUnknown(a[0]) ? dedupe(a[0]) : a[0]),
  tomap: (a) => a[0],
  tostring: strict((a) => (a[0] === null ? null : str(a[0]))),
  tonumber: strict((a) => (a[0] === null ? null : Number(a[0]))),
  tobool: strict((a) => (a[0] === null ? null : a[0] === true || a[0] === 'true')),
  length: (a) => {
    const v = a[0];
    if (isUnknown(v)) return v;
    if (Array.isArray(v)) return v.length;
    if (isObject(v)) return Object.keys(v).length;
    if (typeof v === 'string') return [...v].length;
    return new Unknown('length() of a non-collection', undefined, true);
  },
  jsonencode: (a) => {
    const v = a[0];
    if (hasUnknown(v)) return new Unknown(firstUnknown(v)!.reason, v);
    return JSON.stringify(toPlain(v));
  },
  jsondecode: (a) => (isUnknown(a[0]) ? a[0] : typeof a[0] === 'string' ? parseJsonValue(a[0]) : new Unknown('jsondecode() of a non-string', undefined, true)),
  lower: strict((a) => str(a[0]).toLowerCase()),
  upper: strict((a) => str(a[0]).toUpperCase()),
  trimspace: strict((a) => str(a[0]).trim()),
  join: (a) => {
    // One element joins to itself, whatever the separator: a policy document with unknown leaves
    // (join("", data.x[*].json)) keeps its known structure.
    if (Array.isArray(a[1]) && a[1].length === 1 && (typeof a[1][0] === 'string' || isUnknown(a[1][0])) && !isUnknown(a[0])) return a[1][0];
    return joinAll(a);
  },
  split: strict((a) => str(a[1]).split(str(a[0]))),
  replace: strict((a) => {
    const [s, search, rep] = a.map(str);
    if (search.length > 1 && search.startsWith('/') && search.endsWith('/')) return new Unknown('regex replace() is not evaluated');
    return s.split(search).join(rep);
  }),
  format: strict((a) => {
    let i = 1;
    return str(a[0]).replace(/%(%|[-+# 0-9.]*[sdvfqt])/g, (_m, c: string) => (c === '%' ? '%' : String(toPlain(a[i++] ?? ''))));
  }),
  contains: strict((a) => list(a[0]).some((x) => JSON.stringify(x) === JSON.stringify(a[1]))),
  element: strict((a) => {
    const l = list(a[0]);
    return l.length ? l[Number(a[1]) % l.length] : new Unknown('element() of an empty list', undefined, true);
  }),
  flatten: strict((a) => flat(list(a[0]))),
  keys: strict((a) => (isObject(a[0]) ? Object.keys(a[0]).sort() : [])),
  values: strict((a) => (isObject(a[0]) ? Object.keys(a[0]).sort().map((k) => (a[0] as Record<string, Value>)[k]) : [])),
  distinct: strict((a) => dedupe(list(a[0]))),
  compact: strict((a) => list(a[0]).filter((x) => x !== null && x !== '')),
  startswith: strict((a) => str(a[0]).startsWith(str(a[1]))),
  endswith: strict((a) => str(a[0]).endsWith(str(a[1]))),
  substr: strict((a) => [...str(a[0])].slice(Number(a[1]), Number(a[2]) < 0 ? undefined : Number(a[1]) + Number(a[2])).join('')),
  one: (a) => (isUnknown(a[0]) ? a[0] : Array.isArray(a[0]) ? (a[0].length ? a[0][0] : null) : a[0]),
  sort: strict((a) => list(a[0]).map(str).sort()),
  min: strict((a) => Math.min(...a.map(Number))),
  max: strict((a) => Math.max(...a.map(Number))),
  abs: strict((a) => Math.abs(Number(a[0]))),
  zipmap: strict((a) => Object.fromEntries(list(a[0]).map((k, i) => [str(k), list(a[1])[i] ?? null]))),
  base64encode: strict((a) => Buffer.from(str(a[0])).toString('base64')),
  base64decode: strict((a) => Buffer.from(str(a[0]), 'base64').toString('utf8')),
  nonsensitive: (a) => a[0],
  sensitive: (a) => a[0],
  // Values known only after apply, or from the file system: never read while scanning.
  cidrsubnet: () => new Unknown('cidrsubnet() is not evaluated'),
  file: () => new Unknown('file() contents are not read'),
  templatefile: () => new Unknown('templatefile() is not evaluated'),
  timestamp: () => new Unknown('timestamp() is known only at apply time'),
  uuid: () => new Unknown('uuid() is known only at apply time'),
};

function strictShallow(f: Fn): Fn {
  return (args) => {
    const u = unknownArg(args);
    if (u) return u;
    return f(args);
  };
}

function dedupe(l: Value[]): Value[] {
  const seen = new Set<string>();
  return l.filter((x) => {
    const k = JSON.stringify(toPlain(x));
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function flat(l: Value[], depth = 0): Value[] {
  return l.flatMap((x) => (Array.isArray(x) && depth < 32 ? flat(x, depth + 1) : [x]));
}

export function callFunction(name: string, args: Value[]): Value {
  const short = name.includes('::') ? '' : name;
  const f = FUNCTIONS[short];
  if (!f) return new Unknown(`function ${name}() is not evaluated`);
  try {
    return f(args);
  } catch (e) {
    return new Unknown(`${name}() cannot be evaluated: ${(e as Error).message}`, undefined, true);
  }
}
