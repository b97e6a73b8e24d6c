// Long differential fuzzing run: npm run fuzz -- --runs 100000 --seed 1
//
// Options:
//   --runs N          programs to check (default 1000)
//   --seed N          seed of the first chunk; chunk k uses seed + k (default: time based, printed)
//   --chunk N         programs per chunk (default 500); a failure is reproduced with --seed S --runs N --chunk N
//   --concurrency N   child processes running programs at once (default: number of CPUs, at least 2)
//   --per-process N   programs per child process (default 8)
//   --exclude a,b     features not to generate (see FEATURES in test/fuzz/generate.ts), e.g. to get past a known bug
//   --known           exclude the features of known open bugs (test/fuzz/known.ts), like `npm test` does
//   --shrink-seconds N  time allowed for shrinking a counterexample (default 180)
//   --keep            keep every temp project
//   --preserve-instanceof  flatten with --preserve-instanceof (instanceof answers are then compared, not reported)
//   --keep-patched    flatten with --keep-patched (classes below a patched ancestor stay; their programs are then compared)
// Stops at the first counterexample and prints it with a ready-to-paste regression test (exit code 1).

import os from 'node:os';
import { FEATURES, type Feature } from '../test/fuzz/generate.js';
import { KNOWN_BUGS } from '../test/fuzz/known.js';
import { describeFailure, formatStats, fuzz } from '../test/fuzz/property.js';

function parseArgs(argv: string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const [key, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) out.set(key, inline);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out.set(key, argv[++i]);
    else out.set(key, true);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const num = (key: string, dflt: number): number => {
  const v = args.get(key);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (v === true || !Number.isInteger(n)) throw new Error(`--${key} takes an integer`);
  return n;
};

const runs = num('runs', 1000);
const seed = num('seed', Date.now() % 1_000_000_000);
const chunk = num('chunk', 500);
const concurrency = num('concurrency', Math.max(2, os.availableParallelism()));
const programsPerProcess = num('per-process', 8);
const exclude = new Set<Feature>();
const ex = args.get('exclude');
if (typeof ex === 'string') {
  for (const f of ex.split(',').filter(Boolean)) {
    if (!(f in FEATURES)) throw new Error(`unknown feature '${f}'; features: ${Object.keys(FEATURES).join(', ')}`);
    exclude.add(f as Feature);
  }
}
if (args.has('known')) for (const bug of KNOWN_BUGS) for (const f of bug.exclude) exclude.add(f);

console.log(`flatten-classes differential fuzzing: --runs ${runs} --seed ${seed} --chunk ${chunk}${args.has('preserve-instanceof') ? ' --preserve-instanceof' : ''}, ${concurrency} runner processes${exclude.size ? `, excluding ${[...exclude].join(', ')}` : ''}`);
let lastPrint = 0;
const { stats, failure } = await fuzz({
  seed,
  runs,
  chunk,
  concurrency,
  programsPerProcess,
  keep: args.has('keep'),
  shrinkMs: num('shrink-seconds', 180) * 1000,
  config: { exclude },
  ...(args.has('preserve-instanceof') || args.has('keep-patched')
    ? { flattenOptions: { ...(args.has('preserve-instanceof') ? { preserveInstanceof: true } : {}), ...(args.has('keep-patched') ? { keepPatched: true } : {}) } }
    : {}),
  onProgress: (s) => {
    if (s.programs === runs || performance.now() - lastPrint > 10_000) {
      lastPrint = performance.now();
      const rate = (s.programs / (s.elapsedMs / 1000)).toFixed(1);
      const share = s.derived ? ((100 * s.flattened) / s.derived).toFixed(1) : 'n/a';
      console.log(`  ${s.programs}/${runs} programs, ${rate}/s, same ${s.verdicts.same}, reported ${s.verdicts.reported}, flattened ${share}% of derived classes`);
    }
  },
});
console.log(formatStats(stats));
if (failure) {
  console.log('');
  console.log(describeFailure(failure));
  process.exitCode = 1;
} else {
  console.log(`no counterexample: seed ${seed}, ${stats.programs} programs, ${(stats.elapsedMs / 1000).toFixed(1)} s`);
}
