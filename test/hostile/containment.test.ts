// Containment: nothing is written outside the out dir; an out dir that is, or would overwrite, an
// input is refused (exit 2, one clear error, nothing written); an out dir inside an input directory is
// not scanned; links in the out dir are never written through; linked sources are mirrored as files.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, expectNoCrash, makeProject, readTree, runCli, runJson, treeDiff } from './helpers.js';

afterAll(cleanupTempDirs);

const SOURCES = {
  'src/base.js': `export class Base { m() { return 1; } }\n`,
  'src/sub.js': `import { Base } from './base.js';\nexport class Sub extends Base { n() { return super.m() + 1; } }\n`,
  'src/nested/plain.js': `export const plain = true;\n`,
};

/** Runs the CLI and checks that nothing but `outDir` (relative to cwd) changed under cwd. */
async function runContained(cwd: string, args: string[], outDir: string | null) {
  const inOut = (rel: string) => outDir !== null && (rel === outDir || rel.startsWith(`${outDir}/`));
  const before = readTree(cwd, { skip: inOut });
  const run = await runCli(args, { cwd });
  expectNoCrash(run);
  const after = readTree(cwd, { skip: inOut });
  expect(treeDiff(before, after), 'files changed outside the out dir').toEqual([]);
  return run;
}

describe.concurrent('an out dir that is, or would overwrite, an input is refused', () => {
  const cases: Array<[string, string[], (cwd: string) => void]> = [
    ['the out dir is the input directory', ['src', '--out-dir', 'src'], () => undefined],
    ['the out dir is the input directory spelt differently', ['src', '--out-dir', './src/../src/'], () => undefined],
    ['the out dir contains the input', ['src/nested', '--out-dir', 'src'], () => undefined],
    ['the out dir is the current directory, which contains the input', ['src', '--out-dir', '.'], () => undefined],
    ['the out dir is an input file', ['src/sub.js', '--out-dir', 'src/sub.js'], () => undefined],
    ['the out dir is a link to the input directory', ['src', '--out-dir', 'link'], (cwd) => fs.symlinkSync('src', path.join(cwd, 'link'))],
    ['the out dir is a link to a parent of the input', ['src/nested', '--out-dir', 'up'], (cwd) => fs.symlinkSync('src', path.join(cwd, 'up'))],
    ['one of several inputs is inside the out dir', ['src/base.js', 'lib', '--out-dir', 'lib/..'], (cwd) => fs.mkdirSync(path.join(cwd, 'lib'))],
  ];
  for (const [name, args, setup] of cases) {
    it(`${name}: exit 2, one clear error, nothing written`, async () => {
      const cwd = makeProject(SOURCES);
      setup(cwd);
      const run = await runContained(cwd, args, null);
      expect(run.code).toBe(2);
      const output = run.stdout + run.stderr;
      expect(output).toMatch(/out-dir-overlaps-input|output directory .* (is the same as|contains) the input/);
      expect(output).not.toMatch(/Wrote \d+ file/);
    });
  }
});

describe('an out dir inside an input directory', () => {
  it('is not scanned: a second run mirrors the same files, not the first run\'s output', async () => {
    const cwd = makeProject(SOURCES);
    const first = await runJson(['src', '--out-dir', 'src/flat'], { cwd });
    expect(first.run.code).toBe(0);
    const second = await runJson(['src', '--out-dir', 'src/flat'], { cwd });
    expect(second.run.code).toBe(0);
    expect(second.report.files.map((f) => f.file)).toEqual(first.report.files.map((f) => f.file));
    expect(second.report.files.every((f) => !f.file.startsWith('src/flat/'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'src/flat/flat'))).toBe(false);
    expect(fs.readFileSync(path.join(cwd, 'src/flat/sub.js'), 'utf8')).not.toContain('extends');
  });

  it('is not scanned when reached through a link either', async () => {
    const cwd = makeProject(SOURCES);
    fs.mkdirSync(path.join(cwd, 'src/out'));
    fs.symlinkSync('out', path.join(cwd, 'src/also-out'));
    await runJson(['src', '--out-dir', 'src/out'], { cwd });
    const { report } = await runJson(['src', '--out-dir', 'src/out'], { cwd });
    expect(report.files.map((f) => f.file).sort()).toEqual(['src/base.js', 'src/nested/plain.js', 'src/sub.js']);
  });
});

describe('links in the out dir', () => {
  it('a linked directory leading outside is never written through; a linked file is replaced, not followed', async () => {
    const cwd = makeProject({
      ...SOURCES,
      'outside/victim.js': 'the original\n',
      'outside/nested/plain.js': 'not yours\n',
    });
    fs.mkdirSync(path.join(cwd, 'flat'));
    fs.symlinkSync('../outside', path.join(cwd, 'flat/nested'));
    fs.symlinkSync('../outside/victim.js', path.join(cwd, 'flat/sub.js'));
    const outsideBefore = readTree(path.join(cwd, 'outside'));

    const run = await runContained(cwd, ['src', '--out-dir', 'flat', '--report', 'json'], 'flat');
    expect(readTree(path.join(cwd, 'outside'))).toEqual(outsideBefore);
    expect(run.code).toBe(2); // a file could not be written: an error, not silence
    const report = JSON.parse(run.stdout) as { diagnostics: { code: string; message: string }[] };
    expect(report.diagnostics.filter((d) => d.code === 'out-dir-escape')).toHaveLength(1);
    expect(report.diagnostics.find((d) => d.code === 'out-dir-escape')!.message).toContain('nested/plain.js');
    // The link at flat/sub.js was replaced by the mirror file; its target is untouched.
    expect(fs.lstatSync(path.join(cwd, 'flat/sub.js')).isFile()).toBe(true);
    expect(fs.readFileSync(path.join(cwd, 'flat/sub.js'), 'utf8')).not.toContain('extends');
    expect(fs.readFileSync(path.join(cwd, 'outside/victim.js'), 'utf8')).toBe('the original\n');
  });

  it('a dangling link and a link cycle in the out dir are reported, not followed', async () => {
    const cwd = makeProject(SOURCES);
    fs.mkdirSync(path.join(cwd, 'flat'));
    fs.symlinkSync('../nowhere', path.join(cwd, 'flat/nested'));
    fs.symlinkSync('loop', path.join(cwd, 'flat/loop'));
    const run = await runContained(cwd, ['src', '--out-dir', 'flat'], 'flat');
    expect(run.code).toBe(2);
    expect(fs.existsSync(path.join(cwd, 'nowhere'))).toBe(false);
  });
});

describe('linked sources', () => {
  it('linked files and directories are mirrored as regular files, with flattened content', async () => {
    const cwd = makeProject({
      'src/base.js': `export class Base { m() { return 1; } }\n`,
      'elsewhere/sub.js': `import { Base } from './base.js';\nexport class LinkedSub extends Base {}\n`,
      'elsewhere/base.js': `export class Base { m() { return 2; } }\n`,
      'shared/util.js': `export const util = 1;\n`,
    });
    fs.symlinkSync('../elsewhere/sub.js', path.join(cwd, 'src/sub.js'));
    fs.symlinkSync('../shared', path.join(cwd, 'src/shared'));
    const before = readTree(cwd, { skip: (rel) => rel === 'flat' || rel.startsWith('flat/') });
    const { run, report } = await runJson(['src'], { cwd });
    expect(run.code).toBe(0);
    expect(treeDiff(before, readTree(cwd, { skip: (rel) => rel === 'flat' || rel.startsWith('flat/') }))).toEqual([]);
    for (const rel of ['sub.js', 'shared/util.js']) {
      const st = fs.lstatSync(path.join(cwd, 'flat', rel));
      expect(st.isFile(), rel).toBe(true);
    }
    expect(fs.lstatSync(path.join(cwd, 'flat/shared')).isDirectory()).toBe(true);
    expect(fs.readFileSync(path.join(cwd, 'flat/shared/util.js'), 'utf8')).toBe('export const util = 1;\n');
    expect(report.classes.find((c) => c.name === 'LinkedSub')?.flattened).toBe(true);
    expect(fs.readFileSync(path.join(cwd, 'flat/sub.js'), 'utf8')).not.toContain('extends');
  });
});

describe('inputs outside the current directory', () => {
  it('a file named by a path outside the cwd is mirrored inside the out dir, never next to itself', async () => {
    const root = makeProject({ 'outside/x.js': `export class X {}\n`, 'proj/src/a.js': `export const a = 1;\n` });
    const cwd = path.join(root, 'proj');
    const before = readTree(root, { skip: (rel) => rel === 'proj/flat' || rel.startsWith('proj/flat/') });
    const run = await runCli(['../outside/x.js', 'src'], { cwd });
    expectNoCrash(run);
    expect(run.code).toBe(0);
    expect(treeDiff(before, readTree(root, { skip: (rel) => rel === 'proj/flat' || rel.startsWith('proj/flat/') }))).toEqual([]);
    expect(fs.readFileSync(path.join(cwd, 'flat/x.js'), 'utf8')).toBe('export class X {}\n');
  });
});

describe('--in-place', () => {
  const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
  const project = () =>
    makeProject({
      'src/base.js': `export class Base { m() { return 1; } }\n`,
      'src/sub.js': `import { Base } from './base.js';\nexport class Sub extends Base { n() { return super.m(); } }\n`,
      'src/bom.js': Buffer.concat([BOM, Buffer.from(`import { Base } from './base.js';\r\nexport class Bom extends Base {}\r\n`)]),
      'src/ignored/ign.js': `import { Base } from '../base.js';\nexport class Ign extends Base {}\n`,
      'src/readme.md': 'not a source\n',
      'lib/other.js': `import { Base } from '../src/base.js';\nexport class Other extends Base {}\n`,
    });

  it('touches only the scanned files it rewrites, and leaves no temporary files', async () => {
    const cwd = project();
    const before = readTree(cwd);
    const run = await runCli(['src', '--in-place', '--force', '--ignore', 'src/ignored/**'], { cwd });
    expectNoCrash(run);
    expect(run.code).toBe(0);
    const after = readTree(cwd);
    expect(treeDiff(before, after)).toEqual(['src/bom.js', 'src/sub.js']);
    expect(after.get('src/sub.js')!.toString()).not.toContain('extends');
  });

  // Regression: the decoder drops the BOM, and --in-place writes FileResult.code as it is.
  it('keeps a byte order mark (one, not two) and CRLF in a file rewritten in place', async () => {
    const cwd = project();
    const run = await runCli(['src', '--in-place', '--force'], { cwd });
    expectNoCrash(run);
    const out = fs.readFileSync(path.join(cwd, 'src/bom.js'));
    expect(out.subarray(0, 3).equals(BOM)).toBe(true);
    const text = out.subarray(3).toString('utf8');
    expect(text).not.toContain('\uFEFF');
    expect(text).not.toContain('extends');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});
