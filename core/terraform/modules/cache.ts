// The module cache: one directory (TRUSTGATE_CACHE_DIR, default ~/.cache/trustgate/modules) that CI
// can keep between runs (actions/cache). Packages live under packages/<hash of the fetch address>;
// registry answers (which version a constraint chose and where it is) under registry/<hash>.json, so
// a warm cache needs no network at all. Entries appear atomically (written aside, then renamed).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TRUSTGATE_CACHE_DIR || join(env.HOME || homedir(), '.cache', 'trustgate', 'modules');
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export class ModuleCache {
  constructor(readonly dir: string) {}

  packageDir(address: string): string {
    return join(this.dir, 'packages', hash(address));
  }

  hasPackage(address: string): boolean {
    return existsSync(this.packageDir(address));
  }

  /** Fill a package directory through `fill(tmp)`; it becomes visible only once complete. */
  async putPackage(address: string, fill: (tmp: string) => Promise<void>): Promise<string> {
    const final = this.packageDir(address);
    const tmp = join(this.dir, 'tmp', `${hash(address)}-${randomBytes(6).toString('hex')}`);
    mkdirSync(join(this.dir, 'packages'), { recursive: true });
    mkdirSync(tmp, { recursive: true });
    try {
      await fill(tmp);
      if (!existsSync(final)) renameSync(tmp, final);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    return final;
  }

  getAnswer<T>(key: string): T | undefined {
    try {
      return JSON.parse(readFileSync(join(this.dir, 'registry', `${hash(key)}.json`), 'utf8')) as T;
    } catch {
      return undefined;
    }
  }

  putAnswer(key: string, value: unknown): void {
    mkdirSync(join(this.dir, 'registry'), { recursive: true });
    const p = join(this.dir, 'registry', `${hash(key)}.json`);
    const tmp = `${p}.${randomBytes(6).toString('hex')}`;
    writeFileSync(tmp, JSON.stringify(value));
    renameSync(tmp, p);
  }
}
