// Source maps of rewritten files (sourceMaps / --source-maps), read back with the source-map library:
// copied members map to the ancestor's file and line, unchanged code to itself line for line, sources
// are relative to the mirror file. The CLI end to end is in cli-source-maps.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SourceMapConsumer, type RawSourceMap } from 'source-map';
import { afterAll, describe, expect, it } from 'vitest';
import { flatten, FlattenSession } from '../src/index.js';
import type { FileResult, FlattenResult } from '../src/types.js';
import { ROOT, cleanupTempDirs, project } from './helpers/cli.js';

afterAll(cleanupTempDirs);

interface Position {
  source: string | null;
  line: number | null;
  column: number | null;
}

/** Reads a file's map: where each 1-based line (at its first non-blank column, or `column`) comes from. */
async function reader(file: FileResult): Promise<{ at: (line: number, column?: number) => Position; lines: string[]; consumer: SourceMapConsumer }> {
  expect(file.map).toBeDefined();
  const consumer = await new SourceMapConsumer(file.map as unknown as RawSourceMap);
  const lines = file.code!.split(/\r?\n/);
  const at = (line: number, column?: number): Position => {
    const text = lines[line - 1]!;
    const p = consumer.originalPositionFor({ line, column: column ?? text.search(/\S|$/) });
    return { source: p.source, line: p.line, column: p.column };
  };
  return { at, lines, consumer };
}

/** 1-based line of the first line of `text` holding `needle` (and its 0-based column). */
function find(text: string, needle: string, from = 1): { line: number; column: number } {
  const lines = text.split(/\r?\n/);
  for (let i = from - 1; i < lines.length; i++) {
    const c = lines[i]!.indexOf(needle);
    if (c !== -1) return { line: i + 1, column: c };
  }
  throw new Error(`"${needle}" not found`);
}

const fileOf = (r: FlattenResult, rel: string) => r.files.find((f) => f.outRelPath === rel)!;

const BASE = [
  '// Base: the root.',
  'let made = 0;',
  'function helper(x) {',
  '  return x * 2;',
  '}',
  '',
  'export class Base {',
  '  constructor(name) {',
  '    this.name = name;',
  '    made++;',
  '  }',
  '',
  '  /** Doubles. */',
  '  double(x) {',
  '    const twice = helper(x);',
  '    return twice;',
  '  }',
  '',
  '  describe() {',
  '    return `base ${this.name}`;',
  '  }',
  '}',
  '',
].join('\n');

const DERIVED = [
  "import { Base } from './base.js';",
  '',
  '// A helper of the same name: copied code must not pick it up.',
  "function helper() { return 'derived'; }",
  '',
  'export class Derived extends Base {',
  '  describe() {',
  "    return 'derived ' + super.describe();",
  '  }',
  '}',
  '',
  'export function after() {',
  '  return helper();',
  '}',
  '',
].join('\n');

describe('source maps (API)', () => {
  it('copied members map to the ancestor file and line, unchanged code to itself, sources relative to the mirror file', async () => {
    const dir = project({ 'src/base.js': BASE, 'src/sub/derived.js': DERIVED.replace('./base.js', '../base.js') });
    const derivedIn = DERIVED.replace('./base.js', '../base.js');
    const r = await flatten({ cwd: dir, paths: ['src'], outDir: 'out/flat', sourceMaps: true });
    const derived = fileOf(r, 'sub/derived.js');
    expect(derived.status).toBe('rewritten');
    // out/flat/sub/derived.js → ../../../src/…
    expect([...derived.map!.sources].sort()).toEqual(['../../../src/base.js', '../../../src/sub/derived.js']);
    expect(derived.map!.file).toBe('derived.js');
    const byName = Object.fromEntries(derived.map!.sources.map((s, i) => [s, derived.map!.sourcesContent[i]]));
    expect(byName['../../../src/base.js']).toBe(BASE);
    expect(byName['../../../src/sub/derived.js']).toBe(derivedIn);

    const { at, lines, consumer } = await reader(derived);
    const code = derived.code!;
    const baseSrc = '../../../src/base.js';
    const selfSrc = '../../../src/sub/derived.js';
    // The copied method, its doc comment and its body: Base's lines, column for column.
    for (const needle of ['/** Doubles. */', 'double(x) {', 'return twice;']) {
      const out = find(code, needle);
      const orig = find(BASE, needle);
      expect(at(out.line, out.column), needle).toEqual({ source: baseSrc, line: orig.line, column: orig.column });
    }
    // A renamed free name (helper → an import of Base's helper): the text after it keeps its column.
    const call = find(code, '(x);');
    expect(lines[call.line - 1]).toMatch(/const twice = helper_\d+\(x\);/);
    expect(at(call.line, call.column)).toEqual({ source: baseSrc, line: find(BASE, '(x);').line, column: find(BASE, '(x);').column });
    // Base's constructor body, copied into the constructor's arrow.
    expect(at(find(code, 'made_cell.value++').line)).toMatchObject({ source: baseSrc, line: find(BASE, 'made++').line });
    expect(at(find(code, 'this.name = name;').line)).toMatchObject({ source: baseSrc, line: find(BASE, 'this.name = name;').line });
    // The origin marker comment maps to the ancestor class.
    expect(at(find(code, '// from Base').line)).toMatchObject({ source: baseSrc, line: find(BASE, 'export class Base').line });
    // Unchanged code before and after the class, and the class's own member: themselves, line for line.
    for (const needle of ["import { Base } from '../base.js';", '// A helper of the same name', "function helper() { return 'derived'; }", 'export class Derived', "return 'derived ' +", 'export function after() {', 'return helper();']) {
      const out = find(code, needle);
      const orig = find(derivedIn, needle);
      expect(at(out.line, out.column), needle).toEqual({ source: selfSrc, line: orig.line, column: orig.column });
    }
    // Indentation counts as part of a mapped line.
    expect(at(find(code, 'return helper();').line, 0)).toEqual({ source: selfSrc, line: find(derivedIn, 'return helper();').line, column: 0 });
    // Generated lines (the constructor's arrow head, the comment line) map nowhere.
    expect(at(find(code, 'const __Base = ').line).source).toBeNull();
    consumer.destroy();

    // The file ends with the comment naming the map; the map's own lines stop before it.
    expect(code.endsWith('\n//# sourceMappingURL=derived.js.map\n')).toBe(true);
    // Base is rewritten too (an export added): its map is itself.
    const base = fileOf(r, 'base.js');
    expect(base.map!.sources).toEqual(['../../src/base.js']);
    const b = await reader(base);
    BASE.split('\n').forEach((line, i) => {
      if (line.trim() !== '') expect(b.at(i + 1)).toEqual({ source: '../../src/base.js', line: i + 1, column: line.search(/\S/) });
    });
    b.consumer.destroy();
  });

  it('the code is the same as without source maps, but for the comment (every sample)', async () => {
    const dir = path.join(ROOT, 'samples');
    for (const sample of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
      const plain = await flatten({ cwd: path.join(dir, sample), paths: ['.'] });
      const mapped = await flatten({ cwd: path.join(dir, sample), paths: ['.'], sourceMaps: true });
      expect(mapped.diagnostics, sample).toEqual(plain.diagnostics);
      expect(mapped.files.map((f) => f.status), sample).toEqual(plain.files.map((f) => f.status));
      for (const [i, f] of mapped.files.entries()) {
        const before = plain.files[i]!;
        if (before.code === undefined) {
          expect(f.map, `${sample}/${f.outRelPath}: copied files get no map`).toBeUndefined();
          continue;
        }
        expect(f.code, `${sample}/${f.outRelPath}`).toBe(`${before.code}//# sourceMappingURL=${path.basename(f.outRelPath)}.map\n`);
        // Every mapping points into one of the inputs, inside its text.
        const consumer = await new SourceMapConsumer(f.map as unknown as RawSourceMap);
        consumer.eachMapping((m) => {
          const content = consumer.sourceContentFor(m.source)!;
          const line = content.split('\n')[m.originalLine - 1];
          expect(line, `${sample}/${f.outRelPath} → ${m.source}:${m.originalLine}`).toBeDefined();
          expect(m.originalColumn).toBeLessThanOrEqual(line!.length);
        });
        consumer.destroy();
      }
    }
  });

  it('TypeScript: copied members with their types map to the ancestor .ts file', async () => {
    const dir = project({
      'src/repo.ts': [
        'export abstract class Repo<T> {',
        '  protected items: T[] = [];',
        '',
        '  add(item: T): this {',
        '    this.items.push(item);',
        '    return this;',
        '  }',
        '',
        '  get size(): number {',
        '    return this.items.length;',
        '  }',
        '}',
        '',
      ].join('\n'),
      'src/users.ts': [
        "import { Repo } from './repo.js';",
        '',
        'interface User { name: string }',
        '',
        'export class Users extends Repo<User> {',
        '  names(): string[] {',
        '    return this.items.map((u) => u.name);',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    const r = await flatten({ cwd: dir, paths: ['src'], sourceMaps: true });
    const users = fileOf(r, 'users.ts');
    expect(users.status).toBe('rewritten');
    expect([...users.map!.sources].sort()).toEqual(['../src/repo.ts', '../src/users.ts']);
    const repo = users.map!.sourcesContent[users.map!.sources.indexOf('../src/repo.ts')]!;
    const { at, consumer } = await reader(users);
    expect(at(find(users.code!, 'protected declare items: User[];').line)).toMatchObject({ source: '../src/repo.ts', line: 2 });
    for (const needle of ['add(item: User): this {', 'this.items.push(item);', 'get size(): number {', 'return this.items.length;']) {
      const out = find(users.code!, needle);
      expect(at(out.line), needle).toMatchObject({ source: '../src/repo.ts', line: find(repo, needle.replace('User', 'T')).line });
    }
    expect(at(find(users.code!, 'names(): string[] {').line)).toMatchObject({ source: '../src/users.ts', line: 6 });
    expect(at(find(users.code!, 'interface User').line)).toMatchObject({ source: '../src/users.ts', line: 3 });
    consumer.destroy();
    expect(users.code!.endsWith('//# sourceMappingURL=users.ts.map\n')).toBe(true);
  });

  it("an input's own sourceMappingURL comment is replaced by the new map's (it described the input)", async () => {
    const derived = `${DERIVED}//# sourceMappingURL=derived.js.map\n`;
    const dir = project({ 'src/base.js': BASE, 'src/derived.js': derived });
    const plain = fileOf(await flatten({ cwd: dir, paths: ['src'] }), 'derived.js');
    expect(plain.code!.endsWith('//# sourceMappingURL=derived.js.map\n')).toBe(true);
    const mapped = fileOf(await flatten({ cwd: dir, paths: ['src'], sourceMaps: true }), 'derived.js');
    expect(mapped.code!.match(/sourceMappingURL/g)).toHaveLength(1);
    expect(mapped.code).toBe(plain.code);
    // The block form at the very end too.
    const block = project({ 'src/base.js': BASE, 'src/derived.js': `${DERIVED}/*# sourceMappingURL=old.map */` });
    const out = fileOf(await flatten({ cwd: block, paths: ['src'], sourceMaps: true }), 'derived.js').code!;
    expect(out).not.toContain('old.map');
    expect(out.endsWith("}\n//# sourceMappingURL=derived.js.map\n")).toBe(true);
  });

  it('CRLF files: lines are counted the same way', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const dir = project({ 'src/base.js': crlf(BASE), 'src/derived.js': crlf(DERIVED) });
    const derived = fileOf(await flatten({ cwd: dir, paths: ['src'], sourceMaps: true }), 'derived.js');
    expect(derived.code!.endsWith('\r\n//# sourceMappingURL=derived.js.map\r\n')).toBe(true);
    const { at, consumer } = await reader(derived);
    expect(at(find(derived.code!, 'return twice;').line)).toMatchObject({ source: '../src/base.js', line: find(BASE, 'return twice;').line });
    expect(at(find(derived.code!, 'return helper();').line)).toMatchObject({ source: '../src/derived.js', line: find(DERIVED, 'return helper();').line });
    consumer.destroy();
  });

  it('an input holding U+FDD0 (the anchor character) is flattened as usual, without maps, and the report says so', async () => {
    const base = BASE.replace("return `base ${this.name}`;", "return `base ${this.name}` + '\uFDD0';");
    const dir = project({ 'src/base.js': base, 'src/derived.js': DERIVED });
    const plain = await flatten({ cwd: dir, paths: ['src'] });
    const mapped = await flatten({ cwd: dir, paths: ['src'], sourceMaps: true });
    expect(mapped.files.map((f) => f.code)).toEqual(plain.files.map((f) => f.code));
    expect(mapped.files.every((f) => f.map === undefined)).toBe(true);
    expect(mapped.diagnostics).toEqual([
      expect.objectContaining({ code: 'source-maps-unavailable', severity: 'info', file: 'src/base.js', line: find(base, '\uFDD0').line, column: find(base, '\uFDD0').column + 1 }),
    ]);
    expect(fileOf(mapped, 'derived.js').code).toContain("'\uFDD0'");
  });

  it('watch mode (an incremental session): a map follows its ancestor when only the ancestor moved', async () => {
    const dir = project({ 'src/base.js': BASE, 'src/derived.js': DERIVED });
    const session = new FlattenSession({ cwd: dir, paths: ['src'], sourceMaps: true }, { incremental: true, verify: true });
    const first = session.run();
    const before = fileOf(first.result, 'derived.js');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'src/base.js'), `// one more line\n${BASE}`);
    const second = session.run({ paths: [path.join(dir, 'src/base.js')] });
    const after = fileOf(second.result, 'derived.js');
    expect(after.code).toBe(before.code);
    expect(second.changed.map((f) => f.outRelPath).sort()).toEqual(['base.js', 'derived.js']);
    const { at, consumer } = await reader(after);
    expect(at(find(after.code!, 'return twice;').line)).toMatchObject({ source: '../src/base.js', line: find(BASE, 'return twice;').line + 1 });
    consumer.destroy();
    // The same as a fresh run.
    expect(after.map).toEqual(fileOf(await flatten({ cwd: dir, paths: ['src'], sourceMaps: true }), 'derived.js').map);
  });
});

describe('source maps in watch mode: a map goes with its file', () => {
  const NOT_DERIVED = DERIVED.replace(/ extends \w+/, '').replace(/super\([^)]*\);?/g, '');

  it('is removed when its file stops being rewritten, and when its source is deleted', async () => {
    const { writeFileSync, unlinkSync } = await import('node:fs');
    const dir = project({ 'src/base.js': BASE, 'src/derived.js': DERIVED });
    const session = new FlattenSession({ cwd: dir, paths: ['src'], sourceMaps: true }, { incremental: true, verify: true });
    expect(fileOf(session.run().result, 'derived.js').map).toBeDefined();
    writeFileSync(path.join(dir, 'src/derived.js'), NOT_DERIVED);
    const plain = session.run({ paths: [path.join(dir, 'src/derived.js')] });
    // base.js was rewritten too (it exports its helper for the copied code); no longer.
    expect([fileOf(plain.result, 'derived.js').status, fileOf(plain.result, 'base.js').status]).toEqual(['copied', 'copied']);
    expect(plain.removed.sort()).toEqual(['base.js.map', 'derived.js.map']);
    writeFileSync(path.join(dir, 'src/derived.js'), DERIVED);
    expect(fileOf(session.run({ paths: [path.join(dir, 'src/derived.js')] }).result, 'derived.js').map).toBeDefined();
    unlinkSync(path.join(dir, 'src/derived.js'));
    const gone = session.run({ paths: [path.join(dir, 'src/derived.js')], structure: true });
    expect(gone.removed.sort()).toEqual(['base.js.map', 'derived.js', 'derived.js.map']);
  });

  it('gives way to a copied input file of its name again', async () => {
    const { writeFileSync } = await import('node:fs');
    const dir = project({ 'src/base.js': BASE, 'src/derived.js': DERIVED, 'src/derived.js.map': '{"input":true}' });
    const session = new FlattenSession({ cwd: dir, paths: ['src'], sourceMaps: true, copyFiles: true }, { incremental: true, verify: true });
    session.run();
    writeFileSync(path.join(dir, 'src/derived.js'), NOT_DERIVED);
    const plain = session.run({ paths: [path.join(dir, 'src/derived.js')] });
    expect(plain.removed).toEqual(['base.js.map']);
    expect(plain.changed.map((f) => f.outRelPath).sort()).toEqual(['base.js', 'derived.js', 'derived.js.map']);
  });
});

describe('source maps: what the map file says about itself', () => {
  it('is JSON a consumer reads, with names empty and version 3', async () => {
    const dir = project({ 'src/base.js': BASE, 'src/derived.js': DERIVED });
    const derived = fileOf(await flatten({ cwd: dir, paths: ['src'], sourceMaps: true }), 'derived.js');
    const json = JSON.parse(JSON.stringify(derived.map));
    expect(Object.keys(json).sort()).toEqual(['file', 'mappings', 'names', 'sources', 'sourcesContent', 'version']);
    expect(json.version).toBe(3);
    expect(readFileSync(path.join(dir, 'src/derived.js'), 'utf8')).toBe(DERIVED);
  });
});
