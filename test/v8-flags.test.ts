// The V8 settings of scanning processes (core/v8-flags.ts): a flag this Node's V8 no longer knows would be
// ignored with an error on stderr, and the speed it bought (docs/benchmark.md) would be lost unnoticed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCAN_V8_FLAGS } from '../core/v8-flags.js';

const BIN = fileURLToPath(new URL('../bin/trustgate.js', import.meta.url));

describe('V8 flags of scanning processes', () => {
  it.each(SCAN_V8_FLAGS)('%s is a flag of this Node', (flag) => {
    const r = spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('the CLI sets them without a word on stderr', () => {
    const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
