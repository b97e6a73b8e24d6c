// A config file that throws, and resolution callbacks (config file or API option) that throw or
// return nonsense: one clear diagnostic or error line, never a crash, and the other files still done.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, REPO_ROOT, cleanupTempDirs, collect, expectNoCrash, makeProject, runCli, runJson } from './helpers.js';

afterAll(cleanupTempDirs);

const SOURCES = {
  'src/base.js': `export class Base { m() { return 1; } }\n`,
  'src/sub.js': `import { Base } from './base.js';\nexport class Sub extends Base { n() { return super.m() + 1; } }\n`,
  'src/local.js': `class L1 { a() { return 1; } }\nexport class L2 extends L1 {}\n`,
};

/** One line on stderr naming the config file, exit 2, no stack trace, nothing written. */
async function expectConfigRefused(config: string, name = 'flatten-classes.config.mjs'): Promise<string> {
  const cwd = makeProject({ ...SOURCES, [name]: config });
  const run = await runCli(['src'], { cwd });
  expectNoCrash(run);
  expect(run.code).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^flatten-classes: error: ${name.replace(/\./g, '\\.')}`));
  return lines[0]!;
}

describe.concurrent('a config file that fails to load', () => {
  it('throws an Error at the top level', async () => {
    expect(await expectConfigRefused(`throw new Error('config exploded');\nexport default {};\n`)).toContain('config exploded');
  });

  it('throws a non-Error value (null, an object whose message getter throws)', async () => {
    await expectConfigRefused(`throw null;\n`);
    await expectConfigRefused(`throw { get message() { throw new Error('nested'); } };\n`);
  });

  it('has a syntax error (ESM and CommonJS)', async () => {
    await expectConfigRefused(`export default { paths: ['src'] ;\n`);
    await expectConfigRefused(`module.exports = { paths: ['src'] ;\n`, 'flatten-classes.config.cjs');
  });

  it('is invalid JSON', async () => {
    await expectConfigRefused(`{ "paths": ["src"], }`, 'flatten-classes.config.json');
  });

  it('exports an object whose getters or Proxy traps throw', async () => {
    expect(await expectConfigRefused(`export default { get resolve() { throw new Error('getter exploded'); } };\n`)).toContain('getter exploded');
    await expectConfigRefused(`export default { paths: new Proxy(['src'], { get() { throw new Error('trap'); } }) };\n`);
    await expectConfigRefused(`export default new Proxy({}, { ownKeys() { throw new Error('keys'); } });\n`);
    // A thrown value whose message getter throws in turn.
    await expectConfigRefused(`export default { get paths() { throw { get message() { throw 1; } }; } };\n`);
    await expectConfigRefused(`export default { get paths() { throw Object.create(null); } };\n`);
  });

  // With nothing left to wait for, node would exit 0 while the config's import is still pending.
  it('awaits forever at the top level', async () => {
    const line = await expectConfigRefused(`await new Promise(() => {});\nexport default {};\n`);
    expect(line).toContain('never finished');
  });
});

describe('the launcher', () => {
  // The same check for anything else main() might wait for forever: the launcher with a stand-in main().
  it('reports a run that stops unfinished (exit 2), not exit 0 in silence', async () => {
    const cwd = makeProject({
      'package.json': '{ "type": "module" }\n',
      'bin/flatten-classes.js': fs.readFileSync(BIN, 'utf8'),
      'dist/cli/main.js': 'export function main() { return new Promise(() => {}); }\n',
    });
    const child = spawn(process.execPath, [path.join(cwd, 'bin/flatten-classes.js')], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const run = await collect(child, 30_000);
    expectNoCrash(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^flatten-classes: error: the run stopped before it finished/);
  });
});

/**
 * One importer per kind of failure: `src/cases/<name>.js` imports `./<name>-target.js` (which exists)
 * and extends a class from it, next to a local chain that must still be flattened.
 */
function resolveCases(names: string[]): Record<string, string> {
  const files: Record<string, string> = { ...SOURCES };
  for (const name of names) {
    files[`src/cases/${name}-target.js`] = `export class T { t() { return 1; } }\n`;
    files[`src/cases/${name}.js`] =
      `import { T } from './${name}-target.js';\nexport class S extends T {}\nclass L1 { a() { return 1; } }\nexport class L2 extends L1 {}\n`;
  }
  return files;
}

/** resolve() source that fails differently for each case (by specifier), and resolves nothing else. */
const FAILURES: Record<string, string> = {
  throws: `throw new Error('resolver exploded')`,
  'throws-string': `throw 'nope'`,
  'throws-undefined': `throw undefined`,
  number: `return 42`,
  object: `return { path: 'src/base.js' }`,
  'empty-string': `return ''`,
  relative: `return 'base.js'`,
  directory: `return from.slice(0, from.lastIndexOf('/'))`,
  importer: `return from`,
  undefined: `return undefined`,
  symbol: `return Symbol('x')`,
  'string-object': `return new String(from)`,
  'throwing-tostring': `return { toString() { throw new Error('no'); } }`,
  proxy: `return new Proxy({}, { get() { throw new Error('trap'); } })`,
};

function dispatchingResolve(failures: Record<string, string>): string {
  const branches = Object.entries(failures)
    .map(([name, body]) => `    if (s === './${name}-target.js') { ${body}; }`)
    .join('\n');
  return `(s, from) => {\n${branches}\n    return null;\n  }`;
}

function expectCasesHandled(classes: { name: string; file: string; flattened: boolean }[], names: string[]): void {
  for (const name of names) {
    const file = `src/cases/${name}.js`;
    // The failed import leaves S as it is; the local chain of the same file is still flattened.
    expect(classes.find((c) => c.file === file && c.name === 'S')?.flattened, name).toBe(false);
    expect(classes.find((c) => c.file === file && c.name === 'L2')?.flattened, name).toBe(true);
  }
}

describe("the config's resolve() fails", () => {
  it('throws or returns nonsense (one kind per import): warnings, exit 0, everything else flattened', async () => {
    const names = [...Object.keys(FAILURES), 'rejected-promise'];
    const failures = { ...FAILURES, 'rejected-promise': `return Promise.reject(new Error('async resolver'))` };
    const cwd = makeProject({
      ...resolveCases(names),
      'flatten-classes.config.mjs': `export default {\n  resolve: ${dispatchingResolve(failures)},\n};\n`,
    });
    const { run, report } = await runJson(['src'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expectCasesHandled(report.classes, names);
    // Each failure is reported once, naming the specifier, at the config file.
    const reported = report.diagnostics.filter((d) => d.file === 'flatten-classes.config.mjs').map((d) => d.message);
    // Strings "resolve" to something that is not a scanned module (the import's own warning below).
    const stringLike = new Set(['importer', 'directory', 'relative']);
    for (const name of names) {
      if (!stringLike.has(name)) expect(reported.filter((m) => m.includes(`"./${name}-target.js"`)), name).toHaveLength(1);
      // (Resolving to the importer itself is a module that exists: its missing export goes unreported.)
      if (name === 'importer') continue;
      const own = report.diagnostics.filter((d) => d.file === `src/cases/${name}.js` && d.category === 'resolve');
      expect(own.length, name).toBeGreaterThanOrEqual(1);
    }
    expect(report.classes.find((c) => c.name === 'L2' && c.file === 'src/local.js')?.flattened).toBe(true);
  });
});

/** Runs flatten() of the built package in a fresh node with `resolve` as the option; prints a summary. */
async function apiRun(files: Record<string, string>, resolveSource: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const cwd = makeProject(files);
  const entry = pathToFileURL(path.join(REPO_ROOT, 'dist', 'index.js')).href;
  const script = `
    import { flatten } from ${JSON.stringify(entry)};
    const resolve = ${resolveSource};
    const result = await flatten({ cwd: ${JSON.stringify(cwd)}, paths: ['src'], resolve });
    // Give a rejected promise the chance to surface as an unhandled rejection.
    await new Promise((r) => setTimeout(r, 50));
    console.log(JSON.stringify({ classes: result.classes, diagnostics: result.diagnostics }));
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const run = await collect(child, 60_000);
  return { code: run.code, stdout: run.stdout, stderr: run.stderr };
}

describe('the API resolve option fails', () => {
  it('throws or returns nonsense (one kind per import): treated as unresolved, nothing thrown', async () => {
    const names = Object.keys(FAILURES);
    const run = await apiRun(resolveCases(names), dispatchingResolve(FAILURES));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      classes: { name: string; file: string; flattened: boolean }[];
      diagnostics: { severity: string; file: string; code: string; message: string }[];
    };
    expectCasesHandled(result.classes, names);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // The import's warning says how resolve() failed (strings are answers, just not scanned modules).
    for (const name of names.filter((n) => !['importer', 'directory', 'relative'].includes(n))) {
      const warning = result.diagnostics.find((d) => d.file === `src/cases/${name}.js` && d.code === 'unresolved-import');
      expect(warning?.message, name).toMatch(/\(resolve\(\) (threw:|returned) /);
    }
  });

  // A rejected Promise nobody handles would end the process (exit 1) after flatten() returned.
  it('returns a rejected Promise: a warning on the import, no unhandled rejection, the rest done', async () => {
    const run = await apiRun(SOURCES, `() => Promise.reject(new Error('async resolver'))`);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { classes: { name: string; flattened: boolean }[]; diagnostics: { file: string; line: number; category: string; message: string }[] };
    expect(result.diagnostics).toContainEqual(
      expect.objectContaining({ file: 'src/sub.js', line: 1, category: 'resolve', message: expect.stringContaining('returned a Promise') }),
    );
    expect(result.classes.find((c) => c.name === 'L2')?.flattened).toBe(true);
  });
});
