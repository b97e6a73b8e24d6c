// Batch runs write the copies of the mirror in a worker thread while they rewrite (emit/mirror-offload.ts).
// Which thread writes which file changes from run to run; nothing else may: the same mirror bytes and
// permission bits, the same counts and diagnostics in the same order, files holding the right bytes
// untouched, refused escapes, with a worker that crashes, and from the CLI as with --jobs 1.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempRoot, writeInput } from './helpers/temp-root.js';
import { writeMirror } from '../src/emit/mirror.js';
import { MIN_OFFLOAD_FILES, MirrorOffload, mirrorOffloadFor, type OffloadOptions } from '../src/emit/mirror-offload.js';
import { FlattenSession } from '../src/session.js';
import type { FileResult } from '../src/types.js';
import { runCli } from './helpers/cli.js';
import { REPO_ROOT } from './helpers/equivalence.js';

let root: string;
useTempRoot('fc-offload-', (dir) => (root = dir));
const input = (rel: string, content: string | Buffer, mode?: number): string => writeInput(root, rel, content, mode);

/** A mix of everything writeMirror handles: copies (many), rewritten files, failures, escapes. */
function mixedFiles(): FileResult[] {
  const files: FileResult[] = [];
  for (let i = 0; i < 120; i++) {
    files.push({ absPath: input(`lib/d${i % 7}/m${i}.js`, `export const v${i} = ${i};\n`), outRelPath: `lib/d${i % 7}/m${i}.js`, kind: 'source', status: 'copied' });
    files.push({ absPath: input(`lib/d${i % 7}/m${i}.d.ts`, `export declare const v${i}: number;\n`), outRelPath: `lib/d${i % 7}/m${i}.d.ts`, kind: 'declaration', status: 'copied' });
  }
  files.push({ absPath: input('bin/run.js', '#!/usr/bin/env node\n', 0o755), outRelPath: 'bin/run.js', kind: 'source', status: 'copied' });
  files.push({ absPath: input('weird.js', Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0x00])), outRelPath: 'weird.js', kind: 'source', status: 'failed' });
  files.push({ absPath: path.join(root, 'src/gone.js'), outRelPath: 'gone.js', kind: 'source', status: 'copied' });
  files.push({ absPath: input('escape.js', 'x'), outRelPath: '../escape.js', kind: 'source', status: 'copied' });
  files.push({ absPath: input('blocked.js', 'x'), outRelPath: 'blocked.js', kind: 'source', status: 'copied' });
  files.push({ absPath: input('link/a.js', 'x'), outRelPath: 'link/a.js', kind: 'source', status: 'copied' });
  for (let i = 0; i < 20; i++) {
    files.push({ absPath: input(`cls/c${i}.js`, `class C${i} extends B {}\n`), outRelPath: `cls/c${i}.js`, kind: 'source', status: 'rewritten', code: `class C${i} { /* flat */ }\n` });
  }
  return files;
}

/** An out dir with what the mixed files run into: a directory in the way, a link leading outside. */
function prepareOut(name: string): string {
  const out = path.join(root, name);
  fs.mkdirSync(path.join(out, 'blocked.js'), { recursive: true });
  fs.mkdirSync(path.join(root, 'outside'), { recursive: true });
  fs.symlinkSync(path.join(root, 'outside'), path.join(out, 'link'));
  return out;
}

/** Every file under `dir` with its bytes and mode. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const abs = path.join(dir, rel);
    const stat = fs.lstatSync(abs);
    out[rel] = stat.isFile() ? `${(stat.mode & 0o777).toString(8)} ${fs.readFileSync(abs, 'base64')}` : stat.isDirectory() ? 'dir' : 'link';
  }
  return out;
}

/** The result with the out dir's name taken out of diagnostics. */
function neutral(result: object, out: string): string {
  return JSON.stringify(result).split(path.relative(process.cwd(), out)).join('OUT');
}

/** Hands the copies over in two batches (as a run does), then writes the mirror. */
async function offloaded(out: string, files: FileResult[], options: OffloadOptions, progress?: Array<[number, number]>) {
  const offload = new MirrorOffload(out, options);
  const copies = files.filter((f) => f.status !== 'rewritten');
  offload.add(copies.filter((f) => f.kind !== 'source'));
  offload.add(copies.filter((f) => f.kind === 'source').slice(0, 100));
  return { offload, result: await writeMirror(out, files, progress ? (d, t) => progress.push([d, t]) : undefined, offload) };
}

describe('mirror offload', () => {
  it('writes the mirror writeMirror writes alone: bytes, modes, counts, diagnostics in order; then all unchanged', async () => {
    const files = mixedFiles();
    const plainOut = prepareOut('plain');
    const plain = await writeMirror(plainOut, files);
    expect(plain.diagnostics.map((d) => d.code)).toEqual(['read-failed', 'out-dir-escape', 'write-failed', 'out-dir-escape']);

    const out = prepareOut('off');
    const progress: Array<[number, number]> = [];
    const { result } = await offloaded(out, files, { minFiles: 0 }, progress);
    expect(neutral(result, out)).toBe(neutral(plain, plainOut));
    expect(snapshot(out)).toEqual(snapshot(plainOut));
    expect(fs.statSync(path.join(out, 'bin/run.js')).mode & 0o777).toBe(0o755);
    // The progress line only grows, and ends at every file.
    expect(progress.every(([d], i) => i === 0 || d >= progress[i - 1]![0])).toBe(true);
    expect(progress.at(-1)).toEqual([files.length, files.length]);

    // Again: every file already holds its bytes, nothing is touched.
    const past = new Date(Date.now() - 120_000);
    for (const rel of ['lib/d0/m0.js', 'lib/d0/m0.d.ts', 'cls/c0.js']) fs.utimesSync(path.join(out, rel), past, past);
    const again = await offloaded(out, files, { minFiles: 0 });
    expect(again.result.written).toBe(0);
    expect(again.result.unchanged).toBe(plain.written);
    for (const rel of ['lib/d0/m0.js', 'lib/d0/m0.d.ts', 'cls/c0.js']) expect(Math.round(fs.statSync(path.join(out, rel)).mtimeMs)).toBe(past.getTime());
    expect(Object.keys(snapshot(out)).filter((p) => p.endsWith('.tmp'))).toEqual([]);
  });

  it('writes the copies in the worker while the run goes on', async () => {
    const files = mixedFiles().filter((f) => f.kind === 'declaration');
    const out = path.join(root, 'early');
    const offload = new MirrorOffload(out, { minFiles: 0 });
    offload.add(files);
    const last = path.join(out, files.at(-1)!.outRelPath);
    for (let i = 0; i < 500 && !fs.existsSync(last); i++) await new Promise((r) => setTimeout(r, 10));
    expect([fs.existsSync(last), offload.running, (offload as any).doneCount()]).toEqual([true, true, files.length]);
    expect(await writeMirror(out, files, undefined, offload)).toEqual({ written: files.length, unchanged: 0, diagnostics: [] });
  });

  for (const crash of ['start', 0, 5, 150] as const) {
    it(`gives the same mirror and result when the worker crashes (${crash === 'start' ? 'as it starts' : `after ${crash} files, one claimed`})`, async () => {
      const files = mixedFiles();
      const plainOut = prepareOut('plain');
      const plain = await writeMirror(plainOut, files);
      const out = prepareOut('off');
      const { result, offload } = await offloaded(out, files, { minFiles: 0, crash });
      expect(offload.running).toBe(false);
      expect(neutral(result, out)).toBe(neutral(plain, plainOut));
      expect(snapshot(out)).toEqual(snapshot(plainOut));
    });
  }

  it('lets the final text win when a file handed over as a copy turns out rewritten', async () => {
    const files = mixedFiles();
    const out = path.join(root, 'late');
    const offload = new MirrorOffload(out, { minFiles: 0 });
    offload.add(files.filter((f) => f.status === 'copied'));
    const late = files.find((f) => f.outRelPath === 'lib/d3/m10.js')!;
    late.status = 'rewritten';
    late.code = 'export const late = 1;\n';
    await writeMirror(out, files, undefined, offload);
    expect(fs.readFileSync(path.join(out, 'lib/d3/m10.js'), 'utf8')).toBe('export const late = 1;\n');
  });

  it('starts no worker for --jobs 0 or 1, nor below MIN_OFFLOAD_FILES copies in the automatic mode', async () => {
    expect(mirrorOffloadFor(root, 0)).toBeUndefined();
    expect(mirrorOffloadFor(root, 1)).toBeUndefined();
    const files = mixedFiles().filter((f) => f.kind === 'declaration').slice(0, 20);
    const auto = mirrorOffloadFor(path.join(root, 'auto'), undefined);
    if (auto === undefined) return; // one CPU: no worker threads at all
    auto.add(files);
    expect(auto.running).toBe(false);
    expect(MIN_OFFLOAD_FILES).toBeGreaterThan(files.length);
    expect(await writeMirror(path.join(root, 'auto'), files, undefined, auto)).toMatchObject({ written: 20 });
    const two = mirrorOffloadFor(path.join(root, 'two'), 2)!;
    two.add(files);
    expect(two.running).toBe(true);
    await writeMirror(path.join(root, 'two'), files, undefined, two);
    expect(two.running).toBe(false);
  });
});

describe('copies told during a run (session-settled.ts)', () => {
  it('are copies in the result, each told once, before the rewrite: declarations, and modules without a class', async () => {
    const dir = path.join(root, 'proj');
    fs.cpSync(path.join(REPO_ROOT, 'samples'), path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/types.d.ts'), 'export type T = 1;\n');
    fs.writeFileSync(path.join(dir, 'src/broken.js'), 'export class {\n');
    for (const preserveInstanceof of [false, true]) {
      const told: FileResult[] = [];
      const session = new FlattenSession({ cwd: dir, paths: ['src'], outDir: 'flat', sourceMaps: true, preserveInstanceof, jobs: 1 }, { onSettled: (files) => told.push(...files) });
      const { result } = await session.runAsync();
      expect(result.stats.filesRewritten).toBeGreaterThan(5);
      expect(new Set(told).size).toBe(told.length);
      for (const f of told) {
        expect(result.files).toContain(f);
        expect(f.status).not.toBe('rewritten');
      }
      const rel = told.map((f) => f.outRelPath);
      expect(rel).toEqual(expect.arrayContaining(['types.d.ts', 'broken.js']));
      // Modules that parsed and hold no class are told too, not only what was never parsed.
      expect(told.some((f) => f.kind === 'source' && f.status === 'copied' && !/\bclass\b/.test(fs.readFileSync(f.absPath, 'utf8')))).toBe(true);
    }
  });

  it('are not told when discovery found a config error (no mirror is written)', async () => {
    const dir = path.join(root, 'overlap');
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'src/a.d.ts'), 'export type A = 1;\n');
    const told: FileResult[] = [];
    const session = new FlattenSession({ cwd: dir, paths: ['src'], outDir: '.' }, { onSettled: (files) => told.push(...files) });
    const { result } = await session.runAsync();
    expect(result.diagnostics.some((d) => d.category === 'config' && d.severity === 'error')).toBe(true);
    expect(told).toEqual([]);
  });
});

describe('the CLI with the offload', () => {
  it('writes the mirror and summary of --jobs 1, then finds every file unchanged; --check writes nothing', async () => {
    const dir = path.join(root, 'cli');
    fs.cpSync(path.join(REPO_ROOT, 'samples'), path.join(dir, 'src'), { recursive: true });
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(dir, `src/t${i}.d.ts`), `export type T${i} = ${i};\n`);
    const one = await runCli(['src', '--out-dir', 'one', '--jobs', '1'], dir);
    const two = await runCli(['src', '--out-dir', 'two', '--jobs', '2'], dir);
    expect(two.code).toBe(one.code);
    const same = (text: string, out: string) => text.split(`${out}/`).join('X/').replace(/\d+ ms/g, 'ms');
    expect(same(two.stdout, 'two')).toBe(same(one.stdout, 'one'));
    expect(snapshot(path.join(dir, 'two'))).toEqual(snapshot(path.join(dir, 'one')));
    const again = await runCli(['src', '--out-dir', 'two', '--jobs', '2'], dir);
    expect(again.stdout).toMatch(/Wrote 0 files to two\/ \(\d+ unchanged\)/);
    await runCli(['src', '--out-dir', 'three', '--jobs', '2', '--check'], dir);
    expect(fs.existsSync(path.join(dir, 'three'))).toBe(false);
  });
});
