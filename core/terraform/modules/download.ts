// --download-modules: before units run, find every module call that is not a local directory (in the
// repository and, recursively, in what was downloaded), resolve it through the registry protocol,
// git or an https archive, and fetch it into the cache. The result is a map the (synchronous) units
// read; every failure becomes the reason of that call's notice. Bounded in bytes, count and time.
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import type { Parser } from 'web-tree-sitter';
import type { Config } from '../../config.js';
import type { HclFile } from '../../hcl/ast.js';
import { tfFilesIn } from '../../files.js';
import { parseConfigFile } from '../../hcl/syntax.js';
import { readText } from '../../read.js';
import { ModuleCache } from './cache.js';
import { loadCliConfig, type CliConfig } from './cli-config.js';
import { fetchArchive, fetchGit, treeBytes } from './getter.js';
import { FetchError } from './http.js';
import { readManifest } from './manifest.js';
import { resolveRegistry, type RegistryAnswer } from './registry.js';
import { downloadKey, isLocalSource, type Download, type Downloads } from './resolve.js';
import { parseSource, type SourceAddress } from './source.js';

export interface DownloadOptions {
  parser: Parser;
  /** Terraform module directories of the scan, with their .tf files. */
  dirs: Map<string, string[]>;
  cfg: Config;
  cacheDir: string;
  /** Environment for TF_CLI_CONFIG_FILE / TF_TOKEN_* (default process.env). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export interface DownloadStats {
  /** Packages fetched over the network, and found in the cache. */
  fetched: number;
  cached: number;
  bytes: number;
  /** Problems with the CLI configuration file (not fatal). */
  problems: string[];
}

const FIX_FETCH = 'check the source and the network, or run `terraform init` before scanning';

interface Call {
  source: string;
  version?: string;
}

function literal(f: HclFile, name: string, b: HclFile['blocks'][number]): string | undefined {
  const a = b.attributes.get(name);
  if (!a) return undefined;
  const e = a.expr;
  if (e.t === 'lit' && typeof e.value === 'string') return e.value;
  if (e.t === 'tmpl' && e.parts.every((p) => typeof p === 'string')) return e.parts.join('');
  void f;
  return undefined;
}

function callsIn(parser: Parser, files: string[], maxBytes: number): { name: string; call: Call }[] {
  const out: { name: string; call: Call }[] = [];
  for (const p of files) {
    const r = readText(p, maxBytes);
    if (!r.ok || !r.text.includes('module')) continue;
    const f = parseConfigFile(parser, p, r.text);
    for (const b of f.blocks) {
      if (b.type !== 'module' || !b.labels[0]) continue;
      const source = literal(f, 'source', b);
      if (source) out.push({ name: b.labels[0], call: { source, version: literal(f, 'version', b) } });
    }
  }
  return out;
}

export async function downloadModules(o: DownloadOptions): Promise<{ downloads: Downloads; stats: DownloadStats }> {
  const limits = o.cfg.limits;
  const cli: CliConfig = loadCliConfig(o.parser, o.env ?? process.env);
  const cache = new ModuleCache(o.cacheDir);
  const downloads: Downloads = {};
  const stats: DownloadStats = { fetched: 0, cached: 0, bytes: 0, problems: cli.problems };
  const allowed = o.cfg.modules?.allowedHosts;
  const checkHost = (u: URL) => {
    if (allowed && !allowed.includes(u.hostname.toLowerCase())) throw new FetchError(`host ${u.hostname} is not in modules.allowedHosts`);
  };
  const deadline = Date.now() + limits.maxModulesFetchMs;
  let packages = 0;

  const fetchPackage = async (addr: Exclude<SourceAddress, { kind: 'registry' | 'unsupported' }>, auth?: { origin: string; token: string }): Promise<string> => {
    const key = addr.kind === 'git' ? `git ${addr.url} ${addr.ref ?? ''}` : `archive ${addr.url}`;
    if (cache.hasPackage(key)) {
      stats.cached++;
      return cache.packageDir(key);
    }
    if (++packages > limits.maxModules) throw new FetchError(`more than ${limits.maxModules} module packages to download (limits.maxModules)`, true);
    if (stats.bytes >= limits.maxModulesTotalBytes) throw new FetchError(`module downloads reached ${limits.maxModulesTotalBytes} bytes (limits.maxModulesTotalBytes)`, true);
    const timeoutMs = Math.max(1, Math.min(limits.maxModuleFetchMs, deadline - Date.now()));
    const maxBytes = Math.min(limits.maxModuleBytes, limits.maxModulesTotalBytes - stats.bytes);
    const dir = await cache.putPackage(key, async (tmp) => {
      if (addr.kind === 'git') await fetchGit(addr, tmp, { maxBytes, timeoutMs }, checkHost);
      else await fetchArchive(addr, tmp, { maxBytes, timeoutMs }, { auth, checkHost });
    });
    stats.fetched++;
    stats.bytes += treeBytes(dir, Number.MAX_SAFE_INTEGER);
    return dir;
  };

  const fetchOne = async (c: Call): Promise<Download> => {
    const a = parseSource(c.source);
    if (a.kind === 'unsupported') return { error: a.reason, fix: 'use a registry, git or https archive source, or run `terraform init` before scanning' };
    if (Date.now() > deadline) return { error: `module downloads took longer than ${limits.maxModulesFetchMs} ms (limits.maxModulesFetchMs)`, fix: FIX_FETCH, limit: true };
    try {
      let pkg: Exclude<SourceAddress, { kind: 'registry' | 'unsupported' }>;
      let version: string | undefined;
      let auth: { origin: string; token: string } | undefined;
      let subdir = a.subdir;
      if (a.kind === 'registry') {
        checkHost(new URL(`https://${a.host}`));
        const akey = `registry ${a.host}/${a.namespace}/${a.name}/${a.provider} ${c.version ?? ''}`;
        let ans = cache.getAnswer<RegistryAnswer>(akey);
        if (!ans) {
          ans = await resolveRegistry(a, c.version, cli, { timeoutMs: Math.max(1, Math.min(limits.maxModuleFetchMs, deadline - Date.now())), checkHost });
          cache.putAnswer(akey, ans);
        }
        version = ans.version;
        const got = parseSource(ans.address);
        if (got.kind === 'registry' || got.kind === 'unsupported') return { error: `the registry's download address ${ans.address} is not a git or archive source`, fix: FIX_FETCH };
        pkg = got;
        subdir = [got.subdir, a.subdir].filter(Boolean).join('/');
        const token = cli.tokens.get(a.host);
        if (token) auth = { origin: ans.apiOrigin, token };
      } else {
        pkg = a;
        version = a.kind === 'git' ? a.ref : undefined;
      }
      const root = await fetchPackage(pkg, auth);
      const dir = subdir ? resolve(root, ...subdir.split('/')) : root;
      if (dir !== root && !dir.startsWith(root + sep)) return { error: 'its //subdirectory leaves the package', fix: FIX_FETCH };
      if (!existsSync(dir)) return { error: `the package has no directory ${subdir}`, fix: FIX_FETCH };
      return { dir, ...(version ? { version } : {}), packageRoot: root };
    } catch (e) {
      if (e instanceof FetchError) return { error: `download failed: ${e.message}`, fix: FIX_FETCH, ...(e.limit ? { limit: true } : {}) };
      return { error: `download failed: ${(e as Error).message}`, fix: FIX_FETCH };
    }
  };

  // Breadth-first over module directories: the scan's own, then each downloaded package's.
  const seen = new Set<string>();
  const queue: { dir: string; files: string[]; packageRoot?: string }[] = [...o.dirs].map(([dir, files]) => ({ dir, files }));
  while (queue.length) {
    if (o.signal?.aborted) break;
    const { dir, files, packageRoot } = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    // Calls `terraform init` already installed need no download.
    const manifest = packageRoot ? undefined : readManifest(dir, limits.maxFileBytes);
    for (const { name, call } of callsIn(o.parser, files, limits.maxFileBytes)) {
      if (isLocalSource(call.source)) {
        if (!packageRoot) continue;
        const d = resolve(dir, call.source);
        if (d === packageRoot || d.startsWith(packageRoot + sep)) queue.push({ dir: d, files: tfFilesIn(d), packageRoot });
        continue;
      }
      if (manifest?.ok && manifest.entries.has(name)) continue;
      const key = downloadKey(call.source, call.version);
      if (!(key in downloads)) downloads[key] = await fetchOne(call);
      const d = downloads[key];
      if ('dir' in d) queue.push({ dir: d.dir, files: tfFilesIn(d.dir), packageRoot: d.packageRoot });
    }
  }
  return { downloads, stats };
}
