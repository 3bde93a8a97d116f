// The compensating controls declared in a commit's tree (`# trustgate:compensated ID by="path"`), each
// verified against that same commit: the named file exists there and, for a Kyverno or Gatekeeper
// policy, targets the rule's concern and enforces it (core/compensate.ts). Read with git plumbing only
// (git grep and cat-file on the commit, no checkout), for the population report and the readiness
// report ("report" engineer: call compensationsAt(repo, ref)).
import { checkControl, parseCompensations, type CompensationCheck } from '../compensate.js';
import { git } from './git.js';

export interface CompensatingControl {
  file: string;
  line: number;
  ruleIds: string[];
  /** The control's path, as written. */
  by: string;
  reason: string | null;
  /** Per rule id: verified, exists (presence only), or invalid with why. */
  checks: ({ ruleId: string } & CompensationCheck)[];
}

const MAX_CONTROL_BYTES = 1024 * 1024;

function controlText(repo: string, ref: string, by: string): string | { problem: string } {
  if (!by) return { problem: 'names no control (by="path/to/policy.yaml")' };
  if (by.startsWith('/') || by.split(/[\\/]/).includes('..')) return { problem: `names "${by}", which is not a path inside the repository` };
  let type: string;
  try {
    type = git(repo, ['cat-file', '-t', `${ref}:${by}`]).trim();
  } catch {
    return { problem: `names ${by}, which does not exist in the repository at ${ref.slice(0, 12)}` };
  }
  if (type !== 'blob') return { problem: `names ${by}, which is not a file` };
  if (Number(git(repo, ['cat-file', '-s', `${ref}:${by}`]).trim()) > MAX_CONTROL_BYTES) return { problem: `names ${by}, larger than 1 MiB` };
  return git(repo, ['cat-file', 'blob', `${ref}:${by}`]);
}

/** Every compensation directive in the tree of `ref`, with what was verified about its control there. */
export function compensationsAt(repo: string, ref: string): CompensatingControl[] {
  let out: string;
  try {
    out = git(repo, ['grep', '-z', '-n', '-I', '--no-color', '--no-textconv', '-e', 'trustgate:compensated', ref, '--']);
  } catch (e) {
    if ((e as { status?: number }).status === 1) return []; // git grep: nothing found
    throw e;
  }
  const found: CompensatingControl[] = [];
  for (const rec of out.split('\n')) {
    if (!rec) continue;
    const [where, lineNo, ...text] = rec.split('\0');
    const file = where.slice(ref.length + 1);
    const [c] = parseCompensations(file, text.join('\0'));
    if (!c) continue;
    const read = controlText(repo, ref, c.by);
    const checks = c.ruleIds.map((ruleId) => ({ ruleId, ...(typeof read === 'string' ? checkControl(c.by, read, ruleId) : { status: 'invalid' as const, detail: read.problem }) }));
    found.push({ file, line: Number(lineNo), ruleIds: c.ruleIds, by: c.by, reason: c.reason ?? null, checks });
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
