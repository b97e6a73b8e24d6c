// How far V8 lets the CLI's heaps grow past what is alive before it collects them in full.
//
// V8 sets a heap's next limit for a full collection at what was alive after the last one times a
// factor it derives from how fast the program allocates against how fast it marks: for a run that
// parses and summarizes thousands of files, always the maximum of 4 on a machine with a heap limit
// of 2 GB or more. A batch run keeps 110–150 MB alive on @babylonjs/core, so the main thread's heap
// reached about 500 MB, nearly all of it garbage waiting for the next full collection, and most of
// the run's peak memory. A factor of 1.5 makes full collections more frequent (each marks what is
// alive: about 0.1–0.4 s there); measured against the build before (README, Performance), the CPU
// time of three.js and @babylonjs/core runs stayed within the noise, since fewer pages of fresh
// memory are touched, and @babylonjs/core's peak RSS fell by about 200 MB.
//
// The flag is read at each full collection, by every isolate of the process (the scan and mirror
// workers too); only the CLI's own process sets it, for batch runs (an in-process caller's heap is its
// own business).
import { setFlagsFromString } from 'node:v8';

/** Growth allowed past the live heap, in per cent (V8's `--heap-growing-percent`). */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Growth allowed once the rewrite starts. The rewrite keeps little of what it allocates (about 85 MB
 * alive when it starts on @babylonjs/core, 107 MB when it ends) but allocates steadily, so at 50 %
 * the heap reached about twice what was alive (220 MB for 107 MB) just as the mirror worker's last
 * copies were being written: @babylonjs/core's peak in some runs (447 MB). It allocates at a slower
 * pace than the scan, so the extra full collections cost less there (no CPU change measured).
 */
export const REWRITE_HEAP_GROWING_PERCENT = 30;

export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export function limitHeapGrowthForRewrite(): void {
  setFlagsFromString(`--heap-growing-percent=${REWRITE_HEAP_GROWING_PERCENT}`);
}
