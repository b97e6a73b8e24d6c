import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

const main = (code: string) => ({ 'src/main.js': code });

describe('super.member', () => {
  it('super.m() in a method runs the ancestor code with the same this', async () => {
    await expectEquivalent(
      main(`
class Logger {
  constructor(prefix) { this.prefix = prefix; }
  log(msg) { return '[' + this.prefix + '] ' + msg; }
}
class TimestampLogger extends Logger {
  log(msg) { return super.log('t=0 ' + msg); }
}
console.log(new TimestampLogger('app').log('started'));
`),
    );
  });

  it('super.m() skips a level that does not define m', async () => {
    await expectEquivalent(
      main(`
class A { m() { return 'A.m on ' + this.constructor.name; } }
class B extends A { other() { return 'B.other'; } }
class C extends B { m() { return 'C.m -> ' + super.m(); } }
console.log(new C().m(), new B().m());
`),
    );
  });

  it('super.m() inside a getter', async () => {
    await expectEquivalent(
      main(`
class Base { describe() { return 'base:' + this.id; } }
class Sub extends Base {
  constructor() { super(); this.id = 7; }
  get summary() { return super.describe().toUpperCase(); }
}
console.log(new Sub().summary);
`),
    );
  });

  it('super.m() inside a static method, with this = the subclass', async () => {
    await expectEquivalent(
      main(`
class Model {
  static create(attrs) { const m = new this(); Object.assign(m, attrs); return m; }
  static describe() { return 'model ' + this.name; }
}
class User extends Model {
  static create(attrs) { const u = super.create({ role: 'user', ...attrs }); u.created = true; return u; }
  static describe() { return super.describe() + '!'; }
}
const u = User.create({ name: 'ann' });
console.log(u.constructor.name, JSON.stringify(u), User.describe(), Model.describe());
`),
    );
  });

  it('super.m() inside arrow functions and callbacks', async () => {
    await expectEquivalent(
      main(`
class Fmt { fmt(x) { return '<' + x + '>'; } }
class ListFmt extends Fmt {
  fmt(xs) {
    const one = (x) => super.fmt(x);
    return xs.map((x) => one(x)).join('') + [0].map(() => super.fmt('end'))[0];
  }
}
console.log(new ListFmt().fmt([1, 2]));
`),
    );
  });

  it('super.toString() falls through to Object.prototype', async () => {
    await expectEquivalent(
      main(`
class A { constructor() { this.x = 1; } }
class B extends A {
  toString() { return 'B(' + super.toString() + ')'; }
  has(k) { return super.hasOwnProperty(k); }
}
const b = new B();
console.log(String(b), b.has('x'), b.has('y'));
`),
    );
  });

  it('super with a computed constant key', async () => {
    await expectEquivalent(
      main(`
class A { greet() { return 'hi from A'; } ['with space']() { return 'spaced'; } }
class B extends A {
  greet() { return super['greet']() + ' via B, ' + super['with space'](); }
}
console.log(new B().greet());
`),
    );
  });

  it('a super call whose ancestor method calls an overridden method (dispatch stays virtual)', async () => {
    await expectEquivalent(
      main(`
class A {
  render() { return 'A.render(' + this.body() + ')'; }
  body() { return 'A.body'; }
}
class B extends A {
  render() { return 'B.render:' + super.render(); }
  body() { return 'B.body'; }
}
class C extends B { body() { return 'C.body'; } }
console.log(new C().render(), '|', new B().render());
`),
    );
  });

  it('super.m() inside an async method', async () => {
    await expectEquivalent(
      main(`
class Api { async get(path) { await null; return { path, status: 200 }; } }
class AuthApi extends Api {
  async get(path) { const r = await super.get('/auth' + path); return { ...r, authed: true }; }
}
console.log(JSON.stringify(await new AuthApi().get('/me')));
`),
    );
  });

  it('super.m() in a field initializer', async () => {
    await expectEquivalent(
      main(`
class Base { label() { return 'base-label'; } }
class Sub extends Base {
  label() { return 'sub-label'; }
  initial = super.label() + ' / ' + this.label();
}
console.log(new Sub().initial);
`),
    );
  });

  it('super.m read as a value and called later', async () => {
    await expectEquivalent(
      main(`
class A { name() { return 'A:' + this.id; } }
class B extends A {
  constructor() { super(); this.id = 'b'; }
  name() { const f = super.name; return 'B/' + f.call(this) + '/' + f.call({ id: 'other' }); }
}
console.log(new B().name());
`),
    );
  });

  it('super property reads of ancestor getters', async () => {
    await expectEquivalent(
      main(`
class A { get size() { return this.items.length; } }
class B extends A {
  items = [1, 2, 3];
  get size() { return super.size * 10; }
}
console.log(new B().size);
`),
    );
  });

  it('super.value = v assigns through the ancestor setter', async () => {
    await expectEquivalent(
      main(`
class Base { set value(v) { this._v = 'base:' + v; } get value() { return this._v; } }
class Sub extends Base {
  set value(v) { super.value = v * 2; }
  get value() { return super.value; }
}
const s = new Sub();
s.value = 21;
console.log(s.value, Object.keys(s).join(','));
`),
    );
  });
});
