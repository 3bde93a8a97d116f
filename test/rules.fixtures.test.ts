// One generic test walks every rule fixture: each `expect` line must carry that rule's finding,
// each `ok` line must not, and no finding of an annotated rule may appear unannounced.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config.js';
import { scan } from '../core/engine.js';
import type { ScanResult } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';
import { annotations, fixtureFiles, readFixture, type Annotation } from './fixtures.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'rules');
const files = fixtureFiles(ROOT);
const notes = files.flatMap((f) => annotations(f, readFixture(f)));
let result: ScanResult;

beforeAll(async () => {
  // Every rule, whatever its persona (test/persona.test.ts covers the filtering).
  result = await scan({ paths: [ROOT], cwd: ROOT, config: { ...defaultConfig(), persona: 'auditor' }, rules: ALL_RULES, today: '2026-06-01' });
});

describe('rule fixtures', () => {
  it.each(files.map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_name, file) => {
    const mine = notes.filter((n) => n.file === file);
    const found = result.findings.filter((f) => f.location.file === file && !f.suppressed);
    const undecided = result.indeterminate.filter((i) => i.location.file === file);
    const problems: string[] = [];
    const has = (n: Annotation) => found.some((f) => f.ruleId === n.ruleId && f.location.startLine === n.line);
    for (const n of mine) {
      if (n.mark === 'expect' && !has(n)) problems.push(`line ${n.line}: expected ${n.ruleId}, got ${JSON.stringify(found.filter((f) => f.location.startLine === n.line).map((f) => f.ruleId))}`);
      if (n.mark === 'ok' && has(n)) problems.push(`line ${n.line}: ${n.ruleId} reported but marked ok`);
      if (n.mark === 'expect-indeterminate' && !undecided.some((i) => i.ruleId === n.ruleId && i.location.startLine === n.line))
        problems.push(`line ${n.line}: expected ${n.ruleId} to be indeterminate`);
    }
    const annotated = new Set(mine.map((n) => n.ruleId));
    for (const f of found) {
      if (!annotated.has(f.ruleId)) continue;
      if (!mine.some((n) => n.mark === 'expect' && n.ruleId === f.ruleId && n.line === f.location.startLine))
        problems.push(`line ${f.location.startLine}: unexpected ${f.ruleId}: ${f.message}`);
    }
    if (!/broken/.test(file)) {
      for (const e of result.errors.filter((e) => e.file === file && (e.kind === 'parse' || e.kind === 'internal'))) problems.push(`line ${e.line}: ${e.kind} error: ${e.message}`);
    }
    expect(problems).toEqual([]);
  });

  it('every rule has at least one failing and one passing fixture', () => {
    const missing: string[] = [];
    for (const r of ALL_RULES) {
      if (!notes.some((n) => n.ruleId === r.id && n.mark === 'expect')) missing.push(`${r.id}: no expect fixture`);
      if (!notes.some((n) => n.ruleId === r.id && n.mark === 'ok')) missing.push(`${r.id}: no ok fixture`);
    }
    expect(missing).toEqual([]);
  });

  it('annotations name only real rules', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    expect(notes.filter((n) => !ids.has(n.ruleId)).map((n) => `${n.file}:${n.at} ${n.ruleId}`)).toEqual([]);
  });
});
