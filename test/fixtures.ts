// Semgrep-style fixture annotations: `# expect: TG-AWS-001` / `# ok: TG-AWS-001` (also `//`).
// A comment alone on its line points at the next line that is not a comment or blank; a trailing
// comment points at its own line. `expect-indeterminate:` marks a check that must stay undecided.
// Pinning what users see (as ESLint's RuleTester does): after the ids, `col=N` is the finding's
// start column (1-based) and `message="..."` its exact message (the reason, for an indeterminate).
// Known gaps stay visible: `todo-expect:` a finding the rule should report but does not yet,
// `todo-ok:` one it reports but should not, each with a free-text note; both are listed as todo,
// and fail once they are fixed.
// A `<fixture>.fixed` file (e.g. main.tf.fixed) is the fixture's text after applying every quick fix
// of the rules annotated in it.
// JSON has no comments: Terraform's JSON syntax ignores `"//"` properties, so a JSON fixture writes
// `"//": "expect: TG-AWS-001"` — alone on its line it points at the next property's line, after a
// `{` on the same line (`"b": { "//": "expect: ..."`) it points at that line (the block's labels).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '../core/files.js';
import type { Fix } from '../core/types.js';

export type Mark = 'expect' | 'ok' | 'expect-indeterminate' | 'todo-expect' | 'todo-ok';
export interface Annotation {
  file: string;
  line: number;
  mark: Mark;
  ruleId: string;
  /** Line of the comment itself, for messages. */
  at: number;
  /** `col=N`: the finding's start column must be N. */
  column?: number;
  /** `message="..."`: the finding's message (or the indeterminate reason) must be exactly this. */
  message?: string;
  /** todo marks: why it is a known gap. */
  note?: string;
}

const RE = /(?:#|\/\/|"\/\/"\s*:\s*")\s*(expect-indeterminate|todo-expect|todo-ok|expect|ok):\s*([A-Z0-9-]+(?:[\s,]+[A-Z0-9-]+)*)(.*)$/;
const COMMENT_LINE = /^\s*(#|\/\/|"\/\/"\s*:)/;
// (A trailing `"` or `",` closes a JSON fixture's `"//": "expect: ..."` property.)
const PIN = /^\s*(?:col=(\d+))?\s*(?:message="(.*)")?\s*(?:",?)?\s*$/;

export function annotations(file: string, src: string): Annotation[] {
  const lines = src.split(/\r\n|\r|\n/);
  const out: Annotation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = RE.exec(lines[i]);
    if (!m) continue;
    const alone = COMMENT_LINE.test(lines[i]);
    let target = i + 1;
    if (alone) {
      let j = i + 1;
      while (j < lines.length && (COMMENT_LINE.test(lines[j]) || !lines[j].trim())) j++;
      target = j + 1;
    }
    // A known gap says why in free text: `# todo-ok: TG-GHA-008 a shell comment is not a write`.
    const pin = m[1].startsWith('todo-') ? [m[3], undefined, undefined] : PIN.exec(m[3]);
    if (!pin) throw new Error(`${file}:${i + 1}: after the rule ids only col=N and message="..." may follow: ${m[3].trim()}`);
    const extra = m[1].startsWith('todo-')
      ? { note: m[3].replace(/",?\s*$/, '').trim() }
      : { ...(pin[1] ? { column: Number(pin[1]) } : {}), ...(pin[2] !== undefined ? { message: pin[2] } : {}) };
    for (const id of m[2].split(/[\s,]+/).filter(Boolean)) out.push({ file, line: target, mark: m[1] as Mark, ruleId: id, at: i + 1, ...extra });
  }
  return out;
}

export function fixtureFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? fixtureFiles(p) : classify(n) ? [p] : [];
    });
}

export const readFixture = (p: string) => readFileSync(p, 'utf8');

/**
 * Apply quick fixes to a text: each replaces its 1-based, end-exclusive range (UTF-16 columns).
 * The same edit offered twice (two findings, one fix) is applied once; overlapping edits are an error.
 */
export function applyFixes(src: string, fixes: Fix[]): string {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') starts.push(i + 1);
  const offset = (line: number, col: number) => starts[line - 1] + col - 1;
  const edits = [...new Map(fixes.map((f) => [`${f.range.startLine}:${f.range.startColumn}:${f.range.endLine}:${f.range.endColumn}:${f.text}`, f])).values()]
    .map((f) => ({ from: offset(f.range.startLine, f.range.startColumn), to: offset(f.range.endLine, f.range.endColumn), text: f.text, title: f.title }))
    .sort((a, b) => b.from - a.from);
  let out = src;
  for (let i = 0; i < edits.length; i++) {
    const e = edits[i];
    if (i > 0 && e.to > edits[i - 1].from) throw new Error(`overlapping quick fixes: "${e.title}" and "${edits[i - 1].title}"`);
    out = out.slice(0, e.from) + e.text + out.slice(e.to);
  }
  return out;
}
