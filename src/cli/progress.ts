// The progress line of a long batch run: on a terminal, once a run has taken about a second, one line
// on stderr says how far it got (files scanned / parsed / written) and is rewritten in place; it is
// erased when the run is done, so nothing of it stays on the screen or in the report that follows.
// Never shown when stderr is not a terminal or in CI (env CI set), where it would only clutter logs.
//
// The pipeline runs synchronously, so no timer could fire during it: the pipeline reports its counts
// (cheaply, per file) and the line is drawn from those calls, at most every DRAW_INTERVAL_MS.

/** What a run has done so far; each count only grows. */
export interface ProgressCounts {
  /** Source files found. */
  total?: number;
  /** Source files read and examined. */
  scanned?: number;
  /** Source files parsed. */
  parsed?: number;
  /** Mirror files written (or found unchanged). */
  written?: number;
  /** Mirror files to write. */
  toWrite?: number;
}

export type ProgressHook = (counts: ProgressCounts) => void;

/** The part of a stream the line needs (process.stderr, or a fake one in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressLine {
  /** Takes new counts; draws the line when due. */
  update: ProgressHook;
  /** Erases the line if it was drawn. Idempotent. */
  done(): void;
}

/** A run shorter than this shows nothing. */
export const SHOW_AFTER_MS = 1000;
const DRAW_INTERVAL_MS = 100;

export function progressEnabled(stream: ProgressStream | undefined, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  const inCi = ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
  return stream?.isTTY === true && !inCi;
}

/** A progress line on `stream`, or one that does nothing when progress is not to be shown there. */
export function createProgressLine(stream: ProgressStream | undefined, env: NodeJS.ProcessEnv, now: () => number = () => performance.now()): ProgressLine {
  if (!progressEnabled(stream, env)) return { update: () => undefined, done: () => undefined };
  const out = stream!;
  const started = now();
  const counts: Required<ProgressCounts> = { total: 0, scanned: 0, parsed: 0, written: 0, toWrite: 0 };
  let drawnAt = -Infinity;
  let drawn = false;
  return {
    update(next) {
      Object.assign(counts, next);
      const t = now();
      if (t - started < SHOW_AFTER_MS || t - drawnAt < DRAW_INTERVAL_MS) return;
      drawnAt = t;
      drawn = true;
      // One line, never wrapped: a wrapped line could not be erased with \r.
      const width = Math.max(20, (out.columns ?? 80) - 1);
      out.write(`\r${progressText(counts).slice(0, width)}\x1b[K`);
    },
    done() {
      if (drawn) out.write('\r\x1b[K');
      drawn = false;
    },
  };
}

export function progressText(c: Required<ProgressCounts>): string {
  const written = c.toWrite > 0 ? `, ${c.written}/${c.toWrite} written` : '';
  return `flatten-classes: ${c.scanned}/${c.total} files scanned, ${c.parsed} parsed${written}`;
}
