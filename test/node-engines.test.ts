// One Node version story (docs/decisions/0003): every package the lock file installs accepts the
// minimum Node the project documents, so `npm ci` on that Node prints no EBADENGINE warning.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const minimum = semver.minVersion(pkg.engines.node)!.version;

describe('Node version story', () => {
  it('documents the same minimum in package.json and the README quick start', () => {
    expect(minimum).toBe('20.19.0');
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toMatch(/From a fresh clone \(Node\.js 20\.19 or later/);
  });

  it('installs only packages whose engines.node accepts the documented minimum', () => {
    const refused: string[] = [];
    for (const [path, entry] of Object.entries<{ version?: string; engines?: Record<string, string> | string[] }>(lock.packages)) {
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!path || !range) continue;
      if (!semver.satisfies(minimum, range, { includePrerelease: true })) refused.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${range}`);
    }
    expect(refused).toEqual([]);
  });

  it('runs no dependency install scripts (allowScripts denies each one the lock file has)', () => {
    const withScripts = Object.entries<{ hasInstallScript?: boolean }>(lock.packages)
      .filter(([path, e]) => path && e.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    for (const name of withScripts) expect(pkg.allowScripts?.[name], name).toBe(false);
  });
});
