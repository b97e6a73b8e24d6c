// A few lines of source around a diagnostic, with a marker under its column.
import { codeFrameColumns } from '@babel/code-frame';
import type { Diagnostic } from '../types.js';

export interface CodeFrameOptions {
  /** Syntax-highlight and colour the marker; off means plain text without ANSI codes. */
  color: boolean;
  linesAbove?: number;
  linesBelow?: number;
}

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
  const lineCount = source.split(/\r\n|[\n\r\u2028\u2029]/).length;
  if (line > lineCount) return undefined;
  const frame = codeFrameColumns(
    source,
    { start: Number.isInteger(column) && column >= 1 ? { line, column } : { line } },
    {
      // highlightCode alone would still ask the environment; forceColor makes our decision final.
      highlightCode: opts.color,
      forceColor: opts.color,
      linesAbove: opts.linesAbove ?? 2,
      linesBelow: opts.linesBelow ?? 2,
    },
  );
  return frame.length > 0 ? frame : undefined;
}
