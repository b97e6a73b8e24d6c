#!/usr/bin/env node
// Holds flatten-classes to its promise against Babel's own runnable class tests: the `exec.js`
// fixtures of Babel's class plugins (transform-classes, class-properties, private-methods,
// class-static-block, …), which Babel runs to prove its class transform keeps the semantics.
//
//   npm run build && node scripts/babel-exec.mjs [--babel <checkout>] [--git-dir <babel git dir>]
//                                                [--filter <substring>] [--jobs <n>] [--json <file>] [--keep]
//                                                [--preserve-instanceof]
//
// Selects every `exec.js` under packages/*/test/fixtures whose source mentions `extends`, runs it as
// Babel's test runner does (sloppy, inside a function, so a top-level `return` works and a returned
// promise is awaited; with Jest's `expect`, here a subset in scripts/babel-exec-expect.js) but without
// any Babel transform: Node 20 runs the classes natively. It flattens all of them in one flatten() call
// (each test in its own directory), then runs the original and the flattened test in fresh node:vm
// contexts (child processes with time limits, scripts/test262-child.mjs) and compares the outcomes.
//
// Each test is classified as scripts/test262.mjs does: skipped (the original does not pass on this
// Node: syntax Node 20 lacks, such as decorators, or a test of Babel's loose modes), same, reported
// (another outcome, and the report has a warning or error for the file), SILENT (another outcome and
// nothing reported: the worst bug this tool can have), crash (flatten() threw, or the mirror no
// longer parses). `exec.mjs` fixtures are counted as skipped. --preserve-instanceof flattens with it.
//
// Sources: --babel <dir> (a checkout holding packages/), else `git archive` of the pinned commit from
// --git-dir <dir> (or BABEL_GIT), else a shallow fetch from GitHub, into .cache/babel-exec/.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildPool } from './lib/child-pool.mjs';
import { builtFlatten, codeCounts, compareRun, extractCommit, flattenAll, listVerdicts, must, printTallies } from './lib/conformance.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.cache/babel-exec');
const COMMIT = '1da3cfa1a25503c7ecba7304f8738933e6d16dca';
const RUN_KILL_MS = 20_000;

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const log = (s) => process.stderr.write(`[babel-exec] ${s}\n`);

/** A directory holding Babel's packages/ (at least their test fixtures). */
function babelDir() {
  const given = opt('--babel');
  if (given) return path.resolve(given);
  const dest = path.join(CACHE, `src-${COMMIT.slice(0, 12)}`);
  if (existsSync(path.join(dest, 'packages'))) return dest;
  log(`extracting Babel's exec fixtures at ${COMMIT.slice(0, 12)} into ${path.relative(ROOT, dest)}`);
  const execFixtures = (gitDir) => must('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', COMMIT, 'packages']).stdout.toString().split('\n').filter((f) => /\/test\/fixtures\/.*\/exec\.m?js$/.test(f));
  return extractCommit({ commit: COMMIT, url: 'https://github.com/babel/babel.git', gitDir: opt('--git-dir') ?? process.env.BABEL_GIT, cacheDir: CACHE, dest, paths: execFixtures, log });
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (/^exec\.m?js$/.test(entry.name)) yield p;
  }
}

const flatten = await builtFlatten(ROOT);
const babel = babelDir();
const filter = opt('--filter');
const jobs = Number(opt('--jobs') ?? Math.max(1, Math.min(4, os.availableParallelism())));

// 1. Which tests.
const runs = [];
for (const file of walk(path.join(babel, 'packages'))) {
  const rel = path.relative(babel, file).split(path.sep).join('/');
  if (filter && !rel.includes(filter)) continue;
  const source = readFileSync(file, 'utf8');
  if (!/\bextends\b/.test(source)) continue;
  const run = { rel, source, id: runs.length };
  if (rel.endsWith('.mjs')) run.skip = 'exec.mjs (module)';
  runs.push(run);
}
log(`${runs.length} exec fixtures mention extends`);

// 2. Flatten them all at once, each in its own directory. The test body goes inside a function, as
// Babel's runner wraps it (a top-level return, `this` is the global); its result is kept to be awaited.
const runDir = mkdtempSync(path.join(os.tmpdir(), 'flatten-babel-exec-'));
for (const run of runs) {
  if (run.skip) continue;
  run.inputRel = `work/${path.dirname(run.rel)}/exec.cjs`;
  run.input = `globalThis.__execResult = (function () {\n${run.source}\n}).call(globalThis);\n`;
  const abs = path.join(runDir, run.inputRel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, run.input);
}
const flattened = await flattenAll(flatten, runDir, { preserveInstanceof: args.includes('--preserve-instanceof') }, log);

// 3. Run original and flattened.
const pool = new ChildPool(path.join(ROOT, 'scripts/test262-child.mjs'), jobs, RUN_KILL_MS);
const jobOf = (run, code, tag) => ({
  id: `${run.id}-${tag}`,
  code,
  file: path.join(runDir, run.inputRel),
  host: true,
  awaitResult: true,
  includes: ['babel-exec-expect.js'],
  harnessDir: path.join(ROOT, 'scripts'),
});
await Promise.all(
  runs.map(async (run) => {
    if (run.skip) return;
    run.original = await pool.run(jobOf(run, run.input, 'o'));
    if (run.original !== 'pass') {
      run.skip = run.original.startsWith('parse ') ? 'syntax Node 20 lacks' : 'original fails on this Node';
      return;
    }
    await compareRun(run, flattened, (code) => pool.run(jobOf(run, code, 'f')));
  }),
);
pool.close();

// 4. Report.
const skipped = new Map();
for (const run of runs) if (run.skip) skipped.set(run.skip, (skipped.get(run.skip) ?? 0) + 1);
const compared = runs.filter((r) => !r.skip);
console.log(`Babel ${COMMIT.slice(0, 12)}: ${runs.length} exec fixtures mention \`extends\``);
console.log(`skipped: ${runs.length - compared.length} (${[...skipped].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'})`);
printTallies(compared, 'tests');
console.log(`diagnostics (warning/error): ${codeCounts(compared)}`);
const exitCode = listVerdicts(compared, { label: (r) => r.rel, jsonOut: opt('--json'), runs, omit: ['source', 'input'] });
if (args.includes('--keep')) log(`the inputs are kept in ${runDir}`);
else rmSync(runDir, { recursive: true, force: true });
process.exitCode = exitCode;
