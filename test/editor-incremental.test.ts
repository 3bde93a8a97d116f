// The editor keeps parse state between scans (core/hcl/incremental.ts EditorParses: each open buffer's
// tree reparsed from VS Code's content changes, other files' ASTs reused while their text is the same).
// Whatever the sequence of edits, a scan through that state must find exactly what a from-scratch scan
// of the same texts finds. The scan is the one the extension runs for a module (extension/src/unit.ts
// runUnit: the module folder's files, the open buffers as overrides, the state as parse cache).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config.js';
import { scan } from '../core/engine.js';
import { applyEdits, EditorParses, type TextEdit } from '../core/hcl/incremental.js';
import type { ScanResult } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';

const FIX = join(import.meta.dirname, 'fixtures', 'rules', 'terraform', 'aws');
const base = ['s3-bucket-versioning', 's3-bucket-tls-only'].map((d) => readFileSync(join(FIX, d, 'main.tf'), 'utf8')).join('\n');

const SNIPPETS = [
  '\n',
  '"',
  '{',
  '}',
  '# c\n',
  '  acl = "public-read"\n',
  'resource "aws_s3_bucket" "n" {\n  bucket = var.name\n}\n',
  'resource "aws_s3_bucket_versioning" "n" {\n  bucket = aws_s3_bucket.n.id\n  versioning_configuration {\n    status = "Suspended"\n  }\n}\n',
  'module "child" {\n  source = "./child"\n  name   = "x"\n}\n',
  '# trustgate:ignore TG-AWS-S3-002 reason="test"\n',
  'Enabled',
  'é😀',
];

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** What a person sees: findings, indeterminate checks and error entries (not the timing). */
const seen = (r: ScanResult) => ({ findings: r.findings, indeterminate: r.indeterminate, errors: r.errors });

/** The editor's scan of the module folder `dir` (its own files; child modules are read through the calls). */
async function runUnit(dir: string, buffers: Map<string, string>, parses?: EditorParses): Promise<ScanResult> {
  const config = defaultConfig();
  const paths = readdirSync(dir).filter((n) => n.endsWith('.tf')).map((n) => join(dir, n));
  return scan({ paths, cwd: dir, config, rules: ALL_RULES, overrides: buffers, parseCache: await parses?.forScan(buffers, config) });
}

describe('editor: scans through the incremental parse state', () => {
  it('random edit sequences give the findings of a from-scratch scan', async () => {
    const parses = new EditorParses();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            file: fc.constantFrom('main', 'main', 'child', 'vars'),
            at: fc.double({ min: 0, max: 1, noNaN: true }),
            del: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
            ins: fc.constantFrom(...SNIPPETS),
            disk: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (steps) => {
          const dir = mkdtempSync(join(tmpdir(), 'tg-editor-inc-'));
          dirs.push(dir);
          mkdirSync(join(dir, 'child'));
          const paths = { main: join(dir, 'main.tf'), child: join(dir, 'child', 'main.tf'), vars: join(dir, 'variables.tf') };
          const text: Record<string, string> = {
            main: base + '\nmodule "child" {\n  source = "./child"\n  name   = "logs"\n}\n',
            child: 'variable "name" {}\nresource "aws_s3_bucket" "c" {\n  bucket = var.name\n}\n',
            vars: 'variable "name" {\n  default = "n"\n}\n',
          };
          for (const k of Object.keys(paths) as (keyof typeof paths)[]) writeFileSync(paths[k], text[k]);
          // Open buffers: main.tf and the child's main.tf; variables.tf is read from disk.
          const buffers = () => new Map([[paths.main, text.main], [paths.child, text.child]]);
          await runUnit(dir, buffers(), parses);
          for (const s of steps) {
            const k = s.file as keyof typeof paths;
            const t = text[k];
            const offset = Math.min(t.length, Math.floor(s.at * (t.length + 1)));
            const e: TextEdit = { offset, deleteLength: Math.min(s.del, t.length - offset), text: s.ins };
            text[k] = applyEdits(t, [e])!;
            if (k === 'vars') writeFileSync(paths.vars, text.vars);
            else {
              parses.recordEdits(paths[k], [e]);
              if (s.disk) writeFileSync(paths[k], text[k]); // saved: the buffer and the file agree again
            }
            const inc = await runUnit(dir, buffers(), parses);
            const scratch = await runUnit(dir, buffers());
            expect(seen(inc)).toEqual(seen(scratch));
            runs++;
          }
          parses.drop(paths.main);
          parses.drop(paths.child);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
    expect(runs).toBeGreaterThan(40);
    // Both the incremental reparse and the reuse of unchanged top-level blocks were exercised.
    expect(parses.stats!.incremental).toBeGreaterThan(0);
    expect(parses.stats!.reused).toBeGreaterThan(0);
    parses.dispose();
  }, 120_000);

  it('a file changed on disk is parsed again, not served from the kept state', async () => {
    const parses = new EditorParses();
    const dir = mkdtempSync(join(tmpdir(), 'tg-editor-inc-'));
    dirs.push(dir);
    const main = join(dir, 'main.tf');
    const vars = join(dir, 'variables.tf');
    writeFileSync(main, 'resource "aws_s3_bucket_acl" "a" {\n  bucket = "b"\n  acl    = var.acl\n}\n');
    writeFileSync(vars, 'variable "acl" {\n  default = "private"\n}\n');
    const buffers = new Map([[main, readFileSync(main, 'utf8')]]);
    const before = await runUnit(dir, buffers, parses);
    writeFileSync(vars, 'variable "acl" {\n  default = "public-read"\n}\n');
    const after = await runUnit(dir, buffers, parses);
    expect(seen(after)).toEqual(seen(await runUnit(dir, buffers)));
    expect(after.findings.length).toBeGreaterThan(before.findings.length);
    parses.dispose();
  });
});
