// Extension-host test entry (@vscode/test-electron's extensionTestsPath contract: export run()).
// Mocha is bundled into this file by scripts/build-extension.mjs; the suites use its tdd globals.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.TRUSTGATE_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(join(__dirname, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // A plain closing line for CI parsers that do not read mocha's "N passing".
      console.log(`${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      const out = process.env.TRUSTGATE_TEST_RESULTS;
      if (out) writeFileSync(out, JSON.stringify(runner.stats ?? {}, null, 1));
      if (failures) reject(new Error(`${failures} tests failed`));
      else resolve();
    });
  });
}
