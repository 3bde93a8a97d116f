// HCL parsing with web-tree-sitter + tree-sitter-hcl (see docs/decisions/0001-parsers.md).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, Language, type Tree } from 'web-tree-sitter';
import { liteTree, type LiteNode as Node } from './lite-tree.js';
import { bindRawCursor } from './raw-cursor.js';
import type { Range } from '../types.js';
import type { Expr, HclAttribute, HclBlock, HclFile, Traversal } from './ast.js';

let parserPromise: Promise<Parser> | undefined;

/** Where the two .wasm files are: next to a bundle (dist/wasm) or in node_modules. */
function wasmPaths(): { runtime: string; grammar: string } {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, 'wasm'), join(here, '..', 'wasm'), join(here, '..', '..', 'dist', 'wasm')]) {
    const runtime = join(dir, 'web-tree-sitter.wasm');
    if (existsSync(runtime)) return { runtime, grammar: join(dir, 'tree-sitter-terraform.wasm') };
  }
  const req = createRequire(import.meta.url);
  return {
    runtime: join(dirname(req.resolve('web-tree-sitter')), 'web-tree-sitter.wasm'),
    grammar: join(dirname(req.resolve('@tree-sitter-grammars/tree-sitter-hcl/package.json')), 'tree-sitter-terraform.wasm'),
  };
}

/** Initialise the WASM parser once (async); parsing itself is synchronous. */
export function initHcl(): Promise<Parser> {
  parserPromise ??= (async () => {
    const { runtime, grammar } = wasmPaths();
    // This object becomes web-tree-sitter's emscripten module: the raw cursor walk reads its exports.
    const module: Record<string, unknown> = { locateFile: () => runtime };
    await Parser.init(module);
    bindRawCursor(module);
    const lang = await Language.load(grammar);
    const p = new Parser();
    p.setLanguage(lang);
    return p;
  })();
  return parserPromise;
}

const rangeOf = (n: Node): Range => ({
  startLine: n.startPosition.row + 1,
  startColumn: n.startPosition.column + 1,
  endLine: n.endPosition.row + 1,
  endColumn: n.endPosition.column + 1,
});

const named = (n: Node): Node[] => n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');

/** Parse HCL source into the positioned AST. `parser` comes from initHcl(). */
export function parseHcl(parser: Parser, path: string, src: string, maxDepth = 2000): HclFile {
  const tree = parser.parse(src);
  if (!tree) return noTree(path);
  try {
    return hclFromTree(tree, path, src, maxDepth);
  } finally {
    tree.delete();
  }
}

export const noTree = (path: string): HclFile => ({ path, blocks: [], attributes: new Map(), errors: [{ range: pos1, message: 'parser returned no tree' }] });

/** The positioned AST of a parsed tree (the caller keeps and deletes the tree: the editor reparses with it). */
export function hclFromTree(tree: Tree, path: string, src: string, maxDepth = 2000): HclFile {
  const root = liteTree(tree, src);
  const conv = new Converter(src, maxDepth);
  const file: HclFile = { path, blocks: [], attributes: new Map(), errors: [] };
  conv.body(root, file.attributes, file.blocks, 0);
  file.blocks.push(...conv.hoisted);
  if (root.hasError) file.errors.push(...sortErrors(syntaxErrors(root)));
  if (conv.tooDeep) file.errors.push(tooDeepError(conv.tooDeep, maxDepth));
  return file;
}

export const tooDeepError = (range: Range, maxDepth: number) => ({ range, message: `expression nesting deeper than ${maxDepth} levels; the rest of it is treated as unknown` });

/**
 * What one child of the file (depth 0) or of its body (depth 1) adds to the file, converted as
 * hclFromTree converts it: the editor's incremental parse converts only the children an edit touched.
 * `hoisted`: top-level blocks error recovery nested inside this child; `errors`: its syntax errors in
 * document order, before sorting (at most MAX_ERRORS).
 */
export interface TopLevelItem {
  blocks: HclBlock[];
  attributes: Map<string, HclAttribute>;
  hoisted: HclBlock[];
  errors: HclFile['errors'];
  tooDeep?: Range;
}

export function convertTopLevel(n: Node, src: string, maxDepth: number, depth: 0 | 1): TopLevelItem {
  const conv = new Converter(src, maxDepth);
  const out: TopLevelItem = { blocks: [], attributes: new Map(), hoisted: conv.hoisted, errors: n.hasError ? syntaxErrors(n) : [] };
  conv.item(n, out.attributes, out.blocks, depth);
  out.tooDeep = conv.tooDeep;
  return out;
}

const pos1: Range = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

/** A file reports at most this many syntax errors. */
export const MAX_ERRORS = 20;

/** The first MAX_ERRORS syntax errors under a node, in document order. */
function syntaxErrors(root: Node): HclFile['errors'] {
  const out: HclFile['errors'] = [];
  // Iterative walk: broken files can be deep.
  const stack: Node[] = [root];
  while (stack.length && out.length < MAX_ERRORS) {
    const n = stack.pop()!;
    if (!n.hasError && !n.isMissing) continue;
    if (n.isMissing) {
      out.push({ range: rangeOf(n), message: `syntax error: missing ${JSON.stringify(n.type)}` });
      continue;
    }
    if (n.type === 'ERROR') {
      const first = n.text.split('\n')[0].slice(0, 40);
      out.push({ range: rangeOf(n), message: `syntax error near ${JSON.stringify(first)}` });
      continue;
    }
    const kids = n.children.filter((c): c is Node => !!c);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

export const sortErrors = (es: HclFile['errors']) => es.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn);

function stringLitText(n: Node): string {
  return named(n)
    .filter((c) => c.type === 'template_literal')
    .map((c) => c.text)
    .join('');
}

/** Block types that only exist at the top level of a file: never nested in valid Terraform. */
const TOP_LEVEL = new Set(['resource', 'data', 'module', 'variable', 'output', 'locals', 'provider', 'terraform', 'moved', 'import', 'check', 'removed', 'ephemeral']);

class Converter {
  tooDeep: Range | undefined;
  /** Top-level blocks that error recovery nested inside a broken block; they belong at the top. */
  readonly hoisted: HclBlock[] = [];
  constructor(
    private src: string,
    private maxDepth: number,
  ) {}

  /** Fill attributes and blocks from a body (or from the root/ERROR nodes that stand in for one). */
  body(n: Node, attrs: Map<string, HclAttribute>, blocks: HclBlock[], depth: number): boolean {
    let hasError = n.type === 'ERROR' || n.hasError;
    for (const c of named(n)) if (this.item(c, attrs, blocks, depth)) hasError = true;
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
    const kids = named(n);
    const id = kids[0];
    const exprNode = kids.find((k) => k.type === 'expression');
    if (!id || id.type !== 'identifier') return undefined;
    const expr: Expr = exprNode ? this.expr(exprNode, 0) : { t: 'unsupported', text: '', r: rangeOf(n) };
    return { name: id.text, expr, range: rangeOf(n) };
  }

  block(n: Node, depth: number): HclBlock {
    const kids = named(n);
    const type = kids[0]?.type === 'identifier' ? kids[0].text : '';
    const labels: string[] = [];
    let headerEnd = kids[0] ?? n;
    for (const k of kids.slice(1)) {
      if (k.type === 'string_lit') labels.push(stringLitText(k));
      else if (k.type === 'identifier') labels.push(k.text);
      else break;
      headerEnd = k;
    }
    const attributes = new Map<string, HclAttribute>();
    const blocks: HclBlock[] = [];
    let hasError = n.hasError;
    for (const k of kids) {
      if (k.type === 'body' || k.type === 'ERROR') {
        if (this.body(k, attributes, blocks, depth)) hasError = true;
      }
    }
    // Tree-sitter recovers from a half-typed block by nesting the following blocks inside it.
    if (hasError) {
      for (let i = blocks.length - 1; i >= 0; i--) {
        const b = blocks[i];
        if (TOP_LEVEL.has(b.type) && !(type === 'check' && b.type === 'data')) {
          this.hoisted.unshift(b);
          blocks.splice(i, 1);
        }
      }
    }
    const r = rangeOf(n);
    const he = rangeOf(headerEnd);
    return {
      type,
      labels,
      attributes,
      blocks,
      range: r,
      headerRange: { startLine: r.startLine, startColumn: r.startColumn, endLine: he.endLine, endColumn: he.endColumn },
      hasError,
    };
  }

  expr(n: Node, depth: number): Expr {
    const r = rangeOf(n);
    if (depth > this.maxDepth) {
      this.tooDeep ??= r;
      return { t: 'unsupported', text: 'too deep', r };
    }
    if (n.hasError && n.type === 'ERROR') return { t: 'unsupported', text: n.text.slice(0, 80), r };
    switch (n.type) {
      case 'expression': {
        const kids = n.children.filter((c): c is Node => !!c && c.type !== 'comment');
        // `( expr )` or a primary followed by postfix traversals.
        let i = 0;
        let base: Expr;
        if (kids[0]?.type === '(') {
          const inner = kids.find((k) => k.type === 'expression');
          base = inner ? this.expr(inner, depth + 1) : { t: 'unsupported', text: n.text, r };
          i = kids.findIndex((k) => k.type === ')') + 1;
          if (i === 0) i = kids.length;
        } else {
          if (!kids[0]) return { t: 'unsupported', text: '', r };
          base = this.expr(kids[0], depth + 1);
          i = 1;
        }
        const parts: Traversal[] = [];
        for (; i < kids.length; i++) this.postfix(kids[i], parts, depth);
        if (!parts.length) return base;
        if (base.t === 'ref') return { t: 'ref', root: base.root, parts: [...base.parts, ...parts], r };
        return { t: 'traverse', base, parts, r };
      }
      case 'variable_expr':
        return { t: 'ref', root: n.text, parts: [], r };
      case 'literal_value': {
        const c = named(n)[0];
        if (!c) return { t: 'unsupported', text: n.text, r };
        if (c.type === 'numeric_lit') return { t: 'lit', value: Number(c.text), r };
        if (c.type === 'bool_lit') return { t: 'lit', value: c.text === 'true', r };
        if (c.type === 'null_lit') return { t: 'lit', value: null, r };
        if (c.type === 'string_lit') return { t: 'lit', value: unescapeHcl(stringLitText(c)), r };
        return { t: 'unsupported', text: n.text, r };
      }
      case 'collection_value':
        return named(n)[0] ? this.expr(named(n)[0], depth + 1) : { t: 'unsupported', text: n.text, r };
      case 'tuple':
        return { t: 'tuple', items: named(n).filter((k) => k.type === 'expression').map((k) => this.expr(k, depth + 1)), r };
      case 'object': {
        const items: { key: Expr; keyName?: string; value: Expr }[] = [];
        for (const el of named(n)) {
          if (el.type !== 'object_elem') continue;
          const ex = named(el).filter((k) => k.type === 'expression');
          if (ex.length < 2) continue;
          const key = this.expr(ex[0], depth + 1);
          // A bare identifier key means the literal name, not a variable.
          const keyName = key.t === 'ref' && key.parts.length === 0 ? key.root : key.t === 'lit' && typeof key.value === 'string' ? key.value : undefined;
          items.push({ key, keyName, value: this.expr(ex[1], depth + 1) });
        }
        return { t: 'object', items, r };
      }
      case 'template_expr':
        return named(n)[0] ? this.template(named(n)[0], depth) : { t: 'unsupported', text: n.text, r };
      case 'function_call': {
        const kids = named(n);
        const name = kids[0]?.text ?? '';
        const argsNode = kids.find((k) => k.type === 'function_arguments');
        const args = argsNode ? named(argsNode).filter((k) => k.type === 'expression').map((k) => this.expr(k, depth + 1)) : [];
        const expandLast = !!argsNode?.children.some((c) => c?.type === 'expand_arguments' || c?.type === 'ellipsis');
        return { t: 'call', name, args, expandLast, r };
      }
      case 'conditional': {
        const ex = named(n).filter((k) => k.type === 'expression');
        if (ex.length < 3) return { t: 'unsupported', text: n.text, r };
        return { t: 'cond', cond: this.expr(ex[0], depth + 1), then: this.expr(ex[1], depth + 1), else: this.expr(ex[2], depth + 1), r };
      }
      case 'operation':
        return named(n)[0] ? this.expr(named(n)[0], depth + 1) : { t: 'unsupported', text: n.text, r };
      case 'binary_operation': {
        // Operands may be flattened into primary + postfix siblings around the (anonymous) operator.
        const kids = n.children.filter((c): c is Node => !!c && c.type !== 'comment');
        const opIdx = kids.findIndex((k, i) => i > 0 && !k.isNamed);
        if (opIdx < 1 || opIdx >= kids.length - 1) return { t: 'unsupported', text: n.text, r };
        return { t: 'binop', op: kids[opIdx].type, left: this.group(kids.slice(0, opIdx), depth), right: this.group(kids.slice(opIdx + 1), depth), r };
      }
      case 'unary_operation': {
        const kids = n.children.filter((c): c is Node => !!c && c.type !== 'comment');
        if (kids.length < 2) return { t: 'unsupported', text: n.text, r };
        return { t: 'unop', op: kids[0].type, operand: this.group(kids.slice(1), depth), r };
      }
      case 'for_expr':
        return named(n)[0] ? this.forExpr(named(n)[0], depth) : { t: 'unsupported', text: n.text, r };
      case 'quoted_template':
      case 'heredoc_template':
        return this.template(n, depth);
      default:
        return { t: 'unsupported', text: n.text.slice(0, 80), r };
    }
  }

  /** A primary expression followed by postfix traversals, given as sibling nodes. */
  group(nodes: Node[], depth: number): Expr {
    const base = this.expr(nodes[0], depth + 1);
    if (nodes.length === 1) return base;
    const parts: Traversal[] = [];
    for (const k of nodes.slice(1)) this.postfix(k, parts, depth);
    const first = nodes[0];
    const last = nodes[nodes.length - 1];
    const r: Range = { startLine: first.startPosition.row + 1, startColumn: first.startPosition.column + 1, endLine: last.endPosition.row + 1, endColumn: last.endPosition.column + 1 };
    if (base.t === 'ref') return { t: 'ref', root: base.root, parts: [...base.parts, ...parts], r };
    return { t: 'traverse', base, parts, r };
  }

  postfix(k: Node, parts: Traversal[], depth: number): void {
    if (k.type === 'get_attr') {
      const id = named(k).find((c) => c.type === 'identifier');
      if (id) parts.push({ t: 'attr', name: id.text });
    } else if (k.type === 'index') {
      const inner = named(k)[0];
      if (inner?.type === 'legacy_index') {
        const num = inner.text.replace(/^\./, '');
        parts.push({ t: 'index', key: { t: 'lit', value: Number(num), r: rangeOf(inner) } });
      } else {
        const e = inner && named(inner).find((c) => c.type === 'expression');
        if (e) parts.push({ t: 'index', key: this.expr(e, depth + 1) });
      }
    } else if (k.type === 'splat') {
      parts.push({ t: 'splat' });
      const inner = named(k)[0];
      if (inner) for (const c of named(inner)) this.postfix(c, parts, depth);
    }
  }

  forExpr(n: Node, depth: number): Expr {
    const r = rangeOf(n);
    const object = n.type === 'for_object_expr';
    const kids = named(n);
    const intro = kids.find((k) => k.type === 'for_intro');
    if (!intro) return { t: 'unsupported', text: n.text, r };
    const ids = named(intro).filter((k) => k.type === 'identifier').map((k) => k.text);
    const collNode = named(intro).find((k) => k.type === 'expression');
    const body = kids.filter((k) => k.type === 'expression');
    const condNode = kids.find((k) => k.type === 'for_cond');
    const condExpr = condNode && named(condNode).find((k) => k.type === 'expression');
    if (!collNode || body.length === 0) return { t: 'unsupported', text: n.text, r };
    const [keyVar, valVar] = ids.length >= 2 ? [ids[0], ids[1]] : [undefined, ids[0] ?? '_'];
    return {
      t: 'for',
      keyVar,
      valVar,
      coll: this.expr(collNode, depth + 1),
      key: object ? this.expr(body[0], depth + 1) : undefined,
      value: this.expr(object ? (body[1] ?? body[0]) : body[0], depth + 1),
      cond: condExpr ? this.expr(condExpr, depth + 1) : undefined,
      object,
      group: n.children.some((c) => c?.type === 'ellipsis'),
      r,
    };
  }

  /** Templates keep literal text from the source between interpolations (tree-sitter trims heredoc text). */
  template(n: Node, depth: number): Expr {
    const r = rangeOf(n);
    const heredoc = n.type === 'heredoc_template';
    const kids = named(n);
    const parts: (string | Expr)[] = [];
    let directive = false;
    const strip = heredoc && /^<<-/.test(n.text);
    // Literal text span: for a heredoc, from the line after the opening identifier to the closing one.
    let start: number;
    let end: number;
    if (heredoc) {
      const ids = kids.filter((k) => k.type === 'heredoc_identifier');
      if (ids.length < 2) return { t: 'unsupported', text: n.text.slice(0, 80), r };
      start = this.src.indexOf('\n', ids[0].endIndex) + 1;
      end = ids[ids.length - 1].startIndex;
      if (start <= 0 || start > end) start = end;
    } else {
      start = n.startIndex + 1;
      end = n.endIndex - 1;
    }
    let cursor = start;
    for (const k of kids) {
      if (k.type === 'template_interpolation' || k.type === 'template_directive') {
        if (k.startIndex > cursor) parts.push(this.src.slice(cursor, k.startIndex));
        if (k.type === 'template_directive') directive = true;
        else {
          const e = named(k).find((c) => c.type === 'expression');
          if (e) parts.push(this.expr(e, depth + 1));
        }
        cursor = k.endIndex;
      }
    }
    if (end > cursor) parts.push(this.src.slice(cursor, end));
    let strs = parts.map((p) => (typeof p === 'string' ? (heredoc ? p : unescapeHcl(p)) : p));
    if (heredoc && strs.length && typeof strs[strs.length - 1] === 'string') {
      strs[strs.length - 1] = (strs[strs.length - 1] as string).replace(/[ \t]*$/, '');
    }
    if (strip) strs = stripIndent(strs);
    if (!strs.some((p) => typeof p !== 'string') && !directive) {
      return { t: 'lit', value: strs.join(''), r };
    }
    return { t: 'tmpl', parts: strs, heredoc, directive, r };
  }
}

function stripIndent(parts: (string | Expr)[]): (string | Expr)[] {
  const text = parts.filter((p): p is string => typeof p === 'string').join('');
  const lines = text.split('\n').filter((l) => l.trim());
  const indent = Math.min(...lines.map((l) => l.match(/^[ \t]*/)![0].length), 1e9);
  if (!indent || indent === 1e9) return parts;
  const re = new RegExp(`(^|\\n)[ \\t]{0,${indent}}`, 'g');
  return parts.map((p) => (typeof p === 'string' ? p.replace(re, '$1') : p));
}

export function unescapeHcl(s: string): string {
  if (!s.includes('\\') && !s.includes('$${') && !s.includes('%%{')) return s;
  return s
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_m, c: string) => {
      if (c === 'n') return '\n';
      if (c === 't') return '\t';
      if (c === 'r') return '\r';
      if (c.length > 1) {
        // \uXXXX or \UXXXXXXXX; an out-of-range code point stays as written.
        const cp = parseInt(c.slice(1), 16);
        return cp <= 0x10ffff ? String.fromCodePoint(cp) : `\\${c}`;
      }
      return c;
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}
