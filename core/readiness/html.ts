// The readiness report as one self-contained, printable HTML file: inline CSS (the shared printable
// stylesheet, core/report/print-css.ts, and the classes only this report uses), no script, no external
// resource (a Content-Security-Policy forbids both), A4 pages with a page break before each section.
// Every value from the scanned repository or the ledger goes through escapeHtml.
import { EXC_LABEL } from '../evidence/export.js';
import { escapeHtml as h } from '../report/escape.js';
import { printCss } from '../report/print-css.js';
import { suppressedOnly, VERDICT_LABEL, VERDICT_MEANING, VERDICTS } from '../soc2/verdict.js';
import { SEVERITIES } from '../types.js';
import { barChart } from './svg.js';
import type { CompensationEntry, ControlRow, OpenFinding, PopulationLink, ReadinessReport, Section } from './model.js';

const CSS =
  printCss('portrait') +
  `
body{max-width:1100px}
h3{font-size:13px;margin:14px 0 6px}
a{color:#0969da}
.v{font-weight:600;white-space:nowrap;border-radius:10px;padding:0 7px;font-size:11px;display:inline-block}
.v-fail{background:#ffebe9;color:#a40e26}.v-incomplete{background:#fff8c5;color:#7d4e00}.v-pass{background:#dafbe1;color:#116329}.v-not-evaluated{background:#eaeef2;color:#424a53}
.bar{display:inline-block;width:90px;height:9px;background:#eaeef2;border-radius:5px;vertical-align:middle;margin-right:6px;overflow:hidden}
.bar i{display:block;height:100%;background:#2da44e}
.big{font-size:30px;font-weight:700;margin:0}
.toc ol{padding-left:18px;margin:4px 0}.toc li{margin:1px 0}
.cannot{background:#f6f8fa;border-left:3px solid #8c959f;padding:6px 10px;margin:8px 0}
.rule{background:#f6f8fa;border:1px solid #d0d7de;padding:8px 12px;margin:8px 0}
svg.chart{display:block;max-width:760px;margin:6px 0 10px;break-inside:avoid}
.cs{font-weight:600}.cs-verified{color:#116329}.cs-exists{color:#7d4e00}.cs-invalid{color:#a40e26}
.c{font-weight:600;white-space:nowrap}.c-in-force{color:#116329}.c-missing,.c-unowned{color:#a40e26}.c-overdue,.c-no-evidence{color:#7d4e00}
section.s{break-before:page}
@media print{section.s>h2{margin-top:0}a{color:inherit;text-decoration:none}}
`;

/** What was verified about a compensating control, as the reader sees it (markdown and HTML). */
export const COMPENSATION_STATUS: Record<CompensationEntry['status'], string> = {
  verified: 'verified: the policy targets the concern and enforces it',
  exists: 'file present; its kind does not say what it controls',
  invalid: 'not accepted: compensates nothing, the finding stays open',
};

/** A link target safe in a report: an https URL or a relative path (no scheme, not absolute). */
export const safeHref = (href: string | null) => (href && (/^https:\/\//i.test(href) || !/^[a-z][a-z0-9+.-]*:|^[\\/]/i.test(href)) ? href : null);

export const CONTROL_STATE: Record<ControlRow['state'], string> = { 'in-force': 'in force', missing: 'missing', unowned: 'no owner', overdue: 'review overdue', 'no-evidence': 'no evidence' };
const verdict = (v: Section['verdict']) => `<span class="v v-${v}">${h(VERDICT_LABEL[v])}</span>`;
const bar = (pct: number) => `<span class="bar" role="img" aria-label="${pct}%"><i style="width:${Math.max(0, Math.min(100, pct))}%"></i></span>${pct}%`;
const loc = (f: Pick<OpenFinding, 'file' | 'line' | 'url'>) => {
  const text = h(`${f.file}:${f.line}`);
  // Links go only to the forge's https URL built from the repository name; a relative path is text.
  return f.url && /^https:\/\//.test(f.url) ? `<a href="${h(f.url)}">${text}</a>` : text;
};
const table = (head: string[], rows: string[][], empty: string) =>
  `<table><thead><tr>${head.map((x) => (x.startsWith('#') ? `<th class="n">${h(x.slice(1))}</th>` : `<th>${h(x)}</th>`)).join('')}</tr></thead><tbody>${
    rows.length ? rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n') : `<tr><td class="empty" colspan="${head.length}">${h(empty)}</td></tr>`
  }</tbody></table>`;
const td = (v: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${v}</td>`;

function sectionHtml(s: Section): string {
  const o: string[] = [];
  o.push(`<section class="s" id="${h(s.id)}" data-criterion="${h(s.id)}" data-score="${s.score.percent}" data-open="${s.findings.total}" data-suppressions="${s.suppressions.length}" data-compensations="${s.compensations.length}">`);
  o.push(`<h2>${h(s.id)} ${h(s.title)} ${verdict(s.verdict)}</h2>`);
  o.push(`<p>Score ${bar(s.score.percent)} (${s.score.credited} of ${s.score.points} points credited) · ${s.findings.total} open findings · ${s.suppressions.length} suppressions in force · ${s.compensations.length} compensating controls · ${s.rules.length} rules</p>`);
  o.push('<h3>Points and verdicts</h3>');
  o.push(
    table(
      ['Point', 'Verdict', 'Why', '#Resources checked', 'Rules'],
      s.points.map((p) => [
        td(`<b>${h(p.id)}</b> ${h(p.summary)}`),
        td(`${verdict(p.verdict)}${p.credited ? (p.verdict === 'pass' ? '' : `<br><span class="small">credited by ${h(p.controlsInForce.join(', '))}</span>`) : '<br><span class="small">not credited</span>'}`),
        td(h(p.why)),
        td(String(p.resources), 'n'),
        td(p.rules.length ? `<span class="mono">${p.rules.map(h).join(', ')}</span>` : '—'),
      ]),
      'No points.',
    ),
  );
  o.push(`<h3>Open findings (${s.findings.total}: ${SEVERITIES.map((v) => `${s.findings.bySeverity[v]} ${v}`).join(', ')})</h3>`);
  o.push(
    table(
      ['Severity', 'Rule', 'Finding', 'Location', 'Owners'],
      s.findings.listed.map((f) => [
        td(h(f.severity)),
        td(h(f.ruleId), 'mono'),
        td(`${h(f.message)}${f.suppressionExpired ? `<br><span class="small">suppression expired ${h(f.suppressionExpired)}</span>` : ''}`),
        td(loc(f), 'mono'),
        td(f.owners.length ? h(f.owners.join(', ')) : '<span class="small">none</span>'),
      ]),
      'No open findings.',
    ),
  );
  if (s.findings.truncated) o.push(`<p class="small">${s.findings.total - s.findings.listed.length} more findings are not listed here; the counts above are complete.</p>`);
  o.push(`<h3>Suppressions in force (${s.suppressions.length})</h3>`);
  o.push(
    table(
      ['Rule', 'Reason', 'Expires', 'Added by (git blame)', 'Where', '#Findings'],
      s.suppressions.map((x) => [
        td(h(x.ruleId), 'mono'),
        td(h(x.reason)),
        td(x.expires ? h(x.expires) : '<span class="small">no expiry</span>'),
        td(x.addedBy ? `${h(x.addedBy.name)} &lt;${h(x.addedBy.email)}&gt;<br><span class="small">${h(x.addedBy.date.slice(0, 10))} · <span class="mono">${h(x.addedBy.commit.slice(0, 12))}</span></span>` : '<span class="small">unknown (not committed)</span>'),
        td(x.file ? h(`${x.file}:${x.line}`) : h(x.source), 'mono'),
        td(String(x.findings), 'n'),
      ]),
      'No suppressions.',
    ),
  );
  o.push(`<h3>Compensating controls (${s.compensations.length})</h3>`);
  o.push('<p class="small">Findings satisfied by a control elsewhere in the repository (<span class="mono">trustgate:compensated RULE by="path"</span>), not suppressions: the control is named and checked.</p>');
  o.push(
    table(
      ['Rule', 'Control', 'Verified', 'Added by (git blame)', 'Where', '#Findings'],
      s.compensations.map((c) => [
        td(h(c.ruleId), 'mono'),
        td(`<span class="mono">${h(c.control)}</span>${c.reason ? `<br><span class="small">${h(c.reason)}</span>` : ''}`),
        td(`<span class="cs cs-${h(c.status)}">${h(COMPENSATION_STATUS[c.status])}</span><br><span class="small">${h(c.detail)}</span>`),
        td(c.addedBy ? `${h(c.addedBy.name)} &lt;${h(c.addedBy.email)}&gt;<br><span class="small">${h(c.addedBy.date.slice(0, 10))} · <span class="mono">${h(c.addedBy.commit.slice(0, 12))}</span></span>` : '<span class="small">unknown (not committed)</span>'),
        td(h(`${c.file}:${c.line}`), 'mono'),
        td(String(c.findings), 'n'),
      ]),
      'No compensating controls.',
    ),
  );
  o.push(`<h3>Controls outside the code (${s.controls.length})</h3>`);
  o.push(
    table(
      ['Control', 'State', 'Owner', 'Last review', 'Next review', 'Evidence', 'Criteria'],
      s.controls.map((c) => [
        td(`${h(c.title)}<br><span class="mono small">${h(c.id)}${c.required ? '' : ' (optional)'}</span>`),
        td(`<span class="c c-${h(c.state)}">${h(CONTROL_STATE[c.state])}</span>`),
        td(c.owner ? h(c.owner) : '<span class="small">none</span>'),
        td(h(c.lastReview ?? '—')),
        td(h(c.nextReview ?? '—')),
        td([c.evidence && /^https:\/\//.test(c.evidence) ? `<a href="${h(c.evidence)}">${h(c.evidence)}</a>` : h(c.evidence ?? '—'), ...c.documents.filter((d) => d !== c.evidence).map(h)].join('<br>'), 'mono'),
        td(h(c.criteria.join(', '))),
      ]),
      'No controls recorded: add controls: to .trustgate.yml or policy documents under policies/ (docs/governance.md).',
    ),
  );
  o.push(`<h3>What the code cannot show</h3><p class="cannot">${h(s.cannotShow)}</p>`);
  o.push('</section>');
  return o.join('\n');
}

const pct = (n: number, of: number) => (of ? `${Math.round((100 * n) / of)}%` : '—');

function historyHtml(r: ReadinessReport): string {
  const x = r.history;
  const o: string[] = ['<section class="s" id="history"><h2>Change history (Type II)</h2>'];
  if (!x) {
    o.push('<p class="empty">No evidence ledger was given (--ledger), so this report shows the code at one point in time, not how the controls operated over a period.</p></section>');
    return o.join('\n');
  }
  const t = x.totals;
  o.push(`<p data-changes="${t.changes}" data-approved="${t.independentlyApproved}" data-checks="${t.checksPassed}">${h(r.window!.from)} to ${h(r.window!.to)}: <b>${t.changes}</b> changes merged, <b>${pct(t.independentlyApproved, t.changes)}</b> independently approved (${t.independentlyApproved}), <b>${pct(t.checksPassed, t.changes)}</b> with passing checks (${t.checksPassed}); ${t.findingsOpened} findings opened, ${t.findingsFixed} fixed; median time to remediate <b>${x.remediation.medianDays === null ? 'n/a' : `${x.remediation.medianDays} days`}</b> (${x.remediation.fixed} findings matched); ${t.suppressionsAdded} suppressions added, ${t.suppressionsExpired} expired; ${x.exceptions.length} exceptions. Ledger: ${x.ledger.records} records, head <span class="mono">${h(x.ledger.head ?? '—')}</span>.</p>`);
  const labels = x.weeks.map((w) => w.week);
  o.push(barChart('Changes merged per week', labels, [
    { name: 'changes', color: '#8c959f', values: x.weeks.map((w) => w.changes) },
    { name: 'independently approved', color: '#2da44e', values: x.weeks.map((w) => w.independentlyApproved) },
    { name: 'checks passed', color: '#0969da', values: x.weeks.map((w) => w.checksPassed) },
  ]));
  o.push(barChart('Findings opened and fixed per week', labels, [
    { name: 'opened', color: '#cf222e', values: x.weeks.map((w) => w.findingsOpened) },
    { name: 'fixed', color: '#2da44e', values: x.weeks.map((w) => w.findingsFixed) },
  ], { height: 160 }));
  o.push(barChart('Suppressions added and expired per week', labels, [
    { name: 'added', color: '#bf8700', values: x.weeks.map((w) => w.suppressionsAdded) },
    { name: 'expired', color: '#8250df', values: x.weeks.map((w) => w.suppressionsExpired) },
  ], { height: 140 }));
  o.push(`<p class="small">${h(x.remediation.rule)}</p>`);
  o.push('<h3>Per week</h3>');
  o.push(
    table(
      ['Week of', '#Changes', 'Independently approved', 'Checks passed', '#Opened', '#Fixed', '#Suppr. added', '#Suppr. expired'],
      x.weeks.map((w) => [td(h(w.week), 'mono'), td(String(w.changes), 'n'), td(`${w.independentlyApproved} (${pct(w.independentlyApproved, w.changes)})`, 'n'), td(`${w.checksPassed} (${pct(w.checksPassed, w.changes)})`, 'n'), td(String(w.findingsOpened), 'n'), td(String(w.findingsFixed), 'n'), td(String(w.suppressionsAdded), 'n'), td(String(w.suppressionsExpired), 'n')]),
      'No weeks in the window.',
    ),
  );
  o.push(`<h3>Exceptions (${x.exceptions.length})</h3>`);
  o.push(table(['Type', 'Change', 'Detail', 'Date', 'Resolution'], x.exceptions.map((e) => [td(h(EXC_LABEL[e.type] ?? e.type)), td(h(e.change), 'mono'), td(h(e.detail)), td(h(e.date.slice(0, 10)), 'mono'), td(h(e.resolution))]), 'No exceptions in the window.'));
  o.push('</section>');
  return o.join('\n');
}

function populationHtml(p: PopulationLink | null): string {
  if (!p) return '<span class="small">not linked (trustgate report --population FILE|URL; the Action links its population artifact)</span>';
  const where = [p.artifact ? `workflow artifact <b>${h(p.artifact)}</b>` : '', p.href ? (safeHref(p.href) ? `<a href="${h(safeHref(p.href)!)}">${h(p.href)}</a>` : `<span class="mono">${h(p.href)}</span>`) : ''].filter(Boolean).join(', ');
  const s = p.summary;
  return `${where}${s ? `: ${s.total} commits on ${h(s.branch)} from ${h(s.from)} to ${h(s.to)}, <b>${s.covered} covered</b>, <b>${s.exceptions} exceptions</b>; ledger head <span class="mono">${h(s.ledgerHead ?? '—')}</span>` : ''}`;
}

export function toReadinessHtml(r: ReadinessReport): string {
  const when = r.window ? `${r.window.from} to ${r.window.to}` : 'point in time (no ledger)';
  const o: string[] = [];
  o.push(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>SOC 2 readiness report: ${h(r.repository.name)}</title>
<style>${CSS}</style></head><body>
<header>
<h1>SOC 2 readiness report</h1>
<p class="sub">What the repository's infrastructure code evidences for each Trust Services Criteria section, what is still open, and what people must show outside the code.</p>
<dl class="meta">
<dt>Repository</dt><dd>${h(r.repository.name)}</dd>
<dt>Commit</dt><dd class="mono">${h(r.repository.commit ?? 'unknown (not a git work tree)')}</dd>
<dt>Date range</dt><dd>${h(when)}</dd>
<dt>Generated</dt><dd>${h(r.generatedAt)}</dd>
<dt>Tool</dt><dd>trustgate ${h(r.tool.version)}</dd>
<dt>Ruleset digest</dt><dd class="mono">${h(r.digests.rulesetDigest)}</dd>
<dt>Mapping digest</dt><dd class="mono">${h(r.digests.mappingDigest)} (soc2-mapping.json ${h(r.digests.mappingVersion)})</dd>
<dt>Config digest</dt><dd class="mono">${h(r.digests.configDigest)}</dd>
<dt>Population (CC8.1)</dt><dd data-population="${r.population ? h(r.population.href ?? r.population.artifact ?? '') : ''}">${populationHtml(r.population)}</dd>
<dt>Scan</dt><dd>${r.scan.filesScanned} files in ${r.scan.roots.map(h).join(', ')}; ${r.scan.findings} open findings, ${suppressedOnly(r.scan)} suppressed, ${r.scan.compensated} compensated, ${r.scan.indeterminate} indeterminate, ${r.scan.errors} errors, ${r.scan.unresolvedModules} module calls not evaluated</dd>
</dl>
</header>`);
  o.push(`<section id="score" data-score="${r.score.overall.percent}">
<h2>Readiness score</h2>
<p class="big">${r.score.overall.percent}%</p>
<p>${r.score.overall.credited} of ${r.score.overall.points} criterion points credited. ${r.governance.recorded ? `${r.governance.inForce} of ${r.governance.controls} controls outside the code in force.` : 'No controls outside the code are recorded (<span class="mono">controls:</span> in .trustgate.yml), so none are credited.'}</p>
<div class="rule"><b>How the score is computed.</b> ${h(r.score.rule)}<br><b>Why.</b> ${h(r.score.why)}</div>
<p class="small">Verdicts: ${VERDICTS.map((v) => `${verdict(v)} ${h(VERDICT_MEANING[v])}`).join('; ')}.</p>
</section>`);
  o.push(`<nav class="toc"><h2>Contents</h2><p><a href="#owners">Open findings by owner</a> · <a href="#history">Change history (Type II)</a> · criteria sections:</p>`);
  o.push(
    table(
      ['Section', 'Verdict', 'Score', '#Open findings', '#Suppressions', '#Compensating controls'],
      r.sections.map((s) => [td(`<a href="#${h(s.id)}">${h(s.id)} ${h(s.title)}</a>`), td(verdict(s.verdict)), td(bar(s.score.percent)), td(String(s.findings.total), 'n'), td(String(s.suppressions.length), 'n'), td(String(s.compensations.length), 'n')]),
      'No sections.',
    ),
  );
  o.push('</nav>');
  o.push(`<section class="s" id="owners"><h2>Open findings by owner</h2>
<p class="small">${r.ownership.file ? `Owners from ${h(r.ownership.file)} (GitHub's rules: the last matching pattern wins). A finding with several owners counts for each.` : 'No CODEOWNERS file (.github/CODEOWNERS, CODEOWNERS or docs/CODEOWNERS): every finding is unowned.'}</p>`);
  o.push(
    table(
      ['Owner', '#Open findings', ...SEVERITIES.map((v) => `#${v}`), 'Sections'],
      r.ownership.groups.map((g) => [td(g.owner ? h(g.owner) : '<b>no owner</b>'), td(String(g.findings), 'n'), ...SEVERITIES.map((v) => td(String(g.bySeverity[v]), 'n')), td(h(g.sections.join(', ')))]),
      'No open findings.',
    ),
    '</section>',
  );
  o.push(historyHtml(r));
  for (const s of r.sections) o.push(sectionHtml(s));
  o.push(`<p class="small">Produced by Trustgate ${h(r.tool.version)}. Criterion summaries are paraphrased, not AICPA's wording. Verify the rule set against soc2-mapping.json with the digests above.</p>
</body></html>
`);
  return o.join('\n');
}
