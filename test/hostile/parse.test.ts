// parseSource never throws, and never hands the later (recursive) phases a tree deep enough to
// exhaust the stack; mayMatter never lets an unparseable file be skipped.

import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8 } from '../../src/scan/utf8.js';
import { MAX_SYNTAX_DEPTH, firstNodeDeeperThan, mayMatter, parseSource } from '../../src/scan/parse.js';
import { positionAt, startOf } from '../../src/scan/positions.js';
import { parse } from '@babel/parser';

describe('parseSource on hostile code', () => {
  it('a syntax error is a failure with the line and 1-based column', () => {
    const r = parseSource('/p/a.js', 'let a = 1;\nlet b = (;\n');
    expect(r).toMatchObject({ ok: false, error: { code: 'syntax-error', line: 2, column: 10 } });
    if (!r.ok) expect(r.error.message).not.toMatch(/\(\d+:\d+\)$/);
  });

  it('code that exhausts the parser\'s stack is a too-deep failure, not a RangeError', () => {
    for (const code of [`x = ${'['.repeat(50_000)}${']'.repeat(50_000)};`, `x = ${'('.repeat(50_000)}1${')'.repeat(50_000)};`, `${'{'.repeat(50_000)}${'}'.repeat(50_000)}`]) {
      const r = parseSource('/p/a.js', code);
      expect(r).toMatchObject({ ok: false, error: { code: 'too-deep', line: 1, column: 1 } });
    }
  });

  it('a tree deeper than MAX_SYNTAX_DEPTH is a too-deep failure at the first node past the limit', () => {
    const terms = MAX_SYNTAX_DEPTH + 10;
    const code = `\n\nexport const s = ${Array.from({ length: terms }, () => 'a').join(' + ')};\n`;
    const r = parseSource('/p/a.js', code);
    expect(r).toMatchObject({ ok: false, error: { code: 'too-deep', line: 3 } });
    if (!r.ok) expect(r.error.message).toContain(String(MAX_SYNTAX_DEPTH));
    // Just under the limit is fine.
    const under = `export const s = ${Array.from({ length: MAX_SYNTAX_DEPTH - 10 }, () => 'a').join(' + ')};\n`;
    expect(parseSource('/p/a.js', under).ok).toBe(true);
  });

  it('firstNodeDeeperThan walks without recursion and in source order', () => {
    const code = 'f(g(h(1)));\nk(1);\n';
    const r = parseSource('/p/a.js', code);
    if (!r.ok) throw new Error('parse failed');
    expect(firstNodeDeeperThan(r.ast, 100)).toBeNull();
    const node = firstNodeDeeperThan(r.ast, 4);
    expect(startOf(code, node)).toMatchObject({ line: 1 });
  });
});

describe('mayMatter', () => {
  it('files with class or module words matter', () => {
    expect(mayMatter('export const a = 1;')).toBe(true);
    expect(mayMatter('x instanceof Y', '/p/a.js')).toBe(true);
  });

  it('blank files do not', () => {
    expect(mayMatter('')).toBe(false);
    expect(mayMatter(' \n\t\r\n', '/p/a.ts')).toBe(false);
  });

  it('a file without those words matters when it does not parse in its own grammar', () => {
    expect(mayMatter('let a = 1;', '/p/a.js')).toBe(false);
    expect(mayMatter('let a = (1 +;', '/p/a.js')).toBe(true);
    expect(mayMatter('const x = await f();', '/p/a.mjs')).toBe(false);
    expect(mayMatter('const x = await f();', '/p/a.cjs')).toBe(true);
    expect(mayMatter('let a: number = 1;', '/p/a.ts')).toBe(false);
    expect(mayMatter('let a: number = 1;', '/p/a.js')).toBe(true);
  });

  it('without the file name, any non-blank file matters (its grammar is unknown)', () => {
    expect(mayMatter('let a = 1;')).toBe(true);
  });
});

describe('firstInvalidUtf8', () => {
  const at = (...parts: (string | number[])[]) => firstInvalidUtf8(Buffer.concat(parts.map((p) => Buffer.from(p as string))));

  it('points at the start of the first bad sequence, in lines and UTF-16 columns as the parser counts', () => {
    expect(at('abc\nd\u00e9', [0xe9], 'x')).toEqual({ line: 2, column: 3 });
    expect(at('a\r\nb\rc\u2028\ud83d\ude00', [0xf0, 0x9f], 'z')).toEqual({ line: 4, column: 3 });
    expect(at([0x80])).toEqual({ line: 1, column: 1 });
  });

  it('counts without a byte order mark, and finds a sequence cut short at the end', () => {
    expect(at([0xef, 0xbb, 0xbf], 'ab', [0xff])).toEqual({ line: 1, column: 3 });
    expect(at('ab\n', [0xe2, 0x82])).toEqual({ line: 2, column: 1 });
  });
});

describe('positions without loc (parseSource drops every node loc)', () => {
  it("gives each node's start as Babel's loc did, whatever the line terminators and characters", () => {
    const code = 'const a = 1;\r\nconst b = "é😀";\rclass C {\u2028 m() { return `x\ny`; }\u2029}\n\n  new C()\r\n';
    const withLoc = parse(code, { sourceType: 'module' });
    const r = parseSource('/p/a.js', code);
    if (!r.ok) throw new Error('parse failed');
    const expected: Array<[number, number, number]> = [];
    const seen: Array<[number, number, number]> = [];
    const walk = (node: unknown, out: Array<[number, number, number]>, readLoc: boolean): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as { type?: string; start?: number; loc?: { start: { line: number; column: number } } | null };
      if (typeof n.type === 'string' && typeof n.start === 'number') {
        if (readLoc) out.push([n.start, n.loc!.start.line, n.loc!.start.column]);
        else {
          expect(n.loc ?? null).toBeNull();
          const p = positionAt(code, n.start);
          out.push([n.start, p.line, p.column]);
        }
      }
      for (const [k, v] of Object.entries(n)) if (k !== 'loc' && k !== 'leadingComments' && k !== 'trailingComments' && k !== 'innerComments') Array.isArray(v) ? v.forEach((c) => walk(c, out, readLoc)) : walk(v, out, readLoc);
    };
    walk(withLoc.program, expected, true);
    walk(r.ast.program, seen, false);
    expect(seen.length).toBeGreaterThan(20);
    expect(seen).toEqual(expected);
    expect(positionAt(code, 0)).toEqual({ line: 1, column: 0 });
    // Text with \n only takes another way.
    expect(positionAt('a\nbc\n\nd', 3)).toEqual({ line: 2, column: 1 });
    expect(positionAt('a\nbc\n\nd', 6)).toEqual({ line: 4, column: 0 });
    expect(positionAt('a\nbc\n\nd', 5)).toEqual({ line: 3, column: 0 });
  });
});
