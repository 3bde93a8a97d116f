// data "aws_iam_policy_document" evaluated to the JSON policy AWS would receive, so IAM rules read
// one shape whether a policy is written as HCL blocks, jsonencode() or a heredoc.
import { parseJsonValue } from './functions.js';
import type { TfBody } from './model.js';
import { Unknown, firstUnknown, isObject, isUnknown, toPlain, type Value } from './values.js';

export function buildPolicyDocument(doc: TfBody): Value {
  const statements: Value[] = [];
  for (const s of doc.blocks('statement')) {
    const st: { [k: string]: Value } = { Effect: s.value('effect') ?? 'Allow' };
    const sid = s.value('sid');
    if (sid !== undefined) st.Sid = sid;
    for (const [attr, key] of [
      ['actions', 'Action'],
      ['not_actions', 'NotAction'],
      ['resources', 'Resource'],
      ['not_resources', 'NotResource'],
    ] as const) {
      const v = s.value(attr);
      if (v !== undefined) st[key] = v;
    }
    for (const [blk, key] of [
      ['principals', 'Principal'],
      ['not_principals', 'NotPrincipal'],
    ] as const) {
      const ps = s.blocks(blk);
      if (!ps.length) continue;
      const p: { [k: string]: Value } = {};
      for (const b of ps) {
        const t = b.value('type');
        const ids = b.value('identifiers') ?? [];
        if (typeof t === 'string') p[t] = ids;
        else st[key] = new Unknown('principal type unknown');
      }
      if (!(key in st)) st[key] = p;
    }
    const conds = s.blocks('condition');
    if (conds.length) {
      const c: { [k: string]: Value } = {};
      for (const b of conds) {
        const test = b.value('test');
        const variable = b.value('variable');
        if (typeof test !== 'string' || typeof variable !== 'string') continue;
        const inner = (c[test] ?? {}) as { [k: string]: Value };
        inner[variable] = b.value('values') ?? [];
        c[test] = inner;
      }
      st.Condition = c;
    }
    statements.push(st);
  }
  const policy: Value = { Version: '2012-10-17', Statement: statements };
  const u = firstUnknown(policy);
  return u ? new Unknown(u.reason, policy) : JSON.stringify(toPlain(policy));
}

export interface PolicyStatement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  principals: Value;
  hasPrincipal: boolean;
  condition: Value;
}

/**
 * Read a policy attribute value (JSON string, jsonencode() result with unknown parts, or an object)
 * into statements. Unknown leaves inside stay Unknown in their fields.
 */
export function policyStatements(v: Value | undefined): PolicyStatement[] | Unknown | undefined {
  if (v === undefined || v === null) return undefined;
  let doc: Value = v;
  if (isUnknown(doc)) {
    if (doc.partial === undefined) return doc;
    doc = doc.partial;
  }
  if (typeof doc === 'string') doc = parseJsonValue(doc);
  if (isUnknown(doc)) return doc;
  if (!isObject(doc)) return undefined;
  let sts = doc.Statement;
  if (isUnknown(sts)) return sts;
  if (!Array.isArray(sts)) sts = sts === undefined ? [] : [sts];
  const strs = (x: Value | undefined): string[] =>
    x === undefined || x === null ? [] : Array.isArray(x) ? x.filter((y): y is string => typeof y === 'string') : typeof x === 'string' ? [x] : [];
  return sts.filter(isObject).map((s) => ({
    effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
    actions: strs(s.Action),
    notActions: strs(s.NotAction),
    resources: strs(s.Resource),
    principals: s.Principal ?? null,
    hasPrincipal: s.Principal !== undefined,
    condition: s.Condition ?? null,
  }));
}
