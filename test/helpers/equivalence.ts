// Execution-equivalence harness.
//
// A fixture is a small project given as `{ 'relative/path': 'content' }`. The harness writes it into a
// fresh temp directory, runs its entry with node, flattens `src/` into `flat/`, writes the mirror, runs
// the same entry inside the mirror, and hands both outputs back. Flattening must not change what the
// program prints.
//
// Environment switches:
// - EQUIVALENCE_ORIGINALS_ONLY=1  run only the original programs (no flattening). Use it to check that
//   the fixtures themselves are right, even before the core exists:
//     EQUIVALENCE_ORIGINALS_ONLY=1 npx vitest run test/equivalence test/samples.test.ts
// - EQUIVALENCE_KEEP=1             keep every temp project (by default only failing ones are kept).
// - EQUIVALENCE_SHOW=1             print each original program's output (to eyeball the fixtures).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import type { Category, ClassReport, Diagnostic, FileResult, FlattenOptions, FlattenResult } from '../../src/types.js';

export interface RunOutput {
  stdout: string;
  stderr: string;
  /** Exit code; null when the process was killed (timeout or signal; stderr then says so). */
  code: number | null;
}

export interface RunOptions {
  /** Entry to run, relative to the project dir. Default: src/main.js, else src/main.ts (else another src/main.*). */
  entry?: string;
  /** Merged over `{ paths: ['src'], outDir: 'flat', cwd: <temp dir> }`. */
  flattenOptions?: Partial<FlattenOptions>;
}

export interface BothWays {
  original: RunOutput;
  flattened: RunOutput;
  result: FlattenResult;
  /** Absolute path of the mirror directory. */
  outDir: string;
  /** Mirror content keyed by `outRelPath` (rewritten files: `code`; copies: read back from disk). */
  mirror: Record<string, string>;
  /** Absolute path of the temp project. */
  projectDir: string;
  /** Diagnostics writeMirror returned (failed writes), if any. */
  mirrorDiagnostics: Diagnostic[];
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX_LOADER = pathToFileURL(createRequire(path.join(REPO_ROOT, 'package.json')).resolve('tsx')).href;
const RUN_TIMEOUT_MS = 10_000;
const TS_ENTRY = /\.(?:ts|mts|cts|tsx)$/;

export const ORIGINALS_ONLY = process.env.EQUIVALENCE_ORIGINALS_ONLY === '1';
const KEEP = process.env.EQUIVALENCE_KEEP === '1';
const SHOW = process.env.EQUIVALENCE_SHOW === '1';

// ---------------------------------------------------------------------------------------------
// Running programs

/** Runs `entryAbs` with node (through tsx for TypeScript entries) and collects its output. */
export function runNode(entryAbs: string, cwd: string): Promise<RunOutput> {
  const args = TS_ENTRY.test(entryAbs) ? ['--import', TSX_LOADER, entryAbs] : [entryAbs];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', NODE_NO_WARNINGS: '1' };
  delete env.FORCE_COLOR;
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd, env, timeout: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ stdout, stderr, code: 0 });
        const e = error as NodeJS.ErrnoException & { code?: number | string; killed?: boolean; signal?: string | null };
        if (typeof e.code === 'number') return resolve({ stdout, stderr, code: e.code });
        const why = e.killed || e.signal ? `killed (${e.signal ?? 'timeout'}) after ${RUN_TIMEOUT_MS} ms limit` : e.message;
        resolve({ stdout, stderr: `${stderr}\n[equivalence harness] ${why}`, code: null });
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Writing fixtures

function pickEntry(files: Record<string, string>, entry?: string): string {
  if (entry) return entry;
  for (const ext of ['js', 'ts', 'mjs', 'mts', 'cjs', 'cts', 'tsx']) {
    if (`src/main.${ext}` in files) return `src/main.${ext}`;
  }
  return 'src/main.js';
}

/** Writes a fixture into a fresh temp dir; adds an ESM package.json unless the fixture brings one. */
export async function writeProject(files: Record<string, string>): Promise<string> {
  // realpath: the tool may canonicalise paths, and os.tmpdir() can be a symlink (macOS).
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'flatten-eq-')));
  const all: Record<string, string> = { ...files };
  if (!('package.json' in all)) {
    all['package.json'] = JSON.stringify({ name: 'fixture', private: true, type: 'module' }, null, 2) + '\n';
  }
  for (const [rel, content] of Object.entries(all)) {
    if (path.isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) {
      throw new Error(`fixture path must be relative and stay inside the project: ${rel}`);
    }
    const abs = path.join(dir, rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
  return dir;
}

async function loadCore(): Promise<{
  flatten: (options: FlattenOptions, hooks?: { onSettled?: (files: FileResult[]) => void }) => Promise<FlattenResult>;
  writeMirror: (outDirAbs: string, files: FileResult[]) => Promise<{ diagnostics?: Diagnostic[] } | void>;
}> {
  const [index, mirror] = await Promise.all([import('../../src/index.js'), import('../../src/emit/mirror.js')]);
  return { flatten: index.flatten, writeMirror: mirror.writeMirror };
}

const toPosix = (p: string) => p.split(path.sep).join('/');

// ---------------------------------------------------------------------------------------------
// The harness

/** Runs the original program only (used by the originals-only mode and for fixture checks). */
export async function runOriginal(
  files: Record<string, string>,
  opts: RunOptions = {},
): Promise<{ original: RunOutput; projectDir: string; entry: string }> {
  const projectDir = await writeProject(files);
  const entry = pickEntry(files, opts.entry);
  const original = await runNode(path.join(projectDir, entry), projectDir);
  return { original, projectDir, entry };
}

export async function runBothWays(files: Record<string, string>, opts: RunOptions = {}): Promise<BothWays> {
  const projectDir = await writeProject(files);
  const entry = pickEntry(files, opts.entry);
  const entryAbs = path.join(projectDir, entry);

  // The original run and the flatten+mirror+flattened run proceed concurrently.
  const originalP = runNode(entryAbs, projectDir);
  const flattenedP = (async () => {
    const { flatten, writeMirror } = await loadCore();
    const options: FlattenOptions = { paths: ['src'], outDir: 'flat', cwd: projectDir, ...opts.flattenOptions };
    // Every program checks the claim the CLI's mirror offload rests on (src/session-settled.ts): a file
    // told to be a copy while the run goes on is a copy in its result.
    const settled: FileResult[] = [];
    const result = await flatten(options, { onSettled: (files) => settled.push(...files) });
    const wrong = settled.filter((f) => f.status === 'rewritten' || f.map !== undefined || !result.files.includes(f));
    if (wrong.length > 0) throw new Error(`told as copies, but not copies in the result: ${wrong.map((f) => f.outRelPath).join(', ')}`);
    const outDir = path.resolve(projectDir, options.outDir ?? 'flat');
    const written = await writeMirror(outDir, result.files);
    const mirrorDiagnostics = (written && Array.isArray(written.diagnostics) ? written.diagnostics : []) as Diagnostic[];

    // Where does the entry live in the mirror? The mirror keeps the relative layout below some root.
    const entryFile = result.files.find((f) => path.resolve(f.absPath) === entryAbs);
    const flatEntry = entryFile ? path.join(outDir, entryFile.outRelPath) : path.join(outDir, entry);

    // package.json files decide module kinds; if the mirror did not take one along, place it so the
    // mirror runs with the same module system as the original.
    if (entryFile) {
      const suffix = entryFile.outRelPath.split('/').join(path.sep);
      const inputRoot = entryAbs.endsWith(suffix) ? entryAbs.slice(0, entryAbs.length - suffix.length) : null;
      if (inputRoot) {
        for (const [rel, content] of Object.entries(files)) {
          if (path.basename(rel) !== 'package.json') continue;
          const abs = path.join(projectDir, rel);
          if (!abs.startsWith(inputRoot)) continue;
          const target = path.join(outDir, path.relative(inputRoot, abs));
          if (!existsSync(target)) {
            await mkdir(path.dirname(target), { recursive: true });
            await writeFile(target, content);
          }
        }
      }
    }

    const mirror: Record<string, string> = {};
    for (const f of result.files) {
      mirror[f.outRelPath] =
        f.status === 'rewritten' && f.code !== undefined
          ? f.code
          : await readFile(path.join(outDir, f.outRelPath), 'utf8').catch(() => '<missing from mirror>');
    }
    const flattened = await runNode(flatEntry, outDir);
    return { result, outDir, mirror, flattened, mirrorDiagnostics };
  })();

  try {
    const [original, rest] = await Promise.all([originalP, flattenedP]);
    return { original, projectDir, ...rest };
  } catch (error) {
    // The core threw (or is missing): no mirror to look at. Keep the project only when asked to.
    await originalP;
    if (KEEP && error instanceof Error) error.message += `\n(fixture project kept at ${projectDir})`;
    await cleanup(projectDir);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Assertions

const projectDepth = (c: ClassReport) => c.mro.length - (c.external ? 1 : 0);
const fmtDiag = (d: Diagnostic) => `  ${d.severity} ${d.category}/${d.code} ${d.file}:${d.line}:${d.column} ${d.message}`;
const fmtClass = (c: ClassReport) =>
  `  ${c.name} (${c.file}:${c.line}) mro=[${c.mro.join(' -> ')}] external=${c.external} flattened=${c.flattened}`;

function indent(text: string, by = '    '): string {
  return text.replace(/^/gm, by);
}

function describeRun(r: BothWays): string {
  const rewritten = r.result.files
    .filter((f) => f.status === 'rewritten')
    .map((f) => `  --- ${f.outRelPath}\n${indent(r.mirror[f.outRelPath] ?? '')}`)
    .join('\n');
  return [
    `project: ${r.projectDir}${KEEP ? '' : ' (kept because the test failed)'}`,
    `original (exit ${r.original.code}):\n${indent(r.original.stdout)}${r.original.stderr ? `\n  stderr:\n${indent(r.original.stderr)}` : ''}`,
    `flattened (exit ${r.flattened.code}):\n${indent(r.flattened.stdout)}${r.flattened.stderr ? `\n  stderr:\n${indent(r.flattened.stderr)}` : ''}`,
    `diagnostics:\n${[...r.result.diagnostics, ...r.mirrorDiagnostics].map(fmtDiag).join('\n') || '  (none)'}`,
    `classes:\n${r.result.classes.map(fmtClass).join('\n') || '  (none)'}`,
    `rewritten files:\n${rewritten || '  (none)'}`,
  ].join('\n');
}

function originalFailure(o: RunOutput, projectDir: string): string {
  return `the ORIGINAL fixture program is broken (fix the fixture) — ${projectDir}\nexit ${o.code}\nstderr:\n${indent(o.stderr)}\nstdout:\n${indent(o.stdout)}`;
}

function assertOriginalClean(o: RunOutput, projectDir: string): void {
  if (SHOW) console.log(`--- original output (exit ${o.code})\n${o.stdout}${o.stderr ? `--- stderr\n${o.stderr}` : ''}`);
  expect(o.code, originalFailure(o, projectDir)).toBe(0);
  expect(o.stderr, originalFailure(o, projectDir)).toBe('');
  expect(o.stdout.trim(), `the original program printed nothing — ${projectDir}`).not.toBe('');
}

async function cleanup(dir: string): Promise<void> {
  if (!KEEP) await rm(dir, { recursive: true, force: true });
}

/** Finds the mirror text of the file a class report points at. */
function mirrorTextOf(r: BothWays, c: ClassReport): string | undefined {
  for (const base of [r.projectDir, process.cwd()]) {
    const abs = path.resolve(base, c.file);
    const f = r.result.files.find((x) => path.resolve(x.absPath) === abs);
    if (f) return r.mirror[f.outRelPath];
  }
  return undefined;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The flattened program must behave exactly like the original: the original exits 0 and prints to
 * stdout only, the flattened program prints the same stdout and exits the same way, no error
 * diagnostics, and no class is left extending a project class.
 */
export async function expectEquivalent(files: Record<string, string>, opts: RunOptions = {}): Promise<BothWays | undefined> {
  if (ORIGINALS_ONLY) {
    const { original, projectDir } = await runOriginal(files, opts);
    assertOriginalClean(original, projectDir);
    await cleanup(projectDir);
    return undefined;
  }
  const r = await runBothWays(files, opts);
  assertOriginalClean(r.original, r.projectDir);
  const ctx = describeRun(r);

  const errors = [...r.result.diagnostics, ...r.mirrorDiagnostics].filter((d) => d.severity === 'error');
  expect(errors.map(fmtDiag), `error diagnostics\n${ctx}`).toEqual([]);

  expect(r.flattened.stdout, `flattened stdout differs\n${ctx}`).toBe(r.original.stdout);
  expect(r.flattened.code, `flattened exit code differs\n${ctx}`).toBe(r.original.code);

  const notFlattened = r.result.classes.filter((c) => projectDepth(c) > 1 && !c.flattened);
  expect(notFlattened.map(fmtClass), `classes left extending a project class\n${ctx}`).toEqual([]);
  expect(
    r.result.classes.some((c) => c.flattened),
    `every fixture has a project subclass, yet no class was flattened\n${ctx}`,
  ).toBe(true);

  // A flattened class whose whole chain is in the project must not extend anything any more.
  for (const c of r.result.classes) {
    if (!c.flattened || c.external) continue;
    const text = mirrorTextOf(r, c);
    if (text === undefined) continue;
    const stillExtends = new RegExp(`\\bclass\\s+${escapeRe(c.name)}\\b(?:\\s*<[^{]*>)?\\s+extends\\b`).test(text);
    expect(stillExtends, `class ${c.name} is reported flattened but its mirror text still extends\n${ctx}`).toBe(false);
  }

  await cleanup(r.projectDir);
  return r;
}

/**
 * For programs whose behaviour legitimately changes: the tool must say so. The original must still
 * run cleanly (so the fixture is right); the flattened output is not compared.
 */
export async function expectReported(
  files: Record<string, string>,
  want: { category: Category; code?: string },
  opts: RunOptions = {},
): Promise<BothWays | undefined> {
  if (ORIGINALS_ONLY) {
    const { original, projectDir } = await runOriginal(files, opts);
    assertOriginalClean(original, projectDir);
    await cleanup(projectDir);
    return undefined;
  }
  const r = await runBothWays(files, opts);
  assertOriginalClean(r.original, r.projectDir);
  const hit = r.result.diagnostics.some(
    (d) => d.category === want.category && (want.code === undefined || d.code === want.code),
  );
  expect(
    hit,
    `expected a diagnostic ${want.category}${want.code ? `/${want.code}` : ''}\n${describeRun(r)}`,
  ).toBe(true);
  await cleanup(r.projectDir);
  return r;
}

/** Reads a folder (e.g. a sample) into a fixture, every file placed under `prefix`. */
export async function readFolderAsFixture(folderAbs: string, prefix = 'src'): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(abs);
      else if (entry.isFile()) out[toPosix(path.join(prefix, path.relative(folderAbs, abs)))] = await readFile(abs, 'utf8');
    }
  }
  await walk(folderAbs);
  return out;
}

export { REPO_ROOT };

/**
 * The fuzzer's property, for bugs whose fix may be a report rather than the same behaviour: the
 * flattened program prints the same, or a warning/error diagnostic says it may not. With `reportedAs`,
 * that diagnostic must be there, so that a fix by a report cannot go quiet while the output happens to match.
 */
export async function expectSameOrReported(files: Record<string, string>, reportedAs?: string, opts: RunOptions = {}): Promise<void> {
  if (ORIGINALS_ONLY) {
    const { original, projectDir } = await runOriginal(files, opts);
    expect(original.code).toBe(0);
    await rm(projectDir, { recursive: true, force: true });
    return;
  }
  const r = await runBothWays(files, opts);
  expect(r.original.code, r.original.stderr).toBe(0);
  const reported = r.result.diagnostics.filter((d) => d.severity !== 'info');
  if (reportedAs) expect(reported.map((d) => d.code), r.projectDir).toContain(reportedAs);
  if (reported.length === 0) {
    expect(r.flattened.stdout, `no warning or error, but the flattened program prints something else (${r.projectDir})`).toBe(r.original.stdout);
  }
  await rm(r.projectDir, { recursive: true, force: true });
}
