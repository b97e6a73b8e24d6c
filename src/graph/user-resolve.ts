// Calling a resolve() written by the user (config file or API option) defensively. Whatever it does —
// throw, return a number, a Promise, a Proxy whose traps throw — the import counts as unresolved and
// the reason is kept for the report. Nothing it returns or throws may escape, not even later: a
// returned Promise that rejects would otherwise end the process as an unhandled rejection.

/** One call's outcome: the path to look up (null: unresolved), and why the answer was not usable. */
export interface ResolveAnswer {
  path: string | null;
  /** E.g. `threw: boom`, `returned number 42`; null when the answer was a path or a deliberate null. */
  problem: string | null;
}

const EXTERNAL: ResolveAnswer = { path: null, problem: null };

export function callUserResolve(
  fn: (specifier: string, importerPath: string) => unknown,
  specifier: string,
  importerPath: string,
  thisArg?: unknown,
): ResolveAnswer {
  let value: unknown;
  try {
    value = fn.call(thisArg, specifier, importerPath);
  } catch (error) {
    return { path: null, problem: `threw: ${errorLine(error)}` };
  }
  if (value === null) return EXTERNAL;
  if (typeof value === 'string') return value === '' ? { path: null, problem: 'returned an empty string' } : { path: value, problem: null };
  try {
    if (isThenable(value)) {
      // Promise.resolve adopts any thenable; the handler keeps a rejection from going unhandled.
      Promise.resolve(value).catch(() => undefined);
      return { path: null, problem: 'returned a Promise (resolve() must be synchronous)' };
    }
    return { path: null, problem: `returned ${value === undefined ? 'undefined' : describeValue(value)}` };
  } catch {
    // A Proxy whose traps throw, an object whose `then` getter throws.
    return { path: null, problem: 'returned an object that cannot be inspected' };
  }
}

function isThenable(value: unknown): boolean {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

/** A short description of a value the user gave where something else was expected, e.g. `number 42`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object') return isThenable(value) ? 'a Promise' : 'an object';
  if (typeof value === 'function') return 'a function';
  return `${typeof value} ${String(value)}`;
}

/** The first line of a thrown value's message; never throws itself (a message getter may). */
export function errorLine(error: unknown): string {
  try {
    const text = error instanceof Error ? String(error.message) : String(error);
    return text.split('\n')[0]?.trim() || (error instanceof Error ? String(error.name) : 'unknown error');
  } catch {
    return 'a value that cannot be printed';
  }
}
