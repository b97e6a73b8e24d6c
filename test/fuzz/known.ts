// Open bugs the fuzzer found. Each names the regression test that reproduces it (in
// test/equivalence/regressions.test.ts, marked `it.fails` while open) and the generator features whose
// exclusion keeps the bounded fuzz run in `npm test` from stopping at it. When a bug is fixed: its
// regression test starts failing as `it.fails` → turn it into `it`, and delete its entry here so the
// fuzzer covers the feature again.

import type { Feature } from './generate.js';

export interface KnownBug {
  /** The name of the regression test. */
  test: string;
  exclude: Feature[];
}

export const KNOWN_BUGS: KnownBug[] = [];
