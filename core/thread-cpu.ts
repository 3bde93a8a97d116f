// CPU time of the calling thread, for the benchmark's figures per thread (TRUSTGATE_STATS):
// process.cpuUsage() counts every thread of the process, worker threads and V8's helpers included.
import { readFileSync } from 'node:fs';

/** Milliseconds of CPU this thread used (Linux: /proc/thread-self/stat, 10 ms ticks); undefined elsewhere. */
export function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // After the command name in parentheses: state is field 3, utime 14, stime 15 (in clock ticks of 1/100 s).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(f[11]) + Number(f[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}
