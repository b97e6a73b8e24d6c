// A few lines of source around a diagnostic, with a marker under its column. What the terminal gets
// is safe to print: control characters are escaped (./visible.ts) and a long line (minified or
// generated code) is cut to a window around the column.
import { codeFrame as babelCodeFrame } from '../babel.cjs';
import type { Diagnostic } from '../types.js';
import { visible, visibleLine } from './visible.js';
// Lines broken as @babel/code-frame and the parser break them, so line numbers agree.
import { lineOf, lineStartsOf } from '../scan/positions.js';

export interface CodeFrameOptions {
  /** Syntax-highlight and colour the marker; off means plain text without ANSI codes. */
  color: boolean;
  linesAbove?: number;
  linesBelow?: number;
}

/** Code units shown of one line; a longer line is cut to this many around the column. */
export const MAX_FRAME_LINE = 150;
/** How much of a cut line is shown before the column. */
const BEFORE_COLUMN = 60;
const CUT = '…';

/**
 * The code frame for `diagnostic` in `source`, or undefined when its location is not in the text
 * (line 0, a line past the end, an empty file).
 */
export function codeFrame(
  source: string,
  diagnostic: Pick<Diagnostic, 'line' | 'column'>,
  opts: CodeFrameOptions,
): string | undefined {
  const { line, column } = diagnostic;
  if (!Number.isInteger(line) || line < 1 || source.length === 0) return undefined;
  // Only the lines shown are cut out of the text (a report frames many places of one file).
  const starts = lineStartsOf(source);
  if (line > starts.length) return undefined;
  // Positions are counted without the byte order mark (the decoder drops it before parsing).
  const lineAt = (n: number): string => {
    const text = lineOf(source, starts, n);
    return n === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  const hasColumn = Number.isInteger(column) && column >= 1;
  const first = Math.max(1, line - (opts.linesAbove ?? 2));
  const last = Math.min(starts.length, line + (opts.linesBelow ?? 2));

  const target = visibleLine(lineAt(line), hasColumn ? column - 1 : 0);
  const start = windowStart(target.text.length, target.column);
  const shown: string[] = [];
  let markerColumn = target.column;
  for (let n = first; n <= last; n++) {
    const cut = cutLine(n === line ? target.text : visible(lineAt(n)), start);
    if (n === line) markerColumn += cut.shift;
    shown.push(cut.text);
  }
  // Only the lines shown go to the frame (and its highlighter), numbered from `first`.
  const frame = babelCodeFrame.codeFrameColumns(
    shown.join('\n'),
    { start: hasColumn ? { line, column: markerColumn + 1 } : { line } },
    {
      // highlightCode alone would still ask the environment; forceColor makes our decision final.
      highlightCode: opts.color,
      forceColor: opts.color,
      linesAbove: opts.linesAbove ?? 2,
      linesBelow: opts.linesBelow ?? 2,
      // (Supported since @babel/code-frame 7.18; missing from its type declarations.)
      startLine: first,
    } as Parameters<typeof babelCodeFrame.codeFrameColumns>[2],
  );
  return frame.length > 0 ? frame : undefined;
}

/** Where the shown part of each line starts: 0 unless the diagnostic's line is too long to show whole. */
function windowStart(length: number, column: number): number {
  if (length <= MAX_FRAME_LINE) return 0;
  return Math.max(0, Math.min(column - BEFORE_COLUMN, length - MAX_FRAME_LINE + 2 * CUT.length));
}

/** The part of `text` from `start` that fits, `…` where it is cut; `shift` moves a column of `text` into the result. */
function cutLine(text: string, start: number): { text: string; shift: number } {
  if ((start === 0 && text.length <= MAX_FRAME_LINE) || text.length === 0) return { text, shift: 0 };
  let from = start;
  // Never split a surrogate pair.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from++;
  const head = from > 0 ? CUT : '';
  let to = Math.min(text.length, from + MAX_FRAME_LINE - head.length);
  if (to < text.length) {
    to -= CUT.length;
    if (isLowSurrogate(text.charCodeAt(to))) to--;
  }
  const tail = to < text.length ? CUT : '';
  return { text: head + text.slice(from, Math.max(from, to)) + tail, shift: head.length - from };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
