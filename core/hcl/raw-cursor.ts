// web-tree-sitter's own cursor functions, called without its per-call marshalling (issue 12; why and how it
// is guarded: docs/decisions/0004-raw-cursor-walk.md). Its public TreeCursor copies the cursor's four words
// into the WASM transfer buffer with a generic `setValue` before every call and reads them back after every
// move; its binding functions themselves keep the cursor in that buffer between calls. A walk that nothing
// interleaves (the tree copy in lite-tree.ts is synchronous and calls nothing else of web-tree-sitter) puts
// the cursor there once, calls the binding functions directly, and takes it back once: about a third of
// the cursor walk's cost. These exports are internal to web-tree-sitter: the package is pinned exactly
// (package.json), they are looked up by name at init, and without them the public TreeCursor path is used.
import type { Tree, TreeCursor } from 'web-tree-sitter';

/** One cursor operation of the binding: takes the tree's address, works on the cursor in the transfer buffer. */
type Op = (tree: number) => number;

export interface CursorOps {
  firstChild: Op;
  nextSibling: Op;
  parent: Op;
  typeId: Op;
  start: Op;
  end: Op;
  isMissing: Op;
}

interface Binding {
  ops: CursorOps;
  del: Op;
  /** The transfer buffer, as an index into HEAP32. */
  word: number;
  /** The emscripten module: its HEAP32 view is replaced whenever WASM memory grows. */
  module: { HEAP32: Int32Array };
}

let binding: Binding | undefined;
let enabled = true;

const NAMES = {
  firstChild: '_ts_tree_cursor_goto_first_child_wasm',
  nextSibling: '_ts_tree_cursor_goto_next_sibling_wasm',
  parent: '_ts_tree_cursor_goto_parent_wasm',
  typeId: '_ts_tree_cursor_current_node_type_id_wasm',
  start: '_ts_tree_cursor_start_index_wasm',
  end: '_ts_tree_cursor_end_index_wasm',
  isMissing: '_ts_tree_cursor_current_node_is_missing_wasm',
} as const;

/**
 * Called once with the object given to `Parser.init()`: web-tree-sitter makes that object its emscripten
 * module, which then holds the binding's exports. Anything missing (another version): the public path.
 */
export function bindRawCursor(module: Record<string, unknown>): void {
  const fn = (name: string) => (typeof module[name] === 'function' ? (module[name] as Op) : undefined);
  const ops: Partial<CursorOps> = {};
  for (const [k, name] of Object.entries(NAMES)) ops[k as keyof CursorOps] = fn(name);
  const del = fn('_ts_tree_cursor_delete_wasm');
  const init = fn('_ts_init');
  if (Object.values(ops).some((f) => !f) || !del || !init || !(module.HEAP32 instanceof Int32Array)) return;
  // _ts_init only stores the language versions in the transfer buffer and returns its address (Parser.init
  // has just called it the same way).
  binding = { ops: ops as CursorOps, del, word: init(0) >> 2, module: module as unknown as Binding['module'] };
}

/** Whether tree copies use the binding directly (a test asserts it for the pinned web-tree-sitter). */
export const rawCursorActive = (): boolean => enabled && binding !== undefined;

/** Tests compare both paths: false forces the public TreeCursor path. */
export function useRawCursor(on: boolean): void {
  enabled = on;
}

/** The cursor's words as the binding sees them (the public TreeCursor keeps them at indices 0..3). */
type Words = { 0: number; 1: number; 2: number; 3: number };

/**
 * Runs `walk` with cursor operations on `c` and deletes the cursor on every path. Through the binding when
 * it is there: the cursor's words go into the transfer buffer once and come back before the public
 * `delete()` (which also drops web-tree-sitter's finalizer for it); otherwise through the public TreeCursor.
 */
export function withCursor<T>(c: TreeCursor, tree: Tree, walk: (ops: CursorOps, tree: number) => T): T {
  const b = enabled ? binding : undefined;
  const w = c as unknown as Words;
  if (!b) {
    try {
      return walk(publicOps(c), 0);
    } finally {
      c.delete();
    }
  }
  let h = b.module.HEAP32;
  h[b.word] = w[0];
  h[b.word + 1] = w[1];
  h[b.word + 2] = w[2];
  h[b.word + 3] = w[3];
  try {
    return walk(b.ops, (tree as unknown as Words)[0]);
  } finally {
    // Moves can grow WASM memory (the cursor's stack is reallocated): read the current view.
    h = b.module.HEAP32;
    w[0] = h[b.word];
    w[1] = h[b.word + 1];
    w[2] = h[b.word + 2];
    w[3] = h[b.word + 3];
    c.delete();
  }
}

function publicOps(c: TreeCursor): CursorOps {
  return {
    firstChild: () => (c.gotoFirstChild() ? 1 : 0),
    nextSibling: () => (c.gotoNextSibling() ? 1 : 0),
    parent: () => (c.gotoParent() ? 1 : 0),
    typeId: () => c.nodeTypeId,
    start: () => c.startIndex,
    end: () => c.endIndex,
    isMissing: () => (c.nodeIsMissing ? 1 : 0),
  };
}
