import type { NodePath } from '@babel/traverse';
import type * as t from '@babel/types';
import type { ClassGraph, ClassNode } from '../graph/class-graph.js';
import type { ModuleInfo } from '../scan/module-info.js';
import type { Diagnostic } from '../types.js';
import type { Hygiene } from './hygiene.js';
import type { Layer, Member } from './layers.js';

/**
 * A private copy of an ancestor's member, made because some `super.x` must reach it. Form 'static':
 * static private methods of the flattened class, called through the class's own name with `.call(this,
 * …)`, so that no brand check is made on the receiver (`super.m()` works with any `this`): a method is
 * `static #Base_m`, a getter `static #Base_x_get`, a setter `static #Base_x_set`, and writes go through
 * `static #Base_x_ref(self)`, an object whose accessor `v` calls them. Form 'instance': the member itself
 * under a private name (`#Base_m`), reached through `this.#Base_m`, which checks the receiver's brand
 * (used where the static form cannot mean the same; reported with super-receiver-checked).
 */
export interface SuperCopy {
  layer: number;
  isStatic: boolean;
  privateName: string;
  members: Member[];
  form: 'static' | 'instance';
  /** Static form of an accessor: some site writes it, so `#…_ref` is emitted. */
  needsRef: boolean;
}

/** The name the flattened class's body can use for the class itself (its inner binding). */
export interface ClassSelf {
  name: string;
  /** For an anonymous class: the edit giving it that inner name (applied once used). */
  insert: { start: number; end: number; text: string } | null;
  /** A fresh inner name changes `name`: the original, given back by a static block. */
  restoreName: string | null;
  /** TypeScript: the instance type, `Sub` or `Sub<any, …>`, for the `this` parameter of static copies. */
  instanceType: string;
  used: boolean;
}

/** Everything known while one class is being flattened. Layer 0 is the class itself, the last is the project root. */
export interface ClassContext {
  graph: ClassGraph;
  hygiene: Hygiene;
  dest: ClassNode;
  destModule: ModuleInfo;
  layers: Layer[];
  /** The external base the root extends (kept as the flattened class's `extends`), or null. */
  external: { node: t.Expression; path: NodePath; layer: number } | null;
  /** Per layer: parts or member names the options say not to take. */
  skip: Map<number, Set<string>>;
  /** TypeScript: each ancestor layer's type parameters in the flattened class's terms. */
  typeArgs: Map<number, Map<string, string>>;
  /** Literal arguments of mixin applications, per layer: they stand in for the factory's parameters. */
  layerArgs: Map<number, Map<string, string | null>>;
  /** Per layer: private name → private name in the flattened class. */
  privateNames: Map<number, Map<string, string>>;
  /** Private names taken in the flattened class. */
  privateUsed: Set<string>;
  superCopies: Map<string, SuperCopy>;
  pendingSuperCopies: SuperCopy[];
  /** The class's own name inside its body (classSelf(): undefined until first asked; null: none usable). */
  self?: ClassSelf | null;
  /** Names bound between the module scope and the class body / the constructor body. */
  shadowAtClass: Set<string>;
  shadowInCtor: Set<string>;
  /** Instance accessor names on the flattened prototype: fields with these names need define semantics. */
  accessorNames: Set<string>;
  hasDynamicAccessor: boolean;
  diagnostics: Diagnostic[];
  /** Names the class's own constructor declares (parameters, locals, nested declarations). */
  ctorDecls: ReadonlySet<string>;
  /** Generated local names inside the constructor (helper arrows, args). */
  ctorNames: Set<string>;
}

export type CopyRole = 'member' | 'ctor' | 'field';

export interface CopyRequest {
  layer: number;
  root: NodePath;
  start: number;
  end: number;
  role: CopyRole;
  isStatic: boolean;
  shadow: Set<string>;
  /** Replace a range (e.g. a member key) — edits inside it are dropped. */
  replace?: { start: number; end: number; text: string };
  /** Constructor copies: what each `super(...)` becomes. */
  superCall?: (call: NodePath<t.CallExpression>) => Array<{ start: number; end: number; text: string }>;
  /** Constructor copies that use `arguments`: the rest parameter that stands for it. */
  argumentsName?: string;
  /** A static copy of an instance member: the object `super` meant there (for members no ancestor defines). */
  superHome?: string;
  /** TypeScript: the layer's type arguments to use instead of ctx.typeArgs' (static super copies). */
  typeArgs?: Map<string, string>;
  /** More edits to apply (e.g. removing TypeScript parameter modifiers). */
  extra?: Array<{ start: number; end: number; text: string }>;
}
