// GitHub Actions expressions (`${{ }}` contents): a small bounded parser that tells which context
// paths an expression reads and which of them can flow into its value (as text), plus the list of
// attacker-controllable contexts and helpers to scan run scripts line by line. All scans are linear;
// no regex here can backtrack catastrophically on hostile input.
import type { Location } from '../types.js';
import type { Job, Step } from './model.js';
import { expressionsIn } from './model.js';
import type { YView } from '../yaml/view.js';

type Tok = { k: 'id' | 'str' | 'num' | 'op'; v: string };

const MAX_TOKENS = 2000;
const MAX_DEPTH = 64;

function tokenize(s: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    if (out.length > MAX_TOKENS) return undefined;
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === "'") {
      let j = i + 1;
      let v = '';
      for (;;) {
        if (j >= s.length) return undefined;
        if (s[j] === "'") {
          if (s[j + 1] === "'") {
            v += "'";
            j += 2;
            continue;
          }
          break;
        }
        v += s[j++];
      }
      out.push({ k: 'str', v });
      i = j + 1;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(s[i + 1] ?? ''))) {
      let j = i + 1;
      while (j < s.length && /[0-9a-fA-FxX.eE+-]/.test(s[j])) j++;
      out.push({ k: 'num', v: s.slice(i, j) });
      i = j;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < s.length && /[A-Za-z0-9_-]/.test(s[j])) j++;
      out.push({ k: 'id', v: s.slice(i, j) });
      i = j;
      continue;
    }
    const two = s.slice(i, i + 2);
    if (['==', '!=', '<=', '>=', '&&', '||'].includes(two)) {
      out.push({ k: 'op', v: two });
      i += 2;
      continue;
    }
    if ('.[](),*!<>'.includes(c)) {
      out.push({ k: 'op', v: c });
      i++;
      continue;
    }
    return undefined;
  }
  return out;
}

/** What an expression reads and what can end up in its text value. */
export interface ExprInfo {
  /** Context paths read anywhere, lower-case, e.g. "github.event.issue.title", "secrets.token". */
  refs: string[];
  /** Paths whose content can flow into the expression's value (not only into a boolean/number). */
  flows: string[];
  /** Function names called, lower-case. */
  calls: string[];
}

const BOOL_FNS = new Set(['contains', 'startswith', 'endswith', 'success', 'failure', 'always', 'cancelled', 'hashfiles']);

class Parser {
  i = 0;
  depth = 0;
  refs: string[] = [];
  calls: string[] = [];
  constructor(readonly t: Tok[]) {}
  peek(v?: string) {
    const x = this.t[this.i];
    return x && (v === undefined || (x.k === 'op' && x.v === v)) ? x : undefined;
  }
  eat(v: string) {
    if (this.peek(v)) {
      this.i++;
      return true;
    }
    return false;
  }
  /** Returns the flowing paths of the sub-expression. */
  or(): string[] {
    if (++this.depth > MAX_DEPTH) throw new Error('too deep');
    let l = this.and();
    while (this.eat('||')) l = [...l, ...this.and()];
    this.depth--;
    return l;
  }
  and(): string[] {
    let l = this.eq();
    while (this.eat('&&')) l = this.eq(); // a && b yields b (or a falsy a, which is empty text)
    return l;
  }
  eq(): string[] {
    let l = this.unary();
    while (this.peek('==') || this.peek('!=') || this.peek('<') || this.peek('>') || this.peek('<=') || this.peek('>=')) {
      this.i++;
      this.unary();
      l = [];
    }
    return l;
  }
  unary(): string[] {
    if (this.eat('!')) {
      this.unary();
      return [];
    }
    return this.postfix();
  }
  postfix(): string[] {
    const x = this.t[this.i];
    if (!x) throw new Error('unexpected end');
    if (x.k === 'str' || x.k === 'num') {
      this.i++;
      return [];
    }
    if (x.k === 'op' && x.v === '(') {
      this.i++;
      const r = this.or();
      if (!this.eat(')')) throw new Error('missing )');
      return this.tail(r, undefined);
    }
    if (x.k === 'id') {
      this.i++;
      const name = x.v.toLowerCase();
      if (this.eat('(')) {
        this.calls.push(name);
        const args: string[] = [];
        if (!this.eat(')')) {
          do args.push(...this.or());
          while (this.eat(','));
          if (!this.eat(')')) throw new Error('missing )');
        }
        return this.tail(BOOL_FNS.has(name) ? [] : args, undefined);
      }
      if (name === 'true' || name === 'false' || name === 'null') return [];
      return this.tail([], [name]);
    }
    throw new Error(`unexpected ${x.v}`);
  }
  /** Property access: `.name`, `.*`, `[expr]`. `path` is set while following a context path. */
  tail(flows: string[], path: string[] | undefined): string[] {
    for (;;) {
      if (this.eat('.')) {
        const n = this.t[this.i];
        if (n?.k === 'id') {
          this.i++;
          path?.push(n.v.toLowerCase());
        } else if (this.eat('*')) path?.push('*');
        else throw new Error('bad property');
        continue;
      }
      if (this.eat('[')) {
        const k = this.t[this.i];
        if ((k?.k === 'str' || k?.k === 'num') && this.t[this.i + 1]?.k === 'op' && this.t[this.i + 1]?.v === ']') {
          this.i += 2;
          path?.push(k.k === 'str' ? k.v.toLowerCase() : '*');
          continue;
        }
        if (this.eat('*') && this.eat(']')) {
          path?.push('*');
          continue;
        }
        this.or();
        if (!this.eat(']')) throw new Error('missing ]');
        path?.push('*');
        continue;
      }
      break;
    }
    if (path) {
      const p = path.join('.');
      this.refs.push(p);
      return [...flows, p];
    }
    return flows;
  }
}

/** Parse an expression (the text inside `${{ }}`). Unparseable text: every path read counts as flowing. */
export function exprInfo(text: string): ExprInfo {
  const toks = tokenize(text);
  if (toks) {
    const p = new Parser(toks);
    try {
      const flows = p.or();
      if (p.i === toks.length) return { refs: p.refs, flows, calls: p.calls };
    } catch {
      /* fall back below */
    }
  }
  // Fallback: collect dotted names linearly.
  const refs: string[] = [];
  const calls: string[] = [];
  const t = toks ?? [];
  for (let i = 0; i < t.length; i++) {
    if (t[i].k !== 'id') continue;
    if (t[i + 1]?.k === 'op' && t[i + 1].v === '(') {
      calls.push(t[i].v.toLowerCase());
      continue;
    }
    const parts = [t[i].v.toLowerCase()];
    while (t[i + 1]?.v === '.' && (t[i + 2]?.k === 'id' || t[i + 2]?.v === '*')) {
      parts.push(t[i + 2].v.toLowerCase());
      i += 2;
    }
    refs.push(parts.join('.'));
  }
  return { refs, flows: refs, calls };
}

// ---- Attacker-controlled contexts ---------------------------------------------------------------

const UNTRUSTED = [
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.event.pull_request.head.repo.description',
  'github.event.pull_request.head.repo.homepage',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.review_comment.body',
  'github.event.discussion.title',
  'github.event.discussion.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.commits.*.committer.email',
  'github.event.commits.*.committer.name',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.head_commit.committer.email',
  'github.event.head_commit.committer.name',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.pull_requests.*.head.ref',
  'github.event.merge_group.head_commit.message',
  'github.event.merge_group.head_commit.author.name',
  'github.event.merge_group.head_commit.author.email',
  'github.head_ref',
].map((p) => p.split('.'));

/**
 * Is this context path attacker-controllable? True for the listed fields, for anything below them,
 * and for objects that contain them (`github.event`, `github.event.pull_request` dumped whole).
 */
export function isUntrusted(path: string): boolean {
  const segs = path.toLowerCase().split('.');
  return UNTRUSTED.some((u) => {
    const n = Math.min(u.length, segs.length);
    for (let i = 0; i < n; i++) if (u[i] !== '*' && segs[i] !== '*' && u[i] !== segs[i]) return false;
    // `github` alone or `github.event` alone: only the whole object dumps them.
    return segs.length >= 2 || segs[0] === 'github';
  });
}

export const isSecretRef = (p: string) => p === 'secrets' || p.startsWith('secrets.');

// ---- env taint ---------------------------------------------------------------------------------

/** Env names (workflow, job, step scopes in order) whose values carry attacker text or secrets. */
export interface EnvTaint {
  untrusted: Map<string, string>;
  secret: Map<string, string>;
  /** Other attacker-controlled paths (step and job outputs, core/workflow/taint.ts): what they come from. */
  extra?: (path: string) => string | undefined;
}

/** Is this path attacker-controlled in this scope: a context, an extra (output) path or a tainted env var? */
export function tainted(f: string, env?: EnvTaint): boolean {
  return isUntrusted(f) || !!env?.extra?.(f) || (!!env && f.startsWith('env.') && envGet(env.untrusted, f.slice(4)) !== undefined);
}

export function envTaint(scopes: (YView | undefined)[], extra?: EnvTaint['extra']): EnvTaint {
  const untrusted = new Map<string, string>();
  const secret = new Map<string, string>();
  for (const env of scopes) {
    for (const [k, v] of env?.entries() ?? []) {
      const exprs = expressionsIn(v);
      const flows = exprs.flatMap((e) => exprInfo(e.text).flows);
      const bad = flows.find((f) => tainted(f, { untrusted, secret, extra }));
      const sec = flows.find(isSecretRef);
      if (bad) untrusted.set(k, bad);
      else untrusted.delete(k);
      if (sec) secret.set(k, sec);
      else secret.delete(k);
    }
  }
  return { untrusted, secret, extra };
}

/** Env lookup as expressions do it (property names are case-insensitive). */
export function envGet(m: Map<string, string>, name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of m) if (k.toLowerCase() === n) return v;
  return undefined;
}

/** Flows of an expression that are attacker-controlled (directly, through a tainted env var or a tainted output). */
export function untrustedFlows(text: string, env?: EnvTaint): string[] {
  return exprInfo(text).flows.filter((f) => tainted(f, env));
}

// ---- Labels and lines --------------------------------------------------------------------------

export function stepLabel(job: Job, s: Step): string {
  const what = s.name ?? s.id ?? s.uses?.str();
  const step = what ? `step "${what}"` : `step ${s.index + 1}`;
  return job.id === '(composite)' ? step : `${step} of job "${job.id}"`;
}

export interface SrcLine {
  text: string;
  /** Source offset of the line's first character. */
  offset: number;
}

/** The lines of a node's source text (a run script as written, block scalars included). */
export function linesOf(v: YView | undefined): SrcLine[] {
  if (!v) return [];
  const src = v.source;
  const out: SrcLine[] = [];
  let start = 0;
  for (let i = 0; i <= src.length && out.length < 5000; i++) {
    if (i === src.length || src[i] === '\n') {
      out.push({ text: src.slice(start, i), offset: v.offset + start });
      start = i + 1;
    }
  }
  return out;
}

/** Location of [from, to) within a line. */
export const lineLoc = (v: YView, l: SrcLine, from: number, to: number): Location => v.file.locAt(l.offset + from, l.offset + to);

/**
 * The code part of a shell line: everything before a `#` that starts a comment (at the start of a word
 * and outside quotes; `$#`, `${#x}` and `a#b` are not comments).
 */
export function shellCode(line: string): string {
  let q: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === q) q = undefined;
      else if (c === '\\' && q === '"') i++;
      continue;
    }
    if (c === '\\') i++;
    else if (c === '"' || c === "'") q = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

/** `$NAME` / `${NAME}` shell references in a line: name and [start, end) columns. */
export function shellVars(line: string): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== '$') continue;
    let j = i + 1;
    const braced = line[j] === '{';
    if (braced) j++;
    const s = j;
    while (j < line.length && /[A-Za-z0-9_]/.test(line[j])) j++;
    if (j === s || /[0-9]/.test(line[s])) continue;
    if (braced && line[j] !== '}') continue;
    out.push({ name: line.slice(s, j), start: i, end: braced ? j + 1 : j });
    i = j - 1;
  }
  return out;
}

/**
 * A `uses:` of this repository at the workflow's own commit: `./path`, or GitHub's self-repository
 * form `$/path` (no checkout needed). Never a third-party reference, so never "unpinned".
 */
export function isLocalUses(ref: string): boolean {
  const r = ref.trim();
  return r.startsWith('./') || r.startsWith('$/');
}

/** The action name of a `uses:` without its version, lower-case: "actions/checkout". */
export function actionName(u: string | undefined): string | undefined {
  if (!u) return undefined;
  const at = u.indexOf('@');
  return (at >= 0 ? u.slice(0, at) : u).toLowerCase();
}
