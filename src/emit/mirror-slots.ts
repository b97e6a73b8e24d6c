// What the main thread and the mirror worker share (./mirror-offload.ts, ./mirror-worker.ts): slot
// states in shared memory and the messages. A module of its own, so the worker loads nothing else.

import type { MessagePort } from 'node:worker_threads';
import type { Diagnostic, FileResult } from '../types.js';
import type { Outcome } from './mirror.js';

/** Slot states (Int32). */
export const FREE = 0;
export const CLAIMED = 1;
export const WRITTEN = 2;
export const UNCHANGED = 3;
export const FAILED = 4;

/** Claims slot `slot` for this thread: true if it was free (then only this thread writes its file). */
export function claimSlot(state: Int32Array, slot: number): boolean {
  return Atomics.compareExchange(state, 1 + slot, FREE, CLAIMED) === FREE;
}

/** Marks a claimed slot done with its outcome, and counts it (a failure's diagnostic travels apart). */
export function markDone(state: Int32Array, slot: number, outcome: Outcome): void {
  Atomics.store(state, 1 + slot, outcome === 'written' ? WRITTEN : outcome === 'unchanged' ? UNCHANGED : FAILED);
  Atomics.add(state, 0, 1);
}

/** What the worker is started with (workerData). */
export interface OffloadJob {
  outDir: string;
  port: MessagePort;
  /** Tests: throw after claiming this many files (a crash in the middle of a write). */
  crashAfter?: number;
}

/** Main → worker: a batch of copies. `state`: Int32 [0] done count, [1 + i] slot of file i. */
export interface OffloadBatch {
  batch: number;
  files: Array<Pick<FileResult, 'absPath' | 'outRelPath' | 'status'>>;
  state: SharedArrayBuffer;
}

/** Worker → main: why file `slot` of `batch` was not written (posted before its slot says FAILED). */
export interface OffloadFailure {
  batch: number;
  slot: number;
  diagnostic: Diagnostic;
}

