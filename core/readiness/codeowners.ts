// CODEOWNERS as GitHub reads it: the first of .github/CODEOWNERS, CODEOWNERS, docs/CODEOWNERS; one
// `pattern owner...` per line; gitignore-like patterns with GitHub's exceptions (no `!` negation, no
// `[ ]` ranges, `\#` escapes a leading #, a trailing `/*` matches files directly in that directory
// only); the LAST matching pattern wins, and a pattern without owners leaves its files unowned.
import { join } from 'node:path';
import { readText } from '../read.js';

export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];

export interface OwnerRule {
  pattern: string;
  owners: string[];
  line: number;
  /** Matches the whole path only (pattern ends in `/*`) or also any of its parent directories. */
  re: RegExp;
  dirOnly: boolean;
  wholePathOnly: boolean;
}

export interface CodeOwners {
  /** Repository-relative path of the file read. */
  file: string;
  rules: OwnerRule[];
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` any leading directories; `/**` everything inside; a lone `**` anything.
      if (glob[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) out += glob[++i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

/** One line's rule, or undefined for blank lines, comments and patterns GitHub rejects. */
export function parseOwnerLine(raw: string, line: number): OwnerRule | undefined {
  const text = raw.replace(/\r$/, '');
  if (!text.trim() || text.trimStart().startsWith('#')) return undefined;
  // Split on unescaped whitespace; an unescaped # starts an inline comment.
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      cur += c + text[++i];
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) break;
    if (/\s/.test(c)) {
      if (cur) parts.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) parts.push(cur);
  const [pattern, ...owners] = parts;
  if (!pattern || pattern.startsWith('!') || /(^|[^\\])\[/.test(pattern)) return undefined;
  let p = pattern;
  const dirOnly = p.endsWith('/') && p.length > 1;
  if (dirOnly) p = p.replace(/\/+$/, '');
  const anchored = p.includes('/');
  p = p.replace(/^\//, '');
  const wholePathOnly = /(^|\/)\*$/.test(p) && !p.endsWith('**') && anchored;
  const re = new RegExp(`^${anchored ? '' : '(?:.*/)?'}${globToRegex(p)}$`);
  return { pattern, owners, line, re, dirOnly, wholePathOnly };
}

export function parseCodeOwners(file: string, text: string): CodeOwners {
  const rules: OwnerRule[] = [];
  text.split('\n').forEach((l, i) => {
    const r = parseOwnerLine(l, i + 1);
    if (r) rules.push(r);
  });
  return { file, rules };
}

function matches(r: OwnerRule, path: string): boolean {
  if (!r.dirOnly && r.re.test(path)) return true;
  if (r.wholePathOnly) return false;
  // A pattern that names a directory owns everything under it.
  const segs = path.split('/');
  for (let n = segs.length - 1; n >= 1; n--) if (r.re.test(segs.slice(0, n).join('/'))) return true;
  return false;
}

/** The owners of a repository-relative path ('/'-separated): the last matching rule's (possibly none), or [] when nothing matches. */
export function ownersOf(co: CodeOwners, path: string): { owners: string[]; rule?: OwnerRule } {
  for (let i = co.rules.length - 1; i >= 0; i--) if (matches(co.rules[i], path)) return { owners: co.rules[i].owners, rule: co.rules[i] };
  return { owners: [] };
}

/** The CODEOWNERS file GitHub would use in a repository (the first location that exists). */
export function readCodeOwners(root: string): CodeOwners | undefined {
  for (const loc of CODEOWNERS_LOCATIONS) {
    const r = readText(join(root, loc), 1024 * 1024);
    if (r.ok) return parseCodeOwners(loc, r.text);
  }
  return undefined;
}
