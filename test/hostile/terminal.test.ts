// Code frames and messages on their way to a terminal (unit level; inputs.test.ts runs the CLI):
// control characters escaped, long lines cut around the column, the marker still under it.

import { describe, expect, it } from 'vitest';
import { codeFrame, MAX_FRAME_LINE } from '../../src/report/code-frame.js';
import { visible, visibleLine } from '../../src/report/visible.js';

/** The frame's line for `line` and the column (0-based, in that text) its marker points at. */
function markedLine(frame: string, line: number): { code: string; at: number } {
  const lines = frame.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`> ${line} |`));
  return { code: lines[i]!, at: lines[i + 1]!.indexOf('^') };
}

describe('visible', () => {
  it('escapes controls, C1, bidi and line separators; keeps tabs and ordinary text', () => {
    expect(visible('a\x1b[2J\tb\r\n\x7f\x9b\u202e\u2028\ufeffé')).toBe('a\\x1b[2J\tb\\r\\n\\x7f\\x9b\\u202e\\u2028\\ufeffé');
  });

  it('moves a column past the escapes before it', () => {
    const { text, column } = visibleLine('\x1b\x1bab', 3);
    expect(text).toBe('\\x1b\\x1bab');
    expect(text[column]).toBe('b');
  });
});

describe('codeFrame', () => {
  it('puts the marker under the reported character after escapes', () => {
    const frame = codeFrame('a;\nx = "\x1b[2J\x07" +;\n', { line: 2, column: 14 }, { color: false })!;
    const { code, at } = markedLine(frame, 2);
    expect(code).toBe('> 2 | x = "\\x1b[2J\\x07" +;');
    expect(code[at]).toBe(';');
  });

  it('escapes in colour too', () => {
    const frame = codeFrame('x = "\x1b]0;t\x07" +;\n', { line: 1, column: 12 }, { color: true })!;
    // Every ESC left is the start of a colour (SGR) sequence.
    // eslint-disable-next-line no-control-regex
    expect(frame.replace(/\x1b\[[0-9;]*m/g, '')).not.toMatch(/[\x00-\x08\x0b-\x1f]/);
  });

  it('cuts a long line to a window around the column, at the start, middle and end', () => {
    const line = 'abcdefghij'.repeat(1000);
    for (const column of [1, 30, 5000, 9990, 10_000, 10_001]) {
      const frame = codeFrame(`${line}\nnext\n`, { line: 1, column }, { color: false })!;
      const { code, at } = markedLine(frame, 1);
      const shown = code.slice('> 1 | '.length);
      expect(shown.length, `column ${column}`).toBeLessThanOrEqual(MAX_FRAME_LINE);
      expect(shown.startsWith('…'), `column ${column}`).toBe(column > 100);
      if (column <= line.length) expect(code[at], `column ${column}`).toBe(line[column - 1]);
    }
  });

  it('cuts the lines around by the same window, and never inside a surrogate pair', () => {
    const long = '😀'.repeat(400);
    const frame = codeFrame(`${long}\n${'x'.repeat(300)}=;\n${long}\n`, { line: 2, column: 302 }, { color: false })!;
    expect(frame).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    const { code, at } = markedLine(frame, 2);
    expect(code[at]).toBe(';');
    for (const l of frame.split('\n')) expect(l.length).toBeLessThanOrEqual(MAX_FRAME_LINE + 10);
  });

  it('counts columns of line 1 without the byte order mark, as the parser does', () => {
    const frame = codeFrame('\ufeffclass A extends;\n', { line: 1, column: 16 }, { color: false })!;
    const { code, at } = markedLine(frame, 1);
    expect(code).toBe('> 1 | class A extends;');
    expect(code[at]).toBe(';');
  });

  it('shows the real line numbers of a frame deep in a file', () => {
    const src = Array.from({ length: 5000 }, (_, i) => `line${i + 1};`).join('\n');
    const frame = codeFrame(src, { line: 4000, column: 1 }, { color: false })!;
    expect(frame.split('\n').map((l) => l.trim().split(' |')[0])).toEqual(['3998', '3999', '> 4000', '| ^', '4001', '4002']);
  });
});
