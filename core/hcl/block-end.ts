// Where a bracketed block that opens on a line ends, by counting brackets outside strings and
// comments. Used on raw source lines (suppressions, doc examples) where no tree is at hand.

/**
 * 0-based index of the last line of the block opening on line `start` (0-based); `start` when no
 * bracket opens there or the block does not close within `maxLines`.
 */
export function bracketBlockEnd(lines: string[], start: number, brackets: '{' | '{[(', maxLines: number): number {
  const opens = brackets === '{' ? '{' : '{[(';
  const closes = brackets === '{' ? '}' : '}])';
  let depth = 0;
  let opened = false;
  for (let i = start; i < lines.length && i < start + maxLines; i++) {
    const l = lines[i];
    let inStr = false;
    for (let k = 0; k < l.length; k++) {
      const ch = l[k];
      if (inStr) {
        if (ch === '\\') k++;
        else if (ch === '"') inStr = false;
        continue;
      }
      if (ch === '"') inStr = true;
      else if (ch === '#' || (ch === '/' && l[k + 1] === '/')) break;
      else if (opens.includes(ch)) {
        depth++;
        opened = true;
      } else if (closes.includes(ch)) depth--;
    }
    if (!opened || depth <= 0) return opened ? i : start;
  }
  return start;
}
