// A small positioned AST for HCL. Tree-sitter trees live in WASM memory and must be freed, so each
// file is converted once into these plain objects and the tree is deleted right away.
import type { Range } from '../types.js';

export type Traversal = { t: 'attr'; name: string } | { t: 'index'; key: Expr } | { t: 'splat' };

export type Expr =
  | { t: 'lit'; value: string | number | boolean | null; r: Range }
  | { t: 'tmpl'; parts: (string | Expr)[]; heredoc: boolean; directive: boolean; r: Range }
  | { t: 'tuple'; items: Expr[]; r: Range }
  | { t: 'object'; items: { key: Expr; keyName?: string; value: Expr }[]; r: Range }
  /** A variable-like root (var, local, each, count, aws_s3_bucket, data, module, ...) with its traversal. */
  | { t: 'ref'; root: string; parts: Traversal[]; r: Range }
  | { t: 'traverse'; base: Expr; parts: Traversal[]; r: Range }
  | { t: 'call'; name: string; args: Expr[]; expandLast: boolean; r: Range }
  | { t: 'cond'; cond: Expr; then: Expr; else: Expr; r: Range }
  | { t: 'binop'; op: string; left: Expr; right: Expr; r: Range }
  | { t: 'unop'; op: string; operand: Expr; r: Range }
  | {
      t: 'for';
      keyVar?: string;
      valVar: string;
      coll: Expr;
      key?: Expr;
      value: Expr;
      cond?: Expr;
      object: boolean;
      group: boolean;
      r: Range;
    }
  | { t: 'unsupported'; text: string; r: Range };

export interface HclAttribute {
  name: string;
  expr: Expr;
  range: Range;
}

export interface HclBlock {
  type: string;
  labels: string[];
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
  range: Range;
  /** The header: block type and labels, on the first line. */
  headerRange: Range;
  /** The block (or something inside it) failed to parse: do not claim that an attribute is missing. */
  hasError: boolean;
}

export interface HclFile {
  path: string;
  blocks: HclBlock[];
  /** Top-level attributes (a .tfvars file is only these). */
  attributes: Map<string, HclAttribute>;
  errors: { range: Range; message: string }[];
}

/** Walk every sub-expression (pre-order). */
export function* walkExpr(e: Expr): Generator<Expr> {
  yield e;
  switch (e.t) {
    case 'tmpl':
      for (const p of e.parts) if (typeof p !== 'string') yield* walkExpr(p);
      break;
    case 'tuple':
      for (const i of e.items) yield* walkExpr(i);
      break;
    case 'object':
      for (const i of e.items) {
        yield* walkExpr(i.key);
        yield* walkExpr(i.value);
      }
      break;
    case 'ref':
      for (const p of e.parts) if (p.t === 'index') yield* walkExpr(p.key);
      break;
    case 'traverse':
      yield* walkExpr(e.base);
      for (const p of e.parts) if (p.t === 'index') yield* walkExpr(p.key);
      break;
    case 'call':
      for (const a of e.args) yield* walkExpr(a);
      break;
    case 'cond':
      yield* walkExpr(e.cond);
      yield* walkExpr(e.then);
      yield* walkExpr(e.else);
      break;
    case 'binop':
      yield* walkExpr(e.left);
      yield* walkExpr(e.right);
      break;
    case 'unop':
      yield* walkExpr(e.operand);
      break;
    case 'for':
      yield* walkExpr(e.coll);
      if (e.key) yield* walkExpr(e.key);
      yield* walkExpr(e.value);
      if (e.cond) yield* walkExpr(e.cond);
      break;
  }
}
