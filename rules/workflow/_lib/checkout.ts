// actions/checkout and the job token it leaves in .git/config (persist-credentials), shared by
// TG-GHA-012 (uploaded with the workspace) and TG-GHA-019 (anywhere, pedantic).
import type { Fix } from '../../../core/types.js';
import type { Step } from '../../../core/workflow/model.js';

/** Does this checkout step leave the token in .git/config? An expression is not judged (false). */
export function keepsCredentials(s: Step): boolean {
  const pc = s.with?.get('persist-credentials');
  return !(pc && (pc.bool() === false || pc.str()?.includes('${{')));
}

/** Quick fix: `persist-credentials: false` under `with:` (only for block-style steps). */
export function fixFor(s: Step): Fix[] | undefined {
  const pc = s.with?.get('persist-credentials');
  if (pc) return [{ title: 'Set persist-credentials: false', range: pc.loc, text: 'false' }];
  if (s.view.source.startsWith('{') || !s.uses) return undefined;
  const uses = s.uses;
  if (s.with) {
    const first = s.with.entries()[0];
    if (!first || s.with.source.startsWith('{')) return undefined;
    const k = first[1].keyLoc;
    return [{ title: 'Add persist-credentials: false', range: { ...k, endLine: k.startLine, endColumn: k.startColumn }, text: `persist-credentials: false\n${' '.repeat(k.startColumn - 1)}` }];
  }
  const key = uses.keyLoc;
  const end = uses.loc;
  const indent = ' '.repeat(key.startColumn - 1);
  return [{ title: 'Add with: persist-credentials: false', range: { ...end, startLine: end.endLine, startColumn: end.endColumn }, text: `\n${indent}with:\n${indent}  persist-credentials: false` }];
}

