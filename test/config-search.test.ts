// The editor never takes its policy from outside the workspace folder: the upward search for
// .trustgate.yml stops at the folder, and trustgate.configPath outside it is ignored (issue 16 §3).
// Real directories; extension/src/unit.ts is the editor's engine view, free of the vscode API.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfig } from '../core/config.js';
import { clearConfigCache, configFor, DEFAULT_SETTINGS } from '../extension/src/unit.js';
import { tempDirs } from './tmp.js';

const tmp = tempDirs('tg-cfg-search-');

describe('config search bounded by the workspace folder', () => {
  const d = tmp({ '.trustgate.yml': 'rules:\n  disable: [TG-GHA-001]\n', 'ws/infra/main.tf': '' });
  const ws = join(d, 'ws');

  it('findConfig without a bound walks up to the parent; with the folder as bound it stops there', () => {
    expect(findConfig(join(ws, 'infra'))).toBe(join(d, '.trustgate.yml'));
    expect(findConfig(join(ws, 'infra'), ws)).toBeUndefined();
    // A start outside the bound finds nothing.
    expect(findConfig(d, ws)).toBeUndefined();
  });

  it('the editor uses the defaults, not the parent directory\'s config', () => {
    clearConfigCache();
    const cs = configFor(join(ws, 'infra'), ws, DEFAULT_SETTINGS);
    expect(cs.config.disabled.size).toBe(0);
    expect(cs.error).toBeUndefined();
  });

  it('trustgate.configPath outside the folder is ignored, with a message saying so', () => {
    clearConfigCache();
    const cs = configFor(join(ws, 'infra'), ws, { ...DEFAULT_SETTINGS, configPath: '../.trustgate.yml' });
    expect(cs.config.disabled.size).toBe(0);
    expect(cs.error?.message).toMatch(/trustgate\.configPath \.\.\/\.trustgate\.yml is outside the workspace folder; ignored/);
    const inside = tmp({ 'strict.yml': 'rules:\n  disable: [TG-AWS-001]\n' });
    clearConfigCache();
    expect(configFor(inside, inside, { ...DEFAULT_SETTINGS, configPath: 'strict.yml' }).config.disabled.has('TG-AWS-001')).toBe(true);
  });
});
