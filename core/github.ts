// The one GitHub REST client (the Action's PR files, check run, sticky comment and commit status; the
// evidence's PR, reviews, commits, checks and ledger branch), over fetch (Node 20+). Every call has a
// timeout and a bounded retry: 429, a rate-limit 403 (x-ratelimit-remaining: 0, or the secondary rate
// limit message) and 5xx are retried after `retry-after` (or the rate-limit reset, or a backoff), at
// most `retries` times and never waiting longer than `maxWaitMs` at once. A rate limit that outlasts
// that is a GitHubError with `rateLimited`, so callers never mistake it for a token without permission.

export interface GhUser {
  login: string;
  type?: string;
}
export interface GhPull {
  number: number;
  title: string;
  body: string | null;
  html_url: string;
  state: 'open' | 'closed';
  draft?: boolean;
  user: GhUser | null;
  labels?: { name: string }[];
  created_at: string;
  updated_at?: string;
  merged_at: string | null;
  merged_by?: GhUser | null;
  merge_commit_sha: string | null;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
}
export interface GhReview {
  id: number;
  user: GhUser | null;
  state: string;
  submitted_at?: string | null;
  commit_id: string | null;
}
export interface GhCommit {
  sha: string;
  author: GhUser | null;
  commit: { author: { name: string; email: string; date?: string } | null };
}
export interface GhCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  completed_at: string | null;
}
export interface GhStatus {
  id: number;
  context: string;
  state: string;
  updated_at?: string;
}

export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** GitHub refused for its rate limit (429, or a 403 that says so), not for the token's permissions. */
    readonly rateLimited = false,
  ) {
    super(message);
  }
}

export interface ClientOptions {
  /** Per request (each attempt), milliseconds. */
  timeoutMs?: number;
  /** Retries after the first attempt. */
  retries?: number;
  /** The longest single wait before a retry; a longer `retry-after` or reset gives up instead. */
  maxWaitMs?: number;
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULTS = { timeoutMs: 30_000, retries: 3, maxWaitMs: 60_000 };
// Requests GitHub may have carried out before failing are retried only when repeating them is harmless.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE']);

/** Seconds (or an HTTP date) in `retry-after`, as milliseconds from now. */
function retryAfterMs(v: string | null, now = Date.now()): number | undefined {
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}

/** Is this answer GitHub's rate limit? 429 always; 403 when the headers or the message say so. */
export function isRateLimit(status: number, headers: Headers, message: string): boolean {
  if (status === 429) return true;
  if (status !== 403) return false;
  return headers.get('x-ratelimit-remaining') === '0' || !!headers.get('retry-after') || /rate limit/i.test(message);
}

export class GitHubApi {
  readonly owner: string;
  readonly repo: string;
  private readonly o: Required<ClientOptions>;
  /** Retries made so far (for logs and tests). */
  retriesMade = 0;
  constructor(
    readonly apiUrl: string,
    private readonly token: string,
    repository: string,
    opts: ClientOptions = {},
  ) {
    [this.owner, this.repo] = repository.split('/');
    this.o = { ...DEFAULTS, fetchImpl: fetch, sleep: (ms) => new Promise((r) => setTimeout(r, ms)), ...opts };
  }

  get repoPath(): string {
    return `/repos/${encodeURIComponent(this.owner)}/${encodeURIComponent(this.repo)}`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<{ data: T; link: string | null }> {
    const url = /^https?:/.test(path) ? path : this.apiUrl.replace(/\/$/, '') + path;
    // Pagination links are absolute: the token goes only to the API it was configured for.
    if (new URL(url).origin !== new URL(this.apiUrl).origin) throw new GitHubError(0, `${method} ${url}: not the configured API (${new URL(this.apiUrl).origin}); the token is not sent there`);
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= this.o.retries;
      let res: Response;
      let text: string;
      try {
        res = await this.o.fetchImpl(url, {
          method,
          headers: {
            accept: 'application/vnd.github+json',
            'x-github-api-version': '2022-11-28',
            'user-agent': 'trustgate',
            ...(this.token ? { authorization: `token ${this.token}` } : {}),
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          body: body !== undefined ? JSON.stringify(body) : undefined,
          signal: AbortSignal.timeout(this.o.timeoutMs),
        });
        text = await res.text();
      } catch (e) {
        // No answer (timeout, connection reset): retried only when a repeat is harmless.
        const why = (e as Error).name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : (e as Error).message;
        if (last || !IDEMPOTENT.has(method)) throw new GitHubError(0, `${method} ${path}: ${why}${attempt ? ` (after ${attempt + 1} attempts)` : ''}`);
        await this.wait(this.backoff(attempt));
        continue;
      }
      let data: unknown = null;
      try {
        data = text ? JSON.parse(text) : null;
      } catch {
        data = text;
      }
      if (res.ok) return { data: data as T, link: res.headers.get('link') };
      const msg = data && typeof data === 'object' && 'message' in data ? String((data as { message: unknown }).message) : res.statusText;
      const limited = isRateLimit(res.status, res.headers, msg);
      const retryable = limited || (res.status >= 500 && IDEMPOTENT.has(method));
      const waitMs = limited ? this.rateLimitWait(res.headers, attempt) : (retryAfterMs(res.headers.get('retry-after')) ?? this.backoff(attempt));
      if (!retryable || last || waitMs > this.o.maxWaitMs) {
        const note = limited ? ` (rate limited${waitMs > this.o.maxWaitMs ? `; retry allowed in ${Math.ceil(waitMs / 1000)} s` : ''}${attempt ? `; gave up after ${attempt + 1} attempts` : ''})` : attempt ? ` (after ${attempt + 1} attempts)` : '';
        throw new GitHubError(res.status, `${method} ${path}: ${res.status} ${msg}${note}`, limited);
      }
      await this.wait(waitMs);
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.o.maxWaitMs, 1000 * 2 ** attempt);
  }

  /** retry-after first; else the primary limit's reset time; else (secondary limit) a minute, GitHub's advice. */
  private rateLimitWait(h: Headers, attempt: number): number {
    const after = retryAfterMs(h.get('retry-after'));
    if (after !== undefined) return after;
    const reset = Number(h.get('x-ratelimit-reset'));
    if (h.get('x-ratelimit-remaining') === '0' && reset > 0) return Math.max(0, reset * 1000 - Date.now()) + 1000;
    return Math.max(60_000, this.backoff(attempt));
  }

  private async wait(ms: number): Promise<void> {
    this.retriesMade++;
    await this.o.sleep(ms);
  }

  async get<T>(path: string): Promise<T> {
    return (await this.request<T>('GET', path)).data;
  }

  /** All pages of a list endpoint; `key` picks the array out of an object response (check runs). */
  async paginate<T>(path: string, key?: string, maxPages = 50): Promise<T[]> {
    const out: T[] = [];
    let next: string | null = path + (path.includes('?') ? '&' : '?') + 'per_page=100';
    for (let i = 0; next && i < maxPages; i++) {
      const page: { data: unknown; link: string | null } = await this.request<unknown>('GET', next);
      const { data, link } = page;
      const items = (key ? (data as Record<string, unknown>)[key] : data) as T[];
      out.push(...(items ?? []));
      next = link?.match(/<([^>]+)>;\s*rel="next"/)?.[1] ?? null;
    }
    // A partial listing (reviews, check runs, repositories) would be read as the whole truth: say so instead.
    if (next) throw new Error(`${path}: more than ${maxPages} pages; stopped there, so the listing would be incomplete`);
    return out;
  }

  pull(n: number): Promise<GhPull> {
    return this.get(`${this.repoPath}/pulls/${n}`);
  }
  reviews(n: number): Promise<GhReview[]> {
    return this.paginate(`${this.repoPath}/pulls/${n}/reviews`);
  }
  commits(n: number): Promise<GhCommit[]> {
    return this.paginate(`${this.repoPath}/pulls/${n}/commits`);
  }
  pullsForCommit(sha: string): Promise<GhPull[]> {
    return this.paginate(`${this.repoPath}/commits/${sha}/pulls`);
  }

  async checkRuns(sha: string): Promise<GhCheckRun[] | 'unavailable'> {
    try {
      return await this.paginate<GhCheckRun>(`${this.repoPath}/commits/${sha}/check-runs`, 'check_runs');
    } catch (e) {
      if (readDenied(e)) return 'unavailable';
      throw e;
    }
  }

  async statuses(sha: string): Promise<GhStatus[] | 'unavailable'> {
    try {
      return (await this.get<{ statuses: GhStatus[] }>(`${this.repoPath}/commits/${sha}/status`)).statuses ?? [];
    } catch (e) {
      if (readDenied(e)) return 'unavailable';
      throw e;
    }
  }
}

/** 401/403/404 on a read: the token cannot see it (fork PR, missing scope, not protected); a rate limit is not that. */
export const readDenied = (e: unknown) => e instanceof GitHubError && !e.rateLimited && (e.status === 401 || e.status === 403 || e.status === 404);
