// What a reviewer reads: the job summary (core.summary, also the check run's output) and the sticky PR
// comment, a short digest of it. Both lead with the verdict and the new findings, most severe first.
// Markdown; every file name, message and reason comes from the PR and is escaped for its context
// (core/report/escape.ts).
import { CRITERIA } from '../core/soc2/criteria.js';
import { criteriaEntries, suppressedOnly, VERDICT_ICON, VERDICT_LABEL, type CriterionSummary } from '../core/soc2/verdict.js';
import { escapeMarkdown as md, markdownCell as cell, markdownCode as code, markdownLinkUrl } from '../core/report/escape.js';
import { markdownSeverity } from '../core/report/severity.js';
import { SEVERITIES, type Finding, type Indeterminate, type ScanResult, type Severity } from '../core/types.js';
import { bySeverity } from './annotate.js';
import type { Classified } from './classify.js';
import { describeKindCounts } from '../core/inputs.js';

export interface ReportInput {
  result: ScanResult;
  classified: Classified[];
  /** Relative path of an indeterminate check's file. */
  rel: (file: string) => string;
  passed: boolean;
  failOn: Severity | 'none';
  /** Number of new findings at or above fail-on. */
  gating: number;
  /** e.g. "changed lines of pull request #7" */
  scopeText: string;
  /** e.g. "compared with a scan of base commit abc1234" */
  baselineText?: string;
  /** e.g. "policy from .trustgate.yml (base commit)" */
  policyText?: string;
  /** Files the pull request changes (workspace-relative); undefined outside pull requests. */
  changedFiles?: ReadonlySet<string>;
  /** How the change weakens the gate (TG-CFG-* findings). */
  policyChanges?: Classified[];
  /** Suppressions the change adds or extends, with their one-line text. */
  newExceptions?: { file: string; finding: Classified['finding']; text: string }[];
  /** Changed files in scope that could not be scanned. */
  unscanned?: { file: string; line: number; message: string }[];
  /** Why the run fails besides gating findings. */
  failures?: string[];
  /** https://github.com/o/r/blob/<sha> */
  blobBase?: string;
  /** The workflow run whose page holds the job summary (the comment links to it). */
  runUrl?: string;
  /** Annotations left out by GitHub's limits (workflow commands only). */
  annotationsOmitted: number;
  annotationsShown: number;
  /** Degradations and other facts worth a line (already plain text; escaped here). */
  notes: string[];
  redact: (s: string) => string;
}

function pathUrl(base: string, file: string, start: number, end: number): string {
  const enc = file.split('/').map(encodeURIComponent).join('/');
  return `${base}/${enc}#L${start}${end > start ? `-L${end}` : ''}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Shared by the summary and the comment: escaping, links, one line per finding. */
function writer(r: ReportInput) {
  const red = (s: string) => md(r.redact(s));
  const loc = (file: string, start: number, end: number) => {
    const text = md(`${file}:${start}`);
    return r.blobBase ? `[${text}](${markdownLinkUrl(pathUrl(r.blobBase, file, start, end))})` : text;
  };
  /** A finding as a list item: severity, failing headline, where, rule id and criteria; then what and the fix. */
  const item = (c: Classified) => {
    const f = c.finding;
    const head = `- ${markdownSeverity(f.severity)} **${red(f.title)}** · ${loc(c.file, f.location.startLine, f.location.endLine)} · ${code(f.ruleId)} · ${md(f.controls.join(', '))}${label(f)}`;
    return `${head}<br>${red(f.message)}<br>**Fix:** ${red(f.remediation)}`;
  };
  const list = (items: Classified[], maxRows: number, more: string) => [
    ...items.slice(0, maxRows).map(item),
    ...(items.length > maxRows ? ['', `…and ${plural(items.length - maxRows, more)} (all are in the SARIF report).`] : []),
  ];
  return { red, loc, item, list };
}

/**
 * How a finding that does not count against the gate says so, next to its rule: a rule newer than the
 * audit pin (`audit.ruleset`, shadow mode) or a compensating control named in the code.
 */
function label(f: Finding): string {
  if (f.compensated) return ` · **compensated by ${code(f.compensated.by)}** (${f.compensated.status === 'verified' ? 'verified' : 'file present, concern not checked'}; not failing)`;
  if (f.newRule) return ' · **new rule** (shadow: not failing)';
  return '';
}

function parts(r: ReportInput) {
  const open = r.classified.filter((c) => !c.finding.suppressed);
  const fresh = open.filter((c) => c.status === 'new').sort(bySeverity);
  const comp = r.classified.filter((c) => c.finding.compensated).sort(bySeverity);
  const shadow = fresh.filter((c) => c.finding.newRule);
  // A suppressed finding is never 'new' to the classifier; one the change introduces is in scope and not in the base.
  const compNew = comp.filter((c) => c.inScope && !c.inBase);
  return {
    fresh,
    /** The new-findings list: what the gate counts first, then new-rule (shadow) and compensated findings, each labelled. */
    listed: [...fresh.filter((c) => !c.finding.newRule), ...shadow, ...compNew],
    shadow,
    compNew,
    old: open.filter((c) => c.status === 'pre-existing').sort(bySeverity),
    comp,
    sup: r.classified.filter((c) => c.finding.suppressed && !c.finding.compensated),
    expired: r.classified.filter((c) => !c.finding.suppressed && c.finding.suppression?.expired),
  };
}

/** The heading of the new-findings list, and what its labels mean when there are some. */
function newFindingsHead(p: ReturnType<typeof parts>): string[] {
  const out = [`### New findings (${p.listed.length})`, ''];
  if (p.shadow.length || p.compNew.length) {
    const usual = p.listed.length - p.shadow.length - p.compNew.length;
    const what = [
      `${usual} counted by the gate`,
      p.shadow.length ? `${p.shadow.length} from ${p.shadow.length === 1 ? 'a rule' : 'rules'} newer than the audit pin (**new rule**: shadow mode, reported, not failing)` : '',
      p.compNew.length ? `${p.compNew.length} **compensated** by a control elsewhere in the repository (not failing)` : '',
    ];
    out.push(`${what.filter(Boolean).join('; ')}.`, '');
  }
  return out;
}

/** The verdict, why, and what was compared: the first lines of both the summary and the comment. */
function verdictLines(r: ReportInput, title: string): string[] {
  const gateText =
    r.failOn === 'none'
      ? 'fail-on is none: findings never fail the run'
      : r.gating
        ? `**${plural(r.gating, 'new finding')} at or above ${r.failOn}**`
        : `no new finding at or above ${r.failOn}`;
  const out = [`## ${r.passed ? '✅' : '❌'} ${title}: ${r.passed ? 'pass' : 'fail'}`, ''];
  out.push(`${gateText}. Scope: ${md(r.scopeText)}${r.baselineText ? `; ${md(r.baselineText)}` : ''}${r.policyText ? `; ${md(r.policyText)}` : ''}.`, '');
  if (r.failures?.length) out.push('**Also failing:**', '', ...r.failures.map((f) => `- ${md(r.redact(f))}`), '');
  return out;
}

/** What the change does to the gate itself and what it could not check: never collapsed, in both views. */
function changeSections(r: ReportInput, maxRows: number, w: ReturnType<typeof writer>): string[] {
  const out: string[] = [];
  if (r.newExceptions?.length) {
    out.push(`### New exceptions in this pull request (${r.newExceptions.length})`, '', 'These suppressions still suppress; they are recorded as added by this change.', '');
    for (const e of r.newExceptions.slice(0, maxRows)) {
      const l = e.finding.suppression?.location ?? e.finding.location;
      out.push(`- ${w.loc(e.file, l.startLine, l.endLine)}: ${w.red(e.text)}`);
    }
    out.push('');
  }
  if (r.policyChanges?.length) {
    out.push(`### Policy changes in this pull request (${r.policyChanges.length})`, '', 'The policy of the base commit was applied; these changes take effect only once merged. Each weakens the gate and needs review:', '');
    for (const c of r.policyChanges.slice(0, maxRows)) out.push(`- ${code(c.finding.ruleId)} ${w.loc(c.file, c.finding.location.startLine, c.finding.location.endLine)}: ${w.red(c.finding.message)}`);
    out.push('');
  }
  if (r.unscanned?.length) {
    out.push(`### Changed files that could not be scanned (${r.unscanned.length})`, '', 'Nothing in these files was checked; they do not pass by silence.', '');
    for (const u of r.unscanned.slice(0, maxRows)) out.push(`- ${w.loc(u.file, u.line, u.line)}: ${w.red(u.message)}`);
    out.push('');
  }
  return out;
}

/** Criteria the change touched: those of findings in changed files, new findings and policy changes. */
function touchedCriteria(r: ReportInput, fresh: Classified[]): Set<string> {
  const touched = new Set<string>();
  const add = (f: Finding) => f.controls.forEach((c) => touched.add(c));
  for (const c of r.classified) if (r.changedFiles?.has(c.file)) add(c.finding);
  for (const c of [...fresh, ...(r.policyChanges ?? [])]) add(c.finding);
  return touched;
}

function criteriaTable(rows: [string, CriterionSummary][], fresh: Classified[], old: Classified[]): string[] {
  const out = ['| Criterion | | Verdict | Resources checked | Findings (new) | Findings (pre-existing) | Suppressed | Compensated | Indeterminate |', '|---|---|---|---:|---:|---:|---:|---:|---:|'];
  for (const [id, v] of rows) {
    const n = fresh.filter((c) => c.finding.controls.includes(id)).length;
    const p = old.filter((c) => c.finding.controls.includes(id)).length;
    const verdict = `${VERDICT_ICON[v.verdict]} ${VERDICT_LABEL[v.verdict]}${v.verdict === 'fail' && !n ? ' (pre-existing)' : ''}`;
    out.push(`| **${cell(md(id))}** | ${cell(md(CRITERIA[id]?.summary ?? ''))} | ${verdict} | ${v.resources} | ${n} | ${p} | ${suppressedOnly(v)} | ${v.compensated} | ${v.indeterminate} |`);
  }
  return out;
}

export function renderReport(r: ReportInput, maxRows = 50): string {
  const w = writer(r);
  const p = parts(r);
  const { fresh, listed, comp, old, sup, expired } = p;
  const out: string[] = verdictLines(r, 'Trustgate SOC 2 scan');

  out.push(...newFindingsHead(p));
  if (listed.length) out.push(...w.list(listed, maxRows, 'more new finding'), '');
  else out.push(r.changedFiles ? 'This change introduces no finding.' : 'No finding.', '');
  if (r.annotationsOmitted > 0)
    out.push(`> **Annotations:** ${r.annotationsShown} shown on the diff; ${plural(r.annotationsOmitted, 'more new finding')} not annotated (GitHub shows 10 per level per step, 50 per job). They are listed here and in the SARIF report.`, '');
  out.push(...changeSections(r, maxRows, w));

  // Counts by severity.
  const count = (list: Classified[], s: Severity) => list.filter((c) => c.finding.severity === s).length;
  out.push(`| | ${SEVERITIES.map((s) => markdownSeverity(s)).join(' | ')} | total |`, `|---|${SEVERITIES.map(() => '---:').join('|')}|---:|`);
  const rows: [string, Classified[]][] = [
    ['New', fresh.filter((c) => !c.finding.newRule)],
    ['Pre-existing', old.filter((c) => !c.finding.newRule)],
  ];
  // Shadow and compensated findings in rows of their own, only when there are some: they never fail.
  const shadowAll = [...fresh, ...old].filter((c) => c.finding.newRule);
  if (shadowAll.length) rows.push(['New rule (shadow: not failing)', shadowAll]);
  if (comp.length) rows.push(['Compensated (not failing)', comp]);
  rows.push(['Suppressed', sup]);
  for (const [name, list] of rows) out.push(`| ${name} | ${SEVERITIES.map((s) => count(list, s)).join(' | ')} | ${list.length} |`);
  const s = r.result.summary;
  out.push('', `${s.filesScanned} files scanned (${md(describeKindCounts(s.filesByKind))}) in ${s.durationMs} ms.`, '');

  // By Trust Services Criterion: the criteria this change touched, then all of them collapsed.
  const ctrl = criteriaEntries(s.byControl);
  if (ctrl.length) {
    if (r.changedFiles) {
      const touched = touchedCriteria(r, fresh);
      const mine = ctrl.filter(([id]) => touched.has(id));
      out.push(`### SOC 2 criteria this change touches (${mine.length})`, '');
      out.push(...(mine.length ? criteriaTable(mine, fresh, old) : ['No criterion has a finding in the changed files.']), '');
      out.push(`<details><summary>All SOC 2 criteria (${ctrl.length})</summary>`, '', ...criteriaTable(ctrl, fresh, old), '', '</details>', '');
    } else out.push('### SOC 2 criteria', '', ...criteriaTable(ctrl, fresh, old), '');
  }
  const unresolved = r.result.unresolvedModules ?? [];
  if (unresolved.length) {
    out.push(`### Module calls not evaluated (${unresolved.length})`, '', 'Their resources were not checked, so no Terraform criterion can pass:', '');
    for (const u of unresolved.slice(0, maxRows)) out.push(`- ${w.loc(r.rel(u.file), u.line, u.line)} ${code(u.module)} (${w.red(u.source)}): ${w.red(u.reason)}; ${w.red(u.fix)}`);
    out.push('');
  }
  if (old.length) out.push(`<details><summary>Pre-existing findings (${old.length}): not introduced by this change, not gating</summary>`, '', ...w.list(old, maxRows, 'more pre-existing finding'), '', '</details>', '');
  if (comp.length) {
    out.push(`### Compensating controls (${comp.length})`, '', 'Findings satisfied by a control elsewhere in the repository (`trustgate:compensated`): not suppressions, and not failing.', '', '| Rule | Location | Control | Verified |', '|---|---|---|---|');
    for (const c of comp.slice(0, maxRows)) {
      const x = c.finding.compensated!;
      out.push(`| ${cell(code(c.finding.ruleId))} | ${cell(w.loc(c.file, c.finding.location.startLine, c.finding.location.endLine))} | ${cell(code(x.by))} | ${cell(`${x.status === 'verified' ? 'verified' : 'file present'}: ${w.red(x.detail)}`)} |`);
    }
    out.push('');
  }
  if (sup.length || expired.length) {
    out.push(`### Suppressions (${sup.length})`, '', '| Rule | Location | Reason | Expires | Source |', '|---|---|---|---|---|');
    for (const c of [...sup, ...expired].slice(0, maxRows)) {
      const x = c.finding.suppression;
      const exp = x?.expires ? (x.expired ? `${md(x.expires)} (expired: reported again)` : md(x.expires)) : 'never';
      out.push(`| ${cell(code(c.finding.ruleId))} | ${cell(w.loc(c.file, c.finding.location.startLine, c.finding.location.endLine))} | ${cell(w.red(x?.reason ?? ''))} | ${cell(exp)} | ${cell(md(x ? (x.via ? `${x.source}: ${x.via}` : x.source) : ''))} |`);
    }
    out.push('');
  }
  const ind: Indeterminate[] = r.result.indeterminate;
  if (ind.length) {
    out.push(`<details><summary>Indeterminate checks (${ind.length}): values unknown until apply</summary>`, '', '| Rule | Location | Why |', '|---|---|---|');
    for (const i of ind.slice(0, maxRows)) out.push(`| ${cell(code(i.ruleId))} | ${cell(w.loc(r.rel(i.location.file), i.location.startLine, i.location.endLine))} | ${cell(w.red(i.reason))} |`);
    out.push('', '</details>', '');
  }
  const errs = r.result.errors.filter((e) => e.kind !== 'notice');
  if (errs.length) {
    out.push(`<details><summary>Files not fully scanned (${errs.length})</summary>`, '');
    for (const e of errs.slice(0, maxRows)) out.push(`- ${md(`${r.rel(e.file)}:${e.line}`)} ${md(e.kind)}: ${w.red(e.message)}`);
    out.push('', '</details>', '');
  }
  if (r.notes.length) out.push('### Notes', '', ...r.notes.map((n) => `- ${w.red(n)}`), '');
  out.push(`<sub>Trustgate ${md(r.result.tool.version)} · fail-on: ${r.failOn} · SARIF has every finding</sub>`, '');
  return out.join('\n');
}

/**
 * The sticky comment: a digest for the conversation tab, not a copy of the job summary. The verdict,
 * the new findings, new exceptions, policy changes and unscanned files, then a link to the run.
 */
export function renderComment(r: ReportInput, maxRows = 50): string {
  const w = writer(r);
  const p = parts(r);
  const { listed, old } = p;
  const out: string[] = verdictLines(r, 'Trustgate SOC 2');
  if (listed.length) out.push(...newFindingsHead(p), ...w.list(listed, maxRows, 'more new finding'), '');
  const change = changeSections(r, maxRows, w);
  out.push(...change);
  if (!listed.length && !change.length) out.push('No new finding, exception or policy change in this pull request.', '');
  const rest = [old.length ? plural(old.length, 'pre-existing finding') + ' (not gating)' : '', r.result.indeterminate.length ? plural(r.result.indeterminate.length, 'indeterminate check') : '']
    .filter(Boolean)
    .join(', ');
  const link = r.runUrl ? `[the job summary of this run](${markdownLinkUrl(r.runUrl)})` : 'the job summary of this run';
  out.push(`${rest ? `${rest}, the` : 'The'} SOC 2 criteria and every suppression are in ${link}.`, '');
  out.push(`<sub>Trustgate ${md(r.result.tool.version)} · fail-on: ${r.failOn} · updated on every push</sub>`, '');
  return out.join('\n');
}

/** A rendering in at most `limit` characters: fewer rows first, then a hard cut with a line that says so. */
export function renderWithin(render: (maxRows: number) => string, limit: number, prefix = ''): string {
  for (const rows of [50, 25, 10, 5, 0]) {
    const text = prefix + render(rows);
    if (text.length <= limit) return text;
  }
  const note = "\n\n…(truncated to fit GitHub's size limit; the job summary and the SARIF report have everything)\n";
  const text = prefix + render(0);
  return text.slice(0, limit - note.length) + note;
}
