// File discovery: walks scan roots, never follows a symlink out of its root, survives loops and
// unreadable entries, and classifies what it finds.
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { basename, extname, join, relative, resolve, sep } from 'node:path';
import { compileGlob } from './glob.js';
import { fileTypeOf, withoutShadowed, type FileRole } from './inputs.js';
import type { ScanError } from './types.js';
import { workflowKindOf } from './workflow/model.js';

// The system's realpath (for the roots and the links the walk meets): one call where Node's JavaScript one
// lstats every path component. Not on Windows, where the native one resolves mapped and subst drives to
// other names than the paths the user gave.
const realpath = process.platform === 'win32' ? realpathSync : realpathSync.native;

export type FileKind = FileRole;

export interface FoundFile {
  path: string;
  /** 'tfplan': Terraform plan JSON, recognised by content (see classifyForScan). */
  kind: FileKind | 'tfplan';
}

const SKIP_DIRS = new Set(['.git', 'node_modules', '.terraform', '.terragrunt-cache', '.venv', '__pycache__']);

/** The role of a registered file type (core/inputs.ts), by name. */
export function classify(path: string): FileKind | undefined {
  return fileTypeOf(path)?.role;
}

/**
 * classify(), plus Terraform plan JSON (`terraform show -json`): only .json files that are not a
 * registered type (`.tf.json`, `.tfvars.json` are configuration) and whose first 4 KB look like one.
 */
export function classifyForScan(path: string): FoundFile['kind'] | undefined {
  return classify(path) ?? (extname(path).toLowerCase() === '.json' && isPlanJson(path) ? 'tfplan' : undefined);
}

/** Cheap test on a file's first 4 KB: does it look like `terraform show -json` plan output? */
export function looksLikePlanJson(head: string): boolean {
  const h = head.replace(/^\uFEFF/, '').trimStart();
  if (!h.startsWith('{') || !/"format_version"\s*:/.test(h)) return false;
  return /"(planned_values|resource_changes|terraform_version)"\s*:/.test(h);
}

function isPlanJson(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return looksLikePlanJson(buf.subarray(0, n).toString('utf8'));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export interface WalkResult {
  files: FoundFile[];
  errors: ScanError[];
}

/** `many`: called once, as soon as `many.files` files are found (a large scan starts its workers then). */
export function walk(paths: string[], exclude: string[], cwd: string, maxFiles = 1_000_000, many?: { files: number; found: () => void }): WalkResult {
  const files: FoundFile[] = [];
  const errors: ScanError[] = [];
  const ex = exclude.map(compileGlob);
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const isExcluded = (abs: string, root: string) => {
    if (!ex.length) return false;
    const relRoot = relative(root, abs).split(sep).join('/');
    const relCwd = relative(cwd, abs).split(sep).join('/');
    return ex.some((r) => r.test(relRoot) || r.test(relCwd));
  };
  const add = (p: string) => {
    const kind = classifyForScan(p);
    if (!kind || seenFiles.has(p)) return;
    seenFiles.add(p);
    files.push({ path: p, kind });
    if (files.length === many?.files) many.found();
  };

  for (const p of paths) {
    const root = resolve(cwd, p);
    let st;
    try {
      st = statSync(root);
    } catch (e) {
      errors.push({ file: root, line: 1, column: 1, kind: 'read', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
      continue;
    }
    if (st.isFile()) {
      // A file named explicitly is scanned even if its extension is unusual for its kind.
      if (classifyForScan(root)) add(root);
      else errors.push({ file: root, line: 1, column: 1, kind: 'notice', message: 'not a Terraform, Kubernetes or workflow file; skipped' });
      continue;
    }
    let rootReal: string;
    try {
      rootReal = realpath(root);
    } catch {
      rootReal = root;
    }
    // Each directory with its real path: a subdirectory that is not a link is its parent's real path
    // plus its name, so only the root and the links cost a realpath call.
    const stack: [dir: string, real: string][] = [[root, rootReal]];
    while (stack.length) {
      const [dir, real] = stack.pop()!;
      if (seenDirs.has(real)) continue;
      seenDirs.add(real);
      let entries: Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        errors.push({ file: dir, line: 1, column: 1, kind: 'read', message: `cannot list directory: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` });
        continue;
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const subdirs: [string, string][] = [];
      for (const ent of entries) {
        if (files.length >= maxFiles) break;
        const abs = join(dir, ent.name);
        if (isExcluded(abs, root)) continue;
        let isDir = ent.isDirectory();
        let isFile = ent.isFile();
        let target: string | undefined;
        if (ent.isSymbolicLink()) {
          // Follow a link only when its target stays inside the scan root.
          try {
            target = realpath(abs);
          } catch {
            errors.push({ file: abs, line: 1, column: 1, kind: 'notice', message: 'broken symbolic link; skipped' });
            continue;
          }
          if (target !== rootReal && !target.startsWith(rootReal + sep)) {
            errors.push({ file: abs, line: 1, column: 1, kind: 'notice', message: 'symbolic link points outside the scan root; not followed' });
            continue;
          }
          try {
            const ts = lstatSync(target);
            isDir = ts.isDirectory();
            isFile = ts.isFile();
          } catch {
            continue;
          }
        }
        if (isDir) {
          if (!SKIP_DIRS.has(ent.name)) subdirs.push([abs, target ?? join(real, ent.name)]);
        } else if (isFile) add(abs);
      }
      for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
    }
  }
  // OpenTofu reads main.tofu instead of main.tf: the .tf twin is not part of the module. Said, not silent,
  // because Terraform itself would read the .tf file.
  const { shadowed } = withoutShadowed(files.map((f) => f.path));
  if (shadowed.length) {
    const drop = new Set(shadowed.map((s) => s.path));
    for (const s of shadowed) errors.push({ file: s.path, line: 1, column: 1, kind: 'notice', message: `not scanned: ${basename(s.by)} in the same directory replaces it (OpenTofu reads the .tofu file instead; Terraform would read this one)` });
    return { files: files.filter((f) => !drop.has(f.path)), errors };
  }
  return { files, errors };
}
/** A module directory's configuration files (.tf, .tf.json, .tofu, .tofu.json; a .tofu file replaces its .tf twin). */
export function tfFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  try {
    const files = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && fileTypeOf(e.name)?.role === 'terraform')
      .map((e) => join(dir, e.name))
      .sort();
    return withoutShadowed(files).kept;
  } catch {
    return [];
  }
}

export { workflowKindOf };
