// The extends clause of a class described as plain data: everything the class graph (heritageOf in
// graph/class-graph.ts) needs to resolve it, so that a batch run can build the graph without the
// module's syntax tree (see scan/detach.ts). Mixin applications `M(X, 'a')` are described with every
// argument, since which one is the base is only known once M is resolved, possibly in another file.
import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ModuleInfo, NameRef } from './module-info.js';
import { childPath } from './child-path.js';

/** How the callee of a call in an extends clause names its function, as far as one file can tell. */
export type CalleeSyntax =
  /** Bound inside a function or block: the mixin factory class of this file it is, if any. */
  | { kind: 'inner'; factoryClass: number | null }
  /** Bound at module level (an import, a declaration). */
  | { kind: 'module'; name: string }
  /** `ns.M` with plain identifiers. */
  | { kind: 'member'; object: string; property: string }
  /** A global, or anything else. */
  | { kind: 'other' };

export type SuperSyntax =
  | { kind: 'ref'; ref: NameRef; text: string; pure: boolean }
  | { kind: 'call'; callee: CalleeSyntax; spread: boolean; args: SuperArgument[] };

export interface SuperArgument {
  /** Source text of a primitive literal argument, else null. */
  literal: string | null;
  /** The argument as a superclass expression, should it be the base (null: a spread element). */
  syntax: SuperSyntax | null;
}

/**
 * Describe a superclass expression. Iterative over nested calls, so deeply nested mixin applications
 * cannot overflow the stack.
 */
export function describeSuper(start: NodePath, module: ModuleInfo, classIndexByNode: Map<t.Node, number>, nameRefOf: (path: NodePath) => NameRef): SuperSyntax {
  let root: SuperSyntax | null = null;
  const work: Array<{ path: NodePath; put: (s: SuperSyntax) => void }> = [{ path: start, put: (s) => void (root = s) }];
  while (work.length > 0) {
    const { path, put } = work.pop()!;
    const node = path.node;
    if (!t.isCallExpression(node)) {
      put({ kind: 'ref', ref: nameRefOf(path), text: module.code.slice(node.start!, node.end!), pure: isPureReference(node) });
      continue;
    }
    const argPaths = childPath<NodePath[]>(path, 'arguments');
    const call: Extract<SuperSyntax, { kind: 'call' }> = { kind: 'call', callee: calleeOf(childPath<NodePath>(path, 'callee'), module), spread: argPaths.some((a) => a.isSpreadElement()), args: [] };
    argPaths.forEach((arg, i) => {
      const described: SuperArgument = { literal: literalText(module.code, arg.node), syntax: null };
      call.args.push(described);
      if (!arg.isSpreadElement()) work.push({ path: arg, put: (s) => void (call.args[i].syntax = s) });
    });
    put(call);
  }
  return root!;
}

function calleeOf(callee: NodePath, module: ModuleInfo): CalleeSyntax {
  if (callee.isIdentifier()) {
    const binding = callee.scope.getBinding(callee.node.name);
    if (!binding) return { kind: 'other' };
    if (binding.scope.path.isProgram()) return { kind: 'module', name: callee.node.name };
    const fnNode = t.isVariableDeclarator(binding.path.node) ? binding.path.node.init : binding.path.node;
    const local = module.classes.find((c) => c.factory && c.factory.fn === fnNode);
    return { kind: 'inner', factoryClass: local ? local.index : null };
  }
  if (callee.isMemberExpression() && !callee.node.computed && t.isIdentifier(callee.node.object) && t.isIdentifier(callee.node.property)) {
    return { kind: 'member', object: callee.node.object.name, property: callee.node.property.name };
  }
  return { kind: 'other' };
}

/** Source text of a primitive literal (its value is the same wherever it is written), else null. */
export function literalText(code: string, n: t.Node): string | null {
  if (t.isStringLiteral(n) || t.isNumericLiteral(n) || t.isBooleanLiteral(n) || t.isNullLiteral(n) || t.isBigIntLiteral(n)) return code.slice(n.start!, n.end!);
  if (t.isTemplateLiteral(n) && n.expressions.length === 0) return code.slice(n.start!, n.end!);
  if (t.isUnaryExpression(n) && n.operator === '-' && t.isNumericLiteral(n.argument)) return code.slice(n.start!, n.end!);
  return null;
}

function isPureReference(n: t.Node): boolean {
  if (t.isIdentifier(n)) return true;
  if (t.isMemberExpression(n) && !n.computed) return isPureReference(n.object);
  if (t.isTSAsExpression(n) || t.isTSNonNullExpression(n)) return isPureReference(n.expression);
  return false;
}
