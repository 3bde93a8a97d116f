// New or pre-existing: which findings the pull request introduced. Paths are workspace-relative with
// forward slashes (what GitHub's PR files API and annotations use).
import { posix } from 'node:path';
import type { Finding } from '../core/types.js';
import { touches, type ChangeSet } from './diff.js';
import type { Scope } from './inputs.js';
import { fileTypeOf, isTerraformFile } from '../core/inputs.js';
import { FingerprintBag, findingFingerprint } from '../core/fingerprint.js';

export type Status = 'new' | 'pre-existing';

export interface Classified {
  finding: Finding;
  /** Workspace-relative path. */
  file: string;
  /** Inside the scope the PR is judged on (changed lines/files, or everything). */
  inScope: boolean;
  /** The base scan has the same finding (same rule, file — following renames — and message). */
  inBase: boolean;
  status: Status;
}

export interface ClassifyOptions {
  scope: Scope;
  /** The PR's changes; undefined outside pull requests (everything is in scope). */
  changes?: ChangeSet;
  /** Findings of the base commit (workspace-relative); undefined when the base was not available. */
  base?: Finding[];
  /** Relative path of a finding (from the engine's absolute one). */
  rel: (f: Finding) => string;
}

export function classifyFindings(findings: Finding[], opts: ClassifyOptions): Classified[] {
  // Base findings by fingerprint (rule, file, message: line moves do not matter), as a multiset.
  const base = new FingerprintBag((opts.base ?? []).map((b) => findingFingerprint(b.ruleId, opts.rel(b), b.message)));
  const renamedFrom = new Map<string, string>();
  const changedDirs = new Set<string>();
  // A deleted manifest can open up workloads elsewhere (its NetworkPolicy, its PodDisruptionBudget):
  // findings the base does not have, in any YAML file, are then caused by this change.
  let yamlRemoved = false;
  for (const c of opts.changes?.values() ?? []) {
    if (c.previousPath) renamedFrom.set(c.path, c.previousPath);
    if (isTerraformFile(c.path)) changedDirs.add(posix.dirname(c.path));
    if (c.status === 'removed' && fileTypeOf(c.path)?.role === 'yaml') yamlRemoved = true;
  }
  const out: Classified[] = [];
  for (const f of findings) {
    const file = opts.rel(f);
    let inBase = false;
    if (opts.base) inBase = base.take(findingFingerprint(f.ruleId, renamedFrom.get(file) ?? file, f.message));
    let inScope: boolean;
    const change = opts.changes?.get(file);
    if (!opts.changes || opts.scope === 'all') inScope = true;
    else if (opts.scope === 'changed-files') inScope = !!change;
    else {
      // On an added/changed line; or, when the base scan shows the PR caused it, anywhere in a file
      // (or Terraform module directory) the PR touched: deleting a protective line leaves nothing
      // added where the finding is reported.
      const caused = !!opts.base && !inBase;
      inScope =
        (!!change && touches(change, f.location.startLine, f.location.endLine)) ||
        (caused && (!!change || (fileTypeOf(file)?.role === 'terraform' && changedDirs.has(posix.dirname(file))) || (yamlRemoved && fileTypeOf(file)?.role === 'yaml')));
    }
    const status: Status = !f.suppressed && inScope && !inBase ? 'new' : 'pre-existing';
    out.push({ finding: f, file, inScope, inBase, status });
  }
  return out;
}
