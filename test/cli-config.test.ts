// The config file keys of issue 8 (failOn, report formats, classes) end to end: accepted, validated, overridden.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/cli/config.js';
import type { FlattenOptions, FlattenResult } from '../src/types.js';
import { cleanupTempDirs, project, runCli } from './helpers/cli.js';

afterAll(cleanupTempDirs);

const empty = (): FlattenResult => ({ files: [], classes: [], diagnostics: [], stats: { filesScanned: 0, filesParsed: 0, filesRewritten: 0, classesFlattened: 0, durationMs: 0 } });

async function seen(dir: string, argv: string[] = []): Promise<{ options: FlattenOptions | undefined; code: number; stderr: string; stdout: string }> {
  let options: FlattenOptions | undefined;
  const r = await runCli(argv, dir, {
    flatten: async (o) => ((options = o), empty()),
    writeMirror: async () => ({ written: 0, unchanged: 0, diagnostics: [] }),
  });
  return { options, ...r };
}

describe('every documented key is accepted', () => {
  it('paths, outDir, extensions, ignore, report, failOn, resolve and classes from a .mjs config', async () => {
    const dir = project({
      'flatten-classes.config.mjs': `export default {
  paths: ['lib'],
  outDir: 'out',
  extensions: ['.ts'],
  ignore: ['lib/gen/**'],
  copyFiles: true,
  report: 'sarif',
  failOn: 'error',
  resolve(specifier) { return null; },
  classes: { Square: { skip: ['area', '#cache'] }, 'lib/legacy.ts:Widget': { ignore: true } },
};
`,
    });
    const r = await seen(dir);
    expect(r.code).toBe(0);
    expect(r.options).toMatchObject({
      paths: ['lib'],
      outDir: 'out',
      extensions: ['.ts'],
      ignore: ['lib/gen/**'],
      copyFiles: true,
      classes: { Square: { skip: ['area', '#cache'] }, 'lib/legacy.ts:Widget': { ignore: true } },
    });
    expect(typeof r.options!.resolve).toBe('function');
    expect(JSON.parse(r.stdout).version).toBe('2.1.0'); // report: 'sarif'
  });

  it('flags override the file: --report, --fail-on, paths, --out-dir, --extensions, --ignore', async () => {
    const dir = project({
      'flatten-classes.config.json': JSON.stringify({ paths: ['lib'], outDir: 'out', extensions: ['.ts'], ignore: ['x/**'], report: 'sarif', failOn: 'never' }),
    });
    const r = await seen(dir, ['src', '--out-dir', 'o2', '--extensions', '.js', '--ignore', 'y/**', '--report', 'json']);
    expect(r.options).toMatchObject({ paths: ['src'], outDir: 'o2', extensions: ['.js'], ignore: ['y/**'] });
    expect(JSON.parse(r.stdout).version).toBe(1);
  });

  it('file:Class keys are taken relative to the config file, like paths', async () => {
    const dir = project({ 'flatten-classes.config.json': JSON.stringify({ classes: { 'src/a.ts:A': { ignore: true }, B: {} } }), 'pkg/.keep': '' });
    const r = await seen(path.join(dir, 'pkg'));
    expect(r.options!.classes).toEqual({ '../src/a.ts:A': { ignore: true }, B: {} });
  });
});

describe('validation: exit 2 with one line per problem naming the file and the key', () => {
  it('wrong types and unknown keys at the top level and inside classes', async () => {
    const dir = project({
      'flatten-classes.config.json': JSON.stringify({
        failOn: 'sometimes',
        report: 'xml',
        classes: { Square: { skip: 'area', ignore: 'yes', skp: [] }, '': {}, Circle: [] },
      }),
    });
    const r = await seen(dir);
    expect(r.code).toBe(2);
    expect(r.options).toBeUndefined();
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'flatten-classes: error: flatten-classes.config.json: "failOn" must be one of "error", "warning", "info" or "never", got "sometimes"',
      'flatten-classes: error: flatten-classes.config.json: "report" must be one of "pretty", "json", "sarif" or "github", got "xml"',
      'flatten-classes: error: flatten-classes.config.json: "classes["Square"].skip" must be an array of non-empty strings (member names), got "area"',
      'flatten-classes: error: flatten-classes.config.json: "classes["Square"].ignore" must be a boolean, got "yes"',
      'flatten-classes: error: flatten-classes.config.json: unknown key "classes["Square"].skp" (did you mean "skip"?)',
      'flatten-classes: error: flatten-classes.config.json: "classes[""]": the key must be a class name or "file:Class"',
      'flatten-classes: error: flatten-classes.config.json: "classes["Circle"]" must be an object { skip?: string[], ignore?: boolean }, got an array',
    ]);
  });

  it('classes must be an object; a misspelt failOn gets a suggestion', () => {
    expect(validateConfig({ classes: ['Square'] }, 'c.json').errors).toEqual([
      'c.json: "classes" must be an object mapping class names (or "file:Class") to options, got an array',
    ]);
    expect(validateConfig({ failon: 'error' }, 'c.json').errors).toEqual(['c.json: unknown key "failon" (did you mean "failOn"?)']);
    expect(validateConfig({ classes: {} }, 'c.json')).toEqual({ config: { classes: {} }, errors: [] });
  });

  it('a config error stops the explain and graph commands too', async () => {
    const dir = project({ 'flatten-classes.config.json': JSON.stringify({ failOn: 1 }) });
    for (const argv of [['explain', 'A'], ['graph']]) {
      const r = await runCli(argv, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('flatten-classes: error: flatten-classes.config.json: "failOn" must be one of "error", "warning", "info" or "never", got number 1\n');
    }
  });

  it('--config names the file; a JSON file cannot hold resolve', async () => {
    const dir = project({ 'conf/fc.json': JSON.stringify({ resolve: 'x' }) });
    writeFileSync(path.join(dir, 'other.json'), '{}');
    const r = await seen(dir, ['--config', 'conf/fc.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('conf/fc.json: "resolve" must be a function');
  });
});
