// The job summary, the sticky comment and `--format markdown` rendered as GitHub renders Markdown
// (GFM), asserting what a reader sees: rule ids without escaping artefacts, hostile file names,
// resource names and suppression reasons shown verbatim and inert (no HTML, no live @mention, no
// broken table), findings first, most severe first, and the comment a digest within GitHub's limit.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyFindings } from '../action/classify.js';
import { renderComment, renderReport, renderWithin, type ReportInput } from '../action/summary.js';
import { MAX_COMMENT } from '../action/comment.js';
import { scan } from '../core/engine.js';
import { escapeMarkdown, markdownCell, markdownCode, markdownLink } from '../core/report/escape.js';
import { toMarkdown } from '../core/report/markdown.js';
import { relPath } from '../core/report/paths.js';
import type { ScanResult } from '../core/types.js';
import { ALL_RULES } from '../rules/index.js';
import { toSarif } from '../core/report/sarif.js';
import { ruleMeta } from '../core/rule.js';
import { toText } from '../cli/text.js';
import { annotationTitle } from '../action/annotate.js';
import { htmlText, renderGfm, tableRows, visibleText } from './markdown-render.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-prmd-');
// A file name and a resource name that try markup, HTML, a mention, a link and a table break.
const EVIL_FILE = 'a|b <img src=x onerror=alert(1)> @octocat [x](javascript:y) `q` *e*.tf';
const EVIL_NAME = '<script>alert(1)</script>|@acme/admins';
const EVIL_REASON = 'accepted by @security-team <b>risk</b> | see [ticket](javascript:z) for why';
const TF = `resource "aws_s3_bucket_acl" "${EVIL_NAME}" {\n  bucket = "b"\n  acl    = "public-read-write"\n}\n\n# trustgate:ignore TG-AWS-004 reason="${EVIL_REASON}" expires=2099-12-31\nresource "aws_s3_bucket_acl" "kept" {\n  bucket = "c"\n  acl    = "public-read"\n}\n`;
const LOGGING = 'resource "aws_s3_bucket" "plain" {\n  bucket = "plain"\n}\n';

let dir: string;
let result: ScanResult;
let input: ReportInput;
beforeAll(async () => {
  dir = tmp({ [join('infra', EVIL_FILE)]: TF, 'infra/plain.tf': LOGGING });
  result = await scan({ paths: [dir], cwd: dir, rules: ALL_RULES });
  const rel = (file: string) => relPath(file, dir);
  input = {
    result,
    // The plain bucket's findings are the base commit's (pre-existing); the hostile file is the change.
    classified: classifyFindings(result.findings, { scope: 'all', rel: (f) => rel(f.location.file) }).map((c) => (c.file === 'infra/plain.tf' ? { ...c, status: 'pre-existing' as const, inBase: true } : c)),
    rel,
    passed: false,
    failOn: 'high',
    gating: 1,
    scopeText: 'changed lines of pull request #7',
    changedFiles: new Set([`infra/${EVIL_FILE}`]),
    blobBase: 'https://github.com/acme/infra/blob/abc',
    runUrl: 'https://github.com/acme/infra/actions/runs/1001',
    annotationsOmitted: 0,
    annotationsShown: 1,
    notes: [],
    redact: (s) => s,
  };
});

/** Tags GitHub keeps and our Markdown produces; anything else means a name or message became HTML. */
const OURS = new Set(['h2', 'h3', 'p', 'ul', 'li', 'a', 'code', 'strong', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'details', 'summary', 'sub', 'blockquote']);

function assertInert(markdown: string) {
  const html = renderGfm(markdown);
  const tags = new Set([...html.matchAll(/<([a-z0-9]+)[\s>/]/gi)].map((m) => m[1].toLowerCase()));
  expect([...tags].filter((t) => !OURS.has(t))).toEqual([]);
  // Every link goes where we sent it: GitHub blobs and runs, never javascript:.
  for (const [, href] of html.matchAll(/<a href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\/github\.com\/acme\/infra\/(blob|actions)\//);
  // No live mention: outside code, every @ is followed by a zero-width joiner.
  expect(html.replace(/<code>[\s\S]*?<\/code>/g, '')).not.toMatch(/@(?!\u200d)/);
  // No broken table: every row has as many cells as its header.
  for (const table of html.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
    const rows = tableRows(table);
    for (const row of rows) expect(row.length, JSON.stringify(row)).toBe(rows[0].length);
  }
  const text = visibleText(markdown);
  // No escaping artefact anywhere (none of the inputs holds a backslash).
  expect(text).not.toContain('\\');
  return { html, text };
}

describe('escaping by context (core/report/escape.ts), read back through a GFM renderer', () => {
  const seen = (md: string) => visibleText(md).trim();
  it('a code span shows its text verbatim: no backslashes, backticks fenced', () => {
    expect(seen(markdownCode('TG-AWS-004'))).toBe('TG-AWS-004');
    expect(seen(markdownCode('a`b``c'))).toBe('a`b``c');
    expect(seen(markdownCode('`edge`'))).toBe('`edge`');
    expect(seen(markdownCode('<b>x</b> @team'))).toBe('<b>x</b> @team');
    expect(renderGfm(markdownCode('<b>x</b>'))).not.toContain('<b>');
  });
  it('inline text keeps its characters and loses its markup', () => {
    const s = 'a_b *c* [d](e) #1 <i>x</i> ~~s~~ 1. a|b';
    expect(seen(escapeMarkdown(s)).replace(/\u200d/g, '')).toBe(s);
    expect(renderGfm(escapeMarkdown(s))).not.toMatch(/<(em|i|a|del|ol)\b/);
  });
  it('a table cell keeps pipes inside text and code spans', () => {
    const md = `| a | b |\n|---|---|\n| ${markdownCell(markdownCode('x|y'))} | ${markdownCell(escapeMarkdown('p|q'))} |\n`;
    expect(tableRows(renderGfm(md))).toEqual([['a', 'b'], ['x|y', 'p|q']]);
  });
  it('a link cannot be broken out of', () => {
    const html = renderGfm(markdownLink('f](javascript:x) [y', 'https://github.com/acme/infra/blob/abc/a (1)/b.tf#L2'));
    expect(html).toBe('<p><a href="https://github.com/acme/infra/blob/abc/a%20%281%29/b.tf#L2">f](javascript:x) [y</a></p>');
  });
});

describe('the job summary as GitHub shows it', () => {
  it('leads with the verdict and the new findings, most severe first, each with headline, link and fix', () => {
    const md = renderReport(input);
    const { text, html } = assertInert(md);
    const lines = text.split('\n');
    expect(lines[0]).toBe('❌ Trustgate SOC 2 scan: fail');
    // The first section after the verdict is the new findings.
    expect(md.indexOf('### New findings')).toBeLessThan(md.indexOf('### SOC 2 criteria'));
    expect(md.indexOf('### New findings')).toBeLessThan(md.indexOf('| | ⛔'));
    const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]);
    const first = htmlText(items[0]);
    const acl = result.findings.find((f) => f.ruleId === 'TG-AWS-004' && !f.suppressed)!;
    // TG-AWS-004 (critical) comes before the high/medium findings of the plain bucket.
    expect(first).toMatch(/^⛔ CRITICAL /);
    expect(first).toContain('TG-AWS-004');
    expect(first).toContain(`infra/${EVIL_FILE}:${acl.location.startLine}`.replace('@', '@\u200d'));
    expect(first).toContain(EVIL_NAME.replace('@', '@\u200d'));
    expect(first).toMatch(/\nFix: \S/);
    expect(items[0]).toContain(`<a href="https://github.com/acme/infra/blob/abc/infra/a%7Cb%20%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%20%40octocat%20%5Bx%5D%28javascript%3Ay%29%20%60q%60%20%2Ae%2A.tf#L${acl.location.startLine}">`);
    const sev = items.map((i) => /^(⛔|🔴|🟠|🔵)/u.exec(htmlText(i))?.[1]).filter(Boolean);
    expect(sev.length).toBeGreaterThan(2);
    expect(sev.join('')).toMatch(/^⛔*🔴*🟠*🔵*$/u);
  });

  it('shows only the criteria the change touched; the full table is collapsed', () => {
    const md = renderReport(input);
    const ids = (m: string) => tableRows(renderGfm(m)).map((r) => r[0]).filter((c) => /^[A-Z]+\d+\.\d+$/.test(c));
    const touched = ids(md.replace(/<details>[\s\S]*?<\/details>/g, ''));
    const all = ids(/<details><summary>All SOC 2 criteria[\s\S]*?<\/details>/.exec(md)![0]);
    // TG-AWS-004's criteria only (the changed file); the plain bucket's logging criterion is in the full table.
    const acl = result.findings.find((f) => f.ruleId === 'TG-AWS-004')!;
    expect(touched.sort()).toEqual([...new Set(result.findings.filter((f) => f.location.file.includes('a|b')).flatMap((f) => f.controls))].sort());
    expect(touched).toEqual(expect.arrayContaining(acl.controls));
    expect(all.length).toBeGreaterThan(touched.length);
    expect(md).toMatch(/<details><summary>All SOC 2 criteria \(\d+\)<\/summary>/);
  });

  it('a suppression reason is shown verbatim in its cell and stays inert', () => {
    const { html } = assertInert(renderReport(input));
    const sup = tableRows(html).find((r) => r[0] === 'TG-AWS-004')!;
    expect(sup).toHaveLength(5);
    expect(sup[2]).toBe(EVIL_REASON.replace('@', '@\u200d'));
  });
});

describe('the sticky comment: a digest, not a copy', () => {
  it('verdict, new findings, link to the run; no criteria table, no suppression table', () => {
    const md = renderComment(input);
    const { text, html } = assertInert(md);
    expect(text.split('\n')[0]).toBe('❌ Trustgate SOC 2: fail');
    expect(text).toContain('New findings (');
    expect(html).toContain('<a href="https://github.com/acme/infra/actions/runs/1001">the job summary of this run</a>');
    expect(html).not.toContain('<table>');
    expect(md.length).toBeLessThan(renderReport(input).length);
  });

  it('fits in 65,536 characters with a line that says it was cut', () => {
    const many = Array.from({ length: 4000 }, (_, i) => input.classified[i % input.classified.length]);
    const big: ReportInput = { ...input, failures: Array.from({ length: 400 }, (_, i) => `failure ${i} ${'z'.repeat(200)}`), classified: many.map((c, i) => ({ ...c, finding: { ...c.finding, message: `${c.finding.message} ${'x'.repeat(200)} ${i}` } })), newExceptions: [], unscanned: Array.from({ length: 3000 }, (_, i) => ({ file: `f${i}.tf`, line: 1, message: 'y'.repeat(100) })) };
    const body = renderWithin((rows) => renderComment(big, rows), MAX_COMMENT, '<!-- m -->\n');
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT);
    expect(body.length).toBeGreaterThan(MAX_COMMENT - 2000);
    expect(body).toContain("truncated to fit GitHub's size limit");
    // With fewer rows it fits without a cut, and says how many more there are.
    const smaller = renderWithin((rows) => renderComment({ ...big, failures: [] }, rows), MAX_COMMENT);
    expect(smaller).not.toContain('truncated');
    expect(visibleText(smaller)).toMatch(/…and \d+ more new findings \(all are in the SARIF report\)/);
  });
});

describe('trustgate --format markdown', () => {
  it('renders the same ids and names without artefacts, most severe first', () => {
    const md = toMarkdown(result, dir, { link: (f, l) => `https://github.com/acme/infra/blob/abc/${encodeURIComponent(f)}#L${l}` });
    const { html } = assertInert(md);
    const rows = tableRows(html).filter((r) => r.length === 5 && r[0] !== 'Severity');
    expect(rows[0][0]).toBe('⛔ CRITICAL');
    expect(rows[0][1]).toMatch(/^TG-AWS-004 /);
    const acl = result.findings.find((f) => f.ruleId === 'TG-AWS-004' && !f.suppressed)!;
    expect(rows[0][2]).toBe(`infra/${EVIL_FILE}:${acl.location.startLine}`.replace('@', '@\u200d'));
  });
});

describe('critical stands apart from high', () => {
  it('in SARIF (security-severity 9.x vs 7.x: code scanning\'s critical and high bands), the terminal and annotation titles', () => {
    const sarif = JSON.parse(toSarif(result, ALL_RULES.map(ruleMeta), dir));
    const score = new Map((sarif.runs[0].tool.driver.rules as any[]).map((r) => [r.id, Number(r.properties['security-severity'])]));
    for (const m of ALL_RULES.map(ruleMeta)) {
      if (m.severity === 'critical') expect(score.get(m.id)).toBeGreaterThanOrEqual(9);
      if (m.severity === 'high') expect(score.get(m.id)! >= 7 && score.get(m.id)! < 8).toBe(true);
    }
    const text = toText(result, dir, { color: false });
    expect(text).toMatch(/ CRITICAL +TG-AWS-004 /);
    expect(text).not.toMatch(/ critical +TG-/);
    const acl = input.classified.find((c) => c.finding.ruleId === 'TG-AWS-004' && !c.finding.suppressed)!;
    expect(annotationTitle(acl)).toBe('TG-AWS-004 CRITICAL: S3 bucket ACL grants access to everyone');
    const high = input.classified.find((c) => c.finding.severity === 'high');
    if (high) expect(annotationTitle(high)).toMatch(/^TG-[A-Z0-9]+-\d+ High: /);
  });
});
