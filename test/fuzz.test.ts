// Structure-aware fuzzing: mutate the rule fixtures with the edits that break IaC files (unbalanced
// brackets, stray quotes, heredoc and template openers, YAML anchors and document markers, control
// characters, truncation, moved lines) and scan each mutant with the real engine and every rule.
// Properties: the scan never throws or hangs, no rule crashes, every location is inside the file.
// `npm test` runs a bounded number of cases; `npm run fuzz` runs FUZZ_RUNS (default 100,000).
import fc from 'fast-check';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../core/engine.js';
import { ALL_RULES } from '../rules/index.js';
import { fixtureFiles, readFixture } from './fixtures.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
// Replay one counterexample: FUZZ_SEED=<seed> FUZZ_PATH=<path> as printed by fast-check.
const PATH = process.env.FUZZ_PATH;
const FIXTURES = join(import.meta.dirname, 'fixtures', 'rules');
const sources = fixtureFiles(FIXTURES).map((p) => ({ rel: relative(FIXTURES, p), text: readFixture(p) }));

// Each fixture is copied once; mutants are fed to the engine as in-memory overrides (as the editor does).
const work = mkdtempSync(join(tmpdir(), 'tg-fuzz-'));
for (const s of sources) {
  mkdirSync(dirname(join(work, s.rel)), { recursive: true });
  copyFileSync(join(FIXTURES, s.rel), join(work, s.rel));
}
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TOKENS = ['{', '}', '[', ']', '(', ')', '"', "'", '${', '%{', '${{', '}}', '<<EOT\n', '<<-EOT\n', 'EOT\n', '&a ', '*a', '<<: *a\n', '---\n', '- ', ': ', ' = ', '#', '//', '/*', '\\', '\t', '\r', '\0', '\ufeff', '\u2028', '😀', 'true', 'null', '0.0.0.0/0', 'x'.repeat(5000), '\n', '  ', 'dynamic "x" {\n', 'content {\n', 'for_each = ', '? ', '!!binary ', '%YAML 1.1\n', 'trustgate:ignore TG-AWS-001 '];

type Edit = { op: 'insert'; at: number; tok: number } | { op: 'delete'; at: number; len: number } | { op: 'truncate'; at: number } | { op: 'dupLine'; line: number } | { op: 'dropLine'; line: number } | { op: 'swapLines'; a: number; b: number } | { op: 'indent'; line: number; by: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), tok: fc.nat(TOKENS.length - 1) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('dupLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('dropLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -4, max: 6 }) }),
);

export function mutate(text: string, edits: Edit[]): string {
  let t = text;
  for (const e of edits) {
    const n = t.length || 1;
    const lines = t.split('\n');
    const L = lines.length;
    switch (e.op) {
      case 'insert':
        t = t.slice(0, e.at % (n + 1)) + TOKENS[e.tok] + t.slice(e.at % (n + 1));
        break;
      case 'delete':
        t = t.slice(0, e.at % n) + t.slice((e.at % n) + e.len);
        break;
      case 'truncate':
        t = t.slice(0, e.at % n);
        break;
      case 'dupLine':
        lines.splice(e.line % L, 0, lines[e.line % L]);
        t = lines.join('\n');
        break;
      case 'dropLine':
        lines.splice(e.line % L, 1);
        t = lines.join('\n');
        break;
      case 'swapLines': {
        const [a, b] = [e.a % L, e.b % L];
        [lines[a], lines[b]] = [lines[b], lines[a]];
        t = lines.join('\n');
        break;
      }
      case 'indent': {
        const i = e.line % L;
        lines[i] = e.by >= 0 ? ' '.repeat(e.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-e.by}}`), '');
        t = lines.join('\n');
        break;
      }
    }
  }
  return t;
}

describe('fuzz: mutated fixtures', () => {
  it(`survives ${RUNS} structure-aware mutants`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(sources.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), async (i, edits) => {
        const s = sources[i];
        const path = join(work, s.rel);
        const text = mutate(s.text, edits);
        const t0 = Date.now();
        const r = await scan({ paths: [path], cwd: work, rules: ALL_RULES, overrides: new Map([[path, text]]) });
        const ms = Date.now() - t0;
        // Lines as the engine counts them (CR-only endings become LF).
        const lines = text.replace(/\r(?!\n)/g, '\n').split('\n').length;
        const internal = r.errors.filter((e) => e.kind === 'internal');
        expect(internal, `rule crash on mutant of ${s.rel}: ${JSON.stringify(internal)}\n--- mutant ---\n${text.slice(0, 2000)}`).toEqual([]);
        for (const f of [...r.findings, ...r.indeterminate]) {
          expect(f.location.startLine).toBeGreaterThanOrEqual(1);
          expect(f.location.startLine <= f.location.endLine).toBe(true);
          // Findings in other files (a child module the mutant still calls) are bounded by those files.
          if (f.location.file !== path) continue;
          expect(f.location.endLine, `location past the end of a mutant of ${s.rel}`).toBeLessThanOrEqual(lines + 1);
        }
        for (const e of r.errors) expect(e.line).toBeGreaterThanOrEqual(1);
        expect(ms, `a mutant of ${s.rel} took ${ms} ms`).toBeLessThan(10_000);
      }),
      { numRuns: RUNS, seed: SEED, path: PATH, verbose: 1 },
    );
  }, Math.max(60_000, RUNS * 200));
});
