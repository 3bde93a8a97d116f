// The VS Code extension's integration tests run inside a real VS Code (code-server 4.100.3 = VS Code
// 1.100.3, driven by headless chromium); `npm run test:extension` installs that host on first use,
// builds and packages the .vsix, runs the mocha suite in the extension host, then checks the packaged
// .vsix through the UI. This wires it into `npm test`. Set TRUSTGATE_SKIP_EXTENSION_TESTS=1 to skip.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

describe.skipIf(!!process.env.TRUSTGATE_SKIP_EXTENSION_TESTS)('VS Code extension (inside a real VS Code)', () => {
  it(
    'npm run test:extension passes: the mocha suite in the extension host and the .vsix through the UI',
    () => {
      const r = spawnSync('npm', ['run', '--silent', 'test:extension'], { cwd: root, encoding: 'utf8', timeout: 600_000, env: { ...process.env, TRUSTGATE_TEST_GREP: '' } });
      const out = `${r.stdout}\n${r.stderr}`;
      if (r.status !== 0) console.error(out.slice(-8000));
      expect(r.status).toBe(0);
      const passing = Number(/(\d+) passing/.exec(out)?.[1] ?? 0);
      expect(passing).toBeGreaterThanOrEqual(10);
      expect(out).not.toMatch(/\d+ failing/);
      expect(out).toMatch(new RegExp(`${passing} passed, 0 failed`));
      expect(out).toMatch(/ui-e2e: Problems panel row: S3 bucket "data" has no access logging.*TG-AWS-001/);
    },
    660_000,
  );
});
