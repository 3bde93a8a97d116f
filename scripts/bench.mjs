// npm run bench — throughput, memory and scaling figures, printed as ratios and rates (never asserted
// as timed tests). Generates a deterministic corpus; also scans ../shared/corpus when present.
//   node scripts/bench.mjs [--quick] [--corpus-only] [--record-digest]   (--quick: 3k generated files only, no 50k
//   scaling run; --corpus-only: only the real-corpus figures of issue 12 (engine overhead, peak RSS, digest);
//   --record-digest: keep this run's corpus findings digest in scripts/bench-digest.json for later runs to compare)
//   The real corpus is ../shared/corpus, or TRUSTGATE_CORPUS (a worktree elsewhere).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const corpusOnly = process.argv.includes('--corpus-only');
const BIN = join(root, 'bin', 'trustgate.js');

// ---- deterministic corpus -------------------------------------------------------------------
function prng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}
const TF = [
  (i, r) => `variable "env_${i}" {\n  default = "${r() < 0.5 ? 'prod' : 'dev'}"\n}\n\nlocals {\n  name_${i} = "svc-\${var.env_${i}}-${i}"\n}\n\nresource "aws_s3_bucket" "b${i}" {\n  bucket = "\${local.name_${i}}-data"\n  tags = { Environment = var.env_${i} }\n}\n\nresource "aws_s3_bucket_versioning" "b${i}" {\n  bucket = aws_s3_bucket.b${i}.id\n  versioning_configuration {\n    status = "${r() < 0.7 ? 'Enabled' : 'Suspended'}"\n  }\n}\n`,
  (i, r) => `resource "aws_db_instance" "db${i}" {\n  identifier          = "db-${i}"\n  engine              = "postgres"\n  instance_class      = "db.t3.micro"\n  storage_encrypted   = ${r() < 0.6}\n  publicly_accessible = ${r() < 0.2}\n  backup_retention_period = ${Math.floor(r() * 14)}\n}\n`,
  (i, r) => `resource "aws_security_group" "sg${i}" {\n  name = "sg-${i}"\n  dynamic "ingress" {\n    for_each = [22, 443]\n    content {\n      from_port   = ingress.value\n      to_port     = ingress.value\n      protocol    = "tcp"\n      cidr_blocks = ["${r() < 0.3 ? '0.0.0.0/0' : '10.0.0.0/8'}"]\n    }\n  }\n}\n`,
  (i) => `data "aws_iam_policy_document" "p${i}" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::bucket-${i}/*"]\n  }\n}\n\nresource "aws_iam_policy" "p${i}" {\n  name   = "p-${i}"\n  policy = data.aws_iam_policy_document.p${i}.json\n}\n`,
  (i, r) => `resource "azurerm_storage_account" "sa${i}" {\n  name                     = "sa${i}"\n  resource_group_name      = "rg"\n  location                 = "westeurope"\n  account_tier             = "Standard"\n  account_replication_type = "GRS"\n  min_tls_version          = "${r() < 0.5 ? 'TLS1_2' : 'TLS1_0'}"\n}\n\nresource "google_storage_bucket" "g${i}" {\n  name     = "g-${i}"\n  location = "EU"\n  uniform_bucket_level_access = ${r() < 0.5}\n}\n`,
];
const K8S = (i, r) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  labels: { app: app-${i} }\nspec:\n  replicas: ${1 + Math.floor(r() * 3)}\n  selector: { matchLabels: { app: app-${i} } }\n  template:\n    metadata: { labels: { app: app-${i} } }\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app-${i}:${r() < 0.3 ? 'latest' : '1.2.' + i}\n          resources: { limits: { cpu: 500m, memory: 256Mi } }\n          securityContext:\n            privileged: ${r() < 0.1}\n            allowPrivilegeEscalation: ${r() < 0.3}\n            runAsNonRoot: true\n---\napiVersion: v1\nkind: Service\nmetadata: { name: app-${i} }\nspec:\n  type: ${r() < 0.2 ? 'LoadBalancer' : 'ClusterIP'}\n  selector: { app: app-${i} }\n  ports: [{ port: 80 }]\n`;
const WF = (i, r) => `name: ci-${i}\non:\n  pull_request:\n  push: { branches: [main] }\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@${r() < 0.5 ? 'v4' : '11bd71901bbe5b1630ceea73d27597364c9af683'}\n      - run: |\n          echo "building ${i}"\n          make test\n      - run: echo "\${{ github.event.pull_request.${r() < 0.2 ? 'title' : 'number'} }}"\n`;

function generate(dir, n, seed = 42) {
  const r = prng(seed);
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const kind = i % 10;
    let path, body;
    if (kind < 6) {
      path = join(dir, 'tf', `m${Math.floor(i / 4)}`, `f${i}.tf`);
      body = TF[i % TF.length](i, r);
    } else if (kind < 9) {
      path = join(dir, 'k8s', `ns${Math.floor(i / 50)}`, `app${i}.yaml`);
      body = K8S(i, r);
    } else {
      path = join(dir, `repo${Math.floor(i / 20)}`, '.github', 'workflows', `ci${i}.yml`);
      body = WF(i, r);
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, body);
    bytes += Buffer.byteLength(body);
  }
  return bytes;
}

// ---- measurement helpers --------------------------------------------------------------------
// The scan runs in `dir` (its report's paths are relative to it, so `digest` does not depend on where the
// bench runs); `cpuMs` is the whole process's CPU time, all threads.
function cliScan(dir, extraEnv = {}, extraArgs = [], digest) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'scan', '.', '--format', 'json', '--fail-on', 'none', ...extraArgs], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, TRUSTGATE_STATS: '1', ...extraEnv } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`scan failed (${r.status}): ${r.stderr.slice(0, 500)}`);
  const stats = JSON.parse(r.stderr.split('\n').find((l) => l.startsWith('{"maxRssMB"')) ?? '{}');
  const j = JSON.parse(r.stdout);
  return { ms, cpuMs: stats.cpuMs, stats, files: j.summary.filesScanned, findings: j.findings.length, errors: j.errors.length, crashes: j.errors.filter((e) => e.kind === 'internal').length, maxRssMB: stats.maxRssMB, digest: digest?.(j, dir) };
}
// Where the CLI's process CPU went (TRUSTGATE_STATS, Linux), and the serial start and waits of its wall
// time: CPU holds under load, wall does not.
const threadsLine = (st) =>
  st.workerCpuMs
    ? `  CPU: main thread ${fmt(st.mainCpuMs / 1000, 2)} s, worker threads ${fmt(st.workerCpuMs / 1000, 2)} s, V8 helper threads (GC, compilers) ${fmt((st.cpuMs - st.mainCpuMs - st.workerCpuMs) / 1000, 2)} s; first unit sent at ${fmt(st.firstUnitMs / 1000, 2)} s and run at ${fmt(st.firstRunMs / 1000, 2)} s, workers waiting ${fmt(st.workersIdleMs / 1000, 2)} s in all after it`
    : '  (no per-thread figures: not on Linux, or no worker threads)';
function dirBytes(d) {
  let n = 0;
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) n += dirBytes(p);
    else if (e.isFile() && /\.(tf|tfvars|ya?ml)$/.test(e.name)) n += statSync(p).size;
  }
  return n;
}
const fmt = (x, d = 1) => x.toFixed(d);
const row = (label, files, bytes, ms, extra = '') => console.log(`${label.padEnd(34)} ${String(files).padStart(6)} files ${fmt(bytes / 1e6).padStart(6)} MB ${fmt(ms / 1000, 2).padStart(7)} s ${fmt(files / (ms / 1000), 0).padStart(6)} files/s ${fmt(bytes / 1e6 / (ms / 1000), 2).padStart(6)} MB/s ${extra}`);

// ---- the real-world corpus (issue 12's figures) ----------------------------------------------
async function corpusFigures(lib, corpus) {
  const tfCorpus = join(corpus, 'terraform');
  if (!existsSync(tfCorpus)) {
    console.log(`${corpus} not present (set TRUSTGATE_CORPUS): skipped\n`);
    return;
  }
  // Issue 12: engine overhead against the parser's floor, on the real Terraform files. CPU time is the
  // measure (wall time moves with the machine's load); the digests prove a speed-up changed nothing:
  // one of the in-process scan of the Terraform files, one of the CLI's JSON report (worker threads) of
  // the whole corpus.
  const floor = await lib.treeSitterOnly(tfCorpus);
  const full = await lib.scanInProcessCpu(tfCorpus);
  const cli2 = cliScan(tfCorpus, {}, ['--jobs', '2']);
  console.log('corpus/terraform: engine overhead (issue 12)');
  console.log(`  tree-sitter parse only, 1 thread: ${fmt(floor.cpuMs / 1000, 2)} s CPU, ${fmt(floor.ms / 1000, 2)} s wall (${floor.files} files)`);
  console.log(`  full scan, 1 thread:              ${fmt(full.cpuMs / 1000, 2)} s CPU, ${fmt(full.ms / 1000, 2)} s wall, ${full.findings} findings`);
  console.log(`  CLI, 2 workers:                   ${fmt(cli2.cpuMs / 1000, 2)} s CPU (process), ${fmt(cli2.ms / 1000, 2)} s wall, peak RSS ${cli2.maxRssMB} MB`);
  console.log(`  ${threadsLine(cli2.stats)}`);
  console.log(`  ratio full-scan CPU / parse CPU:  ${fmt(full.cpuMs / floor.cpuMs, 2)}x (target <= 2x)`);
  console.log(`  ratio 2-worker wall / parse wall: ${fmt(cli2.ms / floor.ms, 2)}x (target <= 1.2x)`);
  console.log('');
  const bytes = dirBytes(corpus);
  const cpo = await lib.parseOnly(corpus);
  const c = cliScan(corpus, {}, ['--jobs', '2'], lib.findingsDigest);
  console.log('corpus (real public IaC)');
  row('  parse only (1 thread)', cpo.files, cpo.bytes, cpo.ms);
  row('  CLI process (2 workers)', c.files, bytes, c.ms, `${fmt(c.cpuMs / 1000, 2)} s CPU, peak RSS ${c.maxRssMB} MB, ${c.findings} findings, ${c.errors} error entries, ${c.crashes} internal errors`);
  console.log(`  ${threadsLine(c.stats)}`);
  console.log(`  ratio full-scan / parse-only throughput: ${fmt((cpo.ms / c.ms) * 100, 0)}%   peak RSS ${c.maxRssMB} MB (target < 400 MB)`);
  const recordFile = join(root, 'scripts', 'bench-digest.json');
  const rec = existsSync(recordFile) ? JSON.parse(readFileSync(recordFile, 'utf8')) : undefined;
  // Entries (findings, indeterminates, error entries) in one list and not the other, by their short hashes.
  const differing = (a, b) => {
    const count = new Map();
    for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
    for (const x of b) count.set(x, (count.get(x) ?? 0) - 1);
    return [...count.values()].reduce((n, v) => n + Math.abs(v), 0);
  };
  const compare = (what, now, then) => {
    const verdict = !then?.entries
      ? 'no recorded digest (or one in an older format)'
      : then.digest === now.digest
        ? 'identical to the recorded one'
        : `DIFFERS from the recorded ${then.digest}: ${differing(now.entries, then.entries)} entries differ${rec.ruleset !== full.ruleset ? ' (the rule set changed since it was recorded: intended?)' : ''}; a speed-up must not change results, an intended change is recorded with --record-digest`;
    console.log(`  ${what} ${now.digest}: ${verdict}`);
  };
  compare('findings digest, terraform, 1 thread:   ', full.digest, rec?.terraform);
  compare('findings digest, whole corpus, 2 workers:', c.digest, rec?.corpus);
  if (process.argv.includes('--record-digest')) {
    writeFileSync(recordFile, JSON.stringify({ ruleset: full.ruleset, terraform: full.digest, corpus: c.digest }) + '\n');
    console.log(`  recorded in ${recordFile}`);
  }
  console.log('');
}

// ---- run ------------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'tg-bench-'));
try {
  spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const libOut = join(work, 'bench-lib.mjs');
  await build({ entryPoints: [join(root, 'scripts', 'bench-lib.ts')], outfile: libOut, bundle: true, platform: 'node', format: 'esm', target: 'node20', banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }, logLevel: 'warning' });
  // The bundle looks for its WASM next to itself.
  const { copyWasm } = await import(pathToFileURL(join(root, 'scripts', 'wasm.mjs')).href);
  copyWasm(join(work, 'wasm'));
  const lib = await import(pathToFileURL(libOut).href);

  console.log(`Trustgate benchmark — node ${process.version}, ${(await import('node:os')).cpus().length} cores, load average ${(await import('node:os')).loadavg()[0].toFixed(1)}\n`);
  // (a labelled block: --corpus-only leaves it after the corpus figures)
  bench: {
    // 1. Generated corpus, parse-only vs scan (same thread), and the CLI with workers.
    const gen = join(work, 'gen3k');
    const corpus = process.env.TRUSTGATE_CORPUS ?? join(root, '..', 'shared', 'corpus');
    if (corpusOnly) {
      await corpusFigures(lib, corpus);
      break bench;
    }
    const genBytes = generate(gen, 3000);
    const po = await lib.parseOnly(gen);
    const sp = await lib.scanInProcess(gen);
    const cli = cliScan(gen);
    console.log('Generated corpus (deterministic, seed 42)');
    row('  parse only (1 thread)', po.files, po.bytes, po.ms);
    row('  full scan (1 thread)', sp.files, genBytes, sp.ms, `${sp.findings} findings`);
    row('  CLI process (2 workers)', cli.files, genBytes, cli.ms, `peak RSS ${cli.maxRssMB} MB`);
    console.log(`  ratio full-scan / parse-only throughput: 1 thread ${fmt((po.ms / sp.ms) * 100, 0)}%   CLI with workers ${fmt((po.ms / cli.ms) * 100, 0)}%   (target >= 60%)\n`);

    // 2. Single-file scan process (cold start included).
    const one = join(work, 'one');
    mkdirSync(one);
    writeFileSync(join(one, 'main.tf'), TF[1](1, prng(1)));
    const times = [];
    for (let i = 0; i < 7; i++) times.push(cliScan(one, {}, []).ms);
    times.sort((a, b) => a - b);
    console.log(`Single-file scan process: median ${fmt(times[3], 0)} ms, min ${fmt(times[0], 0)} ms (target < 400 ms)\n`);

    // 3. The real-world corpus.
    await corpusFigures(lib, corpus);

    // 3b. The readiness report: its cost over the scan it is built on (real corpus, else the generated
    // one), and the change history from a generated 5,000-record ledger.
    {
      const target = existsSync(corpus) ? corpus : gen;
      const ledger = join(work, 'ledger.jsonl');
      writeFileSync(ledger, lib.generatedLedger(5000).text);
      const timed = (args) => {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
        if (r.status !== 0) throw new Error(`report failed (${r.status}): ${r.stderr.slice(0, 500)}`);
        return performance.now() - t0;
      };
      const scanMs = cliScan(target).ms;
      const repMs = timed(['report', target, '--format', 'json', '--output', join(work, 'report.json')]);
      const htmlMs = timed(['report', target, '--output', join(work, 'report.html')]);
      const ledgerMs = timed(['report', join(one, 'main.tf'), '--ledger', ledger, '--output', join(work, 'ledger-report.html')]);
      const size = (f) => fmt(statSync(join(work, f)).size / 1e6, 2);
      console.log(`Readiness report (${existsSync(corpus) ? '../shared/corpus' : 'generated corpus'})`);
      console.log(`  scan ${fmt(scanMs / 1000, 2)} s; report json ${fmt(repMs / 1000, 2)} s (${size('report.json')} MB), html ${fmt(htmlMs / 1000, 2)} s (${size('report.html')} MB); report / scan time ${fmt(repMs / scanMs, 2)}`);
      console.log(`  5,000-record ledger (verify + history + html, one-file scan): ${fmt(ledgerMs / 1000, 2)} s (${size('ledger-report.html')} MB)\n`);
    }

    // 4. Scaling: time should grow linearly with files, memory stay bounded.
    console.log('Scaling (generated, CLI with workers)');
    const sizes = quick ? [1000, 3000] : [10_000, 50_000];
    const pts = [];
    for (const n of sizes) {
      const d = join(work, `gen${n}`);
      const b = generate(d, n, 7);
      const s = cliScan(d);
      pts.push({ n, ms: s.ms });
      row(`  ${n} files`, s.files, b, s.ms, `peak RSS ${s.maxRssMB} MB`);
      rmSync(d, { recursive: true, force: true });
    }
    const [a, b] = pts;
    console.log(`  time per file: ${fmt(a.ms / a.n, 3)} ms at ${a.n}, ${fmt(b.ms / b.n, 3)} ms at ${b.n} (x${fmt(b.ms / b.n / (a.ms / a.n), 2)}; 1.00 = linear)\n`);

    // 4b. Modules: download + scan of a module-heavy root, cold and warm cache.
    spawnSync(process.execPath, [join(root, 'scripts', 'bench-modules.mjs')], { stdio: 'inherit' });

    // 4c. Population: classify 2k and 10k commits of a real repository against a ledger.
    spawnSync(process.execPath, [join(root, 'scripts', 'bench-population.mjs')], { stdio: 'inherit' });

    // 4d. Org mode: aggregating 10,000 repositories' results.
    spawnSync(process.execPath, [join(root, 'scripts', 'bench-org.mjs'), ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });

    // 5. What the rules find on real code (for the accuracy review).
    spawnSync(process.execPath, [join(root, 'scripts', 'corpus-report.mjs')], { stdio: 'inherit' });

    // 6. The editor's figures, when the extension provides its own bench.
    const ext = join(root, 'extension', 'scripts', 'bench-extension.mjs');
    if (existsSync(ext)) spawnSync(process.execPath, [ext], { stdio: 'inherit' });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
