// The one stand-in for api.github.com in the tests: a real HTTP server on 127.0.0.1 (GITHUB_API_URL
// points here) that records every request. It serves what the Action and the evidence read and write:
// paginated PR files with patches; check runs that reject more than 50 annotations per request like
// the real API; issue comments (list/create/update, 65,536-char limit); commit statuses; the PR,
// reviews, commits, check runs and statuses of a commit, classic branch protection, the rules of a
// branch and the rulesets they come from; and enough
// of the Contents and git data APIs for the ledger branch. A read-only mode answers 403 to writes like
// a fork PR's GITHUB_TOKEN; `faults` make chosen requests fail (rate limits, 5xx) or never answer.
// For org mode: an organisation's repository list, each repository's branch protection, and git's
// smart HTTP protocol for real bare repositories (git http-backend), with GitHub's Basic token auth.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { PrFileEntry } from './harness.js';

export interface Recorded {
  method: string;
  /** Decoded path, without the query. */
  path: string;
  query: Record<string, string>;
  auth?: string;
  body?: any;
  /** Date.now() when it arrived. */
  at: number;
}

export interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface Fault {
  method?: string;
  path: RegExp;
  /** How many matching requests get the fault (then they are served normally). */
  times: number;
  status?: number;
  headers?: Record<string, string>;
  message?: string;
  /** Never answer (the client's timeout must end the request). */
  hang?: boolean;
}

/** What the evidence reads, and the ledger branch. */
export interface FakeState {
  pulls: Record<number, Record<string, unknown>>;
  reviews: Record<number, unknown[]>;
  commits: Record<number, unknown[]>;
  checkRuns: Record<string, unknown[]>;
  statuses: Record<string, unknown[]>;
  /** Branch -> required contexts; a missing branch answers 404 (not protected). */
  protection: Record<string, string[]>;
  /** Branch -> approving reviews its protection requires; a missing branch answers 404. */
  requiredReviews?: Record<string, number>;
  /** Branch -> the full classic protection object (GET /branches/{b}/protection); else built from protection/requiredReviews. */
  classic?: Record<string, Record<string, unknown>>;
  /** Branch -> the rules GET /rules/branches/{b} answers (with ruleset_id); default none. */
  branchRules?: Record<string, unknown[]>;
  /** Ruleset id -> GET /rulesets/{id}; a missing id answers 404. */
  rulesets?: Record<number, Record<string, unknown>>;
  /** When true, protection and rules answer 403 (read-only token). */
  denyAdmin?: boolean;
  /** When true, check runs and statuses answer 403. */
  denyChecks?: boolean;
  commitPulls: Record<string, number[]>;
  /** Ledger branches: branch -> path -> text. */
  files: Record<string, Record<string, string>>;
  refs: Record<string, string>;
  /** A read-only token (fork PR): every write answers 403. */
  readOnly?: boolean;
  /** Make the next N contents PUTs fail with 409 (a racing writer). */
  conflicts?: number;
}

export interface FakeOptions extends Partial<FakeState> {
  prFiles?: PrFileEntry[];
  /** The API's page size cap (GitHub: 100 for PR files). */
  pageSize?: number;
  /** Answer this status to the PR files listing. */
  filesStatus?: number;
  comments?: Comment[];
  faults?: Fault[];
  /** GET /orgs/{org}/repos: the organisation's repositories (any org name), paginated like the API. */
  orgRepos?: unknown[];
  /** Classic protection per repository (owner/name): required reviews and checks; "denied" answers 403; absent: 404 not protected. */
  repoProtection?: Record<string, { reviews: number; checks: string[] } | 'denied'>;
  /** Git smart HTTP at /{owner}/{name}.git: owner/name -> bare repository directory; others answer 404. */
  git?: Record<string, string>;
  /** owner/name -> a URL its git requests are redirected to (302), like a renamed repository. */
  gitRedirects?: Record<string, string>;
}

export interface FakeGitHub {
  url: string;
  state: FakeState;
  requests: Recorded[];
  comments: Comment[];
  /** Check runs created through the API (POST/PATCH). */
  checkRuns: Map<number, { name: string; head_sha: string; status: string; conclusion?: string; annotations: any[]; output?: any }>;
  /** Commit statuses created through the API: sha -> statuses, in order. */
  createdStatuses: Record<string, { state: string; context: string; description?: string; target_url?: string }[]>;
  close: () => Promise<void>;
}

const gitSha = (s: string) => createHash('sha1').update(s).digest('hex');

export async function startFakeGitHub(o: FakeOptions = {}): Promise<FakeGitHub> {
  const { prFiles, pageSize, filesStatus, comments: initialComments, faults = [], orgRepos, repoProtection, git, gitRedirects, ...init } = o;
  const state: FakeState = { pulls: {}, reviews: {}, commits: {}, checkRuns: {}, statuses: {}, protection: {}, commitPulls: {}, files: {}, refs: {}, ...init };
  const requests: Recorded[] = [];
  const comments: Comment[] = initialComments ? [...initialComments] : [];
  const checkRuns: FakeGitHub['checkRuns'] = new Map();
  const createdStatuses: FakeGitHub['createdStatuses'] = {};
  let nextId = 5000;
  const server = http.createServer((req, res) => {
    if ((git || gitRedirects) && /^\/[^/]+\/[^/]+\.git\//.test(req.url ?? '')) return serveGit(req, res, git ?? {}, requests, gitRedirects);
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = raw ? JSON.parse(raw) : undefined;
      const p = decodeURIComponent(url.pathname);
      requests.push({ method: req.method ?? '', path: p, query: Object.fromEntries(url.searchParams), auth: req.headers.authorization, body, at: Date.now() });
      const send = (code: number, obj: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(obj));
      };
      const notFound = () => send(404, { message: 'Not Found' });
      // GitHub accepts both schemes for an installation token.
      if (!/^(token|Bearer) \S+$/.test(req.headers.authorization ?? '')) return send(401, { message: 'Requires authentication' });
      const fault = faults.find((f) => f.times > 0 && (!f.method || f.method === req.method) && f.path.test(p));
      if (fault) {
        fault.times--;
        if (fault.hang) return; // the socket stays open until the client gives up (or close())
        return send(fault.status ?? 500, { message: fault.message ?? 'Server Error' }, fault.headers);
      }
      const page = <T>(list: T[], key?: string, total?: number) => {
        const per = Math.min(Number(url.searchParams.get('per_page') || 30), pageSize ?? 100);
        const n = Number(url.searchParams.get('page') || 1);
        const last = Math.max(1, Math.ceil(list.length / per));
        const link = (k: number, rel: string) => `<http://${req.headers.host}${url.pathname}?per_page=${per}&page=${k}>; rel="${rel}"`;
        const headers: Record<string, string> = n < last ? { link: `${link(n + 1, 'next')}, ${link(last, 'last')}` } : {};
        const items = list.slice((n - 1) * per, n * per);
        return send(200, key ? { total_count: total ?? list.length, [key]: items } : items, headers);
      };
      if (orgRepos && req.method === 'GET' && /^\/orgs\/[^/]+\/repos$/.test(p)) return page(orgRepos);
      const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(p);
      if (!m) return notFound();
      if (repoProtection && req.method === 'GET' && /^\/branches\/[^/]+\/protection$/.test(m[3])) {
        const pr = repoProtection[`${m[1]}/${m[2]}`];
        if (pr === 'denied') return send(403, { message: 'Resource not accessible by integration' });
        if (!pr) return send(404, { message: 'Branch not protected' });
        return send(200, { required_pull_request_reviews: { required_approving_review_count: pr.reviews }, required_status_checks: { strict: true, contexts: pr.checks, checks: pr.checks.map((context) => ({ context, app_id: null })) } });
      }
      const rest = m[3];
      const method = req.method ?? 'GET';
      const get = method === 'GET';
      let x: RegExpExecArray | null;

      // ---- reads ----
      if (get && (x = /^\/pulls\/(\d+)\/files$/.exec(rest))) {
        if (filesStatus) return send(filesStatus, { message: 'Resource not accessible by integration' });
        return page(prFiles ?? []);
      }
      if (get && (x = /^\/issues\/(\d+)\/comments$/.exec(rest))) return page(comments);
      if (get && (x = /^\/pulls\/(\d+)$/.exec(rest))) return state.pulls[+x[1]] ? send(200, state.pulls[+x[1]]) : notFound();
      if (get && (x = /^\/pulls\/(\d+)\/reviews$/.exec(rest))) return page(state.reviews[+x[1]] ?? []);
      if (get && (x = /^\/pulls\/(\d+)\/commits$/.exec(rest))) return page(state.commits[+x[1]] ?? []);
      if (get && (x = /^\/commits\/([0-9a-f]+)\/pulls$/.exec(rest))) return send(200, (state.commitPulls[x[1]] ?? []).map((n) => state.pulls[n]));
      if (get && (x = /^\/commits\/([0-9a-f]+)\/check-runs$/.exec(rest))) {
        if (state.denyChecks) return send(403, { message: 'Resource not accessible by integration' });
        return page(state.checkRuns[x[1]] ?? [], 'check_runs');
      }
      if (get && (x = /^\/commits\/([0-9a-f]+)\/status$/.exec(rest))) {
        if (state.denyChecks) return send(403, { message: 'Resource not accessible by integration' });
        return send(200, { state: 'success', statuses: state.statuses[x[1]] ?? [] });
      }
      if (get && (x = /^\/branches\/([^/]+)\/protection$/.exec(rest))) {
        if (state.denyAdmin) return send(403, { message: 'Resource not accessible by integration' });
        const b = x[1];
        if (state.classic?.[b]) return send(200, state.classic[b]);
        const c = state.protection[b];
        const n = state.requiredReviews?.[b];
        if (!c && n === undefined) return send(404, { message: 'Branch not protected' });
        return send(200, {
          ...(c ? { required_status_checks: { strict: true, contexts: c, checks: c.map((context) => ({ context, app_id: null })) } } : {}),
          ...(n !== undefined ? { required_pull_request_reviews: { required_approving_review_count: n, dismiss_stale_reviews: false } } : {}),
          enforce_admins: { enabled: false },
        });
      }
      if (get && (x = /^\/rules\/branches\/([^/]+)$/.exec(rest))) return state.denyAdmin ? send(403, { message: 'Resource not accessible by integration' }) : page(state.branchRules?.[x[1]] ?? []);
      if (get && (x = /^\/rulesets\/(\d+)$/.exec(rest))) return state.rulesets?.[+x[1]] ? send(200, state.rulesets[+x[1]]) : notFound();
      if (get && (x = /^\/git\/ref\/heads\/(.+)$/.exec(rest))) return state.refs[x[1]] ? send(200, { ref: `refs/heads/${x[1]}`, object: { sha: state.refs[x[1]] } }) : notFound();
      if (get && (x = /^\/contents\/(.+)$/.exec(rest))) {
        const t = state.files[url.searchParams.get('ref') ?? 'main']?.[x[1]];
        if (t === undefined) return notFound();
        return send(200, { type: 'file', path: x[1], sha: gitSha('blob ' + t), size: Buffer.byteLength(t), encoding: 'base64', content: Buffer.from(t).toString('base64').replace(/(.{60})/g, '$1\n') });
      }

      // ---- writes ----
      if (state.readOnly && !get) return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' });
      const tooMany = (a?: unknown[]) => {
        if (a && a.length > 50) {
          send(422, { message: `Invalid request.\n\nNo more than 50 items are allowed; ${a.length} were supplied.` });
          return true;
        }
        return false;
      };
      if (method === 'POST' && rest === '/check-runs') {
        if (!body?.name || !body?.head_sha) return send(422, { message: 'name and head_sha are required' });
        if (tooMany(body.output?.annotations)) return;
        const id = nextId++;
        checkRuns.set(id, { name: body.name, head_sha: body.head_sha, status: body.status, conclusion: body.conclusion, annotations: [...(body.output?.annotations ?? [])], output: body.output });
        return send(201, { id, status: body.status });
      }
      if (method === 'PATCH' && (x = /^\/check-runs\/(\d+)$/.exec(rest))) {
        const run = checkRuns.get(Number(x[1]));
        if (!run) return notFound();
        if (tooMany(body.output?.annotations)) return;
        if (body.output) {
          if (!body.output.title || !body.output.summary) return send(422, { message: 'output.title and output.summary are required' });
          run.annotations.push(...(body.output.annotations ?? []));
          run.output = body.output;
        }
        if (body.status) run.status = body.status;
        if (body.conclusion) run.conclusion = body.conclusion;
        return send(200, { id: Number(x[1]) });
      }
      if (method === 'POST' && (x = /^\/issues\/(\d+)\/comments$/.exec(rest))) {
        if (typeof body?.body !== 'string' || body.body.length > 65536) return send(422, { message: 'Body is too long (maximum is 65536 characters)' });
        const c = { id: nextId++, body: body.body, user: { login: 'github-actions[bot]', type: 'Bot' } };
        comments.push(c);
        return send(201, c);
      }
      if (method === 'PATCH' && (x = /^\/issues\/comments\/(\d+)$/.exec(rest))) {
        const c = comments.find((y) => y.id === Number(x![1]));
        if (!c) return notFound();
        if (typeof body?.body !== 'string' || body.body.length > 65536) return send(422, { message: 'Body is too long (maximum is 65536 characters)' });
        c.body = body.body;
        return send(200, c);
      }
      if (method === 'POST' && (x = /^\/statuses\/([0-9a-f]{40})$/.exec(rest))) {
        if (!['error', 'failure', 'pending', 'success'].includes(body?.state)) return send(422, { message: 'Validation Failed' });
        if (typeof body.description === 'string' && body.description.length > 140) return send(422, { message: 'description is too long (maximum is 140 characters)' });
        const s = { id: nextId++, state: body.state, context: body.context ?? 'default', description: body.description, target_url: body.target_url };
        (createdStatuses[x[1]] ??= []).push(s);
        (state.statuses[x[1]] ??= []).push(s);
        return send(201, s);
      }
      // ---- ledger branch ----
      if (method === 'POST' && rest === '/git/trees') return send(201, { sha: gitSha('tree' + raw) });
      if (method === 'POST' && rest === '/git/commits') return send(201, { sha: gitSha('commit' + raw) });
      if (method === 'POST' && rest === '/git/refs') {
        const b = String(body.ref).replace(/^refs\/heads\//, '');
        if (state.refs[b]) return send(422, { message: 'Reference already exists' });
        state.refs[b] = body.sha;
        state.files[b] = {};
        return send(201, { ref: body.ref, object: { sha: body.sha } });
      }
      if (method === 'PUT' && (x = /^\/contents\/(.+)$/.exec(rest))) {
        const path = x[1];
        const b = body.branch as string;
        if (!state.refs[b]) return send(422, { message: `Branch ${b} not found` });
        if (state.conflicts) {
          state.conflicts--;
          return send(409, { message: `${path} does not match ${body.sha}` });
        }
        const cur = state.files[b][path];
        if (cur !== undefined && body.sha !== gitSha('blob ' + cur)) return send(409, { message: `${path} does not match ${body.sha}` });
        if (cur === undefined && body.sha) return send(422, { message: 'sha given for a new file' });
        state.files[b][path] = Buffer.from(body.content, 'base64').toString('utf8');
        const commit = gitSha('c' + state.files[b][path]);
        state.refs[b] = commit;
        return send(cur === undefined ? 201 : 200, { content: { path }, commit: { sha: commit } });
      }
      send(404, { message: 'Not Found (fake)' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${addr.port}`,
    state,
    requests,
    comments,
    checkRuns,
    createdStatuses,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Git over smart HTTP as github.com answers it: Basic auth with the token as the password
 * (`x-access-token:<token>`, what actions/checkout sends), 404 for an unknown repository; the
 * protocol itself is the real git http-backend (CGI) over a bare repository.
 */
function serveGit(req: http.IncomingMessage, res: http.ServerResponse, repos: Record<string, string>, requests: Recorded[], redirects: Record<string, string> = {}) {
  const url = new URL(req.url ?? '/', 'http://x');
  const m = /^\/([^/]+)\/([^/]+)\.git(\/.*)$/.exec(url.pathname)!;
  requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), auth: req.headers.authorization, at: Date.now() });
  const moved = redirects[`${m[1]}/${m[2]}`];
  if (moved) {
    res.writeHead(302, { location: moved + m[3] + url.search });
    return res.end();
  }
  const dir = repos[`${m[1]}/${m[2]}`];
  const basic = /^basic (\S+)$/i.exec(req.headers.authorization ?? '');
  if (!basic || !/^x-access-token:\S+$/.test(Buffer.from(basic[1], 'base64').toString())) {
    res.writeHead(401, { 'www-authenticate': 'Basic realm="GitHub"' });
    return res.end();
  }
  if (!dir) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('Repository not found.');
  }
  const cgi = spawn('git', ['http-backend'], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: dir,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: m[3],
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method ?? 'GET',
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']) } : {}),
      ...(req.headers['git-protocol'] ? { GIT_PROTOCOL: String(req.headers['git-protocol']) } : {}),
    },
  });
  req.pipe(cgi.stdin);
  const chunks: Buffer[] = [];
  cgi.stdout.on('data', (c) => chunks.push(c));
  cgi.on('close', () => {
    const out = Buffer.concat(chunks);
    const end = out.indexOf('\r\n\r\n');
    const head = out.subarray(0, end).toString().split('\r\n');
    const headers: Record<string, string> = {};
    let status = 200;
    for (const l of head) {
      const i = l.indexOf(':');
      const k = l.slice(0, i).trim().toLowerCase();
      const v = l.slice(i + 1).trim();
      if (k === 'status') status = parseInt(v, 10);
      else headers[k] = v;
    }
    res.writeHead(status, headers);
    res.end(out.subarray(end + 4));
  });
}
