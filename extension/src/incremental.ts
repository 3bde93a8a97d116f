// What the editor keeps between two scans of a unit, so that a one-line edit costs a one-line parse:
// each open Terraform buffer's tree-sitter tree (reparsed incrementally from VS Code's content
// changes, core/hcl/incremental.ts), and the ASTs of the other files the unit reads (sibling files,
// local child modules), reused while their text is unchanged. Free of the vscode API: the bench and
// the tests drive it in Node.
import type { Config } from '../../core/config.js';
import { IncrementalHcl, type TextEdit } from '../../core/hcl/incremental.js';
import { ParseCache, type ParsedFile } from '../../core/hcl/parse-cache.js';
import { initHcl } from '../../core/hcl/parse.js';
import { fileTypeOf } from '../../core/inputs.js';
import { readText } from '../../core/read.js';
import { hclMaxDepth } from '../../core/unit.js';

export type { TextEdit };

export class EditorParses {
  private inc: IncrementalHcl | undefined;
  /** Content changes since each buffer's last parse, in the order they happened. */
  private readonly pending = new Map<string, TextEdit[]>();
  /** ASTs of files read from disk (and of buffers in JSON syntax), by depth limit and path. */
  private readonly others = new ParseCache(4_000_000);

  /** A document changed (VS Code's contentChanges, in order): remembered for its next parse. */
  recordEdits(path: string, edits: readonly TextEdit[]): void {
    if (fileTypeOf(path)?.syntax !== 'hcl') return;
    const l = this.pending.get(path) ?? [];
    l.push(...edits);
    // A buffer no scan reads (an excluded file) would collect changes forever; without them the next
    // parse compares the old and new texts instead.
    if (l.length > 1000) this.pending.delete(path);
    else this.pending.set(path, l);
  }

  /** The document was closed: its tree is freed; its file on disk is what counts from now on. */
  drop(path: string): void {
    this.inc?.drop(path);
    this.pending.delete(path);
  }

  dispose(): void {
    this.inc?.clear();
    this.pending.clear();
  }

  get stats() {
    return this.inc?.stats;
  }

  /** The parse cache for one scan that reads `overrides` (the open buffers) with `cfg`'s limits. */
  async forScan(overrides: ReadonlyMap<string, string>, cfg: Config): Promise<ParseCache> {
    this.inc ??= new IncrementalHcl(await initHcl());
    return new ScanParses(this, this.inc, overrides, hclMaxDepth(cfg), cfg.limits.maxFileBytes);
  }

  /** @internal ScanParses */
  lookup(inc: IncrementalHcl, path: string, overrides: ReadonlyMap<string, string>, maxDepth: number, maxFileBytes: number): ParsedFile | undefined {
    const buffer = overrides.get(path);
    if (buffer !== undefined && fileTypeOf(path)?.syntax === 'hcl') {
      const edits = this.pending.get(path);
      this.pending.delete(path);
      return { src: buffer, file: inc.parse(path, buffer, maxDepth, edits) };
    }
    const key = `${maxDepth}\n${path}`;
    const e = this.others.get(key);
    if (!e) return undefined;
    // Valid while the text is the same: the buffer's, or the file's on disk (read again: it may have changed).
    const now = buffer ?? (() => {
      const r = readText(path, maxFileBytes);
      return r.ok ? r.text : undefined;
    })();
    return now === e.src ? e : undefined;
  }

  /** @internal ScanParses */
  remember(path: string, maxDepth: number, e: ParsedFile): void {
    this.others.set(`${maxDepth}\n${path}`, e);
  }
}

/** What core/unit.ts asks of a parse cache, answered from the editor's state. */
class ScanParses extends ParseCache {
  constructor(
    private readonly owner: EditorParses,
    private readonly inc: IncrementalHcl,
    private readonly overrides: ReadonlyMap<string, string>,
    private readonly maxDepth: number,
    private readonly maxFileBytes: number,
  ) {
    super(0);
  }

  override get(path: string): ParsedFile | undefined {
    return this.owner.lookup(this.inc, path, this.overrides, this.maxDepth, this.maxFileBytes);
  }

  override set(path: string, e: ParsedFile): void {
    this.owner.remember(path, this.maxDepth, e);
  }
}
