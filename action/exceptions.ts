// Exceptions the pull request adds: suppressions that the head has and the base does not (or that the
// head extends to a later expiry). They still suppress, but a reviewer is told on their line, the
// sticky comment is posted for them, and with `exceptions-need-approval` the run fails until someone
// other than the author approves the head commit.
import type { GitHubApi } from '../core/github.js';
import { evaluateReviews } from '../core/evidence/record.js';
import type { Finding } from '../core/types.js';
import { suppressionReason } from '../core/suppress.js';
import type { Classified } from './classify.js';

export interface NewException {
  finding: Finding;
  /** Workspace-relative path of the finding. */
  file: string;
  /** `added`, or `extended` (the base had it with an earlier expiry). */
  how: 'added' | 'extended';
  previousExpiry?: string;
}

const key = (ruleId: string, file: string) => `${ruleId}\u0000${file}`;

/**
 * Suppressed head findings whose suppression the base did not have. With no base scan, a suppression
 * written on a changed line counts as new (the diff is all there is to go on).
 */
export function newExceptions(classified: Classified[], base: Finding[] | undefined, rel: (f: Finding) => string, onChangedLine: (file: string, line: number) => boolean, renamedFrom: Map<string, string>): NewException[] {
  const baseSup = new Map<string, { reason: string; expires?: string }[]>();
  for (const b of base ?? []) {
    if (!b.suppression || b.suppression.source === 'config') continue;
    const k = key(b.ruleId, rel(b));
    baseSup.set(k, [...(baseSup.get(k) ?? []), { reason: b.suppression.reason, expires: b.suppression.expires }]);
  }
  const out: NewException[] = [];
  for (const c of classified) {
    const s = c.finding.suppression;
    if (!c.finding.suppressed || !s || s.source === 'config') continue;
    if (!base) {
      if (s.location && onChangedLine(c.file, s.location.startLine)) out.push({ finding: c.finding, file: c.file, how: 'added' });
      continue;
    }
    const prior = baseSup.get(key(c.finding.ruleId, renamedFrom.get(c.file) ?? c.file)) ?? [];
    if (!prior.length) {
      out.push({ finding: c.finding, file: c.file, how: 'added' });
      continue;
    }
    // Never-expiring beats any date; a later date extends.
    const latest = prior.some((p) => !p.expires) ? undefined : prior.map((p) => p.expires!).sort().at(-1);
    const extended = prior.every((p) => p.expires) && (!s.expires || (latest !== undefined && s.expires > latest));
    if (extended) out.push({ finding: c.finding, file: c.file, how: 'extended', previousExpiry: latest });
  }
  return out;
}

export function exceptionText(e: NewException, author: string | undefined): string {
  const s = e.finding.suppression!;
  const until = s.expires ? `until ${s.expires}` : 'with no expiry';
  const ext = e.how === 'extended' ? ` (extended from ${e.previousExpiry})` : '';
  return `new exception: ${e.finding.ruleId} ${until}${ext}${author ? ` by ${author}` : ''}: ${suppressionReason(s)}`;
}

/** Approvers who count: not the author, not a commit author, not a bot, on the head commit. */
export async function independentApprovers(api: GitHubApi, pr: number, author: string | undefined, headSha: string): Promise<string[]> {
  const [reviews, commits] = await Promise.all([api.reviews(pr), api.commits(pr)]);
  const commitAuthors = [...new Set(commits.map((c) => c.author?.login ?? '').filter(Boolean))].filter((a) => a !== author);
  const { approvers } = evaluateReviews(reviews, author ?? null, commitAuthors, headSha);
  const bots = new Set(reviews.filter((r) => r.user && ((r.user as { type?: string }).type === 'Bot' || /\[bot\]$/i.test(r.user.login))).map((r) => r.user!.login.toLowerCase()));
  return approvers.filter((a) => !bots.has(a.toLowerCase()));
}
