// --in-place (with its git guard and --force) and --dry-run (a unified diff), end to end in temp git repos.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../src/cli/diff.js';
import { cleanupTempDirs, project, runCli, tempDir } from './helpers/cli.js';

afterAll(cleanupTempDirs);

const git = (dir: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });

const files = {
  'src/base.js': 'export class Base {\n  hello() {\n    return "hi";\n  }\n}\n',
  'src/sub.js': "import { Base } from './base.js';\n\nexport class Sub extends Base {\n  bye() {\n    return 'bye';\n  }\n}\n",
  'src/notes.txt': 'not source\n',
  'src/skip/other.js': "import { Base } from '../base.js';\nexport class Other extends Base {}\n",
  'outside.js': "import { Base } from './src/base.js';\nexport class Outside extends Base {}\n",
};

function repo(): string {
  const dir = project(files);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  return dir;
}

const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

describe('--in-place', () => {
  it('rewrites only the scanned files that change, keeps their mode, and writes no mirror', async () => {
    const dir = repo();
    chmodSync(path.join(dir, 'src/sub.js'), 0o640); // git tracks only the x bit: still clean
    const r = await runCli(['src', '--in-place', '--ignore', 'src/skip/**'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Rewrote 1 file in place\.\n$/);
    expect(read(dir, 'src/sub.js')).toContain('export class Sub {');
    expect(read(dir, 'src/sub.js')).toContain('hello()');
    expect(statSync(path.join(dir, 'src/sub.js')).mode & 0o777).toBe(0o640);
    // Not scanned or not changed: untouched.
    for (const rel of ['src/skip/other.js', 'outside.js', 'src/notes.txt']) expect(read(dir, rel)).toBe(files[rel as keyof typeof files]);
    expect(readdirSync(dir).sort()).toEqual(['.git', 'outside.js', 'src']);
    expect(readdirSync(path.join(dir, 'src')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(git(dir, 'status', '--porcelain').trim().split('\n').map((l) => l.trim())).not.toContain('M src/skip/other.js');
  });

  it('refuses a dirty work tree (modified or untracked input) with exit 2 and writes nothing', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'src/new.js'), 'export const x = 1;\n');
    const r = await runCli(['src', '--in-place'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^flatten-classes: error: --in-place refused: the git work tree has uncommitted changes in the inputs; commit or stash them first \(or use --force\):\n {4}\?\? src\/new\.js\n$/);
    expect(read(dir, 'src/sub.js')).toBe(files['src/sub.js']);
  });

  it('only the inputs count: a dirty file elsewhere does not block', async () => {
    const dir = repo();
    writeFileSync(path.join(dir, 'outside.js'), '// changed\n');
    const r = await runCli(['src', '--in-place'], dir);
    expect(r.code).toBe(0);
  });

  it('refuses outside a git work tree; --force overrides both refusals', async () => {
    const dir = project(files);
    const refused = await runCli(['src', '--in-place'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^flatten-classes: error: --in-place refused: the inputs are not in a git work tree \(.*\); nothing could undo an in-place rewrite \(use --force to rewrite anyway\)\n$/);
    const forced = await runCli(['src', '--in-place', '--force'], dir);
    expect(forced.code).toBe(0);
    expect(read(dir, 'src/sub.js')).toContain('export class Sub {');
  });

  it('flag combinations that make no sense are argument errors', async () => {
    const dir = tempDir();
    for (const [argv, msg] of [
      [['--force'], '--force only applies to --in-place'],
      [['--in-place', '--out-dir', 'x'], '--in-place rewrites the inputs themselves; it cannot be combined with --out-dir'],
      [['--in-place', '--copy-files'], '--in-place rewrites the inputs themselves; it cannot be combined with --copy-files'],
    ] as const) {
      const r = await runCli([...argv], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`flatten-classes: error: ${msg} (see --help)\n`);
    }
  });

  it('--check with --in-place lists the files that would change in place and writes nothing', async () => {
    const dir = repo();
    const r = await runCli(['src', '--in-place', '--check'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Would rewrite 2 files in place:\n {2}src\/skip\/other\.js\n {2}src\/sub\.js\n/);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
});

describe('--dry-run', () => {
  it('prints a unified diff that git applies, sends the report to stderr, and writes nothing', async () => {
    const dir = repo();
    const r = await runCli(['src', '--in-place', '--dry-run'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^--- a\/src\/skip\/other\.js\n\+\+\+ b\/src\/skip\/other\.js\n@@ /);
    expect(r.stdout).toContain('--- a/src/sub.js\n+++ b/src/sub.js\n');
    expect(r.stdout).toContain("-export class Sub extends Base {\n+export class Sub {\n");
    expect(r.stderr).toMatch(/^Would rewrite 2 files in place:/);
    expect(r.stderr).toContain('Summary:');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    // The diff is exactly what --in-place then does.
    writeFileSync(path.join(dir, '..', `${path.basename(dir)}.diff`), r.stdout);
    git(dir, 'apply', path.join(dir, '..', `${path.basename(dir)}.diff`));
    const applied = { sub: read(dir, 'src/sub.js'), other: read(dir, 'src/skip/other.js') };
    git(dir, 'checkout', '-q', '--', '.');
    expect((await runCli(['src', '--in-place'], dir)).code).toBe(0);
    expect(read(dir, 'src/sub.js')).toBe(applied.sub);
    expect(read(dir, 'src/skip/other.js')).toBe(applied.other);
  });

  it('without --in-place the diff compares each input with its mirror file; a dirty tree does not matter', async () => {
    const dir = project(files);
    const r = await runCli(['src', '--dry-run'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--- a/src/sub.js\n+++ b/flat/sub.js\n');
    expect(readdirSync(dir)).not.toContain('flat');
  });

  it('nothing to change: an empty diff', async () => {
    const dir = project({ 'src/a.js': 'export class A {}\n' });
    const r = await runCli(['src', '--in-place', '--dry-run'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Would rewrite no files\./);
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with three lines of context and git-style ranges', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].join('\n') + '\n';
    const after = before.replace('b\n', 'B\n').replace('i\n', '');
    expect(unifiedDiff(before, after, { fromFile: 'a/x', toFile: 'b/x' })).toBe(
      '--- a/x\n+++ b/x\n@@ -1,10 +1,9 @@\n a\n-b\n+B\n c\n d\n e\n f\n g\n h\n-i\n j\n',
    );
    expect(unifiedDiff(before, after, { fromFile: 'a/x', toFile: 'b/x', context: 1 })).toBe(
      '--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n@@ -8,3 +8,2 @@\n h\n-i\n j\n',
    );
  });

  it('marks a missing final newline, and handles empty sides', () => {
    expect(unifiedDiff('a\nb', 'a\nb\n', { fromFile: 'a/x', toFile: 'b/x' })).toBe('--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n');
    expect(unifiedDiff('', 'x\n', { fromFile: 'a/x', toFile: 'b/x' })).toBe('--- a/x\n+++ b/x\n@@ -0,0 +1 @@\n+x\n');
    expect(unifiedDiff('x\n', '', { fromFile: 'a/x', toFile: 'b/x' })).toBe('--- a/x\n+++ b/x\n@@ -1 +0,0 @@\n-x\n');
    expect(unifiedDiff('same\n', 'same\n', { fromFile: 'a/x', toFile: 'b/x' })).toBe('');
  });

  it('random edits: git apply turns before into after', () => {
    const dir = tempDir();
    git(dir, 'init', '-q');
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const text = () => {
      const lines = Array.from({ length: Math.floor(rnd() * 25) }, () => `l${Math.floor(rnd() * 5)}`);
      return lines.join('\n') + (lines.length > 0 && rnd() < 0.8 ? '\n' : '');
    };
    for (let i = 0; i < 60; i++) {
      const before = text();
      const after = rnd() < 0.5 ? text() : before.replace(/l1/g, () => (rnd() < 0.5 ? 'l9' : 'l1'));
      writeFileSync(path.join(dir, 'f'), before);
      const patch = unifiedDiff(before, after, { fromFile: 'a/f', toFile: 'b/f', context: Math.floor(rnd() * 4) });
      if (patch === '') {
        expect(after).toBe(before);
        continue;
      }
      writeFileSync(path.join(dir, 'p.diff'), patch);
      git(dir, 'apply', '--unidiff-zero', 'p.diff');
      expect(readFileSync(path.join(dir, 'f'), 'utf8')).toBe(after);
    }
  });
});
