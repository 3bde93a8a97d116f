// The editor never takes its policy from outside the workspace folder: the upward search for
// .trustgate.yml stops at the folder it is given (extension/src/unit.ts passes the workspace folder;
// the real-VS-Code suite covers trustgate.configPath). Real directories.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig } from '../core/config.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-cfg-search-');

describe('config search bounded by the workspace folder', () => {
  it('without a bound it walks up to the parent; with the folder as bound it stops there', () => {
    const d = tmp({ '.trustgate.yml': 'rules:\n  disable: [TG-GHA-001]\n', 'ws/infra/main.tf': '' });
    const ws = join(d, 'ws');
    expect(findConfig(join(ws, 'infra'))).toBe(join(d, '.trustgate.yml'));
    expect(findConfig(join(ws, 'infra'), ws)).toBeUndefined();
    // A start outside the bound finds nothing; a config inside the bound is found.
    expect(findConfig(d, ws)).toBeUndefined();
    const d2 = tmp({ 'ws/.trustgate.yml': 'exclude: []\n', 'ws/infra/main.tf': '' });
    expect(findConfig(join(d2, 'ws/infra'), join(d2, 'ws'))).toBe(join(d2, 'ws/.trustgate.yml'));
  });
});
