// A scan worker (started by scan/workers.ts): takes files from the shared queue until it is empty,
// decodes, parses and summarizes each, and sends back its state with the summary's syntax left out.
// Files are claimed one at a time with an atomic counter shared with the main thread and the other
// workers, so the threads that are free take the next file: which thread scans which file varies from
// run to run, which is why nothing of the result may depend on it (the main thread assembles results
// in discovery order).

import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { workerData, type MessagePort } from 'node:worker_threads';
import { scanBytes, type SourceState } from './scan-file.js';
import { withoutSyntax } from './syntax-transfer.js';
import type { ScanJob, WorkerMessage } from './workers.js';

import { mark } from '../timeline.js';

/**
 * Files at least this large (minified bundles: babylon's Draco encoder and decoder, 0.5–0.9 MB, are trees
 * of 80–120 MB) are followed by a full collection.
 */
const HUGE_FILE_BYTES = 256 * 1024;

/**
 * V8's gc(), made for this thread only: --expose-gc is read when a context is made, so it is on while
 * one is made here and off again after (the flag is the whole process's), unless it was on already.
 */
const collectGarbage: (() => void) | undefined = (() => {
  const own = (globalThis as { gc?: () => void }).gc;
  if (typeof own === 'function') return own;
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
})();

mark('scan worker: loaded');
// The job is the first message: the worker may have been started before the files were known (prestart.ts).
const port = (workerData as { port: MessagePort }).port;
const job = await new Promise<ScanJob>((resolve) => port.once('message', resolve));
mark('scan worker: job received');
const next = new Int32Array(job.counter);
const bytes = new Uint8Array(job.bytes);

for (;;) {
  const q = Atomics.add(next, 0, 1);
  if (q >= job.files.length) break;
  const file = job.files[q]!;
  let message: WorkerMessage;
  try {
    // A copy: decoding refuses views of shared memory.
    const data = Buffer.from(bytes.subarray(file.offset, file.offset + file.length));
    const state = scanBytes(file.absPath, file.relPath, { ok: true, data }, file.hash, { keepSyntax: () => false });
    message = { kind: 'scanned', queueIndex: q, state: plain(state) };
  } catch (error) {
    // Scanned again in the main thread, which raises the same error there (as a run without workers would).
    message = { kind: 'failed', queueIndex: q, message: String((error as Error)?.stack ?? error) };
  }
  port.postMessage(message);
  // A huge file's tree is garbage now; collected at once, its pages go back before the next file. Left
  // to V8, the heap would keep growing past it (see RETIRE_HEAP_BYTES).
  if (file.length >= HUGE_FILE_BYTES && collectGarbage) {
    collectGarbage();
    mark('scan worker: collected after a huge file');
  }
  // A heap grown large all the same is left to end with this thread: a new worker takes over.
  if (getHeapStatistics().total_heap_size > job.retireHeapBytes) {
    mark('scan worker: retired');
    port.postMessage({ kind: 'retired' } satisfies WorkerMessage);
    port.close();
    process.exit(0);
  }
}
mark('scan worker: queue empty');
port.postMessage({ kind: 'done' } satisfies WorkerMessage);
port.close();

// The module's code is its file's text (read.code): sent once, not twice (a structured clone copies
// each string it meets, so the main thread would hold every text a worker scanned two times over).
function plain(state: SourceState): SourceState {
  if (state.parse?.ok !== true) return state;
  const module = withoutSyntax(state.parse.module);
  module.code = '';
  return { ...state, parse: { ok: true, module: module as never } };
}
