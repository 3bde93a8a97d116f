// What the editor's workspace scan, coverage view and findings tree show, computed from a real scan of
// the extension's fixture workspace (extension/src/findings.ts and coverage.ts are free of the vscode
// API; the real-VS-Code suite checks the same through the editor).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../../core/engine.js';
import { SEVERITIES } from '../../../core/types.js';
import { ALL_RULES } from '../../../rules/index.js';
import { DEFAULT_SETTINGS, runFolder } from '../../src/unit.js';
import { describeCounts, groupFindings, scanCounts } from '../../src/findings.js';
import { coverageHtml, coverageRows, STATUSES, statusCounts } from '../../src/coverage.js';
import { buildMapping } from '../../../core/soc2/mapping.js';
import type { ScanResult } from '../../../core/types.js';
import { tempDirs } from '../../../test/tmp.js';

const WS = join(import.meta.dirname, '../workspace');
const tmp = tempDirs('tg-ext-views-');

describe('workspace scan counts', () => {
  it('counts files, unsuppressed findings by severity and errors, and says them in one sentence', async () => {
    const { result } = await runFolder(WS, new Map(), DEFAULT_SETTINGS);
    const c = scanCounts(result);
    expect(c.files).toBe(result.summary.filesScanned);
    const open = result.findings.filter((f) => !f.suppressed);
    expect(c.findings).toBe(open.length);
    expect(SEVERITIES.reduce((n, s) => n + c.bySeverity[s], 0)).toBe(c.findings);
    for (const s of SEVERITIES) expect(c.bySeverity[s]).toBe(open.filter((f) => f.severity === s).length);
    expect(c.errors).toBe(result.errors.filter((e) => e.kind === 'parse' || e.kind === 'read' || e.kind === 'limit' || e.kind === 'internal').length);
    expect(c.errors).toBeGreaterThanOrEqual(1); // broken/main.tf
    const sev = SEVERITIES.filter((s) => c.bySeverity[s]).map((s) => `${c.bySeverity[s]} ${s}`).join(', ');
    expect(describeCounts(c)).toMatch(new RegExp(`^${c.files} files scanned: ${c.findings} findings \\(${sev}\\), .*${c.errors} errors?$`));
  });

  it('says one file, one finding, no error in the singular', () => {
    const one = { files: 1, findings: 1, bySeverity: { critical: 0, high: 1, medium: 0, low: 0 }, suppressed: 0, errors: 0, invalidSuppressions: 0 };
    expect(describeCounts(one)).toBe('1 file scanned: 1 finding (1 high), 0 errors');
  });

  it('progress counts files, not units: a module of three files and two manifests end at 5/5', async () => {
    const d = tmp({
      'mod/main.tf': 'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n',
      'mod/variables.tf': 'variable "x" {\n  default = 1\n}\n',
      'mod/terraform.tfvars': 'x = 2\n',
      'k8s/a.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n      image: a\n',
      'k8s/b.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: b\nspec:\n  containers:\n    - name: b\n      image: b\n',
    });
    const seen: [number, number][] = [];
    const r = await scan({ paths: [d], cwd: d, rules: ALL_RULES, onProgress: (done, total) => seen.push([done, total]) });
    expect(r.summary.filesScanned).toBe(5);
    expect(seen.at(-1)).toEqual([5, 5]);
  });
});

describe('findings tree groups', () => {
  it('by criterion, file and severity: every unsuppressed finding is in the groups, in a stable order', async () => {
    const { result } = await runFolder(WS, new Map(), DEFAULT_SETTINGS);
    const open = result.findings.filter((f) => !f.suppressed);
    const bySev = groupFindings(result, 'severity', [WS]);
    expect(bySev.map((g) => g.key)).toEqual(SEVERITIES.filter((s) => open.some((f) => f.severity === s)));
    expect(bySev.reduce((n, g) => n + g.findings.length, 0)).toBe(open.length);
    const byFile = groupFindings(result, 'file', [WS]);
    expect(byFile.reduce((n, g) => n + g.findings.length, 0)).toBe(open.length);
    expect(byFile.map((g) => g.label)).toContain('apps/job.yaml');
    expect(byFile.every((g) => g.findings.every((f) => f.location.file === g.key))).toBe(true);
    const byCrit = groupFindings(result, 'criterion', [WS]);
    // A finding is listed under each criterion it fails.
    expect(byCrit.reduce((n, g) => n + g.findings.length, 0)).toBe(open.reduce((n, f) => n + f.controls.length, 0));
    expect(byCrit.find((g) => g.key === 'CC6.8')?.label).toBe('CC6.8');
    expect(byCrit.find((g) => g.key === 'CC6.8')?.description).toMatch(/^\d+ findings? · Unauthorised or malicious software is prevented or detected\.$/);
  });
});

describe('coverage view', () => {
  it('the headline counts are the rows summed by verdict, and add up to the rows', async () => {
    const { result } = await runFolder(WS, new Map(), DEFAULT_SETTINGS);
    const rows = coverageRows(result);
    const html = coverageHtml(result, ['workspace']);
    const headline = /<p id="headline">([^<]*(?:<b>[^<]*<\/b>[^<]*)*)/.exec(html)![1].replace(/<\/?b>/g, '');
    const m = /^(\d+) criteria: (\d+) fail, (\d+) incomplete, (\d+) pass, (\d+) not evaluated \(no applicable resource\), (\d+) without an enabled rule, (\d+) not automatable from code\./.exec(headline);
    expect(m, headline).toBeTruthy();
    const [total, ...perStatus] = m!.slice(1).map(Number);
    expect(total).toBe(rows.length);
    expect(perStatus).toEqual(STATUSES.map((s) => rows.filter((r) => r.status === s).length));
    expect(perStatus.reduce((a, b) => a + b, 0)).toBe(rows.length);
    expect(Object.values(statusCounts(rows)).reduce((a, b) => a + b, 0)).toBe(rows.length);
    // Each row's findings are the unsuppressed findings citing it (what the findings tree lists under it).
    const tree = new Map(groupFindings(result, 'criterion').map((g) => [g.key, g.findings.length]));
    for (const r of rows) expect(r.failed, r.id).toBe(tree.get(r.id) ?? 0);
    // Every row is in the table once.
    expect(html.match(/<tr class="[^"]*" data-criterion=/g)?.length).toBe(rows.length);
  });

  it('a criterion that rules evidence (CC1.3) or that has a finding is never "not automatable"', async () => {
    const { result } = await runFolder(WS, new Map(), DEFAULT_SETTINGS);
    const mapping = new Map(buildMapping(ALL_RULES).criteria.map((c) => [c.id, c.status]));
    for (const r of coverageRows(result)) if (r.status === 'not automatable') expect(mapping.get(r.id), r.id).toBe('not-automatable');
    // No rule of CC1.3 ran (e.g. only Kubernetes files): "no enabled rule", not "not automatable".
    const bare: ScanResult = { ...result, summary: { ...result.summary, byControl: {} }, findings: [] };
    expect(coverageRows(bare).find((r) => r.id === 'CC1.3')?.status).toBe('no enabled rule');
    expect(coverageRows(bare).find((r) => r.id === 'A1.3')?.status).toBe('not automatable');
    // A finding citing a criterion makes it fail, whatever the summary says.
    const f = { ...result.findings.find((x) => !x.suppressed)!, controls: ['CC1.3'] };
    const one: ScanResult = { ...bare, findings: [f] };
    const row = coverageRows(one).find((r) => r.id === 'CC1.3')!;
    expect(row.status).toBe('fail');
    expect(row.failed).toBe(1);
  });

  it('a compensated finding is counted as compensated, not as suppressed', async () => {
    const { result } = await runFolder(WS, new Map(), DEFAULT_SETTINGS);
    const f = result.findings.find((x) => !x.suppressed)!;
    const comp = { ...f, controls: ['CC6.8'], suppressed: true, compensated: { by: 'policies/admission.yaml', status: 'verified' as const, detail: 'enforces it', line: 1 } };
    const sup = { ...f, controls: ['CC6.8'], suppressed: true, suppression: { source: 'comment' as const, reason: 'lab' } };
    const one: ScanResult = { ...result, findings: [comp, sup] };
    expect(coverageRows(one).find((r) => r.id === 'CC6.8')).toMatchObject({ failed: 0, suppressed: 1, compensated: 1 });
    expect(coverageHtml(one, [])).toMatch(/data-criterion="CC6\.8">.*1 suppressed · 1 compensated/);
  });

  it('lists failing criteria first, then incomplete, passing, not evaluated, without a rule', async () => {
    const { result } = await runFolder(WS, new Map(), DEFAULT_SETTINGS);
    const order = coverageRows(result).map((r) => STATUSES.indexOf(r.status));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(coverageRows(result)[0].status).toBe('fail');
  });

  it('fits a narrow panel: fixed table layout, long words wrap, no script; values are escaped', async () => {
    const { result } = await runFolder(WS, new Map(), DEFAULT_SETTINGS);
    const html = coverageHtml(result, ['<ws>']);
    expect(html).toMatch(/table\{[^}]*table-layout:fixed/);
    expect(html).toMatch(/overflow-wrap:anywhere/);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;ws&gt;');
    expect(html).not.toContain('<ws>');
  });
});
