// Process entry for the bundled CLI: wires argv, stdio, Ctrl-C and the exit code.
import { main } from './cli.js';
import { threadCpuMs } from '../core/thread-cpu.js';
import { poolStats } from '../core/workers.js';
import { tuneV8ForScans } from '../core/v8-flags.js';

export async function runFromProcess(): Promise<void> {
  tuneV8ForScans();
  const ac = new AbortController();
  let interrupted = false;
  process.on('SIGINT', () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    ac.abort();
    // A scan checks the signal between files; if a single file holds it up, leave promptly anyway.
    setTimeout(() => process.exit(130), 2000).unref();
  });
  // The reader went away (`trustgate rules | head`): stop quietly, as other command-line tools do.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  const write = (stream: NodeJS.WriteStream) => (s: string) => void stream.write(s);
  const code = await main(process.argv.slice(2), {
    stdout: write(process.stdout),
    stderr: write(process.stderr),
    cwd: process.cwd(),
    isTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
    columns: process.stdout.columns || process.stderr.columns || undefined,
    env: process.env,
    signal: ac.signal,
  });
  process.exitCode = code;
  // For the benchmark: peak memory and CPU time of the whole process (worker threads included), and
  // where it went: this thread, the worker threads (the rest is V8's helper threads: GC, compilers), the
  // serial start before the first unit and the workers' waits.
  if (process.env.TRUSTGATE_STATS) {
    const u = process.resourceUsage();
    const { workerCpuMs, firstUnitMs, firstRunMs, idleMs } = poolStats;
    process.stderr.write(JSON.stringify({ maxRssMB: Math.round(u.maxRSS / 1024), cpuMs: Math.round((u.userCPUTime + u.systemCPUTime) / 1000), mainCpuMs: threadCpuMs(), workerCpuMs, firstUnitMs, firstRunMs, workersIdleMs: Math.round(idleMs), wallMs: Math.round(performance.now()) }) + '\n');
  }
}
