// Phase marks for measuring where a run's wall time goes, thread by thread (README, Performance):
// with FLATTEN_CLASSES_TIMELINE=<file> in the environment, each thread appends lines
// "<epoch ms> <thread id> <label>" to that file. Without it, mark() does nothing. With
// FLATTEN_CLASSES_TIMELINE_MEMORY=1 as well, each line ends with " | heap <used>/<total> MB rss <rss> MB":
// the V8 heap of the thread that marks (each thread has its own) and the process's resident set; with
// FLATTEN_CLASSES_TIMELINE_MEMORY=gc (and `node --expose-gc`) a full collection comes first, so "used"
// is what is alive. FLATTEN_CLASSES_TIMELINE_SNAPSHOT=<part of a label>|<another> writes a heap snapshot
// of the marking thread beside the timeline file at each matching mark. Measuring aids only.

import { appendFileSync } from 'node:fs';
import { getHeapStatistics, writeHeapSnapshot } from 'node:v8';
import { threadId } from 'node:worker_threads';

const file = process.env.FLATTEN_CLASSES_TIMELINE;
const memory = process.env.FLATTEN_CLASSES_TIMELINE_MEMORY === '1' || process.env.FLATTEN_CLASSES_TIMELINE_MEMORY === 'gc';
// Measuring only (node --expose-gc): a full collection before each reading, so "used" is what is alive.
const collect = process.env.FLATTEN_CLASSES_TIMELINE_MEMORY === 'gc' ? (globalThis as { gc?: () => void }).gc : undefined;

const mb = (bytes: number): string => (bytes / 1048576).toFixed(0);

/** Notes that the current thread reached `label` (only with FLATTEN_CLASSES_TIMELINE set). */
export function mark(label: string): void {
  if (!file) return;
  let line = `${(performance.timeOrigin + performance.now()).toFixed(1)} ${threadId} ${label}`;
  if (memory) {
    collect?.();
    const heap = getHeapStatistics();
    line += ` | heap ${mb(heap.used_heap_size)}/${mb(heap.total_heap_size)} MB rss ${mb(process.memoryUsage.rss())} MB`;
  }
  appendFileSync(file, `${line}\n`);
  const snap = process.env.FLATTEN_CLASSES_TIMELINE_SNAPSHOT;
  if (snap && snap.split('|').some((s) => label.includes(s))) writeHeapSnapshot(`${file}.${label.replace(/\W+/g, '_')}.heapsnapshot`);
}
