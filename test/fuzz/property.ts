// The differential property, and the machinery to check many programs fast.
//
// For every generated program: write it to disk, flatten it (the in-memory `flatten()` API, then
// `writeMirror`), parse every rewritten file with @babel/parser, and run the original and the flattened
// entry with node. The verdict:
//   same       — no warning/error diagnostic and the traces are identical;
//   reported   — a warning or error diagnostic was given (the traces may differ: that is the promise);
//   diverged   — no warning/error, yet the traces differ (or the flattened program failed to load)  → BUG;
//   unparsable — a rewritten file does not parse                                                    → BUG;
//   crashed    — flatten() or writeMirror threw                                                     → BUG;
//   invalid    — the ORIGINAL program failed (a bug in the generator, not in the tool)              → BUG here.
//
// Speed: programs are checked in chunks. All programs of a chunk are written into one temp dir, then
// flattened in this process while a pool of child processes (runner.mjs) runs batches of entries, each
// batch in one node process. A divergence is confirmed in fresh processes (one node per entry) before
// it is reported. Counterexamples are shrunk by fast-check (same seed, `path` of the failing run),
// checking one program at a time, and printed as a ready-to-paste vitest regression test.

import { fork, execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@babel/parser';
import fc from 'fast-check';
import { flatten } from '../../src/index.js';
import { writeMirror } from '../../src/emit/mirror.js';
import type { Diagnostic, FileResult, FlattenOptions, FlattenResult } from '../../src/types.js';
import { describeModel, programArb, renderProgram, type GenConfig, type ProgramModel } from './generate.js';

const RUNNER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'runner.mjs');

export type Verdict = 'same' | 'reported' | 'diverged' | 'unparsable' | 'crashed' | 'invalid';
export const FAILURES: ReadonlySet<Verdict> = new Set<Verdict>(['diverged', 'unparsable', 'crashed', 'invalid']);

export interface RunResult {
  stdout: string;
  stderr: string;
  /** What escaped the program (uncaught error, failed import, timeout), or null. */
  error: string | null;
}

export interface Checked {
  model: ProgramModel;
  files: Record<string, string>;
  verdict: Verdict;
  /** Human-readable explanation for every verdict but `same`. */
  reason: string;
  /** Warning and error diagnostics (flatten and mirror). */
  reported: Diagnostic[];
  /** All diagnostics, for statistics. */
  diagnostics: Diagnostic[];
  /** Classes extending a project class, and how many of them were flattened. */
  derived: number;
  flattened: number;
  /** Rewritten mirror files by outRelPath. */
  rewritten: Record<string, string>;
  original: RunResult | null;
  flat: RunResult | null;
  /** True when the traces differ (whatever the verdict). */
  tracesDiffer: boolean;
}

export interface CheckOptions {
  /** Child processes running programs at the same time. Default: 2. */
  concurrency?: number;
  /** Programs per child process. Default: 8. */
  programsPerProcess?: number;
  /** Keep the temp dirs (default: only those of failures are kept). */
  keep?: boolean;
  /** More options for flatten() (e.g. `{ preserveInstanceof: true }`: the variant run checks its answers). */
  flattenOptions?: Partial<FlattenOptions>;
}

// ---------------------------------------------------------------------------------------------
// Running entries in child processes

const childEnv = (): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_NO_WARNINGS: '1' };
  delete env.NODE_OPTIONS;
  delete env.FORCE_COLOR;
  return env;
};

class Semaphore {
  private waiting: Array<() => void> = [];
  constructor(private free: number) {}
  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/** Runs entries in one child process (several in sequence); a hang or crash costs only the entry it happened in. */
function runBatch(entries: string[]): Promise<Map<string, RunResult>> {
  const results = new Map<string, RunResult>();
  if (entries.length === 0) return Promise.resolve(results);
  return new Promise((resolve) => {
    const child = fork(RUNNER, entries, { execArgv: [], env: childEnv(), stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'json' });
    let leaked = '';
    child.stdout!.on('data', (d) => (leaked += d));
    child.stderr!.on('data', (d) => (leaked += d));
    child.on('message', (m: { entry: string; stdout: string; stderr: string; error: string | null }) => {
      results.set(m.entry, { stdout: m.stdout, stderr: m.stderr, error: m.error });
    });
    const limitMs = 10_000 + 500 * entries.length;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('exit', async (code, signal) => {
      clearTimeout(timer);
      const missing = entries.filter((e) => !results.has(e));
      if (missing.length) {
        // The first missing entry is the one that was running: it hung or killed the process.
        const why = timedOut ? `timeout after ${limitMs} ms` : `runner exited (${signal ?? code}) ${leaked.slice(0, 500)}`;
        results.set(missing[0], { stdout: '', stderr: leaked, error: why });
        const rest = await runBatch(missing.slice(1));
        for (const [k, v] of rest) results.set(k, v);
      }
      resolve(results);
    });
  });
}

/** One entry in its own node process: the reference the batched runs are confirmed against. */
export function runAlone(entry: string): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [entry], { cwd: path.dirname(entry), env: childEnv(), timeout: 20_000, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr, error: null });
      const firstLine = stderr.split('\n').find((l) => /^\w*Error\b/.test(l)) ?? (error as Error).message.split('\n')[0];
      resolve({ stdout, stderr, error: firstLine });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Checking programs

interface Prepared {
  model: ProgramModel;
  files: Record<string, string>;
  dir: string;
  originalEntry: string;
  flatEntry: string | null;
  result: FlattenResult | null;
  mirrorDiagnostics: Diagnostic[];
  crash: string | null;
  parseErrors: string[];
  rewritten: Record<string, string>;
}

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}

async function prepare(model: ProgramModel, dir: string, flattenOptions: Partial<FlattenOptions> = {}): Promise<Prepared> {
  const files = renderProgram(model);
  await writeFiles(dir, files);
  const originalEntry = path.join(dir, 'src', 'main.js');
  const p: Prepared = { model, files, dir, originalEntry, flatEntry: null, result: null, mirrorDiagnostics: [], crash: null, parseErrors: [], rewritten: {} };
  try {
    const outDir = path.join(dir, 'flat');
    // The claim the CLI's mirror offload rests on (src/session-settled.ts): a file told to be a copy
    // while the run goes on is a copy in its result.
    const settled: FileResult[] = [];
    const result = await flatten({ paths: ['src'], outDir: 'flat', cwd: dir, ...flattenOptions }, { onSettled: (files) => settled.push(...files) });
    const wrong = settled.filter((f) => f.status === 'rewritten' || f.map !== undefined || !result.files.includes(f));
    if (wrong.length > 0) throw new Error(`told as copies, but not copies in the result: ${wrong.map((f) => f.outRelPath).join(', ')}`);
    p.result = result;
    const written = await writeMirror(outDir, result.files);
    p.mirrorDiagnostics = written.diagnostics;
    const main = result.files.find((f) => path.resolve(f.absPath) === originalEntry);
    p.flatEntry = main ? path.join(outDir, main.outRelPath) : null;
    if (!main) p.crash = 'src/main.js is missing from the mirror';
    for (const f of result.files) {
      if (f.status !== 'rewritten' || f.code === undefined) continue;
      p.rewritten[f.outRelPath] = f.code;
      try {
        parse(f.code, { sourceType: model.cjs ? 'script' : 'module', errorRecovery: false });
      } catch (e) {
        p.parseErrors.push(`${f.outRelPath}: ${(e as Error).message}`);
      }
    }
  } catch (e) {
    p.crash = `flatten threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;
  }
  return p;
}

const sameRun = (a: RunResult, b: RunResult) => a.stdout === b.stdout && (a.error === null) === (b.error === null);

function judge(p: Prepared, original: RunResult | null, flat: RunResult | null): Checked {
  const diagnostics = [...(p.result?.diagnostics ?? []), ...p.mirrorDiagnostics];
  const reported = diagnostics.filter((d) => d.severity === 'warning' || d.severity === 'error');
  const classes = p.result?.classes ?? [];
  const derived = classes.filter((c) => c.mro.length - (c.external ? 1 : 0) > 1);
  const base = {
    model: p.model,
    files: p.files,
    reported,
    diagnostics,
    derived: derived.length,
    flattened: derived.filter((c) => c.flattened).length,
    rewritten: p.rewritten,
    original,
    flat,
    tracesDiffer: !!original && !!flat && !sameRun(original, flat),
  };
  if (!original || original.error !== null || original.stderr !== '') {
    return { ...base, verdict: 'invalid', reason: `the original program failed: ${original?.error ?? original?.stderr ?? 'not run'}` };
  }
  if (p.crash) return { ...base, verdict: 'crashed', reason: p.crash };
  if (p.parseErrors.length) return { ...base, verdict: 'unparsable', reason: `rewritten files do not parse:\n${p.parseErrors.join('\n')}` };
  if (reported.length) {
    return { ...base, verdict: 'reported', reason: reported.map((d) => `${d.severity} ${d.category}/${d.code}`).join(', ') };
  }
  if (!flat || base.tracesDiffer) {
    return { ...base, verdict: 'diverged', reason: `no warning or error, but the flattened program behaves differently${flat?.error ? ` (it failed: ${flat.error})` : ''}` };
  }
  return { ...base, verdict: 'same', reason: '' };
}

/**
 * Checks programs: everything is written below one temp dir, flattened here, and run in batches by a
 * pool of child processes while the next programs are being flattened.
 */
export async function checkPrograms(models: ProgramModel[], opts: CheckOptions = {}): Promise<Checked[]> {
  const concurrency = Math.max(1, opts.concurrency ?? 2);
  const perProcess = Math.max(1, opts.programsPerProcess ?? 8);
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), 'flatten-fuzz-')));
  const pool = new Semaphore(concurrency);
  const prepared: Prepared[] = [];
  const runs: Array<Promise<Map<string, RunResult>>> = [];
  let pending: Prepared[] = [];
  const launch = () => {
    const batch = pending;
    pending = [];
    const entries = batch.flatMap((p) => [p.originalEntry, ...(p.flatEntry ? [p.flatEntry] : [])]);
    runs.push(pool.use(() => runBatch(entries)));
  };
  for (let i = 0; i < models.length; i++) {
    const p = await prepare(models[i], path.join(root, `p${i}`), opts.flattenOptions);
    prepared.push(p);
    pending.push(p);
    if (pending.length >= perProcess) launch();
  }
  if (pending.length) launch();
  const results = new Map<string, RunResult>();
  for (const r of await Promise.all(runs)) for (const [k, v] of r) results.set(k, v);

  const out: Checked[] = [];
  for (const p of prepared) {
    let c = judge(p, results.get(p.originalEntry) ?? null, p.flatEntry ? (results.get(p.flatEntry) ?? null) : null);
    if (c.verdict === 'diverged' || c.verdict === 'invalid') {
      // Confirm in fresh processes, one per entry, so batching can never be the cause.
      const [o, f] = await Promise.all([runAlone(p.originalEntry), p.flatEntry ? runAlone(p.flatEntry) : Promise.resolve(null)]);
      const again = judge(p, o, f);
      if (again.verdict !== c.verdict) {
        again.reason = `${again.reason} (the batched run said ${c.verdict}: ${c.reason} — a runner fidelity problem)`;
      }
      c = again;
    }
    out.push(c);
  }
  const keepAll = opts.keep ?? false;
  if (!keepAll) {
    await Promise.all(
      prepared.map((p, i) => (FAILURES.has(out[i].verdict) ? Promise.resolve() : rm(p.dir, { recursive: true, force: true }))),
    );
    if (!out.some((c) => FAILURES.has(c.verdict))) await rm(root, { recursive: true, force: true });
  }
  for (let i = 0; i < out.length; i++) if (FAILURES.has(out[i].verdict)) out[i].reason += `\n(project kept at ${prepared[i].dir})`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Fuzzing: chunks of seeded programs, then shrinking of the first failure

export interface Stats {
  programs: number;
  verdicts: Record<Verdict, number>;
  /** Classes extending a project class, and how many were flattened. */
  derived: number;
  flattened: number;
  /** Programs with at least one flattened class and no warning/error (the ones the property says something about). */
  checkedWithFlattening: number;
  /** Programs whose traces differ but which were reported (the report was needed). */
  reportedAndDiffer: number;
  /** Warning/error diagnostic codes, how many programs had each. */
  codes: Record<string, number>;
  classes: number;
  maxDepthSeen: number;
  cjsPrograms: number;
  /** Time spent checking programs (shrinking not included). */
  elapsedMs: number;
}

export interface Failure {
  /** `--seed S --runs N` regenerates the chunk; `path` is the failing run inside it, then its shrinks. */
  seed: number;
  runs: number;
  path: string;
  numShrinks: number;
  checked: Checked;
  regression: string;
}

export interface FuzzOptions extends CheckOptions {
  seed: number;
  runs: number;
  /** Programs generated per fast-check sample (seed + k for chunk k). Default: min(runs, 500). */
  chunk?: number;
  config?: GenConfig;
  /** Called after every chunk. */
  onProgress?: (stats: Stats) => void;
  /** Time allowed for shrinking one counterexample. Default: 3 minutes. */
  shrinkMs?: number;
}

export function emptyStats(): Stats {
  return {
    programs: 0,
    verdicts: { same: 0, reported: 0, diverged: 0, unparsable: 0, crashed: 0, invalid: 0 },
    derived: 0,
    flattened: 0,
    checkedWithFlattening: 0,
    reportedAndDiffer: 0,
    codes: {},
    classes: 0,
    maxDepthSeen: 0,
    cjsPrograms: 0,
    elapsedMs: 0,
  };
}

function addStats(s: Stats, c: Checked): void {
  s.programs++;
  s.verdicts[c.verdict]++;
  s.derived += c.derived;
  s.flattened += c.flattened;
  if (c.verdict === 'same' && c.flattened > 0) s.checkedWithFlattening++;
  if (c.verdict === 'reported' && c.tracesDiffer) s.reportedAndDiffer++;
  for (const code of new Set(c.reported.map((d) => `${d.severity}:${d.category}/${d.code}`))) s.codes[code] = (s.codes[code] ?? 0) + 1;
  const d = describeModel(c.model);
  s.classes += d.classes;
  s.maxDepthSeen = Math.max(s.maxDepthSeen, d.maxDepth);
  if (d.cjs) s.cjsPrograms++;
}

export function formatStats(s: Stats): string {
  const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
  const rate = s.elapsedMs ? (s.programs / (s.elapsedMs / 1000)).toFixed(1) : '?';
  const v = s.verdicts;
  const codes = Object.entries(s.codes)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, n]) => `    ${String(n).padStart(6)}  ${k}`)
    .join('\n');
  return [
    `programs ${s.programs} in ${(s.elapsedMs / 1000).toFixed(1)} s (${rate} programs/s); ${s.cjsPrograms} CommonJS; ${s.classes} classes, max depth ${s.maxDepthSeen}`,
    `verdicts: same ${v.same}, reported ${v.reported} (traces differed in ${s.reportedAndDiffer}), diverged ${v.diverged}, unparsable ${v.unparsable}, crashed ${v.crashed}, invalid ${v.invalid}`,
    `flattened ${s.flattened} of ${s.derived} classes that extend a project class (${pct(s.flattened, s.derived)}); ` +
      `${s.checkedWithFlattening} programs (${pct(s.checkedWithFlattening, s.programs)}) flattened something and were compared with no warning`,
    codes ? `warning/error codes (programs):\n${codes}` : 'warning/error codes: none',
  ].join('\n');
}

/** The property for one program, with shrinking kept to the kind of failure first seen. */
async function shrink(seed: number, runs: number, index: number, first: Checked, config: GenConfig | undefined, opts: CheckOptions, shrinkMs: number) {
  const deadline = Date.now() + shrinkMs;
  let best = first;
  const prop = fc.asyncProperty(programArb(config), async (model) => {
    if (Date.now() > deadline) return true; // out of time: accept the rest, keep the best so far
    const [c] = await checkPrograms([model], { ...opts, concurrency: 1 });
    if (c.verdict === first.verdict) {
      best = c;
      return false;
    }
    return true;
  });
  const details = await fc.check(prop, { seed, numRuns: runs, path: String(index), endOnFailure: false });
  return { best, path: details.counterexamplePath ?? String(index), numShrinks: details.numShrinks };
}

export async function fuzz(opts: FuzzOptions): Promise<{ stats: Stats; failure: Failure | null }> {
  const started = performance.now();
  const stats = emptyStats();
  const chunk = Math.max(1, opts.chunk ?? Math.min(opts.runs, 500));
  const arb = programArb(opts.config);
  for (let k = 0; stats.programs < opts.runs; k++) {
    const n = Math.min(chunk, opts.runs - stats.programs);
    const seed = opts.seed + k;
    const models = fc.sample(arb, { seed, numRuns: n });
    const checked = await checkPrograms(models, opts);
    const failing = checked.findIndex((c) => FAILURES.has(c.verdict));
    for (const c of checked) addStats(stats, c);
    stats.elapsedMs = performance.now() - started;
    opts.onProgress?.(stats);
    if (failing >= 0) {
      const shrunk = await shrink(seed, n, failing, checked[failing], opts.config, opts, opts.shrinkMs ?? 180_000);
      const failure: Failure = {
        seed,
        runs: n,
        path: shrunk.path,
        numShrinks: shrunk.numShrinks,
        checked: shrunk.best,
        regression: regressionTest(shrunk.best, `fuzz seed ${seed} runs ${n} path ${shrunk.path}`, opts.flattenOptions),
      };
      return { stats, failure };
    }
  }
  return { stats, failure: null };
}

// ---------------------------------------------------------------------------------------------
// Reporting a counterexample

const templateLiteral = (s: string) => '`' + s.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';

/** A ready-to-paste vitest test (for test/equivalence/regressions.test.ts) reproducing the failure. */
export function regressionTest(c: Checked, origin: string, flattenOptions?: Partial<FlattenOptions>): string {
  const entries = Object.entries(c.files).map(([k, v]) => `      ${JSON.stringify(k)}: ${templateLiteral(v)},`);
  return [
    `  // ${origin}: ${c.verdict} — ${c.reason.split('\n')[0]}`,
    `  it('fuzz: ${c.verdict} (${origin})', async () => {`,
    `    await expectEquivalent({`,
    ...entries,
    flattenOptions && Object.keys(flattenOptions).length ? `    }, { flattenOptions: ${JSON.stringify(flattenOptions)} });` : `    });`,
    `  });`,
  ].join('\n');
}

/** The failure in full: verdict, diagnostics, the first differing lines, the rewritten files, the test. */
export function describeFailure(f: Failure): string {
  const c = f.checked;
  const diff = firstDifference(c.original?.stdout ?? '', c.flat?.stdout ?? '');
  const rewritten = Object.entries(c.rewritten)
    .map(([k, v]) => `--- flat/${k}\n${v}`)
    .join('\n');
  return [
    `COUNTEREXAMPLE (${c.verdict}) after ${f.numShrinks} shrinks — reproduce: npm run fuzz -- --seed ${f.seed} --runs ${f.runs} (path ${f.path})`,
    c.reason,
    diff ? `first difference:\n${diff}` : '',
    c.original ? `original error: ${c.original.error ?? 'none'}; flattened error: ${c.flat?.error ?? 'none'}` : '',
    c.diagnostics.length ? `diagnostics:\n${c.diagnostics.map((d) => `  ${d.severity} ${d.category}/${d.code} ${d.file}:${d.line} ${d.message}`).join('\n')}` : 'diagnostics: none',
    rewritten ? `rewritten files:\n${rewritten}` : '',
    `regression test:\n${f.regression}`,
  ]
    .filter(Boolean)
    .join('\n');
}

export function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `  line ${i + 1}\n  original : ${la[i] ?? '<end>'}\n  flattened: ${lb[i] ?? '<end>'}`;
  }
  return '';
}
