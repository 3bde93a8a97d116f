// Owner teams of a repository from its CODEOWNERS file: the owners of the last rule that covers the
// whole tree (`*`, `/*`, `**`, `/**`), as GitHub applies the last matching rule. A repository without
// such a rule has no owner team in the organisation view (it shows as "(no owner)").
import { closeSync, fstatSync, lstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where GitHub looks, in its order. */
export const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'];
/** GitHub ignores a CODEOWNERS file larger than 3 MB. */
const MAX_BYTES = 3 * 1024 * 1024;
const WHOLE_TREE = new Set(['*', '/*', '**', '/**']);

export function wholeTreeOwners(src: string): string[] {
  let owners: string[] = [];
  for (const raw of src.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [pattern, ...rest] = line.split(/\s+/);
    if (WHOLE_TREE.has(pattern)) owners = rest.filter((o) => /^@[\w.-]+(\/[\w.-]+)?$/.test(o) || /^[^@\s]+@[^@\s]+$/.test(o));
  }
  return owners;
}

/** The first CODEOWNERS file GitHub would use in a checkout (regular files only, bounded). */
export function repoOwners(dir: string): string[] {
  for (const p of CODEOWNERS_PATHS) {
    const abs = join(dir, p);
    try {
      if (!lstatSync(abs).isFile()) continue;
    } catch {
      continue;
    }
    const fd = openSync(abs, 'r');
    try {
      if (fstatSync(fd).size > MAX_BYTES) return [];
      return wholeTreeOwners(readFileSync(fd, 'utf8'));
    } finally {
      closeSync(fd);
    }
  }
  return [];
}
