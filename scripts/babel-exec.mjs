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
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ChildPool } from './lib/child-pool.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.cache/babel-exec');
const COMMIT = '1da3cfa1a25503c7ecba7304f8738933e6d16dca';
const RUN_KILL_MS = 20_000;

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const log = (s) => process.stderr.write(`[babel-exec] ${s}\n`);

function must(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { maxBuffer: 1 << 30, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r;
}

/** A directory holding Babel's packages/ (at least their test fixtures). */
function babelDir() {
  const given = opt('--babel');
  if (given) return path.resolve(given);
  const dest = path.join(CACHE, `src-${COMMIT.slice(0, 12)}`);
  if (existsSync(path.join(dest, 'packages'))) return dest;
  let gitDir = opt('--git-dir') ?? process.env.BABEL_GIT;
  if (!gitDir) {
    gitDir = path.join(CACHE, 'git');
    if (!existsSync(gitDir)) must('git', ['init', '--bare', '-q', gitDir]);
    if (spawnSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${COMMIT}^{commit}`]).status !== 0) {
      log(`fetching babel/babel ${COMMIT} from GitHub`);
      must('git', ['--git-dir', gitDir, 'fetch', '-q', '--depth', '1', 'https://github.com/babel/babel.git', COMMIT]);
    }
  }
  log(`extracting Babel's exec fixtures at ${COMMIT.slice(0, 12)} into ${path.relative(ROOT, dest)}`);
  const files = must('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', COMMIT, 'packages']).stdout.toString().split('\n').filter((f) => /\/test\/fixtures\/.*\/exec\.m?js$/.test(f));
  mkdirSync(dest, { recursive: true });
  const archive = must('git', ['--git-dir', gitDir, 'archive', '--format=tar', COMMIT, ...files]);
  must('tar', ['x', '-C', dest], { input: archive.stdout });
  return dest;
}

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(p);
    else if (/^exec\.m?js$/.test(entry.name)) yield p;
  }
}

const distIndex = path.join(ROOT, 'dist/index.js');
if (!existsSync(distIndex)) {
  console.error('Build first: npm run build');
  process.exit(2);
}
const { flatten } = await import(pathToFileURL(distIndex).href);
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
log('flattening');
const t0 = process.hrtime.bigint();
let result;
try {
  result = await flatten({ paths: ['work'], outDir: 'flat', cwd: runDir, jobs: 0, preserveInstanceof: args.includes('--preserve-instanceof') });
} catch (error) {
  log(`flatten() threw: every test is a crash\n${error.stack}`);
  result = { files: [], diagnostics: [], classes: [], crashed: String(error) };
}
log(`flattened in ${Number(process.hrtime.bigint() - t0) / 1e6 | 0} ms`);
const fileByRel = new Map(result.files.map((f) => [path.relative(runDir, f.absPath).split(path.sep).join('/'), f]));
const diagsByRel = new Map();
for (const d of result.diagnostics) diagsByRel.set(d.file, [...(diagsByRel.get(d.file) ?? []), d]);
const classesByRel = new Map();
for (const c of result.classes) classesByRel.set(c.file, [...(classesByRel.get(c.file) ?? []), c]);

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
    const file = fileByRel.get(run.inputRel);
    const diags = diagsByRel.get(run.inputRel) ?? [];
    run.reported = diags.filter((d) => d.severity !== 'info');
    const classes = classesByRel.get(run.inputRel) ?? [];
    const extendsLocal = classes.filter((c) => c.mro.length >= (c.external ? 3 : 2));
    run.selected = extendsLocal.length > 0;
    run.refused = extendsLocal.some((c) => !c.flattened) && diags.some((d) => d.severity === 'error');
    run.rewritten = file?.status === 'rewritten';
    if (result.crashed || !file) {
      run.verdict = 'crash';
      run.flattened = result.crashed ?? 'no file in the result';
    } else {
      run.flattened = run.rewritten ? await pool.run(jobOf(run, file.code, 'f')) : run.original;
      if (run.flattened === run.original) run.verdict = 'same';
      else if (run.flattened.startsWith('parse ')) run.verdict = 'crash';
      else run.verdict = run.reported.length ? 'reported' : 'SILENT';
    }
  }),
);
pool.close();

// 4. Report.
const skipped = new Map();
for (const run of runs) if (run.skip) skipped.set(run.skip, (skipped.get(run.skip) ?? 0) + 1);
const compared = runs.filter((r) => !r.skip);
const tally = (list) => {
  const c = { tests: list.length, same: 0, refused: 0, reported: 0, SILENT: 0, crash: 0, rewritten: 0 };
  for (const r of list) {
    c[r.verdict]++;
    if (r.verdict === 'same' && r.refused) c.refused++;
    if (r.rewritten) c.rewritten++;
  }
  return c;
};
const a = tally(compared.filter((r) => r.selected));
const b = tally(compared.filter((r) => !r.selected));
console.log(`Babel ${COMMIT.slice(0, 12)}: ${runs.length} exec fixtures mention \`extends\``);
console.log(`skipped: ${runs.length - compared.length} (${[...skipped].map(([k, v]) => `${k}: ${v}`).join(', ') || 'none'})`);
console.log(`selected (a class extends a class of the same test): ${a.tests} tests, ${a.rewritten} rewritten`);
console.log(`  same ${a.same} (of which refused with a reported error: ${a.refused}), reported ${a.reported}, SILENT ${a.SILENT}, crash ${a.crash}`);
console.log(`not selected: ${b.tests} tests; same ${b.same}, reported ${b.reported}, SILENT ${b.SILENT}, crash ${b.crash}`);
const codes = {};
for (const r of compared) for (const d of r.reported ?? []) codes[d.code] = (codes[d.code] ?? 0) + 1;
console.log(`diagnostics (warning/error): ${Object.entries(codes).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none'}`);
for (const verdict of ['SILENT', 'crash', 'reported']) {
  const list = compared.filter((r) => r.verdict === verdict);
  if (!list.length) continue;
  console.log(`\n## ${verdict} (${list.length})`);
  for (const r of list) {
    console.log(`  ${r.rel}`);
    console.log(`      original:  ${r.original.slice(0, 200)}`);
    console.log(`      flattened: ${r.flattened.slice(0, 200)}`);
    if (verdict !== 'SILENT') console.log(`      report: ${r.reported.map((d) => d.code).join(', ')}`);
  }
}
const jsonOut = opt('--json');
if (jsonOut) {
  writeFileSync(jsonOut, JSON.stringify(runs.map(({ source, input, ...r }) => ({ ...r, reported: r.reported?.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`) })), null, 1));
}
if (args.includes('--keep')) log(`the inputs are kept in ${runDir}`);
else rmSync(runDir, { recursive: true, force: true });
process.exitCode = a.SILENT + a.crash + b.SILENT + b.crash > 0 ? 1 : 0;
