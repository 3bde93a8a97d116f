import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/cli.js';
import { buildPack, csvCell, toPackCsv, toPackHtml } from '../../core/evidence/export.js';
import { verifyLedger } from '../../core/evidence/ledger.js';
import { makeLedger, makeRecord } from './generate.js';
import { appendToLedgerText } from '../../core/evidence/ledger.js';
import { screenshotPath } from '../screenshots.js';
import { PRINT_LOOK, printLook } from '../print-look.js';

const dir = mkdtempSync(join(tmpdir(), 'tg-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const HOSTILE = '<script>alert("pwn")</script> & <img src=x onerror=alert(1)>';
const HOSTILE_FILE = 'envs/<script>evil()</script>.tf';
const N = 56;
const ledger = makeLedger(N, (i) => (i === 5 ? { title: HOSTILE, file: HOSTILE_FILE } : {}));
writeFileSync(join(dir, 'ledger.jsonl'), ledger);

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd: dir, isTTY: false, env: {} });
  return { code, out, err };
}

describe('auditor export', () => {
  it('population, exceptions, risk register and per-criterion summary for a window', () => {
    const v = verifyLedger(ledger);
    expect(v.ok).toBe(true);
    const p = buildPack(v.records, { from: '2026-01-01', to: '2026-12-31', generatedAt: new Date('2026-06-30T12:00:00Z') });
    expect(p.totals.changes).toBe(N);
    expect(p.pullRequestRuns).toBe(Math.ceil(N / 5));
    const noApproval = p.exceptions.filter((e) => e.type === 'merged-without-independent-approval').map((e) => e.change);
    expect(noApproval).toEqual(['acme/infra#105', 'acme/infra#122', 'acme/platform#139']);
    expect(p.exceptions.filter((e) => e.type === 'merged-with-failing-checks')).toHaveLength(4);
    expect(p.exceptions.find((e) => e.type === 'expired-suppression')?.detail).toContain('expired on 2026-02-28 (added by Carol Risk)');
    const legacy = p.riskAcceptances.find((r) => r.repository === 'acme/infra' && r.ruleId === 'TG-AWS-001')!;
    // Its owner is who approved the change that added it, not who wrote the line.
    expect(legacy).toMatchObject({ owner: 'erin', acceptedIn: 'acme/infra#102', acceptedInUrl: 'https://github.com/acme/infra/pull/102', gitAuthor: 'Alice Author <alice@example.com>', expires: '2026-09-30', criteria: ['CC7.2', 'CC4.1'], ageDays: 345 });
    // Added before the ledger's first record: nobody in the ledger approved it, and the export says so.
    expect(p.riskAcceptances.find((r) => r.ruleId === 'TG-K8S-001')).toMatchObject({ owner: 'unknown: added before the ledger', acceptedIn: null, gitAuthor: 'Dave Ops <dave@example.com>' });
    // Links: the pull request, the run that gated its head (every fifth change has one) and the merge run.
    expect(p.population[0]).toMatchObject({ url: 'https://github.com/acme/infra/pull/100', gateRunUrl: 'https://github.com/acme/infra/actions/runs/8000', mergeRunUrl: 'https://github.com/acme/infra/actions/runs/9000' });
    expect(p.population[1]).toMatchObject({ gateRunUrl: null, mergeRunUrl: 'https://github.com/acme/infra/actions/runs/9001' });
    // The required checks in force, one period per repository while they stay the same.
    expect(p.protection.map((x) => [x.repository, x.requiredChecks, x.changes])).toEqual([
      ['acme/infra', ['ci/test', 'trustgate'], p.population.filter((c) => c.repository === 'acme/infra').length],
      ['acme/platform', ['ci/test', 'trustgate'], p.population.filter((c) => c.repository === 'acme/platform').length],
    ]);
    // Records written before the protection snapshot existed: "not recorded", never "none".
    expect(p.population[0].protection).toBeNull();
    expect(toPackHtml(p)).toContain('<span class="na">not recorded</span>');
    // The others hold what was in force; a 403 on classic protection makes the figures a lower bound.
    expect(p.population[1].protection).toMatchObject({ requiredApprovingReviews: 2, complete: true });
    expect(toPackHtml(p)).toContain('<b>at least 1 approving review</b><br>checks: <span class="mono">ci/test, trustgate (at least)</span>');
    expect(toPackCsv(p).split('\r\n')[6]).toMatch(/,not recorded,not recorded,not recorded,/);
    // No later change references these exceptions: open.
    expect(p.exceptions.every((e) => e.resolution.startsWith('open: '))).toBe(true);
    expect(p.criteria.map((c) => c.id)).toEqual(['CC4.1', 'CC6.1', 'CC6.8', 'CC7.2']);
    expect(p.criteria[0].changes).toBe(N);
    // A narrower window: only changes merged inside it, inclusive of the last day.
    const jan = buildPack(v.records, { from: '2026-01-01', to: '2026-01-31' });
    expect(jan.population.every((c) => c.mergedAt >= '2026-01-01' && c.mergedAt <= '2026-01-31T23:59:59.999Z')).toBe(true);
    expect(jan.totals.changes).toBe(16);
  });

  it('how each exception was resolved: a later change that names it, a suppression removed; otherwise open', () => {
    // #105 merged without independent approval; #108 names it as its ticket. #143 merged with its
    // suppression expired; #147 (after the window) removes it. #107 failed its checks; nothing follows up.
    const followUp = makeRecord(8);
    followUp.tickets.push({ ref: '#105', kind: 'issue', sources: ['body'] });
    const removal = makeRecord(47);
    removal.suppressions.removed = removal.suppressions.expired;
    removal.suppressions.expired = [];
    removal.exceptions = removal.exceptions.filter((e) => e !== 'expired-suppression');
    let text = '';
    for (const r of [makeRecord(5), followUp, makeRecord(7), makeRecord(43), removal]) text = appendToLedgerText(text, r).text;
    const v = verifyLedger(text);
    expect(v.ok, JSON.stringify(v.problem)).toBe(true);
    const p = buildPack(v.records, { from: '2026-01-01', to: '2026-03-20' });
    const by = (type: string) => p.exceptions.find((e) => e.type === type)!;
    expect(by('merged-without-independent-approval')).toMatchObject({ change: 'acme/infra#105', resolvedIn: 'acme/infra#108', resolvedInUrl: 'https://github.com/acme/infra/pull/108' });
    expect(by('merged-without-independent-approval').resolution).toMatch(/^follow-up acme\/infra#108 merged 2026-01-\d\d, approved by erin$/);
    expect(by('merged-with-failing-checks')).toMatchObject({ change: 'acme/platform#107', resolution: 'open: no later change references it', resolvedIn: null });
    expect(by('expired-suppression')).toMatchObject({ resolvedIn: 'acme/platform#147' });
    expect(by('expired-suppression').resolution).toMatch(/^suppression removed by acme\/platform#147 on 2026-03-\d\d$/);
    // The HTML shows the resolution with a link to the change that resolved it; the CSV has the columns.
    const html = toPackHtml(p);
    expect(html).toContain('follow-up <a href="https://github.com/acme/infra/pull/108">acme/infra#108</a> merged');
    expect(toPackCsv(p)).toMatch(/\r\ntype,repository,change,detail,date,resolution,resolved_in,resolved_in_url\r\n/);
  });

  it('HTML: self-contained, no script, every value escaped', async () => {
    const r = await cli(['evidence', 'export', 'ledger.jsonl', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'html', '--output', 'pack.html']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`${N} changes`);
    const html = readFileSync(join(dir, 'pack.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+=/i); // no event-handler attribute in any tag
    expect(html).toContain('&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/src=["']?(https?:|\/\/)/i);
    // Links only to the pull requests and runs the records name.
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\/github\.com\/acme\/infra\/(pull|actions\/runs)\/\d+$/);
    expect(html).not.toMatch(/<link|@import|url\(/i);
    expect(html).toContain("Content-Security-Policy");
  });

  it('HTML renders in headless chromium: population count and an exception row; screenshot', async () => {
    if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does this)');
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1250 } });
      const requests: string[] = [];
      page.on('request', (q) => requests.push(q.url()));
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      // The CLI's file, with a fixed "Generated" time so the committed screenshot only changes when the layout does.
      const cliHtml = readFileSync(join(dir, 'pack.html'), 'utf8');
      const fixed = toPackHtml(buildPack(verifyLedger(ledger).records, { from: '2026-01-01', to: '2026-12-31', generatedAt: new Date('2026-07-01T09:00:00Z') }));
      expect(fixed.replace(/Generated<\/dt><dd>.*?<\/dd>/, '')).toBe(cliHtml.replace(/Generated<\/dt><dd>.*?<\/dd>/, ''));
      writeFileSync(join(dir, 'fixed.html'), fixed);
      await page.goto(pathToFileURL(join(dir, 'fixed.html')).href);
      const text = await page.innerText('body');
      expect(text).toContain(`${N}\nchanges in population`);
      expect(text).toContain(`Population of changes (${N})`);
      const rows = await page.locator('h2:has-text("Population") + table tbody tr').count();
      expect(rows).toBe(N);
      const exc = await page.locator('h2:has-text("Exceptions") + table tbody tr').allInnerTexts();
      expect(exc.some((t) => t.includes('Merged without independent approval') && t.includes('acme/infra#105'))).toBe(true);
      expect(exc.some((t) => t.includes('Expired suppression'))).toBe(true);
      expect(text).toContain(HOSTILE); // shown as text, not run
      expect(dialogs).toBe(0);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      // Its tables look as the readiness report's: one shared stylesheet (core/report/print-css.ts).
      expect(await printLook(page)).toEqual(PRINT_LOOK);
      await page.screenshot({ path: screenshotPath('evidence-export.png'), fullPage: false });
      // Printable: a PDF renders too.
      const pdf = await page.pdf({ format: 'A4', landscape: true });
      expect(pdf.length).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('CSV: tables with headers, quoting, and no formula injection', async () => {
    const r = await cli(['evidence', 'export', 'ledger.jsonl', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Population of changes\r\nrepository,pr,title,');
    expect(r.out.split('\r\n').filter((l) => l.startsWith('acme/')).length).toBeGreaterThanOrEqual(N);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(['x', 'y'])).toBe('x; y');
  });

  it('JSON: the pack as data', async () => {
    const r = await cli(['evidence', 'export', 'ledger.jsonl', '--from', '2026-01-01', '--to', '2026-12-31', '--format', 'json']);
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out);
    expect(p.totals.changes).toBe(N);
    expect(p.ledger).toMatchObject({ records: N + Math.ceil(N / 5), verified: true });
  });

  it('an empty window renders, and --from after --to is a usage error', async () => {
    const html = toPackHtml(buildPack([], { from: '2020-01-01', to: '2020-01-31' }));
    expect(html).toContain('No changes were merged in the window.');
    const r = await cli(['evidence', 'export', 'ledger.jsonl', '--from', '2026-02-01', '--to', '2026-01-01', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('is after --to');
  });
});
