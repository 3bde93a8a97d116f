// What org mode writes between its jobs, and `trustgate aggregate` reads. Per repository, one folder
// holding `repo.json` (RepoRecord: who owns it, whether it was scanned, its default branch's
// protection) and, when the scan ran, `scan.json` (the unchanged `trustgate scan --format json`
// output) and, with --readiness, `readiness.json` (the readiness report's JSON). The plan job writes `plan.json` (OrgPlan) with the repositories it left out and why.
// A plain scan JSON file without a repo.json is accepted too: its name is the repository's.

export const REPO_KIND = 'trustgate-org-repository';
export const PLAN_KIND = 'trustgate-org-plan';
export const REPO_FILE = 'repo.json';
export const SCAN_FILE = 'scan.json';
/** The repository's SOC 2 readiness report (`trustgate report --format json`), written by the scan step with --readiness. */
export const READINESS_FILE = 'readiness.json';

/** Branch protection and rulesets of the default branch, as the API showed them (CC8.1 facts). */
export interface ProtectionFacts {
  /** Approving reviews required before merging (the larger of classic protection and rulesets). */
  requiredReviews: number;
  /** Status checks required before merging. */
  requiredChecks: string[];
  /** Where the rules came from. */
  sources: ('protection' | 'rulesets')[];
}

export interface RepoRecord {
  kind: typeof REPO_KIND;
  /** owner/name */
  repository: string;
  defaultBranch?: string;
  /** The commit scanned. */
  commit?: string;
  /** Owner teams, e.g. from the CODEOWNERS rule that covers the whole tree. */
  teams?: string[];
  /** `scanned`: scan.json sits beside it; `error`: it could not be fetched or scanned (reason says why). */
  status: 'scanned' | 'error';
  reason?: string;
  /** Protection of the default branch, or why it could not be read. */
  protection?: ProtectionFacts | { unavailable: string };
  /** Wall time of fetch + scan + API reads, seconds (for the cost figures). */
  seconds?: number;
}

export interface PlanExclusion {
  repository: string;
  reason: string;
}

export interface PlanRepository {
  /** owner/name */
  repository: string;
  defaultBranch: string;
}

export interface OrgPlan {
  kind: typeof PLAN_KIND;
  organisation: string;
  /** Repositories listed by the API. */
  listed: number;
  /** Repositories to scan, in batches (one matrix job each). */
  batches: PlanRepository[][];
  excluded: PlanExclusion[];
}
