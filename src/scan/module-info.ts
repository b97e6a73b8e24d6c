import type { ClassFieldSemantics } from './class-fields.js';
import type { NodePath } from '@babel/traverse';
import type * as t from '@babel/types';
import type { SuperSyntax } from './super-syntax.js';

/** What a module-level name was imported as. `imported` is an export name, 'default', or '*' (namespace / CommonJS module object). */
export interface ImportBinding {
  local: string;
  specifier: string;
  imported: string;
  typeOnly: boolean;
  /** `const x = require('s')` style, as opposed to an ES import. */
  viaRequire: boolean;
  /** The statement that declares it (for re-emitting in another file). */
  node: t.Node;
}

export type ExportEntry =
  | { kind: 'local'; local: string }
  /** `export default class {}` or `module.exports = class {}`: an anonymous class by index. */
  | { kind: 'class'; classIndex: number; line?: number; column?: number }
  | { kind: 'reexport'; specifier: string; imported: string };

/** How a class names its superclass, before cross-file resolution. */
export type SuperRef =
  | { kind: 'none' }
  | { kind: 'class'; classIndex: number }
  | { kind: 'import'; local: string }
  | { kind: 'member'; object: string; property: string }
  | { kind: 'global'; name: string }
  | { kind: 'unknown'; reason: string };

export interface ClassInfo {
  index: number;
  /** Declared name, the binding it was assigned to, or `(anonymous)`. */
  name: string;
  path: NodePath<t.Class>;
  node: t.Class;
  /** Name under which the class is reachable at module level (declaration or `const X = class`), or null. */
  moduleBinding: string | null;
  superRef: SuperRef;
  /** The extends clause as plain data (null: none), what the class graph reads instead of the tree. */
  superSyntax: SuperSyntax | null;
  /** What holds the class: `export default class`, an assignment (`module.exports = class`), or other. */
  holder: 'export-default' | 'assignment' | 'other';
  /**
   * Set when the class is what a mixin factory returns: `(Base, ...) => class extends Base {}`.
   * `defaults`: per parameter, the literal text of its default value (null: not a literal), or null without one.
   */
  factory: { name: string; params: string[]; baseParam: number; defaults: Array<{ literal: string | null } | null>; fn: t.Function } | null;
  /** Its leading doc comments that mention `@flatten` (scan/doc-options.ts): its options, read without syntax. */
  flattenDoc: string[];
  line: number;
  column: number;
}

export type UseKind =
  | { kind: 'instanceof'; rhs: NameRef }
  | { kind: 'isPrototypeOf'; target: NameRef }
  /** `#x in o`; `access`: `o.#x` read, written or called on an object other than `this` (throws where `o` lacks #x). */
  | { kind: 'brand-check'; privateName: string; classIndex: number | null; access?: boolean }
  /** `walk`: the argument came from another getPrototypeOf (a walk up the chain, whatever the object). */
  | { kind: 'get-prototype'; api: string; arg: NameRef; walk?: boolean }
  | { kind: 'set-prototype'; api: string; arg: NameRef }
  | { kind: 'proto-access'; arg: NameRef }
  | { kind: 'prototype-patch'; target: NameRef; member: string }
  | { kind: 'static-patch'; target: NameRef; member: string }
  | { kind: 'has-instance'; classIndex: number }
  | { kind: 'own-keys'; api: string; target: NameRef; prototype: boolean }
  /** `X.prototype.m` or `X.m` compared by identity (`===`, `!==`, `==`, `!=`, Object.is). */
  | { kind: 'method-identity'; target: NameRef; member: string; prototype: boolean }
  /**
   * A class (or an import that may be one) handed to a callee that is a global or an import:
   * `expect(x).toBeInstanceOf(Base)`, `assert.throws(fn, Base)`. Code outside the project may test
   * `instanceof` against it (scan/passed-out.ts).
   */
  | { kind: 'passed-out'; callee: { kind: 'global'; name: string } | { kind: 'import'; local: string }; arg: NameRef };

/**
 * What an expression names, as far as one file can tell:
 * a class of this file, a module-level name (import or declaration) to be resolved by the graph,
 * `this` inside a class, a global, or something unknown.
 */
export type NameRef =
  | { kind: 'class'; classIndex: number }
  | { kind: 'import'; local: string }
  | { kind: 'member'; object: string; property: string }
  | { kind: 'this-instance'; classIndex: number }
  | { kind: 'this-static'; classIndex: number }
  | { kind: 'global'; name: string }
  | { kind: 'unknown'; text: string };

export interface UseSite {
  use: UseKind;
  line: number;
  column: number;
  /** The source text of the use, for messages. */
  text: string;
  /** Indexes of the classes whose bodies contain the use, innermost first. */
  insideClasses: number[];
}

export interface ModuleInfo {
  absPath: string;
  /** cwd-relative, '/' separators. */
  relPath: string;
  code: string;
  ast: t.File;
  programPath: NodePath<t.Program>;
  /** ES module (import/export) as opposed to a script / CommonJS module. */
  isModule: boolean;
  isTypeScript: boolean;
  /** TypeScript: how the nearest tsconfig.json compiles class fields (src/scan/class-fields.ts). */
  classFields?: ClassFieldSemantics;
  /** TypeScript: the nearest tsconfig.json turns `experimentalDecorators` on (else standard decorators, as in JavaScript). */
  legacyDecorators?: boolean;
  imports: Map<string, ImportBinding>;
  exports: Map<string, ExportEntry>;
  exportAll: string[];
  /** Module-level `helper(Derived, [A, B])` statements: candidates for applyMixins-style copying. */
  applyCalls: Array<{ callee: string; derived: string; bases: string[]; statement: t.ExpressionStatement }>;
  /** Module-level functions whose body copies prototype members (the applyMixins shape), by name. */
  prototypeCopiers: Map<string, { copiesConstructor: boolean }>;
  /** Mixin factories bound at module level: name → index of the class they return. */
  factories: Map<string, number>;
  /**
   * Module-level `const X = make()` where `make` is a function of this file that returns one class: name →
   * that class's index. Only reported uses resolve through it (a class extending X is not flattened).
   */
  madeClasses: Map<string, number>;
  /**
   * Module-level `const X = Y` or `const X = ns.Y` (exported or not; plain names): X → `Y` or `ns.Y`. Reported uses resolve
   * through every one across modules (`export const B = Base` … `B.count = 1` in another file);
   * superclasses only through an alias of a class declared in the same module (graph/class-graph.ts).
   */
  aliases: Map<string, string>;
  /** CommonJS `module.exports = X` target, if any. */
  cjsModuleExports: ExportEntry | null;
  /**
   * CommonJS exports whose value when another module reads them is not the one the summary recorded
   * (`exports.X` written twice or inside a function, `module.exports` replaced after `exports.X = …`,
   * `Object.assign(module.exports, …)`, `exports` aliased or handed to a function): names, or 'all'.
   * A class extending one of them is left as it was (its extends clause is kept).
   */
  cjsUnsettled: Set<string> | 'all' | null;
  classes: ClassInfo[];
  uses: UseSite[];
  /** Every identifier name in the file: generated names avoid all of them. */
  names: Set<string>;
  /**
   * A TypeScript `this` type (`m(): this`) or `this` parameter appears: ts-subtype.ts learns from these
   * declarations in every module, and needs the syntax only of modules that have one or mention a name
   * it tracks.
   */
  thisTyped: boolean;
}
