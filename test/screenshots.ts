// Where a test writes a screenshot: the committed docs/images/ only when asked
// (TRUSTGATE_UPDATE_SCREENSHOT=1, as for the extension's), else the temp dir, so a test run never
// leaves the working tree dirty with a re-rendered PNG.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export function screenshotPath(name: string): string {
  const dir = process.env.TRUSTGATE_UPDATE_SCREENSHOT ? join(ROOT, 'docs', 'images') : join(tmpdir(), 'trustgate-screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
