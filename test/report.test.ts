import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shouldUseColor } from '../src/report/color.js';
import { codeFrame } from '../src/report/code-frame.js';
import { formatJson } from '../src/report/json.js';
import { formatPretty, formatSummary } from '../src/report/pretty.js';
import { compareDiagnostics, sortDiagnostics } from '../src/report/sort.js';
import type { Diagnostic, FlattenResult } from '../src/types.js';

const ANSI = /\u001b\[/;
const cwd = path.resolve('/proj');

function diag(partial: Partial<Diagnostic>): Diagnostic {
  return {
    category: 'super',
    code: 'super-dynamic',
    severity: 'warning',
    file: 'src/a.ts',
    line: 1,
    column: 1,
    message: 'message',
    ...partial,
  };
}

const sources: Record<string, string> = {
  'src/a.ts': ['class A {}', 'class B extends A {', '  m() { return super.m(); }', '}', ''].join('\n'),
  'src/b.ts': ['import { A } from "./a";', 'if (x instanceof A) {}', ''].join('\n'),
};

function sample(): FlattenResult {
  return {
    files: [
      { absPath: path.join(cwd, 'src/b.ts'), outRelPath: 'src/b.ts', kind: 'source', status: 'copied' },
      { absPath: path.join(cwd, 'src/a.ts'), outRelPath: 'src/a.ts', kind: 'source', status: 'rewritten', code: 'x' },
      { absPath: path.join(cwd, 'src/c.ts'), outRelPath: 'src/c.ts', kind: 'source', status: 'failed' },
    ],
    classes: [
      { name: 'B', file: 'src/a.ts', line: 2, mro: ['B', 'A'], external: null, flattened: true },
      { name: 'A', file: 'src/a.ts', line: 1, mro: ['A'], external: null, flattened: false },
      { name: 'E', file: 'src/0.ts', line: 5, mro: ['E', 'Error'], external: 'Error', flattened: false },
    ],
    diagnostics: [
      diag({ file: 'src/b.ts', line: 2, column: 5, category: 'isinstance', code: 'instanceof-flattened-base', message: 'instanceof A changes', hint: 'use a brand check', classes: ['A', 'B'] }),
      diag({ file: 'src/a.ts', line: 3, column: 17, code: 'super-call', severity: 'info', message: 'super.m() inlined' }),
      diag({ file: 'src/a.ts', line: 2, column: 1, code: 'super-dynamic', severity: 'warning', message: 'dynamic super' }),
      diag({ file: 'src/c.ts', line: 1, column: 1, category: 'parse', code: 'syntax-error', severity: 'error', message: 'Unexpected token' }),
    ],
    stats: { filesScanned: 3, filesParsed: 2, filesRewritten: 1, classesFlattened: 1, durationMs: 12.4 },
  };
}

const readSource = (rel: string) => sources[rel];

describe('sortDiagnostics', () => {
  it('orders by file, line, column, code', () => {
    const ds = [
      diag({ file: 'b.ts', line: 1 }),
      diag({ file: 'a.ts', line: 2, column: 1 }),
      diag({ file: 'a.ts', line: 1, column: 9, code: 'z' }),
      diag({ file: 'a.ts', line: 1, column: 9, code: 'a' }),
      diag({ file: 'a.ts', line: 1, column: 2 }),
    ];
    const sorted = sortDiagnostics(ds);
    expect(sorted.map((d) => `${d.file}:${d.line}:${d.column}:${d.code}`)).toEqual([
      'a.ts:1:2:super-dynamic',
      'a.ts:1:9:a',
      'a.ts:1:9:z',
      'a.ts:2:1:super-dynamic',
      'b.ts:1:1:super-dynamic',
    ]);
    expect(ds[0]!.file).toBe('b.ts'); // input untouched
  });

  it('is a total order (no ties between different diagnostics)', () => {
    const a = diag({ message: 'a', severity: 'error' });
    const b = diag({ message: 'b', severity: 'error' });
    const c = diag({ message: 'a', severity: 'info' });
    expect(compareDiagnostics(a, b)).toBeLessThan(0);
    expect(compareDiagnostics(a, c)).toBeLessThan(0);
    expect(compareDiagnostics(a, { ...a })).toBe(0);
  });
});

describe('formatPretty', () => {
  it('groups by file in sorted order, diagnostics by position, with frames and hints', () => {
    const text = formatPretty(sample(), { color: false, cwd, readSource });
    expect(text).not.toMatch(ANSI);
    const iA = text.indexOf('src/a.ts:2:1');
    const iA2 = text.indexOf('src/a.ts:3:17');
    const iB = text.indexOf('src/b.ts:2:5');
    const iC = text.indexOf('src/c.ts:1:1');
    expect(iA).toBeGreaterThanOrEqual(0);
    expect(iA).toBeLessThan(iA2);
    expect(iA2).toBeLessThan(iB);
    expect(iB).toBeLessThan(iC);
    expect(text).toContain('src/b.ts:2:5  warning  instanceof A changes  [isinstance/instanceof-flattened-base]');
    expect(text).toContain('src/c.ts:1:1  error  Unexpected token  [parse/syntax-error]');
    expect(text).toContain('hint: use a brand check');
    // code frame with the offending line and a marker
    expect(text).toContain('> 2 | if (x instanceof A) {}');
    expect(text).toMatch(/\|\s+\^/);
    // each file appears once as a group header
    expect(text.split('\n').filter((l) => l === 'src/a.ts')).toHaveLength(1);
  });

  it('ends with a summary of counts and time', () => {
    const text = formatPretty(sample(), { color: false, cwd, readSource });
    const last = text.trimEnd().split('\n').at(-1)!;
    expect(last).toContain('3 files scanned');
    expect(last).toContain('1 file rewritten');
    expect(last).toContain('1 class flattened');
    expect(last).toContain('4 diagnostics');
    expect(last).toContain('1 error, 2 warnings, 1 info');
    expect(last).toContain('super 2, isinstance 1, parse 1');
    expect(last).toContain('12 ms');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('uses the verb in the summary', () => {
    expect(formatSummary(sample(), { color: false, verb: 'to rewrite' })).toContain('1 file to rewrite');
  });

  it('quiet drops infos and the summary', () => {
    const text = formatPretty(sample(), { color: false, cwd, readSource, quiet: true });
    expect(text).not.toContain('super.m() inlined');
    expect(text).not.toContain('Summary');
    expect(text).toContain('dynamic super');
    const empty = { ...sample(), diagnostics: [] };
    expect(formatPretty(empty, { color: false, cwd, readSource, quiet: true })).toBe('');
  });

  it('colour on emits ANSI codes, colour off none', () => {
    expect(formatPretty(sample(), { color: true, cwd, readSource })).toMatch(ANSI);
    expect(formatPretty(sample(), { color: false, cwd, readSource })).not.toMatch(ANSI);
  });

  it('survives missing sources, out-of-range lines and file-less diagnostics', () => {
    const result: FlattenResult = {
      ...sample(),
      diagnostics: [
        diag({ file: 'src/missing.ts', line: 3, column: 1, message: 'no source' }),
        diag({ file: 'src/a.ts', line: 99, column: 1, message: 'past the end' }),
        diag({ file: '', line: 0, column: 0, category: 'config', code: 'no-input', severity: 'error', message: 'no files' }),
      ],
    };
    const text = formatPretty(result, { color: false, cwd, readSource: (f) => (f === 'src/missing.ts' ? undefined : readSource(f)) });
    expect(text).toContain('src/missing.ts:3:1  warning  no source');
    expect(text).toContain('src/a.ts:99:1  warning  past the end');
    expect(text).toContain('error  no files  [config/no-input]');
    expect(text.indexOf('no files')).toBeLessThan(text.indexOf('past the end'));
  });

  it('makes absolute diagnostic paths relative to cwd', () => {
    const result: FlattenResult = { ...sample(), diagnostics: [diag({ file: path.join(cwd, 'src', 'a.ts'), line: 2 })] };
    expect(formatPretty(result, { color: false, cwd, readSource })).toContain('src/a.ts:2:1');
  });
});

describe('codeFrame', () => {
  it('is plain without colour and undefined outside the text', () => {
    const src = sources['src/a.ts']!;
    const frame = codeFrame(src, { line: 3, column: 17 }, { color: false })!;
    expect(frame).toContain('> 3 |   m() { return super.m(); }');
    expect(frame).not.toMatch(ANSI);
    expect(codeFrame(src, { line: 3, column: 17 }, { color: true })).toMatch(ANSI);
    expect(codeFrame(src, { line: 0, column: 1 }, { color: false })).toBeUndefined();
    expect(codeFrame(src, { line: 50, column: 1 }, { color: false })).toBeUndefined();
    expect(codeFrame('', { line: 1, column: 1 }, { color: false })).toBeUndefined();
  });
});

describe('formatJson', () => {
  it('has exactly the documented shape, sorted, with a trailing newline', () => {
    const text = formatJson(sample(), { cwd, outDir: 'flat' });
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "version": 1,');
    const json = JSON.parse(text);
    expect(Object.keys(json)).toEqual(['version', 'files', 'classes', 'diagnostics', 'summary']);
    expect(json.files).toEqual([
      { file: 'src/a.ts', out: 'flat/src/a.ts', status: 'rewritten' },
      { file: 'src/b.ts', out: 'flat/src/b.ts', status: 'copied' },
      { file: 'src/c.ts', out: 'flat/src/c.ts', status: 'failed' },
    ]);
    expect(json.classes.map((c: { name: string }) => c.name)).toEqual(['E', 'A', 'B']);
    expect(Object.keys(json.classes[0])).toEqual(['name', 'file', 'line', 'mro', 'external', 'flattened']);
    expect(json.classes[0]).toEqual({ name: 'E', file: 'src/0.ts', line: 5, mro: ['E', 'Error'], external: 'Error', flattened: false });
    expect(json.diagnostics.map((d: Diagnostic) => `${d.file}:${d.line}:${d.column}`)).toEqual([
      'src/a.ts:2:1',
      'src/a.ts:3:17',
      'src/b.ts:2:5',
      'src/c.ts:1:1',
    ]);
    expect(Object.keys(json.diagnostics[0])).toEqual([
      'category', 'code', 'severity', 'file', 'line', 'column', 'message', 'hint', 'classes',
    ]);
    expect(json.diagnostics[0].hint).toBeNull();
    expect(json.diagnostics[0].classes).toEqual([]);
    expect(json.diagnostics[2].classes).toEqual(['A', 'B']);
    expect(json.summary).toEqual({
      filesScanned: 3,
      filesParsed: 2,
      filesRewritten: 1,
      classesFlattened: 1,
      errors: 1,
      warnings: 2,
      infos: 1,
      byCategory: { super: 2, isinstance: 1, mro: 0, parse: 1, resolve: 0, cycle: 0, unsupported: 0, config: 0 },
      durationMs: 12,
    });
  });

  it('is deterministic regardless of input order', () => {
    const a = sample();
    const b = sample();
    b.files.reverse();
    b.classes.reverse();
    b.diagnostics.reverse();
    expect(formatJson(a, { cwd })).toBe(formatJson(b, { cwd }));
  });

  it('without outDir, out is relative to the out dir', () => {
    const json = JSON.parse(formatJson(sample(), { cwd }));
    expect(json.files[0].out).toBe('src/a.ts');
  });
});

describe('shouldUseColor', () => {
  it('respects NO_COLOR, FORCE_COLOR, TERM and isTTY', () => {
    expect(shouldUseColor({ isTTY: true }, {})).toBe(true);
    expect(shouldUseColor({ isTTY: false }, {})).toBe(false);
    expect(shouldUseColor(undefined, {})).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(shouldUseColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(shouldUseColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
    expect(shouldUseColor({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
  });
});
