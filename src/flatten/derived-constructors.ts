import type { NodePath } from '@babel/traverse';
import * as t from '@babel/types';
import type { Diagnostic } from '../types.js';
import type { ClassContext } from './context.js';
import { diagnosticAt } from './diagnostics.js';

/**
 * A derived constructor (one of a class with `extends`) has rules a base constructor has not: `this`
 * (and `super.x`) throw a ReferenceError until super() has returned, a second super() throws one
 * (after running the parent constructor again), ending without super() throws one, and returning a
 * primitive other than undefined throws a TypeError. When the chain has no external base, the
 * flattened class is a base class and its constructor (with its ancestors' as arrows inside) keeps
 * none of these rules: code that relied on them, as test262 does, would run on silently.
 * Such places are reported (`derived-this-check`, `derived-return-primitive`) when the structure of
 * the constructor does not show that the rule can never fire: every super() is a statement on
 * the constructor's own path (in blocks and if/else only, never twice on one path), every `this`
 * comes after a statement that always calls super(), every return without an object comes after one too,
 * and the constructor cannot end without one. With an external base the class stays derived and the
 * rules hold as before.
 */
export function derivedConstructorDiagnostics(ctx: ClassContext): Diagnostic[] {
  if (ctx.external) return [];
  const out: Diagnostic[] = [];
  const k = ctx.layers.length - 1;
  for (let j = 0; j < k; j++) {
    const ctor = ctx.layers[j].ctor;
    if (!ctor) continue;
    const module = ctx.layers[j].cls.module;
    const name = ctx.layers[j].cls.info.name;
    const classes = j === 0 ? [ctx.dest.info.name] : [ctx.dest.info.name, name];
    const finding = checkConstructor(ctor, j === 0);
    if (!finding) continue;
    const hint = 'Only a concern if the original can throw there; otherwise keep the constructor to one super() statement before any `this`.';
    if (finding.kind === 'return') {
      out.push(diagnosticAt(module, finding.node, 'super', 'derived-return-primitive', 'warning',
        `${name}'s constructor may return a primitive value: as a derived constructor that threw a TypeError, but ${ctx.dest.info.name} after flattening has no base class, so its constructor returns the new instance instead.`, hint, classes));
    } else {
      out.push(diagnosticAt(module, finding.node, 'super', 'derived-this-check', 'warning',
        `${name}'s constructor ${finding.what}: as a derived constructor that threw a ReferenceError, but ${ctx.dest.info.name} after flattening has no base class, so \`this\` is always there and nothing throws.`, hint, classes));
    }
  }
  return out;
}

type Finding = { kind: 'this'; node: t.Node; what: string } | { kind: 'return'; node: t.Node };

function checkConstructor(ctor: NodePath<t.ClassMethod>, own: boolean): Finding | null {
  const body = ctor.get('body');
  const superCalls: NodePath<t.CallExpression>[] = [];
  const thisUses: NodePath[] = [];
  const returns: NodePath<t.ReturnStatement>[] = [];
  ctor.traverse({
    // `this` and super() of arrows are the constructor's; other functions and classes have their own.
    Function(p) {
      if (!p.isArrowFunctionExpression()) p.skip();
    },
    Class(p) {
      p.skip();
    },
    ThisExpression(p) {
      thisUses.push(p);
    },
    Super(p) {
      const parent = p.parentPath;
      if (parent.isCallExpression() && parent.node.callee === p.node) superCalls.push(parent);
      else thisUses.push(p);
    },
    ReturnStatement(p) {
      if (p.getFunctionParent()?.node === ctor.node) returns.push(p);
    },
  });
  const good = new Set<t.Node>();
  for (const call of superCalls) {
    if (!onOwnPath(call, body)) return { kind: 'this', node: call.node, what: 'calls super() where it may run more than once or not at all (a second super() threw)' };
    good.add(call.parentPath.node);
  }
  for (let a = 0; a < superCalls.length; a++) {
    for (let b = a + 1; b < superCalls.length; b++) {
      if (!exclusive(superCalls[a], superCalls[b])) return { kind: 'this', node: superCalls[b].node, what: 'may call super() a second time (that threw after running the parent constructor again)' };
    }
  }
  const calls = (s: NodePath): boolean => {
    if (s.isExpressionStatement()) return good.has(s.node);
    if (s.isBlockStatement()) return s.get('body').some(calls);
    if (s.isIfStatement()) {
      const alt = s.get('alternate');
      return calls(s.get('consequent')) && alt.node != null && calls(alt as NodePath);
    }
    return false;
  };
  /** Does a statement that always calls super() come before this place, on its path? */
  const afterSuper = (p: NodePath): boolean => {
    let cur: NodePath = p;
    while (cur.parentPath && cur.node !== body.node) {
      const parent: NodePath = cur.parentPath;
      if (parent.isBlockStatement() && typeof cur.key === 'number') {
        const siblings = parent.get('body');
        for (let i = 0; i < cur.key; i++) if (calls(siblings[i])) return true;
      }
      cur = parent;
    }
    return false;
  };
  for (const use of thisUses) {
    if (inSuperArgumentArrow(use, ctor)) continue;
    if (!afterSuper(use)) return { kind: 'this', node: use.node, what: 'may use `this` before super() has returned' };
  }
  for (const r of returns) {
    const arg = r.node.argument;
    if (arg && makesObject(arg)) continue;
    if (!afterSuper(r)) return { kind: 'this', node: r.node, what: 'may return before super() has been called' };
    if (own && arg && !isUndefined(arg) && !t.isThisExpression(arg)) return { kind: 'return', node: r.node };
  }
  if (!calls(body)) {
    const last = body.node.body.at(-1);
    const ends = last && (t.isThrowStatement(last) || (t.isReturnStatement(last) && last.argument && makesObject(last.argument)));
    if (!ends) return { kind: 'this', node: ctor.node.key, what: 'may end without calling super()' };
  }
  return null;
}

/**
 * `this` in an arrow passed to super() itself (`super(() => this.x)`): a callback handed to the parent.
 * Had the parent called it during construction, the original would always have thrown, so working
 * code does not: not reported (it is common in real code, where reporting it would be noise).
 */
function inSuperArgumentArrow(use: NodePath, ctor: NodePath): boolean {
  for (let p: NodePath | null = use.parentPath; p && p.node !== ctor.node; p = p.parentPath) {
    if (!p.isArrowFunctionExpression()) continue;
    const call = p.parentPath;
    if (call?.isCallExpression() && t.isSuper(call.node.callee) && call.node.arguments.includes(p.node)) return true;
  }
  return false;
}

/** super() as a statement reached through blocks and if/else only (no loop, try, arrow, switch or label). */
function onOwnPath(call: NodePath<t.CallExpression>, body: NodePath<t.BlockStatement>): boolean {
  if (!call.parentPath.isExpressionStatement()) return false;
  let cur: NodePath = call.parentPath;
  while (cur.node !== body.node) {
    const parent = cur.parentPath;
    if (!parent) return false;
    if (!(parent.isBlockStatement() || (parent.isIfStatement() && cur.key !== 'test'))) return false;
    cur = parent;
  }
  return true;
}

/** Are two super() statements in different branches of one if/else? */
function exclusive(a: NodePath, b: NodePath): boolean {
  for (let p: NodePath | null = a.parentPath; p; p = p.parentPath) {
    if (!p.isIfStatement()) continue;
    const inCons = (x: NodePath) => x.findParent((q) => q.node === p.node.consequent) != null;
    const inAlt = (x: NodePath) => p.node.alternate != null && x.findParent((q) => q.node === p.node.alternate) != null;
    if ((inCons(a) && inAlt(b)) || (inAlt(a) && inCons(b))) return true;
  }
  return false;
}

/** An expression that always evaluates to an object (which replaces `this` in both kinds of constructor). */
function makesObject(e: t.Expression): boolean {
  return t.isObjectExpression(e) || t.isArrayExpression(e) || t.isNewExpression(e) || t.isFunctionExpression(e) || t.isArrowFunctionExpression(e) || t.isClassExpression(e);
}

function isUndefined(e: t.Expression): boolean {
  return t.isIdentifier(e, { name: 'undefined' }) || (t.isUnaryExpression(e, { operator: 'void' }) && t.isLiteral(e.argument));
}
