// data "aws_iam_policy_document" evaluated to the JSON policy AWS would receive, so IAM rules read
// one shape whether a policy is written as HCL blocks, jsonencode() or a heredoc.
import { parseJsonValue } from './functions.js';
import type { TfBody } from './model.js';
import { Unknown, UnknownTemplate, firstUnknown, hasUnknown, isObject, isUnknown, toPlain, type Value } from './values.js';

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
  // source_policy_documents (and legacy source_json) come first; override documents replace statements
  // with the same Sid. A source that cannot be read makes the whole statement list unknown, never empty.
  const merged = mergeSourceDocuments(doc, statements);
  const policy: Value = { Version: '2012-10-17', Statement: merged };
  const u = firstUnknown(policy);
  return u ? new Unknown(u.reason, policy) : JSON.stringify(toPlain(policy));
}

/**
 * The known structure of a policy value: a JSON string parsed, a jsonencode() argument or a policy
 * document with unknown leaves (e.g. a resource ARN known after apply), or a heredoc / template whose
 * interpolations are unknown, parsed with those values as Unknown leaves. An Unknown when nothing of
 * it is known.
 */
export function policyValue(v: Value): Value {
  if (v instanceof UnknownTemplate) return parseJsonTemplate(v);
  if (isUnknown(v)) return v.partial === undefined ? v : v.partial;
  return typeof v === 'string' ? parseJsonValue(v) : v;
}

// Each unknown interpolation stands in the JSON text as a marker no policy contains, then becomes an
// Unknown leaf again: "arn:aws:s3:::${var.bucket}/*" is an unknown Resource, `${local.statements}`
// (outside quotes) an unknown value. A marker in a key makes its object unknown.
const MARK = /\uE000(\d+)\uE001/;

function parseJsonTemplate(t: UnknownTemplate): Value {
  const unknowns: Unknown[] = [];
  let text = '';
  let inString = false;
  for (const p of t.parts) {
    if (typeof p === 'string') {
      if (/[\uE000\uE001]/.test(p)) return new Unknown(t.reason);
      // Track whether the text so far ends inside a JSON string literal.
      for (let i = 0; i < p.length; i++) {
        const c = p[i];
        if (c === '"') inString = !inString;
        else if (c === '\\' && inString) i++;
      }
      text += p;
    } else {
      const mark = `\uE000${unknowns.push(p) - 1}\uE001`;
      text += inString ? mark : `"${mark}"`;
    }
  }
  const doc = parseJsonValue(text);
  if (isUnknown(doc)) return new Unknown(t.reason);
  return unmark(doc, unknowns);
}

function unmark(v: Value, unknowns: Unknown[], depth = 0): Value {
  if (typeof v === 'string') {
    const m = MARK.exec(v);
    return m ? unknowns[Number(m[1])] : v;
  }
  if (depth > 64) return new Unknown('value nested too deeply');
  if (Array.isArray(v)) return v.map((x) => unmark(x, unknowns, depth + 1));
  if (isObject(v)) {
    const o: { [k: string]: Value } = {};
    for (const [k, x] of Object.entries(v)) {
      const m = MARK.exec(k);
      if (m) return new Unknown(`a key is not known statically: ${unknowns[Number(m[1])].reason}`);
      o[k] = unmark(x, unknowns, depth + 1);
    }
    return o;
  }
  return v;
}

function documentStatements(v: Value): Value[] | Unknown {
  if (v === null || v === '') return [];
  const doc = policyValue(v);
  if (isUnknown(doc)) return doc;
  if (!isObject(doc)) return new Unknown('a policy document is not a JSON object');
  const st = doc.Statement;
  if (isUnknown(st)) return st;
  return Array.isArray(st) ? st : st === undefined ? [] : [st];
}

function mergeSourceDocuments(doc: TfBody, own: Value[]): Value[] | Unknown {
  const list = (attr: string, many: boolean): Value[] | Unknown => {
    const v = doc.value(attr);
    if (v === undefined || v === null) return [];
    if (isUnknown(v)) return v;
    return many ? (Array.isArray(v) ? v : [v]) : [v];
  };
  const collect = (docs: Value[] | Unknown): Value[] | Unknown => {
    if (isUnknown(docs)) return docs;
    const out: Value[] = [];
    for (const d of docs) {
      const sts = documentStatements(d);
      if (isUnknown(sts)) return sts;
      out.push(...sts);
    }
    return out;
  };
  const sources = collect(unionDocs(list('source_policy_documents', true), list('source_json', false)));
  const overrides = collect(unionDocs(list('override_policy_documents', true), list('override_json', false)));
  if (isUnknown(sources)) return new Unknown(`a source policy document is unknown: ${sources.reason}`);
  if (isUnknown(overrides)) return new Unknown(`an override policy document is unknown: ${overrides.reason}`);
  if (!sources.length && !overrides.length) return own;
  const sid = (x: Value) => (isObject(x) && typeof x.Sid === 'string' && x.Sid ? x.Sid : undefined);
  let out = [...sources];
  for (const st of [...own, ...overrides]) {
    const id = sid(st);
    const i = id === undefined ? -1 : out.findIndex((x) => sid(x) === id);
    if (i >= 0) out[i] = st;
    else out.push(st);
  }
  out = out.filter((x) => x !== undefined);
  return out;
}

function unionDocs(a: Value[] | Unknown, b: Value[] | Unknown): Value[] | Unknown {
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return [...a, ...b];
}

/** A Condition whose operators' key maps are known, else an Unknown (its values may still be unknown). */
function knownCondition(c: Value): Value {
  if (isUnknown(c) || !isObject(c)) return c;
  for (const inner of Object.values(c)) if (isUnknown(inner)) return new Unknown(`a condition is not known statically: ${inner.reason}`);
  return c;
}

export interface PolicyStatement {
  effect: string;
  actions: string[];
  notActions: string[];
  resources: string[];
  principals: Value;
  hasPrincipal: boolean;
  condition: Value;
  /** Fields with a value (or element) unknown statically: their string lists above are incomplete. */
  unknown: { actions: boolean; notActions: boolean; resources: boolean };
}

/**
 * Read a policy attribute value (JSON string, jsonencode() result with unknown parts, or an object)
 * into statements. Unknown leaves inside stay Unknown in their fields.
 */
export function policyStatements(v: Value | undefined): PolicyStatement[] | Unknown | undefined {
  if (v === undefined || v === null) return undefined;
  const doc = policyValue(v);
  if (isUnknown(doc)) return doc;
  if (!isObject(doc)) return undefined;
  let sts = doc.Statement;
  if (isUnknown(sts)) return sts;
  if (!Array.isArray(sts)) sts = sts === undefined ? [] : [sts];
  // A statement, or its Effect, that is not known could allow or deny anything: the document is undecided.
  for (const s of sts) {
    if (isUnknown(s)) return new Unknown(`a statement is not known statically: ${s.reason}`);
    if (isObject(s) && isUnknown(s.Effect)) return new Unknown(`the Effect of a statement is not known statically: ${s.Effect.reason}`);
  }
  const strs = (x: Value | undefined): string[] =>
    x === undefined || x === null ? [] : Array.isArray(x) ? x.filter((y): y is string => typeof y === 'string') : typeof x === 'string' ? [x] : [];
  return sts.filter(isObject).map((s) => ({
    effect: typeof s.Effect === 'string' ? s.Effect : 'Allow',
    actions: strs(s.Action),
    notActions: strs(s.NotAction),
    resources: strs(s.Resource),
    principals: s.Principal ?? null,
    hasPrincipal: s.Principal !== undefined,
    condition: knownCondition(s.Condition ?? null),
    unknown: { actions: hasUnknown(s.Action ?? null), notActions: hasUnknown(s.NotAction ?? null), resources: hasUnknown(s.Resource ?? null) },
  }));
}
