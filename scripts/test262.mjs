#!/usr/bin/env node
// Holds flatten-classes to its promise against test262, the ECMAScript conformance suite.
//
//   npm run build && node scripts/test262.mjs [--test262 <checkout>] [--git-dir <test262 git dir>]
//                                             [--filter <substring>] [--jobs <n>] [--json <file>] [--keep]
//
// Selects the test262 tests (test/language, test/built-ins) whose source mentions `extends`, and runs
// each as a one-file project in every mode its frontmatter asks for (`flags`: a default test runs
// sloppy and strict, onlyStrict strict, noStrict and raw sloppy, module as a module). For each run it
// flattens the test (the programmatic API in dist/, in-process: one flatten() call over all the
// runs, each test in its own directory, so no test sees another), then runs the original and the
// flattened test in fresh node:vm contexts with the harness files of `includes` (child processes, one
// test at a time, with time limits: scripts/test262-child.mjs) and compares the outcomes: pass, the
// error thrown (constructor name and message), the async test's $DONE.
//
// Script tests are written as `.cjs` (the tool parses those as scripts, so sloppy code parses as
// sloppy: noStrict tests are compared like the others), strict runs get a "use strict" directive
// first, module tests are written as `.mjs`.
//
// --filter keeps the tests whose path contains the substring; --json writes every run with its outcomes
// and verdict; --keep keeps the temporary directory of the inputs (its path is printed).
//
// Each run is classified:
//   skipped   a feature Node 20 lacks (FEATURES_NODE20_LACKS), or the original does not meet the test's
//             own expectation on this Node (pass, or the `negative` error), or a flag we cannot host;
//   same      same outcome (of these, "refused": a class extending a same-file class was left as it
//             was with a reported error);
//   reported  other outcome, and the report has a warning or error for the file;
//   SILENT    other outcome, and nothing reported: the worst bug this tool can have;
//   crash     flatten() threw, or the flattened test no longer parses.
// "Selected" runs are those where the tool found a class extending a class of the same test; the
// others are run too (nothing should change there) and counted apart.
//
// Sources: --test262 <dir> (a checkout holding test/ and harness/), else `git archive` of the pinned
// commit from --git-dir <dir> (or TEST262_GIT), else a shallow fetch from GitHub, into .cache/test262/.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChildPool } from './lib/child-pool.mjs';
import { builtFlatten, codeCounts, compareRun, extractCommit, flattenAll, listVerdicts, printTallies } from './lib/conformance.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.cache/test262');
const COMMIT = 'be13516fb6441b950ba8a3df97eb34062c186972';
const RUN_KILL_MS = 20_000;

/** Features (frontmatter `features`) that Node 20 does not have, or that the harness here cannot host. */
const FEATURES_NODE20_LACKS = new Set([
  'decorators', 'import-defer', 'source-phase-imports', 'Temporal', 'explicit-resource-management',
  'iterator-helpers', 'iterator-chunking', 'iterator-sequencing', 'joint-iteration', 'set-methods',
  'promise-with-resolvers', 'Array.fromAsync', 'regexp-modifiers', 'RegExp.escape', 'Math.sumPrecise',
  'upsert', 'json-modules', 'import-attributes', 'uint8array-base64', 'Float16Array', 'Error.isError',
  'Atomics.pause', 'canonical-tz', 'immutable-arraybuffer', 'nonextensible-applies-to-private',
  'await-dictionary', 'Intl.Locale-info', 'ShadowRealm', 'legacy-regexp', 'array-grouping', 'resizable-arraybuffer',
  'arraybuffer-transfer',
]);

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const log = (s) => process.stderr.write(`[test262] ${s}\n`);

/** A directory holding test262's test/ and harness/. */
function test262Dir() {
  const given = opt('--test262');
  if (given) return path.resolve(given);
  const dest = path.join(CACHE, `src-${COMMIT.slice(0, 12)}`);
  if (existsSync(path.join(dest, 'harness/assert.js'))) return dest;
  log(`extracting test262 ${COMMIT.slice(0, 12)} into ${path.relative(ROOT, dest)}`);
  return extractCommit({ commit: COMMIT, url: 'https://github.com/tc39/test262.git', gitDir: opt('--git-dir') ?? process.env.TEST262_GIT, cacheDir: CACHE, dest, paths: ['test/language', 'test/built-ins', 'harness'], log });
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (entry.name.endsWith('.js') && !entry.name.includes('_FIXTURE')) yield p;
  }
}

/** The YAML frontmatter between /*--- and ---*\/, the few keys a runner needs. */
function frontmatter(source) {
  const m = /\/\*---([\s\S]*?)---\*\//.exec(source);
  const meta = { includes: [], flags: [], features: [], negative: null };
  if (!m) return meta;
  const lines = m[1].split('\n');
  for (let i = 0; i < lines.length; i++) {
    const kv = /^(\w+):\s*(.*)$/.exec(lines[i]);
    if (!kv) continue;
    const [, key, rest] = kv;
    if (key === 'negative') {
      meta.negative = {};
      for (let j = i + 1; j < lines.length && /^\s+\w+:/.test(lines[j]); j++) {
        const [, k, v] = /^\s+(\w+):\s*(.*)$/.exec(lines[j]);
        meta.negative[k] = v.trim();
      }
      continue;
    }
    if (!['includes', 'flags', 'features'].includes(key)) continue;
    if (rest.trim().startsWith('[')) {
      meta[key] = rest.replace(/[[\]]/g, '').split(',').map((s) => s.trim()).filter(Boolean);
    } else {
      for (let j = i + 1; j < lines.length && /^\s*-\s/.test(lines[j]); j++) meta[key].push(lines[j].replace(/^\s*-\s*/, '').trim());
    }
  }
  return meta;
}

/** The modes a test runs in, after its flags. */
function modesOf(flags) {
  if (flags.includes('module')) return ['module'];
  if (flags.includes('raw')) return ['raw'];
  if (flags.includes('onlyStrict')) return ['strict'];
  if (flags.includes('noStrict')) return ['sloppy'];
  return ['sloppy', 'strict'];
}

/** What the test itself expects: "pass", "async-complete", or the negative error's prefix. */
function expectation(meta) {
  if (meta.negative) {
    const phase = meta.negative.phase === 'parse' ? 'parse' : meta.negative.phase === 'resolution' ? 'link' : 'throw';
    return `${phase} ${meta.negative.type}:`;
  }
  return meta.flags.includes('async') ? 'async-complete' : 'pass';
}

// ---------------------------------------------------------------------------------------------
// Main

const flatten = await builtFlatten(ROOT);
const t262 = test262Dir();
const harnessDir = path.join(t262, 'harness');
const filter = opt('--filter');
const jobs = Number(opt('--jobs') ?? Math.max(1, Math.min(4, os.availableParallelism())));

// 1. Which tests, which runs.
const runs = [];
const skipped = new Map();
const skip = (why) => skipped.set(why, (skipped.get(why) ?? 0) + 1);
for (const dir of ['test/language', 'test/built-ins']) {
  for (const file of walk(path.join(t262, dir))) {
    const rel = path.relative(t262, file).split(path.sep).join('/');
    if (filter && !rel.includes(filter)) continue;
    const source = readFileSync(file, 'utf8');
    if (!/\bextends\b/.test(source)) continue;
    const meta = frontmatter(source);
    for (const mode of modesOf(meta.flags)) {
      const run = { rel, mode, source, meta, id: runs.length };
      const lacking = meta.features.find((f) => FEATURES_NODE20_LACKS.has(f));
      if (lacking) run.skip = `feature ${lacking}`;
      else if (meta.flags.includes('CanBlockIsFalse') || meta.flags.includes('CanBlockIsTrue')) run.skip = 'flag CanBlock*';
      else if (meta.negative?.phase === 'resolution') run.skip = 'negative resolution phase';
      runs.push(run);
    }
  }
}
const tests = new Set(runs.map((r) => r.rel)).size;
log(`${tests} tests mention extends: ${runs.length} runs`);

// 2. Flatten them all at once, each in its own directory (work/<mode>/<test path>/).
// A fresh directory per run (removed at the end unless --keep): runs may not share one.
const runDir = mkdtempSync(path.join(os.tmpdir(), 'flatten-test262-'));
for (const run of runs) {
  if (run.skip) continue;
  const base = path.basename(run.rel, '.js');
  run.inputRel = `work/${run.mode}/${run.rel.replace(/\.js$/, '')}/${base}.${run.mode === 'module' ? 'mjs' : 'cjs'}`;
  run.input = run.mode === 'strict' ? `"use strict";\n${run.source}` : run.source;
  const abs = path.join(runDir, run.inputRel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, run.input);
}
const flattened = await flattenAll(flatten, runDir, {}, log);

// 3. Run original and flattened.
const pool = new ChildPool(path.join(ROOT, 'scripts/test262-child.mjs'), jobs, RUN_KILL_MS);
let done = 0;
const jobOf = (run, code, tag) => ({
  id: `${run.id}-${tag}`,
  code,
  file: path.join(t262, run.rel),
  module: run.mode === 'module',
  raw: run.mode === 'raw',
  async: run.meta.flags.includes('async'),
  includes: run.mode === 'raw' ? [] : ['assert.js', 'sta.js', ...(run.meta.flags.includes('async') ? ['doneprintHandle.js'] : []), ...run.meta.includes],
  harnessDir,
});
await Promise.all(
  runs.map(async (run) => {
    if (run.skip) return;
    run.original = await pool.run(jobOf(run, run.input, 'o'));
    const expected = expectation(run.meta);
    if (!run.original.startsWith(expected)) {
      run.skip = 'original fails on this Node';
      return;
    }
    await compareRun(run, flattened, (code) => pool.run(jobOf(run, code, 'f')));
    if (++done % 200 === 0) log(`${done} runs compared`);
  }),
);
pool.close();

// 4. Report.
for (const run of runs) if (run.skip) skip(run.skip);
const compared = runs.filter((r) => !r.skip);
const sel = compared.filter((r) => r.selected);
console.log(`test262 ${COMMIT.slice(0, 12)}: ${tests} tests mention \`extends\`, ${runs.length} runs (a default test runs sloppy and strict)`);
console.log(`skipped: ${runs.length - compared.length} runs (${[...skipped].map(([k, v]) => `${k}: ${v}`).join(', ')})`);
printTallies(compared, 'runs', (list) => ` of ${new Set(list.map((r) => r.rel)).size} tests`);
console.log(`diagnostics (warning/error) in selected runs: ${codeCounts(sel)}`);
const exitCode = listVerdicts(compared, { label: (r) => `${r.rel} [${r.mode}]`, jsonOut: opt('--json'), runs, omit: ['source', 'input', 'meta'] });
if (args.includes('--keep')) log(`the inputs are kept in ${runDir}`);
else rmSync(runDir, { recursive: true, force: true });
process.exitCode = exitCode;
