// Syntax-only tests of whether a node may hold a use the summary reports (callUse and identityUse in
// summarize.ts decide, with scopes). Shared by the walk that decides whether a file needs scopes at all
// (summarize.ts) and by the plain summary's choice of nodes to make paths for (summarize-plain.ts), so
// that the two cannot disagree.
import type * as t from '@babel/types';
import { bare, isPrototypeRef } from './ts-wrappers.js';

/** Methods through which a call may introspect or patch prototypes (callUse). */
const REFLECTION_METHODS = new Set([
  'getPrototypeOf', 'setPrototypeOf', 'getOwnPropertyNames', 'getOwnPropertyDescriptors', 'getOwnPropertySymbols', 'keys', 'entries', 'values',
  'hasOwn', 'getOwnPropertyDescriptor', 'ownKeys', 'defineProperty', 'defineProperties', 'assign', 'is',
]);

/** `X.m` or `X.prototype.m` (through TypeScript's wrappers): what identityUse looks at. */
export function mayBeMethodOf(node: t.Node): boolean {
  if (node.type !== 'MemberExpression' || node.computed) return false;
  const obj = bare(node.object);
  return obj.type === 'Identifier' || (isPrototypeRef(obj) && bare((obj as t.MemberExpression).object).type === 'Identifier');
}

/** Could callUse find a use in this call? (Without scopes: `Object` may be shadowed, which only callUse can tell.) */
export function mayIntrospect(call: t.CallExpression): boolean {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return false;
  const method = callee.property.name;
  if (method === 'isPrototypeOf') return true;
  if (method === 'call') return callee.object.type === 'MemberExpression' && callee.object.property.type === 'Identifier' && callee.object.property.name === 'isPrototypeOf';
  return REFLECTION_METHODS.has(method) && callee.object.type === 'Identifier' && (callee.object.name === 'Object' || callee.object.name === 'Reflect');
}

/**
 * The member a node writes: `X.k = v` (any assignment operator), `X.k++`, `delete X.k`; else null.
 * What patchUse reports when X is a class, and what the rewrite's key check asks of any object.
 */
export function writtenMember(node: t.Node): t.MemberExpression | null {
  const target = node.type === 'AssignmentExpression' ? node.left : node.type === 'UpdateExpression' || (node.type === 'UnaryExpression' && node.operator === 'delete') ? node.argument : null;
  return target?.type === 'MemberExpression' ? target : null;
}

/** `o.#x` (or `o?.#x`) on an object other than `this`: a brand the instances of flattened subclasses lose. */
export function isForeignPrivateAccess(node: t.Node): boolean {
  return (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && node.property.type === 'PrivateName' && node.object.type !== 'ThisExpression';
}

/** `ns.X` (plain names, not computed): a class reached through a namespace or module object, as a patch's target. */
export function isNamespaceMember(node: t.Node): node is t.MemberExpression & { object: t.Identifier; property: t.Identifier } {
  return node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier' && node.property.type === 'Identifier';
}
