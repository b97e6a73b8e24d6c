// isinstance recovery (--preserve-instanceof).
//
// After flattening, an instance of D no longer has its former ancestor A's prototype in its chain, so
// `d instanceof A` turns false. With the option on, two things put the answer back:
// - every flattened class records its former ancestors (the *lineage*) on its prototype, under the
//   registry symbol `Symbol.for('flatten-classes.lineage')`, non-enumerable (a static block);
// - every former ancestor A gets `static [Symbol.hasInstance](v)`: the ordinary answer (the one the
//   class would have given without the method: `super[Symbol.hasInstance]` when it extends something,
//   else Function.prototype's), or else true when v or an object on v's prototype chain carries a
//   lineage that names `this`.
// `this`, never A: an unflattened subclass F of A inherits the method, and `x instanceof F` must test F.
// A class whose chain defines Symbol.hasInstance itself (or a static with a computed key, which might be
// it) gets nothing: the user's method keeps deciding, and the report keeps its warning.

import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ClassGraph, ClassId, ClassNode } from '../graph/class-graph.js';
import type { ClassContext } from './context.js';
import { Unsupported } from './hygiene.js';
import { layerOf } from './layers.js';
import { classReference } from './statics.js';

/** The property key of the lineage record, as source text. */
const LINEAGE_KEY = "Symbol.for('flatten-classes.lineage')";

/** What --preserve-instanceof did in one rewrite: the detector turns warnings into infos from it. */
export interface InstanceofRecovery {
  /** Former ancestors that received the generated Symbol.hasInstance. */
  guarded: Set<ClassId>;
  /** Per flattened class: the former ancestors its lineage names. */
  lineage: Map<ClassId, Set<ClassId>>;
}

/**
 * Classes that may get the generated Symbol.hasInstance: the ancestors of every chain the rewrite will
 * try (a class that then fails to flatten leaves a method that answers as before), minus mixin classes
 * (each application is a fresh class nobody can name) and classes whose own chain defines the symbol.
 */
export function guardCandidates(graph: ClassGraph, chains: Iterable<ClassId[]>): Set<ClassId> {
  const out = new Set<ClassId>();
  for (const chain of chains) {
    for (const id of chain.slice(1)) {
      if (out.has(id)) continue;
      const node = graph.classes.get(id)!;
      if (node.info.factory || chainDefinesHasInstance(graph, id)) continue;
      out.add(id);
    }
  }
  return out;
}

/** Does the class or a project ancestor define a static Symbol.hasInstance (or a computed static key)? */
export function chainDefinesHasInstance(graph: ClassGraph, id: ClassId): boolean {
  return (graph.chains.get(id) ?? [id]).some((c) =>
    layerOf(graph.classes.get(c)!).members.some((m) => m.isStatic && m.kind !== 'static-block' && ((m.key.kind === 'name' && m.key.name === '@@hasInstance') || m.key.kind === 'dynamic')),
  );
}

/** `Object`, `Symbol` or `Function` as the class sees them: `globalThis.X` when the code around binds the name. */
function global(cls: ClassNode, name: string): string {
  return cls.info.path.scope.hasBinding(name, true) ? `globalThis.${name}` : name;
}

/**
 * The generated `static [Symbol.hasInstance]` for a former ancestor. `extendsSomething`: the class as
 * emitted has an extends clause, whose own hasInstance gives the ordinary answer (as the lookup did).
 */
export function hasInstanceMember(cls: ClassNode, extendsSomething: boolean, indent: string, nl: string): string {
  const [O, S, F] = ['Object', 'Symbol', 'Function'].map((n) => global(cls, n));
  const ts = cls.module.isTypeScript;
  const ordinary = extendsSomething ? `super[${S}.hasInstance](value)` : `${F}.prototype[${S}.hasInstance].call(this, value)`;
  const key = LINEAGE_KEY.replace('Symbol', S);
  const i2 = indent + '  ';
  const i3 = i2 + '  ';
  return [
    `${indent}// --preserve-instanceof: instances of the classes flattened out of this one still answer instanceof`,
    // `override` is required under noImplicitOverride for a typed base, and an error for a base typed `any`.
    ...(ts && extendsSomething ? [`${indent}// @ts-ignore: overrides the base's Symbol.hasInstance`] : []),
    `${indent}static [${S}.hasInstance](value${ts ? ': unknown' : ''})${ts ? ': boolean' : ''} {`,
    `${i2}if (${ordinary}) return true;`,
    `${i2}if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;`,
    `${i2}for (let p${ts ? ': any' : ''} = value; p !== null; p = ${O}.getPrototypeOf(p)) {`,
    `${i3}const own = ${O}.getOwnPropertyDescriptor(p, ${key});`,
    `${i3}if (own && own.value.includes(this)) return true;`,
    `${i2}}`,
    `${i2}return false;`,
    `${indent}}`,
  ].join(nl);
}

/**
 * The static block that records the flattened class's lineage, and the ancestors it names. An ancestor
 * the flattened class cannot name (a local of another file's function, a mixin's class) is left out:
 * instanceof against it is then not recovered, and the report keeps its warning.
 */
export function lineageBlock(ctx: ClassContext, indent: string, nl: string): { text: string; recorded: ClassId[] } {
  const refs: string[] = [];
  const recorded: ClassId[] = [];
  for (let j = 1; j < ctx.layers.length; j++) {
    const ref = ancestorRef(ctx, j);
    if (ref === null) continue;
    refs.push(ref);
    recorded.push(ctx.layers[j].cls.id);
  }
  if (!refs.length) return { text: '', recorded };
  const O = global(ctx.dest, 'Object');
  const key = LINEAGE_KEY.replace('Symbol', global(ctx.dest, 'Symbol'));
  const text = [
    `${indent}// --preserve-instanceof: the classes this one was flattened from, for their Symbol.hasInstance`,
    `${indent}static { ${O}.defineProperty(this.prototype, ${key}, { value: [${refs.join(', ')}] }); }`,
  ].join(nl);
  return { text, recorded };
}

/** How the flattened class names ancestor j, or null when it cannot. */
function ancestorRef(ctx: ClassContext, j: number): string | null {
  const cls = ctx.layers[j].cls;
  if (cls.info.factory) return null;
  // The parent: the class's own extends expression names it, whatever its export (an anonymous default too).
  const heritage = ctx.dest.info.node.superClass;
  if (j === 1 && heritage && isNameChain(heritage)) return ctx.destModule.code.slice(heritage.start!, heritage.end!);
  try {
    return classReference(ctx, j, cls.info.node);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

/** `A` or `ns.A.B`: evaluated again in the class body, it gives the same class, with no side effect. */
function isNameChain(n: t.Node): boolean {
  if (t.isIdentifier(n)) return true;
  return t.isMemberExpression(n) && !n.computed && t.isIdentifier(n.property) && isNameChain(n.object);
}

function localName(path: NodePath<t.Class>): string | null {
  if (path.isClassDeclaration() && path.node.id) return path.node.id.name;
  const parent = path.parentPath;
  if (parent?.isVariableDeclarator() && t.isIdentifier(parent.node.id)) return parent.node.id.name;
  return null;
}

/** Former ancestors whose instanceof answers are kept: guarded, and named by every flattened descendant's lineage. */
export function preservedAncestors(graph: ClassGraph, flattened: Set<ClassId>, recovery: InstanceofRecovery): Set<ClassId> {
  const kept = new Set(recovery.guarded);
  for (const id of flattened) {
    const named = recovery.lineage.get(id) ?? new Set();
    for (const a of graph.chains.get(id)!.slice(1)) if (!named.has(a)) kept.delete(a);
  }
  return kept;
}
