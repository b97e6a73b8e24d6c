// Scanning a batch run's source files in worker threads as well as in the main thread.
//
// Syntax trees cannot cross threads, so a file scanned by a worker arrives as a summary without its
// syntax, which the main thread makes again (parse + summarize) the first time the rewrite reads it
// (scan/syntax-transfer.ts). The files the rewrite is likely to read are those with a derived class,
// so the main thread scans every file whose text contains `extends` itself, keeping their syntax as
// an in-thread run does; the other files go to a queue, largest first, that the workers, and the main
// thread once done with its own, take from one at a time (an atomic counter in shared memory: no
// thread waits for another to hand out work).
//
// Which thread scans which file changes from run to run; the result must not: states are returned in
// the order of the files given, a summary is the same whichever thread made it, and syntax made
// again is the same syntax. A worker that fails (or cannot start) leaves its files to the main thread.

import { receiveMessageOnPort } from 'node:worker_threads';
import { hashOf, readBytes, type BytesRead, type SourceState } from './scan-file.js';
import { withLazySyntax, type PlainModule } from './syntax-transfer.js';
import { launchScanWorker, MIN_QUEUE_BYTES, releasePrestarted, takePrestarted, type PoolWorker } from './prestart.js';
import { mark } from '../timeline.js';

export { MIN_QUEUE_BYTES, workersFor } from './prestart.js';

/**
 * A worker whose heap (V8's total heap size, garbage included) is larger than this after a file stops,
 * and a new one takes its place. V8 lets a heap grow to about four times what was alive at its last
 * full collection: one made while a worker held a huge tree (babylon's 0.9 MB Draco encoder is a
 * 115 MB tree, the queue hands it out first) lets the worker fill 300 MB with garbage afterwards,
 * beside the main thread's heap. A worker collects in full after each huge file (scan-worker.ts), so
 * this is the fallback for a thread that cannot, or a heap that stays large all the same. A new worker
 * starts from Babel's few megabytes. A worker scanning ordinary files stays far below this.
 */
export const RETIRE_HEAP_BYTES = 128 * 1024 * 1024;

/** Workers replaced at most this many times in one scan (each new one loads Babel again). */
export const MAX_RETIREMENTS = 4;

/** What one worker is given (the first message on its port). */
export interface ScanJob {
  files: Array<{ absPath: string; relPath: string; hash: string; offset: number; length: number }>;
  /** The files' bytes, one after the other. */
  bytes: SharedArrayBuffer;
  /** Int32 [0]: the next queue index to take. */
  counter: SharedArrayBuffer;
  /** Stop (saying 'retired') once the heap is larger than this after a file. */
  retireHeapBytes: number;
}

export type WorkerMessage =
  | { kind: 'scanned'; queueIndex: number; state: SourceState }
  | { kind: 'failed'; queueIndex: number; message: string }
  /** Stopped to let a new worker take its place (RETIRE_HEAP_BYTES); nothing of the queue is lost. */
  | { kind: 'retired' }
  | { kind: 'done' };

export interface ScanRequest {
  absPath: string;
  relPath: string;
}

export interface ParallelScanOptions {
  /** Worker threads to start (the main thread scans too). */
  workers: number;
  /** Start workers only for a queue of at least MIN_QUEUE_BYTES (the default mode). */
  auto: boolean;
  /** Scans one file in the main thread, as a run without workers does. */
  scanHere(file: ScanRequest, bytes: BytesRead, hash: string): SourceState;
  /** Told, before any file is scanned, the bytes of the main thread's own files (those holding `extends`). */
  planned?(ownBytes: number): void;
  /** Told of every file scanned, in whatever order they finish. */
  onScanned?(state: SourceState): void;
  /** Tests: a different split and order of the work (the result must not change). */
  schedule?: ScanSchedule;
}

export interface ScanSchedule {
  /** Reorders the queue and the main thread's own files (in place). */
  shuffle?: (indexes: number[]) => void;
  /** The main thread scans nothing the workers can: every summary arrives from a worker. */
  mainIdle?: boolean;
  /** Tests: make the workers fail as soon as they start. */
  crash?: boolean;
  /** Tests: a worker stops and is replaced once its heap is larger than this (default RETIRE_HEAP_BYTES). */
  retireHeapBytes?: number;
}

/** Scans `files`, returning their states in the same order. */
export async function scanInParallel(files: ScanRequest[], options: ParallelScanOptions): Promise<SourceState[]> {
  mark('scan: start');
  const states: Array<SourceState | undefined> = new Array(files.length);
  // Each file's bytes until it is scanned (its text is then in its state); a queued file's, once
  // copied to the workers' shared buffer, are read from there.
  const bytes: Array<BytesRead | undefined> = files.map((f) => readBytes(f.absPath));
  const hashes = bytes.map((b) => hashOf(b!));
  const schedule = options.schedule ?? {};
  mark('scan: files read and hashed');

  // The main thread's own files, and the queue.
  const own: number[] = [];
  const queue: number[] = [];
  let queueBytes = 0;
  let derivedBytes = 0;
  files.forEach((_, i) => {
    const b = bytes[i]!;
    const derived = b.ok && b.data.includes('extends');
    if (derived) derivedBytes += b.data.length;
    if (!b.ok || (!schedule.mainIdle && derived)) own.push(i);
    else {
      queue.push(i);
      queueBytes += b.data.length;
    }
  });
  // The largest files first: their trees are made while the main thread holds few summaries yet (a
  // 0.9 MB minified file is a 115 MB tree), and the threads end together.
  const sizeOf = (i: number): number => (bytes[i] as { data: Buffer }).data.length;
  queue.sort((a, b) => sizeOf(b) - sizeOf(a) || a - b);
  schedule.shuffle?.(queue);
  schedule.shuffle?.(own);
  options.planned?.(derivedBytes);

  const workerCount = options.auto && queueBytes < MIN_QUEUE_BYTES ? 0 : Math.min(options.workers, queue.length);
  const counter = new SharedArrayBuffer(4);
  const next = new Int32Array(counter);
  let shared: SharedBytes | null = workerCount > 0 ? shareQueue(queue, bytes) : null;
  const jobFiles: ScanJob['files'] = shared ? queue.map((i, q) => ({ absPath: files[i]!.absPath, relPath: files[i]!.relPath, hash: hashes[i]!, ...shared!.spans[q]! })) : [];
  let retirements = 0;
  const start = (): PoolWorker => {
    const retireHeapBytes = retirements < MAX_RETIREMENTS ? (schedule.retireHeapBytes ?? RETIRE_HEAP_BYTES) : Number.MAX_SAFE_INTEGER;
    return startWorker({ files: jobFiles, bytes: shared!.buffer, counter, retireHeapBytes }, schedule.crash === true);
  };
  const pool: PoolWorker[] = [];
  for (let n = 0; n < workerCount; n++) pool.push(start());
  // Workers started early (prestart.ts) that this scan does not need.
  releasePrestarted();
  // Told of a worker started while the main thread waits for the last answers (allAnswered).
  let onStarted: ((w: PoolWorker) => void) | undefined;

  mark('scan: workers started');
  const scanHere = (i: number): void => {
    const state = options.scanHere(files[i]!, bytes[i] ?? shared!.copyOf(i), hashes[i]!);
    bytes[i] = undefined;
    states[i] = state;
    options.onScanned?.(state);
  };

  // Queue entries scanned, or given up by a worker (those are scanned here at the end).
  let answered = 0;
  const receive = (m: WorkerMessage, worker: PoolWorker): void => {
    if (m.kind === 'done') return void (worker.finished = true);
    if (m.kind === 'retired') {
      worker.finished = true;
      retirements++;
      const fresh = start();
      pool.push(fresh);
      onStarted?.(fresh);
      return;
    }
    answered++;
    if (m.kind === 'failed') return;
    const i = queue[m.queueIndex]!;
    const state = m.state;
    // The worker leaves the module's code out: it is the file's text (scan-worker.ts).
    if (state.parse?.ok) {
      const plain = state.parse.module as unknown as PlainModule;
      if (state.read.ok) plain.code = state.read.code;
      state.parse = { ok: true, module: withLazySyntax(plain) };
    }
    states[i] = state;
    options.onScanned?.(state);
  };
  // Between its own files, the main thread takes what the workers sent (the progress line counts them).
  const drain = (): void => {
    for (const w of pool) {
      for (let m = receiveMessageOnPort(w.port); m !== undefined; m = receiveMessageOnPort(w.port)) receive(m.message as WorkerMessage, w);
    }
  };

  for (const i of own) {
    scanHere(i);
    drain();
  }
  mark('scan: own files scanned');
  if (!schedule.mainIdle) {
    for (let q = Atomics.add(next, 0, 1); q < queue.length; q = Atomics.add(next, 0, 1)) {
      scanHere(queue[q]!);
      answered++;
      drain();
    }
  }
  drain();
  mark('scan: queue empty');
  // The files workers are scanning still. Not waiting for the others: a worker still starting (loading
  // Babel) when the queue ran out is stopped, not awaited.
  if (answered < queue.length) {
    await allAnswered(pool, receive, () => answered >= queue.length, (listen) => (onStarted = listen));
  }
  mark('scan: workers answered');
  for (const w of pool) {
    w.port.close();
    void w.worker?.terminate();
  }
  // Files a worker did not scan (it failed, or a file made it throw): scanned here.
  for (let i = 0; i < files.length; i++) if (states[i] === undefined) scanHere(i);
  // The listeners above share this call's context: what they could reach is dropped now, not when the
  // stopped workers' handles go.
  shared = null;
  bytes.length = 0;
  return states as SourceState[];
}

/** The queued files' bytes, one after the other, in memory the workers share. */
interface SharedBytes {
  buffer: SharedArrayBuffer;
  /** Per queue entry: where its bytes start, and how many. */
  spans: Array<{ offset: number; length: number }>;
  /** A file's bytes, copied out (decoding refuses views of shared memory). */
  copyOf(fileIndex: number): BytesRead;
}

/** Copies the queued files' bytes to shared memory, and lets go of their own buffers. */
function shareQueue(queue: number[], bytes: Array<BytesRead | undefined>): SharedBytes {
  let total = 0;
  for (const i of queue) total += (bytes[i] as { data: Buffer }).data.length;
  const buffer = new SharedArrayBuffer(total);
  const view = new Uint8Array(buffer);
  const at = new Map<number, { offset: number; length: number }>();
  let offset = 0;
  const spans = queue.map((i) => {
    const data = (bytes[i] as { data: Buffer }).data;
    view.set(data, offset);
    bytes[i] = undefined;
    const span = { offset, length: data.length };
    at.set(i, span);
    offset += data.length;
    return span;
  });
  return {
    buffer,
    spans,
    copyOf: (i) => {
      const span = at.get(i)!;
      return { ok: true, data: Buffer.from(view.subarray(span.offset, span.offset + span.length)) };
    },
  };
}

/** A worker started early (prestart.ts) if one is waiting, else a new one; given its job. */
function startWorker(job: ScanJob, crash: boolean): PoolWorker {
  const entry = (crash ? undefined : takePrestarted()) ?? launchScanWorker(crash);
  if (!entry.finished) entry.port.postMessage(job);
  return entry;
}

/**
 * Resolves once `done()` holds, or every worker has stopped (having finished or not). Workers started
 * meanwhile (replacing one that retired) are listened to as well: `watchNew` is given the function.
 */
function allAnswered(pool: PoolWorker[], receive: (m: WorkerMessage, w: PoolWorker) => void, done: () => boolean, watchNew: (listen: (w: PoolWorker) => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const check = (): void => {
      if (done() || pool.every((w) => w.finished)) resolve();
    };
    const listen = (w: PoolWorker): void => {
      if (w.finished) return;
      w.port.on('message', (m: WorkerMessage) => {
        receive(m, w);
        check();
      });
      w.onExit = () => {
        // What it sent before it stopped.
        for (let m = receiveMessageOnPort(w.port); m !== undefined; m = receiveMessageOnPort(w.port)) receive(m.message as WorkerMessage, w);
        check();
      };
    };
    watchNew(listen);
    for (const w of [...pool]) listen(w);
    check();
  });
}
