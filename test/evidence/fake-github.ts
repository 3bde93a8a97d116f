// A stand-in for api.github.com on 127.0.0.1 (a real HTTP server): pulls, reviews, commits, check
// runs, statuses, branch protection, rulesets, commit->pulls, and enough of the Contents and git data
// APIs (refs, trees, commits) for the ledger branch. Records every request.
import { createHash } from 'node:crypto';
import http from 'node:http';

export interface FakeState {
  pulls: Record<number, Record<string, unknown>>;
  reviews: Record<number, unknown[]>;
  commits: Record<number, unknown[]>;
  checkRuns: Record<string, unknown[]>;
  statuses: Record<string, unknown[]>;
  /** Branch -> required contexts; a missing branch answers 404 (not protected). */
  protection: Record<string, string[]>;
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

export interface FakeGitHub {
  url: string;
  state: FakeState;
  requests: { method: string; path: string; body?: unknown }[];
  close: () => Promise<void>;
}

const gitSha = (s: string) => createHash('sha1').update(s).digest('hex');

export async function startFakeGitHub(init: Partial<FakeState> = {}): Promise<FakeGitHub> {
  const state: FakeState = { pulls: {}, reviews: {}, commits: {}, checkRuns: {}, statuses: {}, protection: {}, commitPulls: {}, files: {}, refs: {}, ...init };
  const requests: FakeGitHub['requests'] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = raw ? JSON.parse(raw) : undefined;
      const p = decodeURIComponent(url.pathname);
      requests.push({ method: req.method ?? 'GET', path: p + url.search, body });
      const send = (code: number, obj: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(code, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(obj));
      };
      const notFound = () => send(404, { message: 'Not Found' });
      const page = <T>(items: T[]): [T[], Record<string, string>] => {
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const n = Number(url.searchParams.get('page') ?? 1);
        const last = Math.max(1, Math.ceil(items.length / per));
        const link: Record<string, string> = n < last ? { link: `<http://${req.headers.host}${url.pathname}?per_page=${per}&page=${n + 1}>; rel="next"` } : {};
        return [items.slice((n - 1) * per, n * per), link];
      };
      if (!/^(token|Bearer) \S+/.test(req.headers.authorization ?? '')) return send(401, { message: 'Requires authentication' });
      if (state.readOnly && req.method !== 'GET') return send(403, { message: 'Resource not accessible by integration' });
      const m = /^\/repos\/([^/]+)\/([^/]+)(\/.*)$/.exec(p);
      if (!m) return notFound();
      const rest = m[3];
      let x: RegExpExecArray | null;
      const get = req.method === 'GET';
      if (get && (x = /^\/pulls\/(\d+)$/.exec(rest))) return state.pulls[+x[1]] ? send(200, state.pulls[+x[1]]) : notFound();
      if (get && (x = /^\/pulls\/(\d+)\/reviews$/.exec(rest))) {
        const [items, link] = page(state.reviews[+x[1]] ?? []);
        return send(200, items, link);
      }
      if (get && (x = /^\/pulls\/(\d+)\/commits$/.exec(rest))) {
        const [items, link] = page(state.commits[+x[1]] ?? []);
        return send(200, items, link);
      }
      if (get && (x = /^\/commits\/([0-9a-f]+)\/pulls$/.exec(rest))) return send(200, (state.commitPulls[x[1]] ?? []).map((n) => state.pulls[n]));
      if (get && (x = /^\/commits\/([0-9a-f]+)\/check-runs$/.exec(rest))) {
        if (state.denyChecks) return send(403, { message: 'Resource not accessible by integration' });
        const all = state.checkRuns[x[1]] ?? [];
        const [items, link] = page(all);
        return send(200, { total_count: all.length, check_runs: items }, link);
      }
      if (get && (x = /^\/commits\/([0-9a-f]+)\/status$/.exec(rest))) {
        if (state.denyChecks) return send(403, { message: 'Resource not accessible by integration' });
        return send(200, { state: 'success', statuses: state.statuses[x[1]] ?? [] });
      }
      if (get && (x = /^\/branches\/([^/]+)\/protection\/required_status_checks$/.exec(rest))) {
        if (state.denyAdmin) return send(403, { message: 'Resource not accessible by integration' });
        const c = state.protection[x[1]];
        return c ? send(200, { strict: true, contexts: c, checks: c.map((context) => ({ context, app_id: null })) }) : send(404, { message: 'Branch not protected' });
      }
      if (get && /^\/rules\/branches\/[^/]+$/.test(rest)) return state.denyAdmin ? send(403, { message: 'Resource not accessible by integration' }) : send(200, []);
      // ---- ledger branch ----
      if (get && (x = /^\/git\/ref\/heads\/(.+)$/.exec(rest))) return state.refs[x[1]] ? send(200, { ref: `refs/heads/${x[1]}`, object: { sha: state.refs[x[1]] } }) : notFound();
      if (req.method === 'POST' && rest === '/git/trees') return send(201, { sha: gitSha('tree' + raw) });
      if (req.method === 'POST' && rest === '/git/commits') return send(201, { sha: gitSha('commit' + raw) });
      if (req.method === 'POST' && rest === '/git/refs') {
        const b = String(body.ref).replace(/^refs\/heads\//, '');
        if (state.refs[b]) return send(422, { message: 'Reference already exists' });
        state.refs[b] = body.sha;
        state.files[b] = {};
        return send(201, { ref: body.ref, object: { sha: body.sha } });
      }
      if ((x = /^\/contents\/(.+)$/.exec(rest))) {
        const path = x[1];
        if (get) {
          const b = url.searchParams.get('ref') ?? 'main';
          const t = state.files[b]?.[path];
          if (t === undefined) return notFound();
          return send(200, { type: 'file', path, sha: gitSha('blob ' + t), size: Buffer.byteLength(t), encoding: 'base64', content: Buffer.from(t).toString('base64').replace(/(.{60})/g, '$1\n') });
        }
        if (req.method === 'PUT') {
          const b = body.branch as string;
          if (!state.refs[b]) return send(422, { message: `Branch ${b} not found` });
          if (state.conflicts) {
            state.conflicts--;
            state.files[b][path] = (state.files[b][path] ?? '') + '';
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
      }
      notFound();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, state, requests, close: () => new Promise((r) => server.close(() => r())) };
}
