// Offsets in a text to the engine's 1-based lines and UTF-16 columns (binary search over line starts).
import type { Range } from './types.js';

export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly src: string) {}

  pos(off: number): { line: number; col: number } {
    if (!this.starts) {
      this.starts = [0];
      for (let i = 0; i < this.src.length; i++) if (this.src.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: off - this.starts[lo] + 1 };
  }

  range(start: number, end: number): Range {
    const s = this.pos(start);
    const e = this.pos(end);
    return { startLine: s.line, startColumn: s.col, endLine: e.line, endColumn: e.col };
  }
}
