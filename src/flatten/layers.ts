import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ClassNode } from '../graph/class-graph.js';
import { isWellKnownSymbol } from '../scan/summarize.js';
import { childPath } from '../scan/child-path.js';

/** A member key as the runtime sees it, when it can be known statically. */
export type MemberKey = { kind: 'name'; name: string } | { kind: 'private'; name: string } | { kind: 'dynamic' };

export type MemberKind = 'method' | 'get' | 'set' | 'field' | 'static-block' | 'signature' | 'accessor';

export interface Member {
  path: NodePath<t.ClassBody['body'][number]>;
  node: t.ClassBody['body'][number];
  kind: MemberKind;
  isStatic: boolean;
  key: MemberKey;
  /** TypeScript `declare` field or `abstract` member: nothing at run time. */
  typeOnly: boolean;
}

/** One class of a chain, with its members sorted out. */
export interface Layer {
  cls: ClassNode;
  ctor: NodePath<t.ClassMethod> | null;
  members: Member[];
  /** Private names the class declares (without '#'). */
  privateNames: string[];
}

/**
 * A layer's members are a function of its class's path (its node's body): kept per path, so an
 * ancestor is sorted once rather than once per class flattened below it. The arrays are shared and
 * never changed by their readers.
 */
const layerParts = new WeakMap<object, Omit<Layer, 'cls'>>();

export function layerOf(cls: ClassNode): Layer {
  const classPath = cls.info.path;
  let parts = layerParts.get(classPath);
  if (!parts) layerParts.set(classPath, (parts = layerPartsOf(classPath)));
  return { cls, ctor: parts.ctor, members: parts.members, privateNames: parts.privateNames };
}

function layerPartsOf(classPath: ClassNode['info']['path']): Omit<Layer, 'cls'> {
  const body = (childPath<NodePath<t.ClassBody>>(classPath, 'body')).get('body');
  let ctor: NodePath<t.ClassMethod> | null = null;
  const members: Member[] = [];
  const privateNames: string[] = [];
  for (const path of body) {
    const node = path.node;
    if (t.isClassMethod(node) && node.kind === 'constructor') {
      ctor = path as NodePath<t.ClassMethod>;
      continue;
    }
    if (t.isTSDeclareMethod(node)) {
      if (t.isIdentifier(node.key, { name: 'constructor' })) continue;
      members.push({ path, node, kind: 'signature', isStatic: !!node.static, key: keyOf(node.key, node.computed ?? false), typeOnly: true });
      continue;
    }
    if (t.isTSIndexSignature(node)) continue;
    if (t.isStaticBlock(node)) {
      members.push({ path, node, kind: 'static-block', isStatic: true, key: { kind: 'dynamic' }, typeOnly: false });
      continue;
    }
    if (t.isClassPrivateMethod(node) || t.isClassPrivateProperty(node)) {
      privateNames.push(node.key.id.name);
      const kind: MemberKind = t.isClassPrivateProperty(node) ? 'field' : node.kind === 'get' ? 'get' : node.kind === 'set' ? 'set' : 'method';
      members.push({ path, node, kind, isStatic: !!node.static, key: { kind: 'private', name: node.key.id.name }, typeOnly: false });
      continue;
    }
    if (t.isClassMethod(node)) {
      const kind: MemberKind = node.kind === 'get' ? 'get' : node.kind === 'set' ? 'set' : 'method';
      members.push({ path, node, kind, isStatic: !!node.static, key: keyOf(node.key, node.computed), typeOnly: false });
      continue;
    }
    if (t.isClassProperty(node)) {
      const typeOnly = !!node.declare || !!(node as { abstract?: boolean }).abstract;
      members.push({ path, node, kind: 'field', isStatic: !!node.static, key: keyOf(node.key, node.computed), typeOnly });
      continue;
    }
    if (t.isClassAccessorProperty(node)) {
      members.push({ path, node, kind: 'accessor', isStatic: !!node.static, key: { kind: 'dynamic' }, typeOnly: false });
    }
  }
  // TypeScript abstract methods have no body: they are signatures.
  for (const m of members) {
    if (m.kind !== 'field' && (m.node as { abstract?: boolean }).abstract) m.typeOnly = true;
  }
  return { ctor, members, privateNames };
}

/** Normalize a member key: identifiers, strings, numbers and `Symbol.x` are known; anything else is dynamic. */
export function keyOf(key: t.Node, computed: boolean): MemberKey {
  if (!computed && t.isIdentifier(key)) return { kind: 'name', name: key.name };
  if (t.isStringLiteral(key)) return { kind: 'name', name: key.value };
  if (t.isNumericLiteral(key)) return { kind: 'name', name: String(key.value) };
  if (t.isBigIntLiteral(key)) return { kind: 'name', name: String(BigInt(key.value)) };
  if (computed && t.isTemplateLiteral(key) && key.expressions.length === 0) return { kind: 'name', name: key.quasis[0].value.cooked ?? '' };
  if (computed && isWellKnownSymbol(key)) return { kind: 'name', name: `@@${((key as t.MemberExpression).property as t.Identifier).name}` };
  return { kind: 'dynamic' };
}

export function keyString(k: MemberKey): string {
  return k.kind === 'name' ? k.name : k.kind === 'private' ? `#${k.name}` : '[dynamic]';
}

/** Does a member put something on the prototype (or the constructor, for statics)? */
export function isPropertyMember(m: Member): boolean {
  return m.kind === 'method' || m.kind === 'get' || m.kind === 'set' || m.kind === 'signature';
}

/**
 * The keys every class defines on itself, the flattened one too: `prototype.constructor`, and the static
 * `name`, `length` and `prototype`. An ancestor's member of such a key was hidden by the subclass's own,
 * and `super.x` of one reads the parent's own property (which no member declares).
 */
export const OWN_KEYS_OF_EVERY_CLASS: ReadonlyArray<{ name: string; isStatic: boolean }> = [
  { name: 'constructor', isStatic: false },
  { name: 'name', isStatic: true },
  { name: 'length', isStatic: true },
  { name: 'prototype', isStatic: true },
];

export function isOwnOfEveryClass(name: string, isStatic: boolean): boolean {
  return OWN_KEYS_OF_EVERY_CLASS.some((k) => k.name === name && k.isStatic === isStatic);
}
