import { describe, expect, it } from 'vitest';
import { expectEquivalent, expectReported, ORIGINALS_ONLY, runBothWays } from '../helpers/equivalence.js';
import { rm } from 'node:fs/promises';

const main = (code: string) => ({ 'src/main.js': code });

// Programs whose behaviour flattening legitimately changes: the tool must report them.
describe('reported uses', () => {
  it('x instanceof Base where Base has a flattened subclass (isinstance)', async () => {
    await expectReported(
      main(`
class Base {}
class Sub extends Base {}
const x = new Sub();
console.log(x instanceof Base);
`),
      { category: 'isinstance' },
    );
  });

  it('instanceof on a base imported from another file (isinstance)', async () => {
    await expectReported(
      {
        'src/base.js': `export class Base {}\n`,
        'src/sub.js': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
        'src/main.js': `
import { Base } from './base.js';
import { Sub } from './sub.js';
const items = [new Sub(), {}];
console.log(items.map((i) => i instanceof Base).join(','));
`,
      },
      { category: 'isinstance' },
    );
  });

  it('Base.prototype.isPrototypeOf(x) (isinstance)', async () => {
    await expectReported(
      main(`
class Base {}
class Sub extends Base {}
console.log(Base.prototype.isPrototypeOf(new Sub()));
`),
      { category: 'isinstance' },
    );
  });

  it('#brand in obj inside a base class with a flattened subclass (isinstance)', async () => {
    await expectReported(
      main(`
class Base {
  #brand;
  static isBase(o) { return #brand in o; }
}
class Sub extends Base {}
console.log(Base.isBase(new Sub()), Base.isBase({}));
`),
      { category: 'isinstance' },
    );
  });

  it('Object.getPrototypeOf(Sub) (mro)', async () => {
    await expectReported(
      main(`
class Base {}
class Sub extends Base {}
console.log(Object.getPrototypeOf(Sub) === Base, Object.getPrototypeOf(Sub).name);
`),
      { category: 'mro' },
    );
  });

  it('Object.getPrototypeOf(Sub.prototype) (mro)', async () => {
    await expectReported(
      main(`
class Base {}
class Sub extends Base {}
console.log(Object.getPrototypeOf(Sub.prototype) === Base.prototype);
`),
      // A warning: it was only the info for an unknown object until X.prototype counted as a question about X.
      { category: 'mro', code: 'getprototypeof-flattened' },
    );
  });

  it('Base.prototype.extra = function () {} after the definition (mro)', async () => {
    await expectReported(
      main(`
class Base { hi() { return 'hi'; } }
class Sub extends Base {}
Base.prototype.extra = function () { return 'patched ' + this.hi(); };
console.log(new Sub().extra());
`),
      { category: 'mro' },
    );
  });

  // Found by rxjs-style TypeScript (`(X.prototype as any).m = …`): the wrapper hid the patch, a silent change.
  for (const [what, patch] of [
    ['as any', '(Base.prototype as any).greet = () => "patched";'],
    ['an angle-bracket assertion', '(<any>Base).prototype.greet = () => "patched";'],
    ['a non-null assertion', 'Base.prototype!.greet = () => "patched";'],
    ['satisfies', 'Object.defineProperty(Base.prototype satisfies object, "greet", { value: () => "patched" });'],
  ]) {
    it(`a prototype patch through TypeScript's ${what} (mro)`, async () => {
      const r = await expectReported(
        {
          'src/base.ts': `export class Base {\n  greet(): string { return 'base'; }\n}\n${patch}\n`,
          'src/sub.ts': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
          'src/main.ts': `import { Sub } from './sub.js';\nconsole.log(new Sub().greet());\n`,
        },
        { category: 'mro', code: 'prototype-patched' },
      );
      if (r && !ORIGINALS_ONLY) expect(r.flattened.stdout).not.toBe(r.original.stdout);
    });
  }

  it("a static assigned through TypeScript's `as any` after the definition (mro)", async () => {
    const r = await expectReported(
      {
        'src/base.ts': `export class Base {\n  static count = 1;\n}\n(Base as any).count = 5;\n`,
        'src/sub.ts': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
        'src/main.ts': `import { Sub } from './sub.js';\nconsole.log(Sub.count);\n`,
      },
      { category: 'mro', code: 'static-patched' },
    );
    if (r && !ORIGINALS_ONLY) expect(r.flattened.stdout).not.toBe(r.original.stdout);
  });

  it('instanceof against a former ancestor through an alias exported from its module (`export const B = Base`): named as that class', async () => {
    const r = await expectReported(
      {
        'src/base.js': `export class Base {}\nexport class Sub extends Base {}\nexport const B = Base;\n`,
        'src/main.js': `import { B, Sub } from './base.js';\nconsole.log(new Sub() instanceof B);\n`,
      },
      { category: 'isinstance', code: 'instanceof-flattened-base' },
    );
    if (r && !ORIGINALS_ONLY) expect(r.flattened.stdout).not.toBe(r.original.stdout);
  });

  it('Object.setPrototypeOf on a flattened class (mro)', async () => {
    await expectReported(
      main(`
class Base { a() { return 'a'; } }
class Sub extends Base {}
class Other { a() { return 'other a'; } }
Object.setPrototypeOf(Sub.prototype, Other.prototype);
console.log(new Sub().a());
`),
      { category: 'mro' },
    );
  });

  it('super.x = 1 (super)', async () => {
    await expectReported(
      main(`
class Base { }
class Sub extends Base {
  setIt() { super.x = 1; return this.x; }
}
console.log(new Sub().setIt());
`),
      { category: 'super' },
    );
  });

  it('a static of the base assigned after definition, read through the subclass (mro)', async () => {
    await expectReported(
      main(`
class Counter {
  static count = 0;
  static bump() { Counter.count++; }
}
class Sub extends Counter {}
Counter.bump();
Counter.count = 10;
console.log(Counter.count, Sub.count);
`),
      { category: 'mro' },
    );
  });

  it('a static written through this in an inherited static method (mro)', async () => {
    await expectReported(
      main(`
class Registry {
  static items = 0;
  static add() { this.items = this.items + 1; return this.items; }
}
class Sub extends Registry {}
Registry.add();
console.log(Sub.add(), Sub.add(), Registry.items, Sub.items);
`),
      { category: 'mro' },
    );
  });

  it('a computed field key with side effects cannot be copied (unsupported)', async () => {
    await expectReported(
      main(`
let evaluations = 0;
const key = () => { evaluations++; return 'k' + evaluations; };
class A { [key()] = 'first'; }
class B extends A {}
console.log(Object.keys(new B()).join(','), evaluations);
`),
      { category: 'unsupported' },
    );
  });
});

describe('reflection over own properties of flattened classes', () => {
  it('Object.getOwnPropertyNames(Sub.prototype) sees inherited members as own after flattening (mro)', async () => {
    await expectReported(
      {
        'src/main.js': `
class Base { hello() { return 'hi'; } }
class Sub extends Base { bye() { return 'bye'; } }
console.log(Object.getOwnPropertyNames(Sub.prototype).join(','), new Sub().hello());
`,
      },
      { category: 'mro', code: 'own-properties-changed' },
    );
  });
});

describe('reports that must be given, and only where they matter', () => {
  it('Object.is on an inherited static method and the ancestor one (mro)', async () => {
    await expectReported(
      main(`
class Base { static create() { return new this(); } }
class Sub extends Base {}
console.log(Object.is(Sub.create, Base.create));
`),
      { category: 'mro', code: 'method-identity-changed' },
    );
  });

  it('an "is it overridden?" test against the ancestor prototype method (mro)', async () => {
    await expectReported(
      main(`
class Base {
  update() {}
  describe() { return this.update !== Base.prototype.update ? 'overridden' : 'inherited'; }
}
class Sub extends Base {}
console.log(new Sub().describe());
`),
      { category: 'mro', code: 'method-identity-changed' },
    );
  });

  it('super.x += 1 where the nearest ancestor accessor has only a setter (super)', async () => {
    await expectReported(
      main(`
class Base { set value(v) { console.log('set', v); } }
class Sub extends Base {
  bump() { super.value += 1; }
}
new Sub().bump();
`),
      { category: 'super', code: 'super-assignment' },
    );
  });

  it('a private field written by a downcall from the ancestor constructor (isinstance)', async () => {
    await expectReported(
      main(`
class Base {
  constructor() { this.init(); }
  init() {}
}
class Sub extends Base {
  #ready = false;
  init() {
    try { this.#ready = true; console.log('set early'); } catch (e) { console.log(e.name); }
  }
}
new Sub();
`),
      { category: 'isinstance', code: 'private-field-early-access' },
    );
  });

  // A field initializer of an ancestor with a constructor is copied once per flattened class: its
  // diagnostics come once per class too (a second copy for the parameter-property order doubled them).
  it('super.m read as a value in an ancestor field initializer: one warning per flattened class', async () => {
    const r = await expectReported(
      main(`
class Base { m() { return 1; } }
class Mid extends Base {
  f = super.m;
  constructor() { super(); }
}
class Sub extends Mid {}
console.log(new Sub().f(), new Mid().f === Base.prototype.m);
`),
      { category: 'super', code: 'super-method-value' },
    );
    if (r) expect(r.result.diagnostics.filter((d) => d.code === 'super-method-value').map((d) => `${d.line}:${d.column} ${d.classes?.[0]}`).sort()).toEqual(['4:7 Mid', '4:7 Sub']);
  });

  it('no warning for private fields, identity or getPrototypeOf uses that cannot change', async () => {
    const r = await expectEquivalent(
      main(`
class Base {
  constructor(name) { this.name = name; }
  greet() { return 'hi ' + this.name; }
}
class Sub extends Base {
  #count = 0;
  bump() { return ++this.#count; }
}
const s = new Sub('s');
const proto = Object.getPrototypeOf(s);
console.log(s.bump(), s.greet(), proto === Sub.prototype, s.bump === Sub.prototype.bump);
console.log(s.name === Base.name, String(Object.getPrototypeOf({}) === Object.prototype));
`),
    );
    if (r) expect(r.result.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.code)).toEqual([]);
  });
});

// A former ancestor handed to code outside the project (scan/passed-out.ts): that code may test
// instanceof against it, which no run scans.
describe('former ancestors passed out of the project', () => {
  // A global test helper, as jest's and vitest's `expect` are: defined by a setup file, called bare.
  const setup = `globalThis.expect = (v) => ({ toBeInstanceOf: (C) => console.log(C.name, v instanceof C) });\n`;

  it('a global callee (a jest-style expect in a test file) is reported', async () => {
    await expectReported(
      {
        'src/setup.js': setup,
        'src/errors.js': `export class AppError extends Error {}\nexport class NotFound extends AppError {}\n`,
        'src/main.js': `import './setup.js';\nimport * as errors from './errors.js';\nimport { AppError, NotFound } from './errors.js';\nexpect(new NotFound()).toBeInstanceOf(AppError);\nexpect(new NotFound()).toBeInstanceOf(errors.AppError);\n`,
      },
      { category: 'isinstance', code: 'former-ancestor-passed-out' },
    );
  });

  it('is silent where the class goes to project code, to a harmless global, is the subject of a fluent assertion, or is no former ancestor', async () => {
    if (ORIGINALS_ONLY) return;
    const r = await runBothWays({
      'src/check.js': `export function check(x, C) { return x instanceof C; }\n`,
      'src/setup.js': `globalThis.expect = (v) => ({ toBeDefined: () => console.log(typeof v) });\n`,
      'src/main.js': `import './setup.js';
import { check } from './check.js';
class Base {}
class Sub extends Base {}
class Leaf {}
const local = (C) => C.name;
console.log(new Map([[Base, 1]]).size, Object.keys(Base).length, local(Base), typeof Base);
console.log(check(new Sub(), Sub), String(Leaf).length > 0);
expect(Base).toBeDefined();
`,
    });
    const codes = r.result.diagnostics.map((d) => d.code);
    expect(codes).not.toContain('former-ancestor-passed-out');
    // The project function's own instanceof is what is reported.
    expect(codes).toContain('instanceof-unknown-class');
    expect(r.flattened.stdout).toBe(r.original.stdout);
    await rm(r.projectDir, { recursive: true, force: true });
  });
});
