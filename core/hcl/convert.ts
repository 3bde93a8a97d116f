// The converter from the tree copy (lite-tree.ts) to the positioned AST (ast.ts).
//
// Written for V8's optimising compiler (issue 12: the scan paid about as much for recompiling these functions
// after deoptimisations as for compiling them once). So: one small method per kind of node, which keeps each
// compile small and the recursion's frames small (deep nesting recurses through expr; see the depth limit);
// loops over `children` instead of filter/find/map chains and spreads; each kind of AST object built in one
// place (the factories below), so it has one shape; a result's kind decided from the tree's node types, not
// by reading the `t` of an Expr whose shape varies; rare paths (legacy index, heredoc trimming) in their own
// functions.
import type { LiteNode as Node } from './lite-tree.js';
import type { Range } from '../types.js';
import type { Expr, HclAttribute, HclBlock, Traversal } from './ast.js';
import { stripIndent, unescapeHcl } from './template-text.js';

type ObjectItem = { key: Expr; keyName?: string; value: Expr };

const unsupported = (text: string, r: Range): Expr => ({ t: 'unsupported', text, r });
const lit = (value: string | number | boolean | null, r: Range): Expr => ({ t: 'lit', value, r });
const ref = (root: string, parts: Traversal[], r: Range): Expr => ({ t: 'ref', root, parts, r });
const traverse = (base: Expr, parts: Traversal[], r: Range): Expr => ({ t: 'traverse', base, parts, r });

/** A node's named children without comments (what the converter reads), in one pass. */
export function named(n: Node): Node[] {
  const ch = n.children;
  const out: Node[] = [];
  for (let i = 0; i < ch.length; i++) {
    const c = ch[i];
    if (c.isNamed && c.type !== 'comment') out.push(c);
  }
  return out;
}

/** The first of named(n), without building the list. */
function firstNamed(n: Node): Node | undefined {
  const ch = n.children;
  for (let i = 0; i < ch.length; i++) {
    const c = ch[i];
    if (c.isNamed && c.type !== 'comment') return c;
  }
  return undefined;
}

/** The index of the first named node of `type` in `nodes` from `from`, -1 if none. */
function indexOf(nodes: Node[], type: string, from: number): number {
  for (let i = from; i < nodes.length; i++) if (nodes[i].type === type && nodes[i].isNamed) return i;
  return -1;
}

/** The first named child of `type`. */
function childOf(n: Node, type: string): Node | undefined {
  const i = indexOf(n.children, type, 0);
  return i < 0 ? undefined : n.children[i];
}

/** Whether any child (named or not) is of `type`. */
function hasChild(n: Node, type: string): boolean {
  const ch = n.children;
  for (let i = 0; i < ch.length; i++) if (ch[i].type === type) return true;
  return false;
}

/** A node's children without comments; the node's own list when it has none (the common case). */
function code(n: Node): Node[] {
  const ch = n.children;
  for (let i = 0; i < ch.length; i++) if (ch[i].type === 'comment') return withoutComments(ch);
  return ch;
}

function withoutComments(ch: Node[]): Node[] {
  const out: Node[] = [];
  for (let i = 0; i < ch.length; i++) if (ch[i].type !== 'comment') out.push(ch[i]);
  return out;
}

export function stringLitText(n: Node): string {
  let out = '';
  const ch = n.children;
  for (let i = 0; i < ch.length; i++) if (ch[i].type === 'template_literal' && ch[i].isNamed) out += ch[i].text;
  return out;
}

/** Node types whose Expr can be a `ref` (a variable, or one wrapped in parentheses or in error recovery). */
const mayBeRef = (type: string): boolean => type === 'variable_expr' || type === '(' || type === 'expression' || type === 'collection_value' || type === 'operation';

/** An object key's literal name: a bare identifier (not a variable) or a string. */
function keyNameOf(key: Expr): string | undefined {
  if (key.t === 'ref') return key.parts.length === 0 ? key.root : undefined;
  return key.t === 'lit' && typeof key.value === 'string' ? key.value : undefined;
}

/** `.0`-style index (legacy syntax): rare, kept out of postfix. */
function legacyIndex(inner: Node): Traversal {
  return { t: 'index', key: lit(Number(inner.text.replace(/^\./, '')), inner.range) };
}

/** Block types that only exist at the top level of a file: never nested in valid Terraform. */
const TOP_LEVEL = new Set(['resource', 'data', 'module', 'variable', 'output', 'locals', 'provider', 'terraform', 'moved', 'import', 'check', 'removed', 'ephemeral']);

export class Converter {
  tooDeep: Range | undefined = undefined;
  /** Top-level blocks that error recovery nested inside a broken block; they belong at the top. */
  readonly hoisted: HclBlock[] = [];
  /**
   * The lists being built (labels, traversals, arguments, items), each above the one it is nested in (an index's
   * key is converted while its traversal is read): every list is then an exactly-sized copy (`close`). Pushed to
   * from empty, a list grows to 16 slots at its first element, and the AST's lists are kept for the whole scan
   * (parse cache). Holds an element from the start so that every copy has the same elements kind, empty or not;
   * written up to `top`, never shortened.
   */
  private readonly open: unknown[] = [null];
  private top = 0;
  constructor(
    private readonly src: string,
    private readonly maxDepth: number,
  ) {}

  private add(x: unknown): void {
    this.open[this.top++] = x;
  }

  /** What was added since `from`, as a list of its own. */
  private close<T>(from: number): T[] {
    const out = this.open.slice(from, this.top) as T[];
    this.top = from;
    return out;
  }

  /** `base` followed by `parts`: a longer ref when base is one. */
  private traversed(base: Expr, parts: Traversal[], r: Range): Expr {
    if (base.t !== 'ref') return traverse(base, parts, r);
    const open = this.top;
    for (const p of base.parts) this.add(p);
    for (const p of parts) this.add(p);
    return ref(base.root, this.close<Traversal>(open), r);
  }

  /** Fill attributes and blocks from a body (or from the root/ERROR nodes that stand in for one). */
  body(n: Node, attrs: Map<string, HclAttribute>, blocks: HclBlock[], depth: number): boolean {
    let hasError = n.type === 'ERROR' || n.hasError;
    const ch = n.children;
    for (let i = 0; i < ch.length; i++) {
      const c = ch[i];
      if (c.isNamed && c.type !== 'comment' && this.item(c, attrs, blocks, depth)) hasError = true;
    }
    return hasError;
  }

  /** One child of a body (or of a node standing in for one); true when it is a broken body. */
  item(c: Node, attrs: Map<string, HclAttribute>, blocks: HclBlock[], depth: number): boolean {
    if (c.type === 'body' || c.type === 'ERROR') return this.body(c, attrs, blocks, depth + 1);
    if (c.type === 'attribute') {
      const a = this.attribute(c);
      if (a) attrs.set(a.name, a);
    } else if (c.type === 'block') {
      if (depth < 200) blocks.push(this.block(c, depth + 1));
    }
    return false;
  }

  attribute(n: Node): HclAttribute | undefined {
    const id = firstNamed(n);
    if (!id || id.type !== 'identifier') return undefined;
    const exprNode = childOf(n, 'expression');
    const expr = exprNode ? this.expr(exprNode, 0) : unsupported('', n.range);
    return { name: id.text, expr, range: n.range };
  }

  block(n: Node, depth: number): HclBlock {
    const ch = n.children;
    let type = '';
    const labels = this.top;
    let headerEnd = n;
    const attributes = new Map<string, HclAttribute>();
    const blocks: HclBlock[] = [];
    let hasError = n.hasError;
    // The block type, then labels up to the first other node; every body (or ERROR standing in for one).
    let seen = 0;
    let header = true;
    for (let i = 0; i < ch.length; i++) {
      const k = ch[i];
      if (!k.isNamed || k.type === 'comment') continue;
      if (seen++ === 0) {
        if (k.type === 'identifier') type = k.text;
        headerEnd = k;
      } else if (header) {
        if (k.type === 'string_lit') this.add(stringLitText(k));
        else if (k.type === 'identifier') this.add(k.text);
        else header = false;
        if (header) headerEnd = k;
      }
      if ((k.type === 'body' || k.type === 'ERROR') && this.body(k, attributes, blocks, depth)) hasError = true;
    }
    // Nested blocks are converted above the labels in `open` and closed before.
    const labelList = this.close<string>(labels);
    if (hasError) this.hoist(type, blocks);
    const r = n.range;
    const he = headerEnd.range;
    return {
      type,
      labels: labelList,
      attributes,
      blocks,
      range: r,
      headerRange: { startLine: r.startLine, startColumn: r.startColumn, endLine: he.endLine, endColumn: he.endColumn },
      hasError,
    };
  }

  /** Tree-sitter recovers from a half-typed block by nesting the following blocks inside it. */
  private hoist(type: string, blocks: HclBlock[]): void {
    for (let i = blocks.length - 1; i >= 0; i--) {
      const b = blocks[i];
      if (TOP_LEVEL.has(b.type) && !(type === 'check' && b.type === 'data')) {
        this.hoisted.unshift(b);
        blocks.splice(i, 1);
      }
    }
  }

  /** The dispatch on the node's type; kept small: deep nesting puts one of its frames on the stack per level. */
  expr(n: Node, depth: number): Expr {
    if (depth > this.maxDepth) return this.deep(n);
    switch (n.type) {
      case 'expression':
        return this.expression(n, depth);
      case 'variable_expr':
        return ref(n.text, this.close<Traversal>(this.top), n.range);
      case 'literal_value':
        return literal(n);
      case 'collection_value':
      case 'operation': {
        const c = firstNamed(n);
        return c ? this.expr(c, depth + 1) : unsupported(n.text, n.range);
      }
      case 'tuple':
        return this.tuple(n, depth);
      case 'object':
        return this.object(n, depth);
      case 'template_expr': {
        const c = firstNamed(n);
        return c ? this.template(c, depth) : unsupported(n.text, n.range);
      }
      case 'function_call':
        return this.call(n, depth);
      case 'conditional':
        return this.cond(n, depth);
      case 'binary_operation':
        return this.binop(n, depth);
      case 'unary_operation':
        return this.unop(n, depth);
      case 'for_expr': {
        const c = firstNamed(n);
        return c ? this.forExpr(c, depth) : unsupported(n.text, n.range);
      }
      case 'quoted_template':
      case 'heredoc_template':
        return this.template(n, depth);
      default:
        // ERROR nodes too.
        return unsupported(n.text.slice(0, 80), n.range);
    }
  }

  private deep(n: Node): Expr {
    const r = n.range;
    this.tooDeep ??= r;
    return unsupported('too deep', r);
  }

  /** `( expr )` or a primary, followed by postfix traversals. */
  private expression(n: Node, depth: number): Expr {
    const kids = code(n);
    const first = kids[0];
    if (first === undefined) return unsupported('', n.range);
    // The common `var.x.y`: its ref is built once, with the traversal that follows it.
    const isVar = first.type === 'variable_expr' && depth < this.maxDepth;
    let base: Expr | undefined;
    let from = 1;
    if (first.type === '(') {
      const inner = indexOf(kids, 'expression', 0);
      base = inner >= 0 ? this.expr(kids[inner], depth + 1) : unsupported(n.text, n.range);
      from = kids.length;
      for (let i = 0; i < kids.length; i++) {
        if (kids[i].type === ')') {
          from = i + 1;
          break;
        }
      }
    } else if (!isVar) base = this.expr(first, depth + 1);
    const open = this.top;
    for (let i = from; i < kids.length; i++) this.postfix(kids[i], depth);
    const parts = this.close<Traversal>(open);
    if (base === undefined) return ref(first.text, parts, parts.length === 0 ? first.range : n.range);
    if (parts.length === 0) return base;
    return mayBeRef(first.type) ? this.traversed(base, parts, n.range) : traverse(base, parts, n.range);
  }

  /** The `expression` children of a node, converted (a loop, not map(): deep nesting recurses through here). */
  private exprs(n: Node | undefined, depth: number): Expr[] {
    const open = this.top;
    if (n !== undefined) {
      const ch = n.children;
      for (let i = 0; i < ch.length; i++) if (ch[i].type === 'expression') this.add(this.expr(ch[i], depth));
    }
    return this.close<Expr>(open);
  }

  private tuple(n: Node, depth: number): Expr {
    const r = n.range;
    return { t: 'tuple', items: this.exprs(n, depth + 1), r };
  }

  private object(n: Node, depth: number): Expr {
    const r = n.range;
    const open = this.top;
    const ch = n.children;
    for (let i = 0; i < ch.length; i++) {
      const el = ch[i];
      if (el.type !== 'object_elem' || !el.isNamed) continue;
      const ec = el.children;
      const k = indexOf(ec, 'expression', 0);
      const v = k < 0 ? -1 : indexOf(ec, 'expression', k + 1);
      if (v < 0) continue;
      const key = this.expr(ec[k], depth + 1);
      // A bare identifier key means the literal name, not a variable.
      const kc = code(ec[k]);
      const keyName = depth + 1 < this.maxDepth && kc.length === 1 && kc[0].type === 'variable_expr' ? kc[0].text : keyNameOf(key);
      const item: ObjectItem = { key, keyName, value: this.expr(ec[v], depth + 1) };
      this.add(item);
    }
    return { t: 'object', items: this.close<ObjectItem>(open), r };
  }

  private call(n: Node, depth: number): Expr {
    const r = n.range;
    const name = firstNamed(n)?.text ?? '';
    const argsNode = childOf(n, 'function_arguments');
    const args = this.exprs(argsNode, depth + 1);
    const expandLast = argsNode !== undefined && (hasChild(argsNode, 'expand_arguments') || hasChild(argsNode, 'ellipsis'));
    return { t: 'call', name, args, expandLast, r };
  }

  private cond(n: Node, depth: number): Expr {
    const r = n.range;
    const ch = n.children;
    const a = indexOf(ch, 'expression', 0);
    const b = a < 0 ? -1 : indexOf(ch, 'expression', a + 1);
    const c = b < 0 ? -1 : indexOf(ch, 'expression', b + 1);
    if (c < 0) return unsupported(n.text, r);
    return { t: 'cond', cond: this.expr(ch[a], depth + 1), then: this.expr(ch[b], depth + 1), else: this.expr(ch[c], depth + 1), r };
  }

  /** Operands may be flattened into primary + postfix siblings around the (anonymous) operator. */
  private binop(n: Node, depth: number): Expr {
    const r = n.range;
    const kids = code(n);
    let op = -1;
    for (let i = 1; i < kids.length; i++) {
      if (!kids[i].isNamed) {
        op = i;
        break;
      }
    }
    if (op < 1 || op >= kids.length - 1) return unsupported(n.text, r);
    return { t: 'binop', op: kids[op].type, left: this.group(kids, 0, op, depth), right: this.group(kids, op + 1, kids.length, depth), r };
  }

  private unop(n: Node, depth: number): Expr {
    const r = n.range;
    const kids = code(n);
    if (kids.length < 2) return unsupported(n.text, r);
    return { t: 'unop', op: kids[0].type, operand: this.group(kids, 1, kids.length, depth), r };
  }

  /** A primary expression followed by postfix traversals, given as the sibling nodes kids[from..to). */
  private group(kids: Node[], from: number, to: number, depth: number): Expr {
    const first = kids[from];
    if (to - from === 1) return this.expr(first, depth + 1);
    const isVar = first.type === 'variable_expr' && depth < this.maxDepth;
    const base = isVar ? undefined : this.expr(first, depth + 1);
    const open = this.top;
    for (let i = from + 1; i < to; i++) this.postfix(kids[i], depth);
    const parts = this.close<Traversal>(open);
    const r = first.rangeTo(kids[to - 1]);
    if (base === undefined) return ref(first.text, parts, r);
    return mayBeRef(first.type) ? this.traversed(base, parts, r) : traverse(base, parts, r);
  }

  /** Adds the traversal of a postfix node to the list open in `open`. */
  private postfix(k: Node, depth: number): void {
    if (k.type === 'get_attr') {
      const id = childOf(k, 'identifier');
      if (id) this.add({ t: 'attr', name: id.text });
    } else if (k.type === 'index') {
      const inner = firstNamed(k);
      if (inner === undefined) return;
      if (inner.type === 'legacy_index') {
        this.add(legacyIndex(inner));
        return;
      }
      const e = childOf(inner, 'expression');
      // Two levels: `a[a[a[...]]]` puts three frames on the stack per level (expr, expression, postfix),
      // and counted as one it ran out of stack before the depth limit.
      if (e) {
        const key = this.expr(e, depth + 2);
        this.add({ t: 'index', key });
      }
    } else if (k.type === 'splat') {
      this.add({ t: 'splat' });
      const inner = firstNamed(k);
      if (inner) {
        const ch = inner.children;
        for (let i = 0; i < ch.length; i++) if (ch[i].isNamed && ch[i].type !== 'comment') this.postfix(ch[i], depth);
      }
    }
  }

  forExpr(n: Node, depth: number): Expr {
    const r = n.range;
    const object = n.type === 'for_object_expr';
    let intro: Node | undefined;
    let cond: Node | undefined;
    let body0: Node | undefined;
    let body1: Node | undefined;
    const ch = n.children;
    for (let i = 0; i < ch.length; i++) {
      const k = ch[i];
      if (!k.isNamed) continue;
      if (k.type === 'for_intro') intro ??= k;
      else if (k.type === 'for_cond') cond ??= k;
      else if (k.type === 'expression') {
        if (body0 === undefined) body0 = k;
        else body1 ??= k;
      }
    }
    if (!intro) return unsupported(n.text, r);
    // `for k, v in coll` or `for v in coll`.
    let id0: string | undefined;
    let id1: string | undefined;
    let ids = 0;
    const ich = intro.children;
    for (let i = 0; i < ich.length; i++) {
      if (ich[i].type !== 'identifier' || !ich[i].isNamed) continue;
      if (ids === 0) id0 = ich[i].text;
      else if (ids === 1) id1 = ich[i].text;
      ids++;
    }
    const collNode = childOf(intro, 'expression');
    const condExpr = cond && childOf(cond, 'expression');
    if (!collNode || body0 === undefined) return unsupported(n.text, r);
    return {
      t: 'for',
      keyVar: ids >= 2 ? id0 : undefined,
      valVar: ids >= 2 ? id1! : (id0 ?? '_'),
      coll: this.expr(collNode, depth + 1),
      key: object ? this.expr(body0, depth + 1) : undefined,
      value: this.expr(object ? (body1 ?? body0) : body0, depth + 1),
      cond: condExpr ? this.expr(condExpr, depth + 1) : undefined,
      object,
      group: hasChild(n, 'ellipsis'),
      r,
    };
  }

  /** Templates keep literal text from the source between interpolations (tree-sitter trims heredoc text). */
  template(n: Node, depth: number): Expr {
    const r = n.range;
    const heredoc = n.type === 'heredoc_template';
    // Literal text span: for a heredoc, from the line after the opening identifier to the closing one.
    let start = n.startIndex + 1;
    let end = n.endIndex - 1;
    if (heredoc) {
      const span = this.heredocSpan(n);
      if (span === undefined) return unsupported(n.text.slice(0, 80), r);
      start = span[0];
      end = span[1];
    }
    const parts: (string | Expr)[] = [];
    let directive = false;
    let interpolated = false;
    let textLast = false;
    let cursor = start;
    const ch = n.children;
    for (let i = 0; i < ch.length; i++) {
      const k = ch[i];
      const kind = k.type;
      if (kind !== 'template_interpolation' && kind !== 'template_directive') continue;
      if (k.startIndex > cursor) {
        parts.push(this.literalText(cursor, k.startIndex, heredoc));
        textLast = true;
      }
      if (kind === 'template_directive') directive = true;
      else {
        const e = childOf(k, 'expression');
        if (e) {
          parts.push(this.expr(e, depth + 1));
          interpolated = true;
          textLast = false;
        }
      }
      cursor = k.endIndex;
    }
    if (end > cursor) {
      parts.push(this.literalText(cursor, end, heredoc));
      textLast = true;
    }
    const strs = heredoc ? heredocParts(parts, textLast, this.src.startsWith('<<-', n.startIndex)) : parts;
    if (!interpolated && !directive) return lit(strs.join(''), r);
    return { t: 'tmpl', parts: strs, heredoc, directive, r };
  }

  private literalText(from: number, to: number, heredoc: boolean): string {
    const s = this.src.slice(from, to);
    return heredoc ? s : unescapeHcl(s);
  }

  /** A heredoc's literal text: from the line after its opening identifier to its closing one. */
  private heredocSpan(n: Node): [number, number] | undefined {
    let first: Node | undefined;
    let last: Node | undefined;
    const ch = n.children;
    for (let i = 0; i < ch.length; i++) {
      if (ch[i].type !== 'heredoc_identifier' || !ch[i].isNamed) continue;
      first ??= ch[i];
      last = ch[i];
    }
    if (first === undefined || last === first) return undefined;
    let start = this.src.indexOf('\n', first.endIndex) + 1;
    const end = last!.startIndex;
    if (start <= 0 || start > end) start = end;
    return [start, end];
  }
}

/** A heredoc's last line ends before the closing identifier's indentation; `<<-` strips the common indentation. */
function heredocParts(parts: (string | Expr)[], textLast: boolean, strip: boolean): (string | Expr)[] {
  if (textLast) parts[parts.length - 1] = (parts[parts.length - 1] as string).replace(/[ \t]*$/, '');
  return strip ? stripIndent(parts) : parts;
}

function literal(n: Node): Expr {
  const r = n.range;
  const c = firstNamed(n);
  if (!c) return unsupported(n.text, r);
  switch (c.type) {
    case 'numeric_lit':
      return lit(Number(c.text), r);
    case 'bool_lit':
      return lit(c.text === 'true', r);
    case 'null_lit':
      return lit(null, r);
    case 'string_lit':
      return lit(unescapeHcl(stringLitText(c)), r);
    default:
      return unsupported(n.text, r);
  }
}
