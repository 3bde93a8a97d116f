import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // extension/test/unit: the editor's vscode-free modules (the suite in extension/test/suite runs inside VS Code).
    include: ['test/**/*.test.ts', 'extension/test/unit/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
