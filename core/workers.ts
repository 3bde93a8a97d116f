// Runs scan units on worker threads (both cores on a large scan).
// - Start cost off the critical path: the pool is started as soon as the scan knows it is large, so
//   each worker loads the rules and initialises the WASM parser while this thread still discovers files.
// - Balance to the end: an idle worker pulls the next small batch; the largest units go first (by
//   source size), so the tail of the scan is many small units that both workers share.
// - Each module parsed once: units that call the same local module (a module's examples/* all call
//   `../..`) form a family that goes to one worker, whose parse cache then holds the module for all of
//   them, as in one thread (two workers splitting them parsed 7 % more files on the real corpus).
// - A time limit per unit (limits.maxFileMs): the worker marks in shared memory which unit of its batch
//   it is running and since when; a unit over the limit gets its worker terminated and becomes a `limit`
//   error entry on that unit, and a fresh worker takes the units not yet done — a pathological file never
//   hangs the scan, and the units batched with it are still scanned.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from './config.js';
import type { ScanSet } from './scan-set.js';
import type { ScanError } from './types.js';
import { ParseCache } from './hcl/parse-cache.js';
import { failedUnit, unitFile, type Unit, type UnitEnv, type UnitResult } from './unit.js';

/**
 * The worker script beside the running bundle (dist/cli/worker.mjs, dist/action/worker.mjs): after
 * bundling, import.meta.url is the bundle's own file. Absent when running from sources: scans stay in-process.
 */
export function bundledWorkerScript(): URL | undefined {
  const u = new URL('./worker.mjs', import.meta.url);
  return u.protocol === 'file:' && existsSync(fileURLToPath(u)) ? u : undefined;
}

/** One worker per core, at most 8: the default of the CLI (`--jobs`), the report and the Action. */
export const defaultWorkers = (): number => Math.min(availableParallelism(), 8);

export interface WireEnv {
  cfg: {
    path?: string;
    exclude: string[];
    disabled: string[];
    severity: [string, string][];
    options: [string, Record<string, unknown>][];
    persona: Config['persona'];
    limits: Config['limits'];
  };
  ruleIds: string[];
  varFiles: string[];
  allowedRoots: string[];
  overrides?: Map<string, string>;
  today?: string;
  downloads?: UnitEnv['downloads'];
  scanSet?: UnitEnv['scanSet'];
  /** The parse cache's onceDirs (ParseCache). */
  onceDirs?: string[];
}

export function toWire(env: UnitEnv): WireEnv {
  const c = env.cfg;
  return {
    cfg: { path: c.path, exclude: c.exclude, disabled: [...c.disabled], severity: [...c.severity], options: [...c.options], persona: c.persona, limits: c.limits },
    ruleIds: env.rules.map((r) => r.id),
    varFiles: env.varFiles,
    allowedRoots: env.allowedRoots,
    overrides: env.overrides,
    today: env.today,
    downloads: env.downloads,
    scanSet: env.scanSet,
    onceDirs: env.parsed?.onceDirs && [...env.parsed.onceDirs],
  };
}

export function fromWire(w: WireEnv, allRules: UnitEnv['rules']): UnitEnv {
  const ids = new Set(w.ruleIds);
  return {
    cfg: {
      path: w.cfg.path,
      exclude: w.cfg.exclude,
      disabled: new Set(w.cfg.disabled),
      severity: new Map(w.cfg.severity) as Config['severity'],
      options: new Map(w.cfg.options),
      persona: w.cfg.persona,
      limits: w.cfg.limits,
    },
    rules: allRules.filter((r) => ids.has(r.id)),
    varFiles: w.varFiles,
    allowedRoots: w.allowedRoots,
    overrides: w.overrides,
    today: w.today,
    downloads: w.downloads,
    scanSet: w.scanSet,
    parsed: new ParseCache(undefined, w.onceDirs && new Set(w.onceDirs)),
  };
}

/** What the pool sends a worker, and what a worker answers. */
export type ToWorker =
  | { type: 'env'; env: WireEnv }
  | { type: 'units'; units: Unit[] }
  /** Build the scan set from these YAML files (a task for one worker), or take the one built. */
  | { type: 'scanSetTask'; files: string[]; limits: Config['limits']; overrides?: Map<string, string> }
  | { type: 'scanSet'; set: ScanSet };
export type FromWorker = { type: 'result'; pos: number; result: UnitResult } | { type: 'scanSet'; set: ScanSet };
/** workerData: the shared progress cells and the clock origin they count from. */
export interface WorkerInit {
  progress: SharedArrayBuffer;
  origin: number;
}
/** Cells of a worker's shared progress: the batch position being run (-1 between units) and its start (ms since origin). */
export const RUNNING = 0;
export const SINCE = 1;
/** The worker thread's CPU time (ms), written after each batch when TRUSTGATE_STATS is set (the benchmark). */
export const CPU = 2;
/** When the worker started its first unit (ms since origin, plus one: 0 means not yet). */
export const FIRST = 3;

/**
 * What the benchmark prints about this process's pools (TRUSTGATE_STATS): the workers' own CPU time,
 * when the first unit was sent and when a worker started running it (ms since the process started: the
 * serial start before the workers work: this thread's walk and reading, a worker's own start), and the
 * time workers waited for work after that, in all (the gate, the tails, the main thread).
 */
export const poolStats = { workerCpuMs: 0, firstUnitMs: undefined as number | undefined, firstRunMs: undefined as number | undefined, idleMs: 0 };

/**
 * A worker's old-generation heap cap. Besides bounding one runaway unit, it makes V8 collect early: with
 * the default cap (a quarter of the machine's memory) a worker let garbage grow to hundreds of MB before
 * a full collection (live data is a few tens of MB). A unit that needs more fails alone, as a `limit` entry.
 */
const WORKER_HEAP_MB = 512;

/** A batch holds at most this many units, and small units up to this much source together. */
const BATCH_UNITS = 16;
const BATCH_CHARS = 64 * 1024;

/**
 * The family of each unit (an index; units of one family share a local module, directly or through
 * other modules): terraform units whose module trees (`calls`, the local module calls of each directory)
 * meet. Other units are families of their own.
 */
export function unitFamilies(units: Unit[], calls: Map<string, string[]>): number[] {
  const parent = units.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  // The first unit reaching each directory: a later unit reaching it joins that unit's family.
  const reachedBy = new Map<string, number>();
  units.forEach((u, i) => {
    if (u.kind !== 'terraform') return;
    for (const d of moduleTree(u.dir, calls)) {
      const first = reachedBy.get(d);
      if (first === undefined) reachedBy.set(d, i);
      else parent[find(i)] = find(first);
    }
  });
  return units.map((_, i) => find(i));
}

/**
 * The order to run units in one thread: a family's units (those sharing a local module) one after the
 * other, families in the order of their first unit, so a shared module is still in the parse cache
 * when its next caller runs (the Terraform corpus in walk order parsed 5,849 times for 5,535 files).
 * Results are still placed by unit index: the output does not depend on this order.
 */
export function familyOrder(units: Unit[], calls: Map<string, string[]>): number[] {
  const fam = unitFamilies(units, calls);
  const first = new Map<number, number>();
  fam.forEach((f, i) => first.has(f) || first.set(f, i));
  return units.map((_, i) => i).sort((a, b) => first.get(fam[a])! - first.get(fam[b])! || a - b);
}

/** A root directory and every directory it reaches through local module calls (`calls`), once each. */
export function moduleTree(root: string, calls: Map<string, string[]>): Set<string> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length) {
    const d = stack.pop()!;
    if (seen.has(d)) continue;
    seen.add(d);
    stack.push(...(calls.get(d) ?? []));
  }
  return seen;
}

interface Slot {
  w: Worker;
  progress: Int32Array;
  /** Since when this worker has had no batch (ms, performance.now()), while a run is on. */
  idleSince?: number;
  /** Unit indices of the batch in flight and which of them have answered. */
  batch?: number[];
  answered?: boolean[];
  left?: number;
  timer?: NodeJS.Timeout;
  dead?: boolean;
  /** The scan-set task runs on this worker. */
  task?: { resolve: (s: ScanSet) => void; reject: (e: Error) => void };
}

interface Run {
  units: Unit[];
  queue: number[];
  /** Units that crashed a worker together with others: retried one per batch to find the culprit. */
  alone: number[];
  sizes: number[];
  /** Each unit's family (`unitFamilies`): a batch takes whole families, up to `familyChars` of source. */
  families: number[];
  familyChars: number;
  /** Units that wait for `open` (they need the scan set), and whether it came. */
  gated: (u: Unit) => boolean;
  open: boolean;
  onResult: (r: UnitResult, index: number) => void;
  resolve: () => void;
  reject: (e: Error) => void;
}

export class WorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly origin = Date.now();
  /** The origin on this thread's performance clock (poolStats counts from the process start). */
  private readonly originPerf = performance.now();
  private wire?: WireEnv;
  private set?: ScanSet;
  private limitMs = 0;
  private run?: Run;
  private failure?: Error;
  private closed = false;

  constructor(
    private readonly script: URL,
    readonly size: number,
  ) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  /** The scan's env, once for every run of this pool (without the scan set, which `scanSet` builds). */
  setEnv(env: UnitEnv): void {
    this.wire = toWire({ ...env, scanSet: undefined });
    this.limitMs = env.cfg.limits.maxFileMs;
    for (const s of this.slots) s.w.postMessage({ type: 'env', env: this.wire } satisfies ToWorker);
  }

  /**
   * Builds the scan set on one worker: its YAML parses stay out of this thread's heap and off the critical
   * path (the other workers start on Terraform meanwhile).
   */
  scanSet(files: string[], limits: Config['limits'], overrides?: Map<string, string>): Promise<ScanSet> {
    const s = [...this.slots].find((x) => !x.batch && !x.task);
    if (!s || this.failure) return Promise.reject(this.failure ?? new Error('no idle worker'));
    return new Promise<ScanSet>((resolve, reject) => {
      s.task = { resolve, reject };
      s.w.postMessage({ type: 'scanSetTask', files, limits, overrides } satisfies ToWorker);
    });
  }

  /** Hands the scan set to every worker (before any unit that needs it). */
  shareScanSet(set: ScanSet): void {
    this.set = set;
    for (const x of this.slots) x.w.postMessage({ type: 'scanSet', set } satisfies ToWorker);
  }

  /**
   * Runs `units` (indices into it are what `onResult` reports), largest families first (by the sum of
   * their units' `sizes`), a family's units together, in their order. Units for which `gated` holds wait
   * until `gate` settles (the scan set they need is known).
   */
  runUnits(units: Unit[], sizes: number[], onResult: (r: UnitResult, index: number) => void, opts: { signal?: AbortSignal; aborted?: () => Error; gate?: Promise<unknown>; gated?: (u: Unit) => boolean; families?: number[] } = {}): Promise<void> {
    const gated = opts.gated ?? (() => false);
    const all = units.map((_, i) => i);
    const families = opts.families ?? all;
    const familySize = new Map<number, number>();
    for (const i of all) familySize.set(families[i], (familySize.get(families[i]) ?? 0) + sizes[i]);
    // Within a family, the caller's order (a scan's walk order keeps a module's users together: the
    // parse cache, bounded, holds what the next unit needs).
    const bySize = (a: number, b: number) => familySize.get(families[b])! - familySize.get(families[a])! || families[a] - families[b] || a - b;
    const queue = [...all.filter((i) => !gated(units[i])).sort(bySize), ...all.filter((i) => gated(units[i])).sort(bySize)];
    return new Promise<void>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      if (!units.length) return resolve();
      // A family larger than a fair share of the work (on many cores) is split: its module is parsed once
      // per part, and no worker is left with most of the scan.
      const familyChars = sizes.reduce((a, b) => a + b, 0) / (2 * this.size);
      const run: Run = { units, queue, alone: [], sizes, families, familyChars, gated, open: !opts.gate, onResult, resolve, reject };
      this.run = run;
      opts.signal?.addEventListener('abort', () => this.fail(opts.aborted?.() ?? new Error('aborted')), { once: true });
      opts.gate?.then(
        () => {
          run.open = true;
          for (const s of this.slots) this.give(s);
        },
        (e: Error) => this.fail(e),
      );
      for (const s of this.slots) this.give(s);
    });
  }

  /** Terminates the workers (the scan is over or was abandoned). */
  close(): void {
    this.closed = true;
    for (const s of this.slots) this.retire(s);
  }

  private spawn(): void {
    const progress = new Int32Array(new SharedArrayBuffer(16));
    progress[RUNNING] = -1;
    const w = new Worker(this.script, { workerData: { progress: progress.buffer, origin: this.origin } satisfies WorkerInit, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    const s: Slot = { w, progress };
    this.slots.add(s);
    if (this.wire) w.postMessage({ type: 'env', env: this.wire } satisfies ToWorker);
    if (this.set) w.postMessage({ type: 'scanSet', set: this.set } satisfies ToWorker);
    w.on('message', (m: FromWorker) => !s.dead && this.answer(s, m));
    w.on('error', (e) => !s.dead && this.crashed(s, e));
    w.on('exit', () => {
      // A worker that exits on its own (not terminated by us) with work in flight lost it.
      if (!s.dead) this.crashed(s, new Error('worker exited'));
    });
  }

  private retire(s: Slot): void {
    poolStats.workerCpuMs += Atomics.load(s.progress, CPU);
    this.idle(s, false);
    s.dead = true;
    if (s.timer) clearTimeout(s.timer);
    this.slots.delete(s);
    void s.w.terminate();
  }

  private replace(s: Slot): void {
    this.retire(s);
    if (!this.closed && !this.failure) {
      this.spawn();
      // The replacement takes over this worker's share of the queue.
      const fresh = [...this.slots].at(-1)!;
      this.give(fresh);
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const s of this.slots) s.task?.reject(e);
    this.close();
    this.run?.reject(e);
  }

  /**
   * Sends an idle worker its next batch: one retried unit alone, else the next family whole (they are
   * contiguous in the queue; a very large one in parts), then more small families while the batch stays
   * under the batch size.
   */
  private give(s: Slot): void {
    const run = this.run;
    if (!run || s.batch || s.task || s.dead) return;
    const { queue, families, sizes } = run;
    const ready = (i: number | undefined) => i !== undefined && (run.open || !run.gated(run.units[i]));
    /** How many units of the family at the front of the queue go together (at most `familyChars`), and their source size. */
    const front = () => {
      let n = 0;
      let chars = 0;
      while (n < queue.length && families[queue[n]] === families[queue[0]] && (n === 0 || chars + sizes[queue[n]] <= run.familyChars)) chars += sizes[queue[n++]];
      return { n, chars };
    };
    let batch: number[];
    if (run.alone.length) batch = [run.alone.shift()!];
    else if (ready(queue[0])) {
      const first = front();
      batch = queue.splice(0, first.n);
      let chars = first.chars;
      for (let next = front(); next.n && ready(queue[0]) && batch.length + next.n <= BATCH_UNITS && chars + next.chars <= BATCH_CHARS; next = front()) {
        batch.push(...queue.splice(0, next.n));
        chars += next.chars;
      }
    } else {
      // Nothing this worker may take now: it idles until the gate opens or the others finish.
      this.idle(s, true);
      if (run.queue.length) return;
      if ([...this.slots].every((x) => !x.batch)) {
        for (const x of this.slots) this.idle(x, false);
        this.run = undefined;
        run.resolve();
      }
      return;
    }
    poolStats.firstUnitMs ??= Math.round(performance.now());
    this.idle(s, false);
    s.batch = batch;
    s.answered = batch.map(() => false);
    s.left = batch.length;
    s.w.postMessage({ type: 'units', units: batch.map((i) => run.units[i]) } satisfies ToWorker);
    this.watch(s);
  }

  /** Counts a worker's wait for work (poolStats.idleMs): it starts or ends now. */
  private idle(s: Slot, waiting: boolean): void {
    const now = performance.now();
    if (s.idleSince !== undefined) poolStats.idleMs += now - s.idleSince;
    s.idleSince = waiting ? now : undefined;
  }

  /** Checks the unit the worker is running against the time limit, when it would run out. */
  private watch(s: Slot): void {
    if (s.timer) clearTimeout(s.timer);
    const pos = Atomics.load(s.progress, RUNNING);
    // Between units (or still starting): look again soon.
    if (pos < 0 || !s.batch || s.answered![pos]) {
      s.timer = setTimeout(() => this.watch(s), Math.min(this.limitMs, 100));
      return;
    }
    const elapsed = Date.now() - this.origin - Atomics.load(s.progress, SINCE);
    if (elapsed < this.limitMs) {
      s.timer = setTimeout(() => this.watch(s), this.limitMs - elapsed + 1);
      return;
    }
    const run = this.run!;
    const index = s.batch[pos];
    const u = run.units[index];
    run.onResult(failedUnit(u, { file: unitFile(u), line: 1, column: 1, kind: 'limit', message: `analysis took longer than ${this.limitMs} ms (limits.maxFileMs); skipped` }), index);
    s.answered![pos] = true;
    this.requeue(s, false);
    this.replace(s);
  }

  /** Puts the units of a lost batch that have not answered back at the front of the queue. */
  private requeue(s: Slot, alone: boolean): void {
    const run = this.run!;
    const pending = s.batch!.filter((_, p) => !s.answered![p]);
    if (alone) run.alone.unshift(...pending);
    else run.queue.unshift(...pending);
    s.batch = s.answered = undefined;
  }

  private answer(s: Slot, m: FromWorker): void {
    if (m.type === 'scanSet') {
      const t = s.task;
      s.task = undefined;
      t?.resolve(m.set);
      this.give(s);
      return;
    }
    const run = this.run;
    if (!run || !s.batch || s.answered![m.pos]) return;
    s.answered![m.pos] = true;
    const first = Math.round(this.originPerf + Atomics.load(s.progress, FIRST) - 1);
    if (!(poolStats.firstRunMs! <= first)) poolStats.firstRunMs = first;
    run.onResult(m.result, s.batch[m.pos]);
    if (--s.left! > 0) return;
    if (s.timer) clearTimeout(s.timer);
    s.batch = s.answered = undefined;
    this.give(s);
  }

  private crashed(s: Slot, e: Error): void {
    if (s.task) {
      // The caller builds the scan set itself; the pool goes on with a fresh worker.
      s.task.reject(e);
      s.task = undefined;
      return this.replace(s);
    }
    const run = this.run;
    if (!run || !s.batch) {
      this.retire(s);
      // A worker that cannot even start (or dies while idle) leaves the pool unable to work.
      return this.fail(e);
    }
    const pending = s.batch.filter((_, p) => !s.answered![p]);
    if (pending.length === 1) {
      const u = run.units[pending[0]];
      const oom = (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      const error: ScanError = oom
        ? { file: unitFile(u), line: 1, column: 1, kind: 'limit', message: `analysis needed more than ${WORKER_HEAP_MB} MB of memory; skipped` }
        : { file: unitFile(u), line: 1, column: 1, kind: 'internal', message: `worker failed: ${e.message}` };
      run.onResult(failedUnit(u, error), pending[0]);
      s.batch = s.answered = undefined;
    } else this.requeue(s, true); // a crash takes the whole batch: retry its units one by one
    this.replace(s);
  }
}
