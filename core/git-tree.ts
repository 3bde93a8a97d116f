// A commit's scannable files, for a second scan that tells a finding the PR introduced from one it only
// moved. Only git plumbing runs (ls-tree, cat-file): no checkout, so no hooks, filters or anything
// else from the repository executes. Unavailable (shallow clone, no git) is not an error.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { classify } from './files.js';

export interface Materialized {
  /** Directory holding the base commit's scannable files at the same relative paths as the workspace. */
  dir: string;
  files: number;
}

const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_CONFIG_NOSYSTEM: '1' };

function git(cwd: string, args: string[], input?: Buffer | string, maxBuffer = 512 * 1024 * 1024) {
  const r = spawnSync('git', ['-c', 'core.hooksPath=/dev/null', '-c', 'core.fsmonitor=false', ...args], {
    cwd,
    input,
    env: { ...process.env, ...GIT_ENV },
    maxBuffer,
    windowsHide: true,
  });
  return { ok: !r.error && r.status === 0, stdout: r.stdout ?? Buffer.alloc(0), stderr: String(r.stderr ?? r.error?.message ?? '') };
}

/**
 * Write the scannable files (.tf, .tfvars, .yml, .yaml) of commit `sha` that lie in the workspace into
 * `dest`, at their workspace-relative paths. Returns undefined with a reason when the commit is not
 * available.
 */
export function materializeCommit(workspace: string, sha: string, dest: string, limits = { maxFiles: 20_000, maxBytes: 256 * 1024 * 1024 }): Materialized | { unavailable: string } {
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) return { unavailable: `not a commit id: ${sha.slice(0, 80)}` };
  const inside = git(workspace, ['rev-parse', '--show-prefix']);
  if (!inside.ok) return { unavailable: 'the workspace is not a git checkout' };
  const prefix = inside.stdout.toString('utf8').trim(); // workspace's path inside the repository, "" or "sub/dir/"
  if (!git(workspace, ['cat-file', '-e', `${sha}^{commit}`]).ok) return { unavailable: `base commit ${sha.slice(0, 12)} is not in the checkout (use actions/checkout with fetch-depth: 0)` };
  const tree = git(workspace, ['ls-tree', '-r', '-z', '--full-tree', sha]);
  if (!tree.ok) return { unavailable: `git ls-tree failed: ${tree.stderr.trim().slice(0, 200)}` };
  const wanted: { oid: string; rel: string }[] = [];
  for (const entry of tree.stdout.toString('utf8').split('\0')) {
    if (!entry) continue;
    const tab = entry.indexOf('\t');
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    const full = entry.slice(tab + 1);
    if (type !== 'blob' || mode === '120000') continue; // no symlinks: they could point anywhere
    if (prefix && !full.startsWith(prefix)) continue;
    const rel = full.slice(prefix.length);
    if (!classify(rel)) continue;
    const norm = posix.normalize(rel);
    if (norm.startsWith('../') || norm.startsWith('/') || norm.split('/').includes('..') || norm.split('/').includes('.git')) continue;
    wanted.push({ oid, rel: norm });
    if (wanted.length > limits.maxFiles) return { unavailable: `base commit has more than ${limits.maxFiles} scannable files` };
  }
  mkdirSync(dest, { recursive: true });
  if (!wanted.length) return { dir: dest, files: 0 };
  const batch = git(workspace, ['cat-file', '--batch'], wanted.map((w) => w.oid).join('\n') + '\n', limits.maxBytes);
  if (!batch.ok) return { unavailable: `git cat-file failed: ${batch.stderr.trim().slice(0, 200)}` };
  const buf = batch.stdout;
  let off = 0;
  for (const w of wanted) {
    const nl = buf.indexOf(0x0a, off);
    if (nl < 0) return { unavailable: 'git cat-file output ended early' };
    const header = buf.subarray(off, nl).toString('utf8').split(' ');
    if (header[1] !== 'blob') return { unavailable: `git cat-file: unexpected object for ${w.rel}` };
    const size = Number(header[2]);
    const content = buf.subarray(nl + 1, nl + 1 + size);
    off = nl + 1 + size + 1;
    const target = join(dest, ...w.rel.split('/'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return { dir: dest, files: wanted.length };
}
