// Static evaluation of HCL expressions against a scope (variables, locals, iterators, resources).
import type { Expr, Traversal } from '../hcl/ast.js';
import { callFunction } from './functions.js';
import { Unknown, UnknownTemplate, isObject, isUnknown, firstUnknown, toPlain, type Value } from './values.js';

export interface Scope {
  /**
   * Resolve a reference root plus as many leading traversal steps as the scope understands.
   * `used` counts the steps consumed; the evaluator applies the rest to the value.
   */
  lookup(root: string, parts: Traversal[], index: (e: Expr) => Value): { value: Value; used: number };
  /** The parsed template a templatefile() call reads, where the scope may read files (a module's). */
  templateFile?(path: string): Expr | Unknown;
}

/** A scope with iterator variables (for expressions, dynamic blocks) layered on a parent. */
export class ChildScope implements Scope {
  constructor(
    private parent: Scope,
    private vars: Record<string, Value>,
  ) {}
  lookup(root: string, parts: Traversal[], index: (e: Expr) => Value) {
    if (Object.prototype.hasOwnProperty.call(this.vars, root)) return { value: this.vars[root], used: 0 };
    return this.parent.lookup(root, parts, index);
  }
  templateFile(path: string): Expr | Unknown {
    return parentTemplate(this.parent, path);
  }
}

/** A layered scope reads templates as its parent does. */
const parentTemplate = (parent: Scope, path: string): Expr | Unknown => (parent.templateFile ? parent.templateFile(path) : new Unknown('templatefile() is not evaluated'));

/** A template file sees only the variables templatefile() passes (and cannot call templatefile() again). */
const TEMPLATE_VARS_ONLY: Scope = {
  lookup: (root) => ({ value: new Unknown(`${root} is not a variable passed to templatefile()`, undefined, true), used: 0 }),
};

/** templatefile(path, vars): the template read through the scope, evaluated with `vars` alone. */
function templateFile(scope: Scope, [path, vars]: Value[], depth: number): Value {
  if (isUnknown(path)) return new Unknown(path.reason, undefined, path.error);
  if (typeof path !== 'string') return new Unknown('templatefile() path is not a string', undefined, true);
  if (isUnknown(vars)) return new Unknown(vars.reason, undefined, vars.error);
  if (!isObject(vars)) return new Unknown('templatefile() variables are not an object', undefined, true);
  const t = scope.templateFile!(path);
  if (isUnknown(t)) return t;
  return evaluate(t, new ChildScope(TEMPLATE_VARS_ONLY, vars), depth + 1);
}

const MAX_DEPTH = 256;
/** Upper bound on elements a for-expression produces (a `for` over a huge literal stays cheap). */
const MAX_FOR = 10_000;

// evaluate() only dispatches: each kind is its own small function, so an optimised evaluate() stays
// small, and a deoptimisation (a rare path reached, a new shape) recompiles only the function it is in.
export function evaluate(e: Expr, scope: Scope, depth = 0): Value {
  if (depth > MAX_DEPTH) return new Unknown('expression nested too deeply');
  // Sub-expressions are evaluated one level deeper.
  const d = depth + 1;
  switch (e.t) {
    case 'lit':
      return e.value;
    case 'tmpl':
      return template(e, scope, d);
    case 'tuple':
      return tuple(e.items, scope, d);
    case 'object':
      return object(e.items, scope, d);
    case 'ref':
      return ref(e, scope, d);
    case 'traverse':
      return traverse(evaluate(e.base, scope, d), e.parts, (x: Expr) => evaluate(x, scope, d));
    case 'call':
      return call(e, scope, depth);
    case 'cond':
      return cond(e, scope, d);
    case 'unop':
      return unop(e.op, evaluate(e.operand, scope, d));
    case 'binop':
      return binop(e.op, evaluate(e.left, scope, d), e.right, scope, d);
    case 'for':
      return forExpr(e, scope, depth);
    case 'unsupported':
      return new Unknown(`expression not evaluated: ${e.text.slice(0, 40)}`);
  }
}

/** A string template whose parts are known so far; the first unknown part hands over to partialTemplate(). */
function template(e: Extract<Expr, { t: 'tmpl' }>, scope: Scope, d: number): Value {
  if (e.directive) return new Unknown('template directives are not evaluated');
  const ps = e.parts;
  let out = '';
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const v = evaluate(p, scope, d);
    if (isUnknown(v)) {
      if (v.error) return new Unknown(v.reason, undefined, true);
      // "${x}" alone is x itself (Terraform unwraps it): a document's known structure stays.
      if (ps.length === 1) return v;
      return partialTemplate(ps, i, out, v, scope, d);
    }
    if (v === null) return new Unknown('null value in a template', undefined, true);
    if (typeof v === 'object') return new Unknown('a list or map value inside a string template', undefined, true);
    out += String(v);
  }
  return out;
}

/**
 * The rest of a template from part `i` on, whose value `v` is unknown: the literal text and the unknowns
 * are kept in order (UnknownTemplate). `out` is the text before part `i`.
 */
function partialTemplate(ps: (string | Expr)[], i: number, out: string, v: Unknown, scope: Scope, d: number): Value {
  const parts: (string | Unknown)[] = [];
  out = pushUnknown(parts, out, v);
  for (let j = i + 1; j < ps.length; j++) {
    const p = ps[j];
    if (typeof p === 'string') {
      out += p;
      continue;
    }
    const w = evaluate(p, scope, d);
    if (isUnknown(w)) {
      if (w.error) return new Unknown(parts.find(isUnknown)!.reason);
      out = pushUnknown(parts, out, w);
      continue;
    }
    if (w === null || typeof w === 'object') return new Unknown(parts.find(isUnknown)!.reason);
    out += String(w);
  }
  parts.push(out);
  return new UnknownTemplate(parts.find(isUnknown)!.reason, parts);
}

/** Append an unknown part after the text `out`; returns the text that follows it. */
function pushUnknown(parts: (string | Unknown)[], out: string, v: Unknown): string {
  if (v instanceof UnknownTemplate) {
    // Nested template: its parts start and end with literal text.
    parts.push(out + (v.parts[0] as string), ...v.parts.slice(1, -1));
    return v.parts[v.parts.length - 1] as string;
  }
  parts.push(out, v);
  return '';
}

function tuple(items: Expr[], scope: Scope, d: number): Value[] {
  const out: Value[] = [];
  for (let i = 0; i < items.length; i++) out.push(evaluate(items[i], scope, d));
  return out;
}

function object(items: Extract<Expr, { t: 'object' }>['items'], scope: Scope, d: number): Value {
  const o: { [k: string]: Value } = {};
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const key = it.key;
    // A key written as a traversal (`var.x.y = ...`) is evaluated even where the converter named it.
    const k: Value = key.t === 'traverse' || (key.t === 'ref' && key.parts.length) ? evaluate(key, scope, d) : (it.keyName ?? evaluate(key, scope, d));
    if (isUnknown(k)) return new Unknown(k.reason, o);
    o[String(k)] = evaluate(it.value, scope, d);
  }
  return o;
}

function ref(e: Extract<Expr, { t: 'ref' }>, scope: Scope, d: number): Value {
  const ev = (x: Expr) => evaluate(x, scope, d);
  const { value, used } = scope.lookup(e.root, e.parts, ev);
  return traverse(value, e.parts, ev, used);
}

function call(e: Extract<Expr, { t: 'call' }>, scope: Scope, depth: number): Value {
  const d = depth + 1;
  const args: Value[] = [];
  for (let i = 0; i < e.args.length; i++) args.push(evaluate(e.args[i], scope, d));
  if (e.expandLast && args.length) {
    const u = expandLast(args);
    if (u) return u;
  }
  if (e.name === 'templatefile' && args.length === 2 && scope.templateFile) return templateFile(scope, args, depth);
  return callFunction(e.name, args);
}

/** `f(xs...)`: the last argument's elements become arguments; an Unknown when they cannot. */
function expandLast(args: Value[]): Unknown | undefined {
  const last = args.pop()!;
  if (isUnknown(last)) return last;
  if (!Array.isArray(last)) return new Unknown('argument expansion of a non-list', undefined, true);
  for (const x of last) args.push(x);
  return undefined;
}

function cond(e: Extract<Expr, { t: 'cond' }>, scope: Scope, d: number): Value {
  const c = evaluate(e.cond, scope, d);
  if (isUnknown(c)) return unknownCond(e, c, scope, d);
  return c === true || c === 'true' ? evaluate(e.then, scope, d) : evaluate(e.else, scope, d);
}

function unknownCond(e: Extract<Expr, { t: 'cond' }>, c: Unknown, scope: Scope, d: number): Value {
  // An error in the condition is an error of the whole expression (so try() moves on), not an unknown.
  if (c.error) return c;
  // Both branches equal: the condition does not matter.
  const a = evaluate(e.then, scope, d);
  const b = evaluate(e.else, scope, d);
  if (!firstUnknown(a) && !firstUnknown(b) && JSON.stringify(a) === JSON.stringify(b)) return a;
  return new Unknown(c.reason);
}

function unop(op: string, v: Value): Value {
  if (isUnknown(v)) return v;
  if (op === '!') return !(v === true || v === 'true');
  if (op === '-') return -Number(v);
  return new Unknown(`operator ${op}`);
}

/** `right` is evaluated only when the left side does not decide the result. */
function binop(op: string, l: Value, right: Expr, scope: Scope, depth: number): Value {
  // Short-circuit where Terraform's result is known regardless of the other side.
  if (op === '&&' && l === false) return false;
  if (op === '||' && l === true) return true;
  const r = evaluate(right, scope, depth);
  if (op === '&&' && r === false) return false;
  if (op === '||' && r === true) return true;
  if (isUnknown(l)) return l;
  if (isUnknown(r)) return r;
  switch (op) {
    case '==':
      return JSON.stringify(toPlain(l)) === JSON.stringify(toPlain(r));
    case '!=':
      return JSON.stringify(toPlain(l)) !== JSON.stringify(toPlain(r));
    case '&&':
      return l === true && r === true;
    case '||':
      return l === true || r === true;
    case '+':
      return Number(l) + Number(r);
    case '-':
      return Number(l) - Number(r);
    case '*':
      return Number(l) * Number(r);
    case '/':
      return Number(l) / Number(r);
    case '%':
      return Number(l) % Number(r);
    case '<':
      return Number(l) < Number(r);
    case '>':
      return Number(l) > Number(r);
    case '<=':
      return Number(l) <= Number(r);
    case '>=':
      return Number(l) >= Number(r);
  }
  return new Unknown(`operator ${op}`);
}

function forExpr(e: Extract<Expr, { t: 'for' }>, scope: Scope, depth: number): Value {
  const coll = evaluate(e.coll, scope, depth + 1);
  if (isUnknown(coll)) return new Unknown(coll.reason, undefined, coll.error);
  const f = new ForLoop(e, scope, depth + 1);
  // Elements in order, keys as Object.entries lists them; no [key, value] pair is made per element.
  if (Array.isArray(coll)) {
    if (coll.length > MAX_FOR) return tooLong();
    for (let i = 0; i < coll.length; i++) if (f.add(i, coll[i])) return f.stop!;
  } else if (isObject(coll)) {
    const keys = Object.keys(coll);
    if (keys.length > MAX_FOR) return tooLong();
    for (const k of keys) if (f.add(k, coll[k])) return f.stop!;
  } else return new Unknown('for expression over a non-collection', undefined, true);
  return e.object ? f.outObj : f.outList;
}

const tooLong = () => new Unknown(`for expression over more than ${MAX_FOR} elements`);

/** One for expression's results so far; add() evaluates one element. */
class ForLoop {
  readonly outList: Value[] = [];
  readonly outObj: { [k: string]: Value } = {};
  /** Set when an element ends the whole expression (an unknown condition or key). */
  stop: Unknown | undefined = undefined;
  constructor(
    private readonly e: Extract<Expr, { t: 'for' }>,
    private readonly scope: Scope,
    private readonly d: number,
  ) {}

  /** True when the expression's value is `stop`. */
  add(k: Value, v: Value): boolean {
    const e = this.e;
    const s = new ForScope(this.scope, e.keyVar, k, e.valVar, v);
    if (e.cond) {
      const c = evaluate(e.cond, s, this.d);
      if (isUnknown(c)) return this.end(c);
      if (c !== true) return false;
    }
    const val = evaluate(e.value, s, this.d);
    if (!e.object) {
      this.outList.push(val);
      return false;
    }
    const key = evaluate(e.key!, s, this.d);
    if (isUnknown(key)) return this.end(key);
    const ks = String(key);
    if (e.group) ((this.outObj[ks] ??= []) as Value[]).push(val);
    else this.outObj[ks] = val;
    return false;
  }

  private end(u: Unknown): boolean {
    this.stop = new Unknown(u.reason);
    return true;
  }
}

/** A for expression's element: its key and value variables over the enclosing scope (no object of variables per element). */
class ForScope implements Scope {
  constructor(
    private readonly parent: Scope,
    private readonly keyVar: string | undefined,
    private readonly key: Value,
    private readonly valVar: string,
    private readonly val: Value,
  ) {}
  lookup(root: string, parts: Traversal[], index: (e: Expr) => Value) {
    // The key variable wins over a value variable of the same name (as the object of variables had it).
    if (root === this.keyVar) return { value: this.key, used: 0 };
    if (root === this.valVar) return { value: this.val, used: 0 };
    return this.parent.lookup(root, parts, index);
  }
  templateFile(path: string): Expr | Unknown {
    return parentTemplate(this.parent, path);
  }
}

/** Apply `parts` from index `from` on (the steps a scope's lookup did not consume). */
export function traverse(v: Value, parts: Traversal[], ev: (e: Expr) => Value, from = 0): Value {
  let cur = v;
  for (let i = from; i < parts.length; i++) {
    const p = parts[i];
    if (isUnknown(cur)) {
      if (cur.partial !== undefined) {
        cur = traverse(cur.partial, [p], ev);
        if (!isUnknown(cur)) continue;
        return new Unknown((cur as Unknown).reason, undefined, (cur as Unknown).error);
      }
      return cur;
    }
    if (p.t === 'splat') {
      const rest = parts.slice(i + 1);
      const l = Array.isArray(cur) ? cur : cur === null ? [] : [cur];
      return l.map((x) => traverse(x, rest, ev));
    }
    const key = p.t === 'attr' ? p.name : ev(p.key);
    if (isUnknown(key)) return key;
    if (Array.isArray(cur)) {
      const idx = Number(key);
      if (!Number.isInteger(idx) || idx < 0 || idx >= cur.length) return new Unknown(`index ${String(key)} out of range`, undefined, true);
      cur = cur[idx];
    } else if (isObject(cur)) {
      const k = String(key);
      if (!Object.prototype.hasOwnProperty.call(cur, k)) return new Unknown(`the value has no attribute "${k}"`, undefined, true);
      cur = cur[k];
    } else {
      return new Unknown(`cannot read ${String(key)} of a ${cur === null ? 'null' : typeof cur} value`, undefined, true);
    }
  }
  return cur;
}
