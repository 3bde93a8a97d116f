// The editor's incremental parse (core/hcl/incremental.ts) must give, after any sequence of edits,
// exactly the AST a from-scratch parse of the same text gives: random edit sequences over real
// fixtures, broken input and non-ASCII text included.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { applyEdits, diffEdit, IncrementalHcl, type TextEdit } from '../core/hcl/incremental.js';
import { initHcl, parseHcl } from '../core/hcl/parse.js';
import { fixtureFiles } from './fixtures.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'rules', 'terraform');
const tfFiles = (dir: string) => fixtureFiles(dir).filter((p) => p.endsWith('.tf'));

/** Snippets an edit inserts: whole blocks, lines, and the characters that break or re-nest HCL. */
const SNIPPETS = [
  '\n',
  '\n\n',
  ' ',
  '"',
  '{',
  '}',
  '[',
  ']',
  '=',
  '#',
  '# a comment\n',
  '/* open comment',
  '*/',
  '${',
  '<<EOT\n',
  'EOT\n',
  'é✓😀',
  '  acl = "public-read"\n',
  'x = var.y\n',
  'resource "aws_s3_bucket" "n" {\n  bucket = "n"\n}\n',
  'locals {\n  l = [for k, v in var.m : v if k != "x"]\n}\n',
  'variable "v" {\n  default = <<-EOT\n    text ${var.x}\n  EOT\n}\n',
];

const editArb = (len: number) =>
  fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    del: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 200 })),
    ins: fc.oneof(fc.constantFrom(...SNIPPETS), fc.constant(''), fc.string({ maxLength: 6 })),
  }).map(({ at, del, ins }) => ({ at, del, ins, len }));

/** A relative edit made concrete against the current text. */
function concrete(text: string, e: { at: number; del: number; ins: string }): TextEdit {
  const offset = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  return { offset, deleteLength: Math.min(e.del, text.length - offset), text: e.ins };
}

let parser: Parser;
beforeAll(async () => {
  parser = await initHcl();
});

describe('incremental HCL parse', () => {
  const files = tfFiles(ROOT);
  const sources = files.map((f) => readFileSync(f, 'utf8'));

  it('random edit sequences give the AST of a from-scratch parse', () => {
    const inc = new IncrementalHcl(parser);
    let checks = 0;
    let broken = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: sources.length - 1 }),
        fc.array(fc.array(editArb(0), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('given', 'diff', 'wrong'),
        (fi, steps, how) => {
          const path = `/ws/f${fi}.tf`;
          let text = sources[fi];
          inc.drop(path);
          expect(inc.parse(path, text)).toEqual(parseHcl(parser, path, text));
          for (const step of steps) {
            // Several changes between two scans, each against the text the previous one left (VS Code's order).
            const edits: TextEdit[] = [];
            for (const e of step) {
              const c = concrete(text, e);
              edits.push(c);
              text = applyEdits(text, [c])!;
            }
            // The change list as VS Code gives it, none (a file changed on disk), or one that does not fit.
            const given = how === 'given' ? edits : how === 'wrong' ? [{ offset: 0, deleteLength: 0, text: 'x' }] : undefined;
            const scratch = parseHcl(parser, path, text);
            expect(inc.parse(path, text, 2000, given)).toEqual(scratch);
            checks++;
            if (scratch.errors.length) broken++;
          }
        },
      ),
      { numRuns: 150, seed: 12 },
    );
    expect(checks).toBeGreaterThan(150);
    // The property exercised every path: reuse, reconversion, broken text, change lists that do not fit.
    expect(inc.stats.reused).toBeGreaterThan(0);
    expect(inc.stats.converted).toBeGreaterThan(0);
    expect(broken).toBeGreaterThan(checks / 10);
    expect(inc.stats.editsRejected).toBeGreaterThan(0);
    inc.clear();
  });

  it('reuses the untouched blocks of a large file and moves those below an added line', () => {
    const inc = new IncrementalHcl(parser);
    const blocks = Array.from({ length: 200 }, (_, i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b-${i}"\n}\n`);
    let text = blocks.join('\n');
    inc.parse('/ws/big.tf', text);
    const at = text.indexOf('"b-100"');
    const edit: TextEdit = { offset: at, deleteLength: 7, text: '"edited"\n  acl = "private"' };
    text = applyEdits(text, [edit])!;
    const before = { ...inc.stats };
    const f = inc.parse('/ws/big.tf', text, 2000, [edit]);
    expect(f).toEqual(parseHcl(parser, '/ws/big.tf', text));
    expect(inc.stats.converted - before.converted).toBe(1);
    expect(inc.stats.reused - before.reused).toBe(199);
    expect(f.blocks[150].range.startLine).toBe(150 * 4 + 2); // one line further down
    inc.clear();
  });

  it('broken files whose error recovery nests top-level blocks in two places give the AST of parseHcl', () => {
    // Each broken block's nested top-level blocks are hoisted to the end of the file, the later block's first.
    const texts = [
      'locals {\n  e = (\nresource "c" "y2" {\n  d = 1\n}\nmodule "m" {\n source = "./m"\n}\n}\nlocals {\n  e = (\nmodule "m" {\n source = "./m"\n}\nmodule "m" {\n source = "./m"\n}\n',
      'resource "a" "x1" {\n  b = [\nresource "c" "y2" {\n  d = 1\n}\nvariable "v3" {\n}\n}\nresource "a" "x1" {\n  b = [\nmodule "m" {\n source = "./m"\n}\nresource "a" "x1" {\n  b = [\n',
    ];
    const inc = new IncrementalHcl(parser);
    for (const t of texts) {
      expect(inc.parse('/ws/broken.tf', t)).toEqual(parseHcl(parser, '/ws/broken.tf', t));
      const edit: TextEdit = { offset: 0, deleteLength: 0, text: '# top\n' };
      const t2 = applyEdits(t, [edit])!;
      expect(inc.parse('/ws/broken.tf', t2, 2000, [edit])).toEqual(parseHcl(parser, '/ws/broken.tf', t2));
    }
    inc.clear();
  });

  it('diffEdit describes the change between two texts', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const e = diffEdit(a, b);
        expect(applyEdits(a, [e])).toBe(b);
      }),
    );
  });
});
