// Where a file stops being UTF-8, so the report can point at the bad bytes (with a code frame)
// instead of at the top of the file.

/** The line and 1-based column (UTF-16 code units, as the parser counts) of the first byte that is not UTF-8. */
export function firstInvalidUtf8(buf: Uint8Array): { line: number; column: number } {
  // A streaming decode does not fail on a sequence cut short at the end, so a prefix fails exactly
  // when it holds an invalid sequence: find the shortest one that does by bisection.
  let valid = 0;
  let invalid = buf.length;
  while (invalid - valid > 1) {
    const mid = (valid + invalid) >>> 1;
    if (decodesAsPrefix(buf.subarray(0, mid))) valid = mid;
    else invalid = mid;
  }
  // The text before the bad sequence (a sequence it starts is cut off: it holds no complete character).
  const before = new TextDecoder('utf-8').decode(buf.subarray(0, invalid - 1), { stream: true });
  let line = 1;
  let lineStart = 0;
  const breaks = /\r\n|[\n\r\u2028\u2029]/g;
  for (let m = breaks.exec(before); m !== null; m = breaks.exec(before)) {
    line++;
    lineStart = m.index + m[0].length;
  }
  return { line, column: before.length - lineStart + 1 };
}

function decodesAsPrefix(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}
