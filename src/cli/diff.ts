// A small unified diff (Myers' O(ND) line diff), the format `diff -u` and `git diff` print.

type Op = { kind: ' ' | '-' | '+'; line: string };

/** Lines with their terminators, so a changed line ending or a missing final newline is a change. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.split(/(?<=\n)/);
}

/** The shortest edit script from `a` to `b` (Myers 1986), with a common prefix and suffix trimmed first. */
function editScript(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: Op[] = a.slice(0, start).map((line) => ({ kind: ' ', line }));
  const tail: Op[] = a.slice(endA).map((line) => ({ kind: ' ', line }));
  const A = a.slice(start, endA);
  const B = b.slice(start, endB);
  const n = A.length;
  const m = B.length;
  const middle: Op[] = [];
  if (n === 0) for (const line of B) middle.push({ kind: '+', line });
  else if (m === 0) for (const line of A) middle.push({ kind: '-', line });
  else {
    const max = n + m;
    const offset = max;
    let v: Int32Array = new Int32Array(2 * max + 2);
    const trace: Int32Array[] = [];
    let found = false;
    for (let d = 0; d <= max && !found; d++) {
      trace.push(v.slice());
      for (let k = -d; k <= d; k += 2) {
        let x: number;
        if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
        else x = v[offset + k - 1]! + 1;
        let y = x - k;
        while (x < n && y < m && A[x] === B[y]) {
          x++;
          y++;
        }
        v[offset + k] = x;
        if (x >= n && y >= m) {
          found = true;
          break;
        }
      }
    }
    trace.push(v.slice());
    // Walk back through the saved V arrays.
    let x = n;
    let y = m;
    const rev: Op[] = [];
    for (let d = trace.length - 2; d >= 0; d--) {
      v = trace[d]!;
      const k = x - y;
      let prevK: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) prevK = k + 1;
      else prevK = k - 1;
      const prevX = d === 0 ? 0 : v[offset + prevK]!;
      const prevY = prevX - prevK;
      while (x > prevX && y > prevY) {
        rev.push({ kind: ' ', line: A[x - 1]! });
        x--;
        y--;
      }
      if (d === 0) break;
      if (x === prevX) rev.push({ kind: '+', line: B[y - 1]! });
      else rev.push({ kind: '-', line: A[x - 1]! });
      x = prevX;
      y = prevY;
    }
    while (x > 0 && y > 0) {
      rev.push({ kind: ' ', line: A[x - 1]! });
      x--;
      y--;
    }
    middle.push(...rev.reverse());
  }
  return [...head, ...middle, ...tail];
}

function range(start: number, count: number): string {
  // GNU and git: an empty range names the line before it; a count of 1 is left out.
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

function render(op: Op): string {
  if (op.line.endsWith('\n')) return `${op.kind}${op.line}`;
  return `${op.kind}${op.line}\n\\ No newline at end of file\n`;
}

export interface UnifiedDiffOptions {
  /** Name on the `---` line. */
  fromFile: string;
  /** Name on the `+++` line. */
  toFile: string;
  /** Unchanged lines around each change. Default: 3. */
  context?: number;
}

/** The unified diff from `before` to `after`; the empty string when they are equal. */
export function unifiedDiff(before: string, after: string, opts: UnifiedDiffOptions): string {
  if (before === after) return '';
  const context = opts.context ?? 3;
  const ops = editScript(splitLines(before), splitLines(after));
  // Indexes of changed ops, grouped into hunks whose gaps are at most 2 × context.
  const hunks: Array<{ from: number; to: number }> = [];
  for (let i = 0; i < ops.length; i++) {
    if (ops[i]!.kind === ' ') continue;
    const from = Math.max(0, i - context);
    let j = i;
    while (j + 1 < ops.length) {
      let next = j + 1;
      while (next < ops.length && ops[next]!.kind === ' ') next++;
      if (next < ops.length && next - j - 1 <= 2 * context) j = next;
      else break;
    }
    const to = Math.min(ops.length, j + context + 1);
    hunks.push({ from, to });
    i = j;
  }
  let out = `--- ${opts.fromFile}\n+++ ${opts.toFile}\n`;
  // Line numbers before each op.
  let aLine = 1;
  let bLine = 1;
  let cursor = 0;
  for (const h of hunks) {
    for (; cursor < h.from; cursor++) {
      if (ops[cursor]!.kind !== '+') aLine++;
      if (ops[cursor]!.kind !== '-') bLine++;
    }
    const slice = ops.slice(h.from, h.to);
    const aCount = slice.filter((o) => o.kind !== '+').length;
    const bCount = slice.filter((o) => o.kind !== '-').length;
    out += `@@ -${range(aLine, aCount)} +${range(bLine, bCount)} @@\n`;
    out += slice.map(render).join('');
    for (; cursor < h.to; cursor++) {
      if (ops[cursor]!.kind !== '+') aLine++;
      if (ops[cursor]!.kind !== '-') bLine++;
    }
  }
  return out;
}
