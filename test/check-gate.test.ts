import { describe, expect, it } from 'vitest';
import { fail } from '../core/rule.js';
import { GateIndex, gateOf } from '../core/terraform/check-gate.js';
import { initHcl, parseHcl } from '../core/hcl/parse.js';
import { TfModule } from '../core/terraform/model.js';
import type { CheckResult } from '../core/types.js';

type Check = (m: TfModule) => Generator<CheckResult>;
const gate = (check: Check) => gateOf(check, { options: {} });
const at = (m: TfModule) => ({ file: m.dir, startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });

describe('Terraform check gate (core/terraform/check-gate.ts)', () => {
  it('a check that only looks up resource and data-source types is gated on them', () => {
    const check: Check = function* (m) {
      for (const b of m.resourcesOf('aws_s3_bucket', 'aws_s3_bucket_acl')) yield fail(b.loc, 'x');
      for (const d of m.dataOf('aws_iam_policy_document')) yield fail(d.loc, 'x');
    };
    expect(gate(check)).toEqual(['aws_s3_bucket', 'aws_s3_bucket_acl', 'data.aws_iam_policy_document']);
  });

  it('a check that reads anything else, reports an absence, or throws always runs', () => {
    const checks: Record<string, Check> = {
      readsFiles: function* (m) {
        if (!m.resourcesOf('aws_cloudtrail').length && m.files.length) yield fail(at(m), 'no trail');
      },
      absence: function* (m) {
        if (!m.resourcesOf('aws_cloudtrail').length) yield fail(at(m), 'no trail');
      },
      throws: function* (m) {
        if (!m.resourcesOf('aws_s3_bucket').length) throw new Error('boom');
        yield fail(at(m), 'x');
      },
      allResources: function* (m) {
        for (const r of m.resources) yield fail(r.loc, 'x');
      },
    };
    for (const [name, c] of Object.entries(checks)) expect(gate(c), name).toBeUndefined();
  });

  it('a gate opens on a module that has one of its types, resource or data source; a check without a gate always runs', async () => {
    const parser = await initHcl();
    const m = new TfModule('/m', [parseHcl(parser, '/m/main.tf', 'resource "aws_s3_bucket" "b" {}\ndata "aws_iam_policy_document" "p" {}\n')], []);
    const idx = new GateIndex([['aws_kms_key', 'aws_s3_bucket'], ['data.aws_iam_policy_document'], ['aws_iam_policy_document', 'data.aws_s3_bucket'], [], undefined]);
    expect([...idx.open(m)]).toEqual([1, 1, 0, 0, 1]);
    expect([...idx.open(new TfModule('/e', [], []))]).toEqual([0, 0, 0, 0, 1]);
  });
});
