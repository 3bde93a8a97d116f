// Where a result found inside a called module is shown. Inside a module that is not part of the
// repository (installed by `terraform init` or downloaded), nobody can act on the module's own lines:
// the result moves to the module call in the repository — to the input that caused it when the value
// came from the caller, else to the `module` header — with the module's line as related location and
// the chain of calls in the message. A result in a local module keeps its place and names its caller.
import { basename } from 'node:path';
import { walkExpr, type Expr, type HclAttribute, type HclBlock, type HclFile } from '../../hcl/ast.js';
import type { CheckResult, Location, Range } from '../../types.js';
import { loc, type TfModule } from '../model.js';

/** How a module instance was reached: the call that instantiated it, and that call's own caller chain. */
export interface Via {
  parent?: Via;
  /** The module holding the call, and the module instance it created. */
  caller: TfModule;
  child: TfModule;
  callFile: string;
  callBlock: HclBlock;
  /** e.g. `module.eks.module.kms`. */
  address: string;
  source: string;
  /** The resolved version (registry) when known, else the constraint as written. */
  version?: string;
  /** The module's code is not part of the repository. */
  external: boolean;
  packageRoot?: string;
}

export function place(res: CheckResult, via: Via | undefined, fileOf: (path: string) => HclFile | undefined): CheckResult {
  if (!via) return res;
  if (!via.external) {
    if (res.kind !== 'finding') return res;
    return { ...res, related: [...(res.related ?? []), { message: `called from ${via.address}`, location: loc(via.callFile, via.callBlock.headerRange) }] };
  }
  const top = repoCall(via);
  const at = traceToCaller(res.location, via, top, fileOf) ?? loc(top.callFile, top.callBlock.headerRange);
  const chain = [`${top.address} (${top.source}${top.version ? ` ${top.version}` : ''})`];
  const inner: Via[] = [];
  for (let v: Via | undefined = via; v && v !== top; v = v.parent) inner.unshift(v);
  for (const v of inner) chain.push(v.address.slice(v.address.lastIndexOf('module.')));
  chain.push(resourceAt(via.child, res.location));
  const prefix = chain.join(' -> ');
  const inModule = { message: `in ${via.address}: ${basename(res.location.file)} line ${res.location.startLine}`, location: res.location };
  if (res.kind === 'indeterminate') return { ...res, reason: `${prefix}: ${res.reason}`, location: at, blockLine: top.callBlock.range.startLine };
  // Fixes edit the module's files, which are not the repository's: dropped.
  const { fixes: _fixes, ...rest } = res;
  void _fixes;
  return { ...rest, message: `${prefix}: ${res.message}`, location: at, blockLine: top.callBlock.range.startLine, related: [inModule, ...(res.related ?? [])] };
}

/** The outermost call of an external chain: its call site is in the repository. */
export function repoCall(via: Via): Via {
  let top = via;
  while (top.parent?.external) top = top.parent;
  return top;
}

/** Follow the value at `l` up through module inputs to the outermost external call; undefined if it did not come from there. */
function traceToCaller(l: Location, via: Via, top: Via, fileOf: (path: string) => HclFile | undefined): Location | undefined {
  let cur = via;
  let at = l;
  for (let i = 0; i < 32; i++) {
    const hit = attributeAt(fileOf(at.file), at);
    if (!hit) return undefined;
    const names = inputNames(hit.attr.expr, hit.blocks, cur.child, 0);
    const input = names.map((n) => cur.callBlock.attributes.get(n)).find((a): a is HclAttribute => !!a);
    if (!input) return undefined;
    at = loc(cur.callFile, input.range);
    if (cur === top || !cur.parent) return at;
    cur = cur.parent;
  }
  return undefined;
}

/** Variables an expression draws on: directly, through locals, and through each.* of the enclosing for_each. */
function inputNames(e: Expr, blocks: HclBlock[], m: TfModule, depth: number): string[] {
  const out: string[] = [];
  if (depth > 4) return out;
  for (const x of walkExpr(e)) {
    if (x.t !== 'ref') continue;
    const first = x.parts[0]?.t === 'attr' ? x.parts[0].name : undefined;
    if (x.root === 'var' && first) out.push(first);
    else if (x.root === 'local' && first) {
      const l = m.locals.get(first);
      if (l) out.push(...inputNames(l.attr.expr, [], m, depth + 1));
    } else if (x.root === 'each' || x.root === 'count') {
      const fe = [...blocks].reverse().map((b) => b.attributes.get('for_each')).find((a) => !!a);
      if (fe) out.push(...inputNames(fe.expr, [], m, depth + 1));
    }
  }
  return [...new Set(out)];
}

const contains = (r: Range, l: Range) =>
  (r.startLine < l.startLine || (r.startLine === l.startLine && r.startColumn <= l.startColumn)) &&
  (r.endLine > l.endLine || (r.endLine === l.endLine && r.endColumn >= l.endColumn));

/** The innermost attribute whose range holds `l`, with the blocks around it (outermost first). */
function attributeAt(f: HclFile | undefined, l: Range): { attr: HclAttribute; blocks: HclBlock[] } | undefined {
  if (!f) return undefined;
  let blocks = f.blocks;
  const path: HclBlock[] = [];
  for (;;) {
    const b = blocks.find((x) => contains(x.range, l));
    if (!b) return undefined;
    path.push(b);
    const a = [...b.attributes.values()].find((x) => contains(x.range, l));
    if (a) return { attr: a, blocks: path };
    blocks = b.blocks;
  }
}

function resourceAt(m: TfModule, l: Location): string {
  const r = [...m.resources, ...m.dataSources].find((x) => x.file === l.file && contains(x.block.range, l));
  if (r) return `${r.mode === 'data' ? 'data.' : ''}${r.resourceType}.${r.name}`;
  return `${basename(l.file)} line ${l.startLine}`;
}
