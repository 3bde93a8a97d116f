// Git facts for the record: changed files with blob digests and who added a line (blame). Only `git` itself runs; nothing from the repository
// is executed (hooks are switched off, textconv filters are not applied).
import { execFileSync } from 'node:child_process';
import { classify } from '../files.js';
import { sha256 } from './canonical.js';
import type { ChangedFile } from './types.js';

const SAFE = ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', '-c', 'protocol.file.allow=never'];

export function git(repo: string, args: string[], opts: { encoding?: 'buffer' } = {}): string {
  return execFileSync('git', [...SAFE, '-C', repo, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1' },
    ...(opts.encoding ? {} : { encoding: 'utf8' }),
  }) as unknown as string;
}

function gitBuffer(repo: string, args: string[]): Buffer {
  return execFileSync('git', [...SAFE, '-C', repo, ...args], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
}

export function hasCommit(repo: string, sha: string): boolean {
  try {
    git(repo, ['cat-file', '-e', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** sha256 of a file's bytes at a commit. */
export function blobDigest(repo: string, sha: string, path: string): string | null {
  try {
    return sha256(gitBuffer(repo, ['cat-file', 'blob', `${sha}:${path}`]));
  } catch {
    return null;
  }
}

/** IaC files changed between two commits (three-dot: since the merge base, as a PR diff shows). */
export function changedIacFiles(repo: string, base: string, head: string): ChangedFile[] {
  const out = git(repo, ['diff', '--no-ext-diff', '--no-textconv', '--name-status', '-z', '-M', `${base}...${head}`]);
  const parts = out.split('\0').filter((x) => x !== '');
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length; ) {
    const st = parts[i++];
    const letter = st[0];
    let previousPath: string | null = null;
    let path: string;
    if (letter === 'R' || letter === 'C') {
      previousPath = parts[i++];
      path = parts[i++];
    } else path = parts[i++];
    const kind = classify(path) ?? (previousPath ? classify(previousPath) : undefined);
    if (!kind) continue;
    const status: ChangedFile['status'] = letter === 'A' || letter === 'C' ? 'added' : letter === 'D' ? 'removed' : letter === 'R' ? 'renamed' : 'modified';
    files.push({ path, status, previousPath: letter === 'R' ? previousPath : null, kind, sha256: status === 'removed' ? null : blobDigest(repo, head, path) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface BlameLine {
  commit: string;
  name: string;
  email: string;
  date: string;
}

/** Who last wrote each of the given lines of a file at a commit (git blame --porcelain). */
export function blameLines(repo: string, sha: string, path: string, lines: number[]): Map<number, BlameLine> {
  const res = new Map<number, BlameLine>();
  if (!lines.length) return res;
  const args = ['blame', '--porcelain', '--no-textconv', ...[...new Set(lines)].flatMap((l) => ['-L', `${l},${l}`]), sha, '--', path];
  let out: string;
  try {
    out = git(repo, args);
  } catch {
    return res;
  }
  const info = new Map<string, Partial<BlameLine>>();
  let cur: { commit: string; line: number } | undefined;
  for (const l of out.split('\n')) {
    const h = /^([0-9a-f]{40}|[0-9a-f]{64}) \d+ (\d+)/.exec(l);
    if (h) {
      cur = { commit: h[1], line: Number(h[2]) };
      if (!info.has(h[1])) info.set(h[1], { commit: h[1] });
      continue;
    }
    if (!cur) continue;
    const i = info.get(cur.commit)!;
    if (l.startsWith('author ')) i.name = l.slice(7);
    else if (l.startsWith('author-mail ')) i.email = l.slice(12).replace(/^<|>$/g, '');
    else if (l.startsWith('author-time ')) i.date = new Date(Number(l.slice(12)) * 1000).toISOString();
    else if (l.startsWith('\t')) {
      const full = info.get(cur.commit)!;
      res.set(cur.line, { commit: cur.commit, name: full.name ?? '', email: full.email ?? '', date: full.date ?? new Date(0).toISOString() });
    }
  }
  return res;
}
