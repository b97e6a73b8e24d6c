// What the conformance runners (scripts/test262.mjs, scripts/babel-exec.mjs) share: getting a pinned
// commit's files out of git, the built flatten(), and the verdicts (same / reported / SILENT / crash)
// with their summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The built project's flatten() (dist/), or exit 2 asking for a build. */
export async function builtFlatten(root) {
  const distIndex = path.join(root, 'dist/index.js');
  if (!existsSync(distIndex)) {
    console.error('Build first: npm run build');
    process.exit(2);
  }
  return (await import(pathToFileURL(distIndex).href)).flatten;
}

/** Run a command; throw with its stderr unless it exits 0. */
export function must(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { maxBuffer: 1 << 30, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r;
}

/**
 * Extract `paths` (or what `paths(gitDir)` lists) of `commit` into `dest`, from `gitDir` when given,
 * else from a bare repository under `cacheDir` that fetches just that commit from `url`.
 */
export function extractCommit({ commit, url, gitDir, cacheDir, dest, paths, log }) {
  if (!gitDir) {
    gitDir = path.join(cacheDir, 'git');
    if (!existsSync(gitDir)) must('git', ['init', '--bare', '-q', gitDir]);
    if (spawnSync('git', ['--git-dir', gitDir, 'cat-file', '-e', `${commit}^{commit}`]).status !== 0) {
      log(`fetching ${url} ${commit}`);
      must('git', ['--git-dir', gitDir, 'fetch', '-q', '--depth', '1', url, commit]);
    }
  }
  mkdirSync(dest, { recursive: true });
  const list = typeof paths === 'function' ? paths(gitDir) : paths;
  const archive = must('git', ['--git-dir', gitDir, 'archive', '--format=tar', commit, ...list]);
  must('tar', ['x', '-C', dest], { input: archive.stdout });
  return dest;
}

/**
 * Flatten every run's input at once (one flatten() call over `work/` of `runDir`, each run in its own
 * directory, so no run sees another), and index the result by the inputs' paths.
 */
export async function flattenAll(flatten, runDir, options, log) {
  log('flattening');
  const t0 = process.hrtime.bigint();
  let result;
  try {
    result = await flatten({ paths: ['work'], outDir: 'flat', cwd: runDir, jobs: 0, ...options });
  } catch (error) {
    log(`flatten() threw: every run is a crash\n${error.stack}`);
    result = { files: [], diagnostics: [], classes: [], crashed: String(error) };
  }
  log(`flattened in ${Number(process.hrtime.bigint() - t0) / 1e6 | 0} ms`);
  const byFile = (list) => {
    const map = new Map();
    for (const x of list) map.set(x.file, [...(map.get(x.file) ?? []), x]);
    return map;
  };
  const rel = (abs) => path.relative(runDir, abs).split(path.sep).join('/');
  return { result, files: new Map(result.files.map((f) => [rel(f.absPath), f])), diagnostics: byFile(result.diagnostics), classes: byFile(result.classes) };
}

/**
 * Compare one run whose original outcome is known (`run.original`, input at `run.inputRel`): sets
 * `selected` (a class extends a class of the same run), `refused`, `rewritten`, `reported` (warnings and
 * errors of its file), `flattened` (the mirror's outcome, from `runMirror(code)` when it was rewritten)
 * and the verdict: same, reported, SILENT or crash.
 */
export async function compareRun(run, flattened, runMirror) {
  const file = flattened.files.get(run.inputRel);
  const diags = flattened.diagnostics.get(run.inputRel) ?? [];
  run.reported = diags.filter((d) => d.severity !== 'info');
  const extendsLocal = (flattened.classes.get(run.inputRel) ?? []).filter((c) => c.mro.length >= (c.external ? 3 : 2));
  run.selected = extendsLocal.length > 0;
  run.refused = extendsLocal.some((c) => !c.flattened) && diags.some((d) => d.severity === 'error');
  run.rewritten = file?.status === 'rewritten';
  if (flattened.result.crashed || !file) {
    run.verdict = 'crash';
    run.flattened = flattened.result.crashed ?? 'no file in the result';
    return;
  }
  run.flattened = run.rewritten ? await runMirror(file.code) : run.original;
  if (run.flattened === run.original) run.verdict = 'same';
  else if (run.flattened.startsWith('parse ') && !run.original.startsWith('parse ')) run.verdict = 'crash';
  else run.verdict = run.reported.length ? 'reported' : 'SILENT';
}

/**
 * Print the counts of the compared runs, selected (a class extends a class of the same run) and not;
 * `unit` names a run ('runs', 'tests'), `of` adds to the selected count (" of 276 tests").
 */
export function printTallies(compared, unit, of = (sel) => '') {
  const sel = compared.filter((r) => r.selected);
  const a = tally(sel);
  const b = tally(compared.filter((r) => !r.selected));
  console.log(`selected (a class extends a class of the same test): ${a.runs} ${unit}${of(sel)}, ${a.rewritten} rewritten`);
  console.log(`  same ${a.same} (of which refused with a reported error: ${a.refused}), reported ${a.reported}, SILENT ${a.SILENT}, crash ${a.crash}`);
  console.log(`not selected: ${b.runs} ${unit}; same ${b.same}, reported ${b.reported}, SILENT ${b.SILENT}, crash ${b.crash}`);
}

/** Counts of a list of compared runs. */
function tally(list) {
  const c = { runs: list.length, same: 0, refused: 0, reported: 0, SILENT: 0, crash: 0, rewritten: 0 };
  for (const r of list) {
    c[r.verdict]++;
    if (r.verdict === 'same' && r.refused) c.refused++;
    if (r.rewritten) c.rewritten++;
  }
  return c;
}

/**
 * Print the runs with each verdict but 'same' (label(run) names one), write every run as JSON where
 * asked (without the fields `omit` names), and return the exit code: 1 if any run is SILENT or a crash.
 */
export function listVerdicts(compared, { label, jsonOut, runs, omit }) {
  for (const verdict of ['SILENT', 'crash', 'reported']) {
    const list = compared.filter((r) => r.verdict === verdict);
    if (!list.length) continue;
    console.log(`\n## ${verdict} (${list.length})`);
    for (const r of list) {
      console.log(`  ${label(r)}`);
      console.log(`      original:  ${r.original.slice(0, 200)}`);
      console.log(`      flattened: ${r.flattened.slice(0, 200)}`);
      if (verdict !== 'SILENT') console.log(`      report: ${r.reported.map((d) => d.code).join(', ')}`);
    }
  }
  if (jsonOut) {
    const keep = (r) => Object.fromEntries(Object.entries(r).filter(([k]) => !omit.includes(k)));
    writeFileSync(jsonOut, JSON.stringify(runs.map((r) => ({ ...keep(r), reported: r.reported?.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`) })), null, 1));
  }
  return compared.some((r) => r.verdict === 'SILENT' || r.verdict === 'crash') ? 1 : 0;
}

/** Diagnostic codes of the compared runs' warnings and errors, most frequent first. */
export function codeCounts(list) {
  const codes = {};
  for (const r of list) for (const d of r.reported ?? []) codes[d.code] = (codes[d.code] ?? 0) + 1;
  return Object.entries(codes).sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} ×${v}`).join(', ') || 'none';
}
