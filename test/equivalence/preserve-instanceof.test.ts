import { describe, expect, it } from 'vitest';
import { flatten } from '../../src/index.js';
import { expectEquivalent, expectReported, ORIGINALS_ONLY, runBothWays, writeProject, type BothWays } from '../helpers/equivalence.js';
import { rm } from 'node:fs/promises';

// --preserve-instanceof: original and flattened programs print the same instanceof answers, and the
// report says `info` exactly where the answer is kept (warnings stay where it is not).
const on = { flattenOptions: { preserveInstanceof: true } };

/** Equivalent with the option on; returns the isinstance diagnostics as `severity code`. */
async function isinstanceReport(files: Record<string, string>): Promise<{ run: BothWays | undefined; report: string[] }> {
  const run = await expectEquivalent(files, on);
  const report = (run?.result.diagnostics ?? []).filter((d) => d.category === 'isinstance').map((d) => `${d.severity} ${d.code}`);
  return { run, report };
}

const noWarnings = (report: string[]) => expect(report.filter((r) => !r.startsWith('info'))).toEqual([]);

// Every kind of value a program may test: instances at each depth, plain objects, primitives, null,
// objects made from a prototype, the prototypes themselves.
const PROBE = `
const probe = (label, classes, values) => {
  for (const C of classes) console.log(label, C.name, values.map((v) => { try { return v instanceof C; } catch (e) { return e.constructor.name; } }).join());
};
`;

describe('--preserve-instanceof', () => {
  it('direct and deep flattened subclasses, the base itself, plain objects, primitives, null, Object.create and prototypes (ESM, across modules)', async () => {
    const { report } = await isinstanceReport({
      'src/a.js': `export class A { constructor(x) { this.x = x; } }\n`,
      'src/d.js': `import { A } from './a.js';\nexport class D extends A { get twice() { return this.x * 2; } }\n`,
      'src/e.js': `import { D } from './d.js';\nexport class E extends D {}\nexport class Unrelated {}\n`,
      'src/main.js': `${PROBE}
import { A } from './a.js';
import { D } from './d.js';
import { E, Unrelated } from './e.js';
class F extends E { constructor() { super(3); } }
const values = [new A(1), new D(2), new E(3), new F(), new Unrelated(), {}, Object.create(null), 1, 'a', Symbol.iterator, null, undefined, Object.create(D.prototype), D.prototype, E.prototype, A, () => 1];
probe('chain', [A, D, E, F, Unrelated, Object], values);
console.log(new F().twice);
`,
    });
    noWarnings(report);
    expect(report).toContain('info instanceof-unknown-class');
  });

  it('instanceof a named former ancestor is an info; isPrototypeOf and getPrototypeOf stay warnings', async () => {
    const files = {
      'src/main.js': `
class A {}
class D extends A {}
const d = new D();
console.log(d instanceof A, d instanceof D);
console.log(A.prototype.isPrototypeOf(d));
`,
    };
    const r = await expectReported(files, { category: 'isinstance', code: 'isPrototypeOf-flattened-base' }, on);
    if (!r) return;
    const sev = (code: string) => r.result.diagnostics.filter((d) => d.code === code).map((d) => d.severity);
    expect(sev('instanceof-flattened-base')).toEqual(['info']);
    expect(r.result.diagnostics.find((d) => d.code === 'instanceof-flattened-base')!.message).toContain('D no longer inherits from A, but its generated Symbol.hasInstance recognizes its instances');
    expect(sev('isPrototypeOf-flattened-base')).toEqual(['warning']);
    expect(r.result.diagnostics.find((d) => d.code === 'isPrototypeOf-flattened-base')!.message).toMatch(/--preserve-instanceof does not recover isPrototypeOf/);
    // The answer really differs for isPrototypeOf: the warning is not a false alarm.
    expect(r.flattened.stdout).toBe('true true\nfalse\n');
    expect(r.original.stdout).toBe('true true\ntrue\n');
  });

  it('CommonJS across modules', async () => {
    const { report } = await isinstanceReport({
      'src/package.json': `{ "type": "commonjs" }\n`,
      'src/a.js': `class A { constructor() { this.kind = 'a'; } }\nmodule.exports = { A };\n`,
      'src/d.js': `const { A } = require('./a.js');\nclass D extends A {}\nclass E extends D {}\nmodule.exports = { D, E };\n`,
      'src/main.js': `${PROBE}
const { A } = require('./a.js');
const { D, E } = require('./d.js');
probe('cjs', [A, D, E], [new A(), new D(), new E(), {}, null, 7]);
console.log(new E() instanceof A);
`,
    });
    noWarnings(report);
    expect(report).toContain('info instanceof-flattened-base');
  });

  it('a subclass of a flattened class defined outside the project (in a package) still answers instanceof the former ancestors', async () => {
    const { report } = await isinstanceReport({
      'node_modules/extlib/package.json': `{ "name": "extlib", "type": "module", "main": "index.js" }\n`,
      'node_modules/extlib/index.js': `export function subclass(Base) { return class Ext extends Base { ext() { return 'ext'; } }; }\n`,
      'src/main.js': `${PROBE}
import { subclass } from 'extlib';
class A { a() { return 'a'; } }
class D extends A {}
const Ext = subclass(D);
const ExtOfA = subclass(A);
const e = new Ext();
probe('ext', [A, D, Ext, ExtOfA], [e, new D(), new A(), new ExtOfA(), Ext.prototype]);
console.log(e.a(), e.ext());
`,
    });
    noWarnings(report);
  });

  it('a Symbol.hasInstance the user defined on the base or an ancestor keeps deciding, and stays reported', async () => {
    const files = {
      'src/main.js': `
class R {
  static [Symbol.hasInstance](v) { return v != null && v.tag === 'r'; }
}
class A extends R {}
class D extends A { tag = 'r'; }
class B { static [Symbol.hasInstance](v) { return typeof v === 'number'; } }
class C extends B {}
console.log(new D() instanceof R, new D() instanceof A, new D() instanceof D, ({ tag: 'r' }) instanceof A, ({}) instanceof R);
console.log(new C() instanceof B, 3 instanceof B, 3 instanceof C, new C() instanceof C);
`,
    };
    const r = await expectEquivalent(files, on);
    if (!r) return;
    const codes = r.result.diagnostics.filter((d) => d.category === 'isinstance' && d.severity === 'warning').map((d) => d.code);
    expect(codes).toContain('symbol-has-instance');
    expect(codes).toContain('instanceof-flattened-base');
    // No generated method next to the user's: theirs is the only one.
    expect(r.mirror['main.js']).not.toContain('--preserve-instanceof: instances of');
  });

  it('mixins: an instance is instanceof the mixin base as before, and instanceof a mixin application only per the original', async () => {
    const { report } = await isinstanceReport({
      'src/mixins.js': `
export const Named = (Base) => class extends Base { name() { return 'named'; } };
export const Tagged = (Base) => class extends Base { tag() { return 'tagged'; } };
`,
      'src/main.js': `
import { Named, Tagged } from './mixins.js';
class Model { id = 1; }
class User extends Tagged(Named(Model)) {}
const NamedModel = Named(Model);
const plain = new NamedModel();
const u = new User();
console.log(u instanceof Model, u instanceof User, u instanceof NamedModel, plain instanceof Model, plain instanceof NamedModel, plain instanceof User);
console.log(new Model() instanceof User, new Model() instanceof NamedModel, ({}) instanceof Model);
console.log(u.name(), u.tag(), u.id);
`,
    });
    // NamedModel is a mixin application the tool cannot name: instanceof it stays a warning (see the next test).
    noWarnings(report.filter((r) => r !== 'warning instanceof-unknown-class'));
    expect(report).toContain('info instanceof-flattened-base');
  });

  it('instanceof a value that may be a mixin application stays a warning: that class cannot be named by the lineage', async () => {
    const r = await expectReported({
      'src/main.js': `
const Named = (Base) => class extends Base {};
class Model {}
class User extends Named(Model) {}
const check = (C) => new User() instanceof C;
console.log(check(Model), check(User));
`,
    }, { category: 'isinstance', code: 'instanceof-unknown-class' }, on);
    if (r) {
      expect(r.result.diagnostics.find((d) => d.code === 'instanceof-unknown-class')!.severity).toBe('warning');
      expect(r.flattened.stdout).toBe(r.original.stdout);
    }
  });

  it('a flattened class is itself a former ancestor: it answers for its own instances and its flattened subclasses', async () => {
    await isinstanceReport({
      'src/main.js': `${PROBE}
class A {}
class B extends A {}
class C extends B {}
class D extends C {}
probe('deep', [A, B, C, D], [new A(), new B(), new C(), new D(), C.prototype, Object.create(B.prototype)]);
`,
    });
  });

  it('statics copied into a flattened subclass: its hasInstance checks its own lineage, and an unflattened subclass inheriting the generated method tests itself', async () => {
    if (ORIGINALS_ONLY) return;
    const r = await runBothWays({
      'src/main.js': `${PROBE}
class A { static make() { return new this(); } static label = 'A'; }
class D extends A {}
class E extends D {}
/** @flatten-ignore */
class Kept extends A {}
const values = [new A(), new D(), new E(), D.make(), E.make(), new Kept(), Kept.make(), {}, null];
probe('statics', [A, D, E, Kept], values);
console.log(D.label, E.label, Kept[Symbol.hasInstance] === A[Symbol.hasInstance]);
`,
    }, on);
    expect(r.original.stderr).toBe('');
    expect(r.result.classes.find((c) => c.name === 'Kept')!.flattened).toBe(false);
    expect(r.result.classes.find((c) => c.name === 'E')!.flattened).toBe(true);
    expect(r.flattened.stdout).toBe(r.original.stdout);
    expect(r.original.stdout).toContain('statics Kept false,false,false,false,false,true,true,false,false');
  });

  it('an external base: the ordinary answer still comes from it (Error), through super', async () => {
    await isinstanceReport({
      'src/errors.js': `export class AppError extends Error { constructor(m) { super(m); this.name = 'AppError'; } }\nexport class NotFound extends AppError {}\nexport class Gone extends NotFound {}\n`,
      'src/main.js': `${PROBE}
import { AppError, NotFound, Gone } from './errors.js';
probe('err', [Error, AppError, NotFound, Gone], [new Gone('x'), new NotFound('y'), new AppError('z'), new Error('w'), {}]);
try { throw new Gone('gone'); } catch (e) { console.log(e instanceof AppError, e.message, e.name); }
`,
    });
  });

  it('classes local to a function and created in a loop: each run has its own lineage', async () => {
    await isinstanceReport({
      'src/main.js': `
const made = [];
for (let i = 0; i < 3; i++) {
  class A {}
  class D extends A { i = i; }
  made.push([A, D]);
}
const [[A0, D0], [A1, D1]] = made;
console.log(new D0() instanceof A0, new D1() instanceof A0, new D1() instanceof A1, new D0() instanceof D1, new D1().i);
function scope() {
  class Base {}
  class Sub extends Base {}
  return new Sub() instanceof Base;
}
console.log(scope());
`,
    });
  });

  it('TypeScript: the generated members (typed) run the same', async () => {
    await isinstanceReport({
      'src/shapes.ts': `export abstract class Shape { abstract area(): number; }\nexport class Square extends Shape { constructor(public side: number) { super(); } area(): number { return this.side ** 2; } }\n`,
      'src/main.ts': `
import { Shape, Square } from './shapes.js';
class Big extends Square { constructor() { super(10); } }
const xs: unknown[] = [new Square(2), new Big(), {}, null];
console.log(xs.map((x) => x instanceof Shape).join(), xs.map((x) => x instanceof Square).join(), new Big().area());
`,
    });
  });

  it('a shadowed global Object does not reach the generated code', async () => {
    await isinstanceReport({
      'src/main.js': `
const Object = { getPrototypeOf() { throw new Error('not the global'); }, getOwnPropertyDescriptor() { throw new Error('no'); }, defineProperty() { throw new Error('no'); } };
class A {}
class D extends A {}
console.log(new D() instanceof A, ({}) instanceof A, new A() instanceof D);
`,
    });
  });

  it('the lineage record is a non-enumerable, symbol-keyed property of the flattened prototype', async () => {
    const { run } = await isinstanceReport({
      'src/main.js': `
class A { a = 1; }
class D extends A { d = 2; }
const d = new D();
console.log(Object.keys(d).join(), JSON.stringify(d), Object.getOwnPropertyNames(D.prototype).join(), Object.keys(D.prototype).length);
for (const k in d) console.log('key', k);
console.log({ ...d }.a, Object.assign({}, d).d);
`,
    });
    if (run) expect(run.mirror['main.js']).toContain("static { Object.defineProperty(this.prototype, Symbol.for('flatten-classes.lineage'), { value: [A] }); }");
  });

  it('an anonymous default-exported parent is named through the extends clause; a deeper one that nothing can name stays a warning', async () => {
    const direct = await isinstanceReport({
      'src/base.js': `export default class { hello() { return 'hi'; } }\n`,
      'src/main.js': `${PROBE}
import Base from './base.js';
import * as ns from './ns.js';
class Sub extends Base {}
class Other extends ns.Named {}
probe('anon', [Base, Sub, ns.Named, Other], [new Sub(), new Base(), new Other(), new ns.Named(), {}]);
console.log(new Sub().hello());
`,
      'src/ns.js': `export class Named {}\n`,
    });
    noWarnings(direct.report);
    const r = await runBothWays({
      'src/base.js': `export default class { }\n`,
      'src/mid.js': `import Base from './base.js';\nexport class Mid extends Base {}\n`,
      'src/main.js': `
import Base from './base.js';
import { Mid } from './mid.js';
class Leaf extends Mid {}
console.log(new Leaf() instanceof Mid, new Mid() instanceof Base);
console.log(new Leaf() instanceof Base);
`,
    }, on);
    if (!r) return;
    const diags = r.result.diagnostics.filter((d) => d.code === 'instanceof-flattened-base');
    // Mid is named by Leaf's extends clause (kept); Base is named by Mid's, but Leaf cannot name it: not
    // kept for Leaf's instances, so every instanceof Base stays a warning (even where Mid's answer is right).
    expect(diags.map((d) => `${d.line}:${d.severity}`)).toEqual(['5:info', '5:warning', '6:warning']);
    expect(r.flattened.stdout).toBe('true true\nfalse\n');
    expect(r.original.stdout).toBe('true true\ntrue\n');
  });

  it('without the option the output is exactly the output of a run that never heard of it', async () => {
    if (ORIGINALS_ONLY) return;
    const dir = await writeProject({
      'src/a.js': `export class A { static s = 1; m() { return 1; } }\n`,
      'src/d.js': `import { A } from './a.js';\nexport class D extends A {}\nexport class E extends D {}\nconsole.log(new D() instanceof A);\n`,
    });
    try {
      const absent = await flatten({ cwd: dir });
      const off = await flatten({ cwd: dir, preserveInstanceof: false });
      const withIt = await flatten({ cwd: dir, preserveInstanceof: true });
      const texts = (r: typeof absent) => r.files.map((f) => `${f.outRelPath}\n${f.code ?? '(copy)'}`).join('\n');
      expect(texts(off)).toBe(texts(absent));
      expect(texts(absent)).not.toMatch(/hasInstance|flatten-classes\.lineage/);
      expect(texts(withIt)).toMatch(/hasInstance/);
      expect(off.diagnostics).toEqual(absent.diagnostics);
      expect(absent.diagnostics.find((d) => d.code === 'instanceof-flattened-base')!.severity).toBe('warning');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('--preserve-instanceof and former ancestors passed out of the project', () => {
  it('keeps the answer of an instanceof made outside the project (node:assert), and says so in an info', async () => {
    const { report } = await isinstanceReport({
      'src/main.js': `
import assert from 'node:assert';
class AppError extends Error {}
class NotFound extends AppError {}
for (const E of [NotFound, Error]) {
  try {
    assert.throws(() => { throw new E('missing'); }, AppError);
    console.log(E.name, 'caught as an AppError');
  } catch {
    console.log(E.name, 'not an AppError');
  }
}
`,
    });
    noWarnings(report);
    expect(report).toContain('info former-ancestor-passed-out');
  });
});
