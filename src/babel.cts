// Babel's packages, loaded with require(): the one place the rest of the code gets them from.
//
// Why not `import`: Babel ships CommonJS, and when an ES module imports a CommonJS package, Node
// first lexes the package's source, and the source of every file it re-exports, to learn its export
// names (cjs-module-lexer). For @babel/types (hundreds of re-exported files) and @babel/parser that
// lexing cost about 150 ms per thread on the benchmark machine, paid again by every thread that loads
// Babel: the main thread, each scan worker, each worker that replaces one. This file is CommonJS
// (.cts), so it loads them with plain require() calls, and Node lexes only this small file.
//
// @babel/traverse (about 90 ms more) is loaded the first time something needs it: the plain resolver
// (scan/scope.ts) answers what summaries and the rewrite ask in nearly every run, and Babel's traverse
// runs only where that resolver is not sure.

import t = require('@babel/types');
import parser = require('@babel/parser');
import codeFrame = require('@babel/code-frame');
import type Traverse = require('@babel/traverse');

export { t, parser, codeFrame };

// @babel/types exports each of its functions and tables through a getter (its re-exports are
// `Object.defineProperty(exports, key, { get })`), so every `t.isIdentifier` would be a getter call:
// about 3 % of a batch run's main thread. What this module exports as `t` is a copy holding them as
// plain properties (the values never change); `t` stays the namespace for the types.
(exports as { t: typeof t }).t = { ...t };

let traverseModule: typeof Traverse | undefined;

/** @babel/traverse, loaded on first call. */
export function babelTraverse(): typeof Traverse {
  return (traverseModule ??= require('@babel/traverse') as typeof Traverse);
}

/** Whether @babel/traverse was loaded (nothing it caches exists before). */
export function babelTraverseLoaded(): boolean {
  return traverseModule !== undefined;
}

/** traverse() itself: the package's default export. */
export function traverse(...args: Parameters<typeof Traverse.default>): void {
  const m = babelTraverse() as unknown as { default?: typeof Traverse.default };
  (m.default ?? (m as unknown as typeof Traverse.default))(...args);
}

/**
 * NodePath's methods for the virtual types named (isReferencedIdentifier and the like). They live in
 * one file of @babel/traverse that needs only @babel/types, so that file alone is loaded; should a
 * later Babel 7 move it, the whole package is (the same functions: NodePath's prototype has them).
 */
export function nodePathVirtualTypes(names: readonly string[]): Record<string, (...args: never[]) => unknown> {
  let source: Record<string, unknown> | undefined;
  try {
    source = require('@babel/traverse/lib/path/lib/virtual-types-validator.js') as Record<string, unknown>;
    if (!names.every((name) => typeof source![name] === 'function')) source = undefined;
  } catch {
    source = undefined;
  }
  source ??= babelTraverse().NodePath.prototype as unknown as Record<string, unknown>;
  const out: Record<string, (...args: never[]) => unknown> = {};
  for (const name of names) {
    const fn = source[name];
    if (typeof fn !== 'function') throw new Error(`internal error: @babel/traverse has no NodePath#${name}`);
    out[name] = fn as (...args: never[]) => unknown;
  }
  return out;
}
