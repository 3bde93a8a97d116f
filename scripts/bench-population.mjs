// npm run bench, population part: `trustgate evidence population` over a real git repository of N
// first-parent commits (one in ten a merge commit, one in ten with no ledger record) and a ledger of
// merge records for the rest. Prints time, commits/s and peak RSS for 2,000 and 10,000 commits, and
// the time-per-commit ratio (1.00 = linear). Figures, never assertions.
import { build } from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin', 'trustgate.js');
const work = mkdtempSync(join(tmpdir(), 'tg-bench-pop-'));
const GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };

/** N first-parent commits on main through git fast-import; every tenth merges a side commit. */
function makeRepo(dir, n) {
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env: GIT_ENV });
  const t0 = Date.parse('2026-01-01T00:00:00Z') / 1000;
  const out = [];
  let mark = 0;
  let prev = 0;
  const shaMarks = [];
  for (let i = 0; i < n; i++) {
    const when = t0 + i * 600;
    const data = `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b-${i}"\n}\n`;
    let side = 0;
    if (i % 10 === 9) {
      side = ++mark;
      out.push(`commit refs/heads/side`, `mark :${side}`, `author Alice <alice@example.com> ${when - 300} +0000`, `committer Alice <alice@example.com> ${when - 300} +0000`, `data 9`, `side ${String(i).padStart(4, '0')}`, `from :${prev}`, `M 644 inline side/${i}.tf`, `data ${Buffer.byteLength(data)}`, data);
    }
    const m = ++mark;
    const msg = side ? `Merge pull request #${i} from acme/f${i}` : `Change ${i} (#${i})`;
    out.push(`commit refs/heads/main`, `mark :${m}`, `author Alice <alice@example.com> ${when} +0000`, `committer GitHub <noreply@github.com> ${when} +0000`, `data ${Buffer.byteLength(msg)}`, msg);
    if (prev) out.push(`from :${prev}`);
    if (side) out.push(`merge :${side}`);
    else out.push(`M 644 inline infra/${i % 200}.tf`, `data ${Buffer.byteLength(data)}`, data);
    out.push('');
    shaMarks.push(m);
    prev = m;
  }
  const marks = join(dir, '.git', 'marks');
  execFileSync('git', ['fast-import', '--quiet', `--export-marks=${marks}`], { cwd: dir, input: out.join('\n') + '\n', env: GIT_ENV, maxBuffer: 1 << 28 });
  const bySha = new Map(readFileSync(marks, 'utf8').trim().split('\n').map((l) => l.split(' ')).map(([k, v]) => [k.slice(1), v]));
  return shaMarks.map((m, i) => ({ sha: bySha.get(String(m)), at: new Date((t0 + i * 600) * 1000).toISOString() }));
}

const lib = join(work, 'lib.mjs');
await build({
  stdin: { contents: `export { makeRecord } from './test/evidence/generate.ts'; export { seal } from './core/evidence/record.ts'; export { ledgerLine } from './core/evidence/ledger.ts';`, resolveDir: root, loader: 'ts' },
  outfile: lib,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
const { makeRecord, seal, ledgerLine } = await import(pathToFileURL(lib).href);

/** A ledger with a merge record for nine commits in ten (the tenth, i % 10 === 4, is a gap). */
function makeLedger(file, commits) {
  const lines = [];
  let prev = null;
  commits.forEach((c, i) => {
    if (i % 10 === 4) return;
    const r = makeRecord(i);
    r.repository = 'acme/infra';
    r.commits.merge = c.sha;
    r.merge.mergedAt = c.at;
    const s = seal(r, prev);
    prev = s.digest;
    lines.push(ledgerLine(s));
  });
  writeFileSync(file, lines.join('\n') + '\n');
}

try {
  console.log('Population (`trustgate evidence population`, git + ledger, JSON output)');
  const pts = [];
  for (const n of [2000, 10_000]) {
    const dir = join(work, `repo-${n}`);
    const commits = makeRepo(dir, n);
    const ledger = join(work, `ledger-${n}.jsonl`);
    makeLedger(ledger, commits);
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [BIN, 'evidence', 'population', '--repo', dir, '--branch', 'main', '--from', '2026-01-01', '--to', '2026-12-31', '--ledger', ledger, '--format', 'json', '--output', join(work, `pop-${n}.json`)], {
      encoding: 'utf8',
      env: { ...process.env, TRUSTGATE_STATS: '1' },
    });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`population failed (${r.status}): ${r.stderr.slice(0, 500)}`);
    const rss = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('{"maxRssMB"')) ?? '{}').maxRssMB;
    const p = JSON.parse(readFileSync(join(work, `pop-${n}.json`), 'utf8'));
    pts.push({ n, ms });
    console.log(`  ${String(n).padStart(6)} commits ${(ms / 1000).toFixed(2).padStart(6)} s ${Math.round(n / (ms / 1000)).toString().padStart(6)} commits/s  peak RSS ${rss} MB  (${p.total} classified: ${p.counts.covered} covered, ${p.counts['no-ledger-record']} no ledger record, ${p.total - p.counts.covered - p.counts['no-ledger-record']} other exceptions)`);
  }
  const [a, b] = pts;
  console.log(`  time per commit: ${(a.ms / a.n).toFixed(3)} ms at ${a.n}, ${(b.ms / b.n).toFixed(3)} ms at ${b.n} (x${(b.ms / b.n / (a.ms / a.n)).toFixed(2)}; 1.00 = linear, below 1 = start-up amortised)\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
