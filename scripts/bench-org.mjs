// npm run bench (part): `trustgate aggregate` over generated per-repository results, as the org scan
// writes them (repo.json + scan.json + readiness.json per repository), at 1,000 and 10,000 repositories: time, peak
// memory, and how memory grows with the repositories (bounded: rows per repository, not findings).
//   node scripts/bench-org.mjs [--quick]   (--quick: 1,000 and 3,000)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin', 'trustgate.js');
const quick = process.argv.includes('--quick');

function prng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const CRITERIA = ['CC2.1', 'CC3.4', 'CC4.1', 'CC6.1', 'CC6.2', 'CC6.3', 'CC6.6', 'CC6.7', 'CC6.8', 'CC7.1', 'CC7.2', 'CC7.3', 'CC7.4', 'CC7.5', 'CC8.1', 'CC9.2', 'A1.2', 'C1.1', 'C1.2', 'PI1.5'];
const RULES = Array.from({ length: 60 }, (_, i) => ({ id: `TG-GEN-${String(i).padStart(3, '0')}`, severity: ['critical', 'high', 'medium', 'low'][i % 4], controls: [CRITERIA[i % CRITERIA.length], CRITERIA[(i * 7) % CRITERIA.length]] }));

/** One repository's `trustgate scan --format json` as the engine writes it (shape, not content). */
function scanJson(r) {
  const n = Math.floor(r() ** 2 * 80); // most repositories have few findings, some many
  const findings = [];
  for (let k = 0; k < n; k++) {
    const rule = RULES[Math.floor(r() * RULES.length)];
    findings.push({ ruleId: rule.id, title: `Generated finding of ${rule.id}`, category: 'access-control', severity: rule.severity, controls: rule.controls, message: `Resource "r${k}" violates ${rule.id} in a way a message describes at some length.`, remediation: 'Change the attribute to its safe value.', location: { file: `modules/m${k % 7}/main.tf`, startLine: 1 + k, startColumn: 1, endLine: 3 + k, endColumn: 2 }, suppressed: r() < 0.05 });
  }
  const byControl = {};
  for (const c of CRITERIA) {
    const failed = findings.filter((f) => !f.suppressed && f.controls.includes(c)).length;
    const resources = failed + Math.floor(r() * 20);
    byControl[c] = { verdict: failed ? 'fail' : resources ? 'pass' : 'not-evaluated', rules: 10, resources, failed, suppressed: 0, indeterminate: 0, unresolvedModules: 0 };
  }
  const bySeverity = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) if (!f.suppressed) bySeverity[f.severity]++;
  return JSON.stringify({ tool: { name: 'trustgate', version: '0.1.0' }, soc2: { mappingVersion: '0.1.0', mappingDigest: 'sha256:' + '1'.repeat(64), rulesetDigest: 'sha256:' + '2'.repeat(64) }, findings, indeterminate: [], errors: [], unresolvedModules: [], summary: { filesScanned: 10 + n, filesByKind: { terraform: 10, kubernetes: n, workflow: 0 }, findings: n, suppressed: 0, bySeverity, byControl, durationMs: 100 } }, null, 2);
}

const SECTIONS = ['CC1', 'CC2', 'CC3', 'CC4', 'CC5', 'CC6', 'CC7', 'CC8', 'CC9', 'A1', 'C1', 'PI1', 'P'];
const VERDICTS = ['fail', 'incomplete', 'pass', 'not-evaluated'];

/** One repository's readiness report (`trustgate report --format json`), the parts aggregate reads, with listed findings for weight. */
function readinessJson(r) {
  const sections = SECTIONS.map((id) => {
    const total = Math.floor(r() ** 2 * 20);
    const listed = Array.from({ length: total }, (_, k) => ({ ruleId: RULES[k % RULES.length].id, severity: 'high', title: 'Generated', message: `Resource "r${k}" violates a rule.`, file: `modules/m${k % 7}/main.tf`, line: k + 1, column: 1, url: null, criteria: [`${id}.1`], suppressionExpired: null, owners: [] }));
    const comps = r() < 0.1 ? [{ ruleId: 'TG-GEN-001', file: 'k8s/pod.yaml', line: 3, control: 'policies/p.yaml', status: ['verified', 'exists', 'invalid'][Math.floor(r() * 3)], detail: 'generated', reason: null, addedBy: null, findings: 1, criteria: [`${id}.1`] }] : [];
    return { id, title: `Section ${id}`, verdict: VERDICTS[Math.floor(r() * 4)], score: { credited: 1, points: 4, percent: Math.floor(r() * 101) }, findings: { total, listed, truncated: false }, suppressions: [], compensations: comps };
  });
  return JSON.stringify({ schemaVersion: 1, kind: 'trustgate-readiness-report', repository: { name: 'generated', commit: null }, score: { overall: { credited: 10, points: 60, percent: Math.floor(r() * 101) } }, sections }, null, 2);
}

function generate(dir, repos) {
  const r = prng(11);
  let bytes = 0;
  for (let i = 0; i < repos; i++) {
    const name = `acme/repo-${String(i).padStart(5, '0')}`;
    const d = join(dir, `batch-${Math.floor(i / 40)}`, name.replace('/', '__'));
    mkdirSync(d, { recursive: true });
    const scanned = r() > 0.01;
    const rec = JSON.stringify({ kind: 'trustgate-org-repository', repository: name, defaultBranch: 'main', teams: [`@acme/team-${i % 37}`], status: scanned ? 'scanned' : 'error', ...(scanned ? {} : { reason: 'fetch failed (exit 128): remote: Repository not found.' }), protection: { requiredReviews: i % 3 ? 1 : 0, requiredChecks: ['ci'], sources: ['protection', 'rulesets'] } });
    writeFileSync(join(d, 'repo.json'), rec);
    bytes += rec.length;
    if (scanned) {
      const s = scanJson(r);
      writeFileSync(join(d, 'scan.json'), s);
      const rd = readinessJson(r);
      writeFileSync(join(d, 'readiness.json'), rd);
      bytes += s.length + rd.length;
    }
  }
  return bytes;
}

function aggregate(dir, format) {
  const out = join(dir, '..', `org.${format}`);
  const t0 = performance.now();
  const p = spawnSync(process.execPath, [BIN, 'aggregate', dir, '--format', format, '--output', out], { encoding: 'utf8', env: { ...process.env, TRUSTGATE_STATS: '1' } });
  const ms = performance.now() - t0;
  if (p.status !== 0) throw new Error(`aggregate failed (${p.status}): ${p.stderr.slice(0, 500)}`);
  const stats = JSON.parse(p.stderr.split('\n').find((l) => l.startsWith('{"maxRssMB"')) ?? '{}');
  return { ms, maxRssMB: stats.maxRssMB };
}

const work = mkdtempSync(join(tmpdir(), 'tg-bench-org-'));
try {
  console.log('trustgate aggregate (generated per-repository results, repo.json + scan.json + readiness.json each)');
  const pts = [];
  for (const n of quick ? [1000, 3000] : [1000, 10_000]) {
    const d = join(work, `r${n}`, 'results');
    const bytes = generate(d, n);
    const json = aggregate(d, 'json');
    // The readiness reports were folded, not skipped.
    const rd = JSON.parse(readFileSync(join(d, '..', 'org.json'), 'utf8')).readiness;
    if (!rd || rd.withoutReport !== 0) throw new Error(`the readiness reports were not all read: ${JSON.stringify(rd && { repositories: rd.repositories, withoutReport: rd.withoutReport })}`);
    const html = aggregate(d, 'html');
    pts.push({ n, ...json });
    console.log(`  ${String(n).padStart(6)} repositories ${(bytes / 1e6).toFixed(0).padStart(5)} MB read: json ${(json.ms / 1000).toFixed(2)} s (${Math.round(n / (json.ms / 1000))} repositories/s), peak RSS ${json.maxRssMB} MB; html ${(html.ms / 1000).toFixed(2)} s, peak RSS ${html.maxRssMB} MB`);
    rmSync(join(work, `r${n}`), { recursive: true, force: true });
  }
  const [a, b] = pts;
  console.log(`  ${b.n / a.n}x the repositories: ${(b.ms / a.ms).toFixed(1)}x the time, ${(b.maxRssMB / a.maxRssMB).toFixed(2)}x the peak memory (+${b.maxRssMB - a.maxRssMB} MB)\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
