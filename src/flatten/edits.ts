/** A replacement of source[start, end) by text; start === end inserts. */
export interface Edit {
  start: number;
  end: number;
  /** May carry origin anchors (see below) when a rewrite records where its text comes from. */
  text: string;
}

/** A position in an input file: where a piece of output text comes from. */
export interface Origin {
  /** Absolute path of the input file. */
  file: string;
  /** UTF-16 offset in that file's text. */
  offset: number;
}

// Origin anchors (source maps).
//
// The rewrite builds text in layers: a copied member is an applyEdits() over the ancestor's source,
// indented, joined with generated lines, inserted by an edit of the class, which is an edit of the
// file. So that the final text still knows where each piece came from, applyEdits() given the `file`
// of its source marks, while anchors are recorded, every piece it takes from the source with an
// anchor: U+FDD0, the anchor's number in hex digits U+E000–U+E00F, U+FDD1. An anchor stands before
// the first non-blank character of a line or of a piece, so the text around it (indentation,
// line breaks, identifiers) reads as before and every layer in between treats the text as it would
// without anchors. A replacement (start < end) is anchored to what it replaces. The outermost
// applyEdits() removes the anchors with takeAnchors(), which yields each one's output offset.
// U+FDD0/U+FDD1 are Unicode noncharacters; the recording is not started when an input holds them.

const ANCHOR_OPEN = '\uFDD0';
const ANCHOR_CLOSE = '\uFDD1';
const DIGIT_BASE = 0xe000;
const ANCHOR_RE = /\uFDD0([\uE000-\uE00F]+)\uFDD1/g;

/**
 * Every origin handed out, by number. Interned and kept for the process's life (an entry per distinct
 * file and offset), so that a plan anchored in one watch rebuild can still be assembled in a later one.
 */
const origins: Origin[] = [];
const originIds = new Map<string, Map<number, number>>();
/** Whether anchors are placed (inside withAnchors()). */
let recording = false;

/** Run `fn` with anchors placed in the texts applyEdits() builds. Returns fn's result. */
export function withAnchors<T>(fn: () => T): T {
  const saved = recording;
  recording = true;
  try {
    return fn();
  } finally {
    recording = saved;
  }
}

/** Whether a text could not be anchored safely (it holds the anchor characters itself). */
export function holdsAnchorCharacters(text: string): boolean {
  return text.includes(ANCHOR_OPEN) || text.includes(ANCHOR_CLOSE);
}

/** An anchor for text taken from file at offset; '' when not recording. */
export function originAnchor(file: string, offset: number): string {
  return recording ? anchor(file, offset) : '';
}

function anchor(file: string, offset: number): string {
  let byOffset = originIds.get(file);
  if (!byOffset) originIds.set(file, (byOffset = new Map()));
  let id = byOffset.get(offset);
  if (id === undefined) byOffset.set(offset, (id = origins.push({ file, offset }) - 1));
  let digits = '';
  for (const d of id.toString(16)) digits += String.fromCharCode(DIGIT_BASE + parseInt(d, 16));
  return ANCHOR_OPEN + digits + ANCHOR_CLOSE;
}

/** `text` without anchors (the text a rewrite without source maps produces). */
export function stripAnchors(text: string): string {
  return text.includes(ANCHOR_OPEN) ? text.replace(ANCHOR_RE, '') : text;
}

/** An output offset whose text comes from `origin` (until the next one on the same line). */
export interface AnchorAt {
  offset: number;
  origin: Origin;
}

/** Removes the anchors from an anchored text: the plain text, and where each anchor stood in it. */
export function takeAnchors(text: string): { text: string; anchors: AnchorAt[] } {
  const anchors: AnchorAt[] = [];
  let out = '';
  let last = 0;
  for (const m of text.matchAll(ANCHOR_RE)) {
    out += text.slice(last, m.index);
    last = m.index + m[0].length;
    let id = 0;
    for (const ch of m[1]) id = id * 16 + (ch.charCodeAt(0) - DIGIT_BASE);
    const origin = origins[id];
    // Two anchors at one place: the later, inner one is the more precise.
    if (anchors.length && anchors[anchors.length - 1].offset === out.length) anchors.pop();
    if (origin) anchors.push({ offset: out.length, origin });
  }
  return { text: out + text.slice(last), anchors };
}

/** source[from, to) with an anchor before each line's first non-blank character (and at `from`). */
function anchoredSlice(source: string, from: number, to: number, file: string): string {
  let out = '';
  let pos = from;
  let lineStart = from;
  while (lineStart < to) {
    let k = lineStart;
    while (k < to && (source[k] === ' ' || source[k] === '\t')) k++;
    if (k < to && source[k] !== '\n' && source[k] !== '\r') {
      out += source.slice(pos, k) + anchor(file, k);
      pos = k;
    }
    const nl = source.indexOf('\n', k);
    if (nl === -1 || nl >= to) break;
    lineStart = nl + 1;
  }
  return out + source.slice(pos, to);
}

/** An edit's text, anchored to the range it replaces when it starts on that line (insertions stay generated). */
function anchoredText(e: Edit, file: string): string {
  if (e.start === e.end) return e.text;
  const k = e.text.search(/[^ \t]/);
  if (k === -1 || e.text[k] === '\n' || e.text[k] === '\r') return e.text;
  return e.text.slice(0, k) + anchor(file, e.start) + e.text.slice(k);
}

/**
 * Apply non-overlapping edits to source[from, to). Insertions at the same position keep their order.
 * Untouched text is kept byte for byte, which is what keeps unchanged code and comments identical.
 * `file`: the path of `source`, for the anchors of source maps (none are placed without it or when
 * not recording).
 */
export function applyEdits(source: string, from: number, to: number, edits: Edit[], file?: string): string {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.start >= from && e.end <= to)
    .sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i)
    .map(({ e }) => e);
  const anchored = recording && file !== undefined;
  const slice = anchored ? (s: number, e: number) => anchoredSlice(source, s, e, file) : (s: number, e: number) => source.slice(s, e);
  let out = '';
  let pos = from;
  for (const e of sorted) {
    if (e.start < pos) throw new Error(`overlapping edits at ${e.start} (< ${pos})`);
    out += slice(pos, e.start) + (anchored ? anchoredText(e, file) : e.text);
    pos = e.end;
  }
  return out + slice(pos, to);
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
