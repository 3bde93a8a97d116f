// A stand-in for api.github.com on 127.0.0.1 (GITHUB_API_URL points here), so the bundled Action's real
// Octokit traffic is served and recorded: paginated PR files with patches, check runs that reject more
// than 50 annotations per request like the real API, issue comments (list/create/update, 65,536-char
// limit), and a read-only-token mode answering 403 to writes like a fork PR's GITHUB_TOKEN.
import http from 'node:http';
import type { PrFileEntry } from './harness.js';

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  auth?: string;
  body?: any;
}

export interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeOptions {
  prFiles?: PrFileEntry[];
  /** The API's page size cap (GitHub: 100 for PR files). */
  pageSize?: number;
  readOnly?: boolean;
  /** Answer this status to the PR files listing. */
  filesStatus?: number;
  comments?: Comment[];
}

export interface FakeGitHub {
  url: string;
  requests: Recorded[];
  comments: Comment[];
  checkRuns: Map<number, { name: string; head_sha: string; status: string; conclusion?: string; annotations: any[]; output?: any }>;
  close: () => Promise<void>;
}

export async function startFakeGitHub(o: FakeOptions = {}): Promise<FakeGitHub> {
  const requests: Recorded[] = [];
  const comments: Comment[] = o.comments ? [...o.comments] : [];
  const checkRuns: FakeGitHub['checkRuns'] = new Map();
  let nextId = 5000;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = raw ? JSON.parse(raw) : undefined;
      requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), auth: req.headers.authorization, body });
      const send = (code: number, obj: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(code, { 'content-type': 'application/json; charset=utf-8', ...headers });
        res.end(JSON.stringify(obj));
      };
      // GitHub accepts both schemes for an installation token.
      if (!['token ghs_testtoken0123456789', 'Bearer ghs_testtoken0123456789'].includes(req.headers.authorization ?? '')) return send(401, { message: 'Bad credentials' });
      const page = <T>(list: T[]) => {
        const per = Math.min(Number(url.searchParams.get('per_page') || 30), o.pageSize ?? 100);
        const p = Number(url.searchParams.get('page') || 1);
        const last = Math.max(1, Math.ceil(list.length / per));
        const link = (n: number, rel: string) => `<http://${req.headers.host}${url.pathname}?per_page=${per}&page=${n}>; rel="${rel}"`;
        const headers: Record<string, string> = p < last ? { link: `${link(p + 1, 'next')}, ${link(last, 'last')}` } : {};
        return send(200, list.slice((p - 1) * per, p * per), headers);
      };
      let m: RegExpMatchArray | null;
      const repoPath = '^/repos/acme/infra';
      if (req.method === 'GET' && (m = url.pathname.match(new RegExp(`${repoPath}/pulls/(\\d+)/files$`)))) {
        if (o.filesStatus) return send(o.filesStatus, { message: 'Resource not accessible by integration' });
        return page(o.prFiles ?? []);
      }
      if (req.method === 'GET' && (m = url.pathname.match(new RegExp(`${repoPath}/issues/(\\d+)/comments$`)))) return page(comments);
      if (o.readOnly && req.method !== 'GET') return send(403, { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest', status: '403' });
      const tooMany = (a?: unknown[]) => {
        if (a && a.length > 50) {
          send(422, { message: `Invalid request.\n\nNo more than 50 items are allowed; ${a.length} were supplied.` });
          return true;
        }
        return false;
      };
      if (req.method === 'POST' && new RegExp(`${repoPath}/check-runs$`).test(url.pathname)) {
        if (!body?.name || !body?.head_sha) return send(422, { message: 'name and head_sha are required' });
        if (tooMany(body.output?.annotations)) return;
        const id = nextId++;
        checkRuns.set(id, { name: body.name, head_sha: body.head_sha, status: body.status, conclusion: body.conclusion, annotations: [...(body.output?.annotations ?? [])], output: body.output });
        return send(201, { id, status: body.status });
      }
      if (req.method === 'PATCH' && (m = url.pathname.match(new RegExp(`${repoPath}/check-runs/(\\d+)$`)))) {
        const run = checkRuns.get(Number(m[1]));
        if (!run) return send(404, { message: 'Not Found' });
        if (tooMany(body.output?.annotations)) return;
        if (body.output) {
          if (!body.output.title || !body.output.summary) return send(422, { message: 'output.title and output.summary are required' });
          run.annotations.push(...(body.output.annotations ?? []));
          run.output = body.output;
        }
        if (body.status) run.status = body.status;
        if (body.conclusion) run.conclusion = body.conclusion;
        return send(200, { id: Number(m[1]) });
      }
      if (req.method === 'POST' && (m = url.pathname.match(new RegExp(`${repoPath}/issues/(\\d+)/comments$`)))) {
        if (typeof body?.body !== 'string' || body.body.length > 65536) return send(422, { message: 'Body is too long (maximum is 65536 characters)' });
        const c = { id: nextId++, body: body.body, user: { login: 'github-actions[bot]', type: 'Bot' } };
        comments.push(c);
        return send(201, c);
      }
      if (req.method === 'PATCH' && (m = url.pathname.match(new RegExp(`${repoPath}/issues/comments/(\\d+)$`)))) {
        const c = comments.find((x) => x.id === Number(m![1]));
        if (!c) return send(404, { message: 'Not Found' });
        if (typeof body?.body !== 'string' || body.body.length > 65536) return send(422, { message: 'Body is too long (maximum is 65536 characters)' });
        c.body = body.body;
        return send(200, c);
      }
      send(404, { message: 'Not Found (fake)' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  return { url: `http://127.0.0.1:${addr.port}`, requests, comments, checkRuns, close: () => new Promise((r) => server.close(() => r())) };
}
