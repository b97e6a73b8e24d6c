import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

describe('names keep their meaning when code moves', () => {
  it('a base using a module-local helper and a module-local counter, subclass in another file', async () => {
    await expectEquivalent({
      'src/shapes/shape.js': `
let counter = 0;
function nextId(kind) { counter += 1; return kind + '#' + counter; }
export class Shape {
  constructor(kind) { this.id = nextId(kind); }
  describe() { return this.id + ' area=' + this.area(); }
  area() { return 0; }
}
export const created = () => counter;
`,
      'src/shapes/circle.js': `
import { Shape } from './shape.js';
export class Circle extends Shape {
  constructor(r) { super('circle'); this.r = r; }
  area() { return Math.round(Math.PI * this.r * this.r); }
}
`,
      'src/main.js': `
import { Shape, created } from './shapes/shape.js';
import { Circle } from './shapes/circle.js';
const shapes = [new Shape('blob'), new Circle(1), new Shape('dot'), new Circle(2)];
for (const s of shapes) console.log(s.describe());
console.log('created', created());
`,
    });
  });

  it('helpers with the same name in both files keep meaning their own file’s helper', async () => {
    await expectEquivalent({
      'src/base.js': `
function fmt(x) { return 'base-fmt(' + x + ')'; }
const LIMIT = 1;
export class Base {
  show(x) { return fmt(x) + ' limit=' + LIMIT; }
}
`,
      'src/sub.js': `
import { Base } from './base.js';
function fmt(x) { return 'sub-fmt[' + x + ']'; }
const LIMIT = 99;
export class Sub extends Base {
  own(x) { return fmt(x) + ' limit=' + LIMIT; }
}
`,
      'src/main.js': `
import { Sub } from './sub.js';
const s = new Sub();
console.log(s.show(1));
console.log(s.own(2));
`,
    });
  });

  it('a base importing a helper from a third file the subclass file does not import', async () => {
    await expectEquivalent({
      'src/util/math.js': `
export function round(x, digits = 2) { const f = 10 ** digits; return Math.round(x * f) / f; }
`,
      'src/money.js': `
import { round } from './util/math.js';
export class Money {
  constructor(amount) { this.amount = round(amount); }
  plus(x) { return new this.constructor(this.amount + x); }
}
`,
      'src/euro.js': `
import { Money } from './money.js';
const round = (x) => 'not the math round: ' + x;
export class Euro extends Money {
  toString() { return this.amount + ' EUR (' + round(1) + ')'; }
}
`,
      'src/main.js': `
import { Euro } from './euro.js';
console.log(String(new Euro(1.005).plus(2.3333)));
`,
    });
  });

  it('a base imported through a namespace import: extends geo.Base', async () => {
    await expectEquivalent({
      'src/geo.js': `
const UNITS = 'm';
export class Base {
  constructor(x, y) { this.x = x; this.y = y; }
  where() { return '(' + this.x + ',' + this.y + ')' + UNITS; }
}
export const origin = () => new Base(0, 0);
`,
      'src/point.js': `
import * as geo from './geo.js';
export class Point extends geo.Base {
  dist() { return Math.hypot(this.x, this.y); }
  describe() { return this.where() + ' d=' + this.dist() + ' origin=' + geo.origin().where(); }
}
`,
      'src/main.js': `
import { Point } from './point.js';
console.log(new Point(3, 4).describe());
`,
    });
  });

  it('a base re-exported through a barrel index.js', async () => {
    await expectEquivalent({
      'src/models/base.js': `
const stamp = () => 'v1';
export class Model { version() { return stamp(); } save() { return 'saved ' + this.constructor.name; } }
`,
      'src/models/index.js': `
export { Model } from './base.js';
export { Model as BaseModel } from './base.js';
`,
      'src/user.js': `
import { BaseModel } from './models/index.js';
export class User extends BaseModel { constructor(n) { super(); this.n = n; } }
`,
      'src/main.js': `
import { User } from './user.js';
const u = new User('ann');
console.log(u.n, u.version(), u.save());
`,
    });
  });

  it('a default-exported base imported under another name', async () => {
    await expectEquivalent({
      'src/animal.js': `
const sound = 'generic noise';
export default class Animal {
  speak() { return this.constructor.name + ' makes ' + sound; }
}
`,
      'src/dog.js': `
import Creature from './animal.js';
const sound = 'woof';
export default class Dog extends Creature {
  bark() { return sound + ' / ' + this.speak(); }
}
`,
      'src/main.js': `
import Dog from './dog.js';
console.log(new Dog().bark());
`,
    });
  });

  it('an anonymous default-exported base class', async () => {
    await expectEquivalent({
      'src/base.js': `
export default class {
  hello() { return 'hello from the anonymous base'; }
}
`,
      'src/sub.js': `
import Base from './base.js';
export class Sub extends Base { hi() { return this.hello() + '!'; } }
`,
      'src/main.js': `
import { Sub } from './sub.js';
console.log(new Sub().hi());
`,
    });
  });

  it('a base that refers to itself by name, used from a file that imports it under an alias', async () => {
    await expectEquivalent({
      'src/shape.js': `
export class Shape {
  static instances = 0;
  constructor() { Shape.instances++; this.n = Shape.instances; }
}
`,
      'src/square.js': `
import { Shape as S } from './shape.js';
const Shape = 'a string that shadows nothing in shape.js';
export class Square extends S { label() { return Shape.length + ':' + this.n; } }
`,
      'src/main.js': `
import { Shape } from './shape.js';
import { Square } from './square.js';
const a = new Square(), b = new Square(), c = new Shape();
console.log(a.n, b.n, c.n, Shape.instances, a.label());
`,
    });
  });

  it('a base module with side effects still runs when only the subclass is imported', async () => {
    await expectEquivalent({
      'src/base.js': `
console.log('base.js evaluated');
export class Base { hi() { return 'hi'; } }
`,
      'src/sub.js': `
import { Base } from './base.js';
console.log('sub.js evaluated');
export class Sub extends Base {}
`,
      'src/main.js': `
import { Sub } from './sub.js';
console.log(new Sub().hi());
`,
    });
  });

  it('a base and subclass declared inside a function, the base capturing a local', async () => {
    await expectEquivalent({
      'src/main.js': `
function makeClasses(prefix) {
  let made = 0;
  class Base {
    constructor() { made++; }
    name() { return prefix + '-' + made; }
  }
  class Sub extends Base { name() { return 'sub:' + super.name(); } }
  return { Base, Sub };
}
const one = makeClasses('one');
const two = makeClasses('two');
new one.Base();
console.log(new one.Sub().name(), new two.Sub().name(), new two.Base().name());
`,
    });
  });

  it('a name the base uses is shadowed where the subclass is declared', async () => {
    await expectEquivalent({
      'src/main.js': `
const helper = () => 'module helper';
class Base { run() { return helper(); } }
function scope() {
  const helper = () => 'local helper';
  class Sub extends Base { own() { return helper(); } }
  return new Sub();
}
const s = scope();
console.log(s.run(), '|', s.own());
`,
    });
  });

  it('class expressions: const A = class {} and const B = class extends A {}', async () => {
    await expectEquivalent({
      'src/main.js': `
const A = class {
  hello() { return 'A.hello from ' + this.constructor.name; }
};
const B = class extends A { bye() { return 'bye'; } };
const C = class Named extends B { hello() { return 'Named:' + super.hello(); } };
class D extends C {}
console.log(new B().hello(), new B().bye(), new C().hello(), new D().hello(), C.name);
`,
    });
  });

  it('import.meta.url in copied base code still names the base module', async () => {
    await expectEquivalent({
      'src/lib/base.js': `
export class Base {
  where() { return new URL(import.meta.url).pathname.split('/').slice(-2).join('/'); }
}
`,
      'src/app/sub.js': `
import { Base } from '../lib/base.js';
export class Sub extends Base { here() { return new URL(import.meta.url).pathname.split('/').slice(-2).join('/'); } }
`,
      'src/main.js': `
import { Sub } from './app/sub.js';
const s = new Sub();
console.log(s.where(), s.here());
`,
    });
  });

  it('a chain spread over three files with a different helper named `log` in each', async () => {
    await expectEquivalent({
      'src/a.js': `
const log = (m) => 'a.log:' + m;
export class A { fromA() { return log('A'); } }
`,
      'src/b.js': `
import { A } from './a.js';
const log = (m) => 'b.log:' + m;
export class B extends A { fromB() { return log('B') + ' ' + this.fromA(); } }
`,
      'src/c.js': `
import { B } from './b.js';
const log = (m) => 'c.log:' + m;
export class C extends B { fromC() { return log('C') + ' ' + this.fromB(); } }
`,
      'src/main.js': `
import { C } from './c.js';
console.log(new C().fromC());
`,
    });
  });
});
