// Shared machinery of the hostile-input tests: temp projects, the real CLI in a child process (the
// built dist/, as users run it), file-tree snapshots and the "no crash" checks.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO_ROOT, 'bin', 'flatten-classes.js');

/** Source extensions the CLI scans by default. */
export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/** The name writeAtomic gives temporary files (kept in sync with TEMP_FILE_RE in src/emit/mirror.ts). */
export const TEMP_NAME = /^\.(.*)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

const tempRoots: string[] = [];

/** A fresh directory (real path) holding `files`; removed by `cleanupTempDirs`. */
export function makeProject(files: Record<string, string | Buffer> = {}, prefix = 'fc-hostile-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  tempRoots.push(dir);
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

export function cleanupTempDirs(): void {
  if (process.env.HOSTILE_KEEP === '1') return;
  for (const dir of tempRoots.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface CliRun {
  /** Exit code, or null when the process was killed (see `signal`). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the CLI in a child process and collects everything it prints. */
export function runCli(args: string[], opts: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<CliRun> {
  const child = spawnCli(args, opts);
  return collect(child, opts.timeoutMs ?? 120_000);
}

export function spawnCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, GITHUB_ACTIONS: undefined, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess, timeoutMs: number): Promise<CliRun> {
  const started = performance.now();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b));
  child.stderr?.on('data', (b: Buffer) => err.push(b));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the CLI did not finish within ${timeoutMs} ms (a hang?)`));
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        ms: Math.round(performance.now() - started),
      });
    });
  });
}

/** A V8 stack frame line, as an uncaught error prints it. */
const STACK_FRAME = /^\s+at .+(?:\(.*:\d+:\d+\)|:\d+:\d+)$/m;

/** The run ended on its own with a documented exit code and printed no crash. */
export function expectNoCrash(run: CliRun, allowed: number[] = [0, 1, 2]): void {
  const context = `exit ${run.code} (signal ${run.signal})\nstderr: ${run.stderr.slice(0, 2000)}`;
  expect(run.signal, context).toBeNull();
  expect(allowed, context).toContain(run.code);
  // (Only the tool's own words: a code frame may well show source code that says "internal error".)
  expect(run.stderr, context).not.toMatch(/internal error/i);
  expect(run.stdout, context).not.toMatch(/^flatten-classes: internal error/m);
  expect(run.stderr, context).not.toMatch(STACK_FRAME);
  expect(run.stderr, context).not.toMatch(/RangeError|Maximum call stack|heap out of memory|UnhandledPromiseRejection/);
}

/** A diagnostic of the JSON report, as the tool writes it (src/report/json.ts). */
export type JsonDiagnostic = JsonReport['diagnostics'][number];

export interface JsonReport {
  files: { file: string; out: string; status: 'rewritten' | 'copied' | 'failed' }[];
  classes: { name: string; file: string; line: number; mro: string[]; external: string | null; flattened: boolean }[];
  diagnostics: JsonDiagnostic[];
  summary: Record<string, unknown> & { durationMs: number; filesScanned: number; classesFlattened: number };
}

/** Runs the CLI with `--report json` and parses the report from stdout. */
export async function runJson(args: string[], opts: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<{ run: CliRun; report: JsonReport }> {
  const run = await runCli([...args, '--report', 'json'], opts);
  expectNoCrash(run);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    throw new Error(`the JSON report did not parse (exit ${run.code}):\n${run.stdout.slice(0, 2000)}\n${run.stderr.slice(0, 2000)}`);
  }
  return { run, report };
}

/** Every regular file under `dir` (not following symlinks), keyed by `/`-separated relative path. */
export function readTree(dir: string, opts: { skip?: (rel: string) => boolean } = {}): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!fs.existsSync(dir)) return out;
  const stack = [''];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (opts.skip?.(childRel)) continue;
      if (entry.isDirectory()) stack.push(childRel);
      else if (entry.isFile()) out.set(childRel, fs.readFileSync(path.join(dir, childRel)));
      else if (entry.isSymbolicLink()) out.set(childRel, Buffer.from(`symlink -> ${fs.readlinkSync(path.join(dir, childRel))}`));
    }
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Names of the entries of two trees that differ (missing on one side or different bytes). */
export function treeDiff(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const diff: string[] = [];
  for (const [k, v] of a) if (!b.has(k) || !b.get(k)!.equals(v)) diff.push(k);
  for (const k of b.keys()) if (!a.has(k)) diff.push(k);
  return diff.sort();
}

export function hasSourceExtension(name: string): boolean {
  return SOURCE_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** A small deterministic PRNG (mulberry32), so generated inputs are the same on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
