import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

const main = (code: string) => ({ 'src/main.js': code });

describe('accessors', () => {
  it('an inherited get/set pair works on the subclass', async () => {
    await expectEquivalent(
      main(`
class Temp {
  #c = 0;
  get celsius() { return this.#c; }
  set celsius(v) { this.#c = v; }
  get fahrenheit() { return this.#c * 9 / 5 + 32; }
  set fahrenheit(f) { this.#c = (f - 32) * 5 / 9; }
}
class Room extends Temp {}
const r = new Room();
r.celsius = 20;
console.log(r.celsius, r.fahrenheit);
r.fahrenheit = 212;
console.log(r.celsius);
`),
    );
  });

  it('overriding only the getter hides the inherited setter (assignment throws in strict mode)', async () => {
    await expectEquivalent(
      main(`
class A {
  _v = 'a';
  get v() { return this._v; }
  set v(x) { this._v = x; }
}
class B extends A { get v() { return 'B:' + this._v; } }
class C extends B {}
for (const o of [new A(), new B(), new C()]) {
  try { o.v = 'new'; console.log(o.constructor.name, 'assigned', o.v); }
  catch (e) { console.log(o.constructor.name, 'threw', e.name, o.v); }
}
`),
    );
  });

  it('overriding only the setter hides the inherited getter (reads give undefined)', async () => {
    await expectEquivalent(
      main(`
class A {
  _v = 1;
  get v() { return this._v; }
  set v(x) { this._v = x; }
}
class B extends A { set v(x) { this._v = x * 100; } }
class C extends B {}
const c = new C();
c.v = 2;
console.log(c.v, c._v, new A().v);
`),
    );
  });

  it('a getter override reads the base getter through super', async () => {
    await expectEquivalent(
      main(`
class Item { constructor(n) { this.n = n; } get label() { return 'item ' + this.n; } }
class Special extends Item { get label() { return '*' + super.label + '*'; } }
class VerySpecial extends Special { get label() { return '!' + super.label; } }
console.log(new VerySpecial(1).label, new Special(2).label, new Item(3).label);
`),
    );
  });

  it('the nearest accessor wins over a method or accessor of the same name further up', async () => {
    await expectEquivalent(
      main(`
class A { size() { return 'method'; } get kind() { return 'A'; } }
class B extends A { get size() { return 42; } }
class C extends B { get kind() { return 'C'; } }
const c = new C();
console.log(typeof c.size, c.size, c.kind, typeof new A().size);
`),
    );
  });

  it('accessor pairs overridden in the middle of a 3-level chain', async () => {
    await expectEquivalent(
      main(`
class A { get x() { return 'A.get'; } set x(v) { console.log('A.set', v); } }
class B extends A { get x() { return 'B.get'; } set x(v) { console.log('B.set', v); } }
class C extends B {}
const c = new C();
c.x = 1;
console.log(c.x);
`),
    );
  });

  it('the base constructor reads a getter the subclass overrides', async () => {
    await expectEquivalent(
      main(`
class Base {
  constructor() { console.log('constructing a', this.kind); }
  get kind() { return 'base'; }
}
class Derived extends Base { get kind() { return 'derived'; } }
class Leaf extends Derived {}
new Base(); new Derived(); new Leaf();
`),
    );
  });

  it('the base constructor assigns through a setter the subclass overrides', async () => {
    await expectEquivalent(
      main(`
class Base {
  constructor(v) { this.value = v; }
  set value(v) { console.log('Base.set', v); this._v = v; }
  get value() { return this._v; }
}
class Derived extends Base {
  set value(v) { console.log('Derived.set', v); this._v = v * 2; }
  get value() { return this._v; }
}
console.log(new Derived(5).value, new Base(5).value);
`),
    );
  });

  it('static accessors are inherited and see the subclass as this', async () => {
    await expectEquivalent(
      main(`
class Model {
  static get table() { return this.name.toLowerCase() + 's'; }
  static set table(v) { console.log('cannot rename', this.name, 'to', v); }
}
class User extends Model {}
console.log(Model.table, User.table);
User.table = 'people';
`),
    );
  });
});
