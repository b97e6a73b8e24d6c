// Random class hierarchies for the differential fuzzer.
//
// A program is generated as a small structured model (`ProgramModel`: plain data made of numbers,
// booleans and short arrays) and only then rendered to source text (`renderProgram`). Every index in the
// model is "raw" (any natural number) and is resolved modulo what exists when the text is rendered, and
// every member that refers to something missing is rendered in a form that still runs (or dropped). So
// any shrink of any part of the model still renders to a valid program, and counterexamples shrink well.
//
// Every program prints a deterministic trace: module evaluation (static fields, static blocks), then
// probes from `src/main.js` (construct, call every method, read/write every accessor, statics, and a few
// identity checks). Errors are caught and printed as their name (plus the message of errors the
// program throws itself, which start with `gen:`), never stacks or paths.

import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Features: each can be switched off (weight 0) through GenConfig.exclude

/** Features that can be excluded from generation (see FEATURES for what each one covers). */
export const FEATURES = {
  cjs: 'CommonJS programs (package.json type commonjs, require / module.exports)',
  namespaceImport: 'import * as ns / const ns = require(...) and `extends ns.Base`',
  importAliases: 'import { Base as BaseFrom0 } / const { Base: BaseFrom0 } = require(...)',
  defaultParams: 'method parameters whose defaults use this / super / helpers',
  classExpression: 'class expressions (anonymous and named) bound to consts',
  localClass: 'classes declared inside factory functions',
  localShadow: 'factory functions whose parameter shadows a module helper',
  decoys: 'module-level consts spelled like classes of other modules',
  externalBase: 'root classes that extend Error',
  ctorParams: 'default, destructured and rest constructor parameters',
  ctorArguments: '`arguments` in constructors',
  superShapes: 'super() in arrows, conditionals, expression position, early returns',
  ctorThrow: 'constructors that throw for some arguments',
  newTarget: '`new.target` in constructors',
  downcall: 'constructors and field initializers calling overridable methods',
  fields: 'instance fields',
  fieldSideEffects: 'field initializers that log / count / read other fields',
  arrowFields: 'fields holding arrow functions',
  accessors: 'accessors (pairs and halves)',
  superSet: '`super.x = v` in setters and methods',
  staticInitReads: 'static initializers and blocks calling static methods (which may read statics not defined yet)',
  innerNameRefs: 'code naming a class through the inner name of a named class expression (const A = class AImpl {})',
  rootDefaultSideEffects: 'root constructors whose default parameters have side effects (they run after the fields)',
  superHalves: 'super.x read where the nearest ancestor accessor has no getter, or written where it has no setter',
  statics: 'static methods and fields, `this` in statics',
  staticBlocks: 'static blocks',
  staticAccessors: 'static accessors',
  privates: 'private fields, methods and accessors (spellings collide across levels)',
  privatesInCtors: 'constructors using private members (their spellings collide across levels)',
  privatesInMethods: 'methods touching private members (methods may run during construction, before the privates exist)',
  staticsThroughThis: 'static state written through `this` (static setters, static blocks defining statics)',
  privateStatics: 'private static fields and methods used through `this`',
  privateStaticByName: 'private statics used through the class name (`Base.#x`)',
  brandChecks: '`#x in o` brand checks',
  superCalls: 'super.m() in methods',
  superComputed: "super['m']() with constant keys",
  superArrow: 'super.m() inside arrow functions',
  computedKeys: "methods declared with computed constant keys (['m']() {})",
  symbolKeys: 'methods keyed by a module-local Symbol (every module has its own KEY), called as this[KEY]()',
  iterators: '*[Symbol.iterator]() generators delegating to super[Symbol.iterator]',
  asyncMethods: 'async methods awaiting super calls (probed from ES module programs)',
  toStringOverride: 'toString overrides calling super.toString()',
  helpers: 'module-local helper closures (names collide between modules)',
  counters: 'module-local counters mutated through a helper',
  moduleWrites: 'class code assigning a module-local variable directly (counter += 1)',
  selfName: 'class code naming its own class (Name.s)',
  instanceofSelf: 'o instanceof TheClassOfO (answer does not change)',
  instanceofAny: 'o instanceof AnyClass (reported when the class is a flattened ancestor)',
  isPrototypeOf: 'C.prototype.isPrototypeOf(o)',
  getPrototypeOfClass: 'Object.getPrototypeOf(C) === Parent',
  reflectLocalClasses: 'reflection (getPrototypeOf, hasOwn, getOwnPropertyNames) on classes returned by factory functions',
  protoWalk: 'Object.getPrototypeOf(Object.getPrototypeOf(o)) — the chain of an instance',
  methodIdentity: 'o.m === Ancestor.prototype.m',
  passedOut: 'assert.throws(() => { throw o }, AnyClass): node:assert tests instanceof, outside the program (reported when the class is a flattened ancestor)',
  ownNames: 'Object.getOwnPropertyNames(C.prototype) / Object.hasOwn(C, "sm")',
  duplicateMembers: 'a class declaring the same method, accessor or field twice (the later one wins)',
} as const;
export type Feature = keyof typeof FEATURES;

export interface GenConfig {
  /** Features never generated. */
  exclude?: Iterable<Feature>;
  /** Upper bound on classes per program (default 8). */
  maxClasses?: number;
}

// ---------------------------------------------------------------------------------------------
// The model

export const CLASS_NAMES = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta', 'Eta', 'Theta'];
/** Instance methods by rank: a method may call `this.x()` of a higher rank and `super.x()` of the same or higher rank. */
export const METHOD_NAMES = ['m', 'n', 'show', 'toString'];
export const STATIC_METHOD_NAMES = ['sm', 'sn'];
export const FIELD_NAMES = ['x', 'y', 'v'];
export const STATIC_FIELD_NAMES = ['s', 't', 'sv'];
export const ACCESSOR_NAMES = ['v', 'w'];
export const STATIC_ACCESSOR_NAMES = ['sv'];
export const PRIVATE_NAMES = ['#p', '#q', '#r'];
const MAX_DEPTH = 6;

export type Term =
  | { t: 'tag' }
  | { t: 'field'; i: number }
  | { t: 'getter'; i: number }
  | { t: 'call'; i: number }
  | { t: 'super'; i: number; shape: 'plain' | 'computed' | 'arrow' | 'optional' }
  | { t: 'superGet'; i: number }
  | { t: 'superSet'; i: number }
  | { t: 'private'; i: number }
  | { t: 'helper' }
  | { t: 'counter' }
  | { t: 'ctorName' }
  | { t: 'selfName' }
  | { t: 'arguments' }
  | { t: 'symbolCall' }
  | { t: 'moduleWrite' };

export type StaticTerm =
  | { t: 'tag' }
  | { t: 'thisName' }
  | { t: 'field'; i: number }
  | { t: 'call'; i: number }
  | { t: 'super'; i: number }
  | { t: 'superField'; i: number }
  | { t: 'private'; i: number }
  | { t: 'privateByName'; i: number }
  | { t: 'helper' }
  | { t: 'counter' }
  | { t: 'selfName' };

export interface MethodModel {
  name: number;
  isPrivate: boolean;
  computed: boolean;
  /** Keyed by the module's `KEY` symbol instead of its name (public only). */
  symbol: boolean;
  /** A second parameter whose default is this term. */
  defaultParam: Term | null;
  terms: Term[];
}
export interface StaticMethodModel {
  name: number;
  isPrivate: boolean;
  terms: StaticTerm[];
}
export type FieldInit = 'none' | 'const' | 'note' | 'readField' | 'downcall' | 'getter' | 'arrow' | 'arrowSuper' | 'super' | 'counter';
export interface FieldModel {
  name: number;
  isPrivate: boolean;
  init: FieldInit;
  other: number;
}
export type StaticFieldInit = 'none' | 'const' | 'note' | 'thisName' | 'callStatic' | 'superField' | 'counter';
export interface StaticFieldModel {
  name: number;
  isPrivate: boolean;
  init: StaticFieldInit;
  other: number;
}
export interface AccessorModel {
  name: number;
  isPrivate: boolean;
  computed: boolean;
  kind: 'pair' | 'get' | 'set';
  /** Getter reads super.<same> when an ancestor has it. */
  superGet: boolean;
  /** Setter writes through super.<same>. */
  superSet: boolean;
  readField: number | null;
}
export interface StaticAccessorModel {
  kind: 'pair' | 'get' | 'set';
  superGet: boolean;
  /** The setter stores through `this._sv` (reported when a subclass is flattened) instead of a module-local Map. */
  thisBacked: boolean;
}
export type StaticBlockModel = 'log' | 'define' | 'counter' | 'callStatic';
export type CtorStmt =
  | { s: 'log' }
  | { s: 'arguments' }
  | { s: 'assign'; i: number }
  | { s: 'downcall'; i: number }
  | { s: 'readField'; i: number }
  | { s: 'earlyReturn' }
  | { s: 'throwIf' }
  | { s: 'newTarget' }
  | { s: 'private'; i: number }
  | { s: 'helper' };
export interface CtorModel {
  params: 'none' | 'simple' | 'defaults' | 'destructured' | 'rest' | 'mixed';
  pre: CtorStmt[];
  superShape: 'plain' | 'expr' | 'arrow' | 'ifElse' | 'ternary' | 'earlyReturn' | 'arrowCond';
  superArgs: 'none' | 'forward' | 'arguments' | 'transform' | 'rest';
  post: CtorStmt[];
}
export interface ClassModel {
  /** null: a root class. Otherwise the parent is `index - 1 - (parent % index)` (0 = the previous class). */
  parent: number | null;
  module: number;
  form: 'decl' | 'exprAnon' | 'exprNamed' | 'local';
  externalBase: boolean;
  /** Factory parameter named like a module helper (local classes only). */
  shadowHelper: boolean;
  ctor: CtorModel | null;
  fields: FieldModel[];
  staticFields: StaticFieldModel[];
  methods: MethodModel[];
  staticMethods: StaticMethodModel[];
  accessors: AccessorModel[];
  staticAccessors: StaticAccessorModel[];
  staticBlocks: StaticBlockModel[];
  brand: boolean;
  iterable: boolean;
  /** An `async am(arg)` method that awaits `super.am`. */
  asyncMethod: boolean;
}
export type Probe =
  | { p: 'instance'; cls: number; args: number }
  | { p: 'static'; cls: number };
export type Use =
  | { u: 'instanceofSelf'; a: number }
  | { u: 'instanceof'; a: number; b: number }
  | { u: 'isPrototypeOf'; a: number; b: number }
  | { u: 'getPrototypeOfClass'; a: number }
  | { u: 'protoWalk'; a: number; b: number }
  | { u: 'methodIdentity'; a: number; b: number; i: number }
  | { u: 'passedOut'; a: number; b: number }
  | { u: 'ownNames'; a: number }
  | { u: 'brand'; a: number; b: number };
export interface ProgramModel {
  cjs: boolean;
  modules: number;
  namespaceImport: boolean;
  importAliases: boolean;
  decoys: boolean;
  mainReverse: boolean;
  /** Keep members declared twice in one class (otherwise the later duplicates are left out). */
  dupes: boolean;
  /** super reads of setter-only / writes of getter-only ancestor accessors (otherwise left out). */
  superHalves: boolean;
  /** Code may name a named class expression by its inner name (otherwise by its binding). */
  innerNames: boolean;
  /** Root constructors' default parameters may log (otherwise they are constants). */
  rootDefaultEffects: boolean;
  /** getPrototypeOf uses may target classes made by factories (otherwise those uses are left out). */
  reflectLocal: boolean;
  classes: ClassModel[];
  probes: Probe[];
  uses: Use[];
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** `arb` when the feature is on, `off` otherwise. */
function gate<T>(on: boolean, arb: fc.Arbitrary<T>, off: T): fc.Arbitrary<T> {
  return on ? arb : fc.constant(off);
}
/** true with probability about `p` (shrinks to false). */
function chance(on: boolean, p: number): fc.Arbitrary<boolean> {
  if (!on) return fc.constant(false);
  const n = Math.max(1, Math.round(1 / p) - 1);
  return fc.oneof({ weight: n, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
}
type Weighted<T> = Array<{ weight: number; arbitrary: fc.Arbitrary<T>; on?: boolean }>;
/** oneof over the alternatives whose feature is on; the first alternative is what things shrink to. */
function pick<T>(alts: Weighted<T>): fc.Arbitrary<T> {
  const live = alts.filter((a) => a.on !== false && a.weight > 0).map(({ weight, arbitrary }) => ({ weight, arbitrary }));
  return fc.oneof(...live);
}

export function programArb(config: GenConfig = {}): fc.Arbitrary<ProgramModel> {
  const ex = new Set(config.exclude ?? []);
  const on = (f: Feature) => !ex.has(f);
  const maxClasses = Math.max(1, Math.min(CLASS_NAMES.length, config.maxClasses ?? 8));
  const k = <T>(v: T) => fc.constant(v);

  const term: fc.Arbitrary<Term> = pick<Term>([
    { weight: 3, arbitrary: k({ t: 'tag' }) },
    { weight: 3, arbitrary: fc.record({ t: k('field' as const), i: fc.nat(2) }), on: on('fields') },
    { weight: 2, arbitrary: fc.record({ t: k('getter' as const), i: fc.nat(1) }), on: on('accessors') },
    { weight: 3, arbitrary: fc.record({ t: k('call' as const), i: fc.nat(3) }) },
    {
      weight: 6,
      arbitrary: fc.record({
        t: k('super' as const),
        i: fc.nat(3),
        shape: pick<'plain' | 'computed' | 'arrow' | 'optional'>([
          { weight: 4, arbitrary: k('plain') },
          { weight: 2, arbitrary: k('computed'), on: on('superComputed') },
          { weight: 2, arbitrary: k('arrow'), on: on('superArrow') },
          { weight: 1, arbitrary: k('optional') },
        ]),
      }),
      on: on('superCalls'),
    },
    { weight: 2, arbitrary: fc.record({ t: k('superGet' as const), i: fc.nat(1) }), on: on('accessors') && on('superCalls') },
    { weight: 1, arbitrary: fc.record({ t: k('superSet' as const), i: fc.nat(1) }), on: on('accessors') && on('superSet') },
    { weight: 3, arbitrary: fc.record({ t: k('private' as const), i: fc.nat(2) }), on: on('privates') && on('privatesInMethods') },
    { weight: 3, arbitrary: k({ t: 'helper' }), on: on('helpers') },
    { weight: 1, arbitrary: k({ t: 'counter' }), on: on('counters') },
    { weight: 1, arbitrary: k({ t: 'ctorName' }) },
    { weight: 1, arbitrary: k({ t: 'selfName' }), on: on('selfName') && on('statics') },
    { weight: 1, arbitrary: k({ t: 'arguments' }) },
    { weight: 2, arbitrary: k({ t: 'symbolCall' }), on: on('symbolKeys') },
    { weight: 1, arbitrary: k({ t: 'moduleWrite' }), on: on('moduleWrites') },
  ]);
  const staticTerm: fc.Arbitrary<StaticTerm> = pick<StaticTerm>([
    { weight: 2, arbitrary: k({ t: 'tag' }) },
    { weight: 3, arbitrary: k({ t: 'thisName' }) },
    { weight: 3, arbitrary: fc.record({ t: k('field' as const), i: fc.nat(2) }) },
    { weight: 2, arbitrary: fc.record({ t: k('call' as const), i: fc.nat(1) }) },
    { weight: 4, arbitrary: fc.record({ t: k('super' as const), i: fc.nat(1) }), on: on('superCalls') },
    { weight: 2, arbitrary: fc.record({ t: k('superField' as const), i: fc.nat(2) }), on: on('superCalls') },
    { weight: 2, arbitrary: fc.record({ t: k('private' as const), i: fc.nat(2) }), on: on('privateStatics') },
    { weight: 1, arbitrary: fc.record({ t: k('privateByName' as const), i: fc.nat(2) }), on: on('privateStaticByName') },
    { weight: 2, arbitrary: k({ t: 'helper' }), on: on('helpers') },
    { weight: 1, arbitrary: k({ t: 'counter' }), on: on('counters') },
    { weight: 1, arbitrary: k({ t: 'selfName' }), on: on('selfName') },
  ]);
  const method: fc.Arbitrary<MethodModel> = fc.record({
    name: fc.nat(METHOD_NAMES.length - 1 - (on('toStringOverride') ? 0 : 1)),
    isPrivate: chance(on('privates'), 0.2),
    computed: chance(on('computedKeys'), 0.15),
    symbol: chance(on('symbolKeys'), 0.12),
    defaultParam: on('defaultParams') ? fc.option(term, { freq: 5, nil: null }) : fc.constant(null),
    terms: fc.array(term, { minLength: 1, maxLength: 4 }),
  });
  const staticMethod: fc.Arbitrary<StaticMethodModel> = fc.record({
    name: fc.nat(STATIC_METHOD_NAMES.length - 1),
    // Inherited static code using a private static through `this` is refused (unsupported): keep it rare.
    isPrivate: chance(on('privateStatics'), 0.05),
    terms: fc.array(staticTerm, { minLength: 1, maxLength: 3 }),
  });
  const fieldInit: fc.Arbitrary<FieldInit> = pick<FieldInit>([
    { weight: 2, arbitrary: k('const') },
    { weight: 1, arbitrary: k('none') },
    { weight: 3, arbitrary: k('note'), on: on('fieldSideEffects') },
    { weight: 2, arbitrary: k('readField'), on: on('fieldSideEffects') },
    { weight: 2, arbitrary: k('downcall'), on: on('downcall') },
    { weight: 1, arbitrary: k('getter'), on: on('fieldSideEffects') && on('accessors') },
    { weight: 1, arbitrary: k('arrow'), on: on('arrowFields') },
    { weight: 1, arbitrary: k('arrowSuper'), on: on('arrowFields') && on('superCalls') },
    { weight: 2, arbitrary: k('super'), on: on('superCalls') },
    { weight: 1, arbitrary: k('counter'), on: on('counters') },
  ]);
  const field: fc.Arbitrary<FieldModel> = fc.record({
    name: fc.nat(FIELD_NAMES.length - 1),
    isPrivate: chance(on('privates'), 0.3),
    init: fieldInit,
    other: fc.nat(3),
  });
  const staticField: fc.Arbitrary<StaticFieldModel> = fc.record({
    name: fc.nat(STATIC_FIELD_NAMES.length - 1),
    isPrivate: chance(on('privateStatics'), 0.05),
    init: pick<StaticFieldInit>([
      { weight: 2, arbitrary: k('const') },
      { weight: 1, arbitrary: k('none') },
      { weight: 2, arbitrary: k('note'), on: on('fieldSideEffects') },
      { weight: 2, arbitrary: k('thisName') },
      { weight: 1, arbitrary: k('callStatic'), on: on('staticInitReads') },
      { weight: 2, arbitrary: k('superField'), on: on('superCalls') },
      { weight: 1, arbitrary: k('counter'), on: on('counters') },
    ]),
    other: fc.nat(3),
  });
  const accessor: fc.Arbitrary<AccessorModel> = fc.record({
    name: fc.nat(ACCESSOR_NAMES.length - 1),
    isPrivate: chance(on('privates'), 0.15),
    computed: chance(on('computedKeys'), 0.15),
    kind: pick<'pair' | 'get' | 'set'>([
      { weight: 3, arbitrary: k('pair') },
      { weight: 2, arbitrary: k('get') },
      { weight: 1, arbitrary: k('set') },
    ]),
    superGet: chance(on('superCalls'), 0.5),
    superSet: chance(on('superSet'), 0.3),
    readField: fc.option(fc.nat(2), { freq: 2 }),
  });
  const staticAccessor: fc.Arbitrary<StaticAccessorModel> = fc.record({
    kind: pick<'pair' | 'get' | 'set'>([
      { weight: 3, arbitrary: k('pair') },
      { weight: 2, arbitrary: k('get') },
      { weight: 1, arbitrary: k('set') },
    ]),
    superGet: chance(on('superCalls'), 0.4),
    thisBacked: chance(on('staticsThroughThis'), 0.03),
  });
  const ctorStmt: fc.Arbitrary<CtorStmt> = pick<CtorStmt>([
    { weight: 3, arbitrary: k({ s: 'log' }) },
    { weight: 2, arbitrary: k({ s: 'arguments' }), on: on('ctorArguments') },
    { weight: 3, arbitrary: fc.record({ s: k('assign' as const), i: fc.nat(2) }) },
    { weight: 2, arbitrary: fc.record({ s: k('downcall' as const), i: fc.nat(3) }), on: on('downcall') },
    { weight: 2, arbitrary: fc.record({ s: k('readField' as const), i: fc.nat(2) }), on: on('fields') },
    { weight: 1, arbitrary: k({ s: 'earlyReturn' }), on: on('superShapes') },
    { weight: 1, arbitrary: k({ s: 'throwIf' }), on: on('ctorThrow') },
    { weight: 1, arbitrary: k({ s: 'newTarget' }), on: on('newTarget') },
    { weight: 1, arbitrary: fc.record({ s: k('private' as const), i: fc.nat(2) }), on: on('privates') && on('privatesInCtors') },
    { weight: 1, arbitrary: k({ s: 'helper' }), on: on('helpers') },
  ]);
  const ctor: fc.Arbitrary<CtorModel> = fc.record({
    params: pick<CtorModel['params']>([
      { weight: 3, arbitrary: k('simple') },
      { weight: 1, arbitrary: k('none') },
      { weight: 2, arbitrary: k('defaults'), on: on('ctorParams') },
      { weight: 2, arbitrary: k('destructured'), on: on('ctorParams') },
      { weight: 2, arbitrary: k('rest'), on: on('ctorParams') },
      { weight: 2, arbitrary: k('mixed'), on: on('ctorParams') },
    ]),
    pre: fc.array(ctorStmt, { maxLength: 2 }),
    superShape: pick<CtorModel['superShape']>([
      { weight: 4, arbitrary: k('plain') },
      { weight: 1, arbitrary: k('expr'), on: on('superShapes') },
      { weight: 1, arbitrary: k('arrow'), on: on('superShapes') },
      { weight: 1, arbitrary: k('ifElse'), on: on('superShapes') },
      { weight: 1, arbitrary: k('ternary'), on: on('superShapes') },
      { weight: 1, arbitrary: k('earlyReturn'), on: on('superShapes') },
      { weight: 1, arbitrary: k('arrowCond'), on: on('superShapes') },
    ]),
    superArgs: pick<CtorModel['superArgs']>([
      { weight: 3, arbitrary: k('forward') },
      { weight: 1, arbitrary: k('none') },
      { weight: 1, arbitrary: k('arguments'), on: on('ctorArguments') },
      { weight: 2, arbitrary: k('transform') },
      { weight: 1, arbitrary: k('rest'), on: on('ctorParams') },
    ]),
    post: fc.array(ctorStmt, { maxLength: 4 }),
  });
  const cls: fc.Arbitrary<ClassModel> = fc.record({
    parent: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 6, arbitrary: fc.nat(7) }),
    module: fc.nat(3),
    form: pick<ClassModel['form']>([
      { weight: 6, arbitrary: k('decl') },
      { weight: 1, arbitrary: k('exprAnon'), on: on('classExpression') },
      { weight: 1, arbitrary: k('exprNamed'), on: on('classExpression') },
      { weight: 1, arbitrary: k('local'), on: on('localClass') },
    ]),
    externalBase: chance(on('externalBase'), 0.08),
    shadowHelper: chance(on('localShadow'), 0.4),
    ctor: fc.option(ctor, { freq: 3, nil: null }),
    fields: gate(on('fields'), fc.array(field, { maxLength: 3 }), []),
    staticFields: gate(on('statics'), fc.array(staticField, { maxLength: 2 }), []),
    methods: fc.array(method, { maxLength: 3 }),
    staticMethods: gate(on('statics'), fc.array(staticMethod, { maxLength: 2 }), []),
    accessors: gate(on('accessors'), fc.array(accessor, { maxLength: 2 }), []),
    staticAccessors: gate(on('staticAccessors') && on('statics'), fc.array(staticAccessor, { maxLength: 1 }), []),
    staticBlocks: gate(
      on('staticBlocks') && on('statics'),
      fc.array(
        pick<StaticBlockModel>([
          { weight: 8, arbitrary: k('log') },
          { weight: 1, arbitrary: k('define'), on: on('staticsThroughThis') },
          { weight: 1, arbitrary: k('counter'), on: on('counters') },
          { weight: 1, arbitrary: k('callStatic'), on: on('staticInitReads') },
        ]),
        { maxLength: 1 },
      ),
      [],
    ),
    brand: chance(on('brandChecks') && on('privates'), 0.04),
    iterable: chance(on('iterators'), 0.12),
    asyncMethod: chance(on('asyncMethods'), 0.12),
  });
  const probe: fc.Arbitrary<Probe> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ p: k('instance' as const), cls: fc.nat(7), args: fc.nat(5) }) },
    { weight: 1, arbitrary: fc.record({ p: k('static' as const), cls: fc.nat(7) }) },
  );
  const use: fc.Arbitrary<Use> = pick<Use>([
    { weight: 3, arbitrary: fc.record({ u: k('instanceofSelf' as const), a: fc.nat(7) }), on: on('instanceofSelf') },
    { weight: 1, arbitrary: fc.record({ u: k('instanceof' as const), a: fc.nat(7), b: fc.nat(7) }), on: on('instanceofAny') },
    { weight: 1, arbitrary: fc.record({ u: k('isPrototypeOf' as const), a: fc.nat(7), b: fc.nat(7) }), on: on('isPrototypeOf') },
    { weight: 1, arbitrary: fc.record({ u: k('getPrototypeOfClass' as const), a: fc.nat(7) }), on: on('getPrototypeOfClass') },
    { weight: 1, arbitrary: fc.record({ u: k('protoWalk' as const), a: fc.nat(7), b: fc.nat(7) }), on: on('protoWalk') },
    { weight: 1, arbitrary: fc.record({ u: k('methodIdentity' as const), a: fc.nat(7), b: fc.nat(7), i: fc.nat(3) }), on: on('methodIdentity') },
    { weight: 1, arbitrary: fc.record({ u: k('ownNames' as const), a: fc.nat(7) }), on: on('ownNames') },
    { weight: 1, arbitrary: fc.record({ u: k('passedOut' as const), a: fc.nat(7), b: fc.nat(7) }), on: on('passedOut') },
    { weight: 2, arbitrary: fc.record({ u: k('brand' as const), a: fc.nat(7), b: fc.nat(7) }), on: on('brandChecks') && on('privates') },
  ]);
  // Uses that change their answer after flattening are reported by design: keep them rare so that most
  // programs have no warning and the property says something about them.
  const uses = fc.oneof(
    { weight: 3, arbitrary: fc.constant([] as Use[]) },
    { weight: 1, arbitrary: fc.array(use, { minLength: 1, maxLength: 2 }) },
  );
  return fc.record({
    cjs: chance(on('cjs'), 0.25),
    modules: fc.integer({ min: 1, max: 4 }),
    namespaceImport: chance(on('namespaceImport'), 0.2),
    importAliases: chance(on('importAliases'), 0.25),
    decoys: chance(on('decoys'), 0.25),
    mainReverse: fc.boolean(),
    dupes: chance(on('duplicateMembers'), 0.1),
    superHalves: chance(on('superHalves'), 0.3),
    innerNames: chance(on('innerNameRefs'), 0.5),
    rootDefaultEffects: chance(on('rootDefaultSideEffects'), 0.5),
    reflectLocal: chance(on('reflectLocalClasses'), 0.5),
    classes: fc.array(cls, { minLength: 1, maxLength: maxClasses }),
    probes: fc.array(probe, { minLength: 1, maxLength: 6 }),
    uses,
  });
}

// ---------------------------------------------------------------------------------------------
// Resolution: the model's raw indices → a concrete hierarchy

type PrivateKind = 'field' | 'method' | 'get' | 'set' | 'pair';
/** A private name a class declares; `rank` orders private methods like public ones (no call cycles). */
interface PrivateInfo {
  kind: PrivateKind;
  isStatic: boolean;
  rank: number;
}

interface RClass {
  index: number;
  name: string;
  /** The name the class has inside its own body (class declarations, named expressions, local classes). */
  innerName: string | null;
  /** `.name` of the class object. */
  model: ClassModel;
  parent: RClass | null;
  depth: number;
  module: number;
  /** Private names declared by this class, with what they are. */
  privates: Map<string, PrivateInfo>;
}

function resolveClasses(p: ProgramModel): RClass[] {
  const out: RClass[] = [];
  const modules = Math.max(1, Math.min(4, p.modules));
  p.classes.slice(0, CLASS_NAMES.length).forEach((m, index) => {
    let parent: RClass | null = null;
    if (m.parent !== null && index > 0 && !m.externalBase) {
      parent = out[index - 1 - (m.parent % index)];
      // Local classes cannot be named from outside their factory: extend what they extend instead.
      while (parent && parent.model.form === 'local') parent = parent.parent;
      if (parent && parent.depth >= MAX_DEPTH) parent = null;
    }
    const name = CLASS_NAMES[index];
    // The name code inside the class uses for it: null when only the outer const names it (in TDZ while the class is defined).
    const innerName = m.form === 'exprAnon' ? null : m.form === 'exprNamed' ? (p.innerNames ? `${name}Impl` : null) : name;
    const module = Math.max(m.module % modules, parent ? parent.module : 0);
    const model = p.dupes ? m : withoutDuplicates(m);
    out.push({ index, name, innerName, model, parent, depth: parent ? parent.depth + 1 : 1, module, privates: privatesOf(model) });
  });
  return out;
}

/**
 * The class without public members declared twice (legal, the later wins, but only generated when the
 * model says so). Everything is derived from this, so the facts the renderer uses match the text.
 */
function withoutDuplicates(m: ClassModel): ClassModel {
  const seen = new Set<string>();
  const first = (keys: string[]) => {
    if (keys.some((k) => seen.has(k))) return false;
    for (const k of keys) seen.add(k);
    return true;
  };
  return {
    ...m,
    fields: m.fields.filter((f) => f.isPrivate || first([`field ${FIELD_NAMES[f.name % FIELD_NAMES.length]}`])),
    staticFields: m.staticFields.filter((f) => f.isPrivate || first([`static field ${STATIC_FIELD_NAMES[f.name % STATIC_FIELD_NAMES.length]}`])),
    accessors: m.accessors.filter((a) => {
      if (a.isPrivate) return true;
      const name = ACCESSOR_NAMES[a.name % ACCESSOR_NAMES.length];
      return first((a.kind === 'pair' ? ['get', 'set'] : [a.kind]).map((k) => `${k} ${name}`));
    }),
    methods: m.methods.filter((x) => x.isPrivate || first([`method ${x.symbol ? '[KEY]' : methodName(x.name)}`])),
    staticMethods: m.staticMethods.filter((x) => x.isPrivate || first([`static method ${STATIC_METHOD_NAMES[x.name % STATIC_METHOD_NAMES.length]}`])),
  };
}

/** The private names a class declares, first declaration of a spelling wins (duplicates are a syntax error). */
function privatesOf(m: ClassModel): RClass['privates'] {
  const out: RClass['privates'] = new Map();
  for (const f of m.fields) if (f.isPrivate) addPrivate(out, PRIVATE_NAMES[f.name % 3], 'field', false, 0);
  for (const f of m.staticFields) if (f.isPrivate) addPrivate(out, PRIVATE_NAMES[f.name % 3], 'field', true, 0);
  for (const a of m.accessors) if (a.isPrivate) addPrivate(out, PRIVATE_NAMES[a.name % 3], a.kind, false, 0);
  for (const x of m.methods) if (x.isPrivate) addPrivate(out, PRIVATE_NAMES[x.name % 3], 'method', false, x.name % METHOD_NAMES.length);
  for (const x of m.staticMethods) if (x.isPrivate) addPrivate(out, PRIVATE_NAMES[x.name % 3], 'method', true, x.name % STATIC_METHOD_NAMES.length);
  if (m.brand && out.size === 0) out.set('#b', { kind: 'field', isStatic: false, rank: 0 });
  return out;
}
function addPrivate(map: RClass['privates'], name: string, kind: PrivateKind, isStatic: boolean, rank: number): void {
  if (!map.has(name)) map.set(name, { kind, isStatic, rank });
}

function ancestors(c: RClass): RClass[] {
  const out: RClass[] = [];
  for (let a = c.parent; a; a = a.parent) out.push(a);
  return out;
}
function chainOf(c: RClass): RClass[] {
  return [c, ...ancestors(c)];
}
const methodName = (i: number) => METHOD_NAMES[i % METHOD_NAMES.length];
const isMethodDeclared = (c: RClass, name: string) => c.model.methods.some((m) => !m.isPrivate && !m.symbol && methodName(m.name) === name);
const isStaticMethodDeclared = (c: RClass, name: string) =>
  c.model.staticMethods.some((m) => !m.isPrivate && STATIC_METHOD_NAMES[m.name % STATIC_METHOD_NAMES.length] === name);
const accessorKinds = (c: RClass, name: string) => c.model.accessors.filter((a) => !a.isPrivate && ACCESSOR_NAMES[a.name % ACCESSOR_NAMES.length] === name).map((a) => a.kind);
/** The accessor kinds of the nearest ancestor that declares a public accessor `name`, or null. */
function inheritedAccessor(c: RClass, name: string): { get: boolean; set: boolean } | null {
  for (const a of ancestors(c)) {
    const kinds = accessorKinds(a, name);
    if (kinds.length) return { get: kinds.some((k) => k !== 'set'), set: kinds.some((k) => k !== 'get') };
  }
  return null;
}
/** Is `super.<name>` in static code of c a read of a setter-only static accessor (a "half")? */
function staticSuperReadIsHalf(c: RClass, name: string): boolean {
  if (name !== 'sv') return false;
  const nearest = ancestors(c).find((x) => x.model.staticAccessors.length > 0 || hasStaticField(x, 'sv'));
  return !!nearest && !hasStaticField(nearest, 'sv') && nearest.model.staticAccessors.every((s) => s.kind === 'set');
}
const hasStaticField = (c: RClass, name: string) =>
  c.model.staticFields.some((f) => !f.isPrivate && STATIC_FIELD_NAMES[f.name % STATIC_FIELD_NAMES.length] === name) ||
  (name === 'sb' && c.model.staticBlocks.includes('define'));

// ---------------------------------------------------------------------------------------------
// Rendering

const TRACE_ESM = `// The shared trace: every module logs through here.
export function log(...parts) {
  console.log(parts.map((p) => (typeof p === 'string' ? p : show(p))).join(' '));
}
export function show(v, depth = 0) {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') {
    const kind = /^class\\b/.test(Function.prototype.toString.call(v)) ? 'class' : 'fn';
    return kind + ' ' + JSON.stringify(v.name) + '/' + v.length;
  }
  if (typeof v === 'symbol') return v.toString();
  if (v === null || typeof v !== 'object') return String(v);
  if (depth > 2) return '...';
  if (Array.isArray(v)) return '[' + v.map((x) => show(x, depth + 1)).join(', ') + ']';
  const ctor = v.constructor;
  const head = typeof ctor === 'function' ? ctor.name : String(ctor);
  return head + ' {' + Object.keys(v).map((k) => k + ': ' + show(v[k], depth + 1)).join(', ') + '}';
}
export function errorText(e) {
  if (e instanceof Error) return e.name + (typeof e.message === 'string' && e.message.startsWith('gen:') ? ' ' + e.message : '');
  return 'non-error ' + show(e);
}
export async function attemptAsync(label, fn) {
  try {
    const v = await fn();
    log(label, '=>', show(v));
    return v;
  } catch (e) {
    log(label, 'threw', errorText(e));
    return undefined;
  }
}
export function attempt(label, fn) {
  try {
    const v = fn();
    log(label, '=>', show(v));
    return v;
  } catch (e) {
    log(label, 'threw', errorText(e));
    return undefined;
  }
}
`;

function traceModule(cjs: boolean): string {
  if (!cjs) return TRACE_ESM;
  return `'use strict';\n${TRACE_ESM.replace(/^export (async )?function /gm, '$1function ')}module.exports = { log, show, errorText, attempt, attemptAsync };\n`;
}

interface Ctx {
  p: ProgramModel;
  classes: RClass[];
  cjs: boolean;
}

/** The program's files, keyed by path relative to the project (as expectEquivalent takes them). */
export function renderProgram(p: ProgramModel): Record<string, string> {
  const classes = resolveClasses(p);
  const ctx: Ctx = { p, classes, cjs: p.cjs };
  const files: Record<string, string> = {};
  if (p.cjs) files['package.json'] = JSON.stringify({ name: 'fuzz-program', private: true, type: 'commonjs' }, null, 2) + '\n';
  files['src/trace.js'] = traceModule(p.cjs);
  const used = [...new Set(classes.map((c) => c.module))].sort();
  for (const m of used) files[`src/m${m}.js`] = renderModule(ctx, m);
  files['src/main.js'] = renderMain(ctx, used);
  return files;
}

function importLine(ctx: Ctx, names: string[], from: string, ns: string | null): string {
  if (ctx.cjs) return ns ? `const ${ns} = require('${from}');` : `const { ${names.join(', ')} } = require('${from}');`;
  return ns ? `import * as ${ns} from '${from}';` : `import { ${names.join(', ')} } from '${from}';`;
}

function renderModule(ctx: Ctx, mod: number): string {
  const own = ctx.classes.filter((c) => c.module === mod);
  const lines: string[] = [];
  if (ctx.cjs) lines.push(`'use strict';`);
  lines.push(importLine(ctx, ['log', 'show'], './trace.js', null));
  // Parents from other modules.
  const needs = new Map<number, Set<string>>();
  for (const c of own) {
    if (c.parent && c.parent.module !== mod) {
      const set = needs.get(c.parent.module) ?? new Set<string>();
      set.add(c.parent.name);
      needs.set(c.parent.module, set);
    }
  }
  const refOf = new Map<RClass, string>();
  for (const [m, names] of [...needs].sort((a, b) => a[0] - b[0])) {
    if (ctx.p.namespaceImport) {
      lines.push(importLine(ctx, [], `./m${m}.js`, `ns${m}`));
      for (const n of names) refOf.set(ctx.classes.find((c) => c.name === n)!, `ns${m}.${n}`);
    } else if (ctx.p.importAliases) {
      const sorted = [...names].sort();
      const spec = sorted.map((n) => (ctx.cjs ? `${n}: ${n}From${m}` : `${n} as ${n}From${m}`));
      lines.push(importLine(ctx, spec, `./m${m}.js`, null));
      for (const n of sorted) refOf.set(ctx.classes.find((c) => c.name === n)!, `${n}From${m}`);
    } else {
      lines.push(importLine(ctx, [...names].sort(), `./m${m}.js`, null));
    }
  }
  const bound = new Set<string>([...own.map((c) => c.name), ...(ctx.p.namespaceImport || ctx.p.importAliases ? [] : [...needs.values()].flatMap((s) => [...s]))]);
  lines.push('');
  lines.push(`// Module-local helpers: every module has its own, with the same names.`);
  lines.push(`const tag = 'm${mod}';`);
  lines.push(`let counter = ${mod * 100};`);
  lines.push(`function note(s) { log(tag + ' note ' + s); return tag + ':' + s; }`);
  lines.push(`function next() { counter += 1; return tag + '#' + counter; }`);
  lines.push(`const box = new Map();`);
  lines.push(`const KEY = Symbol('KEY of m${mod}');`);
  lines.push(`function safe(f) { try { return f(); } catch (e) { return tag + ' caught ' + e.name; } }`);
  if (ctx.p.decoys) {
    for (const c of ctx.classes) if (!bound.has(c.name) && c.module !== mod) lines.push(`const ${c.name} = 'decoy ${c.name} in m${mod}';`);
  }
  const exported: string[] = [];
  for (const c of own) {
    lines.push('');
    lines.push(...renderClassDefinition(ctx, c, refOf.get(c.parent!) ?? c.parent?.name ?? null));
    exported.push(c.name);
  }
  lines.push('');
  lines.push(`${ctx.cjs ? '' : 'export '}function counterOf${mod}() { return counter; }`);
  exported.push(`counterOf${mod}`);
  if (ctx.cjs) lines.push(`module.exports = { ${exported.join(', ')} };`);
  else {
    const notInline = own.filter((c) => c.model.form !== 'decl').map((c) => c.name);
    if (notInline.length) lines.push(`export { ${notInline.join(', ')} };`);
  }
  return lines.join('\n') + '\n';
}

function renderClassDefinition(ctx: Ctx, c: RClass, parentRef: string | null): string[] {
  const ext = c.model.externalBase ? ' extends Error' : parentRef ? ` extends ${parentRef}` : '';
  const body = renderClassBody(ctx, c, '  ');
  const exportKw = !ctx.cjs && c.model.form === 'decl' ? 'export ' : '';
  switch (c.model.form) {
    case 'decl':
      return [`${exportKw}class ${c.name}${ext} {`, ...body, `}`];
    case 'exprAnon':
      return [`const ${c.name} = class${ext} {`, ...body, `};`];
    case 'exprNamed':
      return [`const ${c.name} = class ${c.name}Impl${ext} {`, ...body, `};`];
    case 'local': {
      const param = c.model.shadowHelper ? 'note' : 'label';
      const inner = renderClassBody(ctx, c, '    ');
      return [
        `function make${c.name}(${param}) {`,
        `  log('make${c.name}', typeof ${param});`,
        `  class ${c.name}${ext} {`,
        ...inner,
        `  }`,
        `  return ${c.name};`,
        `}`,
        `const ${c.name} = make${c.name}((s) => 'shadow:' + s);`,
      ];
    }
  }
}

/** What a term may refer to, seen from one class. */
interface Scope {
  c: RClass;
  /** Rank of the enclosing method (calls go to higher ranks, super calls to the same or higher). */
  rank: number;
  /** Inside a getter/setter: no method calls (methods may read accessors). */
  inAccessor: boolean;
  isStatic: boolean;
  /** Inside a constructor or method (not a field initializer): `arguments` allowed. */
  hasArguments: boolean;
  label: string;
}

function renderClassBody(ctx: Ctx, c: RClass, ind: string): string[] {
  const out: string[] = [];
  const m = c.model;
  const L = c.name;
  const derived = c.parent !== null || m.externalBase;
  // The first member spelled like a private name that matches what privatesOf recorded declares it;
  // any other member with that spelling is left out (a duplicate private name is a syntax error).
  const declaredPrivates = new Set<string>();

  const claim = (name: string, kinds: PrivateKind[], isStatic: boolean, rank?: number) => {
    const info = c.privates.get(name);
    if (!info || declaredPrivates.has(name) || !kinds.includes(info.kind) || info.isStatic !== isStatic) return false;
    if (rank !== undefined && info.rank !== rank) return false;
    declaredPrivates.add(name);
    return true;
  };
  // Static fields, blocks (definition-time side effects, in declaration order).
  m.staticFields.forEach((f, i) => {
    const name = f.isPrivate ? PRIVATE_NAMES[f.name % 3] : STATIC_FIELD_NAMES[f.name % STATIC_FIELD_NAMES.length];
    if (f.isPrivate && !claim(name, ['field'], true)) return;
    out.push(`${ind}static ${name}${staticFieldInit(ctx, c, f, i)};`);
  });
  for (const b of m.staticBlocks) out.push(...staticBlock(ctx, c, b, ind));
  // Instance fields.
  m.fields.forEach((f, i) => {
    const name = f.isPrivate ? PRIVATE_NAMES[f.name % 3] : FIELD_NAMES[f.name % FIELD_NAMES.length];
    if (f.isPrivate && !claim(name, ['field'], false)) return;
    out.push(`${ind}${name}${fieldInit(ctx, c, f, i)};`);
  });
  if (claim('#b', ['field'], false)) out.push(`${ind}#b = 'brand';`);
  // Constructor.
  if (m.ctor) out.push(...renderCtor(ctx, c, m.ctor, derived, ind));
  // Accessors.
  for (const a of m.accessors) {
    const name = a.isPrivate ? PRIVATE_NAMES[a.name % 3] : ACCESSOR_NAMES[a.name % ACCESSOR_NAMES.length];
    if (a.isPrivate && !claim(name, [a.kind], false)) continue;
    out.push(...renderAccessor(ctx, c, a, name, ind));
  }
  for (const a of m.staticAccessors) out.push(...renderStaticAccessor(ctx, c, a, ind));
  // Methods.
  for (const x of m.methods) {
    const base = methodName(x.name);
    const name = x.isPrivate ? PRIVATE_NAMES[x.name % 3] : base;
    if (x.isPrivate && !claim(name, ['method'], false, x.name % METHOD_NAMES.length)) continue;
    const symbol = x.symbol && !x.isPrivate;
    // A symbol-keyed method ranks above every named one: it calls no method of `this`, only super[KEY].
    const scope: Scope = { c, rank: symbol ? METHOD_NAMES.length : x.name % METHOD_NAMES.length, inAccessor: false, isStatic: false, hasArguments: true, label: symbol ? `${L}[KEY]` : `${L}.${name}` };
    const key = symbol ? '[KEY]' : x.computed && !x.isPrivate ? `['${name}']` : name;
    const parts = x.terms.map((t) => renderTerm(ctx, scope, t)).filter((s): s is string => s !== null);
    const dflt = x.defaultParam ? renderTerm(ctx, { ...scope, hasArguments: false }, x.defaultParam) : null;
    if (dflt) parts.push('extra');
    out.push(`${ind}${key}(arg${dflt ? `, extra = ${dflt}` : ''}) {`);
    out.push(`${ind}  return ['${L}.${name}', ${parts.length ? parts.join(', ') : 'arg'}].join(' ');`);
    out.push(`${ind}}`);
  }
  for (const x of m.staticMethods) {
    const base = STATIC_METHOD_NAMES[x.name % STATIC_METHOD_NAMES.length];
    const name = x.isPrivate ? PRIVATE_NAMES[x.name % 3] : base;
    if (x.isPrivate && !claim(name, ['method'], true, x.name % STATIC_METHOD_NAMES.length)) continue;
    const parts = x.terms.map((t) => renderStaticTerm(ctx, c, x.name % STATIC_METHOD_NAMES.length, t, `${L}.${name}`)).filter((s): s is string => s !== null);
    out.push(`${ind}static ${name}() {`);
    out.push(`${ind}  return ['${L}.${name}', ${parts.length ? parts.join(', ') : "'-'"}].join(' ');`);
    out.push(`${ind}}`);
  }
  if (m.brand) {
    const priv = [...c.privates].find(([, info]) => !info.isStatic && info.kind !== 'set')?.[0] ?? [...c.privates.keys()][0];
    out.push(`${ind}static brand(o) { return '${L} has ${priv}: ' + (${priv} in o); }`);
  }
  if (m.iterable) {
    // super[Symbol.iterator] is reported (super-dynamic-key): only delegate when an ancestor is iterable.
    const up = ancestors(c).some((a) => a.model.iterable) ? [`${ind}  yield* super[Symbol.iterator]();`] : [];
    out.push(`${ind}*[Symbol.iterator]() {`, `${ind}  yield '${L}:' + this.constructor.name;`, ...up, `${ind}}`);
  }
  if (m.asyncMethod) {
    out.push(`${ind}async am(arg) {`, `${ind}  const up = await super.am?.(arg + 1);`, `${ind}  await null;`, `${ind}  return '${L}.am(' + arg + ') ' + this.constructor.name + (up ? ' > ' + up : '');`, `${ind}}`);
  }
  return out;
}

// --- fields ---------------------------------------------------------------------------------

function fieldInit(ctx: Ctx, c: RClass, f: FieldModel, i: number): string {
  const L = c.name;
  const label = `${L}.${f.isPrivate ? PRIVATE_NAMES[f.name % 3] : FIELD_NAMES[f.name % FIELD_NAMES.length]}`;
  const scope: Scope = { c, rank: -1, inAccessor: false, isStatic: false, hasArguments: false, label };
  switch (f.init) {
    case 'none':
      return '';
    case 'const':
      return ` = '${label}#${i}'`;
    case 'note':
      return ` = note('${label}')`;
    case 'readField':
      return ` = '${label}<' + show(this.${FIELD_NAMES[f.other % FIELD_NAMES.length]})`;
    case 'downcall':
      return ` = '${label}<' + this.${methodName(f.other)}?.(${i})`;
    case 'getter':
      return ` = '${label}<' + show(this.${ACCESSOR_NAMES[f.other % ACCESSOR_NAMES.length]})`;
    case 'arrow':
      return ` = (z) => '${label} arrow ' + show(this.${FIELD_NAMES[f.other % FIELD_NAMES.length]}) + z`;
    case 'arrowSuper':
      // An arrow keeping `super` (and `this`) for later: main calls it after construction.
      return ` = (z) => '${label} arrow<' + ${renderTerm(ctx, scope, { t: 'super', i: f.other, shape: 'optional' }) ?? "'no super'"} + z`;
    case 'super':
      return ` = '${label}<' + ${renderTerm(ctx, scope, { t: 'super', i: f.other, shape: 'optional' }) ?? "'no super'"}`;
    case 'counter':
      return ` = next()`;
  }
}

function staticFieldInit(ctx: Ctx, c: RClass, f: StaticFieldModel, i: number): string {
  const label = `${c.name}.${f.isPrivate ? PRIVATE_NAMES[f.name % 3] : STATIC_FIELD_NAMES[f.name % STATIC_FIELD_NAMES.length]}`;
  switch (f.init) {
    case 'none':
      return '';
    case 'const':
      return ` = '${label}#${i}'`;
    case 'note':
      return ` = note('${label}')`;
    case 'thisName':
      return ` = '${label} of ' + this.name`;
    case 'callStatic':
      return ` = '${label}<' + safe(() => this.${STATIC_METHOD_NAMES[f.other % STATIC_METHOD_NAMES.length]}?.())`;
    case 'superField': {
      const name = STATIC_FIELD_NAMES[f.other % STATIC_FIELD_NAMES.length];
      if (!c.parent || (staticSuperReadIsHalf(c, name) && !ctx.p.superHalves)) return ` = '${label} root'`;
      return ` = '${label}<' + super.${name}`;
    }
    case 'counter':
      return ` = next()`;
  }
  void ctx;
}

function staticBlock(ctx: Ctx, c: RClass, b: StaticBlockModel, ind: string): string[] {
  const L = c.name;
  switch (b) {
    case 'log':
      return [`${ind}static {`, `${ind}  log('static block of ${L}: this is', this.name, 'and s is', String(this.s));`, `${ind}}`];
    case 'define':
      return [`${ind}static {`, `${ind}  this.sb = '${L}.sb from a static block';`, `${ind}}`];
    case 'counter':
      return [`${ind}static {`, `${ind}  log('${L} static counter', next());`, `${ind}}`];
    case 'callStatic':
      return [`${ind}static {`, `${ind}  log('${L} static block calls', safe(() => this.sm?.()));`, `${ind}}`];
  }
  void ctx;
}

// --- accessors ------------------------------------------------------------------------------

function renderAccessor(ctx: Ctx, c: RClass, a: AccessorModel, name: string, ind: string): string[] {
  const L = c.name;
  const out: string[] = [];
  const backing = `_${name.replace('#', 'priv_')}`;
  const key = a.computed && !a.isPrivate ? `['${name}']` : name;
  const inherited = a.isPrivate ? null : inheritedAccessor(c, name);
  const halves = ctx.p.superHalves;
  if (a.kind !== 'set') {
    const parts: string[] = [`'${L}.get ${name}'`, `this.${backing}`];
    if (a.superGet && !a.isPrivate && (!inherited || inherited.get || halves)) parts.push(inherited?.get ? `super.${name}` : `typeof super.${name}`);
    // Only fields no accessor is spelled like: a getter reading an accessor could recurse into itself.
    const plain = FIELD_NAMES.filter((f) => !ACCESSOR_NAMES.includes(f));
    if (a.readField !== null) parts.push(`show(this.${plain[a.readField % plain.length]})`);
    out.push(`${ind}get ${key}() { return [${parts.join(', ')}].join(' '); }`);
  }
  if (a.kind !== 'get') {
    // super.x = v through an ancestor setter; without one it is reported (super-assignment) by design.
    const write =
      a.superSet && inherited && (inherited.set || halves)
        ? `super.${name} = '${L}:' + val;`
        : `this.${backing} = '${L}:' + val;`;
    out.push(`${ind}set ${key}(val) { log('${L}.set ${name}', val); ${write} }`);
  }
  void ctx;
  return out;
}

function renderStaticAccessor(ctx: Ctx, c: RClass, a: StaticAccessorModel, ind: string): string[] {
  const L = c.name;
  const out: string[] = [];
  const read = a.thisBacked ? 'this._sv' : 'box.get(this)';
  if (a.kind !== 'set') {
    const sup = a.superGet && c.parent && (!staticSuperReadIsHalf(c, 'sv') || ctx.p.superHalves) ? `, 'super:' + super.sv` : '';
    out.push(`${ind}static get sv() { return ['${L}.get sv', ${read}${sup}].join(' '); }`);
  }
  const write = a.thisBacked ? 'this._sv = val;' : 'box.set(this, val);';
  if (a.kind !== 'get') out.push(`${ind}static set sv(val) { log('${L}.set sv', val, this.name); ${write} }`);
  void ctx;
  return out;
}

// --- terms ----------------------------------------------------------------------------------

function renderTerm(ctx: Ctx, s: Scope, t: Term): string | null {
  const c = s.c;
  switch (t.t) {
    case 'tag':
      return `'${s.label}'`;
    case 'field':
      // through show(): a field may hold a function, and its source text changes when it is copied
      return `show(this.${FIELD_NAMES[t.i % FIELD_NAMES.length]})`;
    case 'getter':
      if (s.inAccessor) return null;
      return `show(this.${ACCESSOR_NAMES[t.i % ACCESSOR_NAMES.length]})`;
    case 'call': {
      if (s.inAccessor) return null;
      const above = METHOD_NAMES.length - 1 - s.rank;
      if (above <= 0) return null;
      const target = s.rank + 1 + (t.i % above);
      return `this.${METHOD_NAMES[target]}?.(${target})`;
    }
    case 'super': {
      if (s.inAccessor) return null;
      if (!c.parent) return null;
      if (s.rank >= METHOD_NAMES.length) {
        // In a symbol-keyed method: the same key one level up. super[KEY] is reported (super-dynamic-key),
        // so only where an ancestor in this module (same KEY) has a KEY method.
        if (!ancestors(c).some((a) => a.module === c.module && a.model.methods.some((x) => x.symbol && !x.isPrivate))) return null;
        return t.shape === 'arrow' ? `(() => super[KEY](1))()` : `super[KEY](1)`;
      }
      const lo = Math.max(0, s.rank);
      const name = METHOD_NAMES[lo + (t.i % (METHOD_NAMES.length - lo))];
      const exists = name === 'toString' || ancestors(c).some((a) => isMethodDeclared(a, name));
      const call = exists && t.shape !== 'optional' ? `(1)` : `?.(1)`;
      switch (t.shape) {
        case 'plain':
        case 'optional':
          return `super.${name}${call}`;
        case 'computed':
          return `super['${name}']${call}`;
        case 'arrow':
          return `(() => super.${name}${call})()`;
      }
      return null;
    }
    case 'superGet': {
      if (!c.parent) return null;
      const name = ACCESSOR_NAMES[t.i % ACCESSOR_NAMES.length];
      const inherited = inheritedAccessor(c, name);
      if (inherited && !inherited.get && !ctx.p.superHalves) return null;
      return `super.${name}`;
    }
    case 'superSet': {
      if (!c.parent || s.inAccessor) return null;
      const name = ACCESSOR_NAMES[t.i % ACCESSOR_NAMES.length];
      // Only through an ancestor setter: without one, `super.x = v` is reported (super-assignment) by design.
      const inherited = inheritedAccessor(c, name);
      if (!inherited || (!inherited.set && !ctx.p.superHalves)) return null;
      return `(super.${name} = '${s.label}')`;
    }
    case 'private': {
      const name = PRIVATE_NAMES[t.i % 3];
      const info = c.privates.get(name);
      if (!info || info.isStatic) return null;
      if (info.kind === 'method') return s.inAccessor || info.rank <= s.rank ? null : `this.${name}(0)`;
      if (info.kind === 'set') return `typeof (this.${name} = '${s.label}')`;
      return `show(this.${name})`;
    }
    case 'helper':
      return `note('${s.label}')`;
    case 'counter':
      return `next()`;
    case 'ctorName':
      return `this.constructor.name`;
    case 'selfName': {
      const ref = c.innerName ?? c.name;
      return `String(${ref}.s)`;
    }
    case 'arguments':
      return s.hasArguments ? `arguments.length` : null;
    case 'moduleWrite':
      return `(counter += 10)`;
    case 'symbolCall':
      return s.inAccessor || s.rank >= METHOD_NAMES.length ? null : `this[KEY]?.(2)`;
  }
  void ctx;
}

function renderStaticTerm(ctx: Ctx, c: RClass, rank: number, t: StaticTerm, label: string): string | null {
  switch (t.t) {
    case 'tag':
      return `'${label}'`;
    case 'thisName':
      return `this.name`;
    case 'field':
      return `String(this.${STATIC_FIELD_NAMES[t.i % STATIC_FIELD_NAMES.length]})`;
    case 'call': {
      if (rank >= STATIC_METHOD_NAMES.length - 1) return null;
      return `this.${STATIC_METHOD_NAMES[rank + 1]}?.()`;
    }
    case 'super': {
      if (!c.parent) return null;
      const span = STATIC_METHOD_NAMES.length - rank;
      const name = STATIC_METHOD_NAMES[rank + (t.i % span)];
      const exists = ancestors(c).some((a) => isStaticMethodDeclared(a, name));
      return exists ? `super.${name}()` : `super.${name}?.()`;
    }
    case 'superField': {
      if (!c.parent) return null;
      const name = STATIC_FIELD_NAMES[t.i % STATIC_FIELD_NAMES.length];
      if (staticSuperReadIsHalf(c, name) && !ctx.p.superHalves) return null;
      return `String(super.${name})`;
    }
    case 'private': {
      const name = PRIVATE_NAMES[t.i % 3];
      const info = c.privates.get(name);
      if (!info || !info.isStatic) return null;
      if (info.kind === 'method' && info.rank <= rank) return null;
      return info.kind === 'method' ? `this.${name}()` : `String(this.${name})`;
    }
    case 'privateByName': {
      const name = PRIVATE_NAMES[t.i % 3];
      const info = c.privates.get(name);
      const ref = c.innerName;
      if (!info || !info.isStatic || !ref) return null;
      if (info.kind === 'method' && info.rank <= rank) return null;
      return info.kind === 'method' ? `${ref}.${name}()` : `String(${ref}.${name})`;
    }
    case 'helper':
      return `note('${label}')`;
    case 'counter':
      return `next()`;
    case 'selfName': {
      const ref = c.innerName;
      if (!ref) return null;
      return `String(${ref}.s)`;
    }
  }
  void ctx;
}

// --- constructors ---------------------------------------------------------------------------

interface Params {
  text: string;
  names: string[];
  rest: string | null;
}
function paramsOf(kind: CtorModel['params'], c: RClass, effects: boolean): Params {
  const L = c.name;
  switch (kind) {
    case 'none':
      return { text: '', names: [], rest: null };
    case 'simple':
      return { text: 'a, b', names: ['a', 'b'], rest: null };
    case 'defaults':
      return { text: `a = ${effects ? `note('${L} default a')` : `'${L} default a'`}, b = String(a) + '!'`, names: ['a', 'b'], rest: null };
    case 'destructured':
      return { text: `{ k = 'k${L}', j } = {}, b = k`, names: ['k', 'j', 'b'], rest: null };
    case 'rest':
      return { text: 'a, ...more', names: ['a'], rest: 'more' };
    case 'mixed':
      return { text: `a = 1, { k = 2 } = {}, ...more`, names: ['a', 'k'], rest: 'more' };
  }
}

function ctorStmt(ctx: Ctx, c: RClass, s: CtorStmt, params: Params, afterSuper: boolean, ind: string, isRoot: boolean): string | null {
  const L = c.name;
  const first = params.names[0] ?? 'arguments.length';
  switch (s.s) {
    case 'log':
      return `${ind}log('${L} ctor ${afterSuper ? 'after' : 'before'} super', ${params.names.length ? params.names.join(', ') : "'(no params)'"});`;
    case 'arguments':
      return `${ind}log('${L} ctor arguments', arguments.length, String(arguments[0]));`;
    case 'assign':
      if (!afterSuper) return null;
      return `${ind}this.${FIELD_NAMES[s.i % FIELD_NAMES.length]} = '${L} ctor assigned ' + ${first};`;
    case 'downcall':
      if (!afterSuper) return null;
      return `${ind}log('${L} ctor calls ${methodName(s.i)}:', this.${methodName(s.i)}?.(7));`;
    case 'readField':
      if (!afterSuper) return null;
      return `${ind}log('${L} ctor reads ${FIELD_NAMES[s.i % FIELD_NAMES.length]}:', this.${FIELD_NAMES[s.i % FIELD_NAMES.length]});`;
    case 'earlyReturn':
      if (!afterSuper && !isRoot) return null;
      return `${ind}if (${first} === 2) { log('${L} ctor returns early'); return; }`;
    case 'throwIf':
      return `${ind}if (${first} === 3) throw new Error('gen:${L} ctor refuses 3');`;
    case 'newTarget':
      return `${ind}log('${L} ctor new.target', new.target.name);`;
    case 'private': {
      if (!afterSuper) return null;
      const name = PRIVATE_NAMES[s.i % 3];
      const info = c.privates.get(name);
      if (!info || info.isStatic) return null;
      if (info.kind === 'method') return `${ind}log('${L} ctor private', this.${name}(1));`;
      if (info.kind === 'set') return null;
      return `${ind}log('${L} ctor private', this.${name});`;
    }
    case 'helper':
      return `${ind}log('${L} ctor helper', note('${L} ctor'));`;
  }
  void ctx;
}

function renderCtor(ctx: Ctx, c: RClass, m: CtorModel, derived: boolean, ind: string): string[] {
  const params = paramsOf(m.params, c, derived || ctx.p.rootDefaultEffects);
  const inner = `${ind}  `;
  const out: string[] = [`${ind}constructor(${params.text}) {`];
  const stmts = (list: CtorStmt[], after: boolean, at: string) =>
    list.map((s) => ctorStmt(ctx, c, s, params, after, at, !derived)).filter((x): x is string => x !== null);
  if (!derived) {
    out.push(...stmts(m.pre, true, inner), ...stmts(m.post, true, inner));
    out.push(`${ind}}`);
    return out;
  }
  out.push(...stmts(m.pre, false, inner));
  const first = params.names[0] ?? 'arguments.length';
  const args = (variant: CtorModel['superArgs']): string => {
    if (c.model.externalBase) {
      // Error(message): keep the message deterministic and printable.
      return `'gen:${c.name} error ' + ${first}`;
    }
    switch (variant) {
      case 'none':
        return '';
      case 'forward':
        return params.names.join(', ');
      case 'arguments':
        return '...arguments';
      case 'transform':
        return `${params.names.length ? first : "'t'"} + 1, '${c.name}'`;
      case 'rest':
        return params.rest ? `...${params.rest}` : '...arguments';
    }
  };
  const a = args(m.superArgs);
  const cond = `${first} === 1`;
  switch (m.superShape) {
    case 'plain':
      out.push(`${inner}super(${a});`);
      break;
    case 'expr':
      out.push(`${inner}const self = super(${a});`, `${inner}log('${c.name} super() returned this:', self === this);`);
      break;
    case 'arrow':
      out.push(`${inner}const init = () => super(${a});`, `${inner}init();`);
      break;
    case 'ifElse':
      out.push(`${inner}if (${cond}) {`, `${inner}  super(${a});`, `${inner}} else {`, `${inner}  super(${args('none')});`, `${inner}}`);
      break;
    case 'ternary':
      out.push(`${inner}${cond} ? super(${a}) : super(${args('transform')});`);
      break;
    case 'earlyReturn':
      out.push(`${inner}if (${cond}) {`, `${inner}  super(${a});`, `${inner}  log('${c.name} ctor early path', this.constructor.name);`, `${inner}  return;`, `${inner}}`, `${inner}super(${args('forward')});`);
      break;
    case 'arrowCond':
      out.push(`${inner}const go = (flag) => (flag ? super(${a}) : super());`, `${inner}go(${cond});`);
      break;
  }
  out.push(...stmts(m.post, true, inner));
  out.push(`${ind}}`);
  return out;
}

// --- main -----------------------------------------------------------------------------------

const ARG_SETS = ['', '1', '2, 5', '3', "{ k: 'kk', j: 'jj' }, 4", '1, 2, 3, 4'];

function renderMain(ctx: Ctx, modules: number[]): string {
  const lines: string[] = [];
  const { classes } = ctx;
  if (ctx.cjs) lines.push(`'use strict';`);
  lines.push(importLine(ctx, ['log', 'attempt', 'attemptAsync', 'show'], './trace.js', null));
  if (ctx.p.uses.some((u) => u.u === 'passedOut')) lines.push(ctx.cjs ? `const assert = require('node:assert');` : `import assert from 'node:assert';`);
  const order = ctx.p.mainReverse ? [...modules].reverse() : modules;
  for (const m of order) {
    const names = classes.filter((c) => c.module === m).map((c) => c.name);
    lines.push(importLine(ctx, [...names, `counterOf${m}`], `./m${m}.js`, null));
  }
  lines.push('');
  lines.push(`log('--- probes');`);
  const at = (i: number) => classes[i % classes.length];
  let n = 0;
  for (const pr of ctx.p.probes) {
    const c = at(pr.cls);
    if (pr.p === 'instance') lines.push(...instanceProbe(c, ARG_SETS[pr.args % ARG_SETS.length], n++, !ctx.cjs));
    else lines.push(...staticProbe(c, classes.some((x) => x.parent === c)));
  }
  for (const u of ctx.p.uses) lines.push(...renderUse(ctx, u, n++));
  lines.push(`log('--- counters', ${modules.map((m) => `counterOf${m}()`).join(', ')});`);
  return lines.join('\n') + '\n';
}

/** Public instance members a class has, own or inherited. */
function instanceSurface(c: RClass): { methods: string[]; accessors: string[]; fields: string[] } {
  const methods = new Set<string>();
  const accessors = new Set<string>();
  const fields = new Set<string>();
  for (const x of chainOf(c)) {
    for (const f of x.model.fields) if (!f.isPrivate && (f.init === 'arrow' || f.init === 'arrowSuper')) fields.add(FIELD_NAMES[f.name % FIELD_NAMES.length]);
    for (const m of x.model.methods) if (!m.isPrivate) methods.add(methodName(m.name));
    for (const a of x.model.accessors) if (!a.isPrivate) accessors.add(ACCESSOR_NAMES[a.name % ACCESSOR_NAMES.length]);
  }
  methods.delete('toString');
  return { methods: [...methods].sort(), accessors: [...accessors].sort(), fields: [...fields].sort() };
}

function instanceProbe(c: RClass, args: string, n: number, canAwait: boolean): string[] {
  const v = `o${n}`;
  const out = [`const ${v} = attempt('new ${c.name}(${args.replace(/'/g, '')})', () => new ${c.name}(${args}));`, `if (${v}) {`];
  const surf = instanceSurface(c);
  for (const m of surf.methods) out.push(`  attempt('${c.name}#${m}', () => ${v}.${m}(${n}));`);
  for (const a of surf.accessors) {
    out.push(`  attempt('${c.name}#${a} get', () => ${v}.${a});`);
    out.push(`  attempt('${c.name}#${a} set', () => { ${v}.${a} = 'w${n}'; return ${v}.${a}; });`);
  }
  const chain = chainOf(c);
  if (chain.some((x) => x.model.iterable)) out.push(`  attempt('${c.name} spread', () => [...${v}]);`);
  if (canAwait && chain.some((x) => x.model.asyncMethod)) out.push(`  await attemptAsync('${c.name}#am', () => ${v}.am(${n}));`);
  for (const f of surf.fields) out.push(`  attempt('${c.name}#${f}()', () => (typeof ${v}.${f} === 'function' ? ${v}.${f}('!') : typeof ${v}.${f}));`);
  out.push(`  attempt('${c.name} String', () => String(${v}));`);
  out.push(`  attempt('${c.name} after', () => ${v});`);
  out.push(`}`);
  return out;
}

function staticProbe(c: RClass, extended: boolean): string[] {
  const L = c.name;
  const out = [`attempt('${L} class', () => [${L}.name, ${L}.length]);`];
  const methods = new Set<string>();
  const fields = new Set<string>();
  let accessor = false;
  let brand = false;
  for (const x of chainOf(c)) {
    for (const m of x.model.staticMethods) if (!m.isPrivate) methods.add(STATIC_METHOD_NAMES[m.name % STATIC_METHOD_NAMES.length]);
    for (const f of x.model.staticFields) if (!f.isPrivate) fields.add(STATIC_FIELD_NAMES[f.name % STATIC_FIELD_NAMES.length]);
    if (x.model.staticBlocks.includes('define')) fields.add('sb');
    if (x.model.staticAccessors.length) accessor = true;
    if (x.model.brand) brand = true;
  }
  for (const m of [...methods].sort()) out.push(`attempt('${L}.${m}()', () => ${L}.${m}());`);
  for (const f of [...fields].sort()) out.push(`attempt('${L}.${f}', () => ${L}.${f});`);
  if (accessor) {
    out.push(`attempt('${L}.sv get', () => ${L}.sv);`);
    // Assigning a static of a class with subclasses is reported (static-patched) by design.
    if (!extended) out.push(`attempt('${L}.sv set', () => { ${L}.sv = 'set via ${L}'; return ${L}.sv; });`);
  }
  if (brand) out.push(`attempt('${L}.brand', () => ${L}.brand(new ${L}(1)));`);
  return out;
}

function renderUse(ctx: Ctx, u: Use, n: number): string[] {
  const at = (i: number) => ctx.classes[i % ctx.classes.length];
  const make = (c: RClass) => `new ${c.name}(1)`;
  switch (u.u) {
    case 'instanceofSelf': {
      const a = at(u.a);
      return [`attempt('${a.name} instanceof itself', () => ${make(a)} instanceof ${a.name});`];
    }
    case 'instanceof': {
      const a = at(u.a);
      const b = at(u.b);
      return [`attempt('${a.name} instanceof ${b.name}', () => ${make(a)} instanceof ${b.name});`];
    }
    case 'isPrototypeOf': {
      const a = at(u.a);
      const b = at(u.b);
      return [`attempt('${b.name}.prototype.isPrototypeOf ${a.name}', () => ${b.name}.prototype.isPrototypeOf(${make(a)}));`];
    }
    case 'getPrototypeOfClass': {
      const a = at(u.a);
      if (a.model.form === 'local' && !ctx.p.reflectLocal) return [];
      return [`attempt('getPrototypeOf(${a.name})', () => Object.getPrototypeOf(${a.name}).name);`];
    }
    case 'protoWalk': {
      const a = at(u.a);
      const b = at(u.b);
      return [
        `attempt('proto walk ${a.name} to ${b.name}', () => {`,
        `  const chain = [];`,
        `  for (let p = Object.getPrototypeOf(${make(a)}); p; p = Object.getPrototypeOf(p)) chain.push(p.constructor.name);`,
        `  return chain.join(' < ') + ' has ${b.name}: ' + chain.includes('${b.name}');`,
        `});`,
      ];
    }
    case 'methodIdentity': {
      const a = at(u.a);
      const b = at(u.b);
      const m = methodName(u.i);
      return [`attempt('${a.name}#${m} === ${b.name}.prototype.${m}', () => ${make(a)}.${m} === ${b.name}.prototype.${m});`];
    }
    case 'ownNames': {
      const a = at(u.a);
      if (a.model.form === 'local' && !ctx.p.reflectLocal) return [];
      return [
        `attempt('own names of ${a.name}.prototype', () => Object.getOwnPropertyNames(${a.name}.prototype).sort());`,
        `attempt('own statics of ${a.name}', () => ['sm', 'sn', 's', 't'].map((k) => k + ':' + Object.hasOwn(${a.name}, k)));`,
      ];
    }
    case 'passedOut': {
      // node:assert asks `thrown instanceof B` in its own code; the program only hands B over.
      const a = at(u.a);
      const b = at(u.b);
      return [`attempt('assert.throws ${a.name} against ${b.name}', () => { try { assert.throws(() => { throw ${make(a)}; }, ${b.name}); return 'matched'; } catch (e) { return e.name; } });`];
    }
    case 'brand': {
      const a = at(u.a);
      const b = at(u.b);
      if (!a.model.brand) return [];
      return [`attempt('${a.name}.brand(new ${b.name})', () => ${a.name}.brand(${make(b)}));`];
    }
  }
  void n;
}

// ---------------------------------------------------------------------------------------------
// Facts about a model, for statistics

export function describeModel(p: ProgramModel): { classes: number; maxDepth: number; modules: number; cjs: boolean } {
  const classes = resolveClasses(p);
  return {
    classes: classes.length,
    maxDepth: Math.max(...classes.map((c) => c.depth)),
    modules: new Set(classes.map((c) => c.module)).size,
    cjs: p.cjs,
  };
}
