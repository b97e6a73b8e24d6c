import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeMirrorFiles, writeMirror } from '../src/emit/mirror.js';
import type { FileResult } from '../src/types.js';

let root: string;
let outDir: string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fc-emit-')));
  outDir = path.join(root, 'flat');
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function input(rel: string, content: string | Buffer): string {
  const abs = path.join(root, 'src', rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
  return abs;
}

function copied(rel: string, content: string | Buffer, outRelPath = rel): FileResult {
  return { absPath: input(rel, content), outRelPath, kind: 'source', status: 'copied' };
}

function rewritten(rel: string, original: string, code: string, outRelPath = rel): FileResult {
  return { absPath: input(rel, original), outRelPath, kind: 'source', status: 'rewritten', code };
}

function out(rel: string): Buffer {
  return fs.readFileSync(path.join(outDir, rel));
}

/** Every entry under `dir`, relative, with `/` separators. */
function tree(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).map((p) => p.split(path.sep).join('/')).sort();
}

describe('writeMirror', () => {
  it('writes rewritten code and copies other files byte for byte, creating directories', async () => {
    const binary = Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0xff, 0xfe, 0x00, 0x80, 0x0d, 0x0a]);
    const files: FileResult[] = [
      rewritten('a/b/c.ts', 'class A extends B {}', 'class A { /* flat */ }'),
      copied('plain.js', 'export const x = 1;\r\n'),
      { ...copied('weird.js', binary), status: 'failed' },
      { ...copied('types.d.ts', 'export type T = 1;'), kind: 'declaration' },
      { ...copied('logo.bin', binary), kind: 'asset' },
    ];
    const result = await writeMirror(outDir, files);
    expect(result).toEqual({ written: 5, unchanged: 0, diagnostics: [] });
    expect(out('a/b/c.ts').toString('utf8')).toBe('class A { /* flat */ }');
    expect(out('plain.js').toString('utf8')).toBe('export const x = 1;\r\n');
    expect(out('weird.js').equals(binary)).toBe(true);
    expect(out('logo.bin').equals(binary)).toBe(true);
    expect(out('types.d.ts').toString('utf8')).toBe('export type T = 1;');
  });

  it('skips targets that already hold the same bytes, and leaves no temporary files', async () => {
    const files = [rewritten('a.ts', 'old', 'new code'), copied('b.js', 'same')];
    expect(await writeMirror(outDir, files)).toMatchObject({ written: 2, unchanged: 0 });

    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(outDir, 'a.ts'), past, past);
    fs.utimesSync(path.join(outDir, 'b.js'), past, past);

    expect(await writeMirror(outDir, files)).toEqual({ written: 0, unchanged: 2, diagnostics: [] });
    expect(Math.round(fs.statSync(path.join(outDir, 'a.ts')).mtimeMs)).toBe(past.getTime());

    const changed = [rewritten('a.ts', 'old', 'newer code'), files[1]];
    expect(await writeMirror(outDir, changed)).toMatchObject({ written: 1, unchanged: 1 });
    expect(out('a.ts').toString()).toBe('newer code');
    expect(tree(outDir)).toEqual(['a.ts', 'b.js']);
  });

  it('rewrites a target of the same size but different bytes', async () => {
    await writeMirror(outDir, [rewritten('a.ts', 'x', 'aaaa')]);
    const result = await writeMirror(outDir, [rewritten('a.ts', 'x', 'bbbb')]);
    expect(result.written).toBe(1);
    expect(out('a.ts').toString()).toBe('bbbb');
  });

  it('replaces an existing file atomically (new inode by rename)', async () => {
    await writeMirror(outDir, [rewritten('a.ts', 'x', 'one')]);
    const before = fs.statSync(path.join(outDir, 'a.ts')).ino;
    await writeMirror(outDir, [rewritten('a.ts', 'x', 'two')]);
    expect(fs.statSync(path.join(outDir, 'a.ts')).ino).not.toBe(before);
  });

  it("keeps the input's permission bits on copies", async () => {
    const file = copied('bin/run.js', '#!/usr/bin/env node\n');
    fs.chmodSync(file.absPath, 0o755);
    await writeMirror(outDir, [file]);
    expect(fs.statSync(path.join(outDir, 'bin/run.js')).mode & 0o100).toBe(0o100);
  });

  it('reports an unreadable input and still writes the rest', async () => {
    const missing: FileResult = { absPath: path.join(root, 'src/gone.js'), outRelPath: 'gone.js', kind: 'source', status: 'copied' };
    const result = await writeMirror(outDir, [missing, copied('ok.js', 'ok')]);
    expect(result.written).toBe(1);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: 'read-failed', severity: 'error' });
    expect(tree(outDir)).toEqual(['ok.js']);
  });

  it('reports a directory in the way of a target', async () => {
    fs.mkdirSync(path.join(outDir, 'a.ts'), { recursive: true });
    const result = await writeMirror(outDir, [rewritten('a.ts', 'x', 'code')]);
    expect(result.written).toBe(0);
    expect(result.diagnostics).toMatchObject([{ category: 'config', code: 'write-failed', severity: 'error' }]);
    expect(tree(outDir)).toEqual(['a.ts']);
  });

  it('writes 3,000 files', async () => {
    const files: FileResult[] = [];
    for (let i = 0; i < 3000; i++) files.push(rewritten(`d${i % 50}/f${i}.ts`, '', `export const v = ${i};`));
    const result = await writeMirror(outDir, files);
    expect(result).toMatchObject({ written: 3000, unchanged: 0, diagnostics: [] });
    expect(out('d7/f2957.ts').toString()).toBe('export const v = 2957;');
    expect(await writeMirror(outDir, files)).toMatchObject({ written: 0, unchanged: 3000 });
  });
});

describe('writeMirror containment', () => {
  it('refuses paths that leave the out dir', async () => {
    const file = copied('a.js', 'a');
    const attempts: FileResult[] = [
      { ...file, outRelPath: '../escape.js' },
      { ...file, outRelPath: 'x/../../escape2.js' },
      { ...file, outRelPath: path.join(root, 'abs.js') },
      { ...file, outRelPath: '' },
    ];
    const result = await writeMirror(outDir, attempts);
    expect(result.written).toBe(0);
    expect(result.diagnostics).toHaveLength(4);
    for (const d of result.diagnostics) expect(d).toMatchObject({ category: 'config', code: 'out-dir-escape', severity: 'error' });
    expect(fs.existsSync(path.join(root, 'escape.js'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'escape2.js'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'abs.js'))).toBe(false);
  });

  it('refuses to write through a symlinked directory that points outside', async () => {
    const outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    fs.mkdirSync(outDir);
    fs.symlinkSync(outside, path.join(outDir, 'link'));
    const result = await writeMirror(outDir, [copied('link/a.js', 'a'), copied('link/deeper/b.js', 'b'), copied('fine.js', 'f')]);
    expect(result.written).toBe(1);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['out-dir-escape', 'out-dir-escape']);
    expect(fs.readdirSync(outside)).toEqual([]); // nothing created outside, not even a directory
  });

  it('allows a symlinked directory that stays inside the out dir', async () => {
    fs.mkdirSync(path.join(outDir, 'real'), { recursive: true });
    fs.symlinkSync(path.join(outDir, 'real'), path.join(outDir, 'alias'));
    const result = await writeMirror(outDir, [copied('alias/a.js', 'a')]);
    expect(result).toMatchObject({ written: 1, diagnostics: [] });
    expect(fs.readFileSync(path.join(outDir, 'real/a.js'), 'utf8')).toBe('a');
  });

  it('replaces a symlinked target file instead of writing through it', async () => {
    const victim = path.join(root, 'victim.txt');
    fs.writeFileSync(victim, 'precious');
    fs.mkdirSync(outDir);
    fs.symlinkSync(victim, path.join(outDir, 'a.js'));
    const result = await writeMirror(outDir, [copied('a.js', 'mirror')]);
    expect(result.written).toBe(1);
    expect(fs.readFileSync(victim, 'utf8')).toBe('precious');
    expect(fs.lstatSync(path.join(outDir, 'a.js')).isSymbolicLink()).toBe(false);
    expect(out('a.js').toString()).toBe('mirror');
  });

  it('reports an out dir that cannot be created', async () => {
    fs.writeFileSync(path.join(root, 'file'), '');
    const result = await writeMirror(path.join(root, 'file', 'flat'), [copied('a.js', 'a')]);
    expect(result.written).toBe(0);
    expect(result.diagnostics).toMatchObject([{ category: 'config', severity: 'error' }]);
  });
});

describe('removeMirrorFiles', () => {
  it('deletes mirror files and the directories left empty', async () => {
    await writeMirror(outDir, [copied('a/b/c.js', 'c'), copied('a/d.js', 'd'), copied('e/f.js', 'f')]);
    await removeMirrorFiles(outDir, ['a/b/c.js', 'e/f.js', 'never/existed.js']);
    expect(tree(outDir)).toEqual(['a', 'a/d.js']);
  });

  it('never deletes outside the out dir, directly or through a symlink', async () => {
    const outside = path.join(root, 'outside');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'keep.js'), 'keep');
    fs.writeFileSync(path.join(root, 'keep2.js'), 'keep');
    fs.mkdirSync(outDir);
    fs.symlinkSync(outside, path.join(outDir, 'link'));
    await removeMirrorFiles(outDir, ['link/keep.js', '../keep2.js', path.join(root, 'keep2.js')]);
    expect(fs.existsSync(path.join(outside, 'keep.js'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'keep2.js'))).toBe(true);
    expect(fs.lstatSync(path.join(outDir, 'link')).isSymbolicLink()).toBe(true);
  });

  it('does nothing when the out dir does not exist', async () => {
    await removeMirrorFiles(path.join(root, 'nope'), ['a.js']);
    expect(fs.existsSync(path.join(root, 'nope'))).toBe(false);
  });
});
