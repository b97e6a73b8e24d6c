import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverFiles, type DiscoverOptions } from '../src/scan/discover.js';

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

let cwd: string;

beforeEach(() => {
  // realpath: on some systems the temp dir itself is reached through a symlink.
  cwd = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fc-discover-')));
});

afterEach(() => {
  fs.rmSync(cwd, { recursive: true, force: true });
});

function write(files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(cwd, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

function link(target: string, at: string): void {
  fs.mkdirSync(path.dirname(path.join(cwd, at)), { recursive: true });
  fs.symlinkSync(target, path.join(cwd, at));
}

function discover(opts: Partial<DiscoverOptions> = {}) {
  return discoverFiles({
    paths: ['src'],
    outDir: 'flat',
    extensions: EXTENSIONS,
    ignore: [],
    copyFiles: false,
    cwd,
    ...opts,
  });
}

/** outRelPath → kind, in result order. */
function listing(result: ReturnType<typeof discover>): [string, string][] {
  return result.files.map((f) => [f.outRelPath, f.kind]);
}

describe('discoverFiles: mapping', () => {
  it('maps a directory argument onto the out dir root, sorted, with absolute input paths', () => {
    write({ 'src/b.ts': '', 'src/a/b.ts': '', 'src/a/c.jsx': '', 'src/readme.md': '' });
    const result = discover();
    expect(result.fatal).toBe(false);
    expect(result.diagnostics).toEqual([]);
    expect(listing(result)).toEqual([
      ['a/b.ts', 'source'],
      ['a/c.jsx', 'source'],
      ['b.ts', 'source'],
    ]);
    expect(result.files[0].absPath).toBe(path.join(cwd, 'src/a/b.ts'));
  });

  it('maps a file argument by its path relative to the cwd', () => {
    write({ 'lib/x.js': '', 'lib/y.js': '' });
    const result = discover({ paths: ['lib/x.js', path.join(cwd, 'lib/y.js')] });
    expect(listing(result)).toEqual([
      ['lib/x.js', 'source'],
      ['lib/y.js', 'source'],
    ]);
  });

  it('mirrors a file argument outside the cwd at the out dir root, with a warning', () => {
    write({ 'project/keep.ts': '', 'outside.ts': '' });
    const project = path.join(cwd, 'project');
    const result = discoverFiles({
      paths: ['../outside.ts'],
      outDir: 'flat',
      extensions: EXTENSIONS,
      ignore: [],
      copyFiles: false,
      cwd: project,
    });
    expect(listing(result)).toEqual([['outside.ts', 'source']]);
    expect(result.diagnostics).toMatchObject([{ code: 'input-outside-cwd', severity: 'warning', file: '../outside.ts' }]);
  });

  it('maps several directory arguments onto the root and keeps the first of colliding files', () => {
    write({ 'src/a.ts': 'first', 'src/only-src.ts': '', 'lib/a.ts': 'second', 'lib/only-lib.js': '' });
    const result = discover({ paths: ['src', 'lib'] });
    expect(listing(result)).toEqual([
      ['a.ts', 'source'],
      ['only-lib.js', 'source'],
      ['only-src.ts', 'source'],
    ]);
    expect(result.files[0].absPath).toBe(path.join(cwd, 'src/a.ts'));
    expect(result.fatal).toBe(false);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({
      category: 'config',
      code: 'duplicate-output-path',
      severity: 'warning',
      file: 'lib/a.ts',
      line: 1,
      column: 1,
    });
  });

  it('does not warn when the same file is named twice', () => {
    write({ 'lib/x.js': '' });
    const result = discover({ paths: ['lib/x.js', './lib/x.js'] });
    expect(listing(result)).toEqual([['lib/x.js', 'source']]);
    expect(result.diagnostics).toEqual([]);
  });

  it('sorts by outRelPath in code-unit order, independent of creation order', () => {
    write({ 'src/b.ts': '', 'src/B.ts': '', 'src/a/z.ts': '', 'src/a-b.ts': '', 'src/_.ts': '' });
    const paths = discover().files.map((f) => f.outRelPath);
    expect(paths).toEqual(['B.ts', '_.ts', 'a/z.ts', 'a-b.ts', 'b.ts'].sort());
    expect(paths).toEqual([...paths].sort());
  });
});

describe('discoverFiles: kinds', () => {
  it('classifies declaration files, including arbitrary-extension declarations', () => {
    write({
      'src/a.d.ts': '',
      'src/b.d.mts': '',
      'src/c.d.cts': '',
      'src/styles.d.css.ts': '',
      'src/d.ts': '',
      'src/odd.d.tsx': '',
      'src/x.ts': '',
    });
    expect(listing(discover())).toEqual([
      ['a.d.ts', 'declaration'],
      ['b.d.mts', 'declaration'],
      ['c.d.cts', 'declaration'],
      ['d.ts', 'source'],
      ['odd.d.tsx', 'source'],
      ['styles.d.css.ts', 'declaration'],
      ['x.ts', 'source'],
    ]);
  });

  it('lists other files as assets only with copyFiles', () => {
    write({ 'src/a.ts': '', 'src/data.json': '{}', 'src/img/logo.png': 'png' });
    expect(listing(discover())).toEqual([['a.ts', 'source']]);
    expect(listing(discover({ copyFiles: true }))).toEqual([
      ['a.ts', 'source'],
      ['data.json', 'asset'],
      ['img/logo.png', 'asset'],
    ]);
  });

  it('uses the extensions it is given', () => {
    write({ 'src/a.ts': '', 'src/b.js': '' });
    expect(listing(discover({ extensions: ['.js'] }))).toEqual([['b.js', 'source']]);
    expect(listing(discover({ extensions: ['.js'], copyFiles: true }))).toEqual([
      ['a.ts', 'asset'],
      ['b.js', 'source'],
    ]);
  });

  it('mirrors an explicitly named non-source file as an asset', () => {
    write({ 'notes.md': '' });
    expect(listing(discover({ paths: ['notes.md'] }))).toEqual([['notes.md', 'asset']]);
  });
});

describe('discoverFiles: skipping', () => {
  it('skips node_modules, .git and the out dir wherever they appear', () => {
    write({
      'src/a.ts': '',
      'src/node_modules/dep/index.js': '',
      'src/deep/node_modules/x.js': '',
      'src/.git/hooks/pre-commit.js': '',
      'src/sub/.git': 'gitdir: elsewhere',
      'src/flat/old.ts': '',
    });
    const result = discover({ outDir: 'src/flat' });
    expect(result.fatal).toBe(false);
    expect(listing(result)).toEqual([['a.ts', 'source']]);
  });

  it('scans the cwd itself with the out dir inside it', () => {
    write({ 'a.ts': '', 'flat/a.ts': '', 'lib/b.ts': '' });
    const result = discover({ paths: ['.'] });
    expect(result.fatal).toBe(false);
    expect(listing(result)).toEqual([
      ['a.ts', 'source'],
      ['lib/b.ts', 'source'],
    ]);
  });


  // The walk tells paths inside the out dir and cwd-relative paths by their spelling (discover.ts
  // `below`): a sibling whose name only starts with the out dir's is not inside it.
  it('walks a sibling of the out dir whose name starts with the out dir name', () => {
    write({ 'src/flat/old.ts': '', 'src/flat2/a.ts': '', 'src/flat.ts': '', 'src/flatter/b.ts': '' });
    const result = discover({ outDir: 'src/flat', ignore: ['src/flatter/b.ts'] });
    expect(result.fatal).toBe(false);
    expect(listing(result)).toEqual([
      ['flat.ts', 'source'],
      ['flat2/a.ts', 'source'],
    ]);
  });
  it('applies ignore globs to cwd-relative paths, dot files included', () => {
    write({
      'src/a.ts': '',
      'src/a.test.ts': '',
      'src/deep/b.test.ts': '',
      'src/legacy/old.ts': '',
      'src/legacy/deeper/older.ts': '',
      'src/gen/g.ts': '',
      'src/.hidden/h.ts': '',
    });
    const result = discover({ ignore: ['**/*.test.ts', 'src/legacy/**', './src/gen/', '**/.hidden/**'] });
    expect(listing(result)).toEqual([['a.ts', 'source']]);
  });

  it('applies ignore globs to explicitly named files', () => {
    write({ 'lib/x.test.js': '', 'lib/y.js': '' });
    const result = discover({ paths: ['lib/x.test.js', 'lib/y.js'], ignore: ['**/*.test.js'] });
    expect(listing(result)).toEqual([['lib/y.js', 'source']]);
  });
});

describe('discoverFiles: symbolic links', () => {
  it('lists a symlinked file as a file at the link path', () => {
    write({ 'shared/util.ts': '', 'src/a.ts': '' });
    link(path.join(cwd, 'shared/util.ts'), 'src/util.ts');
    const result = discover();
    expect(listing(result)).toEqual([
      ['a.ts', 'source'],
      ['util.ts', 'source'],
    ]);
    expect(result.files[1].absPath).toBe(path.join(cwd, 'src/util.ts'));
  });

  it('follows a symlinked directory', () => {
    write({ 'shared/lib/u.ts': '', 'src/a.ts': '' });
    link(path.join(cwd, 'shared/lib'), 'src/lib');
    expect(listing(discover())).toEqual([
      ['a.ts', 'source'],
      ['lib/u.ts', 'source'],
    ]);
  });

  it('never follows a link into a cycle', () => {
    write({ 'src/a.ts': '', 'src/sub/b.ts': '' });
    link('..', 'src/sub/up'); // src/sub/up → src
    link('.', 'src/self');
    const result = discover();
    expect(listing(result)).toEqual([
      ['a.ts', 'source'],
      ['sub/b.ts', 'source'],
    ]);
  });

  it('mirrors a directory reachable directly and through a link only at its real place', () => {
    write({ 'src/z/real.ts': '' });
    link('z', 'src/a'); // sorts before its target
    expect(listing(discover())).toEqual([['z/real.ts', 'source']]);
  });

  it('follows each linked directory once, even when two links point to it', () => {
    write({ 'shared/u.ts': '', 'src/a.ts': '' });
    link(path.join(cwd, 'shared'), 'src/one');
    link(path.join(cwd, 'shared'), 'src/two');
    expect(listing(discover())).toEqual([
      ['a.ts', 'source'],
      ['one/u.ts', 'source'],
    ]);
  });

  it('does not follow links into the out dir', () => {
    write({ 'src/a.ts': '', 'flat/a.ts': '' });
    link(path.join(cwd, 'flat'), 'src/mirror');
    link(path.join(cwd, 'flat/a.ts'), 'src/mirrored-file.ts');
    expect(listing(discover())).toEqual([['a.ts', 'source']]);
  });

  it('warns about a broken link and goes on', () => {
    write({ 'src/a.ts': '' });
    link(path.join(cwd, 'nowhere.ts'), 'src/broken.ts');
    const result = discover();
    expect(result.fatal).toBe(false);
    expect(listing(result)).toEqual([['a.ts', 'source']]);
    expect(result.diagnostics).toMatchObject([
      { category: 'config', code: 'broken-symlink', severity: 'warning', file: 'src/broken.ts' },
    ]);
  });
});

describe('discoverFiles: errors', () => {
  it('reports a missing path as a fatal config error', () => {
    write({ 'src/a.ts': '' });
    const result = discover({ paths: ['src', 'missing/dir'] });
    expect(result.fatal).toBe(true);
    expect(result.files).toEqual([]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        category: 'config',
        code: 'path-not-found',
        severity: 'error',
        file: 'missing/dir',
        line: 1,
        column: 1,
      }),
    ]);
  });

  it('refuses an out dir equal to an input directory', () => {
    write({ 'src/a.ts': '' });
    const result = discover({ outDir: 'src' });
    expect(result.fatal).toBe(true);
    expect(result.diagnostics).toMatchObject([{ category: 'config', code: 'out-dir-overlaps-input', severity: 'error', file: 'src' }]);
    expect(result.diagnostics[0].message).toContain('is the same as');
  });

  it('refuses an out dir that contains an input', () => {
    write({ 'src/a.ts': '' });
    const result = discover({ outDir: '.' });
    expect(result.fatal).toBe(true);
    expect(result.diagnostics).toMatchObject([{ code: 'out-dir-overlaps-input', severity: 'error' }]);
    expect(result.diagnostics[0].message).toContain('contains');
  });

  it('refuses an out dir equal to an input file or above it', () => {
    write({ 'lib/x.js': '' });
    expect(discover({ paths: ['lib/x.js'], outDir: 'lib/x.js' }).fatal).toBe(true);
    expect(discover({ paths: ['lib/x.js'], outDir: 'lib' }).fatal).toBe(true);
  });

  it('refuses an out dir that reaches an input through a symlink', () => {
    write({ 'src/a.ts': '' });
    link('src', 'alias');
    const result = discover({ outDir: 'alias' });
    expect(result.fatal).toBe(true);
    expect(result.diagnostics[0].code).toBe('out-dir-overlaps-input');
  });

  it('accepts an out dir nested inside an input directory', () => {
    write({ 'src/a.ts': '', 'src/out/a.ts': '' });
    const result = discover({ outDir: 'src/out' });
    expect(result.fatal).toBe(false);
    expect(result.diagnostics).toEqual([]);
    expect(listing(result)).toEqual([['a.ts', 'source']]);
  });

  it('accepts an out dir whose name merely starts with an input name', () => {
    write({ 'src/a.ts': '' });
    expect(discover({ outDir: 'src-flat' }).fatal).toBe(false);
  });
});
