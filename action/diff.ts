// What a pull request changes: its files (through the REST API, paginated) and, from each file's
// unified-diff patch, the lines it adds or changes on the head side.
import { spawnSync } from 'node:child_process';
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

export interface PrFile {
  filename: string;
  status: string;
  patch?: string;
  previous_filename?: string;
  additions?: number;
  deletions?: number;
  changes?: number;
}

/** Removed files stay in the set (no lines): deleting a protective resource is a change to gate. */
export function toChangeSet(files: PrFile[]): ChangeSet {
  const set: ChangeSet = new Map();
  for (const f of files) {
    if (f.status === 'removed') {
      set.set(f.filename, { path: f.filename, status: 'removed', lines: new Set() });
      continue;
    }
    const lines: Set<number> | 'all' = f.status === 'added' || f.patch === undefined || f.patch === null ? 'all' : addedLines(f.patch);
    set.set(f.filename, { path: f.filename, status: f.status, previousPath: f.previous_filename, lines });
  }
  return set;
}

/** GitHub's PR files API lists at most this many files; a larger pull request is diffed with git. */
export const PR_FILES_CAP = 3000;

/**
 * The pull request's files from the checkout: `git diff base...head` (plumbing only; no external diff
 * drivers or textconv filters from the repository's attributes run). Undefined with a reason when the
 * commits are not in the checkout.
 */
export function prFilesFromGit(workspace: string, baseSha: string, headSha: string): PrFile[] | { unavailable: string } {
  if (![baseSha, headSha].every((s) => /^[0-9a-f]{7,64}$/i.test(s))) return { unavailable: 'not commit ids' };
  const r = spawnSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'diff.external=', 'diff', '--no-color', '--no-ext-diff', '--no-textconv', '--find-renames', '-U0', `${baseSha}...${headSha}`, '--'], {
    cwd: workspace,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_CONFIG_NOSYSTEM: '1' },
    maxBuffer: 512 * 1024 * 1024,
    windowsHide: true,
  });
  if (r.error || r.status !== 0) return { unavailable: `git diff failed: ${String(r.stderr ?? r.error?.message ?? '').trim().split('\n')[0].slice(0, 200)}` };
  const out: PrFile[] = [];
  let cur: PrFile | undefined;
  let patch: string[] = [];
  const flush = () => {
    if (cur) out.push({ ...cur, patch: patch.join('\n') });
    cur = undefined;
    patch = [];
  };
  const unquote = (p: string) => (p.startsWith('"') ? JSON.parse(p) as string : p);
  for (const line of r.stdout.toString('utf8').split('\n')) {
    const h = /^diff --git (?:"?a\/)(.+?)"? (?:"?b\/)(.+?)"?$/.exec(line);
    if (h) {
      flush();
      cur = { filename: unquote(h[2]), status: 'modified' };
      continue;
    }
    if (!cur) continue;
    if (line.startsWith('new file mode')) cur.status = 'added';
    else if (line.startsWith('deleted file mode')) cur.status = 'removed';
    else if (line.startsWith('rename from ')) {
      cur.status = 'renamed';
      cur.previous_filename = line.slice(12);
    } else if (line.startsWith('rename to ')) cur.filename = line.slice(10);
    else if (line.startsWith('@@') || patch.length) patch.push(line);
  }
  flush();
  return out;
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
