import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

const main = (code: string) => ({ 'src/main.js': code });

describe('instance fields', () => {
  it('field initializers run in order, each level before its own constructor body', async () => {
    await expectEquivalent(
      main(`
const log = [];
const note = (s) => (log.push(s), s);
class A { a1 = note('A.a1'); a2 = note('A.a2'); }
class B extends A { b1 = note('B.b1'); }
class C extends B { c1 = note('C.c1'); c2 = note('C.c2'); }
new C();
console.log(log.join(' '));
log.length = 0;
new B();
console.log(log.join(' '));
`),
    );
  });

  it('fields vs constructor bodies across 3 levels with explicit constructors', async () => {
    await expectEquivalent(
      main(`
const log = [];
const note = (s) => { log.push(s); return s; };
class A {
  a = note('A.field');
  constructor() { note('A.ctor'); }
}
class B extends A {
  b = note('B.field');
  constructor() { note('B.before-super'); super(); note('B.after-super'); }
}
class C extends B {
  c = note('C.field');
  constructor() { note('C.before-super'); super(); note('C.after-super ' + this.a + ' ' + this.b + ' ' + this.c); }
}
new C();
console.log(log.join('\\n'));
`),
    );
  });

  it('a subclass field is defined, not assigned: an ancestor setter of the same name is not called', async () => {
    await expectEquivalent(
      main(`
class A {
  get x() { return 'A.getter'; }
  set x(v) { console.log('A.setter called with', v); }
}
class B extends A { x = 5; }
class C extends B {}
const c = new C();
console.log(c.x, Object.getOwnPropertyDescriptor(c, 'x').writable, new A().x);
`),
    );
  });

  it('a base field shadows an accessor the subclass declares on its prototype', async () => {
    await expectEquivalent(
      main(`
class A { kind = 'field-from-A'; }
class B extends A { get kind() { return 'getter-from-B'; } }
const b = new B();
console.log(b.kind, Object.hasOwn(b, 'kind'));
`),
    );
  });

  it('private fields with the same name at two levels stay distinct', async () => {
    await expectEquivalent(
      main(`
class A {
  #x = 'A-secret';
  readA() { return this.#x; }
  setA(v) { this.#x = v; }
}
class B extends A {
  #x = 'B-secret';
  readB() { return this.#x; }
}
class C extends B {}
const c = new C();
console.log(c.readA(), c.readB());
c.setA('changed');
console.log(c.readA(), c.readB());
`),
    );
  });

  it('private methods and accessors with the same name at two levels stay distinct', async () => {
    await expectEquivalent(
      main(`
class A {
  #tag() { return 'A'; }
  get #label() { return 'label-A'; }
  fromA() { return this.#tag() + '/' + this.#label; }
}
class B extends A {
  #tag() { return 'B'; }
  get #label() { return 'label-B'; }
  fromB() { return this.#tag() + '/' + this.#label; }
}
const b = new B();
console.log(b.fromA(), b.fromB());
`),
    );
  });

  it('field initializers reference this and fields of the base', async () => {
    await expectEquivalent(
      main(`
class A {
  base = 21;
  self = this;
}
class B extends A {
  doubled = this.base * 2;
  same = this.self === this;
}
class C extends B { summary = \`\${this.base}/\${this.doubled}/\${this.same}\`; }
console.log(new C().summary);
`),
    );
  });

  it('arrow-function fields capture the instance', async () => {
    await expectEquivalent(
      main(`
class Button {
  constructor(label) { this.label = label; }
  onClick = () => 'clicked ' + this.label;
}
class IconButton extends Button {
  onHover = () => 'hover ' + this.label + ' ' + this.onClick();
}
const b = new IconButton('ok');
const { onClick, onHover } = b;
console.log(onClick(), onHover());
`),
    );
  });

  it('a subclass field without initializer resets a value the base constructor set', async () => {
    await expectEquivalent(
      main(`
class A {
  constructor() { this.init(); }
  init() { this.value = 'set by init'; }
}
class B extends A {
  value;
  init() { this.value = 'set by B.init'; }
}
const b = new B();
console.log(b.value, 'value' in b, new A().value);
`),
    );
  });

  it('the base constructor sees its own field value before the subclass field overrides it', async () => {
    await expectEquivalent(
      main(`
class A {
  kind = 'a';
  constructor() { console.log('A ctor sees', this.kind); }
}
class B extends A {
  kind = 'b';
  constructor() { super(); console.log('B ctor sees', this.kind); }
}
new B();
`),
    );
  });

  it('computed field keys naming constants (a string constant, a symbol)', async () => {
    await expectEquivalent(
      main(`
const KEY = 'dynamicKey';
const SYM = Symbol('sym');
class A { [KEY] = 'first'; [SYM] = 'symbol-field'; ['literal'] = 3; }
class B extends A {}
class C extends B { [KEY] = 'overridden'; }
const c = new C();
console.log(Object.keys(c).join(','), c[KEY], c[SYM], c.literal, new B()[KEY]);
`),
    );
  });

  it('fields using a private field of the same class', async () => {
    await expectEquivalent(
      main(`
class Account {
  #balance = 100;
  shown = 'balance ' + this.#balance;
  get balance() { return this.#balance; }
}
class Savings extends Account { rate = this.balance * 0.05; }
const s = new Savings();
console.log(s.shown, s.rate);
`),
    );
  });

  it('fields of the subclass are set after the base constructor with arguments', async () => {
    await expectEquivalent(
      main(`
class Base {
  constructor(name) { this.name = name; this.created = 'created ' + name; }
}
class WithFields extends Base {
  upper = this.name.toUpperCase();
  tags = [];
}
const w = new WithFields('box');
console.log(w.name, w.created, w.upper, w.tags.length, Object.keys(w).join(','));
`),
    );
  });
});
