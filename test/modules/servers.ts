// Real servers on 127.0.0.1 for the module download tests: a Terraform module registry (discovery,
// versions, download with X-Terraform-Get), a plain file server for archives (another origin), and
// `git daemon` serving real repositories. Every request is recorded for server-side assertions.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createConnection, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface Seen {
  path: string;
  authorization?: string;
}

export interface TestServer {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

async function serve(handler: (req: IncomingMessage, res: ServerResponse, base: string) => void): Promise<TestServer> {
  const seen: Seen[] = [];
  let base = '';
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    handler(req, res, base);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: base, seen, close: () => new Promise((r) => server.close(() => r())) };
}

/** Files by path; a function value computes the response (status, headers, body). */
export type Route = Buffer | string | ((base: string) => { status: number; headers?: Record<string, string>; body?: string | Buffer });

export function fileServer(routes: Record<string, Route>): Promise<TestServer> {
  return serve((req, res, base) => {
    const r = routes[(req.url ?? '').split('?')[0]];
    if (r === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    if (typeof r === 'function') {
      const o = r(base);
      res.writeHead(o.status, o.headers).end(o.body);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(r);
  });
}

/**
 * A module registry: modules maps `ns/name/provider` to versions and the X-Terraform-Get address of
 * each version (a function of the server's own base URL, so relative and absolute both work).
 */
export function registry(modules: Record<string, { versions: string[]; get: (version: string, base: string) => string }>, files: Record<string, Route> = {}): Promise<TestServer> {
  return serve((req, res, base) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/.well-known/terraform.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ 'modules.v1': '/v1/modules/' }));
    const m = /^\/v1\/modules\/([^/]+\/[^/]+\/[^/]+)\/(versions|([^/]+)\/download)$/.exec(path);
    const mod = m && modules[m[1]];
    if (mod && m[2] === 'versions') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ modules: [{ versions: mod.versions.map((version) => ({ version })) }] }));
    if (mod && m[3] && mod.versions.includes(m[3])) return void res.writeHead(204, { 'x-terraform-get': mod.get(m[3], base) }).end();
    const f = files[path];
    if (typeof f === 'function') {
      const o = f(base);
      return void res.writeHead(o.status, o.headers).end(o.body);
    }
    if (f !== undefined) return void res.writeHead(200).end(f);
    res.writeHead(404).end('not found');
  });
}

/** A .tar.gz of a directory, made by the system tar as a module author would. */
export function tarGz(dir: string): Buffer {
  return execFileSync('tar', ['-czf', '-', '-C', dir, '.']);
}

/** A hand-made tar entry, for hostile archives (traversal, links). */
export function tarEntry(name: string, body: string | Buffer, type = '0', link = ''): Buffer {
  const data = Buffer.from(body);
  const h = Buffer.alloc(512);
  h.write(name, 0, 100);
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
  h.write('00000000000\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write(link, 157, 100);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return Buffer.concat([h, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

export const tarGzOf = (...entries: Buffer[]) => gzipSync(Buffer.concat([...entries, Buffer.alloc(1024)]));

/** A bare repository `name.git` under `base`, with `files` committed and tagged `tag`. */
export function gitRepo(base: string, name: string, fromDir: string, tag: string): void {
  const work = mkdtempSync(join(tmpdir(), 'tg-gitwork-'));
  cpSync(fromDir, work, { recursive: true });
  const g = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', ...a], { cwd: work, stdio: 'pipe' });
  g('init', '-q');
  g('add', '.');
  g('commit', '-qm', 'module');
  g('tag', tag);
  // A later commit on main without the Terraform code: only a fetch of the tag finds anything.
  writeFileSync(join(work, 'CHANGELOG.md'), 'later\n');
  g('rm', '-q', '-r', '--', '*.tf');
  g('add', '.');
  g('commit', '-qm', 'later');
  mkdirSync(base, { recursive: true });
  execFileSync('git', ['clone', '-q', '--bare', work, join(base, `${name}.git`)], { stdio: 'pipe' });
}

export async function gitDaemon(base: string): Promise<{ url: string; close(): Promise<void> }> {
  // A free port: bind, read, release (git daemon has no port 0).
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  const p: ChildProcess = spawn('/usr/lib/git-core/git-daemon', ['--reuseaddr', '--export-all', `--base-path=${base}`, '--listen=127.0.0.1', `--port=${port}`, base], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((r) => {
      const c = createConnection({ host: '127.0.0.1', port }, () => (c.end(), r(true)));
      c.on('error', () => r(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `git://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        p.once('exit', () => r());
        p.kill('SIGTERM');
      }),
  };
}
