// What a stream can show: colour is decided per stream (stdout for the report, stderr for progress).
// FORCE_COLOR wins as in Node and most CLIs (0 or false: off, any other value: on), then NO_COLOR
// (https://no-color.org: set and not empty: off), then whether the stream is a terminal (not TERM=dumb).
export function colorFor(isTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  return isTTY && env.TERM !== 'dumb';
}

/**
 * A progress line on a terminal: "scanning 12/340 files", rewritten in place at most ten times a
 * second, erased by `done()` so that what follows starts on a clean line.
 */
export function progressLine(write: (s: string) => void, color: boolean): { update: (done: number, total: number) => void; done: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(d, t) {
      const now = Date.now();
      if (d < t && now - last < 100) return;
      last = now;
      shown = true;
      const text = `scanning ${d}/${t} files`;
      write(`\r${color ? `\x1b[2m${text}\x1b[0m` : text}\x1b[K`);
    },
    done() {
      if (shown) write('\r\x1b[K');
    },
  };
}
