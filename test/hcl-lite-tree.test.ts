// The converter reads a plain copy of the tree-sitter tree (core/hcl/lite-tree.ts) instead of
// web-tree-sitter's Node objects: the copy must say exactly what tree-sitter says, broken input included.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initHcl } from '../core/hcl/parse.js';
import { CLEAN_LEAVES, liteTree, unreadInCleanTree, type LiteNode } from '../core/hcl/lite-tree.js';
import { rawCursorActive, useRawCursor } from '../core/hcl/raw-cursor.js';
import { ParseCache } from '../core/hcl/parse-cache.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'rules', 'terraform');
function tfFiles(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) tfFiles(p, out);
    else if (p.endsWith('.tf')) out.push(p);
  }
  return out;
}

const BROKEN = [
  'resource "aws_s3_bucket" "b" {\n  bucket = \n}\n',
  'resource "x" "y" {\n  a = [1, 2\n  b = { c = "d" \n',
  'variable "v" {\n  default = "${var.x"\n}\nresource "a" "b" { c = 1 }\n',
  'locals {\n  s = <<EOT\n  héllo ✓ ${x}\n  EOT\n}\n',
  '}}}}{{{{ = = "\n',
  'a = "😀" b = 2\n',
  '',
];

/** What the converter reads of a node; tree-sitter's Node and LiteNode both have it. */
interface NodeLike {
  type: string;
  isNamed: boolean;
  isMissing: boolean;
  hasError: boolean;
  startIndex: number;
  endIndex: number;
  startPosition: { row: number; column: number };
  endPosition: { row: number; column: number };
  children: (NodeLike | null)[];
}
/** `clean`: the tree has no syntax error, and the copy leaves out the nodes the converter does not read. */
function describeNode(n: NodeLike, clean: boolean): unknown {
  return {
    type: n.type,
    named: n.isNamed,
    missing: n.isMissing,
    error: n.hasError,
    start: [n.startIndex, n.startPosition.row, n.startPosition.column],
    end: [n.endIndex, n.endPosition.row, n.endPosition.column],
    children: clean && CLEAN_LEAVES.has(n.type) ? [] : n.children.filter((c) => !clean || !unreadInCleanTree(c!.type, c!.isNamed)).map((c) => describeNode(c!, clean)),
  };
}

/** Every `.tf` file of the real corpus when it is there (../shared/corpus, or TRUSTGATE_CORPUS). */
const CORPUS = join(process.env.TRUSTGATE_CORPUS ?? join(import.meta.dirname, '..', '..', 'shared', 'corpus'), 'terraform');

/** The converter's 1-based ranges say what the positions say, on every node. */
function rangesAgree(root: LiteNode): boolean {
  const stack = [root];
  while (stack.length) {
    const n = stack.pop()!;
    const r = n.range;
    const s = n.startPosition;
    const e = n.endPosition;
    if (r.startLine !== s.row + 1 || r.startColumn !== s.column + 1 || r.endLine !== e.row + 1 || r.endColumn !== e.column + 1) return false;
    stack.push(...n.children);
  }
  return true;
}

async function sameAsTreeSitter(srcs: string[]): Promise<void> {
  const parser = await initHcl();
  for (const src of srcs) {
    const tree = parser.parse(src)!;
    try {
      const lite = liteTree(tree, src);
      const clean = !tree.rootNode.hasError;
      expect(describeNode(lite, clean)).toEqual(describeNode(tree.rootNode as NodeLike, clean));
      expect(rangesAgree(lite)).toBe(true);
    } finally {
      tree.delete();
    }
  }
}

describe('lite tree', () => {
  const srcs = () => [...tfFiles(ROOT).map((f) => readFileSync(f, 'utf8')), ...BROKEN];

  it('reads the tree through the web-tree-sitter binding directly with the pinned version', async () => {
    await initHcl();
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    const installed = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'node_modules', 'web-tree-sitter', 'package.json'), 'utf8'));
    // The raw walk relies on internals of exactly this version (core/hcl/raw-cursor.ts): a new version is
    // pinned deliberately, after this test and the comparisons below pass with it.
    expect(pkg.dependencies['web-tree-sitter']).toBe('0.27.1');
    expect(installed.version).toBe('0.27.1');
    expect(rawCursorActive()).toBe(true);
  });

  it('equals tree-sitter node for node on every Terraform fixture and on broken input', async () => {
    expect(srcs().length).toBeGreaterThan(100);
    await sameAsTreeSitter(srcs());
  });

  it('equals tree-sitter node for node through the public cursor too (the path without the binding)', async () => {
    await initHcl();
    useRawCursor(false);
    try {
      expect(rawCursorActive()).toBe(false);
      await sameAsTreeSitter(srcs());
    } finally {
      useRawCursor(true);
    }
  });

  it('leaves out of a clean tree the nodes the converter does not read, and keeps every node of a broken one', async () => {
    const parser = await initHcl();
    const types = (src: string): string[] => {
      const tree = parser.parse(src)!;
      try {
        const out: string[] = [];
        const stack = [liteTree(tree, src)];
        while (stack.length) {
          const n = stack.pop()!;
          out.push(n.type);
          stack.push(...n.children);
        }
        return out;
      } finally {
        tree.delete();
      }
    };
    const clean = types('# c\nresource "a" "b" {\n  x = [var.a.b, "s"]\n  y = !(1 + 2 == 3) ? { k = true } : null\n}\n');
    for (const t of ['{', '}', '[', ']', '=', ',', '.', '?', ':', 'true', 'block_start', 'block_end', 'tuple_start', 'object_end', 'quoted_template_start', 'comment']) expect(clean).not.toContain(t);
    for (const t of ['(', ')', '!', '+', '==', 'bool_lit', 'get_attr', 'variable_expr', 'template_literal']) expect(clean).toContain(t);
    // var.a.b: the variable's identifier is left out, the attributes' are kept.
    expect(clean.filter((t) => t === 'identifier')).toHaveLength(5);
    const broken = types('resource "a" "b" {\n  x = [var.a.b, "s"\n}\n');
    for (const t of ['{', '[', '=', ',', '.', 'block_start', 'quoted_template_start']) expect(broken).toContain(t);
  });

  it.skipIf(!existsSync(CORPUS))('equals tree-sitter node for node on a sample of the real Terraform corpus', async () => {
    // Every 40th file in path order (about 140 of 5,535): every shape the corpus has, in a few seconds.
    const files = tfFiles(CORPUS).sort().filter((_, i) => i % 40 === 0);
    expect(files.length).toBeGreaterThan(100);
    await sameAsTreeSitter(files.map((f) => readFileSync(f, 'utf8')));
  });
});

describe('parse cache', () => {
  const entry = (n: number) => ({ src: 'x'.repeat(n), file: { path: '', blocks: [], attributes: new Map(), errors: [] } });
  it('keeps the most recently used entries within its size', () => {
    const c = new ParseCache(100);
    c.set('a', entry(20));
    c.set('b', entry(20));
    c.set('c', entry(20));
    expect(c.get('a')).toBeDefined(); // a is now the most recent
    c.set('d', entry(20));
    c.set('e', entry(20)); // 100 in: still fits
    c.set('f', entry(20)); // over: the least recently used (b) goes
    expect(c.get('b')).toBeUndefined();
    expect(['a', 'c', 'd', 'e', 'f'].every((k) => c.get(k))).toBe(true);
  });
  it('does not keep the files of directories only one unit reads (roots nothing calls)', () => {
    const c = new ParseCache(100, new Set(['/r/root']));
    c.set('/r/root/main.tf', entry(10));
    c.set('/r/modules/m/main.tf', entry(10));
    expect(c.get('/r/root/main.tf')).toBeUndefined();
    expect(c.get('/r/modules/m/main.tf')).toBeDefined();
  });
  it('does not keep a file larger than a quarter of its size', () => {
    const c = new ParseCache(100);
    c.set('big', entry(30));
    expect(c.get('big')).toBeUndefined();
  });
});
