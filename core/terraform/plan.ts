// Terraform plan JSON (`terraform show -json plan.out`): the same Terraform rules run on resolved
// values. Adapter design: each module instance of `planned_values` becomes a real TfModule built from
// a synthesized HCL AST (literal expressions for known values, an "known only after apply" expression
// for `after_unknown` leaves, with the configuration's references kept so companions still link), so
// rules see exactly the interface they use on source code. Synthesized nodes sit at virtual line
// numbers in the plan file; after the rules run, every result is mapped back to the `.tf` line of the
// resource/attribute (when the configuration is present under the repo root, like Checkov's
// --repo-root-for-plan-enrichment) or to the resource's entry in the plan JSON.
import { existsSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { Expr, HclAttribute, HclBlock, HclFile, Traversal } from '../hcl/ast.js';
import type { CheckResult, InputKind, Location, Range, ScanError } from '../types.js';
import { TfModule } from './model.js';
import { tfFilesIn } from '../files.js';
import { LineIndex } from '../line-index.js';

/** What the plan runner needs from a scan unit (core/unit.ts UnitCtx satisfies it). */
export interface PlanCtx {
  source(path: string): string | undefined;
  hclFile(path: string): HclFile | undefined;
  runRules<I>(kind: InputKind, input: I, file: string): void;
  readonly raw: { res: CheckResult }[];
  readonly errors: ScanError[];
  readonly kinds: Record<InputKind, number>;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface PlanResource {
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  index?: string | number;
  values: Obj;
}
interface PlanModule {
  address: string;
  resources: PlanResource[];
}

/** A virtual line's real place. */
interface Target {
  loc: Location;
  /** Real start line of the enclosing resource block (for suppression comments above it). */
  blockLine?: number;
  address: string;
  /** True when `loc` is a real expression range in a .tf file (fixes may apply). */
  exact?: boolean;
}

const VIRTUAL_BASE = 10_000_000;
const MAX_DEPTH = 64;
const UNKNOWN_TEXT = 'known only after apply';

export function runPlan(ctx: PlanCtx, path: string, repoRoot?: string): void {
  const src = ctx.source(path);
  if (src === undefined) return;
  let plan: Obj;
  try {
    const p = JSON.parse(src) as Json;
    if (!isObj(p)) return;
    plan = p;
  } catch (e) {
    ctx.errors.push({ file: path, line: 1, column: 1, kind: 'parse', message: `plan JSON: ${(e as Error).message}` });
    return;
  }
  if (!isObj(plan.planned_values) && !Array.isArray(plan.resource_changes)) return; // e.g. a state file
  ctx.kinds.terraform++;
  const root = repoRoot ?? dirname(path);
  const text = new TextIndex(src);

  // after_unknown per resource address.
  const unknowns = new Map<string, Json>();
  for (const rc of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (isObj(rc) && typeof rc.address === 'string' && isObj(rc.change)) unknowns.set(rc.address, rc.change.after_unknown ?? null);
  }
  const modules: PlanModule[] = [];
  const pv = isObj(plan.planned_values) ? plan.planned_values : undefined;
  collectModules(isObj(pv?.root_module) ? pv!.root_module : {}, '', modules, 0);
  const config = isObj(plan.configuration) && isObj(plan.configuration.root_module) ? plan.configuration.root_module : undefined;

  let next = VIRTUAL_BASE;
  const table = new Map<number, Target>();
  for (const pm of modules) {
    if (!pm.resources.length) continue;
    const names = moduleNames(pm.address);
    const cfgModule = configModule(config, names);
    const place = moduleDir(ctx, config, names, root);
    const tfBlocks = place.dir ? tfIndex(ctx, place.dir) : new Map<string, { file: string; block: HclBlock }>();
    const blocks: HclBlock[] = [];
    for (const r of pm.resources) {
      const mode = r.mode === 'data' ? 'data' : 'resource';
      const key = `${mode}.${r.type}.${r.name}`;
      const hcl = tfBlocks.get(key);
      const cfgRes = findConfigResource(cfgModule, r);
      const fallback: Location = hcl ? loc(hcl.file, hcl.block.headerRange) : (place.call ?? text.addressLoc(path, r.address));
      const blockLine = hcl ? hcl.block.range.startLine : place.call?.startLine;
      const virt = (real: Location, exact = false): Range => {
        const line = next++;
        table.set(line, { loc: real, blockLine, address: r.address, exact });
        return { startLine: line, startColumn: 1, endLine: line, endColumn: 2 };
      };
      const unk = unknowns.get(r.address);
      const body = synthBody(r.values, unk, isObj(cfgRes?.expressions) ? cfgRes!.expressions : undefined, hcl?.block, hcl?.file, fallback, virt, 0);
      const header = virt(fallback);
      blocks.push({ type: mode, labels: [r.type, r.name], attributes: body.attributes, blocks: body.blocks, range: header, headerRange: header, hasError: false });
    }
    const file: HclFile = { path, blocks, attributes: new Map(), errors: [] };
    const m = new TfModule(place.dir ?? root, [file], []);
    const before = ctx.raw.length;
    ctx.runRules('terraform', m, path);
    for (let i = before; i < ctx.raw.length; i++) ctx.raw[i].res = remap(ctx.raw[i].res, table, path);
  }
}

// ---- planned_values ----------------------------------------------------------------------------

function collectModules(mod: Obj, address: string, out: PlanModule[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  const resources: PlanResource[] = [];
  for (const r of Array.isArray(mod.resources) ? mod.resources : []) {
    if (!isObj(r) || typeof r.address !== 'string' || typeof r.type !== 'string' || typeof r.name !== 'string') continue;
    resources.push({
      address: r.address,
      mode: r.mode === 'data' ? 'data' : 'managed',
      type: r.type,
      name: r.name,
      index: typeof r.index === 'string' || typeof r.index === 'number' ? r.index : undefined,
      values: isObj(r.values) ? r.values : {},
    });
  }
  out.push({ address, resources });
  for (const c of Array.isArray(mod.child_modules) ? mod.child_modules : []) {
    if (isObj(c) && typeof c.address === 'string') collectModules(c, c.address, out, depth + 1);
  }
}

/** `module.a["x"].module.b[0]` -> ['a', 'b']. */
function moduleNames(address: string): string[] {
  return [...address.matchAll(/module\.([A-Za-z0-9_-]+)(?:\[(?:"(?:[^"\\]|\\.)*"|[0-9]+)\])?/g)].map((m) => m[1]);
}

// ---- configuration -----------------------------------------------------------------------------

function configModule(root: Obj | undefined, names: string[]): Obj | undefined {
  let m = root;
  for (const n of names) {
    const call = isObj(m?.module_calls) ? m!.module_calls[n] : undefined;
    m = isObj(call) && isObj(call.module) ? call.module : undefined;
    if (!m) return undefined;
  }
  return m;
}

function findConfigResource(m: Obj | undefined, r: PlanResource): Obj | undefined {
  const want = `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`;
  for (const c of Array.isArray(m?.resources) ? m!.resources : []) if (isObj(c) && c.address === want) return c;
  return undefined;
}

/**
 * The directory of a module's .tf files, when the configuration names a local source inside the repo
 * root; otherwise the `module "x"` call block of the nearest local ancestor, to point findings at.
 */
function moduleDir(ctx: PlanCtx, config: Obj | undefined, names: string[], root: string): { dir?: string; call?: Location } {
  let dir: string | undefined = root;
  let m = config;
  let call: Location | undefined;
  for (const n of names) {
    const c = isObj(m?.module_calls) ? m!.module_calls[n] : undefined;
    const source = isObj(c) && typeof c.source === 'string' ? c.source : undefined;
    if (dir && !call) {
      const block = tfIndex(ctx, dir).get(`module.${n}`);
      const local: string | undefined = source && (source.startsWith('./') || source.startsWith('../')) ? resolve(dir, source) : undefined;
      if (local && (local === root || local.startsWith(root.endsWith(sep) ? root : root + sep)) && existsSync(local)) dir = local;
      else {
        call = block ? loc(block.file, block.block.headerRange) : undefined;
        dir = undefined;
      }
    }
    m = isObj(c) && isObj(c.module) ? c.module : undefined;
  }
  return { dir, call };
}

const tfCache = new WeakMap<PlanCtx, Map<string, Map<string, { file: string; block: HclBlock }>>>();

/** `resource.type.name`, `data.type.name` and `module.name` blocks of a directory's .tf files. */
function tfIndex(ctx: PlanCtx, dir: string): Map<string, { file: string; block: HclBlock }> {
  let byDir = tfCache.get(ctx);
  if (!byDir) tfCache.set(ctx, (byDir = new Map()));
  let idx = byDir.get(dir);
  if (idx) return idx;
  idx = new Map();
  byDir.set(dir, idx);
  for (const p of tfFilesIn(dir)) {
    const f = ctx.hclFile(p);
    if (!f) continue;
    for (const b of f.blocks) {
      const key = (b.type === 'resource' || b.type === 'data') && b.labels.length >= 2 ? `${b.type}.${b.labels[0]}.${b.labels[1]}` : b.type === 'module' && b.labels[0] ? `module.${b.labels[0]}` : undefined;
      if (key && !idx.has(key)) idx.set(key, { file: f.path, block: b });
    }
  }
  return idx;
}

// ---- Synthesized HCL ---------------------------------------------------------------------------

type Virt = (real: Location, exact?: boolean) => Range;

/**
 * A resource's (or nested block's) attributes and blocks from plan values. `unk` mirrors the values
 * with `true` for leaves known only after apply; `cfg` is the configuration's expressions (references);
 * `hcl` the matching source block, for locations.
 */
function synthBody(values: Obj, unk: Json | undefined, cfg: Obj | undefined, hcl: HclBlock | undefined, file: string | undefined, fallback: Location, virt: Virt, depth: number) {
  const attributes = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  const u = isObj(unk) ? unk : {};
  const keys = new Set([...Object.keys(values), ...Object.keys(u).filter((k) => u[k] === true)]);
  for (const k of keys) {
    const v = values[k];
    const uk = u[k];
    const c = cfg?.[k];
    const refs = isObj(c) && Array.isArray(c.references) ? c.references.filter((x): x is string => typeof x === 'string') : [];
    const ha = hcl?.attributes.get(k);
    const aLoc = ha && file ? loc(file, ha.range) : fallback;
    const eLoc = ha && file ? loc(file, ha.expr.r) : fallback;
    if (uk === true && (v === undefined || v === null)) {
      // Unknown and not set in the configuration: a provider-computed default (e.g. aws_s3_bucket.acl),
      // which rules treat as omitted, exactly as on source code. Without configuration, keep it unknown.
      if (cfg && !(k in cfg)) continue;
      attributes.set(k, { name: k, range: virt(aLoc), expr: unknownExpr(refs, virt(eLoc)) });
      continue;
    }
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0)) continue; // unset (Terraform: null == omitted)
    const r = virt(eLoc, !!ha);
    const lit = literal(v, uk, r, depth);
    attributes.set(k, { name: k, range: virt(aLoc), expr: refs.length ? withRefs(lit, refs, r) : lit });
    // A list of objects may be nested blocks: offer it as blocks too (rules use blocks('x') and get('x.y')).
    if (Array.isArray(v) && v.every(isObj) && depth < MAX_DEPTH) {
      const hblocks = hcl?.blocks.filter((b) => b.type === k) ?? [];
      const dyn = hcl?.blocks.find((b) => b.type === 'dynamic' && b.labels[0] === k);
      const ucl = Array.isArray(uk) ? uk : [];
      const ccl = Array.isArray(c) ? c : [];
      v.forEach((item, i) => {
        const hb = hblocks[i];
        const bLoc = hb && file ? loc(file, hb.headerRange) : dyn && file ? loc(file, dyn.headerRange) : aLoc;
        const inner = synthBody(item as Obj, ucl[i], isObj(ccl[i]) ? (ccl[i] as Obj) : undefined, hb, file, bLoc, virt, depth + 1);
        const br = virt(bLoc);
        blocks.push({ type: k, labels: [], attributes: inner.attributes, blocks: inner.blocks, range: br, headerRange: br, hasError: false });
      });
    }
  }
  return { attributes, blocks };
}

const U = (r: Range): Expr => ({ t: 'unsupported', text: UNKNOWN_TEXT, r });

/** Evaluates to Unknown ("known only after apply") while keeping the configuration's references visible. */
function unknownExpr(refs: string[], r: Range): Expr {
  return { t: 'cond', cond: U(r), then: U(r), else: { t: 'tuple', items: refs.map((s) => refExpr(s, r)).filter((e): e is Expr => !!e), r }, r };
}

/** Evaluates to the known value; the references are there for references()/companions(). */
function withRefs(value: Expr, refs: string[], r: Range): Expr {
  return { t: 'cond', cond: { t: 'lit', value: true, r }, then: value, else: { t: 'tuple', items: refs.map((s) => refExpr(s, r)).filter((e): e is Expr => !!e), r }, r };
}

function refExpr(s: string, r: Range): Expr | undefined {
  const segs = s.replace(/\[[^\]]*\]/g, '').split('.').filter(Boolean);
  if (segs.length < 2 || !/^[A-Za-z_]/.test(segs[0])) return undefined;
  return { t: 'ref', root: segs[0], parts: segs.slice(1, 4).map((name): Traversal => ({ t: 'attr', name })), r };
}

function literal(v: Json, unk: Json | undefined, r: Range, depth: number): Expr {
  if (unk === true) return U(r);
  if (depth > MAX_DEPTH) return { t: 'unsupported', text: 'value nested too deeply', r };
  if (Array.isArray(v)) {
    const u = Array.isArray(unk) ? unk : [];
    return { t: 'tuple', items: v.map((x, i) => literal(x, u[i], r, depth + 1)), r };
  }
  if (isObj(v)) {
    const u = isObj(unk) ? unk : {};
    const keys = new Set([...Object.keys(v), ...Object.keys(u).filter((k) => u[k] === true)]);
    return {
      t: 'object',
      items: [...keys].map((k) => ({ key: { t: 'lit', value: k, r } as Expr, keyName: k, value: k in v ? literal(v[k], u[k], r, depth + 1) : U(r) })),
      r,
    };
  }
  return { t: 'lit', value: v, r };
}

// ---- Mapping results back ----------------------------------------------------------------------

function remap(res: CheckResult, table: Map<number, Target>, planPath: string): CheckResult {
  const at = (l: Location): Target | undefined => (l.file === planPath ? table.get(l.startLine) : undefined);
  const t = at(res.location);
  const location = t ? t.loc : res.location.file === planPath ? { file: planPath, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } : res.location;
  const blockLine = res.blockLine !== undefined ? (table.get(res.blockLine)?.blockLine ?? t?.blockLine) : t?.blockLine;
  const suffix = t ? ` (plan: ${t.address})` : '';
  if (res.kind === 'indeterminate') return { ...res, location, blockLine, reason: res.reason + suffix };
  const related = res.related?.map((x) => ({ ...x, location: at(x.location)?.loc ?? x.location }));
  const fixes = res.fixes?.flatMap((f) => {
    const ft = at(f.range);
    return ft?.exact ? [{ ...f, range: ft.loc }] : f.range.file === planPath ? [] : [f];
  });
  return { ...res, location, blockLine, message: res.message + suffix, ...(related ? { related } : {}), ...(fixes ? { fixes } : {}) };
}

const loc = (file: string, r: Range): Location => ({ file, startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: r.endColumn });

/** Line/column lookups in the plan text (it is often one long line). */
class TextIndex {
  private lines: LineIndex | undefined;
  constructor(private src: string) {}
  addressLoc(file: string, address: string): Location {
    const needle = JSON.stringify(address);
    let i = this.src.indexOf(`"address":${needle}`);
    if (i < 0) {
      const m = new RegExp(`"address"\\s*:\\s*${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).exec(this.src);
      i = m ? m.index : -1;
    }
    if (i < 0) return { file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 };
    const s = this.pos(i);
    const e = this.pos(i + `"address":${needle}`.length);
    return { file, startLine: s.line, startColumn: s.col, endLine: e.line, endColumn: e.col };
  }
  private pos(off: number): { line: number; col: number } {
    return (this.lines ??= new LineIndex(this.src)).pos(off);
  }
}
