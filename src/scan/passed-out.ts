// A class handed as a value to code outside the project: `expect(err).toBeInstanceOf(Base)` (jest,
// vitest), `assert.throws(fn, Base)` (node:assert), `t.like(x, { instanceOf: Base })`. That code may
// test `instanceof` against it, which no run scans; if Base is a former ancestor, the answer changes
// for instances of its flattened subclasses (found by zod's and yaml's own test suites).
//
// The summary records such a call where an argument names a class or an import, and the callee is a
// global or an import (summarize.ts passedOutUses); the graph tells whether the callee is outside the
// project, and the report whether the class is a former ancestor (report/detect.ts).
//
// This file holds the syntax-only half, shared by the plain walk's fast-path test, the plain summary's
// choice of nodes, and the summary itself, so that all three agree by construction.
import type * as t from '@babel/types';

/**
 * Globals whose functions never test `instanceof` against an argument (or whose reflection is a use
 * of its own, summarize.ts callUse): handing them a class changes nothing. A guess about a global the
 * program may have replaced costs at worst a missed warning on a call nobody writes with a class.
 */
export const HARMLESS_GLOBALS = new Set([
  'console', 'JSON', 'Math', 'Object', 'Reflect', 'Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef', 'FinalizationRegistry',
  'Promise', 'Symbol', 'String', 'Number', 'Boolean', 'BigInt', 'Proxy', 'Date', 'RegExp', 'setTimeout', 'setInterval',
  'setImmediate', 'queueMicrotask', 'clearTimeout', 'clearInterval', 'structuredClone', 'require',
]);

/**
 * The identifier a callee starts from, through member accesses and calls: `expect` of
 * `expect(x).not.toBeInstanceOf`, `assert` of `assert.throws`. Null for `this.m`, `super.m`, `(a || b)()`.
 */
export function calleeRoot(callee: t.Node): t.Identifier | null {
  let node: t.Node = callee;
  for (;;) {
    if (node.type === 'Identifier') return node;
    if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') node = node.object;
    else if (node.type === 'CallExpression' || node.type === 'OptionalCallExpression') node = node.callee;
    else return null;
  }
}

type PassedValue = t.Identifier | t.MemberExpression;

/**
 * The values a call hands over that may name a class: its arguments, and the values of an object or
 * array literal argument (`{ instanceOf: Base }`, `[Base]`), each an identifier or `ns.Name`. `visit`
 * gets each with its path key below the call, made on demand (`arguments.1.properties.0.value`);
 * returning true stops the walk, and the function then returns true. No allocation per call: the
 * plain walk runs this on every call of every file.
 */
export function somePassedValue(call: t.CallExpression | t.NewExpression, visit: (node: PassedValue, key: () => string) => boolean): boolean {
  const args = call.arguments;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.type === 'ObjectExpression') {
      for (let j = 0; j < arg.properties.length; j++) {
        const p = arg.properties[j];
        if (p.type === 'ObjectProperty' && isPassed(p.value) && visit(p.value, () => `arguments.${i}.properties.${j}.value`)) return true;
      }
    } else if (arg.type === 'ArrayExpression') {
      for (let j = 0; j < arg.elements.length; j++) {
        const e = arg.elements[j];
        if (e && isPassed(e) && visit(e, () => `arguments.${i}.elements.${j}`)) return true;
      }
    } else if (isPassed(arg) && visit(arg, () => `arguments.${i}`)) return true;
  }
  return false;
}

function isPassed(node: t.Node): node is PassedValue {
  return node.type === 'Identifier' || (node.type === 'MemberExpression' && !node.computed && node.object.type === 'Identifier' && node.property.type === 'Identifier');
}

/** The name a passed value starts from: `Base`, or `ns` of `ns.Base`. */
export function passedName(node: PassedValue): string {
  return node.type === 'Identifier' ? node.name : (node.object as t.Identifier).name;
}

/**
 * Could this call hand a class to a callee outside the project, as far as syntax tells? `mayName` says
 * whether a name may be a class or an import (the module's imports, classes and aliases).
 */
export function mayPassOut(call: t.CallExpression | t.NewExpression, mayName: (name: string) => boolean): boolean {
  return mayCallOut(call) && somePassedValue(call, (v) => mayName(passedName(v)));
}

/** A call with arguments whose callee starts from a name that may be a global or an import. */
export function mayCallOut(call: t.CallExpression | t.NewExpression): boolean {
  if (call.arguments.length === 0) return false;
  const root = calleeRoot(call.callee);
  return root !== null && !HARMLESS_GLOBALS.has(root.name);
}
