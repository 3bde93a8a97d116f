// One generic test walks every rule fixture: each `expect` line must carry that rule's finding,
// each `ok` line must not, and no finding of an annotated rule may appear unannounced.
import { cpSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { runChangeRules } from '../core/change.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig } from '../core/config.js';
import { scan } from '../core/engine.js';
import type { ScanResult } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';
import { annotations, applyFixes, fixtureFiles, readFixture, type Annotation } from './fixtures.js';
import { tempDirs } from './tmp.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'rules');
const tmp = tempDirs('tg-fixed-');
const files = fixtureFiles(ROOT);
// Governance rules read a repository's record of controls outside the code: each governance/<case>/
// is scanned with its own .trustgate.yml; its policy documents (.md) carry annotations in front matter.
const GOV = join(ROOT, 'governance') + sep;
const isGov = (f: string) => f.startsWith(GOV);
const govDocs = (readdirSync(GOV, { recursive: true }) as string[]).filter((n) => n.endsWith('.md')).map((n) => join(GOV, n));
const notes = [...files, ...govDocs].flatMap((f) => annotations(f, readFixture(f)));
// Change rules compare two versions of a file: change/<rule name>/<case>.base.yml and <case>.head.yml,
// annotated on the head side. They are judged pair by pair, not by the scan of the fixture tree.
const CHANGE = join(ROOT, 'change') + sep;
const isChange = (f: string) => f.startsWith(CHANGE);
let result: ScanResult;

beforeAll(async () => {
  // Every rule, whatever its persona (test/persona.test.ts covers the filtering).
  result = await scan({ paths: [ROOT], cwd: ROOT, config: { ...defaultConfig(), persona: 'auditor' }, rules: ALL_RULES, today: '2026-06-01' });
});

describe('rule fixtures', () => {
  it.each(files.filter((f) => !isChange(f) && !isGov(f)).map((f) => [f.slice(ROOT.length + 1), f]))('%s', (_name, file) => {
    const mine = notes.filter((n) => n.file === file);
    const found = result.findings.filter((f) => f.location.file === file && !f.suppressed);
    const undecided = result.indeterminate.filter((i) => i.location.file === file);
    const problems: string[] = [];
    // A finding (or undecided result) pinned by the annotation: line, and column and text when given.
    const pinned = (n: Annotation) => (x: { ruleId: string; location: { startLine: number; startColumn: number }; message?: string; reason?: string }) =>
      x.ruleId === n.ruleId && x.location.startLine === n.line && (n.column === undefined || x.location.startColumn === n.column) && (n.message === undefined || (x.message ?? x.reason) === n.message);
    const onLine = (n: Annotation, xs: { ruleId: string; location: { startLine: number; startColumn: number }; message?: string; reason?: string }[]) =>
      JSON.stringify(xs.filter((x) => x.ruleId === n.ruleId && x.location.startLine === n.line).map((x) => ({ col: x.location.startColumn, message: x.message ?? x.reason })));
    const reported = (n: Annotation) => found.some((f) => f.ruleId === n.ruleId && f.location.startLine === n.line);
    for (const n of mine) {
      if (n.mark === 'expect' && !found.some(pinned(n))) {
        if (!reported(n)) problems.push(`line ${n.line}: expected ${n.ruleId}, got ${JSON.stringify(found.filter((f) => f.location.startLine === n.line).map((f) => f.ruleId))}`);
        else problems.push(`line ${n.line}: ${n.ruleId} is reported, but not as pinned (${n.column !== undefined ? `col=${n.column} ` : ''}${n.message !== undefined ? `message="${n.message}"` : ''}): ${onLine(n, found)}`);
      }
      if (n.mark === 'ok' && reported(n)) problems.push(`line ${n.line}: ${n.ruleId} reported but marked ok`);
      if (n.mark === 'expect-indeterminate' && !undecided.some(pinned(n))) problems.push(`line ${n.line}: expected ${n.ruleId} to be indeterminate${n.message !== undefined ? ` with reason "${n.message}"` : ''}, got ${onLine(n, undecided)}`);
      // A known gap that is closed must say so: the annotation becomes expect / ok.
      if (n.mark === 'todo-expect' && reported(n)) problems.push(`line ${n.line}: ${n.ruleId} is now reported: change todo-expect to expect`);
      if (n.mark === 'todo-ok' && !reported(n)) problems.push(`line ${n.line}: ${n.ruleId} is no longer reported: change todo-ok to ok`);
    }
    const annotated = new Set(mine.map((n) => n.ruleId));
    for (const f of found) {
      if (!annotated.has(f.ruleId)) continue;
      if (!mine.some((n) => (n.mark === 'expect' || n.mark === 'todo-ok' || n.mark === 'todo-expect') && n.ruleId === f.ruleId && n.line === f.location.startLine))
        problems.push(`line ${f.location.startLine}: unexpected ${f.ruleId}: ${f.message}`);
    }
    if (!/broken/.test(file)) {
      for (const e of result.errors.filter((e) => e.file === file && (e.kind === 'parse' || e.kind === 'internal'))) problems.push(`line ${e.line}: ${e.kind} error: ${e.message}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(files.filter((f) => isChange(f) && f.includes('.head.')).map((f) => [f.slice(ROOT.length + 1), f]))('%s (change rule: against its .base file)', (_name, head) => {
    const base = head.replace('.head.', '.base.');
    const rule = ALL_RULES.find((r) => r.name === basename(dirname(head)));
    if (rule?.kind !== 'change') throw new Error(`${dirname(head)} names no change rule`);
    const pair = { base: existsSync(base) ? { file: head, src: readFixture(base) } : undefined, head: { file: head, src: readFixture(head) } };
    const found = runChangeRules([rule], rule.subject, [pair], defaultConfig(), ALL_RULES);
    const problems: string[] = [];
    const mine = notes.filter((n) => n.file === head);
    for (const n of mine) {
      const hit = found.some((f) => f.ruleId === n.ruleId && f.location.startLine === n.line);
      if (n.mark === 'expect' && !hit) problems.push(`line ${n.line}: expected ${n.ruleId}`);
      if (n.mark === 'ok' && hit) problems.push(`line ${n.line}: ${n.ruleId} reported but marked ok`);
    }
    for (const f of found) if (!mine.some((n) => n.mark === 'expect' && n.line === f.location.startLine)) problems.push(`line ${f.location.startLine}: unexpected ${f.ruleId}: ${f.message}`);
    expect(problems).toEqual([]);
  });

  const govCases = (readdirSync(GOV, { recursive: true }) as string[]).filter((n) => basename(n) === '.trustgate.yml').map((n) => dirname(join(GOV, n)));
  it.each(govCases.map((d) => [relative(ROOT, d), d]))('%s (governance rules: with its own .trustgate.yml)', async (_name, dir) => {
    const config = { ...loadConfig(join(dir, '.trustgate.yml'), ALL_RULES), persona: 'auditor' as const };
    const r = await scan({ paths: [dir], cwd: dir, config, rules: ALL_RULES, today: '2026-06-01' });
    const found = r.findings.filter((f) => f.ruleId.startsWith('TG-GOV-'));
    const mine = notes.filter((n) => n.file.startsWith(dir + sep));
    const problems: string[] = [];
    const hit = (n: Annotation) => found.some((f) => f.ruleId === n.ruleId && f.location.file === n.file && f.location.startLine === n.line);
    for (const n of mine) {
      if (n.mark === 'expect' && !hit(n)) problems.push(`${relative(dir, n.file)}:${n.line}: expected ${n.ruleId}`);
      if (n.mark === 'ok' && hit(n)) problems.push(`${relative(dir, n.file)}:${n.line}: ${n.ruleId} reported but marked ok`);
    }
    for (const f of found)
      if (!mine.some((n) => n.mark === 'expect' && n.ruleId === f.ruleId && n.file === f.location.file && n.line === f.location.startLine))
        problems.push(`${relative(dir, f.location.file)}:${f.location.startLine}: unexpected ${f.ruleId}: ${f.message}`);
    expect(problems).toEqual([]);
  });

  // Known gaps, visible in every run as todo (the file's test fails once a gap is closed).
  for (const n of notes.filter((x) => x.mark === 'todo-expect' || x.mark === 'todo-ok'))
    it.todo(`${n.file.slice(ROOT.length + 1)}:${n.line} ${n.ruleId} ${n.mark === 'todo-expect' ? 'should be reported' : 'should not be reported'}${n.note ? `: ${n.note}` : ''}`);

  it('every rule has at least one failing and one passing fixture', () => {
    const missing: string[] = [];
    for (const r of ALL_RULES) {
      if (!notes.some((n) => n.ruleId === r.id && n.mark === 'expect')) missing.push(`${r.id}: no expect fixture`);
      if (!notes.some((n) => n.ruleId === r.id && n.mark === 'ok')) missing.push(`${r.id}: no ok fixture`);
    }
    expect(missing).toEqual([]);
  });

  it('every rule whose findings carry a quick fix has a .fixed fixture', () => {
    // TRUSTGATE_UPDATE_FIXED=1 writes the missing .fixed files too: review them before committing.
    if (process.env.TRUSTGATE_UPDATE_FIXED === '1')
      for (const f of files.filter((x) => !/broken/.test(x) && !existsSync(`${x}.fixed`) && fixesFor(x).length)) writeFileSync(`${f}.fixed`, applyFixes(readFixture(f), fixesFor(f).flatMap((x) => x.fixes!)));
    const fixable = new Set(result.findings.filter((f) => f.fixes?.length && !/broken/.test(f.location.file)).map((f) => f.ruleId));
    const covered = new Set(files.filter((f) => existsSync(`${f}.fixed`)).flatMap((f) => fixesFor(f).map((x) => x.ruleId)));
    expect([...fixable].filter((id) => !covered.has(id)).sort()).toEqual([]);
  });

  it('annotations name only real rules', () => {
    const ids = new Set(ALL_RULES.map((r) => r.id));
    expect(notes.filter((n) => !ids.has(n.ruleId)).map((n) => `${n.file}:${n.at} ${n.ruleId}`)).toEqual([]);
  });
});

// Quick fixes, Semgrep-style: `<fixture>.fixed` is the fixture after applying every quick fix of the
// rules annotated in it. Applying them must give exactly that text, and scanning that text again
// must leave nothing those fixes were offered for.
const fixedFiles = files.filter((f) => existsSync(`${f}.fixed`) && !/broken/.test(f));
const fixesFor = (file: string) => {
  const annotated = new Set(notes.filter((n) => n.file === file).map((n) => n.ruleId));
  return result.findings.filter((f) => f.location.file === file && !f.suppressed && annotated.has(f.ruleId) && f.fixes?.length);
};

describe('quick fixes', () => {
  it.each(fixedFiles.map((f) => [f.slice(ROOT.length + 1), f]))('%s.fixed', async (_name, file) => {
    const found = fixesFor(file);
    expect(found.length, 'a .fixed file needs findings with quick fixes').toBeGreaterThan(0);
    const fixed = applyFixes(readFixture(file), found.flatMap((f) => f.fixes!));
    // After editing a fixture, TRUSTGATE_UPDATE_FIXED=1 rewrites its .fixed file: review the diff.
    if (process.env.TRUSTGATE_UPDATE_FIXED === '1') writeFileSync(`${file}.fixed`, fixed);
    expect(fixed).toBe(readFixture(`${file}.fixed`));
    // The fixed text, in a copy of the fixture's directory, has no fixable finding of those rules left.
    const dir = tmp({});
    const rel = relative(ROOT, dirname(file));
    cpSync(dirname(file), join(dir, rel), { recursive: true });
    writeFileSync(join(dir, rel, basename(file)), fixed);
    const ids = new Set(found.map((f) => f.ruleId));
    const again = await scan({ paths: [dir], cwd: dir, rules: ALL_RULES.filter((r) => ids.has(r.id)), today: '2026-06-01' });
    const left = again.findings.filter((f) => f.location.file === join(dir, rel, basename(file)) && !f.suppressed && f.fixes?.length);
    expect(left.map((f) => `line ${f.location.startLine}: ${f.ruleId} ${f.message}`)).toEqual([]);
  });
});
