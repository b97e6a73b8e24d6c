import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_EXTENSIONS,
  findConfigFile,
  loadConfig,
  mergeSettings,
  resolveProblemDiagnostics,
  suggestKey,
  validateConfig,
  wrapResolve,
  type ResolveProblem,
} from '../src/cli/config.js';
import { main, type MainIO } from '../src/cli/main.js';
import type { FlattenOptions, FlattenResult } from '../src/types.js';

let root: string;

beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'fc-config-')));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function write(rel: string, text: string): string {
  const abs = path.join(root, rel);
  mkdirSync(path.dirname(abs), { recursive: true });
  writeFileSync(abs, text);
  return abs;
}

async function loadError(opts: { cwd: string; explicitPath?: string }): Promise<string[]> {
  try {
    await loadConfig(opts);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).messages;
  }
  throw new Error('expected a ConfigError');
}

describe('discovery', () => {
  it('finds the nearest config file upward from cwd', async () => {
    const top = write('flatten-classes.config.json', JSON.stringify({ outDir: 'top-out' }));
    const deep = path.join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    expect(findConfigFile(deep)).toBe(top);
    const nearer = write('a/flatten-classes.config.mjs', 'export default { outDir: "a-out" };\n');
    expect(findConfigFile(deep)).toBe(nearer);
    const loaded = await loadConfig({ cwd: deep });
    expect(loaded?.file).toBe(nearer);
    expect(loaded?.displayName).toBe('../../flatten-classes.config.mjs');
    expect(loaded?.config.outDir).toBe('a-out');
  });

  it('returns undefined when there is no config file', async () => {
    // os.tmpdir() itself might hold one in a strange environment; only check our own tree's behaviour
    if (findConfigFile(root) === undefined) expect(await loadConfig({ cwd: root })).toBeUndefined();
  });

  it('prefers .js over .mjs over .cjs over .json in one directory', () => {
    write('flatten-classes.config.json', '{}');
    write('flatten-classes.config.cjs', 'module.exports = {};');
    expect(path.basename(findConfigFile(root)!)).toBe('flatten-classes.config.cjs');
    write('flatten-classes.config.mjs', 'export default {};');
    expect(path.basename(findConfigFile(root)!)).toBe('flatten-classes.config.mjs');
  });

  it('loads .cjs via module.exports, .mjs via default export, and --config paths', async () => {
    write('flatten-classes.config.cjs', 'module.exports = { copyFiles: true, extensions: ["ts", ".js"] };');
    const cjs = await loadConfig({ cwd: root });
    expect(cjs?.config).toEqual({ copyFiles: true, extensions: ['.ts', '.js'] });
    write('conf/custom.mjs', 'export default { report: "json", resolve(s) { return null; } };');
    const mjs = await loadConfig({ cwd: root, explicitPath: 'conf/custom.mjs' });
    expect(mjs?.config.report).toBe('json');
    expect(typeof mjs?.config.resolve).toBe('function');
  });

  it('reports a missing --config file and an unsupported type', async () => {
    expect(await loadError({ cwd: root, explicitPath: 'nope.json' })).toEqual(['config file not found: nope.json']);
    write('conf.yaml', 'a: 1');
    expect((await loadError({ cwd: root, explicitPath: 'conf.yaml' }))[0]).toMatch(/conf\.yaml: unsupported config file type "\.yaml"/);
  });
});

describe('validation', () => {
  it('names the file and the unknown key, with a suggestion', async () => {
    write('flatten-classes.config.mjs', 'export default { outdir: "x", frobnicate: 1 };');
    expect(await loadError({ cwd: root })).toEqual([
      'flatten-classes.config.mjs: unknown key "outdir" (did you mean "outDir"?)',
      'flatten-classes.config.mjs: unknown key "frobnicate"',
    ]);
  });

  it('names the key and the wrong type', () => {
    const { errors } = validateConfig(
      { paths: 'src', outDir: 3, copyFiles: 'yes', report: 'xml', resolve: 'nope', ignore: [1], extensions: [] },
      'c.json',
    );
    expect(errors).toEqual([
      'c.json: "paths" must be an array of strings, got "src"',
      'c.json: "outDir" must be a non-empty string, got number 3',
      'c.json: "copyFiles" must be a boolean, got "yes"',
      'c.json: "report" must be one of "pretty", "json", "sarif" or "github", got "xml"',
      'c.json: "resolve" must be a function (specifier, importerPath) => string | null, got "nope"',
      'c.json: "ignore" must be an array of non-empty strings, got an array',
    ]);
  });

  it('rejects a non-object export and bad JSON', async () => {
    expect(validateConfig([1], 'c.json').errors).toEqual(['c.json: the config must export an object, got an array']);
    write('flatten-classes.config.json', '{ "outDir": ');
    const [msg] = await loadError({ cwd: root });
    expect(msg).toMatch(/^flatten-classes\.config\.json: invalid JSON: /);
  });

  it('suggests keys for typos', () => {
    expect(suggestKey('copyfiles')).toBe('copyFiles');
    expect(suggestKey('extention')).toBe('extensions');
    expect(suggestKey('pths')).toBe('paths');
    expect(suggestKey('zzzzzzzz')).toBeUndefined();
  });

  it('a config that throws while loading is one clear line', async () => {
    write('flatten-classes.config.mjs', 'throw new Error("kaboom\\nsecond line");\n');
    expect(await loadError({ cwd: root })).toEqual(['flatten-classes.config.mjs: failed to load: kaboom']);
  });

  it('an ES module without a default export is an error', async () => {
    write('flatten-classes.config.mjs', 'export const outDir = "x";\n');
    expect((await loadError({ cwd: root }))[0]).toMatch(/no default export/);
  });
});

describe('mergeSettings', () => {
  it('uses defaults without config or flags', () => {
    const { options, report } = mergeSettings({}, undefined, root);
    expect(options).toEqual({ paths: ['src'], outDir: 'flat', extensions: DEFAULT_EXTENSIONS, ignore: [], copyFiles: false, cwd: root });
    expect(report).toBe('pretty');
  });

  it('jobs: an integer from 0 to 64 in the file, --jobs over it, passed to flatten()', () => {
    expect(validateConfig({ jobs: 2 }, 'c.json')).toMatchObject({ errors: [], config: { jobs: 2 } });
    expect(validateConfig({ jobs: -1 }, 'c.json').errors).toEqual(['c.json: "jobs" must be an integer from 0 to 64, got number -1']);
    expect(validateConfig({ jobs: 1.5 }, 'c.json').errors).toEqual(['c.json: "jobs" must be an integer from 0 to 64, got number 1.5']);
    expect(validateConfig({ jobs: '2' }, 'c.json').errors).toEqual(['c.json: "jobs" must be an integer from 0 to 64, got "2"']);
    const loaded = { file: path.join(root, 'c.json'), displayName: 'c.json', config: { jobs: 3 }, raw: {} } as never;
    expect(mergeSettings({}, loaded, root).options.jobs).toBe(3);
    expect(mergeSettings({ jobs: 0 }, loaded, root).options.jobs).toBe(0);
    expect(mergeSettings({}, undefined, root).options.jobs).toBeUndefined();
  });

  it('CLI flags override the config file', async () => {
    write('flatten-classes.config.json', JSON.stringify({ paths: ['lib'], outDir: 'o', extensions: ['.ts'], ignore: ['**/*.spec.ts'], copyFiles: true, report: 'json' }));
    const loaded = await loadConfig({ cwd: root });
    const fromFile = mergeSettings({}, loaded, root);
    expect(fromFile.options).toMatchObject({ paths: ['lib'], outDir: 'o', extensions: ['.ts'], ignore: ['**/*.spec.ts'], copyFiles: true });
    expect(fromFile.report).toBe('json');
    const overridden = mergeSettings(
      { paths: ['src2'], outDir: 'out2', extensions: ['.js'], ignore: ['x/**'], copyFiles: false, report: 'pretty' },
      loaded,
      root,
    );
    expect(overridden.options).toMatchObject({ paths: ['src2'], outDir: 'out2', extensions: ['.js'], ignore: ['x/**'], copyFiles: false });
    expect(overridden.report).toBe('pretty');
  });

  it('takes config paths relative to the config file directory', async () => {
    write('flatten-classes.config.json', JSON.stringify({ paths: ['src'], outDir: 'flat', ignore: ['src/gen/**', '**/*.d.ts'] }));
    const sub = path.join(root, 'pkg');
    mkdirSync(sub);
    const { options } = mergeSettings({}, await loadConfig({ cwd: sub }), sub);
    expect(options).toMatchObject({ paths: ['../src'], outDir: '../flat', ignore: ['../src/gen/**', '**/*.d.ts'] });
  });
});

describe('wrapResolve', () => {
  it('passes strings and null through, turns failures into null and records each specifier once', () => {
    const problems: ResolveProblem[] = [];
    const resolve = wrapResolve((spec: string) => {
      if (spec === 'ok') return '/abs/ok.ts';
      if (spec === 'ext') return null;
      if (spec === 'boom') throw new Error('boom');
      if (spec === 'async') return Promise.resolve('/x');
      return 42;
    }, problems);
    expect(resolve('ok', '/p/a.ts')).toBe('/abs/ok.ts');
    expect(resolve('ext', '/p/a.ts')).toBeNull();
    expect(resolve('boom', '/p/a.ts')).toBeNull();
    expect(resolve('boom', '/p/b.ts')).toBeNull();
    expect(resolve('num', '/p/a.ts')).toBeNull();
    expect(resolve('async', '/p/a.ts')).toBeNull();
    expect(problems).toEqual([
      { specifier: 'boom', importer: '/p/a.ts', message: 'threw: boom' },
      { specifier: 'num', importer: '/p/a.ts', message: 'returned number 42' },
      { specifier: 'async', importer: '/p/a.ts', message: 'returned a Promise (resolve() must be synchronous)' },
    ]);
  });

  it('calls resolve with the config object as this', () => {
    const problems: ResolveProblem[] = [];
    const obj = { base: '/lib', resolve(this: { base: string }, s: string) { return `${this.base}/${s}.ts`; } };
    expect(wrapResolve(obj.resolve, problems, obj)('x', '/a.ts')).toBe('/lib/x.ts');
    expect(problems).toEqual([]);
  });

  it('problems become resolve warnings located at the config file', async () => {
    const file = write('flatten-classes.config.mjs', 'export default {\n  resolve(spec) {\n    throw new Error("nope");\n  },\n};\n');
    const loaded = (await loadConfig({ cwd: root }))!;
    const ds = resolveProblemDiagnostics([{ specifier: 'x', importer: path.join(root, 'src/a.ts'), message: 'threw: nope' }], loaded, root);
    expect(ds).toEqual([
      {
        category: 'resolve',
        code: 'config-resolve-failed',
        severity: 'warning',
        file: 'flatten-classes.config.mjs',
        line: 2,
        column: 3,
        message: 'resolve() threw: nope for "x" (imported from src/a.ts); treated as unresolved',
        hint: 'resolve() must return an absolute path, or null for a module outside the project',
      },
    ]);
    expect(readFileSync(file, 'utf8')).toContain('resolve');
  });
});

describe('main() with a config file', () => {
  function emptyResult(): FlattenResult {
    return { files: [], classes: [], diagnostics: [], stats: { filesScanned: 0, filesParsed: 0, filesRewritten: 0, classesFlattened: 0, durationMs: 1 } };
  }
  function harness(flatten: (o: FlattenOptions) => Promise<FlattenResult>) {
    let stdout = '';
    let stderr = '';
    const mirrorCalls: string[] = [];
    const io: MainIO = {
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stderr += s),
      cwd: root,
      env: { NO_COLOR: '1' },
      isTTY: false,
      flatten,
      writeMirror: async (outDirAbs, files) => {
        mirrorCalls.push(outDirAbs);
        return { written: files.length, unchanged: 0, diagnostics: [] };
      },
    };
    return { io, out: () => stdout, err: () => stderr, mirrorCalls };
  }

  it('config errors exit 2 with one line per problem and no stack trace', async () => {
    write('flatten-classes.config.mjs', 'export default { outdir: "x" };');
    const h = harness(async () => emptyResult());
    expect(await main([], h.io)).toBe(2);
    expect(h.err()).toBe('flatten-classes: error: flatten-classes.config.mjs: unknown key "outdir" (did you mean "outDir"?)\n');
    expect(h.out()).toBe('');
  });

  it('a config that throws while loading exits 2 with one line', async () => {
    write('flatten-classes.config.cjs', 'throw new TypeError("bad config");');
    const h = harness(async () => emptyResult());
    expect(await main([], h.io)).toBe(2);
    expect(h.err()).toBe('flatten-classes: error: flatten-classes.config.cjs: failed to load: bad config\n');
  });

  it('CLI flags override the file when calling flatten()', async () => {
    write('flatten-classes.config.json', JSON.stringify({ paths: ['lib'], outDir: 'from-config', copyFiles: true }));
    let seen: FlattenOptions | undefined;
    const h = harness(async (o) => ((seen = o), emptyResult()));
    expect(await main(['--out-dir', 'from-cli', '--no-copy-files'], h.io)).toBe(0);
    expect(seen).toMatchObject({ paths: ['lib'], outDir: 'from-cli', copyFiles: false, cwd: root });
    expect(h.mirrorCalls).toEqual([path.join(root, 'from-cli')]);
  });

  it('resolve() failures are reported once per specifier as warnings; --check exits 1', async () => {
    write('flatten-classes.config.mjs', 'export default {\n  resolve(spec) { if (spec === "bad") throw new Error("oops"); return null; },\n};\n');
    const flatten = async (o: FlattenOptions) => {
      o.resolve!('bad', path.join(root, 'src/a.ts'));
      o.resolve!('bad', path.join(root, 'src/b.ts'));
      o.resolve!('fine', path.join(root, 'src/a.ts'));
      return emptyResult();
    };
    const h = harness(flatten);
    expect(await main(['--check', '--report', 'json'], h.io)).toBe(1);
    const json = JSON.parse(h.out());
    expect(json.diagnostics).toHaveLength(1);
    expect(json.diagnostics[0]).toMatchObject({ category: 'resolve', severity: 'warning', file: 'flatten-classes.config.mjs', line: 2 });
    expect(json.diagnostics[0].message).toContain('"bad"');
    expect(h.mirrorCalls).toEqual([]); // --check writes nothing
  });
});
