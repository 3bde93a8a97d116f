// Parsed files shared by the units of one scan in one thread. A module directory called by several
// roots (a module's examples/* all call `../..`) was parsed once per caller: on the real corpus 8,665
// parses for 5,535 files. The syntax tree depends only on the text, so units can share it; what a
// unit derives from it (values, findings) stays per unit. Bounded by source size, least recently used
// out first, so memory stays flat however large the scan (an AST takes about 12x its source).
import { dirname } from 'node:path';
import type { HclFile } from './ast.js';

export interface ParsedFile {
  src: string;
  /** A read notice (e.g. invalid UTF-8 replaced) the unit reports again. */
  notice?: string;
  file: HclFile;
}

export class ParseCache {
  private readonly entries = new Map<string, ParsedFile>();
  private size = 0;
  /**
   * `onceDirs`: directories whose files only one unit reads (scanned root modules that nothing calls):
   * not kept, so the room goes to the modules that several units call.
   */
  constructor(
    readonly maxSourceChars = 1_000_000,
    readonly onceDirs?: ReadonlySet<string>,
  ) {}

  get(path: string): ParsedFile | undefined {
    const e = this.entries.get(path);
    if (e) {
      // Map order is insertion order: re-insert to mark as most recently used.
      this.entries.delete(path);
      this.entries.set(path, e);
    }
    return e;
  }

  set(path: string, e: ParsedFile): void {
    if (e.src.length > this.maxSourceChars / 4) return; // one huge file would flush everything else
    if (this.onceDirs?.has(dirname(path))) return;
    const old = this.entries.get(path);
    if (old) {
      this.size -= old.src.length;
      this.entries.delete(path);
    }
    this.entries.set(path, e);
    this.size += e.src.length;
    for (const [k, v] of this.entries) {
      if (this.size <= this.maxSourceChars) break;
      this.entries.delete(k);
      this.size -= v.src.length;
    }
  }
}
