// The organisation view in each output format: markdown (the aggregate job's summary: headline
// tables, bounded in length), self-contained HTML (every repository), JSON (the OrgReport itself) and
// SARIF (one result per repository and rule, at its first finding, for a central code-scanning view).
// Every name and message comes from scanned repositories: escaped for its sink.
import { CSS } from '../evidence/export.js';
import { escapeHtml as h, escapeMarkdown as md } from '../report/escape.js';
import { DOCS_BASE, LEVEL, sarifDriver, SECURITY_SEVERITY } from '../report/sarif.js';
import { CRITERIA } from '../soc2/criteria.js';
import { suppressedOnly, VERDICT_ICON, VERDICT_LABEL, VERDICT_MEANING, VERDICTS, type Verdict } from '../soc2/verdict.js';
import { SEVERITIES } from '../types.js';
import type { OrgReport, RepoRow } from './aggregate.js';
import type { OrgReadiness, OrgReadinessSection, ScoreDistribution } from './readiness.js';

const title = (r: OrgReport) => `Trustgate SOC 2 — organisation${r.organisation ? ` ${r.organisation}` : ''}`;
const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;
const sevText = (b: Record<string, number>) => SEVERITIES.map((s) => `${b[s]} ${s}`).join(' · ');

export function protectionText(row: RepoRow): string {
  const p = row.protection;
  if (!p) return 'not read';
  if ('unavailable' in p) return `unknown (${p.unavailable})`;
  const checks = p.requiredChecks.length ? `, ${plural(p.requiredChecks.length, 'required check')}` : '';
  return p.requiredReviews > 0 ? `${plural(p.requiredReviews, 'review')} required${checks}` : `no review required${checks}`;
}

const scoreText = (d: ScoreDistribution) => (d.median === null ? '—' : `${d.median}% (${d.min}–${d.max}%)`);
const bandsText = (d: ScoreDistribution) => d.bands.map((b) => `${b.from}–${b.to}%: ${b.repositories}`).join(' · ');
const compText = (c: OrgReadinessSection['compensations']) =>
  c.verified + c.exists + c.invalid ? `${c.verified} verified, ${c.exists} file present, ${c.invalid} not accepted (${plural(c.repositories, 'repository', 'repositories')})` : '0';
const readinessLead = (x: OrgReadiness) =>
  `${plural(x.repositories, 'repository', 'repositories')} with a readiness report${x.withoutReport ? ` (${x.withoutReport} scanned without one)` : ''}. Readiness score: median ${scoreText(x.score)}; by band ${bandsText(x.score)}.`;

/** The readiness report's sections across repositories (markdown): verdicts counted, scores, who fails, compensating controls. */
function readinessMarkdown(x: OrgReadiness, max: number): string[] {
  const out = ['### SOC 2 readiness across repositories', '', md(readinessLead(x)), ''];
  out.push('| Section | Failing | Incomplete | Passing | Not evaluated | Score: median (min–max) | Open findings | Suppressions | Compensating controls | Repositories failing |', '|---|---:|---:|---:|---:|---|---:|---:|---|---|');
  const few = Math.min(max, 5);
  for (const s of x.sections) {
    const names = s.failing.slice(0, few).map(md).join(', ') + (s.failing.length > few ? `, …and ${s.failing.length - few} more` : '');
    out.push(`| ${md(s.id)} ${md(s.title)} | ${s.verdicts.fail} | ${s.verdicts.incomplete} | ${s.verdicts.pass} | ${s.verdicts['not-evaluated']} | ${scoreText(s.score)} | ${s.openFindings} | ${s.suppressions} | ${compText(s.compensations)} | ${names || '—'} |`);
  }
  out.push('');
  return out;
}

function headline(r: OrgReport): string {
  const t = r.totals;
  return `${plural(t.repositories, 'repository', 'repositories')}: ${t.scanned} scanned, ${t.errors} could not be scanned, ${t.excluded} excluded · ${t.failing} with findings · ${plural(t.findings, 'finding')} (${sevText(t.bySeverity)})`;
}

export function orgMarkdown(r: OrgReport, o: { max?: number } = {}): string {
  const max = o.max ?? 25;
  const t = r.totals;
  const out: string[] = [`## ${md(title(r))}`, '', `**${md(headline(r))}**`, ''];
  if (r.window) out.push(`Audit window ${r.window.from} to ${r.window.to}; each default branch as scanned on ${r.generatedAt.slice(0, 10)}.`, '');
  out.push(`Default branches: ${t.protected} require a review, ${t.unprotected} do not, ${t.protectionUnknown} unknown.`, '');
  if (r.rulesets.length > 1) out.push(`⚠️ The results come from ${r.rulesets.length} different rule sets: criteria are not comparable across them.`, '');
  if (r.criteria.length) {
    out.push('| Criterion | Verdict | Repositories failing | Incomplete | Passing | Not evaluated | Findings |', '|---|---|---:|---:|---:|---:|---:|');
    for (const c of r.criteria) out.push(`| ${c.id} | ${VERDICT_ICON[c.verdict]} ${VERDICT_LABEL[c.verdict]} | ${c.repos.fail} | ${c.repos.incomplete} | ${c.repos.pass} | ${c.repos['not-evaluated']} | ${c.failed} |`);
    out.push('');
  }
  if (r.readiness) out.push(...readinessMarkdown(r.readiness, max));
  const byName = new Map(r.repositories.map((x) => [x.repository, x]));
  if (r.worst.length) {
    out.push(`### Worst offenders`, '', '| Repository | Team | Critical | High | Medium | Low | Failed criteria | Default branch |', '|---|---|---:|---:|---:|---:|---|---|');
    for (const name of r.worst.slice(0, max)) {
      const x = byName.get(name)!;
      out.push(`| ${md(x.repository)} | ${md(x.teams.join(', ') || '—')} | ${SEVERITIES.map((s) => x.bySeverity[s]).join(' | ')} | ${x.failedCriteria.join(', ')} | ${md(protectionText(x))} |`);
    }
    out.push('');
  }
  if (r.teams.length) {
    out.push('### By owner team', '', '| Team | Repositories | Scanned | With findings | Findings |', '|---|---:|---:|---:|---:|');
    for (const x of r.teams.slice(0, max)) out.push(`| ${md(x.team)} | ${x.repositories} | ${x.scanned} | ${x.failing} | ${x.findings} |`);
    if (r.teams.length > max) out.push('', `…and ${r.teams.length - max} more teams (see the HTML or JSON report).`);
    out.push('');
  }
  const notScanned = r.repositories.filter((x) => x.status !== 'scanned');
  if (notScanned.length) {
    out.push(`### Not scanned (${notScanned.length})`, '', '| Repository | Why |', '|---|---|');
    for (const x of notScanned.slice(0, max)) out.push(`| ${md(x.repository)} | ${x.status === 'excluded' ? 'excluded: ' : '❌ '}${md(x.reason ?? '')} |`);
    if (notScanned.length > max) out.push('', `…and ${notScanned.length - max} more (see the HTML or JSON report).`);
    out.push('');
  }
  if (r.inputErrors.length) {
    out.push(`### Results that could not be read (${r.inputErrors.length})`, '');
    for (const e of r.inputErrors.slice(0, max)) out.push(`- ${md(e.file)}: ${md(e.message)}`);
    if (r.inputErrors.length > max) out.push(`- …and ${r.inputErrors.length - max} more`);
    out.push('');
  }
  return out.join('\n');
}

export function orgHtml(r: OrgReport): string {
  const t = r.totals;
  const td = (v: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${v}</td>`;
  const n = (v: number) => td(String(v), 'n');
  const table = (head: string, rows: string[][], empty: string) =>
    `<table><thead><tr>${head}</tr></thead><tbody>\n${rows.length ? rows.map((x) => `<tr>${x.join('')}</tr>`).join('\n') : `<tr><td class="empty" colspan="${(head.match(/<th/g) ?? []).length}">${h(empty)}</td></tr>`}\n</tbody></table>`;
  // Colour, not emoji: a printed or fontless page shows no icons.
  const verdict = (v: Verdict) => `<span class="v-${v}">${h(VERDICT_LABEL[v])}</span>`;
  const sevCells = (b: Record<string, number>) => SEVERITIES.map((s) => td(b[s] ? `<b class="s-${s}">${b[s]}</b>` : '0', 'n')).join('');
  const byName = new Map(r.repositories.map((x) => [x.repository, x]));
  const status = (x: RepoRow) => (x.status === 'scanned' ? (x.findings ? '<span class="no">findings</span>' : '<span class="ok">clean</span>') : x.status === 'excluded' ? '<span class="na">excluded</span>' : '<span class="no">not scanned</span>');
  const out: string[] = [];
  out.push(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${h(title(r))}</title>
<style>${CSS}
.v-fail{color:#cf222e;font-weight:600}.v-incomplete{color:#9a6700;font-weight:600}.v-pass{color:#1a7f37;font-weight:600}.v-not-evaluated{color:#59636e}
.s-critical{color:#8250df}.s-high{color:#cf222e}.s-medium{color:#bc4c00}.s-low{color:#0969da}
.bar{display:flex;height:8px;min-width:120px;border-radius:4px;overflow:hidden;background:#eaeef2}
.bar i{display:block}.bar .fail{background:#cf222e}.bar .incomplete{background:#d4a72c}.bar .pass{background:#2da44e}.bar .not-evaluated{background:#d0d7de}
</style></head><body>
<h1>${h(title(r))}</h1>
<p class="sub">${h(headline(r))}</p>
<dl class="meta">
${r.window ? `<dt>Audit window</dt><dd>${h(r.window.from)} to ${h(r.window.to)} (each default branch as scanned when generated)</dd>
` : ''}<dt>Generated</dt><dd>${h(r.generatedAt)}</dd>
<dt>Rule set${r.rulesets.length === 1 ? '' : 's'}</dt><dd class="mono">${r.rulesets.map(h).join('<br>') || '—'}${r.rulesets.length > 1 ? ' <span class="no">(different rule sets: criteria are not comparable)</span>' : ''}</dd>
<dt>Files scanned</dt><dd>${t.files}</dd>
</dl>
<div class="cards">
<div class="card"><b>${t.scanned}</b><span>of ${t.repositories} repositories scanned</span></div>
<div class="card${t.failing ? ' bad' : ''}"><b>${t.failing}</b><span>with findings</span></div>
<div class="card${t.bySeverity.critical + t.bySeverity.high ? ' bad' : ''}"><b>${t.bySeverity.critical + t.bySeverity.high}</b><span>critical and high findings</span></div>
<div class="card${t.errors ? ' bad' : ''}"><b>${t.errors}</b><span>could not be scanned</span></div>
<div class="card${t.unprotected ? ' bad' : ''}"><b>${t.unprotected}</b><span>default branches without required review</span></div>
</div>`);
  out.push(`<h2>By SOC 2 criterion</h2>
${table(
  '<th>Criterion</th><th>Verdict</th><th>Repositories</th><th class="n">Failing</th><th class="n">Incomplete</th><th class="n">Passing</th><th class="n">Not evaluated</th><th class="n">Findings</th><th class="n">Suppressed</th><th class="n">Compensated</th><th class="n">Indeterminate</th>',
  r.criteria.map((c) => {
    const total = VERDICTS.reduce((a, v) => a + c.repos[v], 0) || 1;
    const bar = `<div class="bar" title="${VERDICTS.map((v) => `${c.repos[v]} ${VERDICT_LABEL[v]}`).join(', ')}">${VERDICTS.map((v) => (c.repos[v] ? `<i class="${v}" style="width:${((100 * c.repos[v]) / total).toFixed(2)}%"></i>` : '')).join('')}</div>`;
    return [td(`<b>${h(c.id)}</b><br><span class="sub">${h(CRITERIA[c.id]?.summary ?? '')}</span>`, 'title'), td(verdict(c.verdict), 'nw'), td(bar), n(c.repos.fail), n(c.repos.incomplete), n(c.repos.pass), n(c.repos['not-evaluated']), n(c.failed), n(suppressedOnly(c)), n(c.compensated), n(c.indeterminate)];
  }),
  'No scan result was read.',
)}
<p class="note">${VERDICTS.map((v) => `<b class="v-${v}">${h(VERDICT_LABEL[v])}</b>: ${h(VERDICT_MEANING[v])}`).join(' · ')}. An organisation criterion fails when any repository fails it.</p>`);
  if (r.readiness) {
    const x = r.readiness;
    const LIST = 50;
    out.push(`<h2 id="readiness">SOC 2 readiness across repositories</h2>
<p data-readiness="${x.repositories}" data-median="${x.score.median ?? ''}">${h(readinessLead(x))}</p>
${table(
  '<th>Section</th><th>Repositories</th><th class="n">Failing</th><th class="n">Incomplete</th><th class="n">Passing</th><th class="n">Not evaluated</th><th>Score: median (min–max)</th><th class="n">Open findings</th><th class="n">Suppressions</th><th>Compensating controls</th><th>Repositories failing</th>',
  x.sections.map((s) => {
    const total = VERDICTS.reduce((a, v) => a + s.verdicts[v], 0) || 1;
    const bar = `<div class="bar" title="${VERDICTS.map((v) => `${s.verdicts[v]} ${VERDICT_LABEL[v]}`).join(', ')}">${VERDICTS.map((v) => (s.verdicts[v] ? `<i class="${v}" style="width:${((100 * s.verdicts[v]) / total).toFixed(2)}%"></i>` : '')).join('')}</div>`;
    const names = s.failing.slice(0, LIST).map(h).join(', ') + (s.failing.length > LIST ? ` …and ${s.failing.length - LIST} more` : '');
    return [td(`<b>${h(s.id)}</b> ${h(s.title)}`, 'title'), td(bar), n(s.verdicts.fail), n(s.verdicts.incomplete), n(s.verdicts.pass), n(s.verdicts['not-evaluated']), td(h(scoreText(s.score)), 'nw'), n(s.openFindings), n(s.suppressions), td(h(compText(s.compensations))), td(names || '—', 'mono')];
  }),
  'No section.',
)}
<p class="note">From each repository's readiness report (<span class="mono">trustgate report --format json</span>; docs/report.md): a section's score is the share of its criterion points credited; compensating controls are counted by what was verified about them.</p>`);
  }
  out.push(`<h2>Worst offenders (${r.worst.length})</h2>
${table(
  '<th class="n">#</th><th>Repository</th><th>Team</th><th class="n">Critical</th><th class="n">High</th><th class="n">Medium</th><th class="n">Low</th><th>Failed criteria</th><th>Default branch</th>',
  r.worst.map((name, i) => {
    const x = byName.get(name)!;
    return [n(i + 1), td(h(x.repository), 'mono'), td(h(x.teams.join(', ') || '—')), sevCells(x.bySeverity), td(h(x.failedCriteria.join(', '))), td(h(protectionText(x)))];
  }),
  'No repository has an unsuppressed finding.',
)}`);
  out.push(`<h2>By owner team (${r.teams.length})</h2>
${table(
  '<th>Team</th><th class="n">Repositories</th><th class="n">Scanned</th><th class="n">With findings</th><th class="n">Critical</th><th class="n">High</th><th class="n">Medium</th><th class="n">Low</th>',
  r.teams.map((x) => [td(h(x.team), 'mono'), n(x.repositories), n(x.scanned), n(x.failing), sevCells(x.bySeverity)]),
  'No repository.',
)}`);
  out.push(`<h2>Most widespread findings (${r.rules.length} rules)</h2>
${table(
  '<th>Rule</th><th>Title</th><th>Severity</th><th>Criteria</th><th class="n">Repositories</th><th class="n">Findings</th>',
  r.rules.map((x) => [td(h(x.id), 'mono nw'), td(h(x.title), 'title'), td(`<span class="s-${x.severity}">${h(x.severity)}</span>`), td(h(x.controls.join(', '))), n(x.repositories), n(x.findings)]),
  'No unsuppressed finding.',
)}`);
  const notScanned = r.repositories.filter((x) => x.status !== 'scanned');
  out.push(`<h2>Not scanned (${notScanned.length})</h2>
${table('<th>Repository</th><th>Status</th><th>Why</th>', notScanned.map((x) => [td(h(x.repository), 'mono'), td(status(x)), td(h(x.reason ?? ''))]), 'Every repository was scanned.')}`);
  if (r.inputErrors.length) out.push(`<h2>Results that could not be read (${r.inputErrors.length})</h2>
${table('<th>File</th><th>Problem</th>', r.inputErrors.map((e) => [td(h(e.file), 'mono'), td(h(e.message))]), '')}`);
  out.push(`<h2>All repositories (${r.repositories.length})</h2>
${table(
  `<th>Repository</th><th>Team</th><th>Status</th><th class="n">Files</th><th class="n">Critical</th><th class="n">High</th><th class="n">Medium</th><th class="n">Low</th><th class="n">Suppressed</th><th class="n">Compensated</th><th class="n">Indeterminate</th><th class="n">Errors</th>${r.readiness ? '<th class="n">Readiness</th>' : ''}<th>Failed criteria</th><th>Incomplete criteria</th><th>Default branch</th>`,
  r.repositories.map((x) => [td(h(x.repository), 'mono'), td(h(x.teams.join(', ') || '—')), td(status(x)), n(x.files), sevCells(x.bySeverity), n(suppressedOnly(x)), n(x.compensated), n(x.indeterminate), n(x.errors), ...(r.readiness ? [td(x.readiness === undefined ? '—' : `${x.readiness}%`, 'n')] : []), td(h(x.failedCriteria.join(', '))), td(h(x.incompleteCriteria.join(', '))), td(h(protectionText(x)))]),
  'No repository.',
)}
<p class="note">Produced by <b>trustgate aggregate</b> from per-repository <span class="mono">trustgate scan --format json</span> results.</p>
</body></html>
`);
  return out.join('\n');
}

/** SARIF 2.1.0: one result per repository and rule (its first finding, with the count), capped like GitHub's 25,000 results per run. */
export function orgSarif(r: OrgReport, version: string, maxResults = 25_000): string {
  const locs = r.locations ?? [];
  const rules = r.rules;
  const index = new Map(rules.map((x, i) => [x.id, i]));
  const shown = locs.slice(0, maxResults);
  return (
    JSON.stringify(
      {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: {
                ...sarifDriver(version),
                rules: rules.map((m) => ({
                  id: m.id,
                  shortDescription: { text: m.title },
                  helpUri: `${DOCS_BASE}/${m.id}.md`,
                  defaultConfiguration: { level: LEVEL[m.severity] },
                  properties: { 'security-severity': SECURITY_SEVERITY[m.severity], tags: ['security', ...m.controls.map((c) => `soc2/${c}`)] },
                })),
              },
            },
            results: shown.map((x) => {
              const rule = rules[index.get(x.ruleId)!];
              return {
                ruleId: x.ruleId,
                ruleIndex: index.get(x.ruleId),
                level: LEVEL[rule.severity],
                message: { text: `${x.repository}: ${x.count === 1 ? '' : `${x.count} findings; the first: `}${x.message}` },
                locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(`${x.repository}/${x.file}`) }, region: { startLine: x.startLine, startColumn: x.startColumn } } }],
                partialFingerprints: { 'trustgate-org/v1': `${x.repository}|${x.ruleId}` },
                properties: { repository: x.repository, findings: x.count, controls: rule.controls },
              };
            }),
            properties: { 'trustgate/repositories': r.totals.repositories, 'trustgate/scanned': r.totals.scanned, ...(locs.length > shown.length ? { 'trustgate/truncated': `${locs.length - shown.length} of ${locs.length} results left out (GitHub takes 25,000 per run)` } : {}) },
            invocations: [
              {
                executionSuccessful: true,
                toolExecutionNotifications: [
                  ...r.repositories.filter((x) => x.status === 'error').map((x) => ({ level: 'warning', message: { text: `${x.repository} was not scanned: ${x.reason ?? ''}` } })),
                  ...r.inputErrors.map((e) => ({ level: 'warning', message: { text: `${e.file}: ${e.message}` } })),
                ],
              },
            ],
          },
        ],
      },
      null,
      2,
    ) + '\n'
  );
}
