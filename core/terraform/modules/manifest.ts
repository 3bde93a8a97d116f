// `.terraform/modules/modules.json`, written by `terraform init` / `tofu init`: where each module call
// of a root module was installed. Keys are call names joined by dots (`eks`, `eks.kms`); `Dir` is
// relative to the root module.
import { realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { readText } from '../../read.js';

export interface ManifestEntry {
  key: string;
  source: string;
  version?: string;
  /** Absolute directory of the installed module. */
  dir: string;
}

export type Manifest = { ok: true; entries: Map<string, ManifestEntry> } | { ok: false; reason: string } | undefined;

export const MANIFEST_PATH = join('.terraform', 'modules', 'modules.json');

/** The manifest of a root module: undefined when there is none (not initialised). */
export function readManifest(rootDir: string, maxBytes: number): Manifest {
  const path = join(rootDir, MANIFEST_PATH);
  // Most roots have no .terraform directory: asked without an exception (a failed open throws, which
  // is slow); anything else (it exists, or cannot be looked at) is read and reported as before.
  if (!existsOrUnsure(join(rootDir, '.terraform'))) return undefined;
  const r = readText(path, maxBytes);
  if (!r.ok) return r.message.startsWith('cannot read: ENOENT') ? undefined : { ok: false, reason: `${MANIFEST_PATH}: ${r.message}` };
  let raw: unknown;
  try {
    raw = JSON.parse(r.text);
  } catch (e) {
    return { ok: false, reason: `${MANIFEST_PATH} is not valid JSON (${(e as Error).message})` };
  }
  const mods = (raw as { Modules?: unknown })?.Modules;
  if (!Array.isArray(mods)) return { ok: false, reason: `${MANIFEST_PATH} has no "Modules" list` };
  // The manifest is repository content: a Dir outside the root module is not followed.
  const root = realOr(rootDir);
  const entries = new Map<string, ManifestEntry>();
  for (const m of mods) {
    if (!m || typeof m !== 'object') continue;
    const { Key, Source, Version, Dir } = m as Record<string, unknown>;
    if (typeof Key !== 'string' || !Key || typeof Dir !== 'string' || typeof Source !== 'string') continue;
    const dir = resolve(rootDir, Dir);
    const real = realOr(dir);
    if (real !== root && !real.startsWith(root + sep)) continue;
    entries.set(Key, { key: Key, source: Source, ...(typeof Version === 'string' && Version ? { version: Version } : {}), dir });
  }
  return { ok: true, entries };
}

function realOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** False only when nothing is at `p` (ENOENT, without throwing); true when something is, or when asking failed. */
function existsOrUnsure(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true;
  }
}
