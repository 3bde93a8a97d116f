// The Terraform model rules read: a module (directory) with variables, locals, tfvars, resources and
// data sources, each resource instance evaluated lazily in its own scope.
import { resolve } from 'node:path';
import type { Expr, HclAttribute, HclBlock, HclFile, Traversal } from '../hcl/ast.js';
import { walkExpr } from '../hcl/ast.js';
import type { Location, Range } from '../types.js';
import { ChildScope, evaluate, traverse, type Scope } from './eval.js';
import { buildPolicyDocument } from './policy-document.js';
import { Unknown, UnknownTemplate, isObject, isUnknown, type Value } from './values.js';
import { applyTypeDefaults, parseType, type TypeSpec } from './type-defaults.js';

export const loc = (file: string, r: Range): Location => ({ file, ...r });

export interface AttrRef {
  name: string;
  value: Value;
  loc: Location;
  expr: Expr;
}

/** Instances expanded from count/for_each at most (a for_each over a huge literal stays cheap). */
const MAX_INSTANCES = 16;

/** A dynamic block's `content` block (without one it makes nothing). */
export const dynamicContent = (d: HclBlock): HclBlock | undefined => d.blocks.find((b) => b.type === 'content');
/** A dynamic block's for_each in a scope (unknown without one). */
const dynamicCollection = (d: HclBlock, scope: Scope): Value => {
  const fe = d.attributes.get('for_each');
  return fe ? evaluate(fe.expr, scope) : new Unknown('dynamic block without for_each');
};

/**
 * Does a dynamic block make at least one block in this scope (as TfBody.blocks expands it)? For a
 * reader that needs the content block, not its instances.
 */
export function dynamicMakesBlocks(d: HclBlock, scope: Scope): boolean {
  if (!dynamicContent(d)) return false;
  const coll = dynamicCollection(d, scope);
  if (isUnknown(coll)) return true;
  if (Array.isArray(coll)) return coll.length > 0;
  return isObject(coll) && Object.keys(coll).length > 0;
}

/** A block body in scope: a resource, a nested block, or a dynamic block's content. */
export class TfBody {
  /** Evaluated attributes; made on first use (rules make many bodies and evaluate few of them). */
  private cache: Map<string, Value> | undefined;
  constructor(
    readonly block: HclBlock,
    readonly file: string,
    readonly scope: Scope,
    readonly module: TfModule,
    /** True for content of a dynamic block whose for_each is unknown: it may not exist at all. */
    readonly maybe = false,
    /** The `dynamic "x"` block this body was expanded from. */
    readonly dynamicBlock?: HclBlock,
  ) {}

  get type(): string {
    return this.block.type;
  }
  get loc(): Location {
    return loc(this.file, this.block.range);
  }
  get headerLoc(): Location {
    return loc(this.file, this.block.headerRange);
  }
  /** The block or something in it failed to parse: do not claim that an attribute is missing. */
  get hasError(): boolean {
    return this.block.hasError;
  }

  /** A direct attribute, evaluated. */
  attr(name: string): AttrRef | undefined {
    const a = this.block.attributes.get(name);
    if (!a) return undefined;
    return { name, value: this.eval(a), loc: loc(this.file, a.range), expr: a.expr };
  }

  /** Evaluate an attribute in this body's scope (memoised). */
  eval(a: HclAttribute): Value {
    const cache = (this.cache ??= new Map());
    let v = cache.get(a.name);
    if (v === undefined && !cache.has(a.name)) {
      v = evaluate(a.expr, this.scope);
      cache.set(a.name, v);
    }
    return v as Value;
  }

  /** Nested blocks of a type, with dynamic blocks expanded. */
  blocks(type: string): TfBody[] {
    const out: TfBody[] = [];
    const bs = this.block.blocks;
    for (let i = 0; i < bs.length; i++) {
      const b = bs[i];
      if (b.type === type) out.push(new TfBody(b, this.file, this.scope, this.module, this.maybe));
      else if (b.type === 'dynamic' && b.labels[0] === type) this.expandDynamic(b, out);
    }
    return out;
  }

  block1(type: string): TfBody | undefined {
    return this.blocks(type)[0];
  }

  /** A dynamic block's content once per element of its for_each (at most MAX_INSTANCES), appended to `out`. */
  private expandDynamic(d: HclBlock, out: TfBody[]): void {
    const content = dynamicContent(d);
    if (!content) return;
    const iter = d.attributes.get('iterator');
    const name = iter?.expr.t === 'ref' ? iter.expr.root : d.labels[0];
    const coll = dynamicCollection(d, this.scope);
    if (isUnknown(coll)) {
      out.push(this.dynamicBody(d, content, name, new Unknown(coll.reason), new Unknown(coll.reason), true));
      return;
    }
    if (Array.isArray(coll)) {
      const n = Math.min(coll.length, MAX_INSTANCES);
      for (let i = 0; i < n; i++) out.push(this.dynamicBody(d, content, name, i, coll[i], false));
    } else if (isObject(coll)) {
      const keys = Object.keys(coll);
      const n = Math.min(keys.length, MAX_INSTANCES);
      for (let i = 0; i < n; i++) out.push(this.dynamicBody(d, content, name, keys[i], coll[keys[i]], false));
    }
  }

  private dynamicBody(d: HclBlock, content: HclBlock, name: string, key: Value, value: Value, maybe: boolean): TfBody {
    return new TfBody(content, this.file, new ChildScope(this.scope, { [name]: { key, value } }), this.module, maybe || this.maybe, d);
  }

  /**
   * Follow a dotted path through nested blocks and object values:
   * get('versioning.enabled'), get('server_side_encryption_configuration.rule.apply_server_side_encryption_by_default.sse_algorithm').
   * Returns the innermost attribute with the value at the end of the path; undefined if absent.
   */
  get(path: string): AttrRef | undefined {
    // Most paths are one name: no split, no copy of the attribute.
    if (!path.includes('.')) return this.attr(path);
    const segs = path.split('.');
    let body: TfBody = this;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      const a = body.attr(seg);
      if (a) return valueAt(a, segs, i + 1);
      const next = body.block1(seg);
      if (!next || i === segs.length - 1) return undefined;
      body = next;
    }
    return undefined;
  }

  /** Shorthand: the value at a path, or undefined when absent. */
  value(path: string): Value | undefined {
    return this.get(path)?.value;
  }

  /** Names of resources this body's attributes refer to, as "type.name" (data sources as "data.type.name"). */
  references(attrName?: string): ReadonlySet<string> {
    // Depends only on the source block: cached per block, since companion lookups ask for every pair.
    let perBlock = REF_CACHE.get(this.block);
    if (!perBlock) REF_CACHE.set(this.block, (perBlock = new Map()));
    const key = attrName ?? '';
    let out = perBlock.get(key);
    if (!out) perBlock.set(key, (out = this.computeReferences(attrName)));
    return out;
  }

  private computeReferences(attrName?: string): Set<string> {
    const out = new Set<string>();
    const attrs = attrName ? [this.block.attributes.get(attrName)].filter((a): a is HclAttribute => !!a) : [...this.block.attributes.values()];
    for (const a of attrs) {
      for (const e of walkExpr(a.expr)) {
        if (e.t !== 'ref') continue;
        const names = e.parts.filter((p): p is Extract<Traversal, { t: 'attr' }> => p.t === 'attr').map((p) => p.name);
        if (e.root === 'data' && names.length >= 2) out.add(`data.${names[0]}.${names[1]}`);
        else if (e.root === 'module' && names.length >= 1) out.add(`module.${names[0]}`);
        else if (names.length >= 1 && !SCOPE_ROOTS.has(e.root)) out.add(`${e.root}.${names[0]}`);
      }
    }
    if (!attrName) for (const b of this.block.blocks) for (const r of new TfBody(b, this.file, this.scope, this.module).references()) out.add(r);
    // `bucket = each.value.id` with `for_each = aws_s3_bucket.x`: the attribute refers to what for_each iterates.
    const fe = this.block.attributes.get('for_each');
    if (fe && attrName !== 'for_each' && attrs.some((a) => [...walkExpr(a.expr)].some((e) => e.t === 'ref' && e.root === 'each')))
      for (const r of this.references('for_each')) out.add(r);
    return out;
  }
}

/** The attribute with the value at `segs[from...]` inside its value (a list counts as its first element); undefined if absent. */
function valueAt(a: AttrRef, segs: string[], from: number): AttrRef | undefined {
  if (from === segs.length) return a;
  let v = a.value;
  for (let i = from; i < segs.length; i++) {
    const s = segs[i];
    if (isUnknown(v)) break;
    if (Array.isArray(v)) v = v[0] ?? null;
    if (isObject(v) && s in v) v = v[s];
    else return undefined;
  }
  return { name: a.name, value: v, loc: a.loc, expr: a.expr };
}

/** Override files: override.tf, *_override.tf, their .tf.json forms and the OpenTofu .tofu(.json) forms. */
export const isOverrideFile = (p: string) => /(^|[\\/])(override|[^\\/]*_override)\.(tf|tofu)(\.json)?$/i.test(p);

/** "resource.type.name" / "data.type.name". */
const blockAddress = (b: HclBlock) => `${b.type}.${b.labels[0]}.${b.labels[1]}`;

/** Addresses of the blocks written in the files that are not override files. */
function primaryAddresses(files: HclFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) if (!isOverrideFile(f.path)) for (const b of f.blocks) if (b.labels.length >= 2) out.add(blockAddress(b));
  return out;
}

const NONE: readonly TfResource[] = [];

/** Candidate companions of one type: by what they reference, by their known name, and their source order. */
interface CompanionIndex {
  byRef: Map<string, TfResource[]>;
  byName: Map<string, TfResource[]>;
  order: Map<TfResource, number>;
}

const REF_CACHE = new WeakMap<HclBlock, Map<string, Set<string>>>();
/** A variable block's type constraint, parsed once per block (the syntax tree is shared by every instance and unit). */
const VAR_TYPES = new WeakMap<HclBlock, TypeSpec>();

const SCOPE_ROOTS = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'self', 'module', 'data']);

export class TfResource extends TfBody {
  constructor(
    block: HclBlock,
    file: string,
    scope: Scope,
    module: TfModule,
    readonly mode: 'resource' | 'data',
    readonly instanceKey?: string | number,
  ) {
    super(block, file, scope, module);
  }
  get resourceType(): string {
    return this.block.labels[0] ?? '';
  }
  get name(): string {
    return this.block.labels[1] ?? '';
  }
  get address(): string {
    const base = `${this.mode === 'data' ? 'data.' : ''}${this.resourceType}.${this.name}`;
    return this.instanceKey === undefined ? base : `${base}[${JSON.stringify(this.instanceKey)}]`;
  }
  /** "Is this resource referenced by `other`?" by expression reference. */
  isReferencedBy(other: TfBody, attrName?: string): boolean {
    const key = `${this.mode === 'data' ? 'data.' : ''}${this.resourceType}.${this.name}`;
    return other.references(attrName).has(key);
  }
}

/** One instance of a module: the root of a scan, or a local child module called with inputs. */
export class TfModule implements Scope {
  readonly variables = new Map<string, { block: HclBlock; file: string }>();
  readonly locals = new Map<string, { attr: HclAttribute; file: string }>();
  readonly resources: TfResource[] = [];
  readonly dataSources: TfResource[] = [];
  readonly children: TfModule[] = [];
  readonly moduleCalls: { block: HclBlock; file: string }[] = [];
  private tfvars = new Map<string, Value>();
  /** The var files whose values apply (terraform.tfvars, *.auto.tfvars, --var-file), in precedence order. */
  readonly varFiles: readonly HclFile[];
  /** Other .tfvars files of the directory (e.g. prod.tfvars): not applied, but committed text rules may read. */
  otherVarFiles: readonly HclFile[] = [];
  private localCache = new Map<string, Value>();
  private varCache = new Map<string, Value>();
  private localStack = new Set<string>();
  private resourceIndex = new Map<string, TfResource[]>();
  private instancesByType = new Map<string, number>();
  private companionIndexes = new Map<string, CompanionIndex>();
  private lookupDepth = 0;
  /**
   * Reads and parses the file of a templatefile() call (set by the unit on the root module: bounded,
   * inside the scanned paths); child modules use their root's.
   */
  templateReader?: (path: string) => Expr | Unknown;

  constructor(
    readonly dir: string,
    readonly files: HclFile[],
    tfvarFiles: HclFile[],
    /** Values passed by a module call (already evaluated in the caller). */
    readonly inputs?: Map<string, Value>,
    readonly parent?: TfModule,
  ) {
    this.varFiles = tfvarFiles;
    // Few modules have var files: their loop is apart, so its first use does not deoptimise the constructor.
    if (tfvarFiles.length) this.readTfvars(tfvarFiles);
    for (const f of files) this.indexDeclarations(f);
    // Blocks in override files (override.tf, *_override.tf) are merged by Terraform into the primary
    // block of the same address; they are not second resources. (Their values are not merged here.)
    const primary = files.some((f) => isOverrideFile(f.path)) ? primaryAddresses(files) : undefined;
    for (const f of files) {
      const skip = primary && isOverrideFile(f.path) ? primary : undefined;
      for (const b of f.blocks) {
        if ((b.type === 'resource' || b.type === 'data') && b.labels.length >= 2) {
          if (skip && skip.has(blockAddress(b))) continue;
          this.addInstances(b, f.path, b.type);
        }
      }
    }
  }

  private readTfvars(tfvarFiles: HclFile[]): void {
    for (const f of tfvarFiles) for (const [name, a] of f.attributes) this.tfvars.set(name, evaluate(a.expr, EMPTY_SCOPE));
  }

  private indexDeclarations(f: HclFile): void {
    for (const b of f.blocks) {
      if (b.type === 'variable' && b.labels[0]) this.variables.set(b.labels[0], { block: b, file: f.path });
      else if (b.type === 'locals') for (const a of b.attributes.values()) this.locals.set(a.name, { attr: a, file: f.path });
      else if (b.type === 'module') this.moduleCalls.push({ block: b, file: f.path });
    }
  }

  private addInstances(b: HclBlock, file: string, mode: 'resource' | 'data'): void {
    const count = b.attributes.get('count');
    const forEach = b.attributes.get('for_each');
    if (count) {
      const n = evaluate(count.expr, this);
      if (typeof n === 'number') {
        for (let i = 0; i < Math.min(n, MAX_INSTANCES); i++) this.addInstance(b, file, mode, new ChildScope(this, { count: { index: i } }), i);
        return; // count = 0: the resource does not exist.
      }
      if (n === true || n === false) {
        if (n) this.addInstance(b, file, mode, new ChildScope(this, { count: { index: 0 } }), 0);
        return;
      }
      this.addInstance(b, file, mode, new ChildScope(this, { count: { index: new Unknown('count is not known statically') } }));
      return;
    }
    if (forEach) {
      const coll = evaluate(forEach.expr, this);
      if (Array.isArray(coll)) {
        const n = Math.min(coll.length, MAX_INSTANCES);
        for (let i = 0; i < n; i++) this.addEach(b, file, mode, String(coll[i]), coll[i]);
        return;
      }
      if (isObject(coll)) {
        const keys = Object.keys(coll);
        const n = Math.min(keys.length, MAX_INSTANCES);
        for (let i = 0; i < n; i++) this.addEach(b, file, mode, keys[i], coll[keys[i]]);
        return;
      }
      const u = isUnknown(coll) ? coll.reason : 'for_each is not a collection';
      this.addInstance(b, file, mode, new ChildScope(this, { each: { key: new Unknown(u), value: new Unknown(u) } }));
      return;
    }
    this.addInstance(b, file, mode, this);
  }

  private addEach(b: HclBlock, file: string, mode: 'resource' | 'data', k: string, v: Value): void {
    this.addInstance(b, file, mode, new ChildScope(this, { each: { key: k, value: v } }), k);
  }

  private addInstance(b: HclBlock, file: string, mode: 'resource' | 'data', scope: Scope, key?: string | number): void {
    const r = new TfResource(b, file, scope, this, mode, key);
    (mode === 'resource' ? this.resources : this.dataSources).push(r);
    const k = mode === 'data' ? `data.${b.labels[0]}` : b.labels[0];
    const arr = this.resourceIndex.get(k);
    if (arr) arr.push(r);
    else this.resourceIndex.set(k, [r]);
    this.instancesByType.set(r.resourceType, (this.instancesByType.get(r.resourceType) ?? 0) + 1);
  }

  /** All resource instances of the given types (in source order). */
  resourcesOf(...types: string[]): readonly TfResource[] {
    // Called by every rule on every module instance, most often for types the module does not have:
    // no copy for a single type, and none unless two types are present.
    if (types.length === 1) return this.resourceIndex.get(types[0]) ?? NONE;
    let out: readonly TfResource[] = NONE;
    let owned = false;
    for (const t of types) {
      const l = this.resourceIndex.get(t);
      if (!l) continue;
      if (!out.length) out = l;
      else if (owned) (out as TfResource[]).push(...l);
      else {
        out = [...out, ...l];
        owned = true;
      }
    }
    return out;
  }
  dataOf(type: string): readonly TfResource[] {
    return this.resourceIndex.get(`data.${type}`) ?? NONE;
  }
  /** The index keys that have instances: resource types, and data source types as `data.<type>`. */
  indexedKeys(): Iterable<string> {
    return this.resourceIndex.keys();
  }
  /** Instances (resources and data sources) per resource type. */
  get typeCounts(): ReadonlyMap<string, number> {
    return this.instancesByType;
  }

  /**
   * Companion resources of `type` that point at `target`: by expression reference (in `attrName`, or any
   * attribute), or by a known name equal to one of the target's known identifiers (e.g. bucket = "logs").
   */
  companions(target: TfResource, type: string, attrName?: string, targetIdAttrs: string[] = ['bucket', 'name', 'id']): TfResource[] {
    const idx = this.companionIndex(type, attrName);
    const found = new Set(idx.byRef.get(`${target.mode === 'data' ? 'data.' : ''}${target.resourceType}.${target.name}`) ?? NONE);
    if (attrName) {
      for (const a of targetIdAttrs) {
        const v = target.attr(a)?.value;
        if (typeof v === 'string' && v) for (const c of idx.byName.get(v) ?? NONE) found.add(c);
      }
    }
    // In source order, as the candidates are listed (sorting the few found, not filtering all candidates:
    // that was quadratic in a module with many buckets).
    return [...found].sort((a, b) => idx.order.get(a)! - idx.order.get(b)!);
  }

  /** Candidates of `type` indexed once by what they reference in `attrName` and by its known string value. */
  private companionIndex(type: string, attrName?: string): CompanionIndex {
    const key = `${type}|${attrName ?? ''}`;
    let idx = this.companionIndexes.get(key);
    if (idx) return idx;
    idx = { byRef: new Map(), byName: new Map(), order: new Map() };
    const push = (m: Map<string, TfResource[]>, k: string, c: TfResource) => {
      const l = m.get(k);
      if (l) l.push(c);
      else m.set(k, [c]);
    };
    for (const c of this.resourcesOf(type)) {
      if (!idx.order.has(c)) idx.order.set(c, idx.order.size);
      for (const r of c.references(attrName)) push(idx.byRef, r, c);
      if (attrName) {
        const v = c.attr(attrName)?.value;
        if (typeof v === 'string') push(idx.byName, v, c);
      }
    }
    this.companionIndexes.set(key, idx);
    return idx;
  }

  /** True when some companion of `type` exists whose link to anything could not be determined statically. */
  hasUnlinkedCompanion(type: string, attrName: string): boolean {
    return this.resourcesOf(type).some((c) => {
      const a = c.attr(attrName);
      return !!a && isUnknown(a.value) && c.references(attrName).size === 0;
    });
  }

  varValue(name: string): Value {
    // A variable's value depends only on the module instance: evaluated once (as locals are).
    let v = this.varCache.get(name);
    if (v === undefined) this.varCache.set(name, (v = this.computeVarValue(name)));
    return v;
  }

  private computeVarValue(name: string): Value {
    const decl = this.variables.get(name);
    // The declared type fills optional object attributes (Terraform 1.3+), whichever source the value has.
    const typed = (v: Value) => {
      if (!decl) return v;
      let t = VAR_TYPES.get(decl.block);
      if (!t) VAR_TYPES.set(decl.block, (t = parseType(decl.block.attributes.get('type')?.expr)));
      return t.kind === 'other' ? v : applyTypeDefaults(v, t, (e) => evaluate(e, EMPTY_SCOPE));
    };
    if (this.inputs?.has(name)) return typed(this.inputs.get(name)!);
    if (this.tfvars.has(name)) return typed(this.tfvars.get(name)!);
    const def = decl?.block.attributes.get('default');
    if (def) return typed(evaluate(def.expr, EMPTY_SCOPE));
    if (!decl) return new Unknown(`variable "${name}" is not declared`, undefined, true);
    return new Unknown(`variable "${name}" has no default and no value in tfvars`);
  }

  localValue(name: string): Value {
    if (this.localCache.has(name)) return this.localCache.get(name)!;
    const l = this.locals.get(name);
    if (!l) return new Unknown(`local "${name}" is not defined`, undefined, true);
    if (this.localStack.has(name)) return new Unknown(`local "${name}" refers to itself`, undefined, true);
    this.localStack.add(name);
    const v = evaluate(l.attr.expr, this);
    this.localStack.delete(name);
    this.localCache.set(name, v);
    return v;
  }

  templateFile(path: string): Expr | Unknown {
    let root: TfModule = this;
    while (root.parent && !root.templateReader) root = root.parent;
    // A relative path is relative to the working directory: the root module's.
    return root.templateReader ? root.templateReader(resolve(root.dir, path)) : new Unknown('templatefile() is not evaluated');
  }

  lookup(root: string, parts: Traversal[], index: (e: Expr) => Value): { value: Value; used: number } {
    const first = parts[0]?.t === 'attr' ? parts[0].name : undefined;
    switch (root) {
      case 'var':
        return first ? { value: this.varValue(first), used: 1 } : { value: new Unknown('var without a name', undefined, true), used: 0 };
      case 'local':
        return first ? { value: this.localValue(first), used: 1 } : { value: new Unknown('local without a name', undefined, true), used: 0 };
      case 'path':
        return { value: first === 'module' || first === 'root' || first === 'cwd' ? this.dir : new Unknown('path'), used: 1 };
      case 'terraform':
        return { value: first === 'workspace' ? 'default' : new Unknown(`terraform.${first}`), used: 1 };
      case 'each':
      case 'count':
      case 'self':
        return { value: new Unknown(`${root}.${first ?? ''} is unknown here`), used: parts.length };
      case 'module':
        return { value: new Unknown(`output of module.${first ?? ''} is not evaluated`), used: parts.length };
      case 'data': {
        const name = parts[1]?.t === 'attr' ? parts[1].name : undefined;
        if (!first || !name) return { value: new Unknown('incomplete data reference', undefined, true), used: parts.length };
        return this.resourceAttr(`data.${first}`, name, parts.slice(2), 2, index);
      }
    }
    if (first) return this.resourceAttr(root, first, parts.slice(1), 1, index);
    return { value: new Unknown(`unknown name ${root}`, undefined, true), used: 0 };
  }

  private resourceAttr(key: string, name: string, rest: Traversal[], used: number, index: (e: Expr) => Value) {
    const r = (this.resourceIndex.get(key) ?? []).find((x) => x.name === name);
    const addr = `${key}.${name}`;
    if (!r) return { value: new Unknown(`${addr} is not defined in this module`), used: used + rest.length };
    let i = 0;
    if (rest[0]?.t === 'index' || rest[0]?.t === 'splat') i = 1; // instance index: attributes are per-config
    const attrName = rest[i]?.t === 'attr' ? (rest[i] as { name: string }).name : undefined;
    // x[*].attr is a list of the instances' values (join("", data.x[*].json) with count = 0 or 1):
    // one instance, as attributes are per-config. What follows the attribute applies to each element.
    const known = (value: Value) =>
      rest[0]?.t === 'splat' && (!isUnknown(value) || value.partial !== undefined || value instanceof UnknownTemplate) ? { value: [traverse(value, rest.slice(i + 1), index)], used: used + rest.length } : { value, used: used + i + 1 };
    if (key === 'data.aws_iam_policy_document' && (attrName === 'json' || attrName === 'minified_json')) {
      return known(buildPolicyDocument(r));
    }
    const a = attrName ? r.block.attributes.get(attrName) : undefined;
    if (a && this.lookupDepth < 16) {
      this.lookupDepth++;
      try {
        return known(r.eval(a));
      } finally {
        this.lookupDepth--;
      }
    }
    void index;
    return { value: new Unknown(`${addr}${attrName ? '.' + attrName : ''} is known only after apply`), used: used + rest.length };
  }
}

const EMPTY_SCOPE: Scope = {
  lookup: (root) => ({ value: new Unknown(`${root} cannot be referenced here`, undefined, true), used: 0 }),
};
