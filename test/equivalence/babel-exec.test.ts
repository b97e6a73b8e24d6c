import { describe, it } from 'vitest';
import { expectEquivalent } from '../helpers/equivalence.js';

// Silent changes that scripts/babel-exec.mjs found (Babel's own runnable class tests, the exec.js
// fixtures of its class plugins, run natively on the original and the mirror), reduced to programs.

const main = (code: string) => ({ 'src/main.js': code });

describe('babel-exec: super in a computed key belongs to the member around it', () => {
  // babel-plugin-transform-classes spec/nested-class-super-property-in-key: a nested class's computed
  // method key is evaluated in the constructor, so its `super` is the constructor's. It was left alone
  // as the nested class's own, and read Object.prototype.toString in the flattened class.
  it('a nested class method key', async () => {
    await expectEquivalent(main(`
class Hello { toString() { return 'hello'; } }
class Outer extends Hello {
  constructor() {
    super();
    class Inner { [super.toString()]() { return 'from inner'; } }
    return new Inner();
  }
}
console.log(new Outer().hello());
`));
  });

  // babel-plugin-transform-class-properties nested-class/super-property-in-key
  it('a nested class field key, and a field initializer whose super stays the nested class own', async () => {
    await expectEquivalent(main(`
class Hello { toString() { return 'hello'; } }
class Outer extends Hello {
  make() {
    class Inner { [super.toString()] = super.toString === Object.prototype.toString; }
    return new Inner();
  }
}
console.log(JSON.stringify(new Outer().make()));
`));
  });

  // babel-plugin-transform-classes spec/nested-object-super-property-in-key: the same in an object
  // literal's method key (the method's own super is the literal's; its key's is the constructor's).
  it('an object literal method key, next to a super of the literal itself', async () => {
    await expectEquivalent(main(`
class Hello { toString() { return 'hello'; } }
class Outer extends Hello {
  constructor() {
    super();
    const proto = { greet() { return 'proto'; } };
    const inner = { __proto__: proto, [super.toString()]() { return super.greet(); } };
    return inner;
  }
}
console.log(new Outer().hello());
`));
  });
});

describe('babel-exec: super reads a static an ancestor static block creates', () => {
  // babel-plugin-transform-class-static-block super-static-block (there with an anonymous parent,
  // which is reported): `this.bar = 42` in the parent's static block makes its own static `bar`, which
  // `super.bar` in the subclass's static code reads. It was left as `super.bar`, Function.prototype's.
  it('in a static block, a static field initializer and a static getter', async () => {
    await expectEquivalent(main(`
class P { static { this.bar = 42; } static q = 5; }
class Foo extends P {
  static bar = 21;
  static { this.foo = super.bar; this.baz = super.q; }
  static x = super.bar;
  static get g() { return super.bar; }
}
console.log(Foo.foo, Foo.bar, P.bar, Foo.baz, Foo.x, Foo.g);
`));
  });
});
