import { describe, it } from 'vitest';
import { expectEquivalent, expectSameOrReported } from '../helpers/equivalence.js';

// Programs whose mirror behaved differently from the original while the report said nothing (third
// probe: keys every class owns, globals shadowed in the destination). Each is now the same, or left as
// it was and reported.

describe('keys every class defines itself hide an ancestor’s member of that key', () => {
  it('an ancestor’s `[\'constructor\']() {}` is not copied (instances kept their own constructor)', async () => {
    await expectEquivalent({
      'src/main.js': `class A { ['constructor']() { return 'method'; } get ['constructor']() { return 'getter'; } }
class B extends A { n() { return this.constructor === B; } }
class C extends B {}
const c = new C();
console.log(c.constructor === C, c.constructor.name, new B().n(), typeof A.prototype.constructor);`,
    });
  });

  it('an ancestor’s static `name` and `length` (methods, fields, computed keys) are not copied', async () => {
    await expectEquivalent({
      'src/main.js': `class A { static name() { return 'n'; } static length = 42; }
class B extends A {}
class P { static ['name'] = 'Pfield'; static ['length']() { return 'len'; } }
class Q extends P { constructor(a, b) { super(); } }
console.log(typeof B.name, B.name, B.length, Q.name, typeof Q.length, Q.length, typeof A.name, A.length);`,
    });
  });

  it('a computed key that a `const` names (`const K = \'constructor\'`) too', async () => {
    await expectEquivalent({
      'src/main.js': `const K = 'constr' + 'uctor', N = 'name', L = \`length\`;
class A { [K]() { return 'm'; } static [N]() { return 'n'; } static [L] = 5; other() { return 'o'; } }
class B extends A {}
console.log(new B().constructor === B, typeof B.name, B.length, new B().other());`,
    });
  });
});

describe('globals shadowed in the destination', () => {
  it('copied code reading a global the destination declares, where it declares `globalThis` too: refused', async () => {
    await expectSameOrReported({
      'src/base.js': `export class Base { keys() { return Object.keys(this).join(','); } u(x) { return x === undefined; } }`,
      'src/main.js': `import { Base } from './base.js';
class Sub extends Base { constructor() { super(); this.q = 1; } }
console.log(new Sub().keys(), new Sub().u());
var undefined = 'U';
const globalThis = { Object: { keys: () => ['shadowG'] } };
var Object = { keys: () => ['shadow'] };`,
    }, 'cannot-flatten');
  });
});

describe('field initializers moved into the constructor', () => {
  it('a parenthesized comma expression keeps its parentheses (`a = (f(), 1)` became `this.a = f(), 1`)', async () => {
    await expectEquivalent({
      'src/main.js': `const log = [];
class A { a = (log.push('x'), 1); b = (0, 2); #c = (0, 3); get c() { return this.#c; } static s = (log.push('s'), 3); }
class B extends A { d = (log.push('d'), 'd'); }
class C extends B { get d() { return 'getter'; } set d(v) {} }
const c = new C(); console.log(c.a, c.b, c.c, Object.getOwnPropertyDescriptor(c, 'd').value, C.s, log.join());`,
    });
  });

  it('TypeScript legacy fields too', async () => {
    await expectEquivalent({
      'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2020', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
      'src/main.ts': `const log: string[] = [];
class A { a = (log.push('x'), 10); }
class B extends A { b = (log.push('y'), 20); }
class C extends B {}
const c = new C(); console.log(c.a, c.b, log.join());`,
    });
  });
});

describe('classes inside `with` (sloppy scripts)', () => {
  const entry = { entry: 'src/main.cjs' };
  it('a subclass inside `with (o)`: copied code would look its free names up on o; refused', async () => {
    await expectSameOrReported({
      'src/main.cjs': `class A { m() { return typeof helper === 'undefined' ? 'none' : helper(); } }
const scope = { helper: () => 'from-with' };
let B;
with (scope) { B = class extends A { n() { return 'n'; } }; }
console.log(new B().m(), new B().n());`,
    }, 'cannot-flatten', entry);
  });

  it('both inside one `with` block: refused too', async () => {
    await expectSameOrReported({
      'src/main.cjs': `const scope = { helper: () => 'from-with' };
function helper() { return 'outer'; }
with (scope) {
  class A { m() { return helper(); } }
  class B extends A { n() { return 'n'; } }
  console.log(new B().m(), new B().n());
}`,
    }, 'cannot-flatten', entry);
  });
});
