// --source-maps end to end: the mirror gets a `.map` beside each rewritten file, read back with the
// source-map library; how it goes with --check, --dry-run, --in-place, --copy-files and the config.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { SourceMapConsumer, type RawSourceMap } from 'source-map';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, project, runCli } from './helpers/cli.js';

afterAll(cleanupTempDirs);

const BASE = 'export class Base {\n  hello() {\n    return "hi";\n  }\n}\n';
const SUB = "import { Base } from '../base.js';\n\nexport class Sub extends Base {\n  bye() {\n    return 'bye';\n  }\n}\n";
const files = {
  'src/base.js': BASE,
  'src/deep/sub.js': SUB,
  'src/plain.js': 'export const answer = 42;\n',
};

const read = (dir: string, rel: string) => readFileSync(path.join(dir, rel), 'utf8');

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('--source-maps', () => {
  it('writes a map beside each rewritten file, positions read back with the source-map library', async () => {
    const dir = project(files);
    const r = await runCli(['src', '--source-maps', '-o', 'build/flat'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Wrote 3 files to build/flat/ (0 unchanged).');
    // Copied unchanged: no map, no comment.
    expect(listFiles(path.join(dir, 'build/flat'))).toEqual(['base.js', 'deep/sub.js', 'deep/sub.js.map', 'plain.js']);
    expect(read(dir, 'build/flat/plain.js')).toBe(files['src/plain.js']);

    const sub = read(dir, 'build/flat/deep/sub.js');
    expect(sub.endsWith('}\n//# sourceMappingURL=sub.js.map\n')).toBe(true);
    const raw = JSON.parse(read(dir, 'build/flat/deep/sub.js.map')) as RawSourceMap;
    expect(raw.file).toBe('sub.js');
    // Relative to build/flat/deep/: correct from where the map is.
    expect([...raw.sources].sort()).toEqual(['../../../src/base.js', '../../../src/deep/sub.js']);
    for (const s of raw.sources) expect(existsSync(path.resolve(dir, 'build/flat/deep', s))).toBe(true);

    const consumer = await new SourceMapConsumer(raw);
    const lines = sub.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    const at = (line: number) => consumer.originalPositionFor({ line, column: lines[line - 1]!.search(/\S/) });
    // Copied from Base: base.js, its lines.
    expect(at(lineOf('hello() {'))).toMatchObject({ source: '../../../src/base.js', line: 2, column: 2 });
    expect(at(lineOf('return "hi";'))).toMatchObject({ source: '../../../src/base.js', line: 3, column: 4 });
    // Its own code: itself.
    expect(at(lineOf('export class Sub'))).toMatchObject({ source: '../../../src/deep/sub.js', line: 3, column: 0 });
    expect(at(lineOf("return 'bye';"))).toMatchObject({ source: '../../../src/deep/sub.js', line: 5, column: 4 });
    consumer.destroy();

    // Again: nothing to write.
    const again = await runCli(['src', '--source-maps', '-o', 'build/flat'], dir);
    expect(again.stdout).toContain('Wrote 0 files to build/flat/ (3 unchanged).');
  });

  it('without the flag there are no maps and no comments', async () => {
    const dir = project(files);
    expect((await runCli(['src'], dir)).code).toBe(0);
    expect(listFiles(path.join(dir, 'flat'))).toEqual(['base.js', 'deep/sub.js', 'plain.js']);
    expect(read(dir, 'flat/deep/sub.js')).not.toContain('sourceMappingURL');
  });

  it('--check writes nothing; --dry-run shows the comment in the diff and writes no map', async () => {
    const dir = project(files);
    const check = await runCli(['src', '--source-maps', '--check'], dir);
    expect(check.code).toBe(0);
    expect(existsSync(path.join(dir, 'flat'))).toBe(false);
    const dry = await runCli(['src', '--source-maps', '--dry-run'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('+++ b/flat/deep/sub.js');
    expect(dry.stdout).toContain('+//# sourceMappingURL=sub.js.map');
    expect(existsSync(path.join(dir, 'flat'))).toBe(false);
  });

  it('--in-place --source-maps is refused (exit 2); a config sourceMaps does not apply in place', async () => {
    const dir = project(files);
    const r = await runCli(['src', '--in-place', '--force', '--source-maps'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'flatten-classes: error: --in-place rewrites the inputs themselves; it cannot be combined with --source-maps (the maps would point to the code the rewrite replaced) (see --help)\n',
    );
    expect(read(dir, 'src/deep/sub.js')).toBe(SUB);

    const withConfig = project({ ...files, 'flatten-classes.config.json': JSON.stringify({ sourceMaps: true }) });
    const ok = await runCli(['src', '--in-place', '--force'], withConfig);
    expect(ok.code).toBe(0);
    expect(read(withConfig, 'src/deep/sub.js')).toContain('export class Sub {');
    expect(read(withConfig, 'src/deep/sub.js')).not.toContain('sourceMappingURL');
    expect(listFiles(path.join(withConfig, 'src')).filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('config key sourceMaps: true turns maps on, --no-source-maps off; a wrong type is an error (exit 2)', async () => {
    const dir = project({ ...files, 'flatten-classes.config.json': JSON.stringify({ sourceMaps: true }) });
    expect((await runCli([], dir)).code).toBe(0);
    expect(existsSync(path.join(dir, 'flat/deep/sub.js.map'))).toBe(true);
    expect((await runCli(['--no-source-maps', '-o', 'other'], dir)).code).toBe(0);
    expect(listFiles(path.join(dir, 'other')).filter((f) => f.endsWith('.map'))).toEqual([]);

    const bad = project({ ...files, 'flatten-classes.config.json': JSON.stringify({ sourceMaps: 'yes' }) });
    const r = await runCli([], bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('flatten-classes: error: flatten-classes.config.json: "sourceMaps" must be a boolean, got "yes"\n');
  });

  it("--copy-files: the new map replaces a rewritten input's old map; an unchanged file's map is copied as it was", async () => {
    const oldMap = '{"version":3,"file":"sub.js","sources":["sub.ts"],"names":[],"mappings":"AAAA"}';
    const dir = project({
      ...files,
      'src/deep/sub.js': `${SUB}//# sourceMappingURL=sub.js.map\n`,
      'src/deep/sub.js.map': oldMap,
      'src/plain.js': 'export const answer = 42;\n//# sourceMappingURL=plain.js.map\n',
      'src/plain.js.map': '{"version":3,"file":"plain.js","sources":["plain.ts"],"names":[],"mappings":"AAAA"}',
    });
    const r = await runCli(['src', '--source-maps', '--copy-files'], dir);
    expect(r.code).toBe(0);
    const sub = read(dir, 'flat/deep/sub.js');
    expect(sub.match(/sourceMappingURL/g)).toHaveLength(1);
    const map = JSON.parse(read(dir, 'flat/deep/sub.js.map')) as RawSourceMap;
    expect([...map.sources].sort()).toEqual(['../../src/base.js', '../../src/deep/sub.js']);
    expect(read(dir, 'flat/plain.js.map')).toBe(read(dir, 'src/plain.js.map'));
    expect(read(dir, 'flat/plain.js')).toBe(read(dir, 'src/plain.js'));
    expect(read(dir, 'src/deep/sub.js.map')).toBe(oldMap);
  });

  it('TypeScript inputs get maps too', async () => {
    const dir = project({
      'src/base.ts': 'export class Base {\n  greet(name: string): string {\n    return `hi ${name}`;\n  }\n}\n',
      'src/sub.ts': "import { Base } from './base.js';\n\nexport class Sub extends Base {\n  id = 1;\n}\n",
    });
    expect((await runCli(['src', '--source-maps'], dir)).code).toBe(0);
    const code = read(dir, 'flat/sub.ts');
    expect(code.endsWith('//# sourceMappingURL=sub.ts.map\n')).toBe(true);
    const consumer = await new SourceMapConsumer(JSON.parse(read(dir, 'flat/sub.ts.map')) as RawSourceMap);
    const lines = code.split('\n');
    const line = lines.findIndex((l) => l.includes('greet(name: string): string {')) + 1;
    expect(consumer.originalPositionFor({ line, column: lines[line - 1]!.search(/\S/) })).toMatchObject({ source: '../src/base.ts', line: 2, column: 2 });
    consumer.destroy();
  });
});
