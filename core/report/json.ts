import type { ScanResult } from '../types.js';
import { relativeResult } from './paths.js';

export function toJson(r: ScanResult, cwd: string): string {
  const { roots: _roots, ...rest } = relativeResult(r, cwd);
  void _roots;
  return JSON.stringify(rest, null, 2) + '\n';
}
