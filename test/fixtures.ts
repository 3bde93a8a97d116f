// Semgrep-style fixture annotations: `# expect: TG-AWS-001` / `# ok: TG-AWS-001` (also `//`).
// A comment alone on its line points at the next line that is not a comment or blank; a trailing
// comment points at its own line. `expect-indeterminate:` marks a check that must stay undecided.
// JSON has no comments: Terraform's JSON syntax ignores `"//"` properties, so a JSON fixture writes
// `"//": "expect: TG-AWS-001"` — alone on its line it points at the next property's line, after a
// `{` on the same line (`"b": { "//": "expect: ..."`) it points at that line (the block's labels).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { classify } from '../core/files.js';

export type Mark = 'expect' | 'ok' | 'expect-indeterminate';
export interface Annotation {
  file: string;
  line: number;
  mark: Mark;
  ruleId: string;
  /** Line of the comment itself, for messages. */
  at: number;
}

const RE = /(?:#|\/\/|"\/\/"\s*:\s*")\s*(expect-indeterminate|expect|ok):\s*([A-Z0-9, -]+)/;
const COMMENT_LINE = /^\s*(#|\/\/|"\/\/"\s*:)/;

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
    for (const id of m[2].split(/[\s,]+/).filter(Boolean)) out.push({ file, line: target, mark: m[1] as Mark, ruleId: id, at: i + 1 });
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
