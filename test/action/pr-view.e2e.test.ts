// What a reviewer sees of the bundled Action on examples/pr-sample: its job summary and its sticky
// comment, rendered as GitHub renders Markdown (GFM to HTML, GitHub's markdown CSS) in headless
// chromium, 1600 px wide. Asserts the words in the order a reader meets them, and refreshes the
// screenshots in docs/images/ (pr-summary.png, pr-comment.png) that README shows.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderGfm } from '../markdown-render.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { makePrRepo, prEvent, ROOT, runAction, type RunResult, type Tree } from './harness.js';
import { screenshotPath } from '../screenshots.js';

const CSS = readFileSync(createRequire(import.meta.url).resolve('github-markdown-css/github-markdown-light.css'), 'utf8');

function readTree(dir: string): Tree {
  const out: Tree = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A page like GitHub's: the rendered Markdown in a bordered box of GitHub's width, GitHub's CSS. */
function page(title: string, markdown: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title><style>${CSS}
body{margin:0;background:#f6f8fa;font-family:-apple-system,"Segoe UI","Noto Sans",Helvetica,Arial,sans-serif,"Noto Color Emoji"}
.box{max-width:1012px;margin:24px auto;background:#fff;border:1px solid #d1d9e0;border-radius:6px}
.head{padding:8px 16px;border-bottom:1px solid #d1d9e0;background:#f6f8fa;font:600 14px -apple-system,"Segoe UI","Noto Sans",sans-serif;color:#1f2328;border-radius:6px 6px 0 0}
.markdown-body{padding:16px 24px}</style></head>
<body><div class="box"><div class="head">${title}</div><article class="markdown-body">${renderGfm(markdown)}</article></div></body></html>`;
}

let gh: FakeGitHub;
let r: RunResult;
beforeAll(async () => {
  const sample = join(ROOT, 'examples/pr-sample');
  const repo = makePrRepo(readTree(join(sample, 'base')), readTree(join(sample, 'head')), { replace: true });
  // The pull request as the API describes it (the evidence step reads it), with one approving review.
  const user = (login: string) => ({ login, type: 'User' });
  gh = await startFakeGitHub({
    prFiles: repo.prFiles,
    pulls: {
      42: {
        number: 42,
        title: 'Partner exports bucket (OPS-7)',
        body: null,
        html_url: 'https://github.com/acme/infra/pull/42',
        state: 'open',
        draft: false,
        user: user('octocat'),
        labels: [],
        created_at: '2026-12-01T09:00:00Z',
        updated_at: '2026-12-01T10:00:00Z',
        merged_at: null,
        merged_by: null,
        merge_commit_sha: null,
        base: { ref: 'main', sha: repo.baseSha },
        head: { ref: 'feature', sha: repo.headSha },
      },
    },
    reviews: { 42: [{ id: 1, user: user('carol'), state: 'APPROVED', commit_id: repo.headSha, submitted_at: '2026-12-01T11:00:00Z' }] },
    commits: { 42: [{ sha: repo.headSha, author: user('octocat'), commit: { author: { name: 'octocat' }, message: 'head' } }] },
  });
  r = await runAction({ workspace: repo.dir, event: prEvent(42, repo), apiUrl: gh.url });
}, 60_000);
afterAll(async () => gh?.close());

describe('the pull request view, as GitHub renders it', () => {
  it('job summary and sticky comment in headless chromium: findings first, no escaping artefacts; screenshots', async () => {
    if (!existsSync('/usr/bin/chromium')) throw new Error('/usr/bin/chromium is missing: apt-get install -y chromium (.ci/run does this)');
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const views = [
        { name: 'pr-summary', title: 'Trustgate SOC 2 — job summary', md: r.summary },
        { name: 'pr-comment', title: 'github-actions bot commented', md: gh.comments[0].body },
      ];
      const texts: Record<string, string> = {};
      for (const v of views) {
        const file = join(r.runnerTemp, `${v.name}.html`);
        writeFileSync(file, page(v.title, v.md));
        const p = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
        const requests: string[] = [];
        p.on('request', (q) => requests.push(q.url()));
        await p.goto(pathToFileURL(file).href);
        const text = await p.innerText('article');
        texts[v.name] = text;
        // No Markdown escape shows as a backslash (the rule ids are in code spans).
        expect(text).not.toContain('\\');
        expect(text).toContain('TG-AWS-004');
        // The verdict, then the new findings, most severe first: the critical public ACL leads.
        const lines = text.split('\n').filter((l) => l.trim());
        expect(lines[0]).toMatch(/^❌ Trustgate SOC 2( scan)?: fail$/);
        const first = lines.findIndex((l) => /^⛔ CRITICAL /.test(l));
        expect(first).toBeGreaterThan(0);
        expect(lines[first]).toContain('S3 bucket ACL grants access to everyone');
        expect(lines.slice(first).find((l) => l.startsWith('Fix: '))).toBeTruthy();
        expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
        await p.screenshot({ path: screenshotPath(`${v.name}.png`), fullPage: true });
        await p.close();
      }
      // The summary: criteria the change touches before the collapsed full table; the comment has none.
      const s = texts['pr-summary'];
      expect(s.indexOf('New findings')).toBeLessThan(s.indexOf('SOC 2 criteria this change touches'));
      expect(s).toContain('All SOC 2 criteria');
      expect(texts['pr-comment']).not.toContain('SOC 2 criteria this change touches');
      expect(texts['pr-comment']).toContain('the job summary of this run');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
