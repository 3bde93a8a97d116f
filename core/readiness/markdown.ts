// The readiness report as Markdown (a job summary, a wiki page). Everything from the scanned
// repository (paths, messages, reasons, names) goes through escapeMarkdown / markdownLinkUrl.
import { escapeMarkdown as md, markdownCode as code, markdownLinkUrl } from '../report/escape.js';
import { suppressedOnly, VERDICT_ICON, VERDICT_LABEL } from '../soc2/verdict.js';
import { SEVERITIES } from '../types.js';
import { COMPENSATION_STATUS, CONTROL_STATE, safeHref } from './html.js';
import type { AddedBy, ReadinessReport, Section } from './model.js';

const cell = (s: string) => md(s);
const loc = (f: { file: string; line: number; url: string | null }) => (f.url ? `[${md(`${f.file}:${f.line}`)}](${markdownLinkUrl(f.url)})` : md(`${f.file}:${f.line}`));
// GitHub's heading anchors: lower case, spaces to hyphens, other punctuation dropped.
const anchor = (s: Section) => `${s.id} ${s.title}`.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
const verdict = (v: Section['verdict']) => `${VERDICT_ICON[v]} ${VERDICT_LABEL[v]}`;

const who = (a: AddedBy) => (a ? `${md(a.name)} (${a.date.slice(0, 10)}, \`${a.commit.slice(0, 12)}\`)` : 'unknown (not committed)');

function populationMd(r: ReadinessReport): string {
  const p = r.population;
  if (!p) return 'not linked (`trustgate report --population FILE|URL`; the Action links its population artifact)';
  const href = safeHref(p.href);
  const where = [p.artifact ? `workflow artifact **${md(p.artifact)}**` : '', p.href ? (href ? `[${md(p.href)}](${markdownLinkUrl(href)})` : md(p.href)) : ''].filter(Boolean).join(', ');
  const s = p.summary;
  return `${where}${s ? `: ${s.total} commits on ${md(s.branch)} from ${md(s.from)} to ${md(s.to)}, **${s.covered} covered**, **${s.exceptions} exceptions**` : ''}`;
}

export function toReadinessMarkdown(r: ReadinessReport): string {
  const o: string[] = [];
  o.push(`# SOC 2 readiness report: ${md(r.repository.name)}`, '');
  o.push(`| | |`, `|---|---|`);
  o.push(`| Repository | ${md(r.repository.name)} |`);
  o.push(`| Commit | ${r.repository.commit ? `\`${r.repository.commit}\`` : 'unknown (not a git work tree)'} |`);
  o.push(`| Window | ${r.window ? `${md(r.window.from)} to ${md(r.window.to)}` : 'point in time (no ledger)'} |`);
  o.push(`| Generated | ${md(r.generatedAt)} |`);
  o.push(`| Tool | trustgate ${md(r.tool.version)} |`);
  o.push(`| Ruleset digest | \`${r.digests.rulesetDigest}\` |`);
  o.push(`| Mapping digest | \`${r.digests.mappingDigest}\` (mapping ${md(r.digests.mappingVersion)}) |`);
  o.push(`| Config digest | \`${r.digests.configDigest}\` |`);
  o.push(`| Population (CC8.1) | ${populationMd(r)} |`);
  o.push(`| Scan | ${r.scan.filesScanned} files, ${r.scan.findings} open findings, ${suppressedOnly(r.scan)} suppressed, ${r.scan.compensated} compensated, ${r.scan.indeterminate} indeterminate, ${r.scan.errors} errors, ${r.scan.unresolvedModules} module calls not evaluated |`, '');
  o.push(`## Readiness score: ${r.score.overall.percent}% (${r.score.overall.credited} of ${r.score.overall.points} points)`, '');
  o.push(`**Rule.** ${md(r.score.rule)}`, '', `**Why.** ${md(r.score.why)}`, '');
  o.push('| Section | Verdict | Score | Open findings | Suppressions | Compensating controls |', '|---|---|---:|---:|---:|---:|');
  for (const s of r.sections) o.push(`| [${s.id} ${md(s.title)}](#${anchor(s)}) | ${verdict(s.verdict)} | ${s.score.percent}% (${s.score.credited}/${s.score.points}) | ${s.findings.total} | ${s.suppressions.length} | ${s.compensations.length} |`);
  o.push('');
  o.push('## Change history (Type II)', '');
  const x = r.history;
  if (!x) o.push('_No evidence ledger was given (--ledger): a point-in-time report._', '');
  else {
    const t = x.totals;
    const pc = (n: number) => (t.changes ? `${Math.round((100 * n) / t.changes)}%` : '—');
    o.push(`${t.changes} changes merged, ${pc(t.independentlyApproved)} independently approved, ${pc(t.checksPassed)} with passing checks; ${t.findingsOpened} findings opened, ${t.findingsFixed} fixed; median time to remediate ${x.remediation.medianDays === null ? 'n/a' : `${x.remediation.medianDays} days`} (${x.remediation.fixed} matched); ${t.suppressionsAdded} suppressions added, ${t.suppressionsExpired} expired; ${x.exceptions.length} exceptions.`, '');
    o.push('| Week of | Changes | Approved | Checks passed | Opened | Fixed | Suppr. added | Suppr. expired |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of x.weeks) o.push(`| ${w.week} | ${w.changes} | ${w.independentlyApproved} | ${w.checksPassed} | ${w.findingsOpened} | ${w.findingsFixed} | ${w.suppressionsAdded} | ${w.suppressionsExpired} |`);
    o.push('');
    if (x.exceptions.length) {
      o.push('| Exception | Change | Detail | Date |', '|---|---|---|---|');
      for (const e of x.exceptions) o.push(`| ${e.type} | ${md(e.change)} | ${md(e.detail)} | ${md(e.date.slice(0, 10))} |`);
      o.push('');
    }
  }
  o.push('## Open findings by owner', '', r.ownership.file ? `Owners from ${md(r.ownership.file)} (last matching pattern wins).` : 'No CODEOWNERS file: every finding is unowned.', '');
  if (r.ownership.groups.length) {
    o.push(`| Owner | Open findings | ${SEVERITIES.join(' | ')} | Sections |`, `|---|---:|${SEVERITIES.map(() => '---:|').join('')}---|`);
    for (const g of r.ownership.groups) o.push(`| ${g.owner ? md(g.owner) : '**no owner**'} | ${g.findings} | ${SEVERITIES.map((v) => g.bySeverity[v]).join(' | ')} | ${g.sections.join(', ')} |`);
    o.push('');
  }
  for (const s of r.sections) {
    o.push(`## ${s.id} ${md(s.title)}`, '', `${verdict(s.verdict)}, score ${s.score.percent}% (${s.score.credited} of ${s.score.points} points credited)`, '');
    o.push('| Point | Verdict | Why | Resources | Rules |', '|---|---|---|---:|---|');
    for (const p of s.points) o.push(`| **${p.id}** ${cell(p.summary)} | ${verdict(p.verdict)}${p.credited ? (p.verdict === 'pass' ? '' : ` (credited by ${p.controlsInForce.join(', ')})`) : ' (not credited)'} | ${cell(p.why)} | ${p.resources} | ${p.rules.length ? p.rules.join(', ') : '—'} |`);
    o.push('');
    o.push(`**Open findings: ${s.findings.total}** (${SEVERITIES.map((v) => `${s.findings.bySeverity[v]} ${v}`).join(', ')})`, '');
    if (s.findings.listed.length) {
      o.push('| Severity | Rule | Finding | Location | Owners |', '|---|---|---|---|---|');
      for (const f of s.findings.listed) o.push(`| ${f.severity} | ${f.ruleId} | ${cell(f.message)}${f.suppressionExpired ? ` (suppression expired ${md(f.suppressionExpired)})` : ''} | ${loc(f)} | ${f.owners.length ? md(f.owners.join(', ')) : 'none'} |`);
      if (s.findings.truncated) o.push('', `_${s.findings.total - s.findings.listed.length} more not listed (see the JSON format for the counts, the scan for all)._`);
      o.push('');
    }
    o.push(`**Suppressions in force: ${s.suppressions.length}**`, '');
    if (s.suppressions.length) {
      o.push('| Rule | Reason | Expires | Added by | Where |', '|---|---|---|---|---|');
      for (const x of s.suppressions)
        o.push(`| ${x.ruleId} | ${cell(x.reason)} | ${x.expires ? md(x.expires) : 'no expiry'} | ${who(x.addedBy)} | ${x.file ? md(`${x.file}:${x.line}`) : md(x.source)} |`);
      o.push('');
    }
    o.push(`**Compensating controls: ${s.compensations.length}**`, '');
    if (s.compensations.length) {
      o.push('| Rule | Control | Verified | Added by | Where | Findings |', '|---|---|---|---|---|---:|');
      for (const c of s.compensations)
        o.push(`| ${c.ruleId} | ${code(c.control)}${c.reason ? ` (${cell(c.reason)})` : ''} | ${md(COMPENSATION_STATUS[c.status])}: ${cell(c.detail)} | ${who(c.addedBy)} | ${md(`${c.file}:${c.line}`)} | ${c.findings} |`);
      o.push('');
    }
    o.push(`**Controls outside the code: ${s.controls.length}**`, '');
    if (s.controls.length) {
      o.push('| Control | State | Owner | Last review | Next review | Evidence |', '|---|---|---|---|---|---|');
      for (const c of s.controls) o.push(`| ${md(c.title)} (${md(c.id)}) | ${CONTROL_STATE[c.state]} | ${md(c.owner ?? 'none')} | ${md(c.lastReview ?? '—')} | ${md(c.nextReview ?? '—')} | ${md([c.evidence ?? '—', ...c.documents.filter((d) => d !== c.evidence)].join(', '))} |`);
      o.push('');
    }
    o.push(`**What the code cannot show.** ${md(s.cannotShow)}`, '');
  }
  return o.join('\n') + '\n';
}
