// Generated ledgers: N changes with a mix of approvals, failing checks and suppressions.
import { appendToLedgerText } from '../../core/evidence/ledger.js';
import { rulesetDigest } from '../../core/evidence/record.js';
import { sha256 } from '../../core/evidence/canonical.js';
import type { EvidenceRecord, SuppressionEvidence } from '../../core/evidence/types.js';

const hex = (n: number, len = 40) => (n.toString(16).padStart(8, '0') + 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678901234567890').slice(0, len);

const LEGACY: SuppressionEvidence = { ruleId: 'TG-AWS-001', file: 'envs/prod/legacy.tf', line: 2, source: 'comment', reason: 'legacy bucket, logging arrives with the Q3 migration', expires: '2026-09-30', controls: ['CC7.2', 'CC4.1'], addedBy: { name: 'Alice Author', email: 'alice@example.com', commit: hex(4242), date: '2026-01-20T09:00:00.000Z' } };

function protectionAt(i: number): NonNullable<EvidenceRecord['protection']> {
  const ruleset = { id: 42, name: 'main protection', enforcement: 'active', sourceType: 'Repository', source: 'acme/infra', requiredApprovingReviews: 1, dismissStaleReviews: false, requireCodeOwnerReview: false, requireLastPushApproval: true, requiredChecks: ['ci/test', 'trustgate'], bypassActors: [{ actorType: 'RepositoryRole', actorId: 5, bypassMode: 'pull_request' }] };
  const denied = i % 4 === 3;
  return {
    branch: 'main',
    requiredApprovingReviews: denied ? 1 : 2,
    requiredChecks: ['ci/test', 'trustgate'],
    complete: !denied,
    classic: denied
      ? { unavailable: 'the token cannot read it (403 Resource not accessible by integration); classic branch protection needs Administration: read, which a workflow GITHUB_TOKEN cannot be granted', status: 403 }
      : { protected: true, requiredApprovingReviews: 2, dismissStaleReviews: true, requireCodeOwnerReview: true, requireLastPushApproval: false, requiredChecks: ['ci/test'], enforceAdmins: true, reviewBypass: [] },
    rulesets: [ruleset],
  };
}

export function makeRecord(i: number, opts: { title?: string; file?: string; kind?: 'pull_request' | 'merge' } = {}): Omit<EvidenceRecord, 'digest'> {
  const day = new Date(Date.UTC(2026, 0, 5) + i * 86_400_000 * 1.7);
  const iso = (h: number) => new Date(day.getTime() + h * 3_600_000).toISOString();
  const noApproval = i % 17 === 5;
  const failing = i % 13 === 7;
  const head = hex(i * 7919 + 1);
  const file = opts.file ?? `envs/prod/service-${i % 9}.tf`;
  const kind = opts.kind ?? 'merge';
  return {
    schemaVersion: 1,
    kind,
    repository: i % 4 === 3 ? 'acme/platform' : 'acme/infra',
    pullRequest: {
      number: 100 + i,
      title: opts.title ?? `Change ${i}: ${['rotate KMS keys', 'tighten security group', 'enable bucket logging', 'add RDS backup window', 'pin workflow actions'][i % 5]} (OPS-${300 + i})`,
      url: `https://github.com/acme/infra/pull/${100 + i}`,
      state: kind === 'merge' ? 'merged' : 'open',
      draft: false,
      baseRef: 'main',
      headRef: `feature/OPS-${300 + i}`,
      labels: [],
      createdAt: iso(0),
    },
    author: ['alice', 'bob', 'carol', 'dave'][i % 4],
    commits: { base: hex(i * 31 + 2), head, merge: kind === 'merge' ? hex(i * 131 + 3) : null, authors: [['alice', 'bob', 'carol', 'dave'][i % 4]], count: 1 + (i % 3) },
    merge: kind === 'merge' ? { mergedBy: 'maint', mergedAt: iso(5) } : null,
    tickets: [{ ref: `OPS-${300 + i}`, kind: 'key', sources: ['title', 'branch'] }],
    reviews: noApproval
      ? [{ reviewer: ['alice', 'bob', 'carol', 'dave'][i % 4], state: 'APPROVED', submittedAt: iso(2), commitId: head, countsAsApproval: false, notCountedBecause: 'by-author' }]
      : [{ reviewer: ['erin', 'frank'][i % 2], state: 'APPROVED', submittedAt: iso(3), commitId: head, countsAsApproval: true, notCountedBecause: null }],
    independentApproval: !noApproval,
    approvers: noApproval ? [] : [['erin', 'frank'][i % 2]],
    checks: {
      required: [
        { name: 'ci/test', result: failing ? 'failure' : 'success' },
        { name: 'trustgate', result: 'success' },
      ],
      runs: [
        { name: 'ci/test', source: 'check-run', status: 'completed', conclusion: failing ? 'failure' : 'success', sha: head, completedAt: iso(1), required: true },
        { name: 'trustgate', source: 'check-run', status: 'completed', conclusion: 'success', sha: head, completedAt: iso(1), required: true },
      ],
      passed: !failing,
    },
    files: [{ path: file, status: 'modified', previousPath: null, kind: 'terraform', sha256: sha256(`file ${i}`) }],
    scanner: { name: 'trustgate', version: '0.1.0', rulesetDigest: rulesetDigest([]), configDigest: sha256('{}'), rules: 40 },
    findings: {
      counts: { new: i % 6 === 0 ? 1 : 0, fixed: i % 5 === 0 ? 1 : 0, preExisting: 3 },
      new: i % 6 === 0 ? [{ key: hex(i, 16), ruleId: 'TG-AWS-001', file, line: 3, message: 'S3 bucket "x" has no access logging', severity: 'medium', controls: ['CC7.2', 'CC4.1'], suppressed: false }] : [],
      fixed: [],
      preExisting: [],
      truncated: false,
      baseScanned: true,
    },
    suppressions: {
      // Change 2 adds the legacy bucket's suppression (written by Alice, approved by erin).
      added: i === 2 && kind === 'merge' ? [LEGACY] : [],
      removed: [],
      expired: (i % 4 === 3 && i >= 40) ? [{ ruleId: 'TG-AWS-006', file: 'envs/prod/scratch.tf', line: 4, source: 'comment', reason: 'scratch bucket, removed after the migration', expires: '2026-02-28', controls: ['CC6.7'], addedBy: { name: 'Carol Risk', email: 'carol@example.com', commit: hex(9999), date: '2026-01-10T09:00:00.000Z' } }] : [],
      active: [
        LEGACY,
        { ruleId: 'TG-K8S-001', file: 'k8s/node-exporter.yaml', line: 9, source: 'annotation', reason: 'node exporter needs host PID to read process metrics', expires: null, controls: ['CC6.8', 'CC6.1'], addedBy: { name: 'Dave Ops', email: 'dave@example.com', commit: hex(777), date: '2025-11-02T14:00:00.000Z' } },
      ],
    },
    criteria: [
      { id: 'CC4.1', result: i % 6 === 0 ? 'failed' : 'suppressed', rules: 3, failed: i % 6 === 0 ? 1 : 0, suppressed: 1, indeterminate: 0, newFindings: i % 6 === 0 ? 1 : 0 },
      { id: 'CC6.1', result: 'passed', rules: 12, failed: 0, suppressed: 0, indeterminate: 0, newFindings: 0 },
      { id: 'CC6.8', result: 'suppressed', rules: 5, failed: 0, suppressed: 1, indeterminate: 0, newFindings: 0 },
      { id: 'CC7.2', result: i % 6 === 0 ? 'failed' : 'indeterminate', rules: 4, failed: i % 6 === 0 ? 1 : 0, suppressed: 1, indeterminate: 1, newFindings: i % 6 === 0 ? 1 : 0 },
    ],
    exceptions: [...(noApproval ? (['no-independent-approval'] as const) : []), ...(failing ? (['failing-checks'] as const) : []), ...((i % 4 === 3 && i >= 40) ? (['expired-suppression'] as const) : [])],
    // The first change predates the snapshot; every fourth could not read classic protection (a 403).
    ...(i === 0 ? {} : { protection: protectionAt(i) }),
    run: { event: kind === 'merge' ? 'push' : 'pull_request', runId: String(9000 + i), runAttempt: '1', workflow: 'trustgate', actor: 'maint', url: `https://github.com/acme/infra/actions/runs/${kind === 'merge' ? 9000 + i : 8000 + i}` },
    timestamps: { recordedAt: iso(5.1), prCreatedAt: iso(0), prUpdatedAt: iso(4), mergedAt: kind === 'merge' ? iso(5) : null },
    previous: null,
  };
}

/** A ledger of `n` merged changes (plus a PR run before every fifth), signed when `hmacKey` is given. */
export function makeLedger(n: number, tweak: (i: number) => Parameters<typeof makeRecord>[1] = () => ({}), hmacKey?: string): string {
  let text = '';
  for (let i = 0; i < n; i++) {
    if (i % 5 === 0) text = appendToLedgerText(text, { ...makeRecord(i, { ...tweak(i), kind: 'pull_request' }) }, hmacKey).text;
    text = appendToLedgerText(text, makeRecord(i, tweak(i)), hmacKey).text;
  }
  return text;
}
