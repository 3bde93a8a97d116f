// What a pull request changes: its files (through the REST API, paginated) and, from each file's
// unified-diff patch, the lines it adds or changes on the head side.
import type { GitHubApi } from '../core/github.js';

/** A changed file. `lines` are the head-side line numbers added or changed; 'all' when the patch is
 * missing (GitHub omits it for large or binary diffs) or the whole file is new. */
export interface ChangedFile {
  path: string;
  status: string;
  previousPath?: string;
  lines: Set<number> | 'all';
}

export type ChangeSet = Map<string, ChangedFile>;

/**
 * Head-side line numbers of added lines in a unified diff patch (hunks only, as GitHub's `patch`
 * field gives them; a full `git diff` with headers works too). A changed line is a deletion followed
 * by an addition, so it is counted through its `+` line.
 */
export function addedLines(patch: string): Set<number> {
  const out = new Set<number>();
  let line = 0;
  let inHunk = false;
  for (const raw of patch.split('\n')) {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const h = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(l);
    if (h) {
      line = Number(h[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (l.startsWith('diff --git ')) {
      inHunk = false;
      continue;
    }
    const c = l[0];
    if (c === '+') out.add(line++);
    else if (c === ' ') line++;
    else if (c === '-' || c === '\\') continue; // removed line / "\ No newline at end of file"
    else if (l === '') line++; // some tools strip the leading space of empty context lines
  }
  return out;
}

/** Pure-deletion hunks leave no added line; the lines around a deletion are where it is visible. */
export function deletionAnchors(patch: string): Set<number> {
  const out = new Set<number>();
  let line = 0;
  let prevWasDel = false;
  for (const raw of patch.split('\n')) {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const h = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(l);
    if (h) {
      line = Number(h[1]);
      prevWasDel = false;
      continue;
    }
    const c = l[0];
    if (c === '-') {
      prevWasDel = true;
      continue;
    }
    if (c === '+' || c === ' ' || l === '') {
      if (prevWasDel && c !== '+') out.add(line);
      prevWasDel = false;
      line++;
    }
  }
  return out;
}

export interface PrFile {
  filename: string;
  status: string;
  patch?: string;
  previous_filename?: string;
  additions?: number;
  deletions?: number;
  changes?: number;
}

export function toChangeSet(files: PrFile[]): ChangeSet {
  const set: ChangeSet = new Map();
  for (const f of files) {
    if (f.status === 'removed') continue;
    const lines: Set<number> | 'all' = f.status === 'added' || f.patch === undefined || f.patch === null ? 'all' : addedLines(f.patch);
    set.set(f.filename, { path: f.filename, status: f.status, previousPath: f.previous_filename, lines });
  }
  return set;
}

/** Every file of the pull request, with patches, through `GET /repos/{o}/{r}/pulls/{n}/files` (all pages; GitHub stops at 3000 files). */
export async function listPrFiles(api: GitHubApi, pullNumber: number): Promise<PrFile[]> {
  return api.paginate<PrFile>(`${api.repoPath}/pulls/${pullNumber}/files`);
}

/** Is a finding on a changed line (any overlap of its line range with the added lines)? */
export function touches(change: ChangedFile, startLine: number, endLine: number): boolean {
  if (change.lines === 'all') return true;
  if (change.lines.size === 0) return false;
  const hi = Math.max(startLine, endLine);
  if (hi - startLine > change.lines.size) {
    for (const l of change.lines) if (l >= startLine && l <= hi) return true;
    return false;
  }
  for (let l = startLine; l <= hi; l++) if (change.lines.has(l)) return true;
  return false;
}
