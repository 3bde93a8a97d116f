// Every file Trustgate writes (CLI --output, the Action's SARIF and evidence files, exports) goes
// through here. The path can come from a pull request (a `sarif-file` input read from the workflow,
// a checked-out tree that plants a symlink where the report will go), so a write never follows a
// symlink: the target must not be one, the data goes to a new temp file in the same directory
// (created exclusively, so a planted name is never opened), and a rename puts it in place (rename
// replaces a link that appears meanwhile instead of writing through it).
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, realpathSync, renameSync, rmSync, writeSync, existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export class UnsafePathError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const inside = (root: string, p: string) => {
  const r = relative(root, p);
  return r === '' || (r !== '..' && !r.startsWith('..' + sep) && !isAbsolute(r));
};

/** The real path of `p`'s nearest existing ancestor joined with the rest (symlinks in it resolved). */
function realish(p: string): string {
  let dir = resolve(p);
  const rest: string[] = [];
  while (!existsSync(dir)) {
    const up = dirname(dir);
    if (up === dir) break;
    rest.unshift(basename(dir));
    dir = up;
  }
  return join(realpathSync(dir), ...rest);
}

export interface SafeWriteOptions {
  /** Directories the file must stay inside, after resolving symlinks (the Action: workspace and RUNNER_TEMP). */
  within?: string[];
  /** Create missing parent directories (inside `within`). */
  mkdir?: boolean;
}

/** Write `data` to `path` without following a symlink; throws UnsafePathError when it would. */
export function writeFileSafe(path: string, data: string | Uint8Array, opts: SafeWriteOptions = {}): void {
  const target = resolve(path);
  const roots = opts.within?.filter(Boolean).map((r) => realish(r));
  const check = () => {
    if (roots && !roots.some((r) => inside(r, realish(dirname(target)) + sep + basename(target)))) {
      throw new UnsafePathError(path, `refusing to write ${path}: outside ${opts.within!.join(' and ')}`);
    }
  };
  check();
  if (opts.mkdir) mkdirSync(dirname(target), { recursive: true });
  // Checked again: a directory created above could not have been a link, but one on the way could.
  check();
  let st;
  try {
    st = lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (st?.isSymbolicLink()) throw new UnsafePathError(path, `refusing to write ${path}: it is a symbolic link`);
  if (st && !st.isFile()) throw new UnsafePathError(path, `refusing to write ${path}: not a regular file`);
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', 0o644);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
