// What a person sees from `trustgate scan`: colour and progress per stream, wrapping to the terminal,
// each fix once, the summary by rule, --compact and --quiet, grammar. In-process through main() with
// the stream facts a terminal or a pipe would give (the real pseudo-terminal is test/cli-pty.test.ts).
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../cli/cli.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-cli-out-');
const ESC = '\x1b[';
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

const THREE_BUCKETS = ['a', 'b', 'c'].map((n) => `resource "aws_s3_bucket" "${n}" {\n  bucket = "${n}-bucket-with-a-rather-long-name-for-wrapping"\n}\n`).join('');

async function run(args: string[], cwd: string, tty: { stdout?: boolean; stderr?: boolean; columns?: number; env?: NodeJS.ProcessEnv } = {}) {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd, isTTY: !!tty.stdout, stderrIsTTY: !!tty.stderr, columns: tty.columns, env: tty.env ?? {} };
  const code = await main(['scan', '.', '--jobs', '1', ...args], io);
  return { code, out, err };
}

describe('colour and progress, decided per stream', () => {
  it('a terminal gets colour on stdout and a progress line on stderr; a pipe gets neither', async () => {
    const d = tmp({ 'main.tf': THREE_BUCKETS });
    const term = await run([], d, { stdout: true, stderr: true, columns: 100 });
    expect(term.out).toContain(ESC);
    expect(plain(term.err)).toMatch(/\rscanning 1\/1 files/);
    expect(term.err.endsWith('\r\x1b[K')).toBe(true); // erased before the report
    const pipe = await run([], d);
    expect(pipe.out).not.toContain(ESC);
    expect(pipe.err).toBe('');
  });
  it('stdout piped or --output, stderr a terminal: progress still shows, the report has no colour', async () => {
    const d = tmp({ 'main.tf': THREE_BUCKETS });
    const piped = await run(['--format', 'json'], d, { stderr: true });
    expect(piped.err).toMatch(/scanning 1\/1 files/);
    expect(JSON.parse(piped.out).findings.length).toBeGreaterThan(0);
    const file = await run(['--output', 'r.txt'], d, { stdout: true, stderr: true });
    expect(file.err).toMatch(/scanning 1\/1 files[\s\S]*trustgate: \d+ findings written to r\.txt/);
    expect((await run(['--no-progress'], d, { stderr: true })).err).toBe('');
    expect((await run(['--quiet'], d, { stderr: true })).err).toBe('');
  });
  it('NO_COLOR turns colour off on a terminal; FORCE_COLOR turns it on in a pipe (and wins); FORCE_COLOR=0 turns it off', async () => {
    const d = tmp({ 'main.tf': THREE_BUCKETS });
    expect((await run([], d, { stdout: true, env: { NO_COLOR: '1' } })).out).not.toContain(ESC);
    expect((await run([], d, { env: { FORCE_COLOR: '1' } })).out).toContain(ESC);
    expect((await run([], d, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).out).toContain(ESC);
    expect((await run([], d, { stdout: true, env: { FORCE_COLOR: '0' } })).out).not.toContain(ESC);
    expect((await run([], d, { stdout: true, env: { TERM: 'dumb' } })).out).not.toContain(ESC);
  });
});

describe('the text report', () => {
  it('wraps to the terminal width with a hanging indent; a pipe keeps one line per finding', async () => {
    const d = tmp({ 'main.tf': THREE_BUCKETS });
    const r = await run([], d, { stdout: true, columns: 72 });
    const lines = plain(r.out).split('\n');
    const body = lines.slice(0, lines.findIndex((l) => l.startsWith('SOC 2 criteria')));
    for (const l of body) expect(l.length, l).toBeLessThanOrEqual(72);
    // A finding's continuation lines start under its rule id (column 20).
    const i = lines.findIndex((l) => /^ {2}1:1 +Medium +TG-AWS-001 /.test(l));
    expect(lines[i + 1]).toMatch(/^ {20}\S/);
    const pipe = plain((await run([], d)).out).split('\n');
    expect(pipe.filter((l) => /^ {2}\d+:\d+ +Medium +TG-AWS-001 .*\[CC7\.2/.test(l))).toHaveLength(3);
  });
  it('each rule\'s fix once per run, under "How to fix"; a summary by rule under the findings', async () => {
    const d = tmp({ 'main.tf': THREE_BUCKETS });
    const { out } = await run([], d);
    expect(out.match(/Add an aws_s3_bucket_logging resource/g)).toHaveLength(1);
    expect(out).toMatch(/How to fix\n {2}TG-AWS-001 {2}Add an aws_s3_bucket_logging resource/);
    expect(out).not.toMatch(/^\s+fix: /m);
    expect(out).toMatch(/Findings by rule\n {2}rule +count +severity +title\n(?: {2}TG-AWS-\d{3} +\d+ +\w+ +.+\n)*? {2}TG-AWS-001 +3 +Medium +S3 bucket has no server access logging\n/);
    // The rule summary sits above the criteria table.
    expect(out.indexOf('Findings by rule')).toBeLessThan(out.indexOf('SOC 2 criteria'));
  });
  it('--compact is one problem-matcher line per unsuppressed finding and per unscanned file; nothing else', async () => {
    const d = tmp({ 'main.tf': THREE_BUCKETS.replace('resource "aws_s3_bucket" "b"', '# trustgate:ignore TG-AWS-001 reason="logged by the org trail"\nresource "aws_s3_bucket" "b"'), 'broken/x.tf': 'resource "aws_s3_bucket" "x" {\n  bucket = \n' });
    const r = await run(['--compact'], d, { stdout: true, columns: 40 });
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^[^:\s]+:\d+:\d+: (critical|high|medium|low|error) \S+ \S.*$/);
    expect(lines).toContain('main.tf:1:1: medium TG-AWS-001 S3 bucket "a" has no access logging: no logging block and no aws_s3_bucket_logging resource refers to it.');
    expect(lines.filter((l) => l.startsWith('main.tf:') && l.includes(' TG-AWS-001 '))).toHaveLength(2); // the suppressed one is not a problem
    expect(lines.some((l) => /^broken\/x\.tf:\d+:\d+: error parse /.test(l))).toBe(true);
    expect(r.out).not.toContain(ESC);
    expect((await run(['--compact', '--format', 'json'], d)).code).toBe(2);
  });
  it('--quiet prints the findings (and unscanned files) only: no fixes, rule summary, criteria or footer', async () => {
    const d = tmp({ 'main.tf': THREE_BUCKETS });
    const r = await run(['--quiet'], d);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^main\.tf\n {2}1:1 +Medium +TG-AWS-001 /);
    expect(r.out).not.toMatch(/How to fix|Findings by rule|SOC 2 criteria|findings \(/);
    const clean = tmp({ 'main.tf': 'variable "region" {\n  default = "eu-west-1"\n}\n' });
    expect((await run(['--quiet', '--fail-on', 'none'], clean)).out).toBe('');
  });
  it('says "1 file", "1 finding", "1 check", and counts notices apart from errors', async () => {
    const one = tmp({ 'main.tf': 'resource "aws_s3_bucket_acl" "a" {\n  bucket = "x"\n  acl    = var.acl\n}\nvariable "acl" {}\n' });
    const r = await run(['--persona', 'auditor'], one);
    expect(r.out).toMatch(/— 1 file \(1 Terraform, 0 Kubernetes, 0 workflow\) in \d+ ms\n$/);
    expect(r.out).toMatch(/Indeterminate: 1 check could not be decided statically/);
    const mod = tmp({ 'main.tf': 'module "eks" {\n  source = "terraform-aws-modules/eks/aws"\n}\n' });
    const m = await run([], mod);
    expect(m.out).toMatch(/0 findings \(.*\), 0 suppressed, 0 compensated, 0 indeterminate, 0 errors, 1 notice — 1 file /);
    expect(m.out).toMatch(/1 module call was not evaluated/);
    const j = JSON.parse((await run(['--format', 'json'], mod)).out);
    expect(j.errors).toEqual([expect.objectContaining({ kind: 'notice', file: 'main.tf', line: 1 })]);
  });
});
