// Writing the copies of a batch run's mirror in a worker thread while the main thread still rewrites.
//
// Most mirror files are byte-for-byte copies of their input (on @babylonjs/core 6,200 of 6,775), and the
// run knows many of them to be copies long before it ends (session-settled.ts says which, and why that
// cannot be wrong). They are handed over in batches as soon as they are known; a worker thread, idle
// otherwise once the scan is done, writes them with the same writeMirrorFile() as the main thread, into
// the same out dir, under the same guard rules. At the end writeMirror() (./mirror.ts) calls finish():
// the copies the run could only name then are handed over too, the main thread writes the rewritten
// files, then takes what the worker has not started from the end of each batch, waits for the one file
// the worker may be writing, and returns every outcome in the order of the files, as if it had written
// them all itself.
//
// Each file of a batch has a slot in shared memory: free, claimed, or done (written, unchanged, failed).
// A thread claims a slot with a compare-and-swap, so every file is written exactly once, by one thread.
// A failure's diagnostic is posted before its slot says so. A worker that stops (a crash, or it cannot
// start) leaves its claimed slot and its free ones to the main thread; with no worker at all (below
// `minFiles`, or it never started) the main thread writes everything, as before.

import { receiveMessageOnPort, MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import path from 'node:path';
import type { Diagnostic, FileResult } from '../types.js';
import { workersFor } from '../scan/workers.js';
import { workerScript } from '../worker-script.js';
import { writeMirrorFile, type Outcome, type OutDirGuard } from './mirror.js';
import { claimSlot, CLAIMED, FAILED, markDone, UNCHANGED, WRITTEN, type OffloadBatch, type OffloadFailure, type OffloadJob } from './mirror-slots.js';

export interface OffloadOptions {
  /** Start the worker once this many files were handed over (0: with the first). */
  minFiles: number;
  /** Tests: the worker fails as it starts, or after claiming this many files. */
  crash?: 'start' | number;
}

interface Batch {
  files: FileResult[];
  state: Int32Array;
  diagnostics: Map<number, Diagnostic>;
}

interface Slot {
  batch: Batch;
  slot: number;
}

/** A file whose mirror file is its input's bytes. */
export function isCopy(file: FileResult): boolean {
  return file.status !== 'rewritten' && file.map === undefined;
}

export class MirrorOffload {
  private readonly batches: Batch[] = [];
  private readonly slots = new Map<FileResult, Slot>();
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  /** The worker stopped (exited, crashed, or could not start), or close() was called. */
  private stopped = false;
  private handed = 0;

  constructor(
    private readonly outDir: string,
    private readonly options: OffloadOptions,
  ) {}

  /** Whether a worker is running (tests). */
  get running(): boolean {
    return this.worker !== null && !this.stopped;
  }

  /**
   * Files certainly copies of their input in this run, to be written in the worker. Files already
   * handed over, and any that are not copies, are ignored.
   */
  add(files: readonly FileResult[]): void {
    if (this.stopped && this.worker !== null) return;
    const list = files.filter((f) => isCopy(f) && !this.slots.has(f));
    if (list.length === 0) return;
    const batch: Batch = { files: list, state: new Int32Array(new SharedArrayBuffer(4 * (list.length + 1))), diagnostics: new Map() };
    list.forEach((f, slot) => this.slots.set(f, { batch, slot }));
    this.batches.push(batch);
    this.handed += list.length;
    if (this.worker === null && !this.stopped && this.handed >= this.options.minFiles) this.start();
    else if (this.worker !== null && !this.stopped) this.post(batch);
  }

  /**
   * Writes (or takes the worker's outcome of) every file of `outputs`, in their order. The rest of the
   * copies go to a running worker; the main thread writes the other files, then helps.
   */
  async finish(outputs: FileResult[], guard: OutDirGuard, onWritten?: (done: number, total: number) => void): Promise<Outcome[]> {
    if (this.running) this.add(outputs);
    const total = outputs.length;
    const outcomes: Array<Outcome | undefined> = new Array(total);
    let ownDone = 0;
    const tell = (): void => onWritten?.(Math.min(total, ownDone + this.doneCount()), total);

    // The files that were not handed over: rewritten ones (and copies when no worker runs).
    for (let k = 0; k < total; k++) {
      const file = outputs[k]!;
      const at = this.slots.get(file);
      if (at !== undefined && isCopy(file)) continue;
      // Handed over as a copy, rewritten after all: never expected (session-settled.ts), but if it
      // were, its final text must win over the copy, whichever thread got there first.
      if (at !== undefined && !this.claim(at)) await this.settled([at]);
      outcomes[k] = writeMirrorFile(file, guard);
      if (at !== undefined && Atomics.load(at.batch.state, 1 + at.slot) === CLAIMED) this.record(at, 'unchanged');
      ownDone++;
      tell();
    }
    // What the worker has not started, from the end of each batch (it works from the start).
    for (const batch of this.batches) {
      for (let slot = batch.files.length - 1; slot >= 0; slot--) {
        const at = { batch, slot };
        if (!this.claim(at)) continue;
        this.record(at, writeMirrorFile(batch.files[slot]!, guard));
        tell();
      }
    }
    // The file the worker may be writing still; if it stopped before it was done, written here.
    const pending: Slot[] = [];
    for (const batch of this.batches) {
      for (let slot = 0; slot < batch.files.length; slot++) if (Atomics.load(batch.state, 1 + slot) === CLAIMED) pending.push({ batch, slot });
    }
    await this.settled(pending);
    this.drain();
    for (const at of pending) {
      const state = Atomics.load(at.batch.state, 1 + at.slot);
      if (state === CLAIMED || (state === FAILED && !at.batch.diagnostics.has(at.slot))) {
        const outcome = writeMirrorFile(at.batch.files[at.slot]!, guard);
        Atomics.store(at.batch.state, 1 + at.slot, CLAIMED);
        this.record(at, outcome);
        tell();
      }
    }
    await this.close();

    for (let k = 0; k < total; k++) {
      if (outcomes[k] !== undefined) continue;
      const file = outputs[k]!;
      const at = this.slots.get(file)!;
      outcomes[k] = this.outcomeOf(at);
      // The directories the worker checked count as checked here (the clean-up of temporary files).
      const target = guard.target(file.outRelPath);
      if (target !== null) guard.ensureDirectory(path.dirname(target));
    }
    tell();
    return outcomes as Outcome[];
  }

  /** Stops the worker (what it wrote stays written). */
  async close(): Promise<void> {
    this.stopped = true;
    this.port?.close();
    const worker = this.worker;
    if (worker) await worker.terminate().catch(() => undefined);
  }

  private start(): void {
    const { port1, port2 } = new MessageChannel();
    const crash = this.options.crash;
    const [script, extra]: [string | URL, { eval?: boolean }] =
      crash === 'start' ? ['throw new Error("mirror worker crash (test)")', { eval: true }] : workerScript('mirror-worker', import.meta.url);
    try {
      const job: OffloadJob = { outDir: this.outDir, port: port2, ...(typeof crash === 'number' ? { crashAfter: crash } : {}) };
      const worker = new Worker(script, { ...extra, workerData: job, transferList: [port2] });
      // A worker that throws (or cannot load) stops; its files are written in the main thread.
      worker.on('error', () => undefined);
      worker.once('exit', () => {
        this.stopped = true;
      });
      // Never what keeps the process alive: finish() or close() ends it.
      worker.unref();
      this.worker = worker;
      this.port = port1;
      for (const batch of this.batches) this.post(batch);
    } catch {
      this.stopped = true;
    }
  }

  private post(batch: Batch): void {
    const message: OffloadBatch = {
      batch: this.batches.indexOf(batch),
      files: batch.files.map((f) => ({ absPath: f.absPath, outRelPath: f.outRelPath, status: f.status })),
      state: batch.state.buffer as SharedArrayBuffer,
    };
    this.port!.postMessage(message);
  }

  private claim(at: Slot): boolean {
    return claimSlot(at.batch.state, at.slot);
  }

  /** Records the outcome of a slot this thread claimed. */
  private record(at: Slot, outcome: Outcome): void {
    if (typeof outcome !== 'string') at.batch.diagnostics.set(at.slot, outcome);
    markDone(at.batch.state, at.slot, outcome);
  }

  private outcomeOf(at: Slot): Outcome {
    const state = Atomics.load(at.batch.state, 1 + at.slot);
    if (state === WRITTEN) return 'written';
    if (state === UNCHANGED) return 'unchanged';
    return at.batch.diagnostics.get(at.slot)!;
  }

  /** Takes the worker's failure reports. */
  private drain(): void {
    if (this.port === null) return;
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const failure = m.message as OffloadFailure;
      this.batches[failure.batch]!.diagnostics.set(failure.slot, failure.diagnostic);
    }
  }

  private doneCount(): number {
    let done = 0;
    for (const batch of this.batches) done += Atomics.load(batch.state, 0);
    return done;
  }

  /** Resolves once none of `slots` is claimed-and-unfinished (or the worker stopped). */
  private async settled(slots: Slot[]): Promise<void> {
    const open = (at: Slot): boolean => {
      const state = Atomics.load(at.batch.state, 1 + at.slot);
      if (state === CLAIMED) return true;
      if (state !== FAILED || at.batch.diagnostics.has(at.slot)) return false;
      this.drain();
      return !at.batch.diagnostics.has(at.slot);
    };
    while (!this.stopped && slots.some(open)) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/**
 * Below this many copies known during the run, no worker is started (automatic `--jobs`). The main
 * thread writes a copy in about a quarter of a millisecond; a worker that writes them while the
 * rewrite runs costs about 0.4 s of wall time on two cores (it starts an isolate, and takes the core
 * the main thread's background compiler and collector use). Measured, with and without it: three.js
 * `src/` (about 400 copies) 3.22 s without against 3.63 s with (medians of 8 alternating runs);
 * @babylonjs/core (about 5,700) 10.8 s without against 10.0 s with (medians of 3).
 */
export const MIN_OFFLOAD_FILES = 2000;

/** The offload of a batch run with this `jobs` setting (scan/workers.ts's workersFor), or none for `--jobs 0|1`. */
export function mirrorOffloadFor(outDir: string, jobs: number | undefined): MirrorOffload | undefined {
  const { workers, auto } = workersFor(jobs);
  return workers > 0 ? new MirrorOffload(outDir, { minFiles: auto ? MIN_OFFLOAD_FILES : 0 }) : undefined;
}
