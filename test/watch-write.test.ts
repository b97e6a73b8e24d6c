// Watch mode writes a rebuild's changed mirror files as soon as the run knows them (before the report's
// use detection), with their renames together on libuv's pool (writeMirrorConcurrently). The files,
// permission bits, counts and diagnostics must be writeMirror()'s, and the run must tell exactly the
// files it then returns, before detection.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTempRoot, writeInput } from './helpers/temp-root.js';
import { writeMirror, writeMirrorConcurrently } from '../src/emit/mirror.js';
import { FlattenSession, type RunHooks } from '../src/session.js';
import type { FileResult } from '../src/types.js';

let root: string;
useTempRoot('fc-watch-write-', (dir) => (root = dir));
const input = (rel: string, content: string | Buffer, mode?: number): string => writeInput(root, rel, content, mode);

/** Copies, rewritten files (one with a map, one whose input starts with a BOM), failures, escapes. */
function mixedFiles(round: number): FileResult[] {
  const files: FileResult[] = [];
  for (let i = 0; i < 30; i++) {
    files.push({ absPath: input(`lib/d${i % 4}/m${i}.js`, `export const v${i} = ${i};\n`), outRelPath: `lib/d${i % 4}/m${i}.js`, kind: 'source', status: 'copied' });
  }
  for (let i = 0; i < 20; i++) {
    // Half the rewritten files change between rounds (renamed over the old ones), half do not.
    const text = `class C${i} { /* flat ${i % 2 === 0 ? round : 0} */ }\n`;
    files.push({ absPath: input(`cls/c${i}.js`, `class C${i} extends B {}\n`), outRelPath: `cls/c${i}.js`, kind: 'source', status: 'rewritten', code: text });
  }
  files.push({
    absPath: input('mapped.js', 'class M extends B {}\n'),
    outRelPath: 'mapped.js',
    kind: 'source',
    status: 'rewritten',
    code: `class M { /* ${round} */ }\n`,
    map: { version: 3, file: 'mapped.js', sources: ['../src/mapped.js'], sourcesContent: ['class M extends B {}\n'], names: [], mappings: round === 1 ? 'AAAA' : 'AACA' },
  });
  files.push({ absPath: input('bom.js', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('class Q extends B {}\n')])), outRelPath: 'bom.js', kind: 'source', status: 'rewritten', code: `class Q { /* ${round} */ }\n` });
  files.push({ absPath: input('bin/run.js', '#!/usr/bin/env node\n', 0o755), outRelPath: 'bin/run.js', kind: 'source', status: 'copied' });
  files.push({ absPath: path.join(root, 'src/gone.js'), outRelPath: 'gone.js', kind: 'source', status: 'copied' });
  files.push({ absPath: input('escape.js', 'x'), outRelPath: '../escape.js', kind: 'source', status: 'copied' });
  files.push({ absPath: input('blocked.js', 'x'), outRelPath: 'blocked.js', kind: 'source', status: 'copied' });
  return files;
}

/** Every file under `dir` with its bytes and mode. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const abs = path.join(dir, rel);
    const stat = fs.lstatSync(abs);
    out[rel] = stat.isFile() ? `${(stat.mode & 0o777).toString(8)} ${fs.readFileSync(abs, 'base64')}` : 'dir';
  }
  return out;
}

const neutral = (result: object, out: string) => JSON.stringify(result).split(path.relative(process.cwd(), out)).join('OUT');

describe('writeMirrorConcurrently', () => {
  it('writes the files, counts and diagnostics writeMirror writes, into a new and an existing mirror', async () => {
    const one = path.join(root, 'one');
    const two = path.join(root, 'two');
    for (const out of [one, two]) fs.mkdirSync(path.join(out, 'blocked.js'), { recursive: true });
    for (const round of [1, 2, 3]) {
      const files = mixedFiles(round);
      const expected = await writeMirror(one, files);
      const actual = await writeMirrorConcurrently(two, files);
      expect(neutral(actual, two)).toBe(neutral(expected, one));
      expect(snapshot(two)).toEqual(snapshot(one));
      if (round > 1) expect(actual.unchanged).toBeGreaterThan(0);
      expect(actual.written).toBeGreaterThan(0);
    }
    expect(Object.keys(snapshot(two)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(fs.existsSync(path.join(root, 'escape.js'))).toBe(false);
  });

  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['c3\\.js|mapped\\.js\\.map', ['c3.js', 'mapped.js.map']],
    ['mapped\\.js', ['mapped.js']],
  ])('reports temporary files it cannot write (%s) as writeMirror does: a map after its file, none after a failure', async (names, failed) => {
    const fails = (p: unknown) => new RegExp(`[\\\\/]\\.(${names})\\.\\d+\\.[0-9a-f]{12}\\.tmp$`).test(String(p));
    const realSync = fs.writeFileSync.bind(fs);
    vi.spyOn(fs, 'writeFileSync').mockImplementation((p, ...rest) => {
      if (fails(p)) throw new Error('injected failure');
      return (realSync as (...a: unknown[]) => void)(p, ...rest);
    });
    const one = path.join(root, 'one');
    const two = path.join(root, 'two');
    for (const out of [one, two]) fs.mkdirSync(path.join(out, 'blocked.js'), { recursive: true });
    const files = mixedFiles(1);
    const expected = await writeMirror(one, files);
    const actual = await writeMirrorConcurrently(two, files);
    expect(neutral(actual, two)).toBe(neutral(expected, one));
    expect(expected.diagnostics.filter((d) => d.message.includes('injected failure')).map((d) => path.basename(d.file))).toEqual(failed);
    expect(snapshot(two)).toEqual(snapshot(one));
    // Neither a map that failed nor the map of a file that failed is there.
    expect(fs.existsSync(path.join(two, 'mapped.js.map'))).toBe(false);
    expect(Object.keys(snapshot(two)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports an out dir it cannot use as writeMirror does', async () => {
    fs.writeFileSync(path.join(root, 'file'), 'x');
    const files = mixedFiles(1);
    const expected = await writeMirror(path.join(root, 'file'), files);
    expect(await writeMirrorConcurrently(path.join(root, 'file'), files)).toEqual(expected);
  });
});

describe('FlattenSession.run onMirrorKnown', () => {
  it('tells the files the run returns as changed and removed, before the use detection', () => {
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src/base.js'), 'export class Base { hi() { return 1; } }\n');
    fs.writeFileSync(path.join(root, 'src/sub.js'), "import { Base } from './base.js';\nexport class Sub extends Base {}\n");
    fs.writeFileSync(path.join(root, 'src/use.js'), "import { Base } from './base.js';\nimport { Sub } from './sub.js';\nexport const is = new Sub() instanceof Base;\n");
    fs.writeFileSync(path.join(root, 'src/old.js'), 'export const old = 1;\n');
    const session = new FlattenSession({ cwd: root, paths: ['src'], outDir: 'flat' }, { incremental: true });
    const told: Array<Parameters<NonNullable<RunHooks['onMirrorKnown']>>[0]> = [];
    const hooks: RunHooks = { onMirrorKnown: (known) => told.push(known) };

    const first = session.run(undefined, hooks);
    fs.writeFileSync(path.join(root, 'src/base.js'), 'export class Base { hi() { return 2; } }\n');
    fs.rmSync(path.join(root, 'src/old.js'));
    const second = session.run({ paths: [path.join(root, 'src/base.js'), path.join(root, 'src/old.js')], structure: true }, hooks);

    expect(told).toHaveLength(2);
    for (const [known, run] of [[told[0]!, first], [told[1]!, second]] as const) {
      expect(known.changed).toBe(run.changed);
      expect(known.removed).toBe(run.removed);
      expect(known.syntaxErrors).toBe(run.syntaxErrors);
      // Told before detection: the `instanceof` the run reports is not among the diagnostics told.
      expect(run.result.diagnostics.some((d) => d.category === 'isinstance')).toBe(true);
      expect(known.diagnostics.some((d) => d.category === 'isinstance')).toBe(false);
    }
    expect(second.changed.map((f) => f.outRelPath).sort()).toEqual(['base.js', 'sub.js']);
    expect(second.removed).toEqual(['old.js']);
  });
});
