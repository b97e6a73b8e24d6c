// Starting scan worker threads before they have work: a worker spends its first 0.5–2 s loading
// Babel, and the main thread spends about as long loading Babel and discovering the files before it
// knows what the workers will scan. The CLI starts the workers first (prestartScanWorkers), so that
// both threads load Babel at the same time; scan/workers.ts then hands the job to a started worker
// (takePrestarted) by message instead of starting one. Every worker, started early or not, receives
// its job as the first message on its port (scan-worker.ts waits for it).
//
// Nothing here may import Babel (directly or through other modules): that would defeat the purpose.

import { readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { MAIN_THREAD_STACK_MB, workerScript } from '../worker-script.js';
import { mark } from '../timeline.js';

/**
 * Below this many bytes of source in the queue (the files without `extends`), workers are not started
 * (auto mode). A scan worker pays its way only on large projects: it loads and compiles Babel again,
 * the modules it scanned that the rewrite reads are parsed again in the main thread, and on two cores
 * it takes the core V8's background compiler and collector use for the main thread (a one-thread run
 * of Babel's parser keeps about 1.45 cores busy). Measured (2 cores, one thread against two, medians
 * of 3–6 alternating runs, queue size in brackets): fabric 7.4 `src/` (1.4 MB) 6.15 s against 7.14 s,
 * three.js `src/` (2.2 MB) 3.81 s against 4.35 s, typeorm 1.1 (4.2 MB) 4.0 s against 4.4 s, three
 * copies of three.js (6.5 MB) 8.2 s against 8.6 s; six copies (13 MB) 14.5 s against 13.6 s,
 * @babylonjs/core (17 MB) 15.0 s against 13.5 s, and its peak memory needs the worker (490–574 MB
 * with one thread, about 395 MB with two).
 */
export const MIN_QUEUE_BYTES = 10_000_000;

/**
 * Start the worker early (while the CLI loads Babel) when the inputs hold at least this many bytes of
 * source: the queue is usually about half of a project's source, so a smaller project rarely uses it.
 */
export const PRESTART_SOURCE_BYTES = 2 * MIN_QUEUE_BYTES;

/** Worker threads for a `jobs` setting (threads that scan, the main one included); undefined: automatic. */
export function workersFor(jobs: number | undefined): { workers: number; auto: boolean } {
  if (jobs === undefined) return { workers: Math.min(2, availableParallelism()) - 1, auto: true };
  return { workers: Math.max(0, Math.floor(jobs) - 1), auto: false };
}

/** A scan worker thread and the main thread's end of its port. */
export interface PoolWorker {
  worker: Worker | null;
  port: MessagePort;
  /** Said it is done, stopped, or never started. */
  finished: boolean;
  onExit?: () => void;
}

/** Workers started by prestartScanWorkers and not yet taken. */
let idle: PoolWorker[] = [];

/** Tests: workers started early, and taken by a scan, since the process started. */
export const prestartCounts = { started: 0, taken: 0 };

/** Where a run's sources are, for the estimate of prestartScanWorkers. */
export interface PrestartInputs {
  /** Absolute input paths (files or directories). */
  paths: string[];
  /** Source file extensions (with the dot). */
  extensions: string[];
}

/**
 * Starts the scan workers a batch run with this `jobs` setting would start (none for `--jobs 1`).
 * They load Babel and wait; workers nobody takes must be let go (releasePrestarted), though they do
 * not keep the process alive. In the automatic mode, only when the inputs hold at least
 * MIN_QUEUE_BYTES of source files (a bounded walk, below): a smaller run would start no worker, and
 * one started for nothing costs a small run about half its CPU time and, on a busy machine, its wall
 * time too.
 */
export function prestartScanWorkers(jobs: number | undefined, inputs: PrestartInputs): void {
  const { workers, auto } = workersFor(jobs);
  if (workers === 0 || (auto && !hasSourceBytes(inputs, PRESTART_SOURCE_BYTES))) return;
  mark('prestart: scan workers started');
  for (let n = idle.length; n < workers; n++) {
    const w = launchScanWorker(false);
    // Idle, it must not keep the process alive (a run that ends before its scan, or uses no workers).
    w.worker?.unref();
    idle.push(w);
    prestartCounts.started++;
  }
}

/**
 * Whether the inputs hold at least `limit` bytes of files with a source extension: a walk that stops
 * once it has seen that many (a large tree is answered after a few directories, a small one is small).
 * An estimate, not discovery: no ignore patterns, no out dir; it only decides whether to start early.
 */
export function hasSourceBytes(inputs: PrestartInputs, limit: number): boolean {
  let total = 0;
  const pending = [...inputs.paths];
  const isSource = (name: string): boolean => inputs.extensions.some((e) => name.endsWith(e));
  for (let p = pending.pop(); p !== undefined; p = pending.pop()) {
    try {
      const stat = statSync(p);
      if (stat.isFile()) {
        if (isSource(p) && (total += stat.size) >= limit) return true;
        continue;
      }
      if (!stat.isDirectory()) continue;
      for (const entry of readdirSync(p, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name === '.git') continue;
        if (entry.isDirectory() || entry.isSymbolicLink() || isSource(entry.name)) pending.push(path.join(p, entry.name));
      }
    } catch {
      // Unreadable: discovery reports it.
    }
  }
  return false;
}

/** A worker started earlier and still running, or undefined. */
export function takePrestarted(): PoolWorker | undefined {
  for (let w = idle.shift(); w !== undefined; w = idle.shift()) {
    if (w.finished) continue;
    w.worker?.ref();
    prestartCounts.taken++;
    mark('scan: worker started early taken');
    return w;
  }
  return undefined;
}

/** Stops the workers started early that no scan took. */
export function releasePrestarted(): void {
  for (const w of idle) {
    w.port.close();
    void w.worker?.terminate();
  }
  idle = [];
}

/** Starts a scan worker (scan-worker.ts), which waits for its job on its port; or one that throws at once (tests). */
export function launchScanWorker(crash: boolean): PoolWorker {
  const { port1, port2 } = new MessageChannel();
  const entry: PoolWorker = { worker: null, port: port1, finished: false };
  try {
    const [script, extra] = crash ? ['throw new Error("scan worker crash (test)")', { eval: true }] : workerScript('scan-worker', import.meta.url);
    const worker = new Worker(script, { ...extra, workerData: { port: port2 }, transferList: [port2], resourceLimits: { stackSizeMb: MAIN_THREAD_STACK_MB } });
    entry.worker = worker;
    // A worker that throws (or cannot load) stops; its files are scanned in the main thread.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      entry.finished = true;
      entry.onExit?.();
    });
  } catch {
    entry.finished = true;
  }
  return entry;
}
