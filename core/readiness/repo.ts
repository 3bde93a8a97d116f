// What the report header says about the repository: its name, the commit scanned and where a file at
// that commit can be viewed. Read with plain git plumbing (no network, nothing from the repo runs).
import { basename } from 'node:path';
import { git } from '../evidence/git.js';

export interface RepoInfo {
  /** Top-level directory of the git work tree (undefined outside git). */
  root?: string;
  /** owner/name when known (GITHUB_REPOSITORY or an origin remote on a forge), else the folder's name. */
  name: string;
  commit: string | null;
  /** Base for links to a file at the commit, e.g. https://github.com/o/r/blob/<sha>/ (null when unknown). */
  blobBase: string | null;
}

function tryGit(dir: string, args: string[]): string | undefined {
  try {
    return git(dir, args).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** owner/name and web base of a remote URL on GitHub-style forges (https or scp-like ssh). */
export function parseRemote(url: string): { name: string; web: string } | undefined {
  const m = /^(?:https:\/\/(?:[^@/]+@)?([^/]+)\/|git@([^:]+):|ssh:\/\/git@([^/]+)\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  if (!m) return undefined;
  const host = m[1] ?? m[2] ?? m[3];
  return { name: `${m[4]}/${m[5]}`, web: `https://${host}/${m[4]}/${m[5]}` };
}

export function repoInfo(dir: string, env: NodeJS.ProcessEnv): RepoInfo {
  const root = tryGit(dir, ['rev-parse', '--show-toplevel']);
  const commit = (root && tryGit(root, ['rev-parse', '--verify', '-q', 'HEAD'])) || env.GITHUB_SHA || null;
  let name = root ? basename(root) : basename(dir);
  let web: string | undefined;
  if (env.GITHUB_REPOSITORY && /^[\w.-]+\/[\w.-]+$/.test(env.GITHUB_REPOSITORY)) {
    name = env.GITHUB_REPOSITORY;
    const server = /^https:\/\/[^\s"'<>]+$/.test(env.GITHUB_SERVER_URL ?? '') ? env.GITHUB_SERVER_URL!.replace(/\/$/, '') : 'https://github.com';
    web = `${server}/${name}`;
  } else if (root) {
    const r = tryGit(root, ['config', '--get', 'remote.origin.url']);
    const p = r ? parseRemote(r) : undefined;
    if (p) ({ name, web } = p);
  }
  return { root, name, commit, blobBase: web && commit ? `${web}/blob/${commit}/` : null };
}
