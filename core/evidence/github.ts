// The GitHub REST calls the evidence needs, over fetch (Node 20+): the PR, its reviews and commits,
// check runs and statuses of a commit, the required checks of a branch, and the ledger branch
// (Contents API, refs). A read-only token (fork PR) makes checks "unavailable", never an abort.

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
  ) {
    super(message);
  }
}

export class GitHubApi {
  readonly owner: string;
  readonly repo: string;
  constructor(
    readonly apiUrl: string,
    private readonly token: string,
    repository: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    [this.owner, this.repo] = repository.split('/');
  }

  get repoPath(): string {
    return `/repos/${encodeURIComponent(this.owner)}/${encodeURIComponent(this.repo)}`;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<{ data: T; link: string | null }> {
    const url = /^https?:/.test(path) ? path : this.apiUrl.replace(/\/$/, '') + path;
    const res = await this.fetchImpl(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        'x-github-api-version': '2022-11-28',
        'user-agent': 'trustgate-evidence',
        ...(this.token ? { authorization: `token ${this.token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let data: unknown = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = text;
    }
    if (!res.ok) {
      const msg = data && typeof data === 'object' && 'message' in data ? String((data as { message: unknown }).message) : res.statusText;
      throw new GitHubError(res.status, `${method} ${path}: ${res.status} ${msg}`);
    }
    return { data: data as T, link: res.headers.get('link') };
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

  /** Required status checks of a branch: classic protection, else rulesets; "unavailable" when neither can be read. */
  async requiredChecks(branch: string): Promise<string[] | 'unavailable'> {
    const b = encodeURIComponent(branch);
    let protection: string[] | undefined;
    try {
      const r = await this.get<{ contexts?: string[]; checks?: { context: string }[] }>(`${this.repoPath}/branches/${b}/protection/required_status_checks`);
      protection = [...new Set([...(r.contexts ?? []), ...(r.checks ?? []).map((c) => c.context)])];
    } catch (e) {
      if (!readDenied(e)) throw e;
    }
    let rules: string[] | undefined;
    try {
      const r = await this.get<{ type: string; parameters?: { required_status_checks?: { context: string }[] } }[]>(`${this.repoPath}/rules/branches/${b}`);
      rules = r.filter((x) => x.type === 'required_status_checks').flatMap((x) => (x.parameters?.required_status_checks ?? []).map((c) => c.context));
    } catch (e) {
      if (!readDenied(e)) throw e;
    }
    if (protection === undefined && rules === undefined) return 'unavailable';
    return [...new Set([...(protection ?? []), ...(rules ?? [])])].sort();
  }
}

/** 401/403/404 on a read: the token cannot see it (fork PR, missing scope, not protected). */
export const readDenied = (e: unknown) => e instanceof GitHubError && (e.status === 401 || e.status === 403 || e.status === 404);
