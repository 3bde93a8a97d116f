// Where the code of a module call that is not a local directory of the repository comes from:
// the root's `.terraform/modules/modules.json` (after `terraform init`), or a copy downloaded before
// the scan (--download-modules). Synchronous: downloads happen before units run (see download.ts).
import { join, resolve, sep } from 'node:path';
import { MANIFEST_PATH, type Manifest } from './manifest.js';

/** What the download step found for one (source, version) pair; serialisable (sent to workers). */
export type Download = { dir: string; version?: string; packageRoot: string } | { error: string; fix: string; limit?: boolean };
export type Downloads = Record<string, Download>;

export const downloadKey = (source: string, version: string | undefined) => `${source}\n${version ?? ''}`;

export type Resolved = { dir: string; version?: string; packageRoot: string } | { reason: string; fix: string; limit?: boolean };

export const FIX_REMOTE = 'run `terraform init` (or `tofu init`) before scanning, or scan with --download-modules';

export interface CallToResolve {
  /** Manifest key: call names joined by dots (`eks`, `eks.kms`). */
  key: string;
  source: string;
  version?: string;
  callerDir: string;
  /** Set when the caller itself lives in a downloaded or installed package: local paths stay inside it. */
  packageRoot?: string;
}

export const isLocalSource = (s: string) => s.startsWith('./') || s.startsWith('../');

export function resolveCall(call: CallToResolve, rootDir: string, manifest: Manifest, downloads: Downloads | undefined): Resolved {
  if (manifest?.ok) {
    const e = manifest.entries.get(call.key);
    if (e) return { dir: e.dir, ...(e.version ? { version: e.version } : {}), packageRoot: join(rootDir, '.terraform', 'modules') };
  }
  if (isLocalSource(call.source) && call.packageRoot) {
    const dir = resolve(call.callerDir, call.source);
    const root = call.packageRoot.endsWith(sep) ? call.packageRoot : call.packageRoot + sep;
    if (dir !== call.packageRoot && !dir.startsWith(root)) return { reason: `the path leaves the module package it is in (${call.source})`, fix: 'nothing to do in this repository: the module is malformed' };
    return { dir, packageRoot: call.packageRoot };
  }
  const d = downloads?.[downloadKey(call.source, call.version)];
  if (d && 'dir' in d) return d;
  if (d) return { reason: d.error, fix: d.fix, ...(d.limit ? { limit: true } : {}) };
  if (manifest && !manifest.ok) return { reason: manifest.reason, fix: FIX_REMOTE };
  if (manifest?.ok) return { reason: `it is not listed in ${MANIFEST_PATH} (the call was added or renamed after the last init)`, fix: FIX_REMOTE };
  return { reason: 'it is not a local directory and no installed or downloaded copy was found', fix: FIX_REMOTE };
}
