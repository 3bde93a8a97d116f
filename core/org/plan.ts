// The plan job of org mode: list the organisation's repositories through the REST API (every page,
// the client's retries and retry-after), keep those the filter selects, and cut them into batches for
// a matrix. GitHub runs at most 256 jobs from one matrix, and bills each job by the started minute,
// so a batch holds several repositories: at least `batchSize`, more when 256 jobs would not suffice.
import { GitHubApi } from '../github.js';
import { compileGlob } from '../glob.js';
import { PLAN_KIND, type OrgPlan, type PlanExclusion, type PlanRepository } from './files.js';

/** GitHub's limit on the jobs one matrix generates. */
export const MAX_MATRIX_JOBS = 256;

export interface GhRepository {
  name: string;
  full_name: string;
  default_branch?: string;
  archived?: boolean;
  disabled?: boolean;
  fork?: boolean;
  topics?: string[];
  size?: number;
}

export interface RepoFilter {
  /** A repository qualifies when it has at least one of these topics (none: every repository). */
  topics?: string[];
  /** Name globs (core/glob.ts; matched against `name`, or `owner/name` when the glob has a `/`). */
  names?: string[];
  /** Name globs to leave out. */
  excludeNames?: string[];
  includeArchived?: boolean;
  includeForks?: boolean;
}

/** Why a repository is left out, or undefined when it is scanned. */
export function exclusionReason(r: GhRepository, f: RepoFilter): string | undefined {
  if (r.archived && !f.includeArchived) return 'archived (excluded by default)';
  if (r.disabled) return 'disabled';
  if (r.fork && !f.includeForks) return 'fork (excluded by default)';
  const matches = (globs: string[]) => globs.some((g) => compileGlob(g).test(g.includes('/') ? r.full_name : r.name));
  if (f.names?.length && !matches(f.names)) return `name matches none of ${f.names.join(', ')}`;
  if (f.excludeNames?.length && matches(f.excludeNames)) return `name matches an excluded pattern (${f.excludeNames.join(', ')})`;
  if (f.topics?.length && !f.topics.some((t) => r.topics?.includes(t))) return `has none of the topics ${f.topics.join(', ')}`;
  if (!r.default_branch) return 'no default branch (empty repository)';
  return undefined;
}

/** `n` repositories into jobs: as few as `batchSize` allows, never more than `maxJobs`; sizes differ by one at most. */
export function splitBatches<T>(items: T[], batchSize: number, maxJobs = MAX_MATRIX_JOBS): T[][] {
  if (!items.length) return [];
  const jobs = Math.min(Math.max(1, Math.min(maxJobs, MAX_MATRIX_JOBS)), Math.ceil(items.length / Math.max(1, batchSize)));
  const out: T[][] = [];
  for (let i = 0, start = 0; i < jobs; i++) {
    const size = Math.floor(items.length / jobs) + (i < items.length % jobs ? 1 : 0);
    out.push(items.slice(start, (start += size)));
  }
  return out;
}

export interface PlanOptions {
  organisation: string;
  filter: RepoFilter;
  batchSize: number;
  maxJobs?: number;
}

/** Organisation names are GitHub logins: letters, digits, hyphens. */
export const ORG_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;

export async function planOrg(api: GitHubApi, o: PlanOptions): Promise<OrgPlan> {
  if (!ORG_NAME.test(o.organisation)) throw new Error(`"${o.organisation}" is not an organisation name`);
  // Up to 1,000 pages of 100 repositories (GitHub's largest organisations hold fewer).
  const listed = await api.paginate<GhRepository>(`/orgs/${o.organisation}/repos?type=all&sort=full_name`, undefined, 1000);
  const selected: PlanRepository[] = [];
  const excluded: PlanExclusion[] = [];
  for (const r of listed) {
    if (typeof r?.full_name !== 'string') continue;
    const why = exclusionReason(r, o.filter);
    if (why) excluded.push({ repository: r.full_name, reason: why });
    else selected.push({ repository: r.full_name, defaultBranch: r.default_branch! });
  }
  return { kind: PLAN_KIND, organisation: o.organisation, listed: listed.length, batches: splitBatches(selected, o.batchSize, o.maxJobs), excluded };
}
