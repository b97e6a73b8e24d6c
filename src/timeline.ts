// Phase marks for measuring where a run's wall time goes, thread by thread (README, Performance):
// with FLATTEN_CLASSES_TIMELINE=<file> in the environment, each thread appends lines
// "<epoch ms> <thread id> <label>" to that file. Without it, mark() does nothing.

import { appendFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';

const file = process.env.FLATTEN_CLASSES_TIMELINE;

/** Notes that the current thread reached `label` (only with FLATTEN_CLASSES_TIMELINE set). */
export function mark(label: string): void {
  if (file) appendFileSync(file, `${(performance.timeOrigin + performance.now()).toFixed(1)} ${threadId} ${label}\n`);
}
