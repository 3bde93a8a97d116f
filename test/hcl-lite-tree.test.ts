// The converter reads a plain copy of the tree-sitter tree (core/hcl/lite-tree.ts) instead of
// web-tree-sitter's Node objects: the copy must say exactly what tree-sitter says, broken input included.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initHcl } from '../core/hcl/parse.js';
import { liteTree } from '../core/hcl/lite-tree.js';
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
function describeNode(n: NodeLike): unknown {
  return {
    type: n.type,
    named: n.isNamed,
    missing: n.isMissing,
    error: n.hasError,
    start: [n.startIndex, n.startPosition.row, n.startPosition.column],
    end: [n.endIndex, n.endPosition.row, n.endPosition.column],
    children: n.children.map((c) => describeNode(c!)),
  };
}

describe('lite tree', () => {
  it('equals tree-sitter node for node on every Terraform fixture and on broken input', async () => {
    const parser = await initHcl();
    const srcs = [...tfFiles(ROOT).map((f) => readFileSync(f, 'utf8')), ...BROKEN];
    expect(srcs.length).toBeGreaterThan(100);
    for (const src of srcs) {
      const tree = parser.parse(src)!;
      try {
        expect(describeNode(liteTree(tree, src))).toEqual(describeNode(tree.rootNode as NodeLike));
      } finally {
        tree.delete();
      }
    }
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
  it('does not keep a file larger than a quarter of its size', () => {
    const c = new ParseCache(100);
    c.set('big', entry(30));
    expect(c.get('big')).toBeUndefined();
  });
});
