/** A replacement of source[start, end) by text; start === end inserts. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * Apply non-overlapping edits to source[from, to). Insertions at the same position keep their order.
 * Untouched text is kept byte for byte, which is what keeps unchanged code and comments identical.
 */
export function applyEdits(source: string, from: number, to: number, edits: Edit[]): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.start >= from && e.end <= to)
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map(({ e }) => e);
  let out = '';
  let pos = from;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at ${e.start} (< ${pos})`);
    out += source.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + source.slice(pos, to);
}

/** Widen a removal to whole lines when nothing else stands on them, so no blank line is left behind. */
export function lineRemoval(source: string, start: number, end: number): Edit {
  let s = start;
  while (s > 0 && (source[s - 1] === ' ' || source[s - 1] === '\t')) s--;
  let e = end;
  while (e < source.length && (source[e] === ' ' || source[e] === '\t' || source[e] === ';')) e++;
  const lineStart = s === 0 || source[s - 1] === '\n';
  const lineEnd = e === source.length || source[e] === '\n' || (source[e] === '\r' && source[e + 1] === '\n');
  if (lineStart && lineEnd) {
    if (source[e] === '\r') e++;
    if (source[e] === '\n') e++;
    return { start: s, end: e, text: '' };
  }
  return { start, end, text: '' };
}

/** The indentation of the line holding `pos`. */
export function indentAt(source: string, pos: number): string {
  let s = pos;
  while (s > 0 && source[s - 1] !== '\n') s--;
  let e = s;
  while (source[e] === ' ' || source[e] === '\t') e++;
  return source.slice(s, e);
}

/** The line break a file uses (CRLF files stay CRLF). */
export function newlineOf(source: string): string {
  const i = source.indexOf('\n');
  return i > 0 && source[i - 1] === '\r' ? '\r\n' : '\n';
}
