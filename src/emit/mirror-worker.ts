// The mirror worker (started by ./mirror-offload.ts): writes the copies it is handed, batch after batch,
// claiming each file's slot in shared memory first (the main thread takes the ones it has not started).
// A file it cannot write is reported (posted before its slot says so), as writeMirror() would report it.

import { workerData } from 'node:worker_threads';
import { OutDirGuard, writeMirrorFile } from './mirror.js';
import { claimSlot, markDone, type OffloadBatch, type OffloadFailure, type OffloadJob } from './mirror-slots.js';

import { mark } from '../timeline.js';

mark('mirror worker: loaded');
const job = workerData as OffloadJob;
let guard: OutDirGuard | string | undefined;
let claimed = 0;

job.port.on('message', (message: OffloadBatch) => {
  // An out dir that cannot be used: nothing is claimed, the main thread writes (and reports) it all.
  guard ??= OutDirGuard.open(job.outDir);
  if (typeof guard === 'string') return;
  const state = new Int32Array(message.state);
  for (let slot = 0; slot < message.files.length; slot++) {
    if (!claimSlot(state, slot)) continue;
    if (job.crashAfter !== undefined && ++claimed > job.crashAfter) throw new Error('mirror worker crash (test)');
    const outcome = writeMirrorFile(message.files[slot]!, guard);
    if (typeof outcome !== 'string') job.port.postMessage({ batch: message.batch, slot, diagnostic: outcome } satisfies OffloadFailure);
    markDone(state, slot, outcome);
  }
  mark(`mirror worker: batch ${message.batch} done`);
});
