// Accuracy review aid: scans ../shared/corpus and prints the 30 most frequent findings (rule, count,
// share of files) with three sample locations each, plus the per-rule counts — what a reviewer reads
// by hand. Run by `npm run bench`; also alone: node scripts/corpus-report.mjs [--json FILE]
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.TRUSTGATE_CORPUS ?? join(root, '..', 'shared', 'corpus');
if (!existsSync(corpus)) {
  console.log('../shared/corpus not present: corpus report skipped');
  process.exit(0);
}
const r = spawnSync(process.execPath, [join(root, 'bin', 'trustgate.js'), 'scan', corpus, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 1 << 30, cwd: corpus });
if (r.status !== 0) throw new Error(r.stderr);
const j = JSON.parse(r.stdout);
const byRule = new Map();
for (const f of j.findings) {
  if (f.suppressed) continue;
  const e = byRule.get(f.ruleId) ?? { title: f.title, count: 0, files: new Set(), samples: [] };
  e.count++;
  e.files.add(f.location.file);
  if (e.samples.length < 3 && !e.samples.some((s) => s.startsWith(f.location.file.split('/').slice(0, 2).join('/')))) e.samples.push(`${f.location.file}:${f.location.startLine} ${f.message}`);
  byRule.set(f.ruleId, e);
}
const total = j.summary.filesScanned;
const ranked = [...byRule.entries()].sort((a, b) => b[1].count - a[1].count);
console.log(`Corpus findings: ${j.findings.length} in ${total} files; ${j.indeterminate.length} indeterminate; ${j.errors.filter((e) => e.kind === 'parse').length} parse errors in ${new Set(j.errors.filter((e) => e.kind === 'parse').map((e) => e.file)).size} files; ${j.errors.filter((e) => e.kind === 'internal').length} internal errors\n`);
console.log('The 30 most frequent findings (review a sample of each by hand):');
for (const [id, e] of ranked.slice(0, 30)) {
  console.log(`  ${id.padEnd(11)} ${String(e.count).padStart(5)} findings in ${String(e.files.size).padStart(4)} files  ${e.title}`);
  for (const s of e.samples) console.log(`      e.g. ${s.slice(0, 160)}`);
}
console.log(`\nRules with findings: ${ranked.length}; per rule: ${ranked.map(([id, e]) => `${id}=${e.count}`).join(' ')}`);
const jsonOut = process.argv.indexOf('--json');
if (jsonOut > 0) writeFileSync(process.argv[jsonOut + 1], JSON.stringify(Object.fromEntries(ranked.map(([id, e]) => [id, { count: e.count, files: e.files.size }])), null, 2));
