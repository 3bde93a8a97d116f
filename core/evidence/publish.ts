// Append a record to the ledger file on a dedicated branch through the API: GET the file and its
// blob sha, PUT it back with the new line (the sha makes the write conditional, so two runs racing
// cannot lose a record: the loser re-reads and re-chains). A missing branch is created as an orphan
// branch holding only the ledger.
import { GitHubError, type GitHubApi } from '../github.js';
import { appendToLedgerText } from './ledger.js';
import type { EvidenceRecord } from './types.js';

export interface PublishResult {
  record: EvidenceRecord;
  /** Line number of the record in the ledger. */
  line: number;
  createdBranch: boolean;
  commit: string | null;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export async function readLedgerFile(api: GitHubApi, path: string, branch: string): Promise<{ text: string; sha: string | null }> {
  try {
    const f = await api.get<{ sha: string; content?: string; encoding?: string; size?: number }>(`${api.repoPath}/contents/${path.split('/').map(encodeURIComponent).join('/')}?ref=${encodeURIComponent(branch)}`);
    if (f.encoding === 'base64' && f.content !== undefined && (f.content !== '' || !f.size)) return { text: Buffer.from(f.content, 'base64').toString('utf8'), sha: f.sha };
    // Files over 1 MB come without content: read the blob.
    const blob = await api.get<{ content: string; encoding: string }>(`${api.repoPath}/git/blobs/${f.sha}`);
    return { text: Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8'), sha: f.sha };
  } catch (e) {
    if (e instanceof GitHubError && e.status === 404) return { text: '', sha: null };
    throw e;
  }
}

async function ensureBranch(api: GitHubApi, branch: string): Promise<boolean> {
  try {
    await api.get(`${api.repoPath}/git/ref/heads/${encodeURIComponent(branch)}`);
    return false;
  } catch (e) {
    if (!(e instanceof GitHubError && e.status === 404)) throw e;
  }
  const readme = `# Trustgate evidence ledger\n\nAppend-only: one change-evidence record per line in the JSON Lines ledger, hash-chained.\nCheck it with \`trustgate evidence verify\`. Do not edit by hand.\n`;
  const tree = (await api.request<{ sha: string }>('POST', `${api.repoPath}/git/trees`, { tree: [{ path: 'README.md', mode: '100644', type: 'blob', content: readme }] })).data;
  const commit = (await api.request<{ sha: string }>('POST', `${api.repoPath}/git/commits`, { message: 'Start the Trustgate evidence ledger', tree: tree.sha, parents: [] })).data;
  try {
    await api.request('POST', `${api.repoPath}/git/refs`, { ref: `refs/heads/${branch}`, sha: commit.sha });
  } catch (e) {
    // Another run created it first.
    if (!(e instanceof GitHubError && e.status === 422)) throw e;
    return false;
  }
  return true;
}

export async function appendToLedgerBranch(
  api: GitHubApi,
  opts: { branch: string; path: string; record: Omit<EvidenceRecord, 'digest'> | EvidenceRecord; attempts?: number; hmacKey?: string },
): Promise<PublishResult> {
  const createdBranch = await ensureBranch(api, opts.branch);
  const attempts = opts.attempts ?? 5;
  for (let i = 1; ; i++) {
    const cur = await readLedgerFile(api, opts.path, opts.branch);
    const { record, text } = appendToLedgerText(cur.text, opts.record, opts.hmacKey);
    const pr = record.pullRequest ? `#${record.pullRequest.number}` : record.commits.head.slice(0, 12);
    try {
      const res = await api.request<{ commit?: { sha: string } }>('PUT', `${api.repoPath}/contents/${opts.path.split('/').map(encodeURIComponent).join('/')}`, {
        message: `evidence: ${record.kind} ${record.repository}${pr.startsWith('#') ? pr : `@${pr}`} (${record.digest.slice(7, 19)})`,
        content: b64(text),
        branch: opts.branch,
        ...(cur.sha ? { sha: cur.sha } : {}),
      });
      return { record, line: text.trimEnd().split('\n').length, createdBranch, commit: res.data?.commit?.sha ?? null };
    } catch (e) {
      // 409 / 422: the file changed since we read it (or was created meanwhile): re-read and re-chain.
      if (e instanceof GitHubError && (e.status === 409 || e.status === 422) && i < attempts) continue;
      throw e;
    }
  }
}
