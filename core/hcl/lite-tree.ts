// A plain-JavaScript copy of a tree-sitter tree, read in one cursor walk. Reading nodes through
// web-tree-sitter's Node objects crosses the JS/WASM boundary for every property of every node and
// allocates a wrapper each time (the profile of a corpus scan showed the conversion costing about as
// much as the parse itself). A cursor walk asks each node only for its type id and its two offsets;
// lines and columns come from the source's own line index, which is how tree-sitter counts them
// (rows break at "\n"; columns are UTF-16 code units, as the offsets are).
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';
import { withCursor, type CursorOps } from './raw-cursor.js';
import type { Range } from '../types.js';

export interface Point {
  row: number;
  column: number;
}

/**
 * The children of every leaf: one shared array, never pushed to. Not frozen, and made with the elements kind
 * of the other children lists: a frozen or empty-literal array has a map of its own, and the converter's loops
 * over `children` met two maps (a deoptimisation each time optimised code first saw the other).
 */
const NO_CHILDREN: LiteNode[] = [null as unknown as LiteNode];
NO_CHILDREN.length = 0;

/** LiteNode.flags: three booleans in one field (a field per node is 8 bytes over the corpus's 3 M nodes). */
const IS_NAMED = 1;
const IS_MISSING = 2;
const HAS_ERROR = 4;

export class LiteNode {
  children: LiteNode[] = NO_CHILDREN;
  constructor(
    private readonly doc: LiteDoc,
    readonly type: string,
    /** IS_NAMED | IS_MISSING | HAS_ERROR. */
    public flags: number,
    readonly startIndex: number,
    /** -1 until the walk has read the node's children, for the types whose end is their last child's (END_FROM_LAST). */
    public endIndex: number,
  ) {}
  get isNamed(): boolean {
    return (this.flags & IS_NAMED) !== 0;
  }
  get isMissing(): boolean {
    return (this.flags & IS_MISSING) !== 0;
  }
  /** A syntax error in the node or under it. */
  get hasError(): boolean {
    return (this.flags & HAS_ERROR) !== 0;
  }
  get text(): string {
    return this.doc.src.slice(this.startIndex, this.endIndex);
  }
  get startPosition(): Point {
    return this.doc.point(this.startIndex);
  }
  get endPosition(): Point {
    return this.doc.point(this.endIndex);
  }
  /** Where the node is, 1-based (one object, not the two Points and their lookups). */
  get range(): Range {
    return this.doc.range(this.startIndex, this.endIndex);
  }
  /** From this node's start to `last`'s end (a primary and its postfix siblings). */
  rangeTo(last: LiteNode): Range {
    return this.doc.range(this.startIndex, last.endIndex);
  }
}

class LiteDoc {
  private lineStarts: number[] | undefined;
  /** The line of the last lookup: the converter asks in document order, mostly on the same or next line. */
  private last = 0;
  constructor(readonly src: string) {}
  point(index: number): Point {
    const row = this.row(index);
    return { row, column: index - this.lineStarts![row] };
  }
  /** 1-based lines and columns of [start, end), as the AST's ranges are. */
  range(start: number, end: number): Range {
    const sr = this.row(start);
    const er = this.row(end);
    const ls = this.lineStarts!;
    return { startLine: sr + 1, startColumn: start - ls[sr] + 1, endLine: er + 1, endColumn: end - ls[er] + 1 };
  }
  /** The 0-based row of an offset: the last line starting at or before it. */
  private row(index: number): number {
    const ls = (this.lineStarts ??= lineStarts(this.src));
    let lo = this.last;
    // Most lookups land on the line of the previous one or the next.
    if (ls[lo] <= index) {
      if (lo + 1 >= ls.length || ls[lo + 1] > index) return lo;
      if (lo + 2 >= ls.length || ls[lo + 2] > index) return (this.last = lo + 1);
    } else lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return (this.last = lo);
  }
}

function lineStarts(src: string): number[] {
  const out = [0];
  for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/**
 * Named node types of the HCL grammar that are tokens (its node-types.json lists them without children):
 * like every anonymous node (the grammar has no aliases), they are leaves, so the walk does not ask the
 * WASM side for their children.
 */
const TOKENS = new Set(['comment', 'ellipsis', 'heredoc_identifier', 'identifier', 'null_lit', 'quoted_template_end', 'quoted_template_start', 'strip_marker', 'template_directive_end', 'template_directive_start', 'template_interpolation_end', 'template_interpolation_start']);

/**
 * Named node types that always end where their last child ends, so the walk does not ask the WASM side for
 * their end: checked node for node against tree-sitter on the corpus, whole and broken (test/hcl-lite-tree.test.ts
 * compares the copy on fixtures, broken input and a corpus sample). Not ERROR nor the root (they can end with
 * extras: whitespace, comments) and not legacy_index (it ends with an invisible number token).
 */
const END_FROM_LAST = new Set(['attr_splat', 'attribute', 'binary_operation', 'block', 'block_end', 'block_start', 'body', 'bool_lit', 'collection_value', 'conditional', 'expression', 'for_cond', 'for_expr', 'for_intro', 'for_object_expr', 'for_tuple_expr', 'full_splat', 'function_arguments', 'function_call', 'get_attr', 'heredoc_start', 'heredoc_template', 'index', 'literal_value', 'new_index', 'object', 'object_elem', 'object_end', 'object_start', 'operation', 'quoted_template', 'splat', 'string_lit', 'template_expr', 'template_interpolation', 'tuple', 'tuple_end', 'tuple_start', 'unary_operation', 'variable_expr']);

/**
 * What the copy of a tree without syntax errors leaves out: the nodes the converter (convert.ts) never reads,
 * a quarter of the corpus's nodes. Anonymous ones but the operators and parentheses (binop, unop and a
 * parenthesised expression read them), and named tokens that only wrap punctuation, or comments. A broken tree
 * keeps them all: its syntax errors are reported from MISSING and ERROR nodes anywhere.
 */
const READ_ANONYMOUS = new Set(['(', ')', '!', '-', '+', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||']);
const UNREAD_NAMED = new Set(['block_start', 'block_end', 'object_start', 'object_end', 'tuple_start', 'tuple_end', 'quoted_template_start', 'quoted_template_end', 'comment']);
export const unreadInCleanTree = (type: string, named: boolean): boolean => (named ? UNREAD_NAMED.has(type) : !READ_ANONYMOUS.has(type));
/** Named types whose children a clean tree's copy leaves out: the converter reads only their text. */
export const CLEAN_LEAVES = new Set(['variable_expr']);

/** Per language: type name, namedness and leafness by type id, read once (ids are small dense integers). */
interface Types {
  names: string[];
  named: boolean[];
  leaf: boolean[];
  /** A leaf in a clean tree's copy (leaf or CLEAN_LEAVES). */
  cleanLeaf: boolean[];
  /** An anonymous node's width (the length of its type), -1 for a named one. */
  width: number[];
  /** The node ends where its last child does (END_FROM_LAST). */
  endFromLast: boolean[];
  /** Left out of a clean tree's copy (unreadInCleanTree). */
  unread: boolean[];
}
const TYPES = new WeakMap<Language, Types>();

/**
 * The same string as V8 keeps property names (internalized): the converter compares node types with string
 * constants, and two internalized strings compare by address instead of by content.
 */
const interned = (s: string): string => Object.keys({ [s]: 0 })[0];
function typesOf(lang: Language): Types {
  let t = TYPES.get(lang);
  if (!t) {
    const names: string[] = [];
    const named: boolean[] = [];
    const leaf: boolean[] = [];
    const cleanLeaf: boolean[] = [];
    const width: number[] = [];
    const endFromLast: boolean[] = [];
    const unread: boolean[] = [];
    for (let id = 0; id < lang.nodeTypeCount; id++) {
      const name = interned(lang.nodeTypeForId(id) ?? '');
      names.push(name);
      named.push(lang.nodeTypeIsNamed(id));
      leaf.push(!lang.nodeTypeIsNamed(id) || TOKENS.has(name));
      cleanLeaf.push(leaf[id] || (lang.nodeTypeIsNamed(id) && CLEAN_LEAVES.has(name)));
      width.push(lang.nodeTypeIsNamed(id) ? -1 : name.length);
      endFromLast.push(lang.nodeTypeIsNamed(id) && END_FROM_LAST.has(name));
      unread.push(unreadInCleanTree(name, lang.nodeTypeIsNamed(id)));
    }
    TYPES.set(lang, (t = { names, named, leaf, cleanLeaf, width, endFromLast, unread }));
  }
  return t;
}

/** The whole tree as LiteNodes (iterative: broken input can nest deeply). */
export function liteTree(tree: Tree, src: string): LiteNode {
  const root = tree.rootNode;
  return liteWalk(root.walk(), tree, new LiteDoc(src), !root.hasError);
}

/** The subtree under the cursor's node (the editor's incremental parse reads one top-level block). */
export function liteSubtree(c: TreeCursor, tree: Tree, doc: LiteDoc): LiteNode {
  const node = c.currentNode;
  return liteWalk(node.walk(), tree, doc, !node.hasError);
}

export { LiteDoc };

/**
 * Walks from the cursor's node down and deletes the cursor. `clean`: no syntax error under the node, so no
 * MISSING node either, and an anonymous node's text is its type (the grammar's anonymous nodes are all
 * literal strings): its end is not asked of the WASM side, and the nodes the converter does not read are left
 * out (unreadInCleanTree, CLEAN_LEAVES).
 */
function liteWalk(cursor: TreeCursor, tree: Tree, doc: LiteDoc, clean: boolean): LiteNode {
  const lang = tree.language;
  const types = typesOf(lang);
  const leaf = clean ? types.cleanLeaf : types.leaf;
  return withCursor(cursor, tree, (c, t) => {
    const root = readNode(c, t, c.typeId(t), lang, types, doc, clean, true);
    const stack: LiteNode[] = [root];
    // The children of the nodes on the stack, in one list: each node gets its own exactly-sized copy when it
    // is done (pushing to a node's own array grows it to 17 slots at the second child: half the copy's bytes).
    // Written up to `top`, never shortened (a shorter length would trim its backing store, and it would grow again).
    const kids: LiteNode[] = [];
    let top = 0;
    const firstKid: number[] = [0];
    // The end of the node done last: when a level is done, its last child's (-1: left out, not read).
    let lastEnd = -1;
    // Depth-first with the cursor: down to the first child, across siblings, up when a level is done.
    if (c.firstChild(t)) {
      walk: for (;;) {
        const id = c.typeId(t);
        if (clean && types.unread[id] === true) lastEnd = -1;
        else {
          const n = readNode(c, t, id, lang, types, doc, clean, false);
          kids[top++] = n;
          if ((n.flags & HAS_ERROR) !== 0) stack[stack.length - 1].flags |= HAS_ERROR;
          if (leaf[id] !== true && c.firstChild(t)) {
            stack.push(n);
            firstKid.push(top);
            continue;
          }
          if (n.endIndex < 0) n.endIndex = c.end(t);
          lastEnd = n.endIndex;
        }
        while (!c.nextSibling(t)) {
          if (!c.parent(t)) break walk;
          const done = stack.pop()!;
          const from = firstKid.pop()!;
          done.children = from === top ? NO_CHILDREN : kids.slice(from, top);
          top = from;
          // The cursor is on `done` again: asked only when its last child was left out.
          if (done.endIndex < 0) done.endIndex = lastEnd >= 0 ? lastEnd : c.end(t);
          lastEnd = done.endIndex;
          if (stack.length === 0) return root;
          if ((done.flags & HAS_ERROR) !== 0) stack[stack.length - 1].flags |= HAS_ERROR;
        }
      }
    }
    // Only when the cursor could not go up to the walk's root: give the open nodes what was read.
    while (stack.length > 0) {
      const from = firstKid.pop()!;
      stack.pop()!.children = from === top ? NO_CHILDREN : kids.slice(from, top);
      top = from;
    }
    return root;
  });
}

/**
 * The cursor's node, read with as few calls into WASM as it takes. The end of a node of END_FROM_LAST (not the
 * walk's root) is left at -1: the walk takes it from the last child, or asks when there is none.
 */
function readNode(c: CursorOps, t: number, id: number, lang: Language, types: Types, doc: LiteDoc, clean: boolean, root: boolean): LiteNode {
  const start = c.start(t);
  const width = clean ? (types.width[id] ?? -1) : -1;
  const later = !root && types.endFromLast[id] === true;
  const end = width >= 0 ? start + width : later ? -1 : c.end(t);
  // Only a zero-width node in a broken tree can be MISSING: ask the WASM side only then (MISSING nodes are
  // tokens: never of a type whose end comes later).
  const missing = !clean && start === end && c.isMissing(t) !== 0;
  // An ERROR node's type id is 65535 in tree-sitter: not in the language's table.
  const type = id === 65535 ? 'ERROR' : (types.names[id] ?? lang.nodeTypeForId(id) ?? '');
  const named = id === 65535 || (types.named[id] ?? lang.nodeTypeIsNamed(id));
  return new LiteNode(doc, type, (named ? IS_NAMED : 0) | (missing ? IS_MISSING | HAS_ERROR : 0) | (id === 65535 ? HAS_ERROR : 0), start, end);
}
