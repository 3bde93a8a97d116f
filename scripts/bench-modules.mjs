// npm run bench, modules part: download + scan time for a module-heavy root with --download-modules,
// cold cache vs warm cache, against a module registry and git daemon on 127.0.0.1 serving the real
// terraform-aws-modules trees from ../shared/corpus (or the test fixtures when it is absent).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(root, 'bin', 'trustgate.js');
const corpus = join(process.env.TRUSTGATE_CORPUS ?? join(root, '..', 'shared', 'corpus'), 'terraform');
const fx = join(root, 'test', 'fixtures', 'modules');
const real = existsSync(join(corpus, 'terraform-aws-modules+terraform-aws-eks'));
const MODS = real
  ? { eks: join(corpus, 'terraform-aws-modules+terraform-aws-eks'), vpc: join(corpus, 'terraform-aws-modules+terraform-aws-vpc'), 's3-bucket': join(corpus, 'terraform-aws-modules+terraform-aws-s3-bucket'), iam: join(corpus, 'terraform-aws-modules+terraform-aws-iam') }
  : { eks: join(fx, 'eks'), vpc: join(fx, 'vpc'), 's3-bucket': join(fx, 's3-bucket'), iam: join(fx, 'kms') };

const work = mkdtempSync(join(tmpdir(), 'tg-bench-mod-'));
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: 'pipe' });
let daemon;
let server;
try {
  // Archives for eks, s3-bucket and iam; vpc from git (a tag), as the public registry serves them.
  const files = {};
  for (const m of ['eks', 's3-bucket', 'iam']) files[`/${m}.tar.gz`] = sh('tar', ['-czf', '-', '-C', MODS[m], '.']);
  // The EKS module's own nested call (terraform-aws-modules/kms/aws): not in the corpus, the fixture stands in.
  files['/kms.tar.gz'] = sh('tar', ['-czf', '-', '-C', join(fx, 'kms'), '.']);
  const gitBase = join(work, 'git');
  const src = join(work, 'vpc-src');
  cpSync(MODS.vpc, src, { recursive: true });
  const g = (...a) => sh('git', ['-c', 'user.name=b', '-c', 'user.email=b@example.com', '-c', 'init.defaultBranch=main', ...a], src);
  g('init', '-q');
  g('add', '.');
  g('commit', '-qm', 'vpc');
  g('tag', 'v5.21.0');
  mkdirSync(gitBase);
  sh('git', ['clone', '-q', '--bare', src, join(gitBase, 'vpc.git')], work);
  const port = await new Promise((r) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => r(p));
    });
  });
  daemon = spawn('/usr/lib/git-core/git-daemon', ['--reuseaddr', '--export-all', `--base-path=${gitBase}`, '--listen=127.0.0.1', `--port=${port}`, gitBase], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((r) => {
      const c = createConnection({ host: '127.0.0.1', port }, () => (c.end(), r(true)));
      c.on('error', () => r(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  let requests = 0;
  server = createServer((req, res) => {
    requests++;
    const m = /^\/v1\/modules\/terraform-aws-modules\/([^/]+)\/aws\/(versions|([^/]+)\/download)$/.exec(req.url);
    if (m && m[2] === 'versions') return res.writeHead(200).end(JSON.stringify({ modules: [{ versions: ['1.0.0', '2.1.0', '4.0.0', '4.1.2', '5.21.0', '20.8.4', '21.0.0'].map((version) => ({ version })) }] }));
    if (m && m[3]) return res.writeHead(204, { 'x-terraform-get': m[1] === 'vpc' ? `git::git://127.0.0.1:${port}/vpc.git?ref=v5.21.0` : `/${m[1]}.tar.gz` }).end();
    if (files[req.url]) return res.writeHead(200).end(files[req.url]);
    res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const rc = join(work, 'terraformrc');
  writeFileSync(rc, `host "registry.terraform.io" {\n  services = { "modules.v1" = "http://127.0.0.1:${server.address().port}/v1/modules/" }\n}\n`);

  // A root with 24 calls: 6 environments x (eks, vpc, s3-bucket, iam), different constraints.
  const repo = join(work, 'repo');
  mkdirSync(repo);
  let tf = '';
  for (let e = 0; e < 6; e++) {
    tf += `module "eks_${e}" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.8"\n  cluster_name = "c${e}"\n  cluster_endpoint_public_access = true\n}\n\n`;
    tf += `module "vpc_${e}" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = ">= 5.0, < 6.0"\n  cidr = "10.${e}.0.0/16"\n}\n\n`;
    tf += `module "s3_${e}" {\n  source = "terraform-aws-modules/s3-bucket/aws"\n  bucket = "data-${e}"\n  block_public_acls = false\n}\n\n`;
    tf += `module "iam_${e}" {\n  source  = "terraform-aws-modules/iam/aws${real ? '//modules/iam-user' : ''}"\n  version = "~> 5.0"\n  name = "u${e}"\n}\n\n`;
  }
  writeFileSync(join(repo, 'main.tf'), tf);

  const cache = join(work, 'cache');
  const scanOnce = (args) =>
    new Promise((res, rej) => {
      const t0 = performance.now();
      const p = spawn(process.execPath, [BIN, 'scan', repo, '--format', 'json', '--fail-on', 'none', ...args], { env: { ...process.env, TF_CLI_CONFIG_FILE: rc, TRUSTGATE_CACHE_DIR: cache } });
      let out = '';
      let err = '';
      p.stdout.on('data', (d) => (out += d));
      p.stderr.on('data', (d) => (err += d));
      p.on('close', (code) => {
        if (code !== 0) return rej(new Error(`scan failed (${code}): ${err.slice(0, 400)}`));
        const j = JSON.parse(out);
        res({ ms: performance.now() - t0, findings: j.findings.length, unresolved: j.unresolvedModules.length });
      });
    });
  const none = await scanOnce([]);
  const before = requests;
  const cold = await scanOnce(['--download-modules']);
  const coldRequests = requests - before;
  const warm = await scanOnce(['--download-modules']);
  const warmRequests = requests - before - coldRequests;
  const fmt = (x) => `${(x / 1000).toFixed(2)} s`;
  console.log(`Module-heavy root: 24 registry calls (eks, vpc via git, s3-bucket, iam; ${real ? 'real terraform-aws-modules trees from ../shared/corpus' : 'test fixtures'}), registry + git daemon on 127.0.0.1`);
  console.log(`  without --download-modules   ${fmt(none.ms).padStart(8)}   ${none.findings} findings, ${none.unresolved} unresolved calls (one notice each)`);
  console.log(`  download + scan, cold cache  ${fmt(cold.ms).padStart(8)}   ${cold.findings} findings, ${cold.unresolved} unresolved, ${coldRequests} HTTP requests`);
  console.log(`  download + scan, warm cache  ${fmt(warm.ms).padStart(8)}   ${warm.findings} findings, ${warm.unresolved} unresolved, ${warmRequests} HTTP requests`);
  console.log(`  warm / cold: ${((warm.ms / cold.ms) * 100).toFixed(0)}%\n`);
} finally {
  server?.close();
  daemon?.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
