import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

const main = (code: string) => ({ 'src/main.js': code });

describe('inherited methods', () => {
  it('a method of the direct base is available on the subclass and sees its `this`', async () => {
    await expectEquivalent(
      main(`
class Animal {
  constructor(name) { this.name = name; }
  greet(other) { return this.name + ' greets ' + other; }
}
class Dog extends Animal {}
const d = new Dog('Rex');
console.log(d.greet('Tom'));
console.log(d.greet.name, d.greet.length);
console.log(new Animal('Cat').greet('Dog'));
`),
    );
  });

  it('the nearest definition wins', async () => {
    await expectEquivalent(
      main(`
class A { who() { return 'A'; } only() { return 'A.only'; } }
class B extends A { who() { return 'B'; } }
class C extends B {}
class D extends C { only() { return 'D.only'; } }
for (const o of [new A(), new B(), new C(), new D()]) console.log(o.constructor.name, o.who(), o.only());
`),
    );
  });

  it('methods from every level of a 4-level chain', async () => {
    await expectEquivalent(
      main(`
class L1 { one() { return 1; } }
class L2 extends L1 { two() { return this.one() + 1; } }
class L3 extends L2 { three() { return this.two() + 1; } }
class L4 extends L3 { four() { return this.three() + 1; } }
const x = new L4();
console.log(x.one(), x.two(), x.three(), x.four());
console.log(new L3().three(), new L2().two());
`),
    );
  });

  it('an override chain where every level calls super', async () => {
    await expectEquivalent(
      main(`
class A { describe() { return 'A'; } }
class B extends A { describe() { return super.describe() + '>B'; } }
class C extends B { describe() { return super.describe() + '>C'; } }
class D extends C {}
console.log(new A().describe(), new B().describe(), new C().describe(), new D().describe());
`),
    );
  });

  it('template method: the base calls a hook the subclass overrides', async () => {
    await expectEquivalent(
      main(`
class Job {
  run() { return ['start', this.step(), 'end'].join(' '); }
  step() { return 'base-step'; }
}
class Build extends Job { step() { return 'compile'; } }
class FastBuild extends Build {}
console.log(new Job().run());
console.log(new Build().run());
console.log(new FastBuild().run());
`),
    );
  });

  it('async methods are inherited and can await super', async () => {
    await expectEquivalent(
      main(`
const tick = () => new Promise((r) => setTimeout(r, 1));
class Loader {
  async load(id) { await tick(); return 'raw:' + id; }
}
class CachingLoader extends Loader {
  cache = new Map();
  async load(id) {
    if (this.cache.has(id)) return 'cached:' + this.cache.get(id);
    const v = await super.load(id);
    this.cache.set(id, v);
    return v;
  }
}
class NamedLoader extends CachingLoader {}
const l = new NamedLoader();
console.log(await l.load(1));
console.log(await l.load(1));
console.log(await new Loader().load(2));
`),
    );
  });

  it('generator methods are inherited and extended with yield* super', async () => {
    await expectEquivalent(
      main(`
class Range {
  constructor(n) { this.n = n; }
  *items() { for (let i = 0; i < this.n; i++) yield i; }
}
class Labelled extends Range {
  *items() { for (const i of super.items()) yield 'item' + i; yield 'done'; }
}
class Short extends Labelled {}
console.log([...new Range(3).items()].join(','));
console.log([...new Labelled(2).items()].join(','));
console.log([...new Short(1).items()].join(','));
`),
    );
  });

  it('async generator methods are inherited', async () => {
    await expectEquivalent(
      main(`
class Source {
  async *stream() { yield 'a'; await null; yield 'b'; }
}
class Upper extends Source {
  async *stream() { for await (const s of super.stream()) yield s.toUpperCase(); }
}
class Logged extends Upper {}
const seen = [];
for await (const s of new Logged().stream()) seen.push(s);
console.log(seen.join(''));
`),
    );
  });

  it('[Symbol.iterator] is inherited (spread, for-of, Array.from)', async () => {
    await expectEquivalent(
      main(`
class Bag {
  constructor(...xs) { this.xs = xs; }
  *[Symbol.iterator]() { yield* this.xs; }
}
class SortedBag extends Bag {
  constructor(...xs) { super(...xs.sort()); }
}
class Last extends SortedBag {}
const b = new Last('c', 'a', 'b');
console.log([...b].join(''));
for (const x of b) console.log('x', x);
console.log(Array.from(new Bag(3, 1, 2)).join(''));
`),
    );
  });

  it('toString overrides chain through super and drive String() and templates', async () => {
    await expectEquivalent(
      main(`
class Node { toString() { return 'Node'; } }
class Named extends Node {
  constructor(n) { super(); this.n = n; }
  toString() { return super.toString() + '(' + this.n + ')'; }
}
class Leaf extends Named { toString() { return 'Leaf:' + super.toString(); } }
console.log(String(new Leaf('x')));
console.log(\`\${new Named('y')}\`);
console.log('' + new Leaf('z'), [new Leaf(1), new Named(2)].join(' | '));
`),
    );
  });

  it('Symbol.toPrimitive and valueOf are inherited', async () => {
    await expectEquivalent(
      main(`
class Money {
  constructor(c) { this.c = c; }
  valueOf() { return this.c; }
  [Symbol.toPrimitive](hint) { return hint === 'string' ? this.c + ' cents' : this.c; }
}
class Euro extends Money {}
const e = new Euro(250);
console.log(e + 1, \`\${e}\`, e * 2);
`),
    );
  });

  it('this.constructor in an inherited method is the subclass (clone pattern)', async () => {
    await expectEquivalent(
      main(`
class Point {
  constructor(x) { this.x = x; }
  clone() { return new this.constructor(this.x); }
  kind() { return this.constructor.name; }
}
class Point3 extends Point {}
const p = new Point3(4).clone();
console.log(p.kind(), p.x, p.constructor === Point3, new Point(1).clone().kind());
`),
    );
  });

  it('inherited methods with default, rest parameters and `arguments`', async () => {
    await expectEquivalent(
      main(`
class Calc {
  sum(first = 10, ...rest) { return first + rest.reduce((a, b) => a + b, 0); }
  count() { return arguments.length; }
}
class Sci extends Calc {}
const s = new Sci();
console.log(s.sum(), s.sum(1, 2, 3), s.count(1, 2), s.count());
`),
    );
  });

  it('methods with computed constant keys are inherited', async () => {
    await expectEquivalent(
      main(`
const RUN = 'run';
const TAG = Symbol('tag');
class Task {
  [RUN]() { return 'running ' + this[TAG](); }
  [TAG]() { return 'task'; }
  ['literal' + 'Key']() { return 'lk'; }
}
class Sub extends Task { [TAG]() { return 'sub'; } }
const t = new Sub();
console.log(t.run(), t.literalKey(), new Task().run());
`),
    );
  });

  it('sibling subclasses each get the base methods, and the base still works alone', async () => {
    await expectEquivalent(
      main(`
class Shape { area() { return 0; } describe() { return this.constructor.name + ' ' + this.area(); } }
class Sq extends Shape { constructor(s) { super(); this.s = s; } area() { return this.s ** 2; } }
class Ci extends Shape { constructor(r) { super(); this.r = r; } area() { return Math.round(Math.PI * this.r ** 2); } }
for (const s of [new Shape(), new Sq(3), new Ci(1)]) console.log(s.describe());
`),
    );
  });

  it('private methods of the base are callable through inherited public methods', async () => {
    await expectEquivalent(
      main(`
class Counter {
  #n = 0;
  #bump(by) { this.#n += by; return this.#n; }
  inc() { return this.#bump(1); }
}
class Double extends Counter { inc2() { this.inc(); return this.inc(); } }
const d = new Double();
console.log(d.inc(), d.inc2());
`),
    );
  });
});
