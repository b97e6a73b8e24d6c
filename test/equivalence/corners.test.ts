import { describe, expect, it } from 'vitest';
import { expectEquivalent, expectReported } from '../helpers/equivalence.js';

const main = (code: string) => ({ 'src/main.js': code });

// Corners of class semantics (issue #3, item 2) that no other suite covers: each behaves exactly the
// same after flattening, or the class is reported and left as it was.
describe('hard corners of class semantics', () => {
  it('field initializers around statements before super(), at every level', async () => {
    await expectEquivalent(
      main(`
const log = (s) => { console.log(s); return s; };
class Base {
  a = log('Base field a');
  constructor(x) { log('Base ctor ' + x); }
  b = log('Base field b');
}
class Mid extends Base {
  m = log('Mid field m');
  constructor(x) {
    log('Mid before super ' + x);
    if (x > 5) { super(x); log('Mid after super (big)'); return; }
    super(x * 2);
    log('Mid after super');
  }
}
class Sub extends Mid {
  c = log('Sub field c');
  constructor(x) {
    log('Sub before super');
    const y = x + 1;
    super(y);
    log('Sub after super ' + this.c);
  }
  d = log('Sub field d');
}
new Sub(1);
new Sub(9);
`),
    );
  });

  it('an inherited method whose computed key has side effects would be evaluated twice (unsupported)', async () => {
    const r = await expectReported(
      main(`
let n = 0;
const key = (s) => { console.log('key ' + s); return s + (++n); };
class Base {
  [key('m')]() { return 'm'; }
}
class Sub extends Base {}
console.log(new Sub().m1(), n);
`),
      { category: 'unsupported', code: 'computed-member-key' },
    );
    if (r) expect(r.flattened.stdout).toBe(r.original.stdout);
  });

  it('symbol-keyed methods, accessors and statics, with a constant symbol and a well-known one', async () => {
    await expectEquivalent(
      main(`
const ID = Symbol('id');
class Base {
  get [ID]() { return 'id of ' + this.constructor.name; }
  static [ID]() { return 'static id of ' + this.name; }
  get [Symbol.toStringTag]() { return 'Tagged' + this.constructor.name; }
}
class Sub extends Base {}
const s = new Sub();
console.log(s[ID], Sub[ID](), Object.prototype.toString.call(s), String(Object.getOwnPropertySymbols(s).length));
`),
    );
  });

  it('a constructor that returns an object: the class itself keeps it, an ancestor doing it is refused', async () => {
    await expectEquivalent(
      main(`
class Base { constructor() { this.made = 'base'; } }
class Own extends Base {
  constructor(fake) { super(); if (fake) return { fake: true, made: this.made }; }
}
console.log(JSON.stringify(new Own(true)), JSON.stringify(new Own(false)), new Own(false) instanceof Own);
`),
    );
    const r = await expectReported(
      main(`
class Pool { constructor() { return Pool.shared ??= { pooled: true }; } }
class Item extends Pool {}
console.log(JSON.stringify(new Item()), new Item() === new Item());
`),
      { category: 'unsupported', code: 'constructor-returns-value' },
    );
    if (r) expect(r.flattened.stdout).toBe(r.original.stdout);
  });

  it('name and length of classes, constructors, methods and accessors', async () => {
    await expectEquivalent(
      main(`
class Base {
  constructor(a, b) { this.a = a; }
  greet(x, y = 1) { return 'hi'; }
  get val() { return 1; }
  static make(a, ...rest) { return new this(a); }
}
class Sub extends Base {}
class Sub2 extends Base { constructor(q) { super(q); } }
const d = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(new Sub()), 'val') ?? Object.getOwnPropertyDescriptor(Base.prototype, 'val');
console.log(Sub.name, Sub.length, Sub2.name, Sub2.length, Base.length);
console.log(new Sub().greet.name, new Sub().greet.length, Sub.make.name, Sub.make.length, d.get.name);
`),
    );
  });

  it('class expressions whose name is inferred from a binding, an assignment, a property or a default', async () => {
    await expectEquivalent(
      main(`
class Base { who() { return this.constructor.name; } }
const A = class extends Base {};
let L; L = class extends Base {};
const o = { K: class extends Base {} };
const [D = class extends Base {}] = [];
const anonymous = [class extends Base {}][0];
console.log(A.name, L.name, o.K.name, D.name, JSON.stringify(anonymous.name));
console.log(new A().who(), new L().who(), new o.K().who(), new D().who());
`),
    );
  });

  it('classes created in a loop: one class per iteration, each capturing its own variable', async () => {
    await expectEquivalent(
      main(`
class Base {
  constructor(n) { this.n = n; }
  greet() { return 'hi'; }
}
const made = [];
for (const tag of ['x', 'y']) {
  made.push(class extends Base {
    label = tag + this.n;
    tag() { return tag + ':' + super.greet() + ':' + this.label; }
  });
}
console.log(made.map((C, i) => new C(i).tag()).join(), made[0] === made[1]);
`),
    );
  });

  it('a subclass defined before its base in the same scope throws (TDZ): refused, still throws', async () => {
    const r = await expectReported(
      main(`
let made;
try {
  class Sub extends Base { hi() { return 'sub ' + this.base(); } }
  made = new Sub().hi();
} catch (e) { made = e.name; }
console.log(made);
function later() { class Late extends Base {} return new Late().base(); }
class Base { base() { return 'base'; } }
console.log(later());
`),
      { category: 'unsupported', code: 'superclass-before-definition' },
    );
    if (r) {
      expect(r.flattened.stdout).toBe(r.original.stdout);
      // Only the class that runs too early is refused; the one defined later in a function is flattened.
      expect(r.result.classes.filter((c) => c.flattened).map((c) => c.name)).toEqual(['Late']);
    }
  });

  it('TypeScript static code reading an inherited static it redefines later: refused, not a duplicate declaration', async () => {
    const r = await expectReported(
      {
        'src/main.ts': `
class Base {
  static label: string = 'base ' + String(1);
}
class Sub extends Base {
  static early: string = this.label;
  static label: string = 'sub';
}
console.log(Sub.early, Sub.label);
`,
      },
      { category: 'unsupported', code: 'static-read-before-own-definition' },
    );
    if (r) expect(r.flattened.stdout).toBe(r.original.stdout);
  });
});
