// The HCL converter and the Terraform evaluator: what resolves, what stays Unknown, and where.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Parser } from 'web-tree-sitter';
import { initHcl, parseHcl } from '../core/hcl/parse.js';
import { TfModule } from '../core/terraform/model.js';
import { policyStatements } from '../core/terraform/policy-document.js';
import { Unknown, isUnknown } from '../core/terraform/values.js';

let parser: Parser;
beforeAll(async () => {
  parser = await initHcl();
});
const mod = (src: string, tfvars: string[] = [], inputs?: Map<string, unknown>) =>
  new TfModule('/m', [parseHcl(parser, '/m/main.tf', src)], tfvars.map((t, i) => parseHcl(parser, `/m/${i}.tfvars`, t)), inputs as never);
const local = (src: string, name: string, tfvars: string[] = []) => mod(src, tfvars).localValue(name);

describe('expressions', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['"a-${"b"}-c"', 'a-b-c'],
    ['var.x == "y" ? 0 : 1', 1],
    ['!false && true', true],
    ['-5 < 3', true],
    ['[for s in ["a", "b"] : upper(s)]', ['A', 'B']],
    ['{ for k, v in { a = 1, b = 2 } : k => v * 10 if v > 1 }', { b: 20 }],
    ['concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
    ['merge({ a = 1 }, { b = 2 }, { a = 3 })', { a: 3, b: 2 }],
    ['lookup({ a = 1 }, "b", 9)', 9],
    ['coalesce("", null, "z")', 'z'],
    ['length(toset(["a", "a", "b"]))', 2],
    ['jsonencode({ Effect = "Allow" })', '{"Effect":"Allow"}'],
    ['try(var.missing.attr, "fallback")', 'fallback'],
    // An error inside a conditional, a for expression or a strict function is still an error: try() moves on.
    ['try({ a = 1 }.b == 1 ? "x" : "y", "fallback")', 'fallback'],
    ['try([for x in { a = 1 }.b : x], "fallback")', 'fallback'],
    ['try(upper({ a = 1 }.b), "fallback")', 'fallback'],
    ['try(lookup({ a = 1 }, "b"), "fallback")', 'fallback'],
    ['element(["a", "b"], 3)', 'b'],
    ['format("%s-%d", "x", 4)', 'x-4'],
    ['join(",", split("/", "a/b"))', 'a,b'],
    ['[1, 2, 3][1]', 2],
    ['{ a = { b = [10, 20] } }.a.b[1]', 20],
    ['"$${not.interpolated}"', '${not.interpolated}'],
    ['<<-EOT\n    indented\n      more\n    EOT', 'indented\n  more\n'],
  ])('%s', (expr, want) => {
    expect(local(`variable "x" { default = "z" }\nlocals {\n  v = ${expr}\n}\n`, 'v')).toEqual(want);
  });

  it.each([
    ['aws_s3_bucket.b.arn', /known only after apply/],
    ['var.nodefault', /no default and no value in tfvars/],
    ['cidrsubnet("10.0.0.0/16", 8, 1)', /not evaluated/],
    ['file("x.json")', /not read/],
    ['timestamp()', /apply time/],
    ['provider::aws::arn_parse("x")', /not evaluated/],
    ['"${var.nodefault}-x"', /no default/],
  ])('%s stays unknown with a reason', (expr, reason) => {
    const v = local(`variable "nodefault" {}\nresource "aws_s3_bucket" "b" {}\nlocals {\n  v = ${expr}\n}\n`, 'v');
    expect(isUnknown(v)).toBe(true);
    expect((v as Unknown).reason).toMatch(reason);
  });

  it('a conditional on an unknown with equal branches is known', () => {
    expect(local('variable "u" {}\nlocals {\n  v = var.u ? "same" : "same"\n}\n', 'v')).toBe('same');
  });

  it('a local that refers to itself is an error, not a hang', () => {
    expect((local('locals {\n  a = local.b\n  b = local.a\n}\n', 'a') as Unknown).reason).toMatch(/refers to itself/);
  });
});

describe('variables', () => {
  const src = 'variable "env" {\n  default = "dev"\n}\nlocals {\n  v = var.env\n}\n';
  it('defaults, then terraform.tfvars, then later files (auto.tfvars, --var-file) win', () => {
    expect(local(src, 'v')).toBe('dev');
    expect(local(src, 'v', ['env = "staging"'])).toBe('staging');
    expect(local(src, 'v', ['env = "staging"', 'env = "prod"'])).toBe('prod');
  });
  it('module inputs win over everything', () => {
    expect(mod(src, ['env = "staging"'], new Map([['env', 'from-caller']])).localValue('v')).toBe('from-caller');
  });
});

describe('resources', () => {
  it('count = 0 removes a resource; count and for_each expand instances', () => {
    const m = mod('resource "a" "zero" {\n  count = 0\n}\nresource "a" "two" {\n  count = 2\n  name = "n-${count.index}"\n}\nresource "a" "each" {\n  for_each = { x = 1, y = 2 }\n  name = each.key\n}\n');
    expect(m.resourcesOf('a').map((r) => r.address)).toEqual(['a.two[0]', 'a.two[1]', 'a.each["x"]', 'a.each["y"]']);
    expect(m.resourcesOf('a').map((r) => r.value('name'))).toEqual(['n-0', 'n-1', 'x', 'y']);
  });

  it('dynamic blocks expand with their iterator; unknown for_each marks the content as maybe', () => {
    const m = mod('variable "ports" {}\nresource "aws_security_group" "s" {\n  dynamic "ingress" {\n    for_each = [22, 443]\n    iterator = p\n    content {\n      from_port = p.value\n    }\n  }\n  dynamic "egress" {\n    for_each = var.ports\n    content {\n      to_port = egress.value\n    }\n  }\n}\n');
    const sg = m.resourcesOf('aws_security_group')[0];
    expect(sg.blocks('ingress').map((b) => b.value('from_port'))).toEqual([22, 443]);
    const eg = sg.blocks('egress');
    expect(eg).toHaveLength(1);
    expect(eg[0].maybe).toBe(true);
    expect(isUnknown(eg[0].value('to_port'))).toBe(true);
  });

  it('get() follows nested blocks and object attributes', () => {
    const m = mod('resource "r" "x" {\n  a {\n    b {\n      c = "deep"\n    }\n  }\n  o = { p = { q = 1 } }\n}\n');
    const r = m.resourcesOf('r')[0];
    expect(r.get('a.b.c')?.value).toBe('deep');
    expect(r.get('a.b.c')?.loc.startLine).toBe(4);
    expect(r.get('o.p.q')?.value).toBe(1);
    expect(r.get('a.missing')).toBeUndefined();
  });

  it('companions are found by reference and by a known equal name, not by accident', () => {
    const m = mod('resource "aws_s3_bucket" "a" {\n  bucket = "alpha"\n}\nresource "aws_s3_bucket" "b" {\n  bucket = "beta"\n}\nresource "aws_s3_bucket_versioning" "ref" {\n  bucket = aws_s3_bucket.a.id\n}\nresource "aws_s3_bucket_versioning" "byname" {\n  bucket = "beta"\n}\nresource "aws_s3_bucket_versioning" "other" {\n  bucket = "gamma"\n}\n');
    const [a, b] = m.resourcesOf('aws_s3_bucket');
    expect(m.companions(a, 'aws_s3_bucket_versioning', 'bucket').map((c) => c.name)).toEqual(['ref']);
    expect(m.companions(b, 'aws_s3_bucket_versioning', 'bucket').map((c) => c.name)).toEqual(['byname']);
  });

  it('a reference to a configured attribute of another resource resolves to its value', () => {
    const m = mod('resource "aws_s3_bucket" "a" {\n  bucket = "alpha"\n}\nlocals {\n  v = "${aws_s3_bucket.a.bucket}-logs"\n}\n');
    expect(m.localValue('v')).toBe('alpha-logs');
  });
});

describe('IAM policies read the same whatever the syntax', () => {
  const want = [{ effect: 'Allow', actions: ['*'], resources: ['*'] }];
  const pick = (v: unknown) => (policyStatements(v as never) as { effect: string; actions: string[]; resources: string[] }[]).map(({ effect, actions, resources }) => ({ effect, actions, resources }));
  it('jsonencode()', () => {
    expect(pick(local('locals {\n  p = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })\n}\n', 'p'))).toEqual(want);
  });
  it('heredoc JSON', () => {
    expect(pick(local('locals {\n  p = <<EOF\n{"Statement": [{"Effect": "Allow", "Action": ["*"], "Resource": "*"}]}\nEOF\n}\n', 'p'))).toEqual(want);
  });
  it('data "aws_iam_policy_document"', () => {
    const m = mod('data "aws_iam_policy_document" "d" {\n  statement {\n    actions   = ["*"]\n    resources = ["*"]\n  }\n}\nlocals {\n  p = data.aws_iam_policy_document.d.json\n}\n');
    expect(pick(m.localValue('p'))).toEqual(want);
  });
  it('a policy with one unknown leaf keeps the rest readable', () => {
    const v = local('variable "arn" {}\nlocals {\n  p = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = var.arn }] })\n}\n', 'p');
    expect(isUnknown(v)).toBe(true);
    const st = policyStatements(v as never) as { actions: string[] }[];
    expect(st[0].actions).toEqual(['*']);
  });
});

describe('parsing', () => {
  it('keeps exact 1-based ranges, UTF-16 columns', () => {
    const f = parseHcl(parser, 'x.tf', 'resource "a" "b" {\n  name = "😀"\n  x    = 1\n}\n');
    const b = f.blocks[0];
    expect(b.headerRange).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 17 });
    expect(b.attributes.get('x')!.range).toEqual({ startLine: 3, startColumn: 3, endLine: 3, endColumn: 11 });
  });
  it('walks through ERROR nodes: blocks after a broken one survive and the broken block is marked', () => {
    const f = parseHcl(parser, 'x.tf', 'resource "a" "one" {\n  x = \n}\nresource "a" "two" {\n  y = 2\n}\n');
    expect(f.errors.length).toBeGreaterThan(0);
    const names = f.blocks.map((b) => b.labels[1]);
    expect(names).toContain('two');
    expect(f.blocks.find((b) => b.labels[1] === 'one')?.hasError).toBe(true);
  });
});

describe('string escapes', () => {
  it('decodes HCL escapes and leaves malformed ones as written (found by the fuzzer: a lone \\u crashed)', async () => {
    const { unescapeHcl } = await import('../core/hcl/parse.js');
    expect(unescapeHcl('a\\nb\\t\\"c\\u00e9\\U0001F600')).toBe('a\nb\t"cé😀');
    expect(unescapeHcl('x\\u')).toBe('xu');
    expect(unescapeHcl('\\U12')).toBe('U12');
    expect(unescapeHcl('\\UFFFFFFFF')).toBe('\\UFFFFFFFF');
    expect(unescapeHcl('$${a} %%{b}')).toBe('${a} %{b}');
  });
});

describe('variable type constraints fill optional attributes (Terraform 1.3+)', () => {
  const TYPE = `variable "v" {
  type = object({
    name = string
    tls  = optional(bool, true)
    tags = optional(map(string))
    rules = optional(list(object({ port = number, open = optional(bool, false) })), [])
    pair = optional(tuple([string, object({ x = optional(number, 1) })]))
  })
}`;
  it.each([
    ['from tfvars, every default filled', 'v = { name = "a" }', { name: 'a', tls: true, tags: null, rules: [], pair: null }],
    ['an explicit null takes the default; a given value is kept', 'v = { name = "a", tls = null, tags = { k = "v" } }', { name: 'a', tls: true, tags: { k: 'v' }, rules: [], pair: null }],
    ['inside list elements and tuples', 'v = { name = "a", tls = false, rules = [{ port = 22 }, { port = 443, open = true }], pair = ["p", {}] }', { name: 'a', tls: false, tags: null, rules: [{ port: 22, open: false }, { port: 443, open: true }], pair: ['p', { x: 1 }] }],
  ])('%s', (_n, tfvars, want) => {
    expect(mod(TYPE, [tfvars]).varValue('v')).toEqual(want);
  });

  it('applies to the default and to module inputs; undeclared attributes are kept; other types are left alone', () => {
    expect(mod('variable "v" {\n  type = object({ a = optional(bool, false) })\n  default = { b = 1 }\n}').varValue('v')).toEqual({ a: false, b: 1 });
    expect(mod('variable "v" {\n  type = object({ a = optional(bool, false) })\n}', [], new Map([['v', {}]])).varValue('v')).toEqual({ a: false });
    expect(mod('variable "v" {\n  type = any\n  default = {}\n}').varValue('v')).toEqual({});
    expect(mod('variable "v" {\n  type = object({ a = optional(bool, false) })\n  default = null\n}').varValue('v')).toBeNull();
  });
});
