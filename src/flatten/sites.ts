import type { NodePath, Binding, Scope } from '@babel/traverse';
import { t } from '../babel.cjs';
import { keyOf, type MemberKey } from './layers.js';

/** A name used by copied code that is bound outside it (or a global). */
export interface FreeRef {
  node: t.Identifier | t.JSXIdentifier;
  name: string;
  binding: Binding | null;
  /** The scope the name is read in (to tell whether copied code's own declarations could capture a new spelling). */
  scope: Scope;
  /** Written: assignment target, update, or destructuring target. */
  write: boolean;
  /** Only in a TypeScript type position. */
  typeOnly: boolean;
  /** `{ x }` shorthand: renaming must spell `x: y`. */
  shorthand: boolean;
  /** The callee of `new x(…)`: a spelling with a call in it needs parentheses. */
  newCallee?: boolean;
  /** `eval(…)`: the callee of a direct eval (`eval?.(…)` is indirect). */
  directEval?: boolean;
}

export interface SuperMemberSite {
  node: t.MemberExpression;
  path: NodePath<t.MemberExpression>;
  key: MemberKey;
  /** `super.x = v` or `super.x++`: a write. */
  write: boolean;
  /** A write that reads first (`super.x++`, `super.x += v`, `super.x ??= v`). */
  compound: boolean;
  /** Called (`super.x()`, `super.x?.()`, super.x`…`, `super.x.call(…)`, `.apply(…)`), not read as a value. */
  called: boolean;
}

/** Everything a copier needs to know about a subtree it moves elsewhere. */
export interface Sites {
  free: FreeRef[];
  privates: t.PrivateName[];
  superMembers: SuperMemberSite[];
  /** `super(...)` calls (constructors only). */
  superCalls: NodePath<t.CallExpression>[];
  /** `arguments` of the constructor itself (not of nested functions). */
  argumentsRefs: t.Identifier[];
  newTargets: t.MetaProperty[];
  /** `return <value>` of the constructor itself. */
  valueReturns: t.ReturnStatement[];
  /** `super` in object-literal methods: left alone (they refer to the literal's prototype). */
  objectSupers: t.Node[];
  /** `other.#x` where other is not `this`: the brand of a different class after flattening. */
  foreignPrivates: t.MemberExpression[];
  /** `import.meta`: names the origin module. */
  importMetas: t.MetaProperty[];
  /** Unbound names in type positions (class type parameters, module-level types), not declared inside. */
  typeRefs: t.Identifier[];
}

/**
 * Walk a subtree that is about to be copied. `ownPrivate` lists the private names of the class the
 * subtree belongs to: only those are renamed (nested classes may declare their own).
 */
/**
 * Sites depend only on the subtree and its class's private names: a base copied into many subclasses is
 * walked once. The names are part of the key, since a walk with fewer of them records fewer private sites.
 */
const cache = new WeakMap<t.Node, Map<string, Sites>>();

export function collectSites(root: NodePath, ownPrivate: Set<string>): Sites {
  const key = ownPrivate.size === 0 ? '' : [...ownPrivate].sort().join(' ');
  let byNames = cache.get(root.node);
  if (!byNames) cache.set(root.node, (byNames = new Map()));
  const known = byNames.get(key);
  if (known) return known;
  const sites = walkSites(root, ownPrivate);
  byNames.set(key, sites);
  return sites;
}

function walkSites(root: NodePath, ownPrivate: Set<string>): Sites {
  const sites: Sites = { free: [], privates: [], superMembers: [], superCalls: [], argumentsRefs: [], newTargets: [], valueReturns: [], objectSupers: [], foreignPrivates: [], importMetas: [], typeRefs: [] };
  const start = root.node.start!;
  const end = root.node.end!;
  const inside = (n: t.Node | null | undefined): boolean => !!n && n.start! >= start && n.end! <= end;

  const visit = (path: NodePath): void => {
    const visitor = {
      Identifier(p: NodePath<t.Identifier>) {
        const slot = nameSlot(p);
        if (slot === 'none') return;
        if (p.node.name === 'arguments' && slot === 'value' && !p.scope.getBinding('arguments') && ownsArguments(p, root)) {
          sites.argumentsRefs.push(p.node);
          return;
        }
        const binding = p.scope.getBinding(p.node.name) ?? null;
        if (binding && inside(binding.identifier)) return;
        if (!binding && slot === 'type') {
          // Type parameters and type declarations are not Babel bindings: record them for substitution/import.
          if (!typeParamInside(p, root, p.node.name)) sites.typeRefs.push(p.node);
          return;
        }
        sites.free.push({
          node: p.node,
          name: p.node.name,
          binding,
          scope: p.scope,
          write: isWrite(p),
          typeOnly: slot === 'type',
          shorthand: isShorthandValue(p),
          newCallee: t.isNewExpression(p.parent) && p.parent.callee === p.node,
          directEval: p.node.name === 'eval' && t.isCallExpression(p.parent) && p.parent.callee === p.node && !p.parent.optional,
        });
      },
      JSXIdentifier(p: NodePath<t.JSXIdentifier>) {
        const parent = p.parent;
        if (!(t.isJSXOpeningElement(parent) || t.isJSXClosingElement(parent))) return;
        if (!/^[A-Z]/.test(p.node.name)) return;
        const binding = p.scope.getBinding(p.node.name) ?? null;
        if (binding && inside(binding.identifier)) return;
        sites.free.push({ node: p.node, name: p.node.name, binding, scope: p.scope, write: false, typeOnly: false, shorthand: false });
      },
      PrivateName(p: NodePath<t.PrivateName>) {
        if (!ownPrivate.has(p.node.id.name)) return;
        if (declaredByNestedClass(p, root, p.node.id.name)) return;
        sites.privates.push(p.node);
        const parent = p.parent;
        if (t.isMemberExpression(parent) && parent.property === p.node && !t.isThisExpression(parent.object)) sites.foreignPrivates.push(parent);
      },
      Super(p: NodePath<t.Super>) {
        const parent = p.parentPath;
        const home = homeOf(p, root);
        if (home === 'object') {
          sites.objectSupers.push(p.node);
          return;
        }
        if (home === 'nested-class') return;
        if (parent.isCallExpression() && parent.node.callee === p.node) {
          sites.superCalls.push(parent);
          return;
        }
        if (parent.isMemberExpression() && parent.node.object === p.node) {
          // `delete super.x` throws a ReferenceError in any method; `delete this.#x` would not parse.
          // Left as it is, it throws the same in the flattened class.
          if (parent.parentPath.isUnaryExpression({ operator: 'delete' })) return;
          const m = parent.node;
          const outer = parent.parentPath;
          const compound = !!outer && (outer.isUpdateExpression() || (outer.isAssignmentExpression() && outer.node.left === m && outer.node.operator !== '='));
          sites.superMembers.push({ node: m, path: parent as NodePath<t.MemberExpression>, key: keyOf(m.property, m.computed), write: isWriteTarget(parent), compound, called: isCalled(parent) });
        }
      },
      MetaProperty(p: NodePath<t.MetaProperty>) {
        if (p.node.meta.name === 'new' && ownsArguments(p, root)) sites.newTargets.push(p.node);
        if (p.node.meta.name === 'import') sites.importMetas.push(p.node);
      },
      ReturnStatement(p: NodePath<t.ReturnStatement>) {
        if (p.node.argument && p.getFunctionParent()?.node === root.node) sites.valueReturns.push(p.node);
      },
    };
    // traverse() visits descendants only: a root that is itself a name (`x = helper`) is visited by hand.
    if (path.isIdentifier()) visitor.Identifier(path);
    if (path.isMetaProperty()) visitor.MetaProperty(path);
    path.traverse(visitor);
  };
  visit(root);
  return sites;
}

type Slot = 'value' | 'type' | 'none';

/** Is this identifier a use of a binding (value or type), as opposed to a property name, a label or a declaration? */
function nameSlot(p: NodePath<t.Identifier>): Slot {
  const parent = p.parent;
  const node = p.node;
  if ((t.isMemberExpression(parent) || t.isOptionalMemberExpression(parent)) && parent.property === node && !parent.computed) return 'none';
  if ((t.isObjectProperty(parent) || t.isObjectMethod(parent)) && parent.key === node && !parent.computed) {
    return 'none';
  }
  if ((t.isClassMethod(parent) || t.isClassProperty(parent) || t.isClassAccessorProperty(parent) || t.isTSDeclareMethod(parent)) && parent.key === node && !parent.computed) {
    return 'none';
  }
  if (t.isLabeledStatement(parent) || t.isBreakStatement(parent) || t.isContinueStatement(parent)) return 'none';
  if (t.isMetaProperty(parent)) return 'none';
  if (t.isPrivateName(parent)) return 'none';
  if (t.isTSPropertySignature(parent) || t.isTSMethodSignature(parent)) return parent.key === node && !parent.computed ? 'none' : 'type';
  if (t.isTSQualifiedName(parent)) return parent.left === node ? 'type' : 'none';
  if (t.isTSTypeReference(parent) || t.isTSExpressionWithTypeArguments(parent) || t.isTSTypeQuery(parent)) {
    return t.isTSTypeQuery(parent) ? 'value' : 'type';
  }
  if (t.isTSTypeParameter(parent) || t.isTSEnumMember(parent) || t.isTSIndexSignature(parent)) return 'none';
  // Parameter names of signatures (function types, overloads, declared functions) bind nothing at run time.
  if (
    (t.isTSFunctionType(parent) || t.isTSConstructorType(parent) || t.isTSCallSignatureDeclaration(parent) || t.isTSConstructSignatureDeclaration(parent) ||
      t.isTSMethodSignature(parent) || t.isTSDeclareMethod(parent) || t.isTSDeclareFunction(parent)) &&
    (node as t.Node) !== (parent as { key?: t.Node }).key
  ) {
    return 'none';
  }
  if (t.isRestElement(parent) || t.isAssignmentPattern(parent)) {
    const grand = p.parentPath?.parent;
    if (grand && (t.isTSFunctionType(grand) || t.isTSDeclareMethod(grand) || t.isTSDeclareFunction(grand) || t.isTSMethodSignature(grand) || t.isTSConstructorType(grand))) return 'none';
  }
  if (t.isTSParameterProperty(parent)) return 'none';
  // Declarations of names (params, variables, functions) bind; they are not free.
  if (p.isBindingIdentifier() && !isAssignmentTarget(p)) return 'none';
  if (!p.isReferencedIdentifier() && !isAssignmentTarget(p)) return 'none';
  return 'value';
}

function isAssignmentTarget(p: NodePath<t.Identifier>): boolean {
  return isWrite(p);
}

function isWrite(p: NodePath): boolean {
  let cur: NodePath = p;
  // Climb through destructuring patterns to the assignment that owns them.
  for (;;) {
    const parent = cur.parentPath;
    if (!parent) return false;
    if (parent.isAssignmentExpression() && parent.node.left === cur.node) return true;
    if (parent.isUpdateExpression()) return true;
    if (parent.isForXStatement() && parent.node.left === cur.node) return true;
    if (parent.isArrayPattern() || parent.isObjectPattern() || parent.isRestElement()) {
      cur = parent;
      continue;
    }
    if (parent.isObjectProperty() && parent.node.value === cur.node && parent.parentPath?.isObjectPattern()) {
      cur = parent.parentPath;
      continue;
    }
    if (parent.isAssignmentPattern() && parent.node.left === cur.node) {
      cur = parent;
      continue;
    }
    return false;
  }
}

function isCalled(member: NodePath): boolean {
  const isCallee = (p: NodePath): boolean => {
    const parent = p.parentPath;
    return !!parent && (parent.isCallExpression() || parent.isOptionalCallExpression()) && parent.node.callee === p.node;
  };
  if (isCallee(member)) return true;
  // A tag is called with the member's object as `this`, like a callee.
  if (member.parentPath?.isTaggedTemplateExpression() && member.parentPath.node.tag === member.node) return true;
  const outer = member.parentPath;
  if (!outer || !(outer.isMemberExpression() || outer.isOptionalMemberExpression()) || outer.node.object !== member.node || outer.node.computed) return false;
  const name = t.isIdentifier(outer.node.property) ? outer.node.property.name : '';
  return (name === 'call' || name === 'apply') && isCallee(outer);
}

function isWriteTarget(p: NodePath): boolean {
  return isWrite(p);
}

function isShorthandValue(p: NodePath<t.Identifier>): boolean {
  let cur: NodePath = p;
  if (cur.parentPath?.isAssignmentPattern() && cur.parentPath.node.left === cur.node) cur = cur.parentPath;
  const parent = cur.parentPath;
  return !!parent && parent.isObjectProperty() && parent.node.shorthand && parent.node.value === cur.node;
}

/** Does `arguments`/`new.target` at p belong to the root function (not to a nested non-arrow function)? */
function ownsArguments(p: NodePath, root: NodePath): boolean {
  for (let cur: NodePath | null = p.parentPath; cur; cur = cur.parentPath) {
    if (cur.node === root.node) return true;
    if (cur.isFunction() && !cur.isArrowFunctionExpression()) return false;
    if (cur.isClassProperty() || cur.isClassPrivateProperty() || cur.isStaticBlock()) return false;
  }
  return false;
}

/**
 * Which home object a `super` refers to: the copied member's class, an object literal, or a nested class.
 * A member's computed key and decorators are evaluated outside it, in the code around the literal or
 * the class (`class Inner { [super.m()]() {} }` in a method calls the method's `super.m`): a `super`
 * there belongs to the next member out.
 */
function homeOf(p: NodePath, root: NodePath): 'class' | 'object' | 'nested-class' {
  let child: NodePath = p;
  for (let cur: NodePath | null = p.parentPath; cur; child = cur, cur = cur.parentPath) {
    if (cur.node === root.node) return 'class';
    const member = cur.isObjectMethod() ? 'object' : cur.isClassMethod() || cur.isClassPrivateMethod() || cur.isClassProperty() || cur.isClassPrivateProperty() || cur.isClassAccessorProperty() || cur.isStaticBlock() ? 'nested-class' : null;
    if (!member) continue;
    if (evaluatedOutside(cur.node, child.node)) continue;
    return member;
  }
  return 'class';
}

/** Is `part` a piece of `member` that runs where the member is defined (its computed key, a decorator)? */
function evaluatedOutside(member: t.Node, part: t.Node): boolean {
  const m = member as { key?: t.Node; computed?: boolean; decorators?: t.Node[] | null };
  return (m.computed === true && m.key === part) || (m.decorators?.includes(part) ?? false);
}

/** Is `name` a type parameter declared inside the copied subtree (a generic method's own `<T>`)? */
function typeParamInside(p: NodePath, root: NodePath, name: string): boolean {
  for (let cur: NodePath | null = p.parentPath; cur; cur = cur.parentPath) {
    const tp = (cur.node as { typeParameters?: t.Node | null }).typeParameters;
    if (tp && t.isTSTypeParameterDeclaration(tp) && tp.params.some((x) => x.name === name)) return true;
    if (cur.node === root.node) return false;
  }
  return false;
}

function declaredByNestedClass(p: NodePath, root: NodePath, name: string): boolean {
  for (let cur: NodePath | null = p.parentPath; cur && cur.node !== root.node; cur = cur.parentPath) {
    if (cur.isClass()) {
      for (const m of cur.node.body.body) {
        if ((t.isClassPrivateProperty(m) || t.isClassPrivateMethod(m)) && m.key.id.name === name) return true;
      }
    }
  }
  return false;
}
