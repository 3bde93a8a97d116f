// The sticky pull-request comment: one comment per PR, found again by a hidden marker and updated in
// place. GitHub rejects comments over 65,536 characters.
import type { GitHubApi } from '../core/github.js';

export const MARKER = '<!-- trustgate:sticky-comment -->';
export const MAX_COMMENT = 65_536;

export interface StickyResult {
  action: 'created' | 'updated' | 'skipped';
  id?: number;
}

interface IssueComment {
  id: number;
  body?: string | null;
  user?: { login?: string; type?: string } | null;
}

/**
 * Create or update the sticky comment. Only a bot's comment carrying the marker is reused (anyone can
 * paste the marker into a comment of their own). With `createIfMissing` false, nothing new is posted
 * (a clean PR gets no comment, but an existing one is updated to say it is clean now).
 */
export async function upsertStickyComment(
  api: GitHubApi,
  p: { issueNumber: number; body: string; createIfMissing: boolean },
): Promise<StickyResult> {
  const body = p.body.includes(MARKER) ? p.body : `${MARKER}\n${p.body}`;
  if (body.length > MAX_COMMENT) throw new Error(`comment body is ${body.length} characters, over GitHub's ${MAX_COMMENT}`);
  const comments = await api.paginate<IssueComment>(`${api.repoPath}/issues/${p.issueNumber}/comments`);
  const mine = comments.find((c) => (c.body ?? '').includes(MARKER) && c.user?.type === 'Bot');
  if (mine) {
    await api.request('PATCH', `${api.repoPath}/issues/comments/${mine.id}`, { body });
    return { action: 'updated', id: mine.id };
  }
  if (!p.createIfMissing) return { action: 'skipped' };
  const { data } = await api.request<{ id: number }>('POST', `${api.repoPath}/issues/${p.issueNumber}/comments`, { body });
  return { action: 'created', id: Number(data.id) };
}
