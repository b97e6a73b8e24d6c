import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ORIGINALS_ONLY } from './helpers/equivalence.js';
import { KNOWN_BUGS } from './fuzz/known.js';
import { describeFailure, formatStats, fuzz } from './fuzz/property.js';

// The bounded differential fuzz run of `npm test`: a fixed seed, so it is the same programs every
// time. Longer runs: `npm run fuzz -- --runs 100000 --seed N`. FUZZ_RUNS / FUZZ_SEED override here.
const SEED = Number(process.env.FUZZ_SEED ?? 20250603);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
// The --preserve-instanceof variant: fewer programs (instanceof uses are then compared instead of reported).
const PRESERVE_RUNS = Math.min(RUNS, 100);

describe('differential fuzzing', () => {
  it.skipIf(ORIGINALS_ONLY)(
    `${RUNS} random programs (seed ${SEED}): the flattened program behaves the same, or the report says where not`,
    async () => {
      const exclude = KNOWN_BUGS.flatMap((b) => b.exclude);
      const { stats, failure } = await fuzz({ seed: SEED, runs: RUNS, chunk: RUNS, concurrency: 2, programsPerProcess: 10, config: { exclude }, shrinkMs: 60_000 });
      console.log(`differential fuzzing, seed ${SEED}${exclude.length ? ` (known bugs: not generating ${exclude.join(', ')})` : ''}\n${formatStats(stats)}`);
      if (failure) expect.fail(describeFailure(failure));
      // A fuzzer whose programs are left unflattened, or always reported, proves nothing.
      expect(stats.flattened / stats.derived, 'share of classes extending a project class that were flattened').toBeGreaterThan(0.9);
      expect(stats.checkedWithFlattening / stats.programs, 'share of programs flattened and compared with no warning').toBeGreaterThan(0.4);
    },
    240_000,
  );

  it.skipIf(ORIGINALS_ONLY)(
    `${PRESERVE_RUNS} random programs with --preserve-instanceof (seed ${SEED}): instanceof answers are compared, not reported`,
    async () => {
      const exclude = KNOWN_BUGS.flatMap((b) => b.exclude);
      const { stats, failure } = await fuzz({ seed: SEED, runs: PRESERVE_RUNS, chunk: PRESERVE_RUNS, concurrency: 2, programsPerProcess: 10, config: { exclude }, shrinkMs: 60_000, flattenOptions: { preserveInstanceof: true } });
      console.log(`differential fuzzing with --preserve-instanceof, seed ${SEED}\n${formatStats(stats)}`);
      if (failure) expect.fail(describeFailure(failure));
      // The option turns these into infos: a warning left here means an answer the recovery should have kept.
      expect(Object.keys(stats.codes).filter((c) => /instanceof-(flattened-base|unknown-class)/.test(c))).toEqual([]);
      expect(stats.checkedWithFlattening / stats.programs).toBeGreaterThan(0.4);
    },
    240_000,
  );

  it('every known bug names its regression test in test/equivalence/regressions.test.ts', () => {
    const regressions = readFileSync(new URL('./equivalence/regressions.test.ts', import.meta.url), 'utf8');
    for (const bug of KNOWN_BUGS) expect(regressions, bug.test).toContain(bug.test);
  });
});
