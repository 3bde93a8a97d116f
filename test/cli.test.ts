// The CLI contract other tools depend on, exercised through the real entry point (bin/trustgate.js
// running the bundle built by `npm run build`, which `npm test` runs first).
import { spawn } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './tmp.js';
import { ALL_RULES } from '../rules/index.js';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
// Asynchronous, so that a slow run on a busy machine never blocks the test worker's event loop.
const cli = (args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = { NO_COLOR: '1' }) =>
  new Promise<{ code: number | null; out: string; err: string }>((done, fail) => {
    const { FORCE_COLOR: _force, ...inherited } = process.env;
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...inherited, ...env } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
const tmp = tempDirs('tg-cli-');

const BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n';
/** A JSON report without its one run-dependent field (the duration), for comparing two runs. */
const strip = (out: string) => {
  const j = JSON.parse(out);
  delete j.summary.durationMs;
  return j;
};

describe('exit codes a CI gate can trust', () => {
  it('a scan path that does not exist is a usage error (exit 2), not an empty pass', async () => {
    const d = tmp({ 'main.tf': BUCKET });
    const r = await cli(['scan', 'infar'], d);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^trustgate scan: path infar does not exist/);
    expect(r.out).toBe('');
  });
  it('a --var-file that does not exist is a usage error (exit 2)', async () => {
    const d = tmp({ 'main.tf': BUCKET });
    const r = await cli(['scan', '.', '--var-file', 'prod.tfvars'], d);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^trustgate scan: --var-file prod\.tfvars does not exist/);
  });
  it('a scan that found no files says so on stderr; exit 0, or 1 with --fail-on-incomplete', async () => {
    const d = tmp({ 'README.md': '# nothing to scan\n' });
    const r = await cli(['scan', '.'], d);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/trustgate: no files to scan in \. .*nothing was evaluated/);
    const strict = await cli(['scan', '.', '--fail-on-incomplete'], d);
    expect(strict.code).toBe(1);
    expect(strict.err).toMatch(/no files were scanned \(--fail-on-incomplete\)/);
  });
  it('--fail-on-incomplete fails on an unresolved module call and an incomplete criterion, not otherwise', async () => {
    const d = tmp({ 'main.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n}\n' });
    expect((await cli(['scan', '.'], d)).code).toBe(0);
    const r = await cli(['scan', '.', '--fail-on-incomplete', '--format', 'json'], d);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/SOC 2 criteria are incomplete \(.*CC6\.1.*\); 1 module call was not evaluated \(--fail-on-incomplete\)/);
    expect(JSON.parse(r.out).summary.byControl['CC6.1']).toMatchObject({ verdict: 'incomplete', unresolvedModules: 1 });
    // Nothing undecided: the strict gate does not change the exit code.
    const ok = tmp({ 'main.tf': 'resource "aws_instance" "i" {\n  ami = "x"\n}\n' });
    const okRun = await cli(['scan', '.', '--fail-on-incomplete', '--fail-on', 'none', '--format', 'json'], ok);
    const states = Object.values(JSON.parse(okRun.out).summary.byControl).map((v) => (v as { verdict: string }).verdict);
    expect(states).not.toContain('incomplete');
    expect(okRun.code).toBe(0);
  });
});

describe('trustgate scan', () => {
  it('exits 1 on findings, 0 with --fail-on none, and prints a summary by criterion', async () => {
    const r = await cli(['scan', 'examples']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/SOC 2 criteria/);
    expect(r.out).toMatch(/examples\/terraform\/insecure\/main\.tf/);
    expect((await cli(['scan', 'examples', '--fail-on', 'none'])).code).toBe(0);
  });

  it('--fail-on compares severities: a medium finding fails at medium, passes at high', async () => {
    const d = tmp({ 'main.tf': BUCKET });
    expect((await cli(['scan', '.', '--fail-on', 'medium'], d)).code).toBe(1);
    const hi = await cli(['scan', '.', '--fail-on', 'high', '--format', 'json'], d);
    const j = JSON.parse(hi.out);
    const worst = j.findings.filter((f: { suppressed: boolean }) => !f.suppressed).map((f: { severity: string }) => f.severity);
    expect(hi.code).toBe(worst.some((s: string) => s === 'high' || s === 'critical') ? 1 : 0);
  });

  it('JSON output follows the contract: relative paths, 1-based locations, summary', async () => {
    const r = await cli(['scan', 'examples', '--format', 'json']);
    const j = JSON.parse(r.out);
    expect(j.tool).toMatchObject({ name: 'trustgate', version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version });
    expect(Array.isArray(j.findings) && Array.isArray(j.indeterminate) && Array.isArray(j.errors)).toBe(true);
    const f = j.findings.find((x: { ruleId: string; location: { file: string } }) => x.ruleId === 'TG-AWS-001' && x.location.file === 'examples/terraform/insecure/main.tf');
    expect(f).toMatchObject({ title: expect.any(String), category: 'logging-monitoring', severity: expect.any(String), controls: expect.arrayContaining(['CC7.2']), message: expect.any(String), remediation: expect.any(String), suppressed: false });
    expect(f.location).toEqual({ file: 'examples/terraform/insecure/main.tf', startLine: 16, startColumn: 1, endLine: 16, endColumn: 44 });
    expect(j.summary.filesByKind.terraform).toBeGreaterThan(0);
    expect(j.summary.byControl['CC7.2'].failed).toBeGreaterThan(0);
  });

  it('SARIF 2.1.0 with rules, help, security-severity and criteria tags', async () => {
    const r = await cli(['scan', 'examples', '--format', 'sarif']);
    const s = JSON.parse(r.out);
    expect(s.version).toBe('2.1.0');
    const run = s.runs[0];
    const rule = run.tool.driver.rules.find((x: { id: string }) => x.id === 'TG-AWS-001');
    expect(rule.help.text).toMatch(/Remediation/);
    expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
    expect(rule.properties.tags).toContain('soc2/CC7.2');
    const res = run.results.find((x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => x.ruleId === 'TG-AWS-001' && x.locations[0].physicalLocation.artifactLocation.uri === 'examples/terraform/insecure/main.tf');
    expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe('examples/terraform/insecure/main.tf');
    expect(res.locations[0].physicalLocation.region.startLine).toBe(16);
    expect(run.tool.driver.rules[res.ruleIndex].id).toBe('TG-AWS-001');
  });

  it('markdown and --output FILE', async () => {
    const d = tmp({ 'main.tf': BUCKET });
    const out = join(d, 'report.md');
    const r = await cli(['scan', '.', '--format', 'markdown', '--output', out], d);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(readFileSync(out, 'utf8')).toMatch(/\| Criterion \|/);
  });

  it('--output never writes through a symlink: exit 2, the link and its target untouched', async () => {
    const d = tmp({ 'main.tf': BUCKET, 'victim.txt': 'keep me\n' });
    symlinkSync(join(d, 'victim.txt'), join(d, 'report.md'));
    const r = await cli(['scan', '.', '--format', 'markdown', '--output', 'report.md'], d);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/refusing to write \S*report\.md: it is a symbolic link/);
    expect(readFileSync(join(d, 'victim.txt'), 'utf8')).toBe('keep me\n');
    expect(lstatSync(join(d, 'report.md')).isSymbolicLink()).toBe(true);
    // A regular file is replaced whole (temp file + rename), leaving no temp file behind.
    writeFileSync(join(d, 'plain.md'), 'old');
    expect((await cli(['scan', '.', '--format', 'markdown', '--output', 'plain.md'], d)).code).toBe(1);
    expect(readFileSync(join(d, 'plain.md'), 'utf8')).toMatch(/\| Criterion \|/);
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--var-file takes precedence over defaults and tfvars', async () => {
    const d = tmp({
      'main.tf': 'variable "n" {\n  default = 1\n}\nresource "aws_s3_bucket" "b" {\n  count  = var.n\n  bucket = "b"\n}\n',
      'zero.tfvars': 'n = 0\n',
    });
    expect((await cli(['scan', '.', '--format', 'json', '--fail-on', 'none'], d)).out).toMatch(/TG-AWS-001/);
    expect((await cli(['scan', '.', '--format', 'json', '--var-file', 'zero.tfvars', '--fail-on', 'none'], d)).out).not.toMatch(/TG-AWS-001/);
  });

  it('a broken file is an error entry in the output; the scan goes on', async () => {
    const d = tmp({ 'a/broken.tf': 'resource "aws_s3_bucket" "x" {\n  bucket = \n', 'b/main.tf': BUCKET });
    const r = await cli(['scan', '.'], d);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Errors \(this file was not fully scanned\):\n\s+a\/broken\.tf:\d+:\d+ parse: syntax error/);
    expect(r.out).toMatch(/b\/main\.tf/);
  });
});

describe('configuration', () => {
  it('.trustgate.yml is found upward: disabled rules, severity overrides, exclusions', async () => {
    const d = tmp({ '.trustgate.yml': 'exclude: ["skip/**"]\nrules:\n  severity: { TG-AWS-001: critical }\n', 'infra/main.tf': BUCKET, 'skip/main.tf': BUCKET });
    const j = JSON.parse((await cli(['scan', 'infra', '--format', 'json'], d)).out);
    expect(j.findings.find((f: { ruleId: string }) => f.ruleId === 'TG-AWS-001').severity).toBe('critical');
    const all = JSON.parse((await cli(['scan', '.', '--format', 'json'], d)).out);
    expect(all.findings.some((f: { location: { file: string } }) => f.location.file.startsWith('skip/'))).toBe(false);
    writeFileSync(join(d, '.trustgate.yml'), 'rules:\n  disable: [TG-AWS-001]\n');
    expect((await cli(['scan', '.', '--format', 'json'], d)).out).not.toMatch(/TG-AWS-001/);
  });

  it('a rule option from .trustgate.yml reaches the check; the default applies otherwise', async () => {
    const db = 'resource "aws_db_instance" "d" {\n  backup_retention_period = 5\n}\n';
    const d = tmp({ 'main.tf': db });
    const ids = async () => JSON.parse((await cli(['scan', '.', '--format', 'json'], d)).out).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(await ids()).toContain('TG-AWS-049');
    writeFileSync(join(d, '.trustgate.yml'), 'rules:\n  options:\n    TG-AWS-049: { minDays: 5 }\n');
    expect(await ids()).not.toContain('TG-AWS-049');
  });

  it.each([
    ['rules:\n  disable: [TG-NOPE-999]\n', /unknown rule id "TG-NOPE-999"/],
    ['failOn: severe\n', /failOn must be one of/],
    ['colour: blue\n', /unknown key "colour"/],
    ['rules: [\n', /invalid YAML/],
    ['limits:\n  maxFileBytes: -1\n', /positive whole number/],
    // Inherited Object properties are not limits.
    ['limits:\n  toString: 5\n', /unknown limit "toString"/],
    ['limits:\n  __proto__: 5\n', /unknown limit "__proto__"/],
    // Rule options are checked against the rule's declared schema, never silently defaulted.
    ['rules:\n  options:\n    TG-AWS-049: { minDay: 7 }\n', /rules\.options\.TG-AWS-049: unknown option "minDay" \(did you mean "minDays"\?\); TG-AWS-049 takes minDays/],
    ['rules:\n  options:\n    TG-AWS-049: { minDays: "7" }\n', /rules\.options\.TG-AWS-049\.minDays must be a whole number \(got "7"\)/],
    ['rules:\n  options:\n    TG-AWS-049: { minDays: 0 }\n', /minDays must be at least 1 \(got 0\)/],
    ['rules:\n  options:\n    TG-AWS-027: { ports: [22, "x"] }\n', /rules\.options\.TG-AWS-027\.ports\[1\] must be a whole number/],
    ['rules:\n  options:\n    TG-AWS-001: { days: 1 }\n', /rule TG-AWS-001 has no options/],
  ])('a bad config is a clear error with exit 2: %j', async (cfg, msg) => {
    const d = tmp({ 'cfg.yml': cfg, 'main.tf': BUCKET });
    const r = await cli(['scan', '.', '--config', 'cfg.yml'], d);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/config error in .*cfg\.yml/);
    expect(r.err).toMatch(msg);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('usage errors exit 2', async () => {
    expect((await cli(['scan', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['scan', '--bogus'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['scan', '--fail-on', 'meh'])).code).toBe(2);
  });
});

describe('help and usage errors', () => {
  it.each(['scan', 'rules', 'explain', 'evidence verify', 'evidence export', 'aggregate', 'baseline create'])('trustgate %s --help prints its own usage, exit 0', async (name) => {
    const cmd = name.split(' ');
    for (const flag of ['--help', '-h']) {
      const r = await cli([...cmd, flag]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(new RegExp(`^Usage:\\n  trustgate ${cmd.join(' ')} `));
      expect(r.err).toBe('');
    }
  });
  it('a group lists its commands: trustgate --help, trustgate evidence --help, trustgate help scan', async () => {
    const top = await cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['scan', 'rules', 'explain', 'evidence', 'aggregate']) expect(top.out).toMatch(new RegExp(`^  ${c} +\\S`, 'm'));
    const ev = await cli(['evidence', '--help']);
    expect(ev.out).toMatch(/^  verify +check a ledger/m);
    expect(ev.out).toMatch(/^  export +write the evidence pack/m);
    expect((await cli(['help', 'scan'])).out).toBe((await cli(['scan', '--help'])).out);
  });
  it('an unknown option is named with the closest one, never Node\'s parser message', async () => {
    for (const [args, msg] of [
      [['scan', '--outptu', 'x'], /^trustgate scan: unknown option --outptu \(did you mean --output\?\)\n\nUsage:\n  trustgate scan \[PATH\.\.\.\]/],
      [['scan', '--persnoa', 'auditor'], /^trustgate scan: unknown option --persnoa \(did you mean --persona\?\)/],
      [['scan', '--out=r.json'], /^trustgate scan: unknown option --out \(did you mean --output\?\)/],
      [['scan', '--frobnicate'], /^trustgate scan: unknown option --frobnicate\n/],
      [['scan', '--format'], /^trustgate scan: option --format needs a value/],
      [['scan', '--no-progress=yes'], /^trustgate scan: option --no-progress takes no value/],
      [['rules', '--fromat', 'json'], /^trustgate rules: unknown option --fromat \(did you mean --format\?\)/],
      [['evidence', 'verify', '--expect-haed', 'x', 'l.jsonl'], /^trustgate evidence: unknown option --expect-haed \(did you mean --expect-head\?\)/],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(msg);
      expect(r.err).not.toMatch(/ERR_PARSE_ARGS|To specify a positional argument/);
      expect(r.out).toBe('');
    }
  });
  it('an unknown command gets a suggestion and the list of commands', async () => {
    const r = await cli(['sacn', '.']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^trustgate: unknown command "sacn" \(did you mean "scan"\?\); commands: scan, rules, explain, evidence, aggregate/);
    expect((await cli(['evidence', 'verfiy'])).err).toMatch(/^trustgate evidence: unknown command "verfiy" \(did you mean "verify"\?\)/);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/missing command/);
  });
});

describe('rules and explain', () => {
  it('rules --format json lists every rule with its metadata', async () => {
    const list = JSON.parse((await cli(['rules', '--format', 'json'])).out);
    expect(list).toHaveLength(ALL_RULES.length);
    for (const r of list) expect(r).toMatchObject({ id: expect.stringMatching(/^TG-[A-Z0-9]+-\d{3}$/), title: expect.any(String), controls: expect.any(Array), rationale: expect.any(String), remediation: expect.any(String) });
  });
  it('rules are sorted by id and filtered by --kind, --category, --criterion and --persona', async () => {
    const ids = (out: string) => out.split('\n').slice(1).filter((l) => /^TG-/.test(l)).map((l) => l.split(' ')[0]);
    const all = ids((await cli(['rules'])).out);
    expect(all).toHaveLength(ALL_RULES.length);
    expect(all).toEqual([...all].sort());
    const wf = await cli(['rules', '--kind', 'workflow', '--format', 'json']);
    const wfList = JSON.parse(wf.out);
    expect(wfList.length).toBeGreaterThan(5);
    expect(wfList.every((m: { kind: string }) => m.kind === 'workflow')).toBe(true);
    const a12 = JSON.parse((await cli(['rules', '--criterion', 'A1.2', '--category', 'backup-recovery', '--format', 'json'])).out);
    expect(a12.length).toBeGreaterThan(0);
    expect(a12.every((m: { controls: string[]; category: string }) => m.controls.includes('A1.2') && m.category === 'backup-recovery')).toBe(true);
    const regular = JSON.parse((await cli(['rules', '--persona', 'regular', '--format', 'json'])).out);
    expect(regular.every((m: { persona: string }) => m.persona === 'regular')).toBe(true);
    expect(JSON.parse((await cli(['rules', '--persona', 'pedantic', '--format', 'json'])).out).length).toBeGreaterThan(regular.length);
    expect((await cli(['rules', '--kind', 'workflow'])).out).toMatch(new RegExp(`\\n${wfList.length} rules of ${ALL_RULES.length} \\(`));
    const typo = await cli(['rules', '--category', 'secret']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/^trustgate rules: --category "secret" is not one of .* \(did you mean secrets\?\)/);
  });
  it('a reader that goes away (rules | head) ends the command quietly, no stack trace', async () => {
    const child = spawn(process.execPath, [BIN, 'rules'], { cwd: ROOT });
    let err = '';
    child.stderr.on('data', (b) => (err += b));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(err).toBe('');
    expect(code).toBe(0);
  });
  it('explain prints the criteria and the fix; an unknown id exits 2', async () => {
    const r = await cli(['explain', 'TG-AWS-001']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/CC7\.2/);
    expect(r.out).toMatch(/Fix:|Remediation/i);
    expect((await cli(['explain', 'TG-NOPE-1'])).code).toBe(2);
  });
});

describe('large scans', () => {
  it('uses worker threads and enforces the per-file time limit without stopping the scan', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 220; i++) files[`small${String(i).padStart(3, '0')}/main.tf`] = BUCKET;
    files['zz-huge/main.tf'] = 'resource "aws_s3_bucket" "wide" {\n' + Array.from({ length: 300_000 }, (_, i) => `  a${i} = "${i}"\n`).join('') + '}\n';
    // The limit is per unit: the huge module (about 6 s of work) exceeds it, the small ones (milliseconds each,
    // some batched together) do not, even on a loaded machine.
    files['.trustgate.yml'] = 'limits:\n  maxFileMs: 400\n  maxFileBytes: 20000000\n';
    const d = tmp(files);
    const r = await cli(['scan', '.', '--format', 'json'], d);
    const j = JSON.parse(r.out);
    expect(j.errors.filter((e: { kind: string; file: string }) => e.kind === 'limit' && e.file === 'zz-huge')).toHaveLength(1);
    expect(j.findings.filter((f: { ruleId: string }) => f.ruleId === 'TG-AWS-001').length).toBeGreaterThanOrEqual(200);
  });

  it('--jobs 1 (in-process) and --jobs 2 (worker threads) give the same result', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 260; i++) files[`m${i}/main.tf`] = i % 3 ? BUCKET : 'resource "aws_db_instance" "d" {\n  storage_encrypted = false\n}\n';
    for (let i = 0; i < 40; i++) files[`k/p${i}.yaml`] = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: x\n      securityContext: {privileged: true}\n';
    const d = tmp(files);
    const one = strip((await cli(['scan', '.', '--format', 'json', '--jobs', '1'], d)).out);
    const two = strip((await cli(['scan', '.', '--format', 'json', '--jobs', '2'], d)).out);
    expect(one.findings.length).toBeGreaterThan(300);
    expect(two).toEqual(one);
    expect((await cli(['scan', '.', '--jobs', '0'], d)).code).toBe(2);
  });

  it('roots that share a local module give the same result with worker threads as in one thread', async () => {
    // Public modules' layout: examples/* each call the module at ../..; the module calls a submodule.
    const files: Record<string, string> = {};
    for (let r = 0; r < 6; r++) {
      files[`mod${r}/main.tf`] = 'variable "encrypted" {}\nmodule "db" {\n  source = "./modules/db"\n  encrypted = var.encrypted\n}\n';
      files[`mod${r}/modules/db/main.tf`] = 'variable "encrypted" {}\nresource "aws_db_instance" "d" {\n  storage_encrypted = var.encrypted\n}\n';
      for (let e = 0; e < 40; e++) files[`mod${r}/examples/e${e}/main.tf`] = `module "m" {\n  source = "../.."\n  encrypted = ${e % 2 ? 'true' : 'false'}\n}\n`;
    }
    // A root in UTF-16 (the planning pass with workers searches the bytes for `"./` first) is the only
    // caller of its module: missing the call would scan the module as a root of its own, without its input.
    files['u16/child/main.tf'] = 'variable "encrypted" {}\nresource "aws_db_instance" "d" {\n  storage_encrypted = var.encrypted\n}\n';
    // So is a root in JSON syntax (the bytes hold `"./`, not `source = `).
    files['json/child/main.tf'] = files['u16/child/main.tf'];
    files['json/main.tf.json'] = JSON.stringify({ module: { c: { source: './child', encrypted: false } } });
    const d = tmp(files);
    writeFileSync(join(d, 'u16/main.tf'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('module "c" {\n  source = "./child"\n  encrypted = false\n}\n', 'utf16le')]));
    const one = strip((await cli(['scan', '.', '--format', 'json', '--jobs', '1'], d)).out);
    const two = strip((await cli(['scan', '.', '--format', 'json', '--jobs', '2'], d)).out);
    expect(one.findings.filter((f: { ruleId: string }) => f.ruleId === 'TG-AWS-009').length).toBeGreaterThan(0);
    for (const root of ['u16', 'json']) expect(one.findings.filter((f: { ruleId: string; location: { file: string } }) => f.ruleId === 'TG-AWS-009' && f.location.file === `${root}/child/main.tf`)).toHaveLength(1);
    expect(two).toEqual(one);
  });

  it('worker threads see the facts of the whole scanned set (a NetworkPolicy in another file), as one thread does', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 220; i++) files[`m${i}/main.tf`] = BUCKET;
    const deploy = (ns: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    spec:\n      containers:\n        - name: c\n          image: api:1.0\n`;
    files['k/shop.yaml'] = deploy('shop');
    files['k/payments.yaml'] = deploy('payments');
    files['policies/payments.yaml'] = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: payments}\nspec:\n  podSelector: {}\n';
    const d = tmp(files);
    const k8s015 = (out: string) => (JSON.parse(out).findings as { ruleId: string; location: { file: string } }[]).filter((f) => f.ruleId === 'TG-K8S-015').map((f) => f.location.file);
    const two = k8s015((await cli(['scan', '.', '--format', 'json', '--jobs', '2'], d)).out);
    expect(two).toEqual(['k/shop.yaml']);
    expect(k8s015((await cli(['scan', '.', '--format', 'json', '--jobs', '1'], d)).out)).toEqual(two);
  });

  it('Ctrl-C stops a scan promptly with exit 130 and no partial report', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`m${i}/main.tf`] = BUCKET;
    // A module that takes seconds on its own: the scan must still be running when the signal comes, however
    // fast the machine (3,000 small modules alone once finished within the 1.5 s wait: exit 1, not 130).
    files['zz-huge/main.tf'] = 'resource "aws_s3_bucket" "wide" {\n' + Array.from({ length: 300_000 }, (_, i) => `  a${i} = "${i}"\n`).join('') + '}\n';
    files['.trustgate.yml'] = 'limits:\n  maxFileBytes: 20000000\n';
    const d = tmp(files);
    const child = spawn(process.execPath, [BIN, 'scan', '.', '--format', 'json'], { cwd: d });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    // Long enough for the process to load and install its SIGINT handler on a busy machine; the scan takes far longer.
    await new Promise((r) => setTimeout(r, 1500));
    const t0 = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(out).toBe('');
  });
});
