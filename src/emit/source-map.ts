// Source maps of rewritten files (--source-maps). The rewrite hands over, per file, the anchors of its
// new text (src/flatten/edits.ts): output offsets with the input file and offset the text there comes
// from. Unchanged code is anchored line by line to itself, copied members to the ancestor's file,
// generated lines (markers, constructors, imports) have no mapping. This file turns them into a
// version 3 map whose sources are relative to the mirror file, with the inputs' text embedded.
import path from 'node:path';
import { GenMapping, maybeAddSegment, setSourceContent, toEncodedMap } from '@jridgewell/gen-mapping';
import type { AnchorAt } from '../flatten/edits.js';
import type { SourceMap } from '../types.js';

/** The name of the map of a mirror file: beside it, `.map` appended. */
export function mapPathOf(outRelPath: string): string {
  return `${outRelPath}.map`;
}

/**
 * A source-map comment at the end of a file (`//# sourceMappingURL=…` or the block form), with the
 * line break before it: the input's own map describes the input, not the rewritten text.
 */
const TRAILING_MAP_COMMENT = /(?:\r?\n)?[ \t]*(?:\/\/[#@][ \t]+sourceMappingURL=[^\r\n]*|\/\*[#@][ \t]+sourceMappingURL=[^*]*\*\/)\s*$/;

export interface MappedFile {
  code: string;
  map: SourceMap;
}

/**
 * The text to write for a rewritten file and its map. `code` is the rewritten text, `anchors` its
 * anchors, `outFile` the absolute path the file is written to, `readSource` the text of an input.
 */
export function sourceMapFor(code: string, anchors: readonly AnchorAt[], outFile: string, readSource: (file: string) => string): MappedFile {
  const trailing = TRAILING_MAP_COMMENT.exec(code);
  const body = trailing ? code.slice(0, trailing.index) : code;
  const nl = /\r\n/.test(body) ? '\r\n' : '\n';
  const name = path.basename(outFile);
  const text = `${body}${body === '' || body.endsWith('\n') ? '' : nl}//# sourceMappingURL=${encodeURI(name)}.map${nl}`;

  const gen = new GenMapping({ file: name });
  const outLines = new LineIndex(body);
  const inputs = new Map<string, { source: string; lines: LineIndex }>();
  const outDir = path.dirname(outFile);
  let lastLine = -1;
  for (const a of anchors) {
    if (a.offset >= body.length) break;
    let input = inputs.get(a.origin.file);
    if (!input) {
      const content = readSource(a.origin.file);
      const source = path.relative(outDir, a.origin.file).split(path.sep).join('/');
      setSourceContent(gen, source, content);
      inputs.set(a.origin.file, (input = { source, lines: new LineIndex(content) }));
    }
    const [line, column] = outLines.position(a.offset);
    const [oLine, oColumn] = input.lines.position(a.origin.offset);
    // The line's first mapping stands for its indentation too: the whole line maps to the origin line.
    if (line !== lastLine && column > 0 && /^[ \t]*$/.test(body.slice(a.offset - column, a.offset))) {
      maybeAddSegment(gen, line, 0, input.source, oLine, 0);
    }
    maybeAddSegment(gen, line, column, input.source, oLine, oColumn);
    lastLine = line;
  }
  const encoded = toEncodedMap(gen);
  const map: SourceMap = {
    version: 3,
    file: name,
    sources: encoded.sources as string[],
    sourcesContent: (encoded.sourcesContent ?? []) as string[],
    names: [],
    mappings: encoded.mappings,
  };
  return { code: text, map };
}

/** Whether two maps are the same (cheap when their texts are the same strings). */
export function sameMap(a: SourceMap | undefined, b: SourceMap | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.file === b.file && a.mappings === b.mappings && same(a.sources, b.sources) && same(a.sourcesContent, b.sourcesContent);
}

/** Offsets → 0-based line and UTF-16 column. */
class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): [number, number] {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo, offset - this.starts[lo]!];
  }
}
