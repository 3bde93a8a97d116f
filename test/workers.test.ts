// How the worker pool shares the work: units that call the same local module form one family (one worker
// parses the module once for all of them).
import { describe, expect, it } from 'vitest';
import { threadCpuMs } from '../core/thread-cpu.js';
import { familyOrder, unitFamilies } from '../core/workers.js';
import type { Unit } from '../core/unit.js';

const tf = (dir: string): Unit => ({ kind: 'terraform', dir, tf: [`${dir}/main.tf`], tfvars: [] });

describe('unitFamilies', () => {
  it('puts roots whose module trees meet in one family, directly or through another module; others alone', () => {
    const units: Unit[] = [tf('/r/examples/a'), tf('/r/other'), tf('/r/examples/b'), { kind: 'yaml', path: '/r/k.yaml', relPath: 'k.yaml' }, tf('/r/examples/c'), tf('/r/lone')];
    const calls = new Map([
      ['/r/examples/a', ['/r']],
      ['/r/examples/b', ['/r']],
      // c reaches the module only through a wrapper module
      ['/r/examples/c', ['/r/wrapper']],
      ['/r/wrapper', ['/r']],
      ['/r/other', ['/r/modules/x']],
      ['/r/lone', []],
    ]);
    const f = unitFamilies(units, calls);
    expect(f[0]).toBe(f[2]);
    expect(f[4]).toBe(f[0]);
    expect(new Set([f[0], f[1], f[3], f[5]]).size).toBe(4);
  });
  it('joins two families that a later root bridges, and survives module cycles', () => {
    const units = [tf('/a'), tf('/b'), tf('/c')];
    const calls = new Map([
      ['/a', ['/m1']],
      ['/b', ['/m2']],
      ['/c', ['/m1', '/m2']],
      ['/m1', ['/m2']],
      ['/m2', ['/m1']],
    ]);
    const f = unitFamilies(units, calls);
    expect(new Set(f).size).toBe(1);
  });
});

describe('familyOrder (one thread)', () => {
  it('runs a family\'s units one after the other, families in the order of their first unit', () => {
    const units: Unit[] = [tf('/r/examples/a'), tf('/r/other'), tf('/r/examples/b'), { kind: 'yaml', path: '/r/k.yaml', relPath: 'k.yaml' }, tf('/r/examples/c')];
    const calls = new Map([
      ['/r/examples/a', ['/r']],
      ['/r/examples/b', ['/r']],
      ['/r/examples/c', ['/r']],
      ['/r/other', ['/r/modules/x']],
    ]);
    expect(familyOrder(units, calls)).toEqual([0, 2, 4, 1, 3]);
  });
});

describe('threadCpuMs (the benchmark\'s CPU per thread)', () => {
  it.runIf(process.platform === 'linux')('counts this thread\'s work, not time spent waiting', async () => {
    const t0 = threadCpuMs()!;
    await new Promise((r) => setTimeout(r, 300));
    const waited = threadCpuMs()! - t0;
    const start = Date.now();
    let x = 0;
    while (Date.now() - start < 300) x += Math.sqrt(x + 1);
    const worked = threadCpuMs()! - t0 - waited;
    expect(x).toBeGreaterThan(0);
    expect(waited).toBeLessThan(100);
    // 300 ms of wall time busy: at least a little CPU however loaded the machine is.
    expect(worked).toBeGreaterThanOrEqual(10);
  });
});
