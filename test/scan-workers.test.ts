// Batch runs scan source files in worker threads as well as the main thread (scan/workers.ts). Which
// thread scans which file changes from run to run; the result must not: the same mirror and report
// with no workers, one or two, whichever files the main thread takes, in whatever order, and when the
// workers fail.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatten } from '../src/index.js';
import { FlattenSession, type SessionOptions } from '../src/session.js';
import { scanBytes } from '../src/scan/scan-file.js';
import { scanInParallel } from '../src/scan/workers.js';
import { hasSourceBytes, prestartCounts, prestartScanWorkers } from '../src/scan/prestart.js';
import type { FlattenOptions, FlattenResult } from '../src/types.js';
import { REPO_ROOT } from './helpers/equivalence.js';
import { prng } from './hostile/helpers.js';

/** A schedule's shuffle: a seeded Fisher–Yates over the indexes. */
function shuffled(seed: number): (indexes: number[]) => void {
  const random = prng(seed);
  return (items) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
  };
}

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'flatten-workers-'));
  cpSync(path.join(REPO_ROOT, 'samples'), path.join(dir, 'src/samples'), { recursive: true });
  const gen = path.join(dir, 'src/gen');
  cpSync(path.join(REPO_ROOT, 'samples/shapes-js'), gen, { recursive: true });
  // What a run reports without parsing: unreadable text, and parse failures; a BOM kept in the output.
  writeFileSync(path.join(gen, 'bad-utf8.js'), Buffer.from([0x63, 0x6c, 0x61, 0x73, 0x73, 0x20, 0xff, 0xfe, 0x0a]));
  writeFileSync(path.join(gen, 'binary.js'), Buffer.from([0x00, 0x01, 0x02]));
  writeFileSync(path.join(gen, 'syntax.js'), 'export class Broken extends {\n');
  writeFileSync(path.join(gen, 'deep.js'), `export const x = ${'('.repeat(1200)}1${')'.repeat(1200)};\n`);
  writeFileSync(path.join(gen, 'bom.js'), "\uFEFFimport { Shape } from './shapes.js';\nexport class Bommed extends Shape { area() { return 1; } }\n");
  // Many modules without `extends` (the queue the workers take from), some that base classes live in.
  for (let i = 0; i < 40; i++) {
    writeFileSync(
      path.join(gen, `base${i}.js`),
      `export class Base${i} { constructor(v) { this.v = v; } get twice() { return this.v * 2; } static make() { return new this(${i}); } }\n` +
        `export function isBase${i}(x) { return x instanceof Base${i}; }\n`,
    );
    writeFileSync(
      path.join(gen, `derived${i}.js`),
      `import { Base${i} } from './base${i}.js';\nimport { helper } from './plain${i % 5}.js';\n` +
        `export class Derived${i} extends Base${i} { get thrice() { return helper(this.v) * 3; } }\n`,
    );
  }
  for (let i = 0; i < 5; i++) writeFileSync(path.join(gen, `plain${i}.js`), `export const helper = (v) => v + ${i};\n`);
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (jobs: number): FlattenOptions => ({ cwd: dir, paths: ['src'], outDir: 'flat', jobs, sourceMaps: true });

/** Everything a run gives the CLI (the mirror and the report), without its duration. */
function canonical(result: FlattenResult): string {
  return JSON.stringify({ ...result, stats: { ...result.stats, durationMs: 0 } });
}

async function runWith(jobs: number, schedule?: SessionOptions['scanSchedule']): Promise<string> {
  const session = new FlattenSession(options(jobs), schedule ? { scanSchedule: schedule } : {});
  return canonical((await session.runAsync()).result);
}

describe('scanning in worker threads', () => {
  let single: string;
  beforeAll(async () => {
    single = await runWith(1);
    // The tree has what the comparison is about: rewritten files, errors, classes.
    const result = JSON.parse(single) as FlattenResult;
    expect(result.stats.filesRewritten).toBeGreaterThan(40);
    expect(result.diagnostics.map((d) => d.code)).toEqual(expect.arrayContaining(['invalid-utf8', 'binary-file', 'syntax-error']));
  }, 60_000);

  it('gives the result of a run in the main thread, with one or two workers and any split of the files', async () => {
    expect(await runWith(2)).toBe(single);
    expect(await runWith(3, { shuffle: shuffled(7) })).toBe(single);
    // Every summary from a worker, its syntax made again in the main thread on first read.
    expect(await runWith(2, { mainIdle: true, shuffle: shuffled(11) })).toBe(single);
    expect(await runWith(3, { mainIdle: true })).toBe(single);
  }, 120_000);

  it('gives the same result when workers retire after a file and new ones take over', async () => {
    // A heap limit of one byte: every worker retires after each file, until the scan stops replacing
    // them (MAX_RETIREMENTS); the rest is scanned by the last ones.
    expect(await runWith(3, { retireHeapBytes: 1, mainIdle: true, shuffle: shuffled(5) })).toBe(single);
  }, 120_000);

  it('falls back to the main thread when the workers fail', async () => {
    expect(await runWith(2, { crash: true })).toBe(single);
    expect(await runWith(3, { crash: true, mainIdle: true })).toBe(single);
  }, 60_000);

  it('is what flatten() and run() give', async () => {
    expect(canonical(await flatten(options(2)))).toBe(single);
    expect(canonical(new FlattenSession(options(2)).run().result)).toBe(single);
  }, 60_000);

  it('tells the progress line of every source file', async () => {
    const seen: Array<{ total: number; scanned: number; parsed: number }> = [];
    await new FlattenSession(options(2), { onProgress: (c) => seen.push(c), scanSchedule: { mainIdle: true } }).runAsync();
    const last = seen.at(-1)!;
    const result = JSON.parse(single) as FlattenResult;
    expect(last.scanned).toBe(last.total);
    expect(last.total).toBe(result.files.filter((f) => f.kind === 'source').length);
    expect(last.parsed).toBe(result.stats.filesParsed);
  }, 60_000);
});

/**
 * Writes `texts` as f0.js, f1.js … in a temporary folder (removed afterwards) and scans them with one
 * worker while the main thread takes no file from the queue (mainIdle): `here` lists the files the
 * main thread scanned all the same.
 */
async function scanByOneWorker(texts: string[], schedule: { retireHeapBytes?: number }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'flatten-worker-'));
  try {
    const files = texts.map((text, i) => {
      const absPath = path.join(dir, `f${i}.js`);
      writeFileSync(absPath, text);
      return { absPath, relPath: `f${i}.js` };
    });
    const here: string[] = [];
    const states = await scanInParallel(files, {
      workers: 1,
      auto: false,
      schedule: { mainIdle: true, ...schedule },
      scanHere: (file, bytes, hash) => {
        here.push(file.relPath);
        return scanBytes(file.absPath, file.relPath, bytes, hash, {});
      },
    });
    return { files, states, here };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the split of the files', () => {
  it('tells, before scanning, the bytes of the files holding `extends` (which decide the kept trees), whatever the schedule', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'flatten-planned-'));
    try {
      const texts = ['class A {}\n', 'class B extends A {}\n', '// extends\n', 'export const x = 1;\n'];
      const files = texts.map((text, i) => {
        writeFileSync(path.join(dir, `f${i}.js`), text);
        return { absPath: path.join(dir, `f${i}.js`), relPath: `f${i}.js` };
      });
      for (const schedule of [{}, { mainIdle: true }]) {
        const told: number[] = [];
        let scannedBefore = 0;
        await scanInParallel(files, {
          workers: 0,
          auto: false,
          schedule,
          planned: (bytes) => told.push(bytes) && (scannedBefore = scanned),
          scanHere: (f, b, h) => (scanned++, scanBytes(f.absPath, f.relPath, b, h, {})),
        });
        expect(told).toEqual([texts[1]!.length + texts[2]!.length]);
        expect(scannedBefore).toBe(0);
        scanned = 0;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
let scanned = 0;

describe('a worker thread', () => {
  it('really starts and scans (under vitest too), with the stack of the main thread', async () => {
    // 1,200 nested parentheses: too deep for the parser on the main thread's stack, not on Node's
    // 4 MB worker default. Whichever thread takes the file, the answer must be the same.
    const { files, states, here } = await scanByOneWorker(['export const a = 1;\n', `export const x = ${'('.repeat(1200)}1${')'.repeat(1200)};\n`], {});
    expect(here).toEqual([]);
    const deep = states[1]!;
    expect(deep.parse?.ok === false && deep.parse.error.code).toBe('too-deep');
    const mainThread = scanBytes(files[1]!.absPath, files[1]!.relPath, { ok: true, data: Buffer.from(states[1]!.read.ok ? states[1]!.read.code : '') }, 'h', {});
    expect(mainThread.parse?.ok === false && mainThread.parse.error.code).toBe('too-deep');
  }, 60_000);
});

describe('a worker started before the files are known (the CLI starts it before loading Babel)', () => {
  it('is given the scan, and scans what a worker started by the scan would', async () => {
    const texts = ['export class A { m() { return 1; } }\n', 'export const b = 2;\n', `export const x = ${'('.repeat(1200)}1${')'.repeat(1200)};\n`];
    const before = { ...prestartCounts };
    prestartScanWorkers(2, { paths: [], extensions: ['.js'] });
    expect(prestartCounts.started).toBe(before.started + 1);
    // Time to load, as the CLI's main thread loads Babel and discovers the files meanwhile.
    await new Promise((r) => setTimeout(r, 300));
    const early = await scanByOneWorker(texts, {});
    expect(prestartCounts.taken).toBe(before.taken + 1);
    const late = await scanByOneWorker(texts, {});
    expect(prestartCounts.taken).toBe(before.taken + 1);
    expect(early.here).toEqual([]);
    const seen = (r: typeof early) => r.states.map((s) => [s.read.ok ? s.read.code : '', s.parse?.ok ? s.parse.module.classes.map((c) => c.name) : s.parse?.error.code]);
    expect(seen(early)).toEqual(seen(late));
    expect(seen(early).map(([, p]) => p)).toEqual([['A'], [], 'too-deep']);
  }, 60_000);

  it('is let go by a scan that needs no worker, not kept for a later one', async () => {
    const before = { ...prestartCounts };
    const dir = mkdtempSync(path.join(tmpdir(), 'flatten-noworker-'));
    try {
      writeFileSync(path.join(dir, 'a.js'), 'export const a = 1;\n');
      prestartScanWorkers(2, { paths: [], extensions: ['.js'] });
      const files = [{ absPath: path.join(dir, 'a.js'), relPath: 'a.js' }];
      const states = await scanInParallel(files, { workers: 0, auto: false, scanHere: (f, b, h) => scanBytes(f.absPath, f.relPath, b, h, {}) });
      expect(states[0]!.parse?.ok).toBe(true);
      const later = await scanByOneWorker(['export const b = 1;\n'], {});
      expect(later.here).toEqual([]);
      expect(prestartCounts.taken).toBe(before.taken);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('starting a worker early in the automatic mode', () => {
  it('happens only for inputs with at least PRESTART_SOURCE_BYTES of source files (a small run would start none)', () => {
    const before = { ...prestartCounts };
    const small = { paths: [path.join(REPO_ROOT, 'samples')], extensions: ['.js', '.ts'] };
    expect(hasSourceBytes(small, 1_000_000)).toBe(false);
    prestartScanWorkers(undefined, small);
    expect(prestartCounts.started).toBe(before.started);
    // The bounded walk counts only source extensions, under directories and named files alike.
    expect(hasSourceBytes(small, 1_000)).toBe(true);
    expect(hasSourceBytes({ ...small, extensions: ['.nothing'] }, 1)).toBe(false);
    expect(hasSourceBytes({ paths: [path.join(REPO_ROOT, 'package.json')], extensions: ['.json'] }, 1)).toBe(true);
  });
});

describe('a worker that retires', () => {
  it('loses no file: every one is scanned by a worker, old or new, with its text once', async () => {
    const texts = Array.from({ length: 6 }, (_, i) => `export class C${i} { m() { return ${i}; } }\n`);
    // 6 files, at most MAX_RETIREMENTS (4) new workers: the last one scans the rest.
    const { states, here } = await scanByOneWorker(texts, { retireHeapBytes: 1 });
    expect(here).toEqual([]);
    expect(states.map((s) => (s.read.ok ? s.read.code : ''))).toEqual(texts);
    // A worker sends the module without its code (the file's text, sent once); it is put back.
    expect(states.map((s) => (s.parse?.ok ? s.parse.module.code : ''))).toEqual(texts);
    expect(states.map((s) => (s.parse?.ok ? s.parse.module.classes.map((c) => c.name) : []))).toEqual(texts.map((_, i) => [`C${i}`]));
  }, 60_000);
});

describe('a huge file', () => {
  it('is followed by a full collection in the worker: its tree is not left to grow the heap', async () => {
    // 300 kB of statements (a tree of about 40 MB), then a small file.
    const huge = Array.from({ length: 6000 }, (_, i) => `var v${i} = { a: [${i}, ${i + 1}], b: f(v${i}) };`).join('\n') + '\n';
    const texts = [huge, 'export class Small {}\n'];
    const timeline = path.join(mkdtempSync(path.join(tmpdir(), 'flatten-timeline-')), 'marks.txt');
    const saved = { file: process.env.FLATTEN_CLASSES_TIMELINE, memory: process.env.FLATTEN_CLASSES_TIMELINE_MEMORY };
    // Read by the worker's timeline module when it starts (a worker gets a copy of process.env).
    process.env.FLATTEN_CLASSES_TIMELINE = timeline;
    process.env.FLATTEN_CLASSES_TIMELINE_MEMORY = '1';
    try {
      const { states, here } = await scanByOneWorker(texts, {});
      expect(here).toEqual([]);
      expect(states.map((s) => (s.parse?.ok ? s.parse.module.classes.map((c) => c.name) : null))).toEqual([[], ['Small']]);
    } finally {
      for (const [key, value] of [['FLATTEN_CLASSES_TIMELINE', saved.file], ['FLATTEN_CLASSES_TIMELINE_MEMORY', saved.memory]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    const collected = readFileSync(timeline, 'utf8').split('\n').find((l) => l.includes('scan worker: collected after a huge file'));
    expect(collected).toBeDefined();
    // What is alive once the tree is gone: Babel and the summaries, far below the tree.
    const used = Number(/heap (\d+)\//.exec(collected!)![1]);
    expect(used).toBeLessThan(30);
    rmSync(path.dirname(timeline), { recursive: true, force: true });
  }, 60_000);
});

describe('the queue of files without `extends`', () => {
  it('is handed out largest first, after the files with `extends`, each with its own bytes', async () => {
    const qdir = mkdtempSync(path.join(tmpdir(), 'flatten-queue-'));
    try {
      const texts = ['export const a = 1;\n', 'class A {}\nexport class B extends A {}\n', `export const c = '${'c'.repeat(300)}';\n`, `export const d = '${'d'.repeat(100)}';\n`];
      const files = texts.map((text, i) => {
        const absPath = path.join(qdir, `f${i}.js`);
        writeFileSync(absPath, text);
        return { absPath, relPath: `f${i}.js` };
      });
      for (const crash of [false, true]) {
        const seen: Array<[string, string]> = [];
        const states = await scanInParallel(files, {
          // crash: a worker that fails at once; the main thread scans the queue from the workers' shared copy.
          workers: crash ? 1 : 0,
          auto: false,
          schedule: { crash },
          scanHere: (file, bytes, hash) => {
            seen.push([file.relPath, bytes.ok ? bytes.data.toString('utf8') : '']);
            return scanBytes(file.absPath, file.relPath, bytes, hash, {});
          },
        });
        expect(seen.map(([rel]) => rel)).toEqual(['f1.js', 'f2.js', 'f3.js', 'f0.js']);
        for (const [rel, text] of seen) expect(text).toBe(texts[Number(rel[1])]);
        expect(states.map((s) => (s.read.ok ? s.read.code : ''))).toEqual(texts);
      }
    } finally {
      rmSync(qdir, { recursive: true, force: true });
    }
  }, 60_000);
});
