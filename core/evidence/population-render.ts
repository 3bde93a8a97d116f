// The population report for the auditor: JSON (everything), CSV (the query, the counts, the sample
// frame with one row per change and its evidence links, the exceptions register), markdown and one
// printable, self-contained HTML file (inline CSS, no scripts, every value escaped).
import { escapeHtml as h, escapeMarkdown as md, markdownLinkUrl } from '../report/escape.js';
import { csvCell, CSS } from './export.js';
import { CLASS_LABEL, POPULATION_CLASSES, type PopulationReport, type PopulationRow } from './population.js';

export const toPopulationJson = (p: PopulationReport) => JSON.stringify(p, null, 2) + '\n';

const queryRows = (p: PopulationReport): [string, string][] => {
  const q = p.query;
  return [
    ['Repository', q.repository ?? '(unknown: no ledger record names it)'],
    ['Branch', q.branch],
    ['Window', `${q.window.from} to ${q.window.to} (inclusive, UTC, by commit time on the branch)`],
    ['Commit range', q.range.revList ?? '(no commit in the window)'],
    ['First / last commit', q.range.first ? `${q.range.first} / ${q.range.last}` : '—'],
    ['Ledger', q.ledger ? `${q.ledger.file ?? 'ledger'}: ${q.ledger.records} records, ${q.ledger.verified ? 'verified' : 'NOT verified'}; head ${q.ledger.head ?? '(empty)'}` : '(none given)'],
    ['Ruleset pin', q.pin ? `${q.pin.ruleset}${q.pin.version && q.pin.version !== q.pin.ruleset ? ` (Trustgate ${q.pin.version})` : ''} from ${q.pin.config ?? 'the config'}` : 'none (audit.ruleset not set)'],
    ['Findings of recorded changes', `${p.drift.regressions} regression(s) in the code; ${p.drift.newRule} from rules newer than the pin; ${p.drift.otherScanner} change(s) scanned by another Trustgate version than the pinned one`],
    ['GitHub API', q.github ? `${q.github.api} (${q.github.enriched} commit(s) read from it)` : 'not used (git and the ledger only)'],
    ['Tool', `${q.tool.name} ${q.tool.version}`],
    ['Generated', q.generatedAt],
    ['Re-perform', q.command],
  ];
};

const approvers = (r: PopulationRow) => r.facts?.approvers ?? [];
const checks = (r: PopulationRow) => (!r.facts ? 'unknown' : r.facts.checksPassed === true ? 'passed' : r.facts.checksPassed === false ? 'failed' : 'unavailable');
const prOf = (r: PopulationRow) => r.facts?.pr?.number ?? null;
const FRAME = ['n', 'commit', 'committed_at', 'class', 'exceptions', 'pull_request', 'title', 'author', 'approvers', 'checks', 'merged_by', 'record_digest', 'complete', 'regressions', 'new_rule_findings', 'scanner_version', 'commit_url', 'pull_request_url', 'run_url', 'reasons'];
const frameRow = (r: PopulationRow, i: number) => [
  i + 1,
  r.sha,
  r.committedAt,
  r.class,
  r.exceptions,
  prOf(r) ?? (r.prHint !== null ? `#${r.prHint}?` : ''),
  r.facts?.pr?.title ?? r.subject,
  r.facts?.pr?.author ?? r.author,
  approvers(r),
  checks(r),
  r.facts?.pr?.mergedBy ?? '',
  r.recordDigest,
  r.complete ? 'yes' : 'no',
  r.drift?.regressions ?? '',
  r.drift ? (r.drift.newRule ? `${r.drift.newRule} (${r.drift.newRuleIds.join(' ')})` : 0) : '',
  r.drift?.scannerVersion ?? '',
  r.links.commit,
  r.links.pullRequest,
  r.links.run,
  r.reasons,
];

export function toPopulationCsv(p: PopulationReport): string {
  const out: string[] = [];
  const table = (name: string, header: string[], rows: unknown[][]) => out.push(csvCell(name), header.map(csvCell).join(','), ...rows.map((r) => r.map(csvCell).join(',')), '');
  table('Query', ['field', 'value'], queryRows(p));
  table('Counts', ['class', 'label', 'commits', 'flagged'], [
    ...POPULATION_CLASSES.map((c) => [c, CLASS_LABEL[c], p.counts[c], c === 'covered' ? '' : p.flagged[c]]),
    ['total', 'All commits in the window', p.total, ''],
  ]);
  table('Sample frame', FRAME, p.rows.map(frameRow));
  table('Exceptions register', FRAME, p.rows.flatMap((r, i) => (r.class === 'covered' ? [] : [frameRow(r, i)])));
  table('Compensating controls', ['file', 'line', 'rule', 'control', 'status', 'detail', 'reason'], p.compensations.flatMap((c) => c.checks.map((k) => [c.file, c.line, k.ruleId, c.by, k.status, k.detail, c.reason])));
  table('Incomplete', ['what is not known'], p.incomplete.map((s) => [s]));
  return out.join('\r\n');
}

export function toPopulationMarkdown(p: PopulationReport): string {
  const cell = (s: string) => md(s);
  const link = (text: string, url: string | null) => (url ? `[${cell(text)}](${markdownLinkUrl(url)})` : cell(text));
  const out: string[] = [`# Population of changes (SOC 2 CC8.1): ${cell(p.query.branch)}, ${cell(p.query.window.from)} to ${cell(p.query.window.to)}`, ''];
  out.push('| Query | |', '|---|---|', ...queryRows(p).map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`), '');
  out.push('| Class | Commits | Flagged |', '|---|---:|---:|', ...POPULATION_CLASSES.map((c) => `| ${cell(CLASS_LABEL[c])} | ${p.counts[c]} | ${c === 'covered' ? '' : p.flagged[c]} |`), `| **Total** | **${p.total}** | |`, '');
  if (p.incomplete.length) out.push('**Incomplete:**', '', ...p.incomplete.map((s) => `- ${cell(s)}`), '');
  const ex = p.rows.filter((r) => r.class !== 'covered');
  out.push(`## Exceptions register (${ex.length})`, '');
  if (!ex.length) out.push('No exceptions in the window.', '');
  else
    out.push(
      '| Commit | When | Class | Pull request | Why |',
      '|---|---|---|---|---|',
      ...ex.map((r) => `| ${link(r.sha.slice(0, 12), r.links.commit)} | ${cell(r.committedAt)} | ${cell(r.exceptions.map((e) => CLASS_LABEL[e]).join('; '))} | ${prOf(r) !== null ? link(`#${prOf(r)}`, r.links.pullRequest) : '—'} | ${cell(r.reasons.join('; '))} |`),
      '',
    );
  if (p.compensations.length)
    out.push(
      `## Compensating controls at the branch tip (${p.compensations.length})`,
      '',
      '| Where | Rule | Control | Status |',
      '|---|---|---|---|',
      ...p.compensations.flatMap((c) => c.checks.map((k) => `| ${cell(`${c.file}:${c.line}`)} | ${cell(k.ruleId)} | ${cell(c.by)} | ${cell(`${k.status}: ${k.detail}`)} |`)),
      '',
    );
  out.push(`## Sample frame (${p.rows.length})`, '', '| # | Commit | When | Class | Change | Approvers | Checks | Record |', '|---:|---|---|---|---|---|---|---|');
  p.rows.forEach((r, i) =>
    out.push(`| ${i + 1} | ${link(r.sha.slice(0, 12), r.links.commit)} | ${cell(r.committedAt)} | ${cell(r.class)} | ${prOf(r) !== null ? `${link(`#${prOf(r)}`, r.links.pullRequest)} ` : ''}${cell(r.facts?.pr?.title ?? r.subject)} | ${cell(approvers(r).join(', ') || '—')} | ${cell(checks(r))} | ${cell(r.recordDigest?.slice(7, 19) ?? '—')} |`),
  );
  return out.join('\n') + '\n';
}

const EXTRA_CSS = `
.cls{font-weight:600}.cls.covered{color:#1a7f37}.cls.exc{color:#cf222e}.cls.gap{color:#9a6700}
.reasons{color:#59636e;font-size:11px}
`;

export function toPopulationHtml(p: PopulationReport): string {
  const q = p.query;
  const a = (text: string, url: string | null) => (url && /^https?:\/\//.test(url) ? `<a href="${h(url)}">${h(text)}</a>` : h(text));
  const clsSpan = (c: PopulationRow['class']) => `<span class="cls ${c === 'covered' ? 'covered' : c === 'no-ledger-record' ? 'gap' : 'exc'}">${h(CLASS_LABEL[c])}</span>`;
  const row = (r: PopulationRow, i: number) =>
    `<tr><td class="n">${i + 1}</td><td class="mono">${a(r.sha.slice(0, 12), r.links.commit)}<br>${h(r.committedAt.replace('T', ' ').replace(/:\d{2}\.\d{3}Z$/, ' UTC'))}</td><td>${r.exceptions.length ? r.exceptions.map(clsSpan).join('<br>') : clsSpan('covered')}${r.complete ? '' : '<br><span class="na">incomplete</span>'}</td><td class="title">${prOf(r) !== null ? `${a(`#${prOf(r)}`, r.links.pullRequest)} ` : r.prHint !== null ? `<span class="na">#${r.prHint}?</span> ` : ''}${h(r.facts?.pr?.title ?? r.subject)}</td><td>${h(r.facts?.pr?.author ?? r.author)}</td><td>${approvers(r).length ? approvers(r).map(h).join(', ') : '<span class="no">none</span>'}</td><td>${h(checks(r))}</td><td class="n">${r.drift ? `${r.drift.regressions}${r.drift.newRule ? ` <span class="na">+${r.drift.newRule} new rule</span>` : ''}` : '—'}</td><td class="mono">${r.recordDigest ? a(r.recordDigest.slice(7, 19), r.links.run) : '<span class="no">none</span>'}</td><td class="reasons">${r.reasons.map(h).join('<br>')}</td></tr>`;
  const head = '<tr><th class="n">#</th><th>Commit</th><th>Class</th><th>Change</th><th>Author</th><th>Approved by</th><th>Checks</th><th class="n">Regressions</th><th>Record</th><th>Why</th></tr>';
  const ex = p.rows.map((r, i) => [r, i] as const).filter(([r]) => r.class !== 'covered');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Population of changes ${h(q.branch)} ${h(q.window.from)} to ${h(q.window.to)}</title>
<style>${CSS}${EXTRA_CSS}</style></head><body>
<h1>Population of changes (SOC 2 CC8.1)</h1>
<p class="sub">Every commit that reached <b>${h(q.branch)}</b>${q.repository ? ` of ${h(q.repository)}` : ''} from ${h(q.window.from)} to ${h(q.window.to)}, from the branch's history, matched to the evidence ledger.</p>
<dl class="meta">
${queryRows(p)
  .map(([k, v]) => `<dt>${h(k)}</dt><dd${/range|commit|ledger|re-perform/i.test(k) ? ' class="mono"' : ''}>${h(v)}</dd>`)
  .join('\n')}
</dl>
<div class="cards">
<div class="card"><b>${p.total}</b><span>commits in the window</span></div>
${POPULATION_CLASSES.map((c) => `<div class="card${c !== 'covered' && p.counts[c] ? ' bad' : ''}"><b>${p.counts[c]}</b><span>${h(CLASS_LABEL[c])}</span></div>`).join('\n')}
</div>
${p.incomplete.length ? `<h2>What this report cannot tell</h2><ul>${p.incomplete.map((s) => `<li>${h(s)}</li>`).join('')}</ul>` : ''}
<h2>Exceptions register (${ex.length})</h2>
<table><thead>${head}</thead><tbody>
${ex.length ? ex.map(([r, i]) => row(r, i)).join('\n') : '<tr><td class="empty" colspan="10">No exceptions in the window.</td></tr>'}
</tbody></table>
<h2>Compensating controls at the branch tip (${p.compensations.length})</h2>
<table><thead><tr><th>Where</th><th>Rule</th><th>Control</th><th>Status</th><th>Detail</th></tr></thead><tbody>
${p.compensations.length ? p.compensations.flatMap((c) => c.checks.map((k) => `<tr><td class="mono">${h(`${c.file}:${c.line}`)}</td><td class="mono">${h(k.ruleId)}</td><td class="mono">${h(c.by)}</td><td><span class="${k.status === 'verified' ? 'ok' : k.status === 'exists' ? 'na' : 'no'}">${h(k.status)}</span></td><td>${h(k.detail)}</td></tr>`)).join('\n') : '<tr><td class="empty" colspan="5">No compensating control is declared.</td></tr>'}
</tbody></table>
<h2>Sample frame (${p.rows.length} changes)</h2>
<table><thead>${head}</thead><tbody>
${p.rows.length ? p.rows.map(row).join('\n') : '<tr><td class="empty" colspan="10">No commit reached the branch in the window.</td></tr>'}
</tbody></table>
<p class="note">A change is covered when it came through a pull request, was approved on the merged head by someone who neither opened it nor wrote its commits, its checks were green on that head, and the Trustgate ledger holds its merge record. A change's class is its most severe exception; "flagged" counts every exception. Re-perform with the command above and <span class="mono">trustgate evidence verify LEDGER</span>. Produced by Trustgate.</p>
</body></html>
`;
}
