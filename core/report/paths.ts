import { relative, sep } from 'node:path';
import type { Finding, Indeterminate, Location, ScanError, ScanResult } from '../types.js';

/** Paths in reports are relative to the current directory, with forward slashes. */
export function relPath(file: string, cwd: string): string {
  const r = relative(cwd, file);
  return (r === '' ? '.' : r).split(sep).join('/');
}

const relLoc = <L extends Location>(l: L, cwd: string): L => ({ ...l, file: relPath(l.file, cwd) });

/** A copy of the result with every path relative to cwd and in-process fields (secrets) removed. */
export function relativeResult(r: ScanResult, cwd: string): ScanResult {
  const finding = (f: Finding): Finding => {
    const { secret: _s, ...rest } = f;
    void _s;
    return {
      ...rest,
      location: relLoc(f.location, cwd),
      ...(f.related ? { related: f.related.map((x) => ({ ...x, location: relLoc(x.location, cwd) })) } : {}),
      ...(f.fixes ? { fixes: f.fixes.map((x) => ({ ...x, range: relLoc(x.range, cwd) })) } : {}),
      ...(f.suppression?.location ? { suppression: { ...f.suppression, location: relLoc(f.suppression.location, cwd) } } : {}),
    };
  };
  return {
    ...r,
    roots: r.roots.map((x) => relPath(x, cwd)),
    findings: r.findings.map(finding),
    indeterminate: r.indeterminate.map((i: Indeterminate) => ({ ...i, location: relLoc(i.location, cwd) })),
    errors: r.errors.map((e: ScanError) => ({ ...e, file: relPath(e.file, cwd) })),
    unresolvedModules: (r.unresolvedModules ?? []).map((u) => ({ ...u, file: relPath(u.file, cwd) })),
  };
}
