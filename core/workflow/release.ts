// Release workflows: the triggers that run a workflow for a release (zizmor's cache-poisoning reading),
// shared by the rule and the scan set (which records them for reusable-workflow callers).
import type { Workflow } from './model.js';

/** Why this workflow counts as a release workflow, or undefined. After zizmor: release, tag pushes, release-branch pushes. */
export function releaseTrigger(wf: Workflow): string | undefined {
  if (wf.triggers.includes('release')) return 'on release';
  const push = wf.on?.isMap() ? wf.on.get('push') : undefined;
  if (push?.isMap() && (push.has('tags') || push.has('tags-ignore'))) return 'on tag push';
  const branches = push?.isMap() ? push.get('branches')?.items().map((b) => b.str() ?? '') : undefined;
  if (branches?.some((b) => b.toLowerCase().includes('release'))) return 'on push to a release branch';
  return undefined;
}
