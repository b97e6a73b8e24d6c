// Line and column of a place in a module's text, as Babel's parser gives them in a node's `loc`: lines
// from 1, broken at \r\n, \n, \r, \u2028 and \u2029 (the parser's line terminators, and
// @babel/code-frame's); columns from 0, in UTF-16 code units.
//
// Why not `node.loc`: the parser makes a SourceLocation and two Positions for every node, about half of
// a tree's bytes, and parseSource() drops them while it checks the tree's depth (a walk it makes
// anyway), so that few of them outlive a scavenge. Measured on three.js in one thread: scavenge pauses
// 365 → 300 ms, peak RSS 239 → 215 MB. Nothing reads a location but the places reports give
// (diagnostics, classes and uses of the summary, code frames, `explain`), told here from `start` offsets.
import type * as t from '@babel/types';

export interface LineColumn {
  line: number;
  column: number;
}

/** The line starts of the last few texts asked about (diagnostics come in runs per file). */
const cache = new Map<string, Int32Array>();
const CACHED_TEXTS = 16;
/** Line breaks other than \n. */
const OTHER_BREAKS = /[\r\u2028\u2029]/;

/** Where each line of `code` starts (offsets; the first is 0). Cached for the last few texts. */
export function lineStartsOf(code: string): Int32Array {
  let starts = cache.get(code);
  if (starts !== undefined) return starts;
  const list = [0];
  if (!OTHER_BREAKS.test(code)) {
    // Nearly every file: only \n, found by the engine's own search.
    for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) list.push(i + 1);
  } else {
    for (let i = 0; i < code.length; i++) {
      const c = code.charCodeAt(i);
      if (c === 10 || c === 0x2028 || c === 0x2029) list.push(i + 1);
      else if (c === 13) {
        if (code.charCodeAt(i + 1) === 10) i++;
        list.push(i + 1);
      }
    }
  }
  starts = Int32Array.from(list);
  if (cache.size >= CACHED_TEXTS) cache.delete(cache.keys().next().value!);
  cache.set(code, starts);
  return starts;
}

/** Line (from 1) and column (from 0) of `offset` in `code`. */
export function positionAt(code: string, offset: number): LineColumn {
  const starts = lineStartsOf(code);
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! };
}

/** Where `node` starts in `code` (line 1, column 0 for a node without a position: a made one). */
export function startOf(code: string, node: t.Node | null | undefined): LineColumn {
  return node?.start != null ? positionAt(code, node.start) : { line: 1, column: 0 };
}

/** Where `node` ends in `code` (its last line, as `loc.end`). */
export function endOf(code: string, node: t.Node | null | undefined): LineColumn {
  return node?.end != null ? positionAt(code, node.end) : { line: 1, column: 0 };
}

/**
 * Line `line` (from 1) of `code`, without its line break, given its line starts (lineStartsOf): one
 * line cut out, where splitting the text would make every line of it.
 */
export function lineOf(code: string, starts: Int32Array, line: number): string {
  const from = starts[line - 1]!;
  if (line >= starts.length) return code.slice(from);
  let to = starts[line]! - 1;
  if (code.charCodeAt(to) === 10 && to > from && code.charCodeAt(to - 1) === 13) to--;
  return code.slice(from, to);
}
