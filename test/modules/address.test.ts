// Source addresses and version constraints, as Terraform reads them.
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../core/terraform/modules/source.js';
import { newestMatching, parseConstraints } from '../../core/terraform/modules/version-constraints.js';

const pick = (available: string[], c: string) => {
  const p = parseConstraints(c);
  if (!p.ok) return p.reason;
  return newestMatching(available, p)?.text;
};

describe('version constraints', () => {
  const all = ['1.0.0', '1.2.0', '1.2.5', '1.3.0', '1.10.1', '2.0.0', '2.1.0-rc1', '2.1.0', '3.0.0-beta1'];
  it.each([
    ['', '2.1.0'],
    ['~> 1.2', '1.10.1'],
    ['~> 1.2.0', '1.2.5'],
    ['~> 1', '1.10.1'],
    ['>= 1.2, < 2.0', '1.10.1'],
    ['>= 1.0, != 1.10.1, < 2', '1.3.0'],
    ['> 2.0.0', '2.1.0'],
    ['<= 1.2.0', '1.2.0'],
    ['1.2.0', '1.2.0'],
    ['= 2.1.0-rc1', '2.1.0-rc1'],
    ['>= 3.0.0-beta1', undefined],
    ['~> 4.0', undefined],
  ])('"%s" picks %s', (c, want) => expect(pick(all, c)).toBe(want));
  it('a malformed constraint says which part', () => expect(pick(all, '>= 1.0, ~> banana')).toBe('"~> banana" is not a version constraint'));
});

describe('source addresses', () => {
  it.each([
    ['terraform-aws-modules/eks/aws', { kind: 'registry', host: 'registry.terraform.io', namespace: 'terraform-aws-modules', name: 'eks', provider: 'aws', subdir: '' }],
    ['app.terraform.io/acme/vpc/aws//modules/flow', { kind: 'registry', host: 'app.terraform.io', namespace: 'acme', name: 'vpc', provider: 'aws', subdir: 'modules/flow' }],
    ['git::https://example.com/vpc.git//modules/vpc?ref=v1.2.3', { kind: 'git', url: 'https://example.com/vpc.git', ref: 'v1.2.3', subdir: 'modules/vpc' }],
    ['github.com/acme/infra//modules/db?ref=v2', { kind: 'git', url: 'https://github.com/acme/infra.git', ref: 'v2', subdir: 'modules/db' }],
    ['https://example.com/m/vpc.tar.gz//sub', { kind: 'archive', url: 'https://example.com/m/vpc.tar.gz', format: 'tar.gz', subdir: 'sub' }],
    ['https://example.com/get?archive=zip', { kind: 'archive', url: 'https://example.com/get', format: 'zip', subdir: '' }],
  ])('%s', (s, want) => expect(parseSource(s)).toEqual(want));
  it.each([
    ['s3::https://s3.amazonaws.com/b/vpc.zip', /s3:: source type is not supported/],
    ['git::ext::sh -c touch% /tmp/pwned', /not a URL|not allowed/],
    ['git::file:///etc/repo.git', /git over file is not allowed/],
    ['git::ssh://git@example.com/r.git', /git over ssh is not allowed/],
    ['git::https://example.com/r.git?ref=--upload-pack=touch', /not a plain branch/],
    ['git::https://example.com/r.git//../..', /leaves the package/],
    ['https://example.com/module', /must name a .tar.gz/],
  ])('%s is refused', (s, why) => {
    const a = parseSource(s);
    expect(a.kind).toBe('unsupported');
    expect(a.kind === 'unsupported' && a.reason).toMatch(why);
  });
});
