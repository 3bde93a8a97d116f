// The change history (Type II) from a generated ledger: the same population as `trustgate evidence
// export`, weekly counts that add up, the median time to remediate recomputed here, and charts drawn
// as inline SVG in a file with no script.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReadinessReport } from '../../core/readiness/model.js';
import { weekOf } from '../../core/readiness/history.js';
import { tempDirs } from '../tmp.js';
import { generatedLedger } from './ledger.js';
import { validateReport } from './schema.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const tmp = tempDirs('tg-hist-');
const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, GITHUB_REPOSITORY: '' } });

describe('change history from the ledger', () => {
  const { text, records } = generatedLedger(300);
  const d = tmp({ 'main.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n' });
  writeFileSync(join(d, 'ledger.jsonl'), text);
  const window = ['--from', '2026-02-01', '--to', '2026-06-30'];
  const run = cli(['report', '.', '--ledger', 'ledger.jsonl', ...window, '--format', 'json'], d);
  const r = JSON.parse(run.stdout) as ReadinessReport;

  it('counts the same changes as the auditor pack, week by week', () => {
    expect(run.status).toBe(0);
    expect(validateReport(r)).toEqual([]);
    expect(r.window).toEqual({ from: '2026-02-01', to: '2026-06-30' });
    const pack = JSON.parse(cli(['evidence', 'export', 'ledger.jsonl', ...window, '--format', 'json'], d).stdout);
    const h = r.history!;
    expect(h.totals.changes).toBe(pack.totals.changes);
    expect(h.totals.independentlyApproved).toBe(pack.totals.independentlyApproved);
    expect(h.totals.checksPassed).toBe(pack.totals.checksPassed);
    expect(h.exceptions.length).toBe(pack.exceptions.length);
    expect(h.weeks.reduce((a, w) => a + w.changes, 0)).toBe(h.totals.changes);
    // Every week of the window is present, quiet ones too, Monday-based.
    expect(h.weeks[0].week).toBe(weekOf('2026-02-01T00:00:00Z'));
    expect(h.weeks.length).toBe(23); // from the week of Mon 26 Jan to the week of Mon 29 Jun
    for (const w of h.weeks) expect(new Date(`${w.week}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(h.totals.changes).toBeGreaterThan(50);
    expect(h.totals.independentlyApproved).toBeLessThan(h.totals.changes);
  });

  it('computes the median time to remediate from the findings a later change fixed', () => {
    const from = Date.parse('2026-02-01T00:00:00Z');
    const to = Date.parse('2026-06-30T23:59:59.999Z');
    const opened = new Map<string, number>();
    const days: number[] = [];
    for (const x of records) {
      const at = Date.parse(x.merge!.mergedAt);
      for (const f of x.findings.fixed) if (opened.has(f.key) && at >= from && at <= to) days.push((at - opened.get(f.key)!) / 86_400_000);
      for (const f of x.findings.new) opened.set(f.key, at);
    }
    days.sort((a, b) => a - b);
    const m = days.length % 2 ? days[days.length >> 1] : (days[days.length / 2 - 1] + days[days.length / 2]) / 2;
    expect(days.length).toBeGreaterThan(5);
    expect(r.history!.remediation).toMatchObject({ fixed: days.length, medianDays: Math.round(m * 10) / 10 });
    expect(r.history!.totals.findingsFixed).toBe(records.filter((x) => x.findings.counts.fixed && Date.parse(x.merge!.mergedAt) >= from && Date.parse(x.merge!.mergedAt) <= to).length);
  });

  it('draws the weekly series as inline SVG in HTML, with the numbers of the JSON', () => {
    const html = cli(['report', '.', '--ledger', 'ledger.jsonl', ...window], d).stdout;
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org\/2000\/svg)[^"]*\.(js|css)/);
    const t = r.history!.totals;
    expect(html).toContain(`data-changes="${t.changes}" data-approved="${t.independentlyApproved}" data-checks="${t.checksPassed}"`);
    const md = cli(['report', '.', '--ledger', 'ledger.jsonl', ...window, '--format', 'markdown'], d).stdout;
    expect(md).toContain(`${t.changes} changes merged`);
  });

  it('takes the window from the ledger when --from/--to are not given', () => {
    const all = JSON.parse(cli(['report', '.', '--ledger', 'ledger.jsonl', '--format', 'json'], d).stdout) as ReadinessReport;
    expect(all.window).toEqual({ from: records[0].timestamps.recordedAt.slice(0, 10), to: records.at(-1)!.timestamps.recordedAt.slice(0, 10) });
    expect(all.history!.totals.changes).toBe(300);
  });
});
