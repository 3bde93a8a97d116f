// The GitHub REST client and how its failures are treated. A read-only token (fork pull requests,
// `permissions:` without write) answers 403; that degrades the run to annotations + summary.
import * as github from '@actions/github';

export type Octokit = ReturnType<typeof github.getOctokit>;

export function client(token: string): Octokit | undefined {
  if (!token) return undefined;
  // Base URL from GITHUB_API_URL (GitHub Enterprise Server, or a local stand-in in tests).
  return github.getOctokit(token);
}

export interface ApiFailure {
  status?: number;
  message: string;
  /** The token may not do this (403, or 404 for a resource it cannot see): expected on forks. */
  permission: boolean;
}

export function apiFailure(e: unknown): ApiFailure {
  const err = e as { status?: number; message?: string };
  const status = typeof err?.status === 'number' ? err.status : undefined;
  const message = String(err?.message ?? e).split('\n')[0].slice(0, 300);
  return { status, message, permission: status === 403 || status === 404 };
}

/** One line, no control characters: safe to print with core.info even when it holds untrusted text. */
export function logSafe(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}
