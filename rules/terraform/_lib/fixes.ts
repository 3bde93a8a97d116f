// Quick fixes for Terraform findings.
import type { Fix } from '../../../core/types.js';
import type { AttrRef } from '../../../core/terraform/model.js';

/**
 * Replace an attribute's value with `text`, offered only when the value is written as a literal
 * (a number, bool or plain string): a variable, a reference or an expression is never rewritten,
 * because the value would then change somewhere the reader does not see.
 */
export function literalFix(a: AttrRef, title: string, text: string): Fix[] | undefined {
  const literal = a.expr.t === 'lit' || (a.expr.t === 'tmpl' && !a.expr.heredoc && a.expr.parts.every((p) => typeof p === 'string'));
  return literal ? [{ title, range: { file: a.loc.file, ...a.expr.r }, text }] : undefined;
}
