// What git cannot tell about a commit on the branch, from the GitHub API (only the configured API
// host: core/github.ts refuses to send the token elsewhere): the pull request that brought it
// (GET /commits/{sha}/pulls), its reviews and commits, the check runs and statuses on its head, and
// what branch protection and rulesets require (read as they are now). The same judgements as the
// record's (evaluateReviews, evaluateChecks), so a commit read here and one read from the ledger are
// classified alike.
import { requiredChecksOf, requiredReviewsOf, readBranchProtection } from '../branch-protection.js';
import type { GhPull, GitHubApi } from '../github.js';
import type { BranchCommit, ChangeFacts, Enrichment } from './population.js';
import { evaluateChecks, evaluateReviews } from './record.js';

/** At most this many commits are read from the API per report (the rest stay "incomplete"). */
export const MAX_API_COMMITS = 1000;

async function factsFor(api: GitHubApi, c: BranchCommit, branch: string, required: { checks: string[] | 'unavailable'; reviews: number | 'unknown' }): Promise<ChangeFacts> {
  const pulls = await api.pullsForCommit(c.sha);
  const merged = (p: GhPull) => !!p.merged_at && p.base.ref === branch;
  // The PR whose merge (or squash) commit this is; else (rebase merge) the merged PR that carried it.
  let pull = pulls.find((p) => merged(p) && p.merge_commit_sha === c.sha) ?? pulls.find(merged) ?? null;
  if (pull) pull = await api.pull(pull.number);
  const head = pull?.head.sha ?? c.sha;
  const [reviews, commits, runs, statuses] = await Promise.all([pull ? api.reviews(pull.number) : [], pull ? api.commits(pull.number) : [], api.checkRuns(head), api.statuses(head)]);
  const authors = [...new Set(commits.map((x) => x.author?.login ?? x.commit.author?.name ?? '').filter(Boolean))].filter((a) => a !== pull?.user?.login);
  const judged = evaluateReviews(reviews, pull?.user?.login ?? null, authors, head);
  const checks = evaluateChecks(runs, statuses, required.checks, head);
  return {
    source: 'github',
    pr: pull ? { number: pull.number, url: pull.html_url, title: pull.title, author: pull.user?.login ?? null, mergedBy: pull.merged_by?.login ?? null, mergedAt: pull.merged_at } : null,
    approvers: judged.approvers,
    approvedOlder: judged.reviews.some((r) => r.notCountedBecause === 'older-commit'),
    checksPassed: checks.passed,
    requiredChecks: checks.required,
    requiredReviews: required.reviews,
    headSha: head,
    runUrl: null,
    scanner: null,
    findings: null,
  };
}

/** Facts for each commit (null when the API could not tell), a few requests at a time, bounded. */
export function githubEnricher(api: GitHubApi, branch: string, log: (m: string) => void = () => {}): (commits: BranchCommit[]) => Promise<Enrichment> {
  return async (commits) => {
    const out = new Map<string, ChangeFacts | null>();
    const protection = await readBranchProtection(api, branch);
    const required = { checks: commits.length ? requiredChecksOf(protection) : ('unavailable' as const), reviews: requiredReviewsOf(protection) };
    const todo = commits.slice(0, MAX_API_COMMITS);
    if (commits.length > todo.length) log(`${commits.length - todo.length} commit(s) beyond the first ${MAX_API_COMMITS} are not read from the API`);
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const c = todo[next++];
        try {
          out.set(c.sha, await factsFor(api, c, branch, required));
        } catch (e) {
          log(`commit ${c.sha.slice(0, 12)}: ${(e as Error).message}`);
          out.set(c.sha, null);
        }
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    return { facts: out, requiredReviews: required.reviews };
  };
}
