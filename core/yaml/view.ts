// A read-only, positioned view over `yaml` nodes that follows aliases and `<<` merge keys, so rules
// see what Kubernetes and GitHub see while findings keep the exact source range.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import { LimitError } from '../limit-error.js';
import type { Location } from '../types.js';

export interface YamlLimits {
  maxAliasCount: number;
  maxDepth: number;
  /** Node views the rules may create for one file: aliases can make a small file look huge. */
  maxNodeVisits: number;
}

export const DEFAULT_YAML_LIMITS: YamlLimits = { maxAliasCount: 100, maxDepth: 200, maxNodeVisits: 2_000_000 };

export class YamlFile {
  readonly lineCounter = new LineCounter();
  /** Node views created so far (see YamlLimits.maxNodeVisits). */
  visits = 0;
  readonly docs: Document.Parsed[];
  constructor(
    readonly path: string,
    readonly src: string,
    readonly limits: YamlLimits = DEFAULT_YAML_LIMITS,
  ) {
    const docs = parseAllDocuments(src, {
      lineCounter: this.lineCounter,
      schema: 'core',
      merge: true,
      uniqueKeys: true,
      prettyErrors: true,
      strict: false,
    });
    this.docs = Array.isArray(docs) ? docs : [];
  }

  /** Location of source offsets [start, end). */
  locAt(start: number, end: number): Location {
    const s = this.lineCounter.linePos(start);
    const e = this.lineCounter.linePos(Math.max(start, end));
    return { file: this.path, startLine: s.line, startColumn: s.col, endLine: e.line, endColumn: e.col };
  }

  root(i: number): YView | undefined {
    const d = this.docs[i];
    if (!d?.contents) return undefined;
    return new YView(this, d, d.contents as Node, undefined, 0);
  }
}

/** A `<<` merge key: with `merge: true`, yaml 2.x gives its scalar the value Symbol(<<), not the string. */
function isMergeKey(k: unknown): boolean {
  if (!isScalar(k)) return false;
  return k.value === '<<' || (typeof k.value === 'symbol' && k.value.description === '<<');
}

/** YAML 1.1 booleans as some Kubernetes decoders still read them. */
const TRUE_WORDS = new Set(['true', 'True', 'TRUE', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'y', 'Y']);
const FALSE_WORDS = new Set(['false', 'False', 'FALSE', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'n', 'N']);

export class YView {
  constructor(
    readonly file: YamlFile,
    readonly doc: Document.Parsed,
    readonly node: Node,
    /** The key scalar this node is the value of (for locating a key). */
    readonly keyNode: Node | undefined,
    readonly depth: number,
  ) {
    if (++file.visits > file.limits.maxNodeVisits) {
      throw new LimitError(`YAML structure too large to analyse: more than ${file.limits.maxNodeVisits} nodes visited (limits.maxYamlNodeVisits; an alias bomb?); rest of the file skipped`);
    }
  }

  private resolve(n: unknown, seen = 0): Node | undefined {
    let cur = n as Node | undefined;
    while (cur && isAlias(cur) && seen++ < this.file.limits.maxAliasCount) cur = cur.resolve(this.doc) as Node | undefined;
    return cur && isAlias(cur) ? undefined : cur;
  }

  get loc(): Location {
    const r = this.node.range ?? [0, 0, 0];
    return this.file.locAt(r[0], r[1]);
  }
  /** The key and value together (`privileged: true`), or the value alone when there is no key. */
  get pairLoc(): Location {
    const k = this.keyNode?.range;
    const v = this.node.range;
    if (!k || !v) return this.loc;
    // A value reached through an alias (`image: *img`) is written at its anchor, before this key: report there.
    if (v[0] < k[0]) return this.loc;
    return this.file.locAt(k[0], Math.max(k[1], v[1]));
  }
  get keyLoc(): Location {
    const k = this.keyNode?.range;
    return k ? this.file.locAt(k[0], k[1]) : this.loc;
  }

  isMap(): boolean {
    return isMap(this.node);
  }
  isSeq(): boolean {
    return isSeq(this.node);
  }
  isScalar(): boolean {
    return isScalar(this.node);
  }

  /** Pairs of a map, with `<<` merges followed (own keys win). */
  private pairs(depth = 0): Pair[] {
    if (!isMap(this.node)) return [];
    const own: Pair[] = [];
    const merged: Pair[] = [];
    for (const p of this.node.items) {
      if (isMergeKey(p.key) && depth < 8) {
        const v = this.resolve(p.value);
        const sources = isSeq(v) ? v.items.map((x) => this.resolve(x)) : [v];
        for (const s of sources) if (s && isMap(s)) merged.push(...new YView(this.file, this.doc, s, undefined, this.depth).pairs(depth + 1));
      } else own.push(p);
    }
    if (!merged.length) return own;
    const keys = new Set(own.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
    return [...own, ...merged.filter((p) => !keys.has(isScalar(p.key) ? String(p.key.value) : ''))];
  }

  get(key: string): YView | undefined {
    if (this.depth >= this.file.limits.maxDepth) return undefined;
    for (const p of this.pairs()) {
      if (isScalar(p.key) && String(p.key.value) === key) {
        const v = this.resolve(p.value);
        // `key:` with no value is a null scalar with a range in `yaml`; keep it so rules can point at it.
        if (!v) return undefined;
        return new YView(this.file, this.doc, v, p.key as Node, this.depth + 1);
      }
    }
    return undefined;
  }

  /** Follow a path of keys (and numeric indexes). */
  at(...path: (string | number)[]): YView | undefined {
    let cur: YView | undefined = this;
    for (const seg of path) {
      if (!cur) return undefined;
      cur = typeof seg === 'number' ? cur.items()[seg] : cur.get(seg);
    }
    return cur;
  }

  has(key: string): boolean {
    return this.pairs().some((p) => isScalar(p.key) && String(p.key.value) === key);
  }

  entries(): [string, YView][] {
    if (this.depth >= this.file.limits.maxDepth) return [];
    const out: [string, YView][] = [];
    for (const p of this.pairs()) {
      const v = this.resolve(p.value);
      if (isScalar(p.key) && v) out.push([String(p.key.value), new YView(this.file, this.doc, v, p.key as Node, this.depth + 1)]);
    }
    return out;
  }

  items(): YView[] {
    if (!isSeq(this.node) || this.depth >= this.file.limits.maxDepth) return [];
    const out: YView[] = [];
    for (const it of this.node.items) {
      const v = this.resolve(it);
      if (v) out.push(new YView(this.file, this.doc, v, undefined, this.depth + 1));
    }
    return out;
  }

  /** Scalar value (null for collections). */
  get value(): unknown {
    return isScalar(this.node) ? this.node.value : null;
  }
  str(): string | undefined {
    const v = this.value;
    return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }
  /** Booleans, also YAML 1.1 words (yes/on/y) that some decoders honour. */
  bool(): boolean | undefined {
    const v = this.value;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      if (TRUE_WORDS.has(v)) return true;
      if (FALSE_WORDS.has(v)) return false;
    }
    return undefined;
  }
  num(): number | undefined {
    const v = this.value;
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
    return undefined;
  }
  /** The source text of this node (exactly as written). */
  get source(): string {
    const r = this.node.range;
    return r ? this.file.src.slice(r[0], r[1]) : '';
  }
  /** Source offset where this node starts. */
  get offset(): number {
    return this.node.range?.[0] ?? 0;
  }
}
