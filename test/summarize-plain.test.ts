// The first summary of a file with classes is made without Babel's traverse (scan/summarize-plain.ts,
// its scopes by scan/scope.ts). The Babel-based summary is the oracle: every field must come out the
// same, on generated programs (test/summarize-fast-path.test.ts compares 250 more, with another seed) and
// on hand-written scoping cases (Babel's model of scopes, quirks included).
import fc from 'fast-check';
import { LitePath } from '../src/scan/scope.js';
import { describe, expect, it } from 'vitest';
import { programArb, renderProgram } from './fuzz/generate.js';
import { parseSource } from '../src/scan/parse.js';
import { summarizeModule } from '../src/scan/summarize.js';
import { comparableSummary } from '../src/scan/summary-compare.js';
import type { ModuleInfo } from '../src/scan/module-info.js';

type Outcome = ModuleInfo | Error;

function summarize(file: string, code: string, babel: boolean): Outcome {
  const parsed = parseSource(file, code);
  if (!parsed.ok) throw new Error(parsed.error.message);
  try {
    return summarizeModule(file, file.slice(1), code, parsed.ast, parsed.isModule, babel ? { alwaysTraverse: true, keepTree: true } : { keepTree: true });
  } catch (e) {
    return e as Error;
  }
}

/** Summarized plainly: its program path is made on first read (a Babel summary has it already). */
const plainly = (m: ModuleInfo) => Object.getOwnPropertyDescriptor(m, 'programPath')?.get !== undefined;

function expectSame(file: string, code: string): ModuleInfo | null {
  const plain = summarize(file, code, false);
  const babel = summarize(file, code, true);
  if (babel instanceof Error) {
    expect(plain).toBeInstanceOf(Error);
    expect((plain as Error).message).toBe(babel.message);
    return null;
  }
  if (plain instanceof Error) throw plain;
  expect(comparableSummary(plain), `${file}:\n${code}`).toEqual(comparableSummary(babel));
  return plain;
}

const cases: Array<[string, string, string?]> = [
  ['TypeScript wrappers around a prototype or a class', `
    import { Base } from './base';
    class Local {}
    (Base.prototype as any).greet = () => 1;
    (<any>Base).prototype.other = 1;
    (Local.prototype!).x = 2;
    (Local as any).stat = 3;
    Object.defineProperty(Base.prototype as object, 'k', { value: 1 });
    (Base.prototype satisfies object).isPrototypeOf(o);
    f === (Local.prototype as any).m;`, '/p/m.ts'],
  ['shadowing in blocks', `
    class A {}
    { class A {} x instanceof A; }
    { let A = 1; y instanceof A; }
    z instanceof A;`],
  ['catch params', `
    class E {}
    try {} catch (E) { e instanceof E; }
    try {} catch ({ E }) { e instanceof E; }
    try {} catch { e instanceof E; }`],
  ['function in a block', `
    class F {}
    { function F() {} a instanceof F; }
    b instanceof F;
    if (c) function G() {}
    c instanceof G;`],
  ['a class name inside its own body', `
    class Self { static make(x) { return x instanceof Self; } m() { return Object.getPrototypeOf(Self); } }
    const Expr = class Inner { is(x) { return x instanceof Inner; } };
    const Outer = class { is(x) { return x instanceof Outer; } };
    let Changed = class { is(x) { return x instanceof Changed; } };
    Changed = null;`],
  ['var in nested blocks and loops', `
    class V {}
    function f() { { { var V2 = V; } } return a instanceof V2; }
    function g() { for (;;) { var V3 = V; break; } return a instanceof V3; }
    function h() { while (x) { var V4; } V4 = V; return a instanceof V4; }
    for (var k in o) k instanceof V;
    for (const V of list) V instanceof V;`],
  ['default-parameter scope', `
    class D {}
    function f(a = x instanceof D) { var D = 1; return a; }
    function g(D, b = x instanceof D) { return b; }
    function h(b = x instanceof h) { return b; }
    const e = function named(c = y instanceof named) { var named; };
    function k({ a } = x instanceof D) { let D; }`],
  ['for-loop let', `
    class L {}
    for (let L = 0; L < 1; L++) x instanceof L;
    for (let i = 0, L = class {}; i < 1; i++) y instanceof L;
    x instanceof L;`],
  ['labels', `
    class Label {}
    Label: for (;;) { x instanceof Label; break Label; }
    outer: { y instanceof Label; }`],
  ['arguments and this', `
    class T { m() { return arguments instanceof T || this instanceof T; } static s() { return this.x === this.constructor.prototype.m; } }
    const arrow = () => arguments instanceof T;
    function plain() { return arguments instanceof T; }`],
  ['a script that declares arguments', `
    class T {}
    var arguments = T;
    function f() { return x instanceof arguments; }
    const g = () => x instanceof arguments;`, '/p/m.cjs'],
  ['switch discriminant and method keys', `
    class K {}
    switch (x instanceof K) { case 1: let K = 2; y instanceof K; }
    class M { [x instanceof M]() {} @dec(K) m() {} [y instanceof P](P) {} }`],
  ['aliases, made classes, factories', `
    class A {}
    const B = A, C = B;
    let D = A; D = null;
    const { E } = A;
    function make() { class Local extends A {} return Local; }
    const Made = make();
    const Mix = (Base) => class extends Base {};
    const Mixed = Mix(A);
    class G extends Mix(B) {}
    x instanceof C; y instanceof D; z instanceof E; w instanceof Made; v instanceof Mixed;
    C.extra = 1; Made.prototype.m = 1; Object.defineProperty(Made.prototype, 'q', {});`],
  ['getPrototypeOf walks', `
    class P {}
    let p = Object.getPrototypeOf(P);
    p = Object.getPrototypeOf(p);
    Object.getPrototypeOf(p);
    var q; q = Object.getPrototypeOf(P); Object.getPrototypeOf(q);
    function f(Object) { return Object.getPrototypeOf(P); }`],
  ['shadowed globals', `
    class S {}
    function f() { const Object = {}; return Object.keys(S); }
    function g(Reflect) { return Reflect.ownKeys(S); }
    Object.keys(S.prototype); Reflect.ownKeys(S);`],
  ['hoisting', `
    x instanceof Later;
    f instanceof Fn;
    class Later {}
    function Fn() {}
    var Later2 = class {};
    y instanceof Later2;`],
  ['imports and requires', `
    import Def, { A as B, type T } from './a';
    import * as ns from './ns';
    const R = require('./r');
    const { S } = require('./s');
    class X extends B {}
    class Y extends ns.Base {}
    class Z extends R {}
    x instanceof Def; y instanceof T; z instanceof S; w instanceof ns.Q;
    function f(B) { return q instanceof B; }`, '/p/m.ts'],
  ['a name declared twice (import-equals, then const: a reassignment to Babel)', `
    import X = require('./x');
    const X = 1;
    class D extends X {}
    declare class K {}
    class K {}
    y instanceof K;`, '/p/m.ts'],
  ['TypeScript: namespaces, enums, declare, type-only, parameter properties, import-equals', `
    import type { TA } from './ta';
    import { type TB, C } from './c';
    import Eq = require('./eq');
    import Alias = ns.inner;
    declare const G: any;
    declare class DeclaredBase {}
    declare function df(): void;
    declare global { interface Window { w: number } }
    declare module 'mod' { export class InMod {} }
    enum Color { Red, Green }
    const enum CE { A }
    namespace NS { export class Inner {} export const v = 1; var hidden = Inner; x instanceof hidden; }
    namespace NS { y instanceof Inner; }
    module Legacy { export class L {} }
    interface I { m(): void }
    type TT = typeof C;
    abstract class Base<T> implements I { constructor(private readonly p: number, public q = p) {} m() { return this.p instanceof Base; } }
    class D1 extends Eq {}
    class D2 extends G {}
    class D3 extends DeclaredBase {}
    class D4 extends NS.Inner {}
    class D5 extends (C as any) {}
    class D6 extends C<number> {}
    x instanceof Color; y instanceof TA; z instanceof TB; w instanceof Alias; v instanceof NS; u instanceof I;
    Color.extra = 1; NS.extra = 2;`, '/p/m.ts'],
  ['TypeScript: a class merged with an interface', `
    interface Merged { a: number }
    class Merged {}
    x instanceof Merged;`, '/p/m.ts'],
  ['TypeScript: function overloads and this params', `
    class O {}
    function over(a: string): void;
    function over(a: any) { return a instanceof O; }
    function withThis(this: O, x: unknown) { return x instanceof O; }`, '/p/m.ts'],
  ['static blocks and private brands', `
    class SB { static #p = 1; static { var inner = SB; x instanceof inner; } static is(o) { return #p in o; } }`],
  ['classes handed to code outside the module (passed-out.ts)', `
    import assert from 'node:assert';
    import * as errs from './errors';
    import { Imported } from './i';
    class Base {}
    const Alias = Base;
    const Member = errs.Other;
    const Expr = class Named {};
    function local(c) { return c; }
    assert.throws(f, Base); assert.throws(f, errs.E); expect(x).not.toBeInstanceOf(Imported);
    test.throws(f, { instanceOf: Alias, other: Member }); new Registry([Expr, Base, Base]);
    local(Base); console.log(Base); (function (assert) { assert.ok(Base); })();
    { const Base = 1; expect(Base); } expect(Base).toBeDefined(); expect(x).toBe(Base);`],
  ['CommonJS', `
    const Base = require('./base');
    class A extends Base {}
    module.exports = A;
    module.exports.B = class extends A {};
    exports.C = A;`, '/p/m.cjs'],
];

describe('plain summary', () => {
  for (const [what, code, file = '/p/m.js'] of cases) {
    it(`equals the Babel summary: ${what}`, () => {
      const plain = expectSame(file, code);
      if (plain && plain.classes.length > 0) expect(plainly(plain), 'summarized plainly').toBe(true);
    });
  }

  it('equals the Babel summary on every module of 120 generated programs', () => {
    let plainCount = 0;
    for (const program of fc.sample(programArb(), { numRuns: 120, seed: 7 })) {
      for (const [file, code] of Object.entries(renderProgram(program))) {
        if (!/\.(c|m)?(j|t)s$/.test(file)) continue;
        const plain = expectSame(`/p/${file}`, code);
        if (plain && plain.classes.length > 0 && plainly(plain)) plainCount++;
      }
    }
    expect(plainCount).toBeGreaterThan(120);
  });

  it("makes the plain resolver's paths on first read, over the same tree", () => {
    const code = 'class A {}\nexport class B extends A { m() { return 1; } }\n';
    const parsed = parseSource('/p/m.js', code);
    if (!parsed.ok) throw new Error('parse');
    const m = summarizeModule('/p/m.js', 'm.js', code, parsed.ast, parsed.isModule);
    expect(plainly(m)).toBe(true);
    expect(m.ast).toBe(parsed.ast);
    const b = m.classes[1];
    expect(Object.getOwnPropertyDescriptor(b, 'path')?.get).toBeDefined();
    expect(b.path).toBeInstanceOf(LitePath);
    expect(b.path.node).toBe(b.node);
    expect(m.programPath.node).toBe(parsed.ast.program);
    expect(m.programPath.scope.getBinding('A')?.path.node).toBe(m.classes[0].node);
    expect(m.classes[0].path.parentPath?.isProgram()).toBe(true);
  });

  it('drops the tree of a module without a derived class, and parses it again on first read', () => {
    const code = 'export class A {}\nx instanceof A;\n';
    const parsed = parseSource('/p/m.js', code);
    if (!parsed.ok) throw new Error('parse');
    const m = summarizeModule('/p/m.js', 'm.js', code, parsed.ast, parsed.isModule);
    expect(m.uses).toHaveLength(1);
    expect(m.ast).not.toBe(parsed.ast);
    expect(m.classes[0].path.node).toBe(m.classes[0].node);
  });
});
