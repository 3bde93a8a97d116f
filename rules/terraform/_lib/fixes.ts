// Quick fixes for Terraform findings: rewrite a literal value, add a missing attribute to a block, or
// add a companion resource after one. Insertions are written in HCL syntax; in a file of Terraform's
// JSON syntax the engine drops them (core/inputs.ts acceptsFix), so only rewrites reach JSON.
import type { Fix } from '../../../core/types.js';
import type { AttrRef, TfBody, TfResource } from '../../../core/terraform/model.js';

/**
 * Replace an attribute's value with `text`, offered only when the value is written as a literal
 * (a number, bool or plain string): a variable, a reference or an expression is never rewritten,
 * because the value would then change somewhere the reader does not see.
 */
export function literalFix(a: AttrRef, title: string, text: string): Fix[] | undefined {
  const literal = a.expr.t === 'lit' || (a.expr.t === 'tmpl' && !a.expr.heredoc && a.expr.parts.every((p) => typeof p === 'string'));
  return literal ? [{ title, range: { file: a.loc.file, ...a.expr.r }, text }] : undefined;
}

/**
 * Add `name = text` as the last line of a block. Offered only where the place is unambiguous: a block
 * written over several lines whose closing brace is on its own line, not the content of a `dynamic`
 * block that may not exist, and not a block that failed to parse.
 */
export function insertAttrFix(body: TfBody, name: string, text: string, title = `Add ${name} = ${text}`): Fix[] | undefined {
  const b = body.block;
  if (b.hasError || body.maybe || body.dynamicBlock || b.range.endLine <= b.range.startLine) return undefined;
  const inner = [...[...b.attributes.values()].map((a) => a.range), ...b.blocks.map((x) => x.range)];
  if (inner.some((r) => r.endLine >= b.range.endLine)) return undefined; // `a = 1 }` on the last line
  const first = inner.sort((x, y) => x.startLine - y.startLine)[0];
  const indent = ' '.repeat(first ? first.startColumn - 1 : b.range.startColumn + 1);
  const at = { file: body.file, startLine: b.range.endLine, startColumn: 1, endLine: b.range.endLine, endColumn: 1 };
  return [{ title, range: at, text: `${indent}${name} = ${text}\n` }];
}

/**
 * Add a companion resource right after `r`'s block, e.g. an aws_s3_bucket_versioning for a bucket.
 * `body` is the companion's body lines (unindented); `ref` names `r` (aws_s3_bucket.data.id). Offered
 * only for a single resource (no count / for_each: the companion would need the same expansion) in a
 * block that parsed, when no resource of that type has the same name yet.
 */
export function companionFix(r: TfResource, type: string, body: (ref: string) => string[], title = `Add resource "${type}" "${r.name}"`): Fix[] | undefined {
  const b = r.block;
  if (b.hasError || r.mode !== 'resource' || b.attributes.has('count') || b.attributes.has('for_each')) return undefined;
  if (r.module.resourcesOf(type).some((x) => x.name === r.name)) return undefined; // the name is taken
  const indent = ' '.repeat(b.range.startColumn - 1);
  const lines = [`resource "${type}" "${r.name}" {`, ...body(`${r.resourceType}.${r.name}`).map((l) => (l ? `  ${l}` : l)), '}'];
  const at = { file: r.file, startLine: b.range.endLine, startColumn: b.range.endColumn, endLine: b.range.endLine, endColumn: b.range.endColumn };
  return [{ title, range: at, text: `\n\n${lines.map((l) => (l ? indent + l : l)).join('\n')}` }];
}
