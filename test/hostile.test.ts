// Input the engine must survive: every case ends with a clear error entry (or a clean result) and
// the scan going on. Files are generated in a temp dir; the real engine and rules run on them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirs } from './tmp.js';
import { defaultConfig } from '../core/config.js';
import { scan } from '../core/engine.js';
import type { ScanResult } from '../core/types.js';
import { YamlFile } from '../core/yaml/view.js';
import { ALL_RULES } from '../rules/index.js';

const tmp = tempDirs('tg-hostile-');

const run = (dir: string, extra: Partial<Parameters<typeof scan>[0]> = {}): Promise<ScanResult> => scan({ paths: [dir], cwd: dir, rules: ALL_RULES, ...extra });

const PRIVILEGED_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx@sha256:0000000000000000000000000000000000000000000000000000000000000000\n      securityContext: {privileged: true}\n';
const BUCKET = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n}\n';
/** A control file in the same scan: it must still produce its finding whatever the hostile file did. */
const control = { 'control/pod.yaml': PRIVILEGED_POD };
const hasControlFinding = (r: ScanResult) => r.findings.some((f) => f.ruleId === 'TG-K8S-001' && f.location.file.endsWith(join('control', 'pod.yaml')));
const errorsFor = (r: ScanResult, name: string) => r.errors.filter((e) => e.file.endsWith(name));

describe('hostile YAML', () => {
  it('an alias bomb is never expanded, and a traversal that tries is stopped by the node budget', async () => {
    const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(',')}]`);
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${lines.map((l) => '  ' + l).join('\n')}\n`;
    const dir = tmp({ 'bomb.yaml': bomb, ...control });
    const r = await run(dir);
    expect(hasControlFinding(r)).toBe(true);
    // A rule that walked everything would hit the budget; walk it ourselves to prove the guard.
    const f = new YamlFile('bomb.yaml', bomb, { maxAliasCount: 100, maxDepth: 200, maxNodeVisits: 10_000 });
    const walkAll = (v: ReturnType<YamlFile['root']>): number => (v ? 1 + v.entries().reduce((n, [, c]) => n + walkAll(c), 0) + v.items().reduce((n, c) => n + walkAll(c), 0) : 0);
    expect(() => walkAll(f.root(0))).toThrow(/more than 10000 nodes visited/);
  });

  it('10,000 levels of flow nesting become a parse error with a location', async () => {
    const dir = tmp({ 'deep.yaml': 'a: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n', ...control });
    const r = await run(dir);
    const e = errorsFor(r, 'deep.yaml');
    expect(e.length).toBeGreaterThan(0);
    expect(e[0].line).toBe(1);
    expect(e[0].kind).toBe('parse');
    expect(hasControlFinding(r)).toBe(true);
  });

  it('a 50 MB single-line file is skipped at the size limit, not read', async () => {
    const dir = tmp({ 'huge.yaml': Buffer.alloc(50 * 1024 * 1024, 'a'), ...control });
    const r = await run(dir);
    const e = errorsFor(r, 'huge.yaml');
    expect(e).toHaveLength(1);
    expect(e[0].kind).toBe('limit');
    expect(e[0].message).toMatch(/over the 5242880-byte limit/);
    expect(hasControlFinding(r)).toBe(true);
  });

  it('a 5 MB manifest with 10,000 documents is scanned completely', async () => {
    const doc = (i: number) => PRIVILEGED_POD.replace('name: p', `name: p${i}`);
    const body = Array.from({ length: 10_000 }, (_, i) => doc(i)).join('---\n');
    const dir = tmp({ 'many.yaml': body });
    const config = defaultConfig();
    config.limits.maxFileBytes = 8 * 1024 * 1024;
    const r = await run(dir, { config });
    expect(r.findings.filter((f) => f.ruleId === 'TG-K8S-001')).toHaveLength(10_000);
    expect(r.findings.find((f) => f.ruleId === 'TG-K8S-001' && f.message.includes('"p9999"'))!.location.startLine).toBe(9999 * 9 + 8);
  });

  it('encodings and line endings: BOM, CRLF, CR-only, UTF-16, invalid UTF-8 keep exact lines', async () => {
    const crlf = PRIVILEGED_POD.replace(/\n/g, '\r\n');
    const cr = PRIVILEGED_POD.replace(/\n/g, '\r');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PRIVILEGED_POD, 'utf16le')]);
    const badUtf8 = Buffer.concat([Buffer.from('# caf\xe9 \xff\xfe\n', 'latin1'), Buffer.from(PRIVILEGED_POD)]);
    const dir = tmp({ 'bom.yaml': '\ufeff' + PRIVILEGED_POD, 'crlf.yaml': crlf, 'cr.yaml': cr, 'utf16.yaml': utf16, 'bad.yaml': badUtf8 });
    const r = await run(dir);
    const line = (name: string) => r.findings.find((f) => f.location.file.endsWith(name) && f.ruleId === 'TG-K8S-001')?.location.startLine;
    expect(line('bom.yaml')).toBe(8);
    expect(line('crlf.yaml')).toBe(8);
    expect(line('cr.yaml')).toBe(8);
    expect(line('utf16.yaml')).toBe(8);
    expect(line('bad.yaml')).toBe(9);
    expect(errorsFor(r, 'bad.yaml').map((e) => e.message)).toEqual(['invalid UTF-8 bytes were replaced with U+FFFD']);
  });

  it('binary files, NUL bytes and empty files with IaC names give an error entry or nothing, never a crash', async () => {
    const dir = tmp({ 'bin.tf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0, 0]), 'nul.yaml': 'a: 1\n\0\nb: 2\n', 'empty.tf': '', 'empty.yaml': '', ...control });
    const r = await run(dir);
    expect(errorsFor(r, 'bin.tf')[0].message).toMatch(/binary file/);
    expect(errorsFor(r, 'nul.yaml')[0].message).toMatch(/binary file/);
    expect(errorsFor(r, 'empty.tf')).toEqual([]);
    expect(errorsFor(r, 'empty.yaml')).toEqual([]);
    expect(hasControlFinding(r)).toBe(true);
  });
});

describe('hostile HCL', () => {
  it('unterminated heredocs and strings, unbalanced braces: errors with locations, other files still checked', async () => {
    const dir = tmp({
      'a/heredoc.tf': 'locals {\n  x = <<EOT\nnever closed\n',
      'b/string.tf': 'resource "aws_s3_bucket" "s" {\n  bucket = "unterminated\n}\n',
      'c/braces.tf': 'resource "aws_s3_bucket" "x" {\n  bucket = "x"\n\n' + BUCKET,
      'd/ok.tf': BUCKET,
    });
    const r = await run(dir);
    for (const f of ['heredoc.tf', 'string.tf', 'braces.tf']) {
      const e = errorsFor(r, f);
      expect(e.length, f).toBeGreaterThan(0);
      expect(e[0].kind).toBe('parse');
      expect(e[0].line).toBeGreaterThan(0);
    }
    expect(r.findings.some((f) => f.ruleId === 'TG-AWS-001' && f.location.file.endsWith('ok.tf'))).toBe(true);
  });

  it('100,000 attributes in a block and expressions nested 5,000 deep', async () => {
    const wide = 'resource "aws_s3_bucket" "wide" {\n' + Array.from({ length: 100_000 }, (_, i) => `  a${i} = ${i}\n`).join('') + '}\n';
    const nest = (open: string, close: string) => open.repeat(5000) + '1' + close.repeat(5000);
    // `a[a[...]]`: three converter frames per level (it overflowed the stack below the depth limit).
    const deep = `locals {\n  x = ${nest('(', ')')}\n  y = ${nest('[', ']')}\n  z = ${nest('a[', ']')}\n}\n` + BUCKET;
    const dir = tmp({ 'wide/main.tf': wide, 'deep/main.tf': deep });
    const r = await run(dir);
    expect(r.findings.some((f) => f.location.file.endsWith(join('wide', 'main.tf')) && f.ruleId === 'TG-AWS-001')).toBe(true);
    expect(r.findings.some((f) => f.location.file.endsWith(join('deep', 'main.tf')) && f.ruleId === 'TG-AWS-001')).toBe(true);
    expect(errorsFor(r, join('deep', 'main.tf')).some((e) => /nesting deeper than/.test(e.message))).toBe(true);
  });

  it('a module that sources itself, and two modules that source each other, terminate with a cycle error', async () => {
    const dir = tmp({
      'self/main.tf': 'module "me" {\n  source = "../self"\n}\n' + BUCKET,
      'ping/main.tf': 'module "pong" {\n  source = "../pong"\n}\n' + BUCKET,
      'pong/main.tf': 'module "ping" {\n  source = "../ping"\n}\n',
    });
    const r = await run(dir);
    expect(r.errors.some((e) => e.file.endsWith(join('self', 'main.tf')) && /module cycle/.test(e.message))).toBe(true);
    expect(r.errors.some((e) => /module cycle/.test(e.message) && (e.file.includes('ping') || e.file.includes('pong')))).toBe(true);
    expect(r.findings.filter((f) => f.ruleId === 'TG-AWS-001' && f.location.file.endsWith(join('ping', 'main.tf')))).toHaveLength(1);
  });

  it('for_each over a huge literal stays cheap', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) => `"b${i}"`).join(', ');
    const dir = tmp({ 'main.tf': `resource "aws_s3_bucket" "many" {\n  for_each = toset([${items}])\n  bucket   = each.value\n}\n` });
    const r = await run(dir);
    expect(r.findings.filter((f) => f.ruleId === 'TG-AWS-001')).toHaveLength(1);
  });
});

describe('hostile file systems', () => {
  it('symlink loops terminate; links out of the scan root are not followed', async () => {
    const outside = tmp({ 'secret/main.tf': BUCKET });
    const dir = tmp({ 'in/main.tf': BUCKET });
    symlinkSync(dir, join(dir, 'in', 'loop'));
    symlinkSync(join(outside, 'secret'), join(dir, 'out'));
    const r = await run(dir);
    expect(r.findings.filter((f) => f.ruleId === 'TG-AWS-001').map((f) => f.location.file)).toEqual([join(dir, 'in', 'main.tf')]);
    expect(r.errors.some((e) => e.file === join(dir, 'out') && /outside the scan root/.test(e.message))).toBe(true);
  });

  it('a directory reached through a link inside the root and directly is scanned once, subdirectories too', async () => {
    const dir = tmp({ 'real/sub/main.tf': BUCKET });
    // "alias" sorts before "real": the walk meets the tree through the link first.
    symlinkSync(join(dir, 'real'), join(dir, 'alias'));
    const r = await run(dir);
    expect(r.findings.filter((f) => f.ruleId === 'TG-AWS-001').map((f) => f.location.file)).toEqual([join(dir, 'alias', 'sub', 'main.tf')]);
  });

  it('a FIFO or a directory with an IaC name does not hang or crash the scan', async () => {
    const dir = tmp({ ...control });
    mkdirSync(join(dir, 'dir.tf'));
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    const r = await run(dir);
    expect(hasControlFinding(r)).toBe(true);
  });

  it('an unreadable file becomes a read error (when not running as root)', async () => {
    const dir = tmp({ 'locked.tf': BUCKET, ...control });
    spawnSync('chmod', ['000', join(dir, 'locked.tf')]);
    const r = await run(dir);
    if (process.getuid?.() === 0) {
      // root reads everything: the file is simply scanned.
      expect(r.findings.some((f) => f.location.file.endsWith('locked.tf'))).toBe(true);
    } else {
      expect(errorsFor(r, 'locked.tf')[0].message).toMatch(/permission denied/);
    }
    expect(hasControlFinding(r)).toBe(true);
  });

  it('paths with spaces, unicode, newlines, :: and % are reported exactly and escaped in every format', async () => {
    const names = ['with space/main.tf', 'ünïcödé/main.tf', 'new\nline/main.tf', 'a::error::x/main.tf', 'pct%0A/main.tf'];
    const dir = tmp(Object.fromEntries(names.map((n) => [n, BUCKET])));
    const r = await run(dir);
    for (const n of names) expect(r.findings.some((f) => f.location.file === join(dir, n)), n).toBe(true);
    const { toText } = await import('../cli/text.js');
    const text = toText(r, dir, { color: false });
    expect(text).toContain('new\\nline/main.tf');
    expect(text.split('\n').every((l) => !l.startsWith('line/main.tf'))).toBe(true);
  });
});

describe('regular expressions on adversarial input', () => {
  it('rules finish quickly on long adversarial strings (no catastrophic backtracking)', async () => {
    const junk = (s: string) => s.repeat(20_000);
    const wf = `on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "${junk('${{ a')}"\n      - run: "${junk('${{ github.event.issue.title ')}}}"\n      - uses: ${junk('a/')}@${junk('v')}\n      - run: echo ${junk('$(')} ${junk('secrets.')}\n`;
    const tf = `resource "aws_s3_bucket" "b" {\n  bucket = "${junk('a-')}"\n  policy = "${junk('{\\"Statement\\":[')}"\n}\n# trustgate:ignore ${junk('TG-')} reason="${junk('x')}\n`;
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  k: "${junk('AKIA')}"\n  p: "${junk('password=')}"\n`;
    const dir = tmp({ '.github/workflows/x.yml': wf, 'main.tf': tf, 'cm.yaml': yaml });
    const t0 = Date.now();
    const r = await run(dir);
    // A hang guard, not a speed test: linear patterns finish in well under a second here.
    expect(Date.now() - t0).toBeLessThan(20_000);
    expect(r.errors.filter((e) => e.kind === 'internal')).toEqual([]);
  });
});

describe('cancellation', () => {
  it('an aborted scan rejects promptly and returns no partial result', async () => {
    const files = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`m${i}/main.tf`, BUCKET]));
    const dir = tmp(files);
    const ac = new AbortController();
    let progressed = 0;
    const p = run(dir, {
      signal: ac.signal,
      onProgress: (d) => {
        progressed = d;
        if (d >= 50) ac.abort();
      },
    });
    await expect(p).rejects.toThrow(/aborted/);
    expect(progressed).toBeLessThan(400);
  });
});
