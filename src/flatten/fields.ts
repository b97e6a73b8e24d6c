import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import { writtenMember } from '../scan/use-triggers.js';
import type { ClassContext } from './context.js';
import type { Layer } from './layers.js';
import { copyCode } from './copy.js';
import { Unsupported } from './hygiene.js';
import { isIdentifierName } from './names.js';
import type { Member } from './layers.js';
import { childPath } from '../scan/child-path.js';

/**
 * Whether the layer's class was compiled with TypeScript's legacy class fields (`useDefineForClassFields`
 * false, the default below target ES2022; src/scan/class-fields.ts): its fields were assignments made
 * after its parameter properties, and a field without initializer emitted nothing. Each layer keeps the
 * semantics its own module was compiled with, as the copies are written as plain statements.
 */
export function isLegacyLayer(ctx: ClassContext, layer: number): boolean {
  const m = ctx.layers[layer].cls.module;
  return m.isTypeScript && m.classFields === 'legacy';
}

/** What runs where the layer's `super()` returned: its fields and TypeScript parameter properties, in its semantics' order. */
export function layerInitExpressions(ctx: ClassContext, layer: number, shadow: Set<string>): string[] {
  return inInitOrder(ctx, layer, fieldExpressions(ctx, layer, shadow), parameterPropertyExpressions(ctx, layer));
}

/**
 * A layer's field and parameter-property expressions in the order its semantics run them. With ES2022
 * semantics TypeScript declares each parameter property as a field before the class's own fields
 * (`name; items = [];`, then `this.name = name` in the constructor): it is defined first, as undefined,
 * so the instance's keys keep their order and an inherited setter of that name is not called.
 */
export function inInitOrder(ctx: ClassContext, layer: number, fields: string[], props: string[]): string[] {
  return isLegacyLayer(ctx, layer) ? [...props, ...fields] : [...parameterPropertyDefinitions(ctx, layer), ...fields, ...props];
}

/** ES2022 semantics: the field definitions TypeScript emits for a layer's parameter properties (inInitOrder). */
export function parameterPropertyDefinitions(ctx: ClassContext, layer: number): string[] {
  if (isLegacyLayer(ctx, layer)) return [];
  return parameterPropertyNames(ctx.layers[layer]).map((name) =>
    ctx.external !== null || ctx.hasDynamicAccessor || ctx.accessorNames.has(name)
      ? `Object.defineProperty(this, ${JSON.stringify(name)}, { value: undefined, writable: true, enumerable: true, configurable: true })`
      : `(this as any).${name} = undefined`,
  );
}

/**
 * The instance fields of `layer` as expressions that define them on `this`, in declaration order.
 * They run where the layer's `super()` returned (or at the start of a base constructor), as before.
 * Define semantics are kept: where an accessor of the same name sits on the prototype (or an external
 * base may have one), `Object.defineProperty` is used instead of an assignment that would call a setter.
 * A layer with TypeScript's legacy fields gets what TypeScript emitted for it: plain assignments (through
 * any setter, anonymous functions unnamed), nothing for a field without initializer.
 */
export function fieldExpressions(ctx: ClassContext, layer: number, shadow: Set<string>): string[] {
  const out: string[] = [];
  const l = ctx.layers[layer];
  const legacy = isLegacyLayer(ctx, layer);
  for (const m of l.members) {
    if (m.kind !== 'field' || m.isStatic || m.typeOnly) continue;
    const skip = ctx.skip.get(layer);
    if (skip && (skip.has('fields') || (m.key.kind === 'name' && skip.has(m.key.name)) || (m.key.kind === 'private' && skip.has(`#${m.key.name}`)))) continue;
    const node = m.node as t.ClassProperty | t.ClassPrivateProperty;
    // `#x` is defined in both semantics (downlevelled, TypeScript still sets its slot).
    if (legacy && node.value == null && !t.isClassPrivateProperty(node)) continue;
    const path = m.path as NodePath<t.ClassProperty | t.ClassPrivateProperty>;
    // A comma expression was parenthesized in the source (outside the node's range): it is again, so
    // `a = (f(), 1)` does not become `this.a = f(), 1`.
    const value = node.value
      ? parenthesizedIf(t.isSequenceExpression(node.value), copyCode(ctx, { layer, root: childPath<NodePath>(path, 'value'), start: node.value.start!, end: node.value.end!, role: 'field', isStatic: false, shadow }))
      : ctx.destModule.isTypeScript ? 'undefined!' : 'undefined'; // TypeScript: the declared type need not admit undefined
    if (t.isClassPrivateProperty(node)) {
      const name = ctx.privateNames.get(layer)?.get(node.key.id.name) ?? node.key.id.name;
      out.push(`this.#${name} = ${named(node.value, `#${node.key.id.name}`, value)}`);
      continue;
    }
    const prop = node as t.ClassProperty;
    let keyExpr: string;
    let keyName: string | null = null;
    if (m.key.kind === 'name') {
      keyName = m.key.name;
      keyExpr = JSON.stringify(keyName);
      if (keyName.startsWith('@@')) keyExpr = `Symbol.${keyName.slice(2)}`;
    } else {
      if (!isPureKey(prop.key) || readsReassigned(childPath<NodePath>(path, 'key'))) {
        throw new Unsupported('a computed field key with side effects (or reading a variable that is assigned again) would run at every construction instead of once', prop.key, l.cls.module, 'computed-field-key');
      }
      keyExpr = copyCode(ctx, { layer, root: childPath<NodePath>(path, 'key'), start: prop.key.start!, end: prop.key.end!, role: 'field', isStatic: false, shadow });
    }
    if (legacy) {
      out.push(keyName !== null && isIdentifierName(keyName) ? `this.${keyName} = ${value}` : `this[${keyExpr}] = ${value}`);
      continue;
    }
    const v = keyName && !keyName.startsWith('@@') ? named(node.value, keyName, value) : value;
    const define = ctx.external !== null || ctx.hasDynamicAccessor || keyName === null || keyName === '__proto__' || ctx.accessorNames.has(keyName);
    if (define) {
      out.push(`Object.defineProperty(this, ${keyExpr}, { value: ${v}, writable: true, enumerable: true, configurable: true })`);
    } else {
      out.push(isIdentifierName(keyName!) ? `this.${keyName} = ${v}` : `this[${keyExpr}] = ${v}`);
    }
  }
  return out;
}

/** TypeScript parameter properties of a layer's constructor (assigned after its fields with ES2022 semantics, before them with legacy ones: layerInitExpressions). */
export function parameterPropertyExpressions(ctx: ClassContext, layer: number): string[] {
  const ctor = ctx.layers[layer].ctor;
  if (!ctor) return [];
  const out: string[] = [];
  // TypeScript: a class below that redeclares the property may have narrowed its type (`scheduler:
  // FastScheduler` over `Scheduler`); this layer's assignment was checked against its own declaration.
  const redeclared = new Set(ctx.destModule.isTypeScript ? ctx.layers.slice(0, layer).flatMap((l) => [...parameterPropertyNames(l), ...l.members.flatMap((m) => (m.kind === 'field' && !m.isStatic && m.key.kind === 'name' ? [m.key.name] : []))]) : []);
  for (const p of ctor.node.params) {
    if (!t.isTSParameterProperty(p)) continue;
    const inner = t.isAssignmentPattern(p.parameter) ? p.parameter.left : p.parameter;
    if (t.isIdentifier(inner)) out.push(`${redeclared.has(inner.name) ? '(this as any)' : 'this'}.${inner.name} = ${inner.name}`);
  }
  return out;
}

const parenthesizedIf = (yes: boolean, text: string): string => (yes ? `(${text})` : text);

/** Anonymous functions and classes in a field take the field's name; an assignment would not give it. */
function named(valueNode: t.Node | null | undefined, name: string, value: string): string {
  if (!valueNode) return value;
  const anonymous =
    t.isArrowFunctionExpression(valueNode) || ((t.isFunctionExpression(valueNode) || t.isClassExpression(valueNode)) && !valueNode.id);
  if (!anonymous) return value;
  const k = JSON.stringify(name);
  return `{ ${k}: ${value} }[${k}]`;
}

/**
 * An inherited method or accessor with a computed key is copied with its key expression, which then runs
 * again when the flattened class is defined: only a key that gives the same value without side effects
 * (and reads no variable that is ever reassigned) may be copied.
 */
export function checkCopiedKey(ctx: ClassContext, layer: number, m: Member): void {
  const node = m.node as t.ClassMethod;
  if (!node.computed) return;
  if (readsReassigned(childPath<NodePath>((m.path as NodePath<t.ClassMethod>), 'key')) || !isPureKey(node.key)) {
    throw new Unsupported('a computed member key that has side effects or may change would be evaluated again, with another result, for the copy', node.key, ctx.layers[layer].cls.module, 'computed-member-key');
  }
}

/** Does a key expression read a variable that is ever assigned again (its value may have changed since)? */
function readsReassigned(key: NodePath): boolean {
  let reassigned = false;
  const check = (p: NodePath<t.Identifier>) => {
    const binding = p.scope.getBinding(p.node.name);
    if (!binding) return;
    if (!binding.constant) reassigned = true;
    // `[obj.k]`: a property of the object written anywhere in its scope (`obj.k = …`, `obj.k++`, `delete obj.k`).
    else if (t.isMemberExpression(p.parent) && p.parent.object === p.node && propertyWritten(binding.scope.path.node, p.node.name)) reassigned = true;
  };
  if (key.isIdentifier()) check(key);
  key.traverse({
    Identifier(p) {
      if (p.isReferencedIdentifier()) check(p);
    },
  });
  return reassigned;
}

/**
 * Is a property of `name` written anywhere in `block` (`name.k = …`, `name.a.b++`, `delete name.k`)? By
 * spelling, without scopes: a shadowing local counts too, which only refuses more.
 */
const writtenCache = new WeakMap<t.Node, Map<string, boolean>>();
function propertyWritten(block: t.Node, name: string): boolean {
  let known = writtenCache.get(block);
  if (!known) writtenCache.set(block, (known = new Map()));
  const hit = known.get(name);
  if (hit !== undefined) return hit;
  const rootedAtName = (n: t.Node): boolean => {
    while (t.isMemberExpression(n) || t.isOptionalMemberExpression(n)) n = n.object;
    return t.isIdentifier(n, { name });
  };
  let found = false;
  t.traverseFast(block, (n) => {
    if (found) return;
    const target = writtenMember(n);
    if (target && rootedAtName(target)) found = true;
  });
  known.set(name, found);
  return found;
}

/** A key expression that yields the same value every time and has no side effects (no calls, no getters of ours). */
function isPureKey(n: t.Node): boolean {
  if (t.isIdentifier(n) || t.isStringLiteral(n) || t.isNumericLiteral(n) || t.isBooleanLiteral(n) || t.isNullLiteral(n) || t.isBigIntLiteral(n)) return true;
  if (t.isTemplateLiteral(n)) return n.expressions.every(isPureKey);
  if (t.isMemberExpression(n) && !n.computed) return isPureKey(n.object);
  if (t.isBinaryExpression(n)) return !t.isPrivateName(n.left) && isPureKey(n.left) && isPureKey(n.right);
  if (t.isUnaryExpression(n)) return n.operator !== 'delete' && isPureKey(n.argument);
  return false;
}

/**
 * TypeScript: a field whose definition moved into the constructor still needs its type declared.
 * `declare` emits nothing at run time. Inherited fields lose `readonly`: they are assigned in the
 * constructor's arrows, where TypeScript does not allow writing readonly properties.
 */
export function fieldDeclaration(ctx: ClassContext, layer: number, m: { node: t.Node; path: NodePath; typeOnly: boolean }, keepReadonly: boolean): string | null {
  const node = m.node;
  // A `declare` field is declared again (TypeScript needs its type; it still emits nothing). An
  // ancestor's abstract field that no nearer class implements is declared abstract again in an abstract
  // flattened class, as abstract methods are copied: code reading it (domhandler's `DataNode#type`)
  // type-checks as before. It emits nothing either.
  const abstract = layer > 0 && (node as { abstract?: boolean }).abstract === true && isAbstractClass(ctx);
  if (!ctx.destModule.isTypeScript || !t.isClassProperty(node) || node.computed || node.static || (m.typeOnly && !node.declare && !abstract)) return null;
  const key = t.isIdentifier(node.key) ? node.key.name : t.isStringLiteral(node.key) ? JSON.stringify(node.key.value) : null;
  if (key === null) return null;
  const mods = abstract
    ? [node.accessibility, 'abstract', node.readonly ? 'readonly' : ''].filter(Boolean).join(' ')
    : [node.accessibility, 'declare', keepReadonly && node.readonly ? 'readonly' : ''].filter(Boolean).join(' ');
  const ann = node.typeAnnotation
    ? copyCode(ctx, { layer, root: m.path, start: node.typeAnnotation.start!, end: node.typeAnnotation.end!, role: 'member', isStatic: false, shadow: ctx.shadowAtClass })
    : `: ${inferredType(node.value)}`;
  return `${mods} ${key}${node.optional ? '?' : ''}${ann};`;
}

/** Is the flattened class itself `abstract`? */
function isAbstractClass(ctx: ClassContext): boolean {
  return (ctx.layers[0].cls.info.path.node as { abstract?: boolean }).abstract === true;
}

/** A type for an unannotated field, from its initializer where that is obvious. */
function inferredType(v: t.Node | null | undefined): string {
  if (t.isNumericLiteral(v) || (t.isUnaryExpression(v) && t.isNumericLiteral(v.argument))) return 'number';
  if (t.isStringLiteral(v) || t.isTemplateLiteral(v)) return 'string';
  if (t.isBooleanLiteral(v)) return 'boolean';
  if (t.isBigIntLiteral(v)) return 'bigint';
  if (t.isNewExpression(v) && t.isIdentifier(v.callee) && !v.typeParameters) return v.callee.name === 'Map' || v.callee.name === 'Set' ? `${v.callee.name}<any${v.callee.name === 'Map' ? ', any' : ''}>` : v.callee.name;
  if (t.isArrayExpression(v)) return 'any[]';
  return 'any';
}

/** The names a layer's constructor declares as TypeScript parameter properties. */
export function parameterPropertyNames(l: Layer): string[] {
  return (l.ctor?.node.params ?? []).flatMap((p) => {
    const id = t.isTSParameterProperty(p) ? (t.isAssignmentPattern(p.parameter) ? p.parameter.left : p.parameter) : null;
    return id && t.isIdentifier(id) ? [id.name] : [];
  });
}

/** Declarations for an ancestor's TypeScript parameter properties (assigned by the constructor arrows); `declares` says which names this layer declares. */
export function parameterPropertyDeclarations(ctx: ClassContext, layer: number, declares: (name: string) => boolean): string[] {
  const ctor = ctx.layers[layer].ctor;
  if (!ctor || !ctx.destModule.isTypeScript) return [];
  const out: string[] = [];
  for (const p of ctor.node.params) {
    if (!t.isTSParameterProperty(p)) continue;
    const id = t.isAssignmentPattern(p.parameter) ? p.parameter.left : p.parameter;
    if (!t.isIdentifier(id) || !declares(id.name)) continue;
    const ann = id.typeAnnotation
      ? copyCode(ctx, { layer, root: ctor, start: id.typeAnnotation.start!, end: id.typeAnnotation.end!, role: 'member', isStatic: false, shadow: ctx.shadowAtClass })
      : ': any';
    out.push(`${[p.accessibility, 'declare'].filter(Boolean).join(' ')} ${id.name}${id.optional ? '?' : ''}${ann};`);
  }
  return out;
}
