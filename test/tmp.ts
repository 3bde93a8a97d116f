// Temp directories holding generated files for a test file; removed after the file's tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Returns a function that writes `files` (relative path -> content) into a fresh temp dir. */
export function tempDirs(prefix: string): (files: Record<string, string | Buffer>) => string {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  return (files) => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(d, name, '..'), { recursive: true });
      writeFileSync(join(d, name), content);
    }
    return d;
  };
}
