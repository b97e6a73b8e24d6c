// Text from the user's files on its way to a terminal: characters a terminal would obey or hide
// (escape sequences, carriage returns, bidirectional overrides, line separators) are shown as escapes,
// `\x1b` or `\u202e`, so a hostile file can neither clear the screen nor fake or reorder the output.

// C0 controls but the tab, DEL and C1 (0x9b is a one-byte CSI on some terminals), the Unicode line
// and paragraph separators, bidirectional marks, embeddings, overrides and isolates, and the BOM.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escape(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every control or invisible formatting character escaped (tabs kept). */
export function visible(text: string): string {
  return text.replace(INVISIBLE, escape);
}

/** One line of source made visible, with the (0-based) `column` moved to where it is in the result. */
export function visibleLine(line: string, column: number): { text: string; column: number } {
  let moved = column;
  const text = line.replace(INVISIBLE, (ch, offset: number) => {
    const escaped = escape(ch);
    if (offset < column) moved += escaped.length - 1;
    return escaped;
  });
  return { text, column: moved };
}
