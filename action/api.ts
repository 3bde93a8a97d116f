// The Action's side of the one GitHub client (core/github.ts) and how its failures are treated. A
// read-only token (fork pull requests, `permissions:` without write) answers 403; that degrades the
// run to annotations + summary. A rate limit is said as such, never as a missing permission.
import { GitHubApi, GitHubError } from '../core/github.js';

export function client(token: string, repository: string): GitHubApi | undefined {
  if (!token) return undefined;
  // Base URL from GITHUB_API_URL (GitHub Enterprise Server, or a local stand-in in tests).
  return new GitHubApi(process.env.GITHUB_API_URL || 'https://api.github.com', token, repository);
}

export interface ApiFailure {
  status?: number;
  message: string;
  /** The token may not do this (403, or 404 for a resource it cannot see): expected on forks. */
  permission: boolean;
  /** GitHub's rate limit outlasted the retries. */
  rateLimited: boolean;
}

export function apiFailure(e: unknown): ApiFailure {
  const err = e as { status?: number; message?: string };
  const status = typeof err?.status === 'number' && err.status > 0 ? err.status : undefined;
  const message = String(err?.message ?? e).split('\n')[0].slice(0, 300);
  const rateLimited = e instanceof GitHubError && e.rateLimited;
  return { status, message, permission: !rateLimited && (status === 403 || status === 404), rateLimited };
}

/** One line, no control characters: safe to print with core.info even when it holds untrusted text. */
export function logSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}
