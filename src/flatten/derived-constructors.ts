import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
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
 * Such places are reported (`derived-this-check`, `derived-return-primitive`) where following the
 * constructor's statements (checkConstructor) does not show that the rule can never fire. `this` in an
 * arrow passed to super() itself (`super(() => this.x)`) is not counted: a callback handed to the parent
 * would have thrown in the original whenever the parent called it during construction, so working code
 * does not, and real code does this often. With an external base the class stays derived and the rules
 * hold as before.
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
    const finding = findingOf(ctor, j === 0);
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

/**
 * checkConstructor() is a function of the constructor's subtree (and of `own`): kept per node, so an
 * ancestor's constructor is followed once, not once per class flattened below it (watch mode: once
 * per rebuild of its file, for all its subclasses). A changed file is parsed into new nodes.
 */
const findings = [new WeakMap<t.Node, Finding | null>(), new WeakMap<t.Node, Finding | null>()];

function findingOf(ctor: NodePath<t.ClassMethod>, own: boolean): Finding | null {
  const cache = findings[own ? 1 : 0];
  const known = cache.get(ctor.node);
  if (known !== undefined) return known;
  const finding = checkConstructor(ctor, own);
  cache.set(ctor.node, finding);
  return finding;
}

/** Where super() may stand on the paths reaching a point: before it, after it (an empty set: no path). */
type State = ReadonlySet<'before' | 'after'>;
const BEFORE: State = new Set(['before']);
const AFTER: State = new Set(['after']);
const NONE: State = new Set();
const join = (a: State, b: State): State => new Set([...a, ...b]);

class Found extends Error {
  constructor(readonly finding: Finding) {
    super('derived-constructor finding');
  }
}

/**
 * Follows the constructor's statements in order with the set of states (before/after super()) each
 * point can be reached in: if/else, `?:`, `&&`/`||`, early returns and throws are followed exactly; an
 * arrow holding super() counts as a super() where it is called, if it is a `const` called directly (or
 * invoked at once); loops, try and switch that hold a super() are not followed (reported), other ones
 * leave the state as it was. The first place where a rule of derived constructors could fire is the finding.
 */
function checkConstructor(ctor: NodePath<t.ClassMethod>, own: boolean): Finding | null {
  const fail = (finding: Finding): never => {
    throw new Found(finding);
  };
  /** `const init = () => super(…)`: the arrow stands for super() where it is called. */
  const makers = new Map<string, t.ArrowFunctionExpression>();
  const hasSuperCall = (n: t.Node): boolean => {
    let found = false;
    t.traverseFast(n, (x) => {
      if (t.isCallExpression(x) && t.isSuper(x.callee)) found = true;
    });
    // traverseFast enters nested functions too: super() can only be in arrows there (it is a syntax error elsewhere).
    return found;
  };
  const usesThis = (n: t.Node): t.Node | null => {
    let at: t.Node | null = null;
    const walk = (x: t.Node | null | undefined): void => {
      if (!x || at) return;
      if (t.isThisExpression(x) || (t.isSuper(x))) {
        at = x;
        return;
      }
      if (t.isFunction(x) && !t.isArrowFunctionExpression(x)) return;
      if (t.isClass(x)) return;
      for (const key of t.VISITOR_KEYS[x.type] ?? []) {
        const v = (x as unknown as Record<string, unknown>)[key];
        if (Array.isArray(v)) for (const c of v) walk(c as t.Node);
        else walk(v as t.Node | null);
      }
    };
    walk(n);
    return at;
  };

  const superCall = (node: t.Node, s: State): State => {
    if (s.has('after')) fail({ kind: 'this', node, what: 'may call super() a second time (that threw after running the parent constructor again)' });
    return AFTER;
  };

  const expr = (n: t.Node | null | undefined, s: State): State => {
    if (!n || s.size === 0) return s;
    if (t.isThisExpression(n)) {
      if (s.has('before')) fail({ kind: 'this', node: n, what: 'may use `this` before super() has returned' });
      return s;
    }
    if (t.isSuper(n)) {
      // super.x (super() is handled at its call).
      if (s.has('before')) fail({ kind: 'this', node: n, what: 'may use `super` before super() has returned' });
      return s;
    }
    if (t.isCallExpression(n) && t.isSuper(n.callee)) {
      for (const a of n.arguments) s = superArgument(a, s);
      return superCall(n, s);
    }
    if (t.isCallExpression(n) && t.isIdentifier(n.callee) && makers.has(n.callee.name)) {
      for (const a of n.arguments) s = expr(a, s);
      return superCall(n, s);
    }
    if (t.isCallExpression(n) && t.isArrowFunctionExpression(n.callee) && hasSuperCall(n.callee)) {
      // `(() => super())()`: the body runs here, once.
      for (const a of n.arguments) s = expr(a, s);
      const body = n.callee.body;
      if (t.isBlockStatement(body)) fail({ kind: 'this', node: n, what: 'calls super() where it may run more than once or not at all (a second super() threw)' });
      return expr(body, s);
    }
    if (t.isConditionalExpression(n)) {
      const s1 = expr(n.test, s);
      return join(expr(n.consequent, s1), expr(n.alternate, s1));
    }
    if (t.isLogicalExpression(n)) {
      const s1 = expr(n.left, s);
      return join(s1, expr(n.right, s1));
    }
    if (t.isArrowFunctionExpression(n)) {
      if (hasSuperCall(n) || [...makers.keys()].some((name) => mentions(n, name))) fail({ kind: 'this', node: n, what: 'calls super() in an arrow function that may run more than once or not at all (a second super() threw)' });
      const at = usesThis(n.body);
      if (at && s.has('before')) fail({ kind: 'this', node: at, what: 'may use `this` before super() has returned (in an arrow function defined before it)' });
      return s;
    }
    if (t.isFunction(n) || t.isClass(n)) return s;
    for (const key of t.VISITOR_KEYS[n.type] ?? []) {
      const v = (n as unknown as Record<string, unknown>)[key];
      if (Array.isArray(v)) for (const c of v) s = expr(c as t.Node, s);
      else s = expr(v as t.Node | null, s);
    }
    return s;
  };

  /** `super(() => this.x)`: a callback handed to the parent (see inSuperArgument below). */
  const superArgument = (a: t.Node, s: State): State => {
    if (t.isArrowFunctionExpression(a) && !hasSuperCall(a)) return s;
    return expr(a, s);
  };

  const returns = (r: t.ReturnStatement, s: State): void => {
    const arg = r.argument;
    if (arg && makesObject(arg)) return;
    if (s.has('before')) fail({ kind: 'this', node: r, what: 'may return before super() has been called' });
    if (own && arg && !isUndefined(arg) && !t.isThisExpression(arg)) fail({ kind: 'return', node: r });
  };

  const stmt = (n: t.Statement, s: State): State => {
    if (s.size === 0) return s;
    if (t.isBlockStatement(n)) {
      for (const c of n.body) s = stmt(c, s);
      return s;
    }
    if (t.isIfStatement(n)) {
      const s1 = expr(n.test, s);
      return join(stmt(n.consequent, s1), n.alternate ? stmt(n.alternate, s1) : s1);
    }
    if (t.isReturnStatement(n)) {
      s = expr(n.argument, s);
      returns(n, s);
      return NONE;
    }
    if (t.isThrowStatement(n)) {
      expr(n.argument, s);
      return NONE;
    }
    if (t.isVariableDeclaration(n)) {
      for (const d of n.declarations) {
        if (n.kind === 'const' && t.isIdentifier(d.id) && t.isArrowFunctionExpression(d.init) && hasSuperCall(d.init) && s.has('before') && !s.has('after')) {
          makers.set(d.id.name, d.init);
          continue;
        }
        s = expr(d.id, s);
        s = expr(d.init, s);
      }
      return s;
    }
    if (t.isExpressionStatement(n) || t.isEmptyStatement(n) || t.isDebuggerStatement(n)) return expr(n, s);
    if (t.isFunctionDeclaration(n) || t.isClassDeclaration(n)) return s;
    // Loops, try, switch, labels: followed only when they hold no super(); then the state is unchanged.
    if (hasSuperCall(n) || [...makers.keys()].some((name) => mentions(n, name))) {
      fail({ kind: 'this', node: n, what: 'calls super() in a loop, try, switch or labelled statement, where it may run more than once or not at all (a second super() threw)' });
    }
    const at = usesThis(n);
    if (at && s.has('before')) fail({ kind: 'this', node: at, what: 'may use `this` before super() has returned' });
    t.traverseFast(n, (x) => {
      if (t.isReturnStatement(x) && returnsFrom(x, n)) returns(x, s);
    });
    return s;
  };

  try {
    const end = stmt(ctor.node.body, BEFORE);
    // A maker used other than by a direct call (passed along, stored) may run at any time.
    for (const name of makers.keys()) {
      if (countMentions(ctor.node.body, name) !== countCalls(ctor.node.body, name)) {
        fail({ kind: 'this', node: makers.get(name)!, what: 'calls super() in an arrow function that may run more than once or not at all (a second super() threw)' });
      }
    }
    if (end.has('before')) fail({ kind: 'this', node: ctor.node.key, what: 'may end without calling super()' });
  } catch (e) {
    if (e instanceof Found) return e.finding;
    throw e;
  }
  return null;
}

/** Is this return the constructor's (not a nested function's)? `within` holds no function of its own that contains it. */
function returnsFrom(r: t.ReturnStatement, within: t.Node): boolean {
  let inner = false;
  t.traverseFast(within, (x) => {
    if (t.isFunction(x) && x.start! <= r.start! && r.end! <= x.end!) inner = true;
  });
  return !inner;
}

function mentions(n: t.Node, name: string): boolean {
  return countMentions(n, name) > 0;
}

function countMentions(n: t.Node, name: string): number {
  let k = 0;
  t.traverseFast(n, (x) => {
    if (t.isIdentifier(x, { name })) k++;
  });
  return k;
}

/** Direct calls `name(…)`, plus the declaration's own name. */
function countCalls(n: t.Node, name: string): number {
  let k = 0;
  t.traverseFast(n, (x) => {
    if (t.isCallExpression(x) && t.isIdentifier(x.callee, { name })) k++;
    if (t.isVariableDeclarator(x) && t.isIdentifier(x.id, { name })) k++;
  });
  return k;
}

/** An expression that always evaluates to an object (which replaces `this` in both kinds of constructor). */
function makesObject(e: t.Expression): boolean {
  return t.isObjectExpression(e) || t.isArrayExpression(e) || t.isNewExpression(e) || t.isFunctionExpression(e) || t.isArrowFunctionExpression(e) || t.isClassExpression(e);
}

function isUndefined(e: t.Expression): boolean {
  return t.isIdentifier(e, { name: 'undefined' }) || (t.isUnaryExpression(e, { operator: 'void' }) && t.isLiteral(e.argument));
}
