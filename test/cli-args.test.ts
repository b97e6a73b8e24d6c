import { mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type MainIO } from '../src/cli/main.js';
import type { Diagnostic, FlattenOptions, FlattenResult } from '../src/types.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

let cwd: string;
beforeAll(() => {
  // A directory with no config file above it in practice (tmp), so arguments alone decide.
  cwd = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fc-cli-')));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function result(diagnostics: Diagnostic[] = []): FlattenResult {
  return { files: [], classes: [], diagnostics, stats: { filesScanned: 1, filesParsed: 1, filesRewritten: 0, classesFlattened: 0, durationMs: 3 } };
}

const noCore = async (): Promise<FlattenResult> => {
  throw new Error('flatten() must not be called for argument errors');
};

async function run(argv: string[], extra: Partial<MainIO> = {}) {
  let stdout = '';
  let stderr = '';
  const mirror: string[] = [];
  const code = await main(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd,
    env: { NO_COLOR: '1' },
    isTTY: false,
    flatten: noCore,
    writeMirror: async (dir, files) => (mirror.push(dir), { written: files.length, unchanged: 0, diagnostics: [] }),
    ...extra,
  });
  return { code, stdout, stderr, mirror };
}

function diag(partial: Partial<Diagnostic>): Diagnostic {
  return { category: 'super', code: 'x', severity: 'warning', file: 'src/a.ts', line: 1, column: 1, message: 'm', ...partial };
}

describe('argument errors', () => {
  it('unknown option → exit 2, one line, no stack trace', async () => {
    const r = await run(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("flatten-classes: error: unknown option '--frobnicate' (see --help)\n");
    expect(r.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('a near-miss option gets a suggestion on the same line', async () => {
    const r = await run(['--out-dri', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--out-dir');
  });

  it('bad --report value → exit 2 naming the allowed values', async () => {
    const r = await run(['--report', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^flatten-classes: error: .*'xml'.*pretty, json.*\(see --help\)\n$/);
  });

  it('missing option argument → exit 2', async () => {
    const r = await run(['--out-dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flatten-classes: error: option '-o, --out-dir <dir>' argument missing/);
  });

  it('bad --jobs → exit 2', async () => {
    for (const bad of ['x', '-1', '1.5', '65']) {
      const r = await run(['--jobs', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('expected an integer from 0 to 64');
    }
  });

  it('empty --extensions → exit 2', async () => {
    const r = await run(['--extensions', ',']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('comma-separated');
  });

  it('a missing --config file → exit 2 with one line', async () => {
    const r = await run(['--config', 'nope.mjs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('flatten-classes: error: config file not found: nope.mjs\n');
  });
});

describe('--version and --help', () => {
  it('--version prints the package version and exits 0', async () => {
    for (const flag of ['--version', '-v']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${pkg.version}\n`);
      expect(r.stderr).toBe('');
    }
  });

  it('--help shows usage, options and Examples, and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: flatten-classes [options] [paths...]');
    expect(r.stdout).toContain('--out-dir <dir>');
    expect(r.stdout).toContain('--report-file <path>');
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('flatten-classes src --out-dir flat');
    expect(r.stdout).toContain('flatten-classes src --check');
    expect(r.stdout).toContain('flatten-classes src --report json --report-file report.json');
    expect(r.stdout).toContain('Exit codes:');
    const short = await run(['-h']);
    expect(short.code).toBe(0);
    expect(short.stdout).toBe(r.stdout);
  });
});

describe('options reach flatten() and exit codes (stubbed core)', () => {
  it('defaults and flags', async () => {
    let seen: FlattenOptions | undefined;
    const r = await run(['a', 'b', '-o', 'out', '--extensions', 'ts, .tsx', '--ignore', '**/*.spec.ts', 'x/**', '--copy-files'], {
      flatten: async (o) => ((seen = o), result()),
    });
    expect(r.code).toBe(0);
    expect(seen).toEqual({ paths: ['a', 'b'], outDir: 'out', extensions: ['.ts', '.tsx'], ignore: ['**/*.spec.ts', 'x/**'], copyFiles: true, cwd });
    expect(r.mirror).toEqual([path.join(cwd, 'out')]);
    const d = await run([], { flatten: async (o) => ((seen = o), result()) });
    expect(d.code).toBe(0);
    expect(seen).toMatchObject({ paths: ['src'], outDir: 'flat', copyFiles: false });
    expect(d.stdout).toContain('Summary:');
    expect(d.stdout).toContain('Wrote 0 files to flat/ (0 unchanged).');
  });

  it('--check writes nothing and exits 1 on warnings, 0 on infos only', async () => {
    const warn = await run(['--check'], { flatten: async () => result([diag({ severity: 'warning' })]) });
    expect(warn.code).toBe(1);
    expect(warn.mirror).toEqual([]);
    expect(warn.stdout).toContain('0 files to rewrite');
    const info = await run(['--check'], { flatten: async () => result([diag({ severity: 'info' })]) });
    expect(info.code).toBe(0);
    const noCheck = await run([], { flatten: async () => result([diag({ severity: 'error' })]) });
    expect(noCheck.code).toBe(0);
  });

  it('parse diagnostics → 2 but the mirror is still written; config errors → 2 and nothing written', async () => {
    const parse = await run([], { flatten: async () => result([diag({ category: 'parse', severity: 'error' })]) });
    expect(parse.code).toBe(2);
    expect(parse.mirror).toHaveLength(1);
    const config = await run([], { flatten: async () => result([diag({ category: 'config', severity: 'error', file: '' })]) });
    expect(config.code).toBe(2);
    expect(config.mirror).toEqual([]);
  });

  it('--quiet prints only errors and warnings', async () => {
    const r = await run(['--quiet'], {
      flatten: async () => result([diag({ severity: 'info', message: 'just so you know' }), diag({ line: 2, message: 'careful' })]),
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('careful');
    expect(r.stdout).not.toContain('just so you know');
    expect(r.stdout).not.toContain('Summary');
    expect(r.stdout).not.toContain('Wrote');
  });

  it('--report json --report-file writes the file atomically and nothing to stdout', async () => {
    const r = await run(['--report', 'json', '--report-file', 'reports/report.json'], { flatten: async () => result([diag({})]) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(path.join(cwd, 'reports/report.json'), 'utf8');
    expect(JSON.parse(text).version).toBe(1);
    expect(text.endsWith('\n')).toBe(true);
    expect(readdirSync(path.join(cwd, 'reports'))).toEqual(['report.json']);
  });

  it('a mirror that cannot be written → 2 with a diagnostic, not a crash', async () => {
    const r = await run([], {
      flatten: async () => result(),
      writeMirror: async () => {
        throw Object.assign(new Error("EACCES: permission denied, mkdir '/flat'"), { code: 'EACCES' });
      },
    });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('cannot write the output directory: EACCES');
  });
});
