import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

const main = (code: string) => ({ 'src/main.js': code });

describe('constructors and super(...)', () => {
  it('default parameters of the base constructor', async () => {
    await expectEquivalent(
      main(`
class Box {
  constructor(w = 1, h = w * 2) { this.w = w; this.h = h; }
}
class Crate extends Box {}
class Tall extends Box { constructor(w) { super(w, undefined); } }
console.log(JSON.stringify([new Crate(), new Crate(3), new Crate(3, 4), new Tall(5), new Tall()]));
`),
    );
  });

  it('destructured parameters in base and subclass constructors', async () => {
    await expectEquivalent(
      main(`
class Conn {
  constructor({ host = 'localhost', port = 80, ...rest } = {}) {
    this.url = host + ':' + port;
    this.extra = Object.keys(rest).join(',');
  }
}
class Secure extends Conn {
  constructor({ port = 443, ...opts } = {}, [cert, key] = ['c', 'k']) {
    super({ ...opts, port });
    this.cert = cert + '/' + key;
  }
}
const s = new Secure({ host: 'example', debug: true });
console.log(s.url, s.extra, s.cert);
console.log(new Secure().url, new Secure(undefined, ['x', 'y']).cert);
`),
    );
  });

  it('rest parameters forwarded with spread', async () => {
    await expectEquivalent(
      main(`
class Path {
  constructor(...parts) { this.parts = parts; }
  toString() { return this.parts.join('/'); }
}
class Rooted extends Path {
  constructor(first, ...rest) { super(...rest, first); }
}
class Deep extends Rooted { constructor(...xs) { super('root', ...xs, 'leaf'); } }
console.log(String(new Rooted('a', 'b', 'c')), String(new Deep(1, 2)));
`),
    );
  });

  it('`arguments` in base and subclass constructors', async () => {
    await expectEquivalent(
      main(`
class Base {
  constructor(a, b) {
    this.count = arguments.length;
    this.all = Array.from(arguments).join(',');
  }
}
class Sub extends Base {
  constructor() {
    console.log('Sub got', arguments.length);
    super(...arguments, 'extra');
  }
}
const s = new Sub(1, 2, 3);
console.log(s.count, s.all);
console.log(new Sub().count);
`),
    );
  });

  it('statements before super() run first and may compute its arguments', async () => {
    await expectEquivalent(
      main(`
class Base { constructor(v) { console.log('Base ctor', v); this.v = v; } }
class Sub extends Base {
  constructor(raw) {
    console.log('Sub before super');
    const v = String(raw).trim().toUpperCase();
    if (!v) throw new Error('empty');
    super(v);
    console.log('Sub after super', this.v);
  }
}
new Sub('  hi ');
try { new Sub('   '); } catch (e) { console.log('caught', e.message); }
`),
    );
  });

  it('super() in the branches of a conditional', async () => {
    await expectEquivalent(
      main(`
class Base { constructor(mode) { this.mode = mode; } }
class Sub extends Base {
  constructor(flag) {
    if (flag) super('yes');
    else super('no');
    this.flag = flag;
  }
}
class Ternary extends Base {
  constructor(flag) { flag ? super('T') : super('F'); }
}
console.log(new Sub(true).mode, new Sub(false).mode, new Ternary(1).mode, new Ternary(0).mode);
`),
    );
  });

  it('super() called inside an arrow function', async () => {
    await expectEquivalent(
      main(`
class Base { constructor(v) { this.v = v; console.log('Base got', v); } }
class Sub extends Base {
  constructor(v) {
    const init = (x) => super(x * 10);
    init(v);
    this.after = this.v + 1;
  }
}
const s = new Sub(4);
console.log(s.v, s.after);
`),
    );
  });

  it('the value of a super() call is this', async () => {
    await expectEquivalent(
      main(`
class Base { constructor() { this.tag = 'base'; } }
class Sub extends Base {
  constructor() {
    const r = super();
    console.log(r === this, r.tag, r instanceof Sub);
  }
}
new Sub();
`),
    );
  });

  it('an early return after super()', async () => {
    await expectEquivalent(
      main(`
class Base { constructor(n) { this.n = n; } }
class Sub extends Base {
  extra = 'field';
  constructor(n) {
    super(n);
    if (n > 5) return;
    this.small = true;
  }
}
const a = new Sub(1), b = new Sub(9);
console.log(JSON.stringify(a), JSON.stringify(b));
`),
    );
  });

  it('an implicit constructor forwards all arguments', async () => {
    await expectEquivalent(
      main(`
class Base {
  constructor(a, b, ...more) {
    console.log('Base', arguments.length, a, b, JSON.stringify(more));
  }
}
class Sub extends Base {}
class SubSub extends Sub { x = 1; }
new Sub(1, 2, 3, 4);
new Sub();
new SubSub('a', undefined, null);
`),
    );
  });

  it('a constructor only in the middle of the chain', async () => {
    await expectEquivalent(
      main(`
class A { a = 'A'; }
class B extends A { constructor(x, y) { super(); this.sum = x + y; } }
class C extends B {}
const c = new C(2, 3);
console.log(c.a, c.sum, JSON.stringify(c));
`),
    );
  });

  it('a downcall from the base constructor reads a subclass field before it is initialized', async () => {
    await expectEquivalent(
      main(`
class Base {
  constructor() { console.log('Base ctor describe():', this.describe()); }
  describe() { return 'base'; }
}
class Sub extends Base {
  label = 'sub-label';
  describe() { return 'Sub with label ' + this.label; }
}
const s = new Sub();
console.log('after construction:', s.describe());
`),
    );
  });

  it('new.target is the class being constructed at every level', async () => {
    await expectEquivalent(
      main(`
class A {
  constructor() { console.log('A sees new.target', new.target.name, new.target === this.constructor); }
}
class B extends A { constructor() { super(); console.log('B sees new.target', new.target.name); } }
class C extends B {}
new A(); new B(); new C();
`),
    );
  });

  it('an abstract-style guard on new.target in the base', async () => {
    await expectEquivalent(
      main(`
class Shape {
  constructor() { if (new.target === Shape) throw new TypeError('abstract'); this.kind = new.target.name; }
}
class Circle extends Shape {}
try { new Shape(); } catch (e) { console.log(e.name, e.message); }
console.log(new Circle().kind);
`),
    );
  });

  it('a base constructor that throws propagates through the subclass', async () => {
    await expectEquivalent(
      main(`
class Base { constructor(v) { if (v < 0) throw new RangeError('negative: ' + v); this.v = v; } }
class Sub extends Base { constructor(v) { console.log('Sub start', v); super(v); console.log('Sub end', v); } }
console.log(new Sub(1).v);
try { new Sub(-1); } catch (e) { console.log(e.name, e.message); }
`),
    );
  });

  it('super() arguments evaluated from closures and calls in order', async () => {
    await expectEquivalent(
      main(`
const order = [];
const arg = (n) => { order.push(n); return n; };
class Base { constructor(a, b, c) { order.push('Base:' + [a, b, c].join('')); } }
class Sub extends Base { constructor() { super(arg(1), arg(2), (() => arg(3))()); order.push('Sub'); } }
new Sub();
console.log(order.join(' '));
`),
    );
  });
});
