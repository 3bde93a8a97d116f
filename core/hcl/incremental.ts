// Incremental parsing of the editor's open Terraform buffers. Each document keeps its last tree-sitter
// tree; a change is applied to it with tree.edit() and the new text is reparsed with the old tree, so
// tree-sitter reuses every subtree the edit did not touch (a one-line edit in a 10,000-line file costs
// about as much as parsing that line). The conversion into the AST (core/hcl/parse.ts) is incremental
// too: each top-level block or attribute without syntax errors whose text and position the edit left
// alone keeps its converted AST (moved down or up by the lines the edit added or removed); only the
// items the edit touched, and broken ones, are read from the tree and converted again. Anything
// unexpected (a change description that does not reproduce the new text, a tree of an unknown shape)
// falls back to what a from-scratch parse does: the result is always the one parseHcl gives.
import { Edit, type Parser, type Point, type Tree } from 'web-tree-sitter';
import type { Config } from '../config.js';
import { fileTypeOf } from '../inputs.js';
import { readText } from '../read.js';
import { hclMaxDepth } from '../unit.js';
import type { HclAttribute, HclBlock, HclFile } from './ast.js';
import { LiteDoc, liteSubtree } from './lite-tree.js';
import { ParseCache, type ParsedFile } from './parse-cache.js';
import { convertTopLevel, hclFromTree, initHcl, MAX_ERRORS, noTree, sortErrors, tooDeepError, type TopLevelItem } from './parse.js';

/**
 * One change to a text: `deleteLength` UTF-16 code units at `offset` replaced by `text` (VS Code's
 * TextDocumentContentChangeEvent: rangeOffset, rangeLength, text). A list applies in order, each
 * offset against the text the previous changes left.
 */
export interface TextEdit {
  offset: number;
  deleteLength: number;
  text: string;
}

/** A child of the file or of its body in the last parse, at its offsets in the last text. */
interface Item extends TopLevelItem {
  type: string;
  start: number;
  end: number;
  depth: 0 | 1;
  broken: boolean;
}

interface DocState {
  src: string;
  tree: Tree;
  maxDepth: number;
  file: HclFile;
  /** Undefined when the last AST came from a whole-file conversion. */
  items?: Item[];
}

export interface IncrementalStats {
  /** Parses from scratch (first time, or the parse depth changed). */
  full: number;
  /** Reparses with the old tree. */
  incremental: number;
  /** Change lists that did not reproduce the new text (the old and new texts were compared instead). */
  editsRejected: number;
  /** Top-level items whose AST was kept, and items converted again. */
  reused: number;
  converted: number;
  /** Conversions of the whole tree (a tree of an unexpected shape). */
  wholeConversions: number;
}

export class IncrementalHcl {
  private readonly docs = new Map<string, DocState>();
  readonly stats: IncrementalStats = { full: 0, incremental: 0, editsRejected: 0, reused: 0, converted: 0, wholeConversions: 0 };

  constructor(private readonly parser: Parser) {}

  /** The AST of `src` for the document at `path`; `edits` describe how its last parsed text became `src`. */
  parse(path: string, src: string, maxDepth = 2000, edits?: readonly TextEdit[]): HclFile {
    const st = this.docs.get(path);
    if (st && st.src === src && st.maxDepth === maxDepth) return st.file;
    if (!st || st.maxDepth !== maxDepth) return this.fresh(path, src, maxDepth);
    const changes = edits?.length && applyEdits(st.src, edits) === src ? edits : undefined;
    if (edits?.length && !changes) this.stats.editsRejected++;
    let text = st.src;
    for (const e of changes ?? [diffEdit(st.src, src)]) {
      st.tree.edit(treeEdit(text, e));
      text = text.slice(0, e.offset) + e.text + text.slice(e.offset + e.deleteLength);
    }
    const tree = this.parser.parse(src, st.tree);
    st.tree.delete();
    this.docs.delete(path);
    if (!tree) return noTree(path);
    this.stats.incremental++;
    return this.convert(path, src, maxDepth, tree, st);
  }

  /** Forget a document (closed): frees its tree. */
  drop(path: string): void {
    this.docs.get(path)?.tree.delete();
    this.docs.delete(path);
  }

  clear(): void {
    for (const p of [...this.docs.keys()]) this.drop(p);
  }

  get size(): number {
    return this.docs.size;
  }

  private fresh(path: string, src: string, maxDepth: number): HclFile {
    this.drop(path);
    const tree = this.parser.parse(src);
    if (!tree) return noTree(path);
    this.stats.full++;
    return this.convert(path, src, maxDepth, tree, undefined);
  }

  private convert(path: string, src: string, maxDepth: number, tree: Tree, prev: DocState | undefined): HclFile {
    const items = topLevel(tree, src, maxDepth, prev, this.stats);
    let file: HclFile;
    if (items) {
      // As hclFromTree assembles the file: blocks in order, then the hoisted ones (each child's hoisting
      // puts its blocks in front of those hoisted before), then the first errors in document order.
      file = { path, blocks: [], attributes: new Map(), errors: [] };
      const errors: HclFile['errors'] = [];
      let tooDeep: Item['tooDeep'];
      for (const it of items) {
        file.blocks.push(...it.blocks);
        for (const [k, a] of it.attributes) file.attributes.set(k, a);
        errors.push(...it.errors);
        tooDeep ??= it.tooDeep;
      }
      for (let i = items.length - 1; i >= 0; i--) file.blocks.push(...items[i].hoisted);
      if (tree.rootNode.hasError) file.errors.push(...sortErrors(errors.slice(0, MAX_ERRORS)));
      if (tooDeep) file.errors.push(tooDeepError(tooDeep, maxDepth));
    } else {
      this.stats.wholeConversions++;
      file = hclFromTree(tree, path, src, maxDepth);
    }
    this.docs.set(path, { src, tree, maxDepth, file, items });
    return file;
  }
}

/**
 * The children of the file and of its body (what hclFromTree converts one after the other), reusing the
 * previous parse's where the text did not change; undefined when the tree has an unexpected shape.
 */
function topLevel(tree: Tree, src: string, maxDepth: number, prev: DocState | undefined, stats: IncrementalStats): Item[] | undefined {
  const broken = tree.rootNode.hasError;
  // Where the old and new texts differ: [p, oldLen - s) became [p, newLen - s).
  const old = prev?.items ? prev : undefined;
  const p = old ? commonPrefix(old.src, src) : 0;
  const s = old ? commonSuffix(old.src, src, p) : 0;
  const delta = old ? src.length - old.src.length : 0;
  const doc = new LiteDoc(src);
  let lineDelta = 0;
  let changeEndRow = 0;
  const byStart = new Map<number, Item>();
  if (old) {
    for (const it of old.items!) if (!it.broken) byStart.set(it.start, it);
    changeEndRow = doc.point(src.length - s).row;
    lineDelta = countLines(src, p, src.length - s) - countLines(old.src, p, old.src.length - s);
  }
  if (tree.rootNode.type !== 'config_file') return undefined;
  const out: Item[] = [];
  const c = tree.walk();
  const take = (depth: 0 | 1) => {
    const type = c.nodeType;
    const start = c.startIndex;
    const end = c.endIndex;
    // Only a broken tree can have broken children: ask the WASM side only then.
    const isBroken = broken && (type === 'ERROR' || c.currentNode.hasError);
    if (old && !isBroken) {
      // Unchanged text before the edit: the same item; after it (from the next line on): moved.
      const before = end <= p ? byStart.get(start) : undefined;
      const after = !before && start >= src.length - s && doc.point(start).row > changeEndRow ? byStart.get(start - delta) : undefined;
      const hit = before ?? after;
      if (hit && hit.type === type && hit.depth === depth && hit.end - hit.start === end - start) {
        const moved = after && lineDelta ? shiftRows(hit, lineDelta) : hit;
        out.push({ ...moved, start, end });
        stats.reused++;
        return;
      }
    }
    stats.converted++;
    out.push({ ...convertTopLevel(liteSubtree(c, tree), doc, maxDepth, depth), type, start, end, depth, broken: isBroken });
  };
  try {
    // config_file: comments, at most one body, and what error recovery leaves beside it.
    if (!c.gotoFirstChild()) return out;
    const wanted = () => c.nodeIsNamed && c.nodeType !== 'comment';
    do {
      if (!wanted()) continue;
      if (c.nodeType !== 'body') {
        take(0);
        continue;
      }
      if (!c.gotoFirstChild()) continue;
      do if (wanted()) take(1);
      while (c.gotoNextSibling());
      c.gotoParent();
    } while (c.gotoNextSibling());
    return out;
  } finally {
    c.delete();
  }
}

function shiftRows(it: Item, d: number): Item {
  return { ...it, blocks: shifted(it.blocks, d), attributes: shifted(it.attributes, d) };
}

/** A copy with every range moved by d lines (ranges are the objects with startLine and endLine). */
function shifted<T>(x: T, d: number): T {
  if (x === null || typeof x !== 'object') return x;
  if (Array.isArray(x)) return x.map((v) => shifted(v, d)) as T;
  if (x instanceof Map) return new Map([...x].map(([k, v]) => [k, shifted(v, d)])) as T;
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) o[k] = shifted(v, d);
  if (typeof o.startLine === 'number' && typeof o.endLine === 'number') {
    o.startLine += d;
    o.endLine += d;
  }
  return o as T;
}

export function applyEdits(src: string, edits: readonly TextEdit[]): string | undefined {
  let t = src;
  for (const e of edits) {
    if (!(e.offset >= 0 && e.deleteLength >= 0 && e.offset + e.deleteLength <= t.length)) return undefined;
    t = t.slice(0, e.offset) + e.text + t.slice(e.offset + e.deleteLength);
  }
  return t;
}

/** The smallest single edit that turns a into b. */
export function diffEdit(a: string, b: string): TextEdit {
  const p = commonPrefix(a, b);
  const s = commonSuffix(a, b, p);
  return { offset: p, deleteLength: a.length - p - s, text: b.slice(p, b.length - s) };
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Common suffix length, not overlapping a prefix of length p. */
function commonSuffix(a: string, b: string, p: number): number {
  const n = Math.min(a.length, b.length) - p;
  let i = 0;
  while (i < n && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Row and UTF-16 column of an offset, as tree-sitter counts them. */
function pointAt(s: string, index: number): Point {
  const row = countLines(s, 0, index);
  return { row, column: index === 0 ? 0 : index - (s.lastIndexOf('\n', index - 1) + 1) };
}

/** The tree-sitter description of one edit to `text`. */
function treeEdit(text: string, e: TextEdit): Edit {
  const startPosition = pointAt(text, e.offset);
  const nl = e.text.lastIndexOf('\n');
  const newEndPosition =
    nl === -1 ? { row: startPosition.row, column: startPosition.column + e.text.length } : { row: startPosition.row + countLines(e.text, 0, e.text.length), column: e.text.length - nl - 1 };
  return new Edit({
    startIndex: e.offset,
    oldEndIndex: e.offset + e.deleteLength,
    newEndIndex: e.offset + e.text.length,
    startPosition,
    oldEndPosition: pointAt(text, e.offset + e.deleteLength),
    newEndPosition,
  });
}

// What the editor keeps between two scans of a unit, so that a one-line edit costs a one-line parse:
// each open Terraform buffer's tree (reparsed incrementally from VS Code's content changes, above), and
// the ASTs of the other files the unit reads (sibling files, local child modules), reused while their
// text is unchanged. The extension hands it to scan() as its parse cache (extension/src/diagnostics.ts).

export class EditorParses {
  private inc: IncrementalHcl | undefined;
  /** Content changes since each buffer's last parse, in the order they happened. */
  private readonly pending = new Map<string, TextEdit[]>();
  /** ASTs of files read from disk (and of buffers in JSON syntax), by depth limit and path. */
  private readonly others = new ParseCache(4_000_000);

  /** A document changed (VS Code's contentChanges, in order): remembered for its next parse. */
  recordEdits(path: string, edits: readonly TextEdit[]): void {
    if (fileTypeOf(path)?.syntax !== 'hcl') return;
    const l = this.pending.get(path) ?? [];
    l.push(...edits);
    // A buffer no scan reads (an excluded file) would collect changes forever; without them the next
    // parse compares the old and new texts instead.
    if (l.length > 1000) this.pending.delete(path);
    else this.pending.set(path, l);
  }

  /** The document was closed: its tree is freed; its file on disk is what counts from now on. */
  drop(path: string): void {
    this.inc?.drop(path);
    this.pending.delete(path);
  }

  dispose(): void {
    this.inc?.clear();
    this.pending.clear();
  }

  get stats() {
    return this.inc?.stats;
  }

  /** The parse cache for one scan that reads `overrides` (the open buffers) with `cfg`'s limits. */
  async forScan(overrides: ReadonlyMap<string, string>, cfg: Config): Promise<ParseCache> {
    this.inc ??= new IncrementalHcl(await initHcl());
    return new ScanParses(this, this.inc, overrides, hclMaxDepth(cfg), cfg.limits.maxFileBytes);
  }

  /** @internal ScanParses */
  lookup(inc: IncrementalHcl, path: string, overrides: ReadonlyMap<string, string>, maxDepth: number, maxFileBytes: number): ParsedFile | undefined {
    const buffer = overrides.get(path);
    if (buffer !== undefined && fileTypeOf(path)?.syntax === 'hcl') {
      const edits = this.pending.get(path);
      this.pending.delete(path);
      return { src: buffer, file: inc.parse(path, buffer, maxDepth, edits) };
    }
    const key = `${maxDepth}\n${path}`;
    const e = this.others.get(key);
    if (!e) return undefined;
    // Valid while the text is the same: the buffer's, or the file's on disk (read again: it may have changed).
    const now = buffer ?? (() => {
      const r = readText(path, maxFileBytes);
      return r.ok ? r.text : undefined;
    })();
    return now === e.src ? e : undefined;
  }

  /** @internal ScanParses */
  remember(path: string, maxDepth: number, e: ParsedFile): void {
    this.others.set(`${maxDepth}\n${path}`, e);
  }
}

/** What core/unit.ts asks of a parse cache, answered from the editor's state. */
class ScanParses extends ParseCache {
  constructor(
    private readonly owner: EditorParses,
    private readonly inc: IncrementalHcl,
    private readonly overrides: ReadonlyMap<string, string>,
    private readonly maxDepth: number,
    private readonly maxFileBytes: number,
  ) {
    super(0);
  }

  override get(path: string): ParsedFile | undefined {
    return this.owner.lookup(this.inc, path, this.overrides, this.maxDepth, this.maxFileBytes);
  }

  override set(path: string, e: ParsedFile): void {
    this.owner.remember(path, this.maxDepth, e);
  }
}
