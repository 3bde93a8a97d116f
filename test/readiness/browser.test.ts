// The HTML readiness report in headless Debian chromium, as an auditor opens and prints it: no
// console errors, no request leaves the file, every criterion section with the numbers of the JSON,
// a page per section when printed to A4, and the screenshots committed under docs/images/.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ReadinessReport } from '../../core/readiness/model.js';
import { tempDirs } from '../tmp.js';
import { generatedLedger } from './ledger.js';
import { screenshotPath } from '../screenshots.js';
import { PRINT_LOOK, printLook } from '../print-look.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const tmp = tempDirs('tg-browser-');
const year = new Date().getUTCFullYear();

/** A repository like a team's: the examples, a CODEOWNERS, controls and policy documents, a ledger; one fixed commit. */
function sampleRepo(): string {
  const d = tmp({
    '.github/CODEOWNERS': '* @acme/platform\n/terraform/ @acme/infra\n/kubernetes/ @acme/sre\n/github/ @acme/devex\n',
    '.trustgate.yml': `controls:\n  risk-assessment: { owner: security, evidence: https://wiki.example.com/risk, last-review: ${year}-01-15 }\n  access-reviews: { owner: it, evidence: https://tickets.example.com/AR, last-review: 2024-01-01, review-interval: quarterly }\n  background-checks: { owner: people-ops, evidence: https://hr.example.com/screening, last-review: ${year}-02-01 }\n`,
    'policies/information-security.md': `---\ntitle: Information Security Policy\nowner: CISO\nversion: 3.1\napproved-by: Board\napproved-on: ${year}-01-20\n---\n`,
    'policies/incident-response.md': `---\ntitle: Incident Response Plan\nowner: security-oncall\nversion: 4\napproved-by: CISO\napproved-on: ${year}-03-03\n---\n`,
    'ledger.jsonl': generatedLedger(400).text,
  });
  cpSync(join(ROOT, 'examples'), d, { recursive: true });
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: d, GIT_AUTHOR_NAME: 'Acme CI', GIT_AUTHOR_EMAIL: 'ci@acme.example', GIT_COMMITTER_NAME: 'Acme CI', GIT_COMMITTER_EMAIL: 'ci@acme.example', GIT_AUTHOR_DATE: '2026-07-01T09:00:00Z', GIT_COMMITTER_DATE: '2026-07-01T09:00:00Z' };
  const g = (...a: string[]) => execFileSync('git', ['-C', d, ...a], { stdio: 'pipe', env });
  g('init', '-q', '-b', 'main');
  g('remote', 'add', 'origin', 'https://github.com/acme/infra.git');
  g('add', '-A');
  g('commit', '-q', '-m', 'infrastructure');
  return d;
}

describe('the HTML report in chromium', () => {
  it('renders with no console error and no request, shows every section with the JSON numbers, prints a page per section', async () => {
    if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does this)');
    const d = sampleRepo();
    const args = ['report', '.', '--ledger', 'ledger.jsonl', '--from', '2026-01-01', '--to', '2026-06-30'];
    const run = (f: string) => spawnSync(process.execPath, [BIN, ...args, '--format', f, '--output', `report.${f}`], { cwd: d, encoding: 'utf8', env: { ...process.env, GITHUB_REPOSITORY: '' } });
    for (const f of ['json', 'html', 'markdown']) expect(run(f).status).toBe(0);
    const r = JSON.parse(readFileSync(join(d, 'report.json'), 'utf8')) as ReadinessReport;
    // A fixed "Generated" time, so the committed screenshot changes only when the layout does.
    writeFileSync(join(d, 'report.html'), readFileSync(join(d, 'report.html'), 'utf8').replace(/(<dt>Generated<\/dt><dd>)[^<]*/, '$12026-07-01T09:00:00.000Z'));

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('request', (q) => requests.push(q.url()));
      await page.goto(pathToFileURL(join(d, 'report.html')).href);

      expect(await page.locator('#score .big').innerText()).toBe(`${r.score.overall.percent}%`);
      expect(await page.locator('header').innerText()).toContain(r.repository.commit!);
      expect(r.repository.name).toBe('acme/infra');
      for (const s of r.sections) {
        const sec = page.locator(`section#${s.id}`);
        expect(await sec.count(), s.id).toBe(1);
        expect(await sec.locator('h2').innerText()).toContain(`${s.id} ${s.title}`);
        const text = await sec.innerText();
        expect(text).toContain(`${s.score.percent}% (${s.score.credited} of ${s.score.points} points credited) · ${s.findings.total} open findings · ${s.suppressions.length} suppressions in force`);
        expect(await sec.locator('h3:has-text("Open findings") + table tbody tr').count()).toBe(Math.max(1, s.findings.listed.length));
        expect(await sec.locator('h3:has-text("Points and verdicts") + table tbody tr').count()).toBe(s.points.length);
        for (const p of s.points) expect(text).toContain(p.id);
      }
      const h = r.history!;
      expect(await page.locator('#history p').first().innerText()).toContain(`${h.totals.changes} changes merged`);
      expect(await page.locator('#history svg').count()).toBe(3);
      const owners = await page.locator('#owners table tbody tr').allInnerTexts();
      expect(owners.length).toBe(r.ownership.groups.length);
      expect(owners[0]).toContain(`${r.ownership.groups[0].owner}\t${r.ownership.groups[0].findings}`);
      expect(problems).toEqual([]);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      // Its tables look as the evidence export's: one shared stylesheet (core/report/print-css.ts).
      expect(await printLook(page)).toEqual(PRINT_LOOK);

      await page.screenshot({ path: screenshotPath('readiness-report.png') });
      await page.locator('#history').scrollIntoViewIfNeeded();
      await page.locator('#history').screenshot({ path: screenshotPath('readiness-history.png') });
      // Printed to A4: a page break before each section, so at least one page per section.
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
      expect(pages).toBeGreaterThanOrEqual(r.sections.length + 2);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
