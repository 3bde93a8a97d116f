// Fetching module code from a git repository or an http(s) archive into the cache. Nothing fetched is
// ever executed: git runs with hooks disabled, no templates, no submodules, a shallow fetch, no
// terminal prompt, symlinks checked out as plain files, and only the https/http/git protocols.
import { execFile } from 'node:child_process';
import { lstatSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { extractArchive } from './archive.js';
import { FetchError, httpGet, type HttpOptions } from './http.js';
import type { SourceAddress } from './source.js';

export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
}

const GIT_SAFE = [
  '-c', 'core.hooksPath=/dev/null',
  '-c', 'core.symlinks=false',
  '-c', 'core.fsmonitor=false',
  '-c', 'protocol.allow=never',
  '-c', 'protocol.https.allow=always',
  '-c', 'protocol.http.allow=always',
  '-c', 'protocol.git.allow=always',
  '-c', 'submodule.recurse=false',
  '-c', 'credential.helper=',
];

function git(args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((res, rej) => {
    execFile(
      'git',
      [...GIT_SAFE, ...args],
      {
        cwd,
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, GIT_TERMINAL_PROMPT: '0', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_ASKPASS: '/bin/false', GIT_SSH_COMMAND: '/bin/false' },
      },
      (err, _out, stderr) => {
        if (!err) return res();
        if ((err as { killed?: boolean }).killed) return rej(new FetchError(`git took longer than ${timeoutMs} ms`, true));
        const line = String(stderr).split('\n').find((l) => /fatal|error/i.test(l)) ?? err.message;
        rej(new FetchError(`git: ${line.trim().slice(0, 300)}`));
      },
    );
  });
}

/** Size of a tree, refusing anything that is not a plain file or directory. */
export function treeBytes(dir: string, max: number): number {
  let total = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) total += lstatSync(p).size;
      else throw new FetchError(`the repository contains a special file ${e.name}; refused`);
      if (total > max) throw new FetchError(`the module is over the ${max}-byte limit`, true);
    }
  }
  return total;
}

export async function fetchGit(a: Extract<SourceAddress, { kind: 'git' }>, dest: string, l: FetchLimits, checkHost: (u: URL) => void): Promise<void> {
  checkHost(new URL(a.url));
  const deadline = Date.now() + l.timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  await git(['init', '-q', '--template=', dest], dest, left());
  await git(['-C', dest, 'fetch', '-q', '--depth', '1', '--no-tags', '--no-recurse-submodules', '--', a.url, a.ref ?? 'HEAD'], dest, left());
  await git(['-C', dest, 'checkout', '-q', '--no-recurse-submodules', 'FETCH_HEAD'], dest, left());
  rmSync(join(dest, '.git'), { recursive: true, force: true });
  treeBytes(dest, l.maxBytes);
}

export async function fetchArchive(a: Extract<SourceAddress, { kind: 'archive' }>, dest: string, l: FetchLimits, http: Pick<HttpOptions, 'auth' | 'checkHost'>): Promise<void> {
  const r = await httpGet(a.url, { ...http, maxBytes: l.maxBytes, timeoutMs: l.timeoutMs });
  if (r.status !== 200) throw new FetchError(`${new URL(a.url).host} answered ${r.status} for the archive`);
  try {
    extractArchive(r.body, a.format, dest, { maxBytes: l.maxBytes });
  } catch (e) {
    throw new FetchError(`archive ${a.url}: ${(e as Error).message}`, /bytes|entries/.test((e as Error).message));
  }
}
