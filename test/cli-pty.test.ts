// The CLI in a real pseudo-terminal (util-linux `script`), against the same command in a pipe: the
// progress line and colour appear on the terminal and not in the pipe. And the README's quick-start
// output is what this checkout prints.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'trustgate.js');
const { FORCE_COLOR: _f, NO_COLOR: _n, ...ENV } = process.env;
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('in a real terminal (script) and in a pipe', () => {
  it('a terminal shows the progress line and colour; a pipe gets neither', () => {
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    // `script -qec CMD /dev/null` runs CMD with stdin, stdout and stderr on a new pseudo-terminal.
    const tty = spawnSync('script', ['-qec', `stty cols 100; ${quote(process.execPath)} ${quote(BIN)} scan examples/terraform/insecure`, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...ENV, TERM: 'xterm' }, timeout: 60_000 });
    expect(tty.status).toBe(1);
    expect(tty.stdout).toMatch(/\r(\x1b\[2m)?scanning 2\/2 files/); // the progress line, rewritten in place: main.tf and terraform.tfvars (files, not units)
    expect(tty.stdout).toContain('\x1b[1;35mCRITICAL'); // the severity in colour
    // Wrapped to the terminal's 100 columns.
    // eslint-disable-next-line no-control-regex
    const lines = tty.stdout.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split(/\r?\n/);
    expect(lines.filter((l) => /TG-AWS-\d{3}/.test(l) && l.length > 100)).toEqual([]);
    const pipe = spawnSync(process.execPath, [BIN, 'scan', 'examples/terraform/insecure'], { cwd: ROOT, encoding: 'utf8', env: ENV });
    expect(pipe.status).toBe(1);
    expect(pipe.stdout + pipe.stderr).not.toContain('\x1b[');
    expect(pipe.stderr).not.toMatch(/scanning/);
    expect(pipe.stdout).toMatch(/CRITICAL/);
  });
});

describe('README quick start', () => {
  it('shows what this checkout prints', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const m = /<!-- quick-start-output: npx trustgate (.+?) -->\n```console\n\$ npx trustgate .+\n([\s\S]*?)```/.exec(readme);
    expect(m, 'README quick-start output block').not.toBeNull();
    expect(existsSync(BIN)).toBe(true);
    const r = spawnSync(process.execPath, [BIN, ...m![1].split(' ')], { cwd: ROOT, encoding: 'utf8', env: ENV });
    expect(r.stdout).toBe(m![2]);
  });
});
