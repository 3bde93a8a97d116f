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
    return this.parent.templateFile ? this.parent.templateFile(path) : new Unknown('templatefile() is not evaluated');
  }
}

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

export function evaluate(e: Expr, scope: Scope, depth = 0): Value {
  if (depth > MAX_DEPTH) return new Unknown('expression nested too deeply');
  // Sub-expressions are evaluated one level deeper; a closure over that is made only where a callee needs one.
  const d = depth + 1;
  switch (e.t) {
    case 'lit':
      return e.value;
    case 'tmpl': {
      if (e.directive) return new Unknown('template directives are not evaluated');
      let out = '';
      // Once a part is unknown, the literal text and the unknowns are kept in order (UnknownTemplate).
      let parts: (string | Unknown)[] | undefined;
      for (const p of e.parts) {
        if (typeof p === 'string') out += p;
        else {
          const v = evaluate(p, scope, d);
          if (isUnknown(v)) {
            if (v.error) return parts ? new Unknown(parts.find(isUnknown)!.reason) : new Unknown(v.reason, undefined, true);
            // "${x}" alone is x itself (Terraform unwraps it): a document's known structure stays.
            if (e.parts.length === 1) return v;
            parts ??= [];
            if (v instanceof UnknownTemplate) {
              // Nested template: its parts start and end with literal text.
              parts.push(out + (v.parts[0] as string), ...v.parts.slice(1, -1));
              out = v.parts[v.parts.length - 1] as string;
            } else {
              parts.push(out, v);
              out = '';
            }
            continue;
          }
          if (parts) {
            if (v === null || typeof v === 'object') return new Unknown(parts.find(isUnknown)!.reason);
          } else {
            if (v === null) return new Unknown('null value in a template', undefined, true);
            if (typeof v === 'object') return new Unknown('a list or map value inside a string template', undefined, true);
          }
          out += String(v);
        }
      }
      if (parts) {
        parts.push(out);
        return new UnknownTemplate(parts.find(isUnknown)!.reason, parts);
      }
      return out;
    }
    case 'tuple':
      return e.items.map((x) => evaluate(x, scope, d));
    case 'object': {
      const o: { [k: string]: Value } = {};
      for (const it of e.items) {
        let k: Value = it.keyName ?? evaluate(it.key, scope, d);
        if (it.key.t === 'traverse' || (it.key.t === 'ref' && it.key.parts.length)) k = evaluate(it.key, scope, d);
        if (isUnknown(k)) return new Unknown(k.reason, o);
        o[String(k)] = evaluate(it.value, scope, d);
      }
      return o;
    }
    case 'ref': {
      const ev = (x: Expr) => evaluate(x, scope, d);
      const { value, used } = scope.lookup(e.root, e.parts, ev);
      return traverse(value, e.parts, ev, used);
    }
    case 'traverse':
      return traverse(evaluate(e.base, scope, d), e.parts, (x: Expr) => evaluate(x, scope, d));
    case 'call': {
      const args = e.args.map((x) => evaluate(x, scope, d));
      if (e.expandLast && args.length) {
        const last = args.pop()!;
        if (isUnknown(last)) return last;
        if (Array.isArray(last)) args.push(...last);
        else return new Unknown('argument expansion of a non-list', undefined, true);
      }
      if (e.name === 'templatefile' && args.length === 2 && scope.templateFile) return templateFile(scope, args, depth);
      return callFunction(e.name, args);
    }
    case 'cond': {
      const c = evaluate(e.cond, scope, d);
      // An error in the condition is an error of the whole expression (so try() moves on), not an unknown.
      if (isUnknown(c) && c.error) return c;
      if (isUnknown(c)) {
        // Both branches equal: the condition does not matter.
        const a = evaluate(e.then, scope, d);
        const b = evaluate(e.else, scope, d);
        if (!firstUnknown(a) && !firstUnknown(b) && JSON.stringify(a) === JSON.stringify(b)) return a;
        return new Unknown(c.reason);
      }
      return c === true || c === 'true' ? evaluate(e.then, scope, d) : evaluate(e.else, scope, d);
    }
    case 'unop': {
      const v = evaluate(e.operand, scope, d);
      if (isUnknown(v)) return v;
      if (e.op === '!') return !(v === true || v === 'true');
      if (e.op === '-') return -Number(v);
      return new Unknown(`operator ${e.op}`);
    }
    case 'binop':
      return binop(e.op, evaluate(e.left, scope, d), e.right, scope, d);
    case 'for':
      return forExpr(e, scope, depth);
    case 'unsupported':
      return new Unknown(`expression not evaluated: ${e.text.slice(0, 40)}`);
  }
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
  let entries: [Value, Value][];
  if (Array.isArray(coll)) entries = coll.map((v, i) => [i, v]);
  else if (isObject(coll)) entries = Object.entries(coll);
  else return new Unknown('for expression over a non-collection', undefined, true);
  if (entries.length > MAX_FOR) return new Unknown(`for expression over more than ${MAX_FOR} elements`);
  const outList: Value[] = [];
  const outObj: { [k: string]: Value } = {};
  for (const [k, v] of entries) {
    const vars: Record<string, Value> = { [e.valVar]: v };
    if (e.keyVar) vars[e.keyVar] = k;
    const s = new ChildScope(scope, vars);
    if (e.cond) {
      const c = evaluate(e.cond, s, depth + 1);
      if (isUnknown(c)) return new Unknown(c.reason);
      if (c !== true) continue;
    }
    const val = evaluate(e.value, s, depth + 1);
    if (e.object) {
      const key = evaluate(e.key!, s, depth + 1);
      if (isUnknown(key)) return new Unknown(key.reason);
      const ks = String(key);
      if (e.group) ((outObj[ks] ??= []) as Value[]).push(val);
      else outObj[ks] = val;
    } else outList.push(val);
  }
  return e.object ? outObj : outList;
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
