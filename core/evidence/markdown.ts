// A record as Markdown, for the Action's job summary. Every value from the PR is escaped.
import { escapeMarkdown as md, markdownLinkUrl } from '../report/escape.js';
import { protectionDetails, requiredChecksText, requiredReviewsText } from './protection-text.js';
import type { EvidenceRecord } from './types.js';

const WHY: Record<string, string> = {
  'by-author': 'by the PR author',
  'commit-author': 'by an author of commits in the PR',
  'older-commit': 'on an older commit',
  dismissed: 'dismissed',
  'not-an-approval': 'not an approval',
  superseded: 'superseded by a later review',
};

export function evidenceMarkdown(r: EvidenceRecord, opts: { file?: string } = {}): string {
  const out: string[] = [];
  const pr = r.pullRequest;
  out.push(`## Change evidence (SOC 2 CC8.1)${pr ? ` — #${pr.number}` : ''}`, '');
  const ok = (b: boolean | null) => (b === true ? '✅' : b === false ? '❌' : '⚠️');
  out.push('| | |', '|---|---|');
  if (pr) out.push(`| Pull request | [#${pr.number} ${md(pr.title)}](${markdownLinkUrl(pr.url)}) (${pr.state}) |`);
  else out.push('| Pull request | ❌ none: pushed directly |');
  out.push(`| Author | ${md(r.author ?? 'unknown')} |`);
  out.push(`| Commits | base \`${r.commits.base.slice(0, 12)}\` → head \`${r.commits.head.slice(0, 12)}\`${r.commits.merge ? ` · merge \`${r.commits.merge.slice(0, 12)}\`` : ''} |`);
  out.push(`| Independent approval | ${ok(r.independentApproval)} ${r.approvers.length ? md(r.approvers.join(', ')) : 'none on the head commit'} |`);
  out.push(`| Checks on the head commit | ${ok(r.checks.passed)} ${r.checks.required === 'unavailable' ? 'required checks unavailable' : r.checks.required.length ? md(r.checks.required.map((c) => `${c.name}: ${c.result}`).join(', ')) : 'none required'} |`);
  const prot = r.protection;
  out.push(`| Protection in force | ${prot ? `${md(prot.branch)}: ${md(requiredReviewsText(prot))} · checks: ${md(requiredChecksText(prot))}<br>${protectionDetails(prot).map(md).join('<br>')}` : 'not recorded'} |`);
  out.push(`| Tickets | ${r.tickets.length ? md(r.tickets.map((t) => t.ref).join(', ')) : '⚠️ none found'} |`);
  out.push(`| Findings vs base | ${r.findings.counts.new} new · ${r.findings.counts.fixed} fixed · ${r.findings.counts.preExisting} pre-existing${r.findings.baseScanned ? '' : ' (base not scanned)'} |`);
  out.push(`| Suppressions | ${r.suppressions.added.length} added · ${r.suppressions.removed.length} removed · ${r.suppressions.expired.length} expired · ${r.suppressions.active.length} active |`);
  if (r.merge) out.push(`| Merged | ${md(r.merge.mergedBy ?? 'unknown')} at ${r.merge.mergedAt} |`);
  out.push(`| Exceptions | ${r.exceptions.length ? md(r.exceptions.join(', ')) : 'none'} |`);
  out.push(`| Record | \`${r.digest}\`${opts.file ? ` in ${md(opts.file)}` : ''} |`, '');
  if (r.reviews.length) {
    out.push('### Reviews', '', '| Reviewer | State | Submitted | Commit | Counts |', '|---|---|---|---|---|');
    for (const v of r.reviews) out.push(`| ${md(v.reviewer)} | ${md(v.state)} | ${v.submittedAt ?? '—'} | \`${(v.commitId ?? '').slice(0, 12)}\` | ${v.countsAsApproval ? '✅' : `no: ${WHY[v.notCountedBecause ?? ''] ?? ''}`} |`);
    out.push('');
  }
  if (r.criteria.length) {
    out.push('### Criteria', '', '| Criterion | Result | Failed | Suppressed | Indeterminate | New |', '|---|---|---:|---:|---:|---:|');
    for (const c of r.criteria) out.push(`| ${c.id} | ${c.result} | ${c.failed} | ${c.suppressed} | ${c.indeterminate} | ${c.newFindings} |`);
    out.push('');
  }
  const sup = [...r.suppressions.added.map((s) => ['added', s] as const), ...r.suppressions.expired.map((s) => ['expired', s] as const)];
  if (sup.length) {
    out.push('### Suppressions changed or expired', '', '| | Rule | Where | Reason | Expires | Added by |', '|---|---|---|---|---|---|');
    for (const [k, s] of sup) out.push(`| ${k} | \`${s.ruleId}\` | ${md(`${s.file}:${s.line}`)} | ${md(s.reason)} | ${s.expires ?? '—'} | ${md(s.addedBy?.name ?? 'unknown')} |`);
    out.push('');
  }
  return out.join('\n');
}
