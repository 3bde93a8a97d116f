// A finding's identity across commits: rule, file (relative, forward slashes) and message, never the
// line, so that moving code does not make an old finding new. One definition for SARIF's
// partialFingerprints, the Action's new-or-pre-existing classification and the CLI's baselines.
import { createHash } from 'node:crypto';

export function findingFingerprint(ruleId: string, file: string, message: string): string {
  return createHash('sha256').update(`${ruleId}|${file}|${message}`).digest('hex').slice(0, 32);
}

/** Fingerprints as a multiset: two identical findings on one side cover two on the other, not more. */
export class FingerprintBag {
  private readonly counts = new Map<string, number>();
  constructor(fingerprints: Iterable<string> = []) {
    for (const f of fingerprints) this.counts.set(f, (this.counts.get(f) ?? 0) + 1);
  }
  /** Takes one occurrence of `fp`; false when none is left. */
  take(fp: string): boolean {
    const n = this.counts.get(fp) ?? 0;
    if (n === 0) return false;
    this.counts.set(fp, n - 1);
    return true;
  }
  /** Occurrences not taken. */
  get left(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
}
