// "Did you mean …?": the closest known name to a mistyped one (config keys, rule options, CLI
// options and commands share it). Edit distance at most 2, or a unique prefix ("--out" → "--output").
export function closest(k: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const n of names) {
    const d = n.toLowerCase() === k.toLowerCase() ? 0 : distance(k, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  if (best !== undefined || k.length < 2) return best;
  const prefixed = names.filter((n) => n.startsWith(k));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}
