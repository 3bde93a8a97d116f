// HCL parsing with web-tree-sitter + tree-sitter-hcl (see docs/decisions/0001-parsers.md).
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser, Language, type Tree } from 'web-tree-sitter';
import { LiteDoc, liteTree, type LiteNode as Node } from './lite-tree.js';
import { bindRawCursor } from './raw-cursor.js';
import type { Range } from '../types.js';
import type { HclAttribute, HclBlock, HclFile } from './ast.js';
import { Converter } from './convert.js';

export { unescapeHcl } from './template-text.js';

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
  const root = liteTree(tree);
  const doc = new LiteDoc(src);
  const conv = new Converter(doc, maxDepth);
  const file: HclFile = { path, blocks: [], attributes: new Map(), errors: [] };
  conv.body(root, file.attributes, file.blocks, 0);
  file.blocks.push(...conv.hoisted);
  if (root.hasError) file.errors.push(...sortErrors(syntaxErrors(root, doc)));
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

export function convertTopLevel(n: Node, doc: LiteDoc, maxDepth: number, depth: 0 | 1): TopLevelItem {
  const conv = new Converter(doc, maxDepth);
  const out: TopLevelItem = { blocks: [], attributes: new Map(), hoisted: conv.hoisted, errors: n.hasError ? syntaxErrors(n, doc) : [] };
  conv.item(n, out.attributes, out.blocks, depth);
  out.tooDeep = conv.tooDeep;
  return out;
}

const pos1: Range = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };

/** A file reports at most this many syntax errors. */
export const MAX_ERRORS = 20;

/** The first MAX_ERRORS syntax errors under a node, in document order. */
function syntaxErrors(root: Node, doc: LiteDoc): HclFile['errors'] {
  const out: HclFile['errors'] = [];
  // Iterative walk: broken files can be deep.
  const stack: Node[] = [root];
  while (stack.length && out.length < MAX_ERRORS) {
    const n = stack.pop()!;
    if (!n.hasError && !n.isMissing) continue;
    if (n.isMissing) {
      out.push({ range: doc.range(n), message: `syntax error: missing ${JSON.stringify(n.type)}` });
      continue;
    }
    if (n.type === 'ERROR') {
      const first = doc.text(n).split('\n')[0].slice(0, 40);
      out.push({ range: doc.range(n), message: `syntax error near ${JSON.stringify(first)}` });
      continue;
    }
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  return out;
}

export const sortErrors = (es: HclFile['errors']) => es.sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn);
