import type { NodePath } from '@babel/traverse';
import type * as t from '@babel/types';
import { childPath } from './child-path.js';

// TypeScript code reaches a class's prototype through type-only wrappers: `(Base.prototype as any).m = f`,
// `(<any>Base).prototype`, `Base.prototype!`, `(Base.prototype satisfies object)`. They change nothing at
// run time, so the uses the report looks for (prototype patches, introspection) are found through them.

const WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'ParenthesizedExpression']);

/** The node without its type-only wrappers. */
export function bare(node: t.Node): t.Node {
  let n = node;
  while (WRAPPERS.has(n.type)) n = (n as t.TSAsExpression).expression;
  return n;
}

/** The path without its type-only wrappers. */
export function barePath(path: NodePath): NodePath {
  let p = path;
  while (WRAPPERS.has(p.node.type)) p = childPath<NodePath>(p, 'expression');
  return p;
}

/** `X.prototype` (through wrappers, on either side of `.prototype`)? */
export function isPrototypeRef(node: t.Node): boolean {
  const n = bare(node);
  return n.type === 'MemberExpression' && !n.computed && n.property.type === 'Identifier' && n.property.name === 'prototype';
}

/** For `X.prototype` (through wrappers): the path of `X`; otherwise null. */
export function prototypeOwnerPath(path: NodePath): NodePath | null {
  const p = barePath(path);
  return isPrototypeRef(p.node) ? (childPath<NodePath>(p, 'object')) : null;
}
