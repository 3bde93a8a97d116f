// Terraform's JSON syntax (core/hcl/json.ts): the same AST as the native syntax, exact positions,
// templates evaluated as expressions, broken files as error entries, and the files Terraform reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { scan } from '../core/engine.js';
import { classify, classifyForScan, looksLikePlanJson } from '../core/files.js';
import type { Expr, HclFile } from '../core/hcl/ast.js';
import { parseTfJson } from '../core/hcl/json.js';
import { initHcl, parseHcl } from '../core/hcl/parse.js';
import { evaluate, type Scope } from '../core/terraform/eval.js';
import { Unknown } from '../core/terraform/values.js';
import { autoVarOrder, fileTypeOf } from '../core/inputs.js';
import { ALL_RULES } from '../rules/index.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-tfjson-');
const EMPTY_SCOPE: Scope = { lookup: (root) => ({ value: new Unknown(`${root} is not known here`), used: 0 }) };
let parser: Parser;
beforeAll(async () => {
  parser = await initHcl();
});
const json = (src: string, vars = false) => parseTfJson(parser, '/m/main.tf.json', src, vars);
const attr = (f: HclFile, ...path: string[]) => {
  let b = f.blocks.find((x) => x.type === path[0])!;
  for (const p of path.slice(1, -1)) b = b.blocks.find((x) => x.type === p || x.labels.includes(p)) ?? b;
  return b.attributes.get(path[path.length - 1])!;
};
/** Strip ranges, to compare the shapes of two ASTs. */
const shape = (e: unknown): unknown =>
  Array.isArray(e) ? e.map(shape) : e && typeof e === 'object' ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'r').map(([k, v]) => [k, shape(v)])) : e;

describe('JSON syntax to the HCL AST', () => {
  it('nests blocks by labels, accepts arrays of objects at every level and ignores "//" in bodies', () => {
    const f = json(`{
  "//": "comment",
  "resource": {
    "aws_s3_bucket": { "a": { "bucket": "a" }, "b": [{ "bucket": "b1" }, { "bucket": "b2" }] },
    "aws_kms_key": [{ "k": { "//": "comment", "description": "k" } }]
  },
  "provider": { "aws": [{ "region": "eu-west-1" }, { "alias": "us", "region": "us-east-1" }] },
  "terraform": { "backend": { "s3": { "bucket": "state" } } }
}`);
    expect(f.errors).toEqual([]);
    expect(f.blocks.map((b) => `${b.type}:${b.labels.join('.')}`)).toEqual(['resource:aws_s3_bucket.a', 'resource:aws_s3_bucket.b', 'resource:aws_s3_bucket.b', 'resource:aws_kms_key.k', 'provider:aws', 'provider:aws', 'terraform:']);
    expect([...f.blocks[3].attributes.keys()]).toEqual(['description']);
    expect(f.blocks[6].blocks[0]).toMatchObject({ type: 'backend', labels: ['s3'] });
  });

  it('gives the same expressions as the native syntax for the same configuration', () => {
    const native = parseHcl(parser, '/m/main.tf', `resource "aws_instance" "x" {
  count = length(var.azs)
  ami   = "ami-\${var.v}"
  tags  = { Name = "n-\${count.index}" }
  subnet_id = var.subnets[count.index]
  depends_on = [aws_vpc.main]
  lifecycle {
    ignore_changes = [tags]
  }
}`);
    const fromJson = json(`{ "resource": { "aws_instance": { "x": {
  "count": "\${length(var.azs)}",
  "ami": "ami-\${var.v}",
  "tags": { "Name": "n-\${count.index}" },
  "subnet_id": "\${var.subnets[count.index]}",
  "depends_on": ["aws_vpc.main"],
  "lifecycle": { "ignore_changes": ["tags"] }
} } } }`);
    const n = native.blocks[0];
    const j = fromJson.blocks[0];
    for (const name of ['count', 'ami', 'subnet_id', 'depends_on']) expect(shape(j.attributes.get(name)!.expr), name).toEqual(shape(n.attributes.get(name)!.expr));
    expect(shape(j.blocks.find((b) => b.type === 'lifecycle')!.attributes.get('ignore_changes')!.expr)).toEqual(shape(n.blocks[0].attributes.get('ignore_changes')!.expr));
    // An object may be an attribute or a nested block: offered as both.
    expect(j.attributes.get('tags')!.expr.t).toBe('object');
    expect(j.blocks.some((b) => b.type === 'tags')).toBe(true);
  });

  it('maps every range back to the JSON text, exactly, also after escape sequences', () => {
    const src = '{ "resource": { "t": { "n": {\n    "name": "a\\"b\\u0041-${var.x}-\\\\${upper(\\"y\\")}"\n} } } }';
    const f = json(src);
    const a = attr(f, 'resource', 'name');
    expect(a.range).toEqual({ startLine: 2, startColumn: 5, endLine: 2, endColumn: src.split('\n')[1].length + 1 });
    const line = src.split('\n')[1];
    const e = a.expr as Extract<Expr, { t: 'tmpl' }>;
    expect(e.t).toBe('tmpl');
    const ref = e.parts.find((p): p is Expr => typeof p !== 'string' && p.t === 'ref')!;
    expect(line.slice(ref.r.startColumn - 1, ref.r.endColumn - 1)).toBe('var.x');
    const call = e.parts.find((p): p is Expr => typeof p !== 'string' && p.t === 'call')! as Extract<Expr, { t: 'call' }>;
    expect(line.slice(call.r.startColumn - 1, call.r.endColumn - 1)).toBe('upper(\\"y\\")');
    expect(evaluate(call, EMPTY_SCOPE)).toBe('Y');
    expect(e.parts.filter((p) => typeof p === 'string')).toEqual(['a"bA-', '-\\']);
  });

  it('a string that is exactly one interpolation is that value; $${ is a literal; %{ } is a directive', () => {
    const f = json('{ "locals": { "list": "${[1, 2]}", "lit": "$${x}", "n": 5, "big": 12345678901234567890, "d": "%{ if true }y%{ endif }" } }');
    const l = f.blocks[0].attributes;
    expect(evaluate(l.get('list')!.expr, EMPTY_SCOPE)).toEqual([1, 2]);
    expect(evaluate(l.get('lit')!.expr, EMPTY_SCOPE)).toBe('${x}');
    expect(evaluate(l.get('n')!.expr, EMPTY_SCOPE)).toBe(5);
    expect(evaluate(l.get('big')!.expr, EMPTY_SCOPE)).toBe(12345678901234567890);
    expect(l.get('d')!.expr).toMatchObject({ t: 'tmpl', directive: true });
  });

  it('keyword arguments are expressions without ${}: depends_on, provider, a variable type', () => {
    const f = json('{ "variable": { "v": { "type": "list(string)" } }, "resource": { "t": { "n": { "provider": "aws.west", "depends_on": ["module.m"] } } } }');
    expect(f.blocks[0].attributes.get('type')!.expr).toMatchObject({ t: 'call', name: 'list' });
    expect(f.blocks[1].attributes.get('provider')!.expr).toMatchObject({ t: 'ref', root: 'aws', parts: [{ t: 'attr', name: 'west' }] });
    expect(f.blocks[1].attributes.get('depends_on')!.expr).toMatchObject({ t: 'tuple', items: [{ t: 'ref', root: 'module' }] });
  });

  it('a .tfvars.json file is top-level attributes; "//" there is a variable name, as in Terraform', () => {
    const f = json('{ "region": "eu-west-1", "cidrs": ["10.0.0.0/8"], "//": "x" }', true);
    expect([...f.attributes.keys()]).toEqual(['region', 'cidrs', '//']);
    expect(evaluate(f.attributes.get('cidrs')!.expr, EMPTY_SCOPE)).toEqual(['10.0.0.0/8']);
  });

  it('broken JSON is one error with its line and column; duplicate arguments are reported', () => {
    expect(json('{\n  "resource": {\n    "t": { "n": { "a": 1, } }\n  }\n}').errors).toEqual([
      { range: { startLine: 3, startColumn: 27, endLine: 3, endColumn: 28 }, message: 'JSON syntax error: unexpected "}"; expected a property name in double quotes' },
    ]);
    expect(json('{ "resource": { "t": { "n": { "a": "x' ).errors[0].message).toMatch(/unterminated string/);
    expect(json('[1]').errors[0].message).toMatch(/must hold one object/);
    expect(json('{ "resource": "x" }').errors[0].message).toMatch(/must be an object/);
    expect(json('{ "resource": { "t": { "n": { "a": 1, "a": 2 } } } }').errors[0]).toMatchObject({ range: { startLine: 1, startColumn: 39 }, message: expect.stringMatching(/duplicate argument "a"/) });
    expect(json('['.repeat(50_000)).errors[0].message).toMatch(/nesting deeper than/);
    expect(json('{ "locals": { "x": "${var.}" } }').errors[0]).toMatchObject({ range: { startLine: 1 }, message: expect.stringMatching(/^in an expression/) });
  });
});

describe('JSON files in a scan', () => {
  const PUBLIC = '{ "resource": { "aws_s3_bucket_acl": { "b": { "bucket": "x", "acl": "${var.acl}" } } } }';

  it('the file names Terraform reads are registered; plan detection does not take a .tf.json', () => {
    expect(['a.tf.json', 'a.tofu.json', 'terraform.tfvars.json', 'x.auto.tfvars.json'].map(classify)).toEqual(['terraform', 'terraform', 'tfvars', 'tfvars']);
    expect(fileTypeOf('a.tf.json')?.syntax).toBe('json');
    const d = tmp({ 'main.tf.json': '{"format_version":"1.2","terraform_version":"1.9.0","resource":{}}', 'plan.json': '{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{}}' });
    expect(looksLikePlanJson(readFileSync(join(d, 'main.tf.json'), 'utf8'))).toBe(true); // by content alone it would be
    expect(classifyForScan(join(d, 'main.tf.json'))).toBe('terraform');
    expect(classifyForScan(join(d, 'plan.json'))).toBe('tfplan');
    expect(['/m/b.auto.tfvars.json', '/m/a.auto.tfvars', '/m/terraform.tfvars.json', '/m/terraform.tfvars'].sort(autoVarOrder)).toEqual(['/m/terraform.tfvars', '/m/terraform.tfvars.json', '/m/a.auto.tfvars', '/m/b.auto.tfvars.json']);
  });

  it('one module mixes .tf and .tf.json; variables come from .tfvars.json, auto files and --var-file x.tfvars.json', async () => {
    const d = tmp({ 'vars.tf': 'variable "acl" {\n  default = "private"\n}\n', 'main.tf.json': PUBLIC });
    const at = async (files: Record<string, string>, varFiles?: string[]) => {
      const dir = tmp({ 'vars.tf': 'variable "acl" {\n  default = "private"\n}\n', 'main.tf.json': PUBLIC, ...files });
      const r = await scan({ paths: [dir], cwd: dir, rules: ALL_RULES, varFiles: varFiles?.map((v) => join(dir, v)) });
      return r.findings.filter((f) => f.ruleId === 'TG-AWS-004').map((f) => `${f.location.file.slice(dir.length + 1)}:${f.location.startLine}:${f.location.startColumn}`);
    };
    expect(await at({})).toEqual([]);
    expect(await at({ 'terraform.tfvars.json': '{ "acl": "public-read" }' })).toEqual(['main.tf.json:1:62']);
    expect(await at({ 'x.auto.tfvars.json': '{ "acl": "public-read" }' })).toEqual(['main.tf.json:1:62']);
    expect(await at({ 'env/prod.tfvars.json': '{ "acl": "public-read" }' }, ['env/prod.tfvars.json'])).toEqual(['main.tf.json:1:62']);
    // terraform.tfvars.json is loaded after terraform.tfvars, so it wins.
    expect(await at({ 'terraform.tfvars': 'acl = "public-read"\n', 'terraform.tfvars.json': '{ "acl": "private" }' })).toEqual([]);
    const r = await scan({ paths: [d], cwd: d, rules: ALL_RULES });
    expect(r.summary.filesByKind.terraform).toBe(2);
  });

  it('a broken .tf.json is an error entry and the rest of the scan goes on', async () => {
    const d = tmp({ 'a/main.tf.json': '{ "resource": {\n  "aws_s3_bucket_acl": { "b": { "acl": "public-read" ', 'b/main.tf.json': PUBLIC.replace('${var.acl}', 'public-read') });
    const r = await scan({ paths: [d], cwd: d, rules: ALL_RULES });
    expect(r.errors.find((e) => e.file === join(d, 'a', 'main.tf.json'))).toMatchObject({ kind: 'parse', line: 2 });
    expect(r.findings.some((f) => f.location.file === join(d, 'b', 'main.tf.json'))).toBe(true);
  });

  it('override.tf.json merges into the primary block instead of adding a resource; a JSON module call is followed', async () => {
    const d = tmp({
      'main.tf': 'resource "aws_s3_bucket_acl" "b" {\n  bucket = "x"\n  acl    = "public-read"\n}\n',
      'override.tf.json': '{ "resource": { "aws_s3_bucket_acl": { "b": { "acl": "public-read" } } } }',
      'root/main.tf.json': '{ "module": { "m": { "source": "./mod", "acl": "public-read" } } }',
      'root/mod/main.tofu.json': '{ "variable": { "acl": {} }, "resource": { "aws_s3_bucket_acl": { "c": { "bucket": "x", "acl": "${var.acl}" } } } }',
    });
    const r = await scan({ paths: [d], cwd: d, rules: ALL_RULES });
    const hits = r.findings.filter((f) => f.ruleId === 'TG-AWS-004').map((f) => f.location.file.slice(d.length + 1));
    expect(hits).toEqual(['main.tf', 'root/mod/main.tofu.json']);
  });

  it('quick fixes are kept only when their text is a JSON value', async () => {
    const d = tmp({ 'main.tf.json': '{ "resource": { "aws_db_instance": { "x": { "engine": "postgres", "publicly_accessible": true } } } }', 'main.tf': 'resource "aws_db_instance" "y" {\n  engine              = "postgres"\n  publicly_accessible = true\n}\n' });
    const r = await scan({ paths: [d], cwd: d, rules: ALL_RULES });
    const fixes = (file: string) => r.findings.filter((f) => f.ruleId === 'TG-AWS-031' && f.location.file.endsWith(file)).flatMap((f) => f.fixes ?? []);
    expect(fixes('main.tf').length).toBeGreaterThan(0);
    const [fix] = fixes('main.tf.json');
    const src = readFileSync(join(d, 'main.tf.json'), 'utf8');
    const fixed = src.slice(0, fix.range.startColumn - 1) + fix.text + src.slice(fix.range.endColumn - 1);
    expect(JSON.parse(fixed).resource.aws_db_instance.x.publicly_accessible).toBe(false);
    // Text that is HCL, not a JSON value, is never offered for a JSON file.
    expect(fileTypeOf('a.tf.json')!.acceptsFix!('versioning {\n  enabled = true\n}')).toBe(false);
    expect(fileTypeOf('a.tf.json')!.acceptsFix!('"aws:kms"')).toBe(true);
  });
});

describe('suppressions in JSON files', () => {
  it('"//": "trustgate:ignore ..." on the property above or on the block line suppresses, with its reason', async () => {
    const d = tmp({
      'main.tf.json': `{
  "resource": {
    "aws_s3_bucket_acl": {
      "above": {
        "bucket": "x",
        "//": "trustgate:ignore TG-AWS-004 reason=\\"public website, by design\\"",
        "acl": "public-read"
      },
      "block": { "//": "trustgate:ignore TG-AWS-004 reason='static assets, public by design' expires=2099-01-01",
        "bucket": "y",
        "acl": "public-read"
      },
      "no_reason": {
        "//": "trustgate:ignore TG-AWS-004",
        "acl": "public-read"
      }
    }
  }
}`,
    });
    const r = await scan({ paths: [d], cwd: d, rules: ALL_RULES });
    const f = r.findings.filter((x) => x.ruleId === 'TG-AWS-004').map((x) => [x.location.startLine, x.suppressed, x.suppression?.reason]);
    expect(f).toEqual([
      [7, true, 'public website, by design'],
      [11, true, 'static assets, public by design'],
      [15, false, undefined],
    ]);
    expect(r.errors.find((e) => e.kind === 'suppression')).toMatchObject({ line: 14, message: expect.stringMatching(/no reason/) });
  });
});

describe('hostile and broken JSON', () => {
  it('never throws: every truncation and single-character change of the JSON fixtures parses or is an error', async () => {
    const { fixtureFiles } = await import('./fixtures.js');
    const srcs = fixtureFiles(join(import.meta.dirname, 'fixtures', 'rules', 'terraform')).filter((f) => f.endsWith('.json')).map((f) => readFileSync(f, 'utf8'));
    expect(srcs.length).toBeGreaterThanOrEqual(12);
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    let broken = 0;
    for (const src of srcs) {
      for (let k = 0; k < 60; k++) {
        const at = rnd(src.length);
        const variants = [src.slice(0, at), src.slice(0, at) + '{["\\$%}"'[rnd(8)] + src.slice(at + 1)];
        for (const v of variants) {
          const f = json(v);
          if (f.errors.length) broken++;
          for (const e of f.errors) expect(e.range.startLine).toBeGreaterThanOrEqual(1);
        }
      }
    }
    expect(broken).toBeGreaterThan(0);
  });
});
