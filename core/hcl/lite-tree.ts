// A plain-JavaScript copy of a tree-sitter tree, read in one cursor walk. Reading nodes through
// web-tree-sitter's Node objects crosses the JS/WASM boundary for every property of every node and
// allocates a wrapper each time (the profile of a corpus scan showed the conversion costing about as
// much as the parse itself). A cursor walk asks each node only for its type id and its two offsets;
// lines and columns come from the source's own line index, which is how tree-sitter counts them
// (rows break at "\n"; columns are UTF-16 code units, as the offsets are).
import type { Language, Tree, TreeCursor } from 'web-tree-sitter';
import { withCursor } from './raw-cursor.js';

export interface Point {
  row: number;
  column: number;
}

export class LiteNode {
  children: LiteNode[] = [];
  hasError = false;
  constructor(
    private readonly doc: LiteDoc,
    readonly type: string,
    readonly isNamed: boolean,
    readonly isMissing: boolean,
    readonly startIndex: number,
    readonly endIndex: number,
  ) {}
  get text(): string {
    return this.doc.src.slice(this.startIndex, this.endIndex);
  }
  get namedChildren(): LiteNode[] {
    return this.children.filter((c) => c.isNamed);
  }
  get startPosition(): Point {
    return this.doc.point(this.startIndex);
  }
  get endPosition(): Point {
    return this.doc.point(this.endIndex);
  }
}

class LiteDoc {
  private lineStarts: number[] | undefined;
  constructor(readonly src: string) {}
  point(index: number): Point {
    const ls = (this.lineStarts ??= lineStarts(this.src));
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: index - ls[lo] };
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

/** Per language: type name, namedness and leafness by type id, read once (ids are small dense integers). */
const TYPES = new WeakMap<Language, { names: string[]; named: boolean[]; leaf: boolean[] }>();
function typesOf(lang: Language): { names: string[]; named: boolean[]; leaf: boolean[] } {
  let t = TYPES.get(lang);
  if (!t) {
    const names: string[] = [];
    const named: boolean[] = [];
    const leaf: boolean[] = [];
    for (let id = 0; id < lang.nodeTypeCount; id++) {
      const name = lang.nodeTypeForId(id) ?? '';
      names.push(name);
      named.push(lang.nodeTypeIsNamed(id));
      leaf.push(!lang.nodeTypeIsNamed(id) || TOKENS.has(name));
    }
    TYPES.set(lang, (t = { names, named, leaf }));
  }
  return t;
}

/** The whole tree as LiteNodes (iterative: broken input can nest deeply). */
export function liteTree(tree: Tree, src: string): LiteNode {
  return liteWalk(tree.walk(), tree, new LiteDoc(src));
}

/** The subtree under the cursor's node (the editor's incremental parse reads one top-level block). */
export function liteSubtree(c: TreeCursor, tree: Tree, doc: LiteDoc): LiteNode {
  return liteWalk(c.currentNode.walk(), tree, doc);
}

export { LiteDoc };

/** Walks from the cursor's node down and deletes the cursor. */
function liteWalk(cursor: TreeCursor, tree: Tree, doc: LiteDoc): LiteNode {
  const lang = tree.language;
  const types = typesOf(lang);
  return withCursor(cursor, tree, (c, t) => {
    let leaf = false;
    const make = () => {
      const id = c.typeId(t);
      leaf = types.leaf[id] === true;
      const start = c.start(t);
      const end = c.end(t);
      // Only a zero-width node can be MISSING: ask the WASM side only then.
      const missing = start === end && c.isMissing(t) !== 0;
      // An ERROR node's type id is 65535 in tree-sitter: not in the language's table.
      const type = id === 65535 ? 'ERROR' : (types.names[id] ?? lang.nodeTypeForId(id) ?? '');
      const n = new LiteNode(doc, type, id === 65535 ? true : (types.named[id] ?? lang.nodeTypeIsNamed(id)), missing, start, end);
      n.hasError = missing || type === 'ERROR';
      return n;
    };
    const root = make();
    const stack: LiteNode[] = [root];
    // Depth-first with the cursor: down to the first child, across siblings, up when a level is done.
    if (c.firstChild(t)) {
      for (;;) {
        const n = make();
        const parent = stack[stack.length - 1];
        parent.children.push(n);
        if (n.hasError) parent.hasError = true;
        if (!leaf && c.firstChild(t)) {
          stack.push(n);
          continue;
        }
        while (!c.nextSibling(t)) {
          if (!c.parent(t)) return root;
          const done = stack.pop()!;
          if (stack.length === 0) return root;
          if (done.hasError) stack[stack.length - 1].hasError = true;
        }
      }
    }
    return root;
  });
}
