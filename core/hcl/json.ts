// Terraform's JSON syntax (https://developer.hashicorp.com/terraform/language/syntax/json) turned into
// the same positioned HCL AST the native syntax gives (see docs/decisions/0002-input-kinds.md), so the
// Terraform model and every rule read `.tf.json` exactly as `.tf`.
//
// - A small JSON parser of its own keeps what the adapter needs and JSON.parse drops: the offset of
//   every key and value, duplicate keys (HCL allows a block type twice) and the raw text of strings.
// - Blocks nest by label: `"resource": {"aws_s3_bucket": {"b": {...}}}`; at every level an array of
//   objects stands for several (`"b": [{...}, {...}]`). `"//"` properties of a body are comments.
// - Without provider schemas a nested object (`"versioning": {...}`, `"ingress": [{...}]`) cannot be
//   told from an attribute holding an object, so it is offered as both, as the plan-JSON adapter
//   does: rules reading blocks('x') and rules reading get('x.y') both see it. `dynamic`, `lifecycle`,
//   `provisioner`, `content`... are known to be blocks.
// - Strings are templates: each one holding `${` or `%{` is parsed by the native parser (all of a
//   file's templates in one synthetic document) and the ranges are moved back onto the JSON text.
//   The JSON string token is itself valid HCL quoted-template text, so columns are exact, escapes
//   included; only `\/`, `\b`, `\f` (JSON escapes HCL lacks) are re-encoded, which can shift the
//   columns after them in that string. A string that is exactly one interpolation is that
//   expression's value. Keyword arguments (`depends_on`, `provider`, `ignore_changes`, a variable's
//   `type`, ...) are expressions written without `${}`.
import type { Parser } from 'web-tree-sitter';
import { LineIndex } from '../line-index.js';
import type { Range } from '../types.js';
import type { Expr, HclAttribute, HclBlock, HclFile } from './ast.js';
import { parseHcl } from './parse.js';

// ---- JSON with positions -------------------------------------------------------------------------

interface Span {
  start: number;
  end: number;
}
interface JStr extends Span {
  t: 'str';
  value: string;
}
interface JObj extends Span {
  t: 'obj';
  props: { key: JStr; value: JVal }[];
}
interface JArr extends Span {
  t: 'arr';
  items: JVal[];
}
type JVal = JObj | JArr | JStr | (Span & { t: 'num'; value: number }) | (Span & { t: 'bool'; value: boolean }) | (Span & { t: 'null' });

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

const ESC: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** RFC 8259 JSON, keeping offsets and duplicate keys; nesting beyond `maxDepth` is an error, not a stack overflow. */
export function parseJsonWithPositions(src: string, maxDepth: number): JVal {
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const ws = () => {
    while (i < src.length) {
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (what: string): never => {
    throw new JsonSyntaxError(i >= src.length ? `unexpected end of file; expected ${what}` : `unexpected ${JSON.stringify(src[i])}; expected ${what}`, i);
  };
  const str = (): JStr => {
    const start = i++;
    let out = '';
    let run = i;
    for (;;) {
      if (i >= src.length) throw new JsonSyntaxError('unterminated string', start);
      const c = src.charCodeAt(i);
      if (c === 34) break;
      if (c < 0x20) throw new JsonSyntaxError('control character in a string (escape it)', i);
      if (c === 92) {
        out += src.slice(run, i);
        const e = src[i + 1];
        if (e === 'u') {
          const hex = src.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonSyntaxError('invalid \\u escape', i);
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else if (e !== undefined && e in ESC) {
          out += ESC[e];
          i += 2;
        } else throw new JsonSyntaxError(`invalid escape \\${e ?? ''}`, i);
        run = i;
        continue;
      }
      i++;
    }
    out += src.slice(run, i);
    i++;
    return { t: 'str', value: out, start, end: i };
  };
  const value = (depth: number): JVal => {
    ws();
    if (depth > maxDepth) throw new JsonSyntaxError(`nesting deeper than ${maxDepth} levels`, i);
    const start = i;
    const c = src[i];
    if (c === '{') {
      i++;
      const props: JObj['props'] = [];
      ws();
      if (src[i] === '}') return { t: 'obj', props, start, end: ++i };
      for (;;) {
        ws();
        if (src[i] !== '"') fail('a property name in double quotes');
        const key = str();
        ws();
        if (src[i] !== ':') fail('":"');
        i++;
        props.push({ key, value: value(depth + 1) });
        ws();
        if (src[i] === ',') {
          i++;
          continue;
        }
        if (src[i] === '}') return { t: 'obj', props, start, end: ++i };
        fail('"," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items: JVal[] = [];
      ws();
      if (src[i] === ']') return { t: 'arr', items, start, end: ++i };
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (src[i] === ',') {
          i++;
          continue;
        }
        if (src[i] === ']') return { t: 'arr', items, start, end: ++i };
        fail('"," or "]"');
      }
    }
    if (c === '"') return str();
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(src.slice(i, i + 400));
    if (m && m[0]) {
      i += m[0].length;
      // Beyond 2^53 the value is approximate (HCL keeps arbitrary precision); no rule compares such numbers.
      return { t: 'num', value: Number(m[0]), start, end: i };
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (src.startsWith(word, i)) {
        i += word.length;
        return v === null ? { t: 'null', start, end: i } : { t: 'bool', value: v, start, end: i };
      }
    }
    return fail('a value');
  };
  const v = value(0);
  ws();
  if (i < src.length) fail('end of file');
  return v;
}

// ---- Terraform's JSON syntax -> HCL AST ---------------------------------------------------------

/** Labels of each top-level block type (Terraform's configuration schema). */
const TOP_LABELS: Record<string, number> = { resource: 2, data: 2, ephemeral: 2, module: 1, variable: 1, output: 1, provider: 1, check: 1, locals: 0, terraform: 0, moved: 0, import: 0, removed: 0 };
/** Nested block types that are always blocks (never attributes), with their label counts. */
const NESTED_BLOCKS: Record<string, number> = { dynamic: 1, provisioner: 1, backend: 1, lifecycle: 0, connection: 0, content: 0, validation: 0, precondition: 0, postcondition: 0, cloud: 0 };
/** Arguments written as bare expressions (references, types), not templates, per block type ('*': any). */
const KEYWORDS: Record<string, Set<string>> = {
  '*': new Set(['depends_on']),
  resource: new Set(['provider']),
  data: new Set(['provider']),
  ephemeral: new Set(['provider']),
  module: new Set(['providers']),
  variable: new Set(['type']),
  lifecycle: new Set(['ignore_changes', 'replace_triggered_by']),
  dynamic: new Set(['iterator']),
  moved: new Set(['from', 'to']),
  import: new Set(['to', 'provider']),
  removed: new Set(['from']),
};
/** Bodies whose properties are all attributes (no nested blocks). */
const ATTRS_ONLY = new Set(['locals']);

const needsParse = (s: string) => s.includes('${') || s.includes('%{');
const isBodyObj = (v: JVal): v is JObj => v.t === 'obj';

interface Job {
  /** The decoded string: a template (heredoc) or, for keyword arguments, a bare expression. */
  text: string;
  template: boolean;
  /** JSON-text offset of each character of `text` (and of the end), so positions map back exactly. */
  offsets: number[];
  set(e: Expr): void;
}

/** The string token's decoded value with the JSON-text offset of every decoded character. */
function decodeWithOffsets(src: string, start: number, end: number): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  for (let i = start + 1; i < end - 1; ) {
    if (src[i] === '\\') {
      const e = src[i + 1];
      const ch = e === 'u' ? String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16)) : (ESC[e] ?? e);
      text += ch;
      offsets.push(i);
      i += e === 'u' ? 6 : 2;
    } else {
      text += src[i];
      offsets.push(i++);
    }
  }
  offsets.push(end - 1);
  return { text, offsets };
}

const MARKER = 'TG_JSON_TEMPLATE_END';

export function parseTfJson(parser: Parser, path: string, src: string, vars: boolean, maxDepth = 2000): HclFile {
  const file: HclFile = { path, blocks: [], attributes: new Map(), errors: [] };
  const lines = new LineIndex(src);
  let root: JVal;
  try {
    root = parseJsonWithPositions(src, Math.min(maxDepth, 10_000));
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    file.errors.push({ range: lines.range(e.at, e.at + 1), message: `JSON syntax error: ${e.message}` });
    return file;
  }
  if (root.t !== 'obj') {
    file.errors.push({ range: lines.range(root.start, root.end), message: 'a Terraform JSON file must hold one object' });
    return file;
  }
  const conv = new JsonConverter(src, lines, file);
  if (vars) {
    for (const p of root.props) file.attributes.set(p.key.value, conv.attribute(p.key, p.value, ''));
  } else {
    for (const p of root.props) {
      if (p.key.value === '//') continue;
      conv.blocks(p.key.value, TOP_LABELS[p.key.value] ?? 0, p.key, p.value, [], file.blocks, 0);
    }
  }
  conv.parseTemplates(parser, path);
  return file;
}

class JsonConverter {
  readonly jobs: Job[] = [];
  constructor(
    private src: string,
    private lines: LineIndex,
    private file: HclFile,
  ) {}

  /** Blocks of `type` from `value`, consuming `labelsLeft` levels of label keys (each level may be an array of objects). */
  blocks(type: string, labelsLeft: number, lastKey: JStr, value: JVal, labels: string[], out: HclBlock[], depth: number): void {
    if (depth > 200) return;
    if (value.t === 'arr') {
      for (const item of value.items) this.blocks(type, labelsLeft, lastKey, item, labels, out, depth + 1);
      return;
    }
    if (value.t !== 'obj') {
      this.file.errors.push({ range: this.lines.range(value.start, value.end), message: `"${type}" must be an object (a block), not a ${value.t === 'str' ? 'string' : value.t === 'num' ? 'number' : value.t}` });
      return;
    }
    if (labelsLeft > 0) {
      for (const p of value.props) {
        if (p.key.value === '//') continue;
        this.blocks(type, labelsLeft - 1, p.key, p.value, [...labels, p.key.value], out, depth + 1);
      }
      return;
    }
    out.push(this.block(type, labels, lastKey, value, depth));
  }

  block(type: string, labels: string[], key: JStr, body: JObj, depth: number): HclBlock {
    const attributes = new Map<string, HclAttribute>();
    const blocks: HclBlock[] = [];
    for (const p of body.props) {
      const name = p.key.value;
      if (name === '//') continue;
      const nested = NESTED_BLOCKS[name];
      if (nested !== undefined && !ATTRS_ONLY.has(type)) {
        this.blocks(name, nested, p.key, p.value, [], blocks, depth + 1);
        continue;
      }
      if (attributes.has(name)) this.file.errors.push({ range: this.lines.range(p.key.start, p.key.end), message: `duplicate argument "${name}"; Terraform rejects this file (the last one is read)` });
      attributes.set(name, this.attribute(p.key, p.value, type));
      // An object (or list of objects) may be a nested block: offer it as blocks too.
      if (!ATTRS_ONLY.has(type) && (isBodyObj(p.value) || (p.value.t === 'arr' && p.value.items.length > 0 && p.value.items.every(isBodyObj)))) this.blocks(name, 0, p.key, p.value, [], blocks, depth + 1);
    }
    const header = this.lines.range(key.start, key.end);
    const whole = this.lines.range(Math.min(key.start, body.start), body.end);
    return { type, labels, attributes, blocks, range: whole, headerRange: header, hasError: false };
  }

  attribute(key: JStr, value: JVal, blockType: string): HclAttribute {
    const keyword = KEYWORDS['*'].has(key.value) || !!KEYWORDS[blockType]?.has(key.value);
    return { name: key.value, expr: this.expr(value, keyword, 0), range: this.lines.range(key.start, value.end) };
  }

  expr(v: JVal, keyword: boolean, depth: number): Expr {
    const r = this.lines.range(v.start, v.end);
    if (depth > 500) return { t: 'unsupported', text: 'value nested too deeply', r };
    switch (v.t) {
      case 'num':
      case 'bool':
        return { t: 'lit', value: v.value, r };
      case 'null':
        return { t: 'lit', value: null, r };
      case 'arr':
        return { t: 'tuple', items: v.items.map((x) => this.expr(x, keyword, depth + 1)), r };
      case 'obj':
        return {
          t: 'object',
          items: v.props.map((p) => ({ key: this.str(p.key, false), keyName: p.key.value, value: this.expr(p.value, keyword, depth + 1) })),
          r,
        };
      case 'str':
        return this.str(v, keyword);
    }
  }

  /** A string: a literal, a template to parse, or (keyword arguments) a bare expression to parse. */
  str(v: JStr, keyword: boolean): Expr {
    const r = this.lines.range(v.start, v.end);
    if (!keyword && !needsParse(v.value)) return { t: 'lit', value: v.value, r };
    // A placeholder filled in place by parseTemplates() (parents already hold this object).
    const proxy: Expr = { t: 'unsupported', text: v.value.slice(0, 80), r };
    const set = (e: Expr) => {
      for (const k of Object.keys(proxy)) delete (proxy as Record<string, unknown>)[k];
      Object.assign(proxy, e);
    };
    const { text, offsets } = decodeWithOffsets(this.src, v.start, v.end);
    this.jobs.push({ text, template: !keyword, offsets, set });
    return proxy;
  }

  /**
   * Parse every collected string in one synthetic native-syntax document and map positions back.
   * A template becomes a heredoc, whose text the native parser takes verbatim (no escapes to redo);
   * a keyword argument becomes an attribute's expression. Newlines in a keyword become spaces.
   */
  parseTemplates(parser: Parser, path: string): void {
    if (!this.jobs.length) return;
    const contentAt: number[] = [];
    let synth = '';
    this.jobs.forEach((j, k) => {
      const usable = j.template ? !j.text.split('\n').some((l) => l.trim() === MARKER) : true;
      if (!usable) {
        contentAt.push(-1);
        return;
      }
      synth += `t${k} = ${j.template ? `<<${MARKER}\n` : ''}`;
      contentAt.push(synth.length);
      synth += (j.template ? j.text : j.text.replace(/[\r\n]/g, ' ')) + (j.template ? `\n${MARKER}\n` : '\n');
    });
    const parsed = parseHcl(parser, path, synth);
    const starts = [0];
    for (let i = 0; i < synth.length; i++) if (synth.charCodeAt(i) === 10) starts.push(i + 1);
    /** Synthetic (line, column) -> the job it falls in -> JSON offset. */
    const toJson = (line: number, col: number): { job: number; at: number } | undefined => {
      const off = (starts[line - 1] ?? synth.length) + col - 1;
      let k = -1;
      for (let i = 0; i < contentAt.length; i++) if (contentAt[i] >= 0 && contentAt[i] <= off) k = i;
      if (k < 0) return undefined;
      const j = this.jobs[k];
      const idx = Math.max(0, Math.min(j.text.length, off - contentAt[k]));
      return { job: k, at: j.offsets[idx] };
    };
    this.jobs.forEach((j, k) => {
      const a = contentAt[k] >= 0 ? parsed.attributes.get(`t${k}`) : undefined;
      if (!a) return;
      const shift = (line: number, col: number) => {
        const t = toJson(line, col);
        return this.lines.pos(t && t.job === k ? t.at : j.offsets[0]);
      };
      let e = mapRanges(a.expr, shift);
      if (j.template) e = heredocToString(e, this.lines.range(j.offsets[0] - 1, j.offsets[j.offsets.length - 1] + 1));
      // "${expr}" alone is that expression's value, not its string form.
      if (e.t === 'tmpl' && !e.directive && e.parts.length === 1 && typeof e.parts[0] !== 'string') e = e.parts[0];
      j.set(e);
    });
    for (const err of parsed.errors.slice(0, 5)) {
      const t = toJson(err.range.startLine, err.range.startColumn);
      const at = this.lines.pos(t ? t.at : 0);
      this.file.errors.push({ range: { startLine: at.line, startColumn: at.col, endLine: at.line, endColumn: at.col + 1 }, message: `in an expression: ${err.message}` });
    }
  }
}

/**
 * A heredoc's value is its lines plus a final newline and keeps `$${`/`%%{` as written; the JSON
 * string it stands for has neither the newline nor the escapes.
 */
function heredocToString(e: Expr, r: Range): Expr {
  const unescape = (s: string) => s.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
  if (e.t === 'lit' && typeof e.value === 'string') return { t: 'lit', value: unescape(e.value.replace(/\n$/, '')), r };
  if (e.t !== 'tmpl') return e;
  const parts = e.parts.map((p) => (typeof p === 'string' ? unescape(p) : p));
  const last = parts[parts.length - 1];
  if (typeof last === 'string') {
    const trimmed = last.replace(/\n$/, '');
    if (trimmed) parts[parts.length - 1] = trimmed;
    else parts.pop();
  }
  return { ...e, parts, heredoc: false, r };
}

/** A copy of `e` with every range moved by `shift` (ranges are replaced, never mutated: they may be shared). */
function mapRanges<T>(e: T, shift: (line: number, col: number) => { line: number; col: number }): T {
  if (Array.isArray(e)) return e.map((x) => mapRanges(x, shift)) as T;
  if (typeof e !== 'object' || e === null) return e;
  const o = e as Record<string, unknown>;
  if (typeof o.startLine === 'number' && typeof o.endColumn === 'number') {
    const r = o as unknown as Range;
    const s = shift(r.startLine, r.startColumn);
    const en = shift(r.endLine, r.endColumn);
    return { startLine: s.line, startColumn: s.col, endLine: en.line, endColumn: en.col } as T;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = mapRanges(v, shift);
  return out as T;
}
