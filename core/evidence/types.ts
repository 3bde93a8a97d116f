// The change-evidence record (SOC 2 CC8.1): one per pull-request run and one at merge. Its JSON Schema
// is schemas/evidence-v1.json; keep the two in step (test/evidence/schema.test.ts checks a built record).

export const SCHEMA_VERSION = 1;

export type Sha256 = string; // "sha256:" + 64 hex digits
export type CriterionResult = 'passed' | 'failed' | 'suppressed' | 'indeterminate';
export type NotCountedReason = 'by-author' | 'commit-author' | 'older-commit' | 'dismissed' | 'not-an-approval' | 'superseded';
export type Exception =
  | 'no-pull-request'
  | 'no-independent-approval'
  | 'failing-checks'
  | 'checks-unavailable'
  | 'expired-suppression'
  | 'no-ticket'
  /** The change weakens the Trustgate policy or the workflow step that gates it (TG-CFG-*). */
  | 'policy-weakened';

export interface Ticket {
  /** "#123", "owner/repo#123" or a key such as "ABC-123". */
  ref: string;
  kind: 'issue' | 'key';
  sources: ('title' | 'body' | 'branch')[];
}

export interface ReviewEvidence {
  reviewer: string;
  state: string;
  submittedAt: string | null;
  commitId: string | null;
  countsAsApproval: boolean;
  /** Why an approval (or review) does not count; null when it counts. */
  notCountedBecause: NotCountedReason | null;
}

export interface CheckEvidence {
  name: string;
  source: 'check-run' | 'status';
  status: string;
  conclusion: string | null;
  sha: string;
  completedAt: string | null;
  required: boolean;
}

export interface RequiredCheckResult {
  name: string;
  result: 'success' | 'failure' | 'pending' | 'missing' | 'neutral' | 'skipped' | 'cancelled' | 'other';
}

export interface ChangedFile {
  path: string;
  status: 'added' | 'modified' | 'removed' | 'renamed';
  previousPath: string | null;
  kind: 'terraform' | 'tfvars' | 'yaml';
  /** sha256 of the file's bytes at the head commit; null when removed. */
  sha256: Sha256 | null;
}

export interface FindingRef {
  /** sha256 of ruleId, file and message (not the line), so a finding keeps its key when code moves. */
  key: string;
  ruleId: string;
  file: string;
  line: number;
  message: string;
  severity: string;
  controls: string[];
  suppressed: boolean;
}

export interface SuppressionEvidence {
  ruleId: string;
  file: string;
  line: number;
  source: 'comment' | 'annotation';
  reason: string;
  expires: string | null;
  /** Criteria of the rule it suppresses. */
  controls: string[];
  /** The commit that added the suppression line (git blame); null when the history is unavailable. */
  addedBy: { name: string; email: string; commit: string; date: string } | null;
}

export interface CriterionEvidence {
  id: string;
  result: CriterionResult;
  rules: number;
  failed: number;
  suppressed: number;
  indeterminate: number;
  newFindings: number;
}

export interface PolicyChangeEvidence {
  ruleId: string;
  file: string;
  line: number;
  message: string;
}

/** Something the token could not read, and why: never taken for "unprotected". */
export interface Unreadable {
  unavailable: string;
  /** The API's HTTP status, when it answered. */
  status?: number;
}

/** Classic branch protection, as GET /branches/{branch}/protection shows it. */
export interface ClassicProtection {
  /** false: GitHub answered that the branch is not protected (every other field is then 0 / false / empty). */
  protected: boolean;
  requiredApprovingReviews: number;
  dismissStaleReviews: boolean;
  requireCodeOwnerReview: boolean;
  requireLastPushApproval: boolean;
  requiredChecks: string[];
  /** The rules bind administrators too. */
  enforceAdmins: boolean;
  /** Who may merge without the required reviews: user logins, "team:slug", "app:slug". */
  reviewBypass: string[];
}

/** A ruleset whose rules apply to the branch (GET /rules/branches/{branch}, then the ruleset itself). */
export interface RulesetInForce {
  /** null when the API did not name the ruleset a rule came from. */
  id: number | null;
  /** Name, enforcement and source: null when the ruleset itself could not be read. */
  name: string | null;
  enforcement: string | null;
  /** "Repository" or "Organization" (source_type), and the repository or organisation. */
  sourceType: string | null;
  source: string | null;
  requiredApprovingReviews: number;
  dismissStaleReviews: boolean;
  requireCodeOwnerReview: boolean;
  requireLastPushApproval: boolean;
  requiredChecks: string[];
  /** Who may bypass it; the API shows them only to a token that can edit the ruleset. */
  bypassActors: { actorType: string; actorId: number | null; bypassMode: string }[] | Unreadable;
}

/** The protection in force on the base branch when the record was written (read at record time). */
export interface ProtectionSnapshot {
  branch: string;
  /** The stricter of classic protection and the rulesets over what could be read. */
  requiredApprovingReviews: number;
  requiredChecks: string[];
  /** false when a source could not be read: the two figures above are then a lower bound. */
  complete: boolean;
  classic: ClassicProtection | Unreadable;
  rulesets: RulesetInForce[] | Unreadable;
}

export interface EvidenceRecord {
  schemaVersion: 1;
  /** "pull_request": a run on an open PR; "merge": a push to the default branch. */
  kind: 'pull_request' | 'merge';
  repository: string;
  pullRequest: {
    number: number;
    title: string;
    url: string;
    /** null when neither the API's pull request nor the event payload says (unknown, never guessed). */
    state: 'open' | 'closed' | 'merged' | null;
    draft: boolean;
    baseRef: string;
    headRef: string;
    labels: string[];
    createdAt: string | null;
  } | null;
  author: string | null;
  commits: {
    base: string;
    head: string;
    merge: string | null;
    /** Logins (or names when no login) of the commit authors in the PR. */
    authors: string[];
    count: number;
  };
  merge: { mergedBy: string | null; mergedAt: string } | null;
  tickets: Ticket[];
  reviews: ReviewEvidence[];
  independentApproval: boolean;
  approvers: string[];
  checks: {
    required: RequiredCheckResult[] | 'unavailable';
    runs: CheckEvidence[] | 'unavailable';
    /** All required checks succeeded (or, with none readable, all runs did); null when unknown. */
    passed: boolean | null;
  };
  files: ChangedFile[];
  scanner: { name: 'trustgate'; version: string; rulesetDigest: Sha256; configDigest: Sha256; rules: number };
  findings: {
    counts: { new: number; fixed: number; preExisting: number };
    new: FindingRef[];
    fixed: FindingRef[];
    preExisting: FindingRef[];
    /** Lists were cut at the limit; counts are complete. */
    truncated: boolean;
    baseScanned: boolean;
  };
  suppressions: {
    added: SuppressionEvidence[];
    removed: SuppressionEvidence[];
    expired: SuppressionEvidence[];
    active: SuppressionEvidence[];
  };
  criteria: CriterionEvidence[];
  exceptions: Exception[];
  /** How the change weakens the gate itself (change rules TG-CFG-*); absent in records before 0.2. */
  policyChanges?: PolicyChangeEvidence[];
  /** Branch protection and rulesets in force on the base branch; absent in records written before Trustgate read it. */
  protection?: ProtectionSnapshot;
  run: { event: string; runId: string | null; runAttempt: string | null; workflow: string | null; actor: string | null; url: string | null } | null;
  timestamps: { recordedAt: string; prCreatedAt: string | null; prUpdatedAt: string | null; mergedAt: string | null };
  previous: Sha256 | null;
  /** "hmac-sha256:" + hex, when the ledger is signed (an HMAC key from a secret); inside the digest. */
  signature?: string;
  digest: Sha256;
}
