import { describe, it } from 'vitest';
import { expectEquivalent, expectSameOrReported } from '../helpers/equivalence.js';

// A name that copied (or rewritten) code must now spell differently — the class for `super.k` in a
// static method, the module binding for a class expression's inner name, a renamed import — is put
// into code that keeps its own parameters and locals. None of them may capture it
// (src/flatten/capture.ts, Hygiene.freshFor).

describe('spellings are not captured by the copied code’s own locals', () => {
  it('super.k in a static method whose parameter or local has the ancestor’s name: reported, not rewritten to the local', async () => {
    await expectSameOrReported({
      'src/main.js': `
class Base { static k = "K"; }
class Sub extends Base { static s() { let Base = 2; return super.k + Base; } }
class Sub2 extends Base { static s(Base) { return super.k + Base; } }
class Sub3 extends Base { static s(Base) { return [1].map(() => super.k + Base)[0]; } }
console.log(Sub.s(), Sub2.s(3), Sub3.s(4));
`,
    }, 'cannot-flatten');
  });

  it('super.m() in an ancestor constructor whose parameter has the flattened class’s name: not `Sub.#Base_m` on the parameter', async () => {
    await expectSameOrReported({
      'src/main.js': `
class Base { m() { return "bm"; } }
class Mid extends Base { constructor(Sub) { super(); this.v = super.m() + Sub; } }
class Sub extends Mid {}
console.log(new Sub(1).v, new Mid(2).v);
`,
    }, 'super-receiver-checked');
  });

  it('a class expression’s inner name, read by an inherited method whose parameter has the outer name', async () => {
    await expectSameOrReported({
      'src/main.js': `
var _Base = class _Base2 { hello(_Base) { return "base " + _Base2.tag + _Base; } };
_Base.tag = "T";
class Sub extends _Base { hello() { return "sub " + super.hello("x"); } }
console.log(new Sub().hello());
`,
    }, 'cannot-flatten');
  });

  it('an import renamed in the destination does not take a name the copied method declares', async () => {
    await expectEquivalent({
      'src/t.js': 'export const tag = "T";\n',
      'src/a.js': `import { tag } from './t.js';\nexport class Base { m(tag_2) { return tag + tag_2; } }\n`,
      'src/main.js': `
import { Base } from './a.js';
const tag = "mine";
class Sub extends Base { n() { return tag; } }
console.log(new Sub().m("x"), new Sub().n());
`,
    });
  });
});

describe('a class reached by a constant of the scope around both classes', () => {
  it('esbuild’s `const _A = class _A2 {…}` inside an IIFE: copied code reading the inner name', async () => {
    await expectEquivalent({
      'src/main.js': `
(function () {
  const _Inner = class _Inner2 {
    hi() { return "inner" + _Inner2.k; }
    static mk() { return new _Inner2(); }
  };
  _Inner.k = 3;
  let Inner = _Inner;
  class Deriv extends Inner { hi() { return super.hi() + "!"; } }
  console.log(new Deriv().hi(), Deriv.mk().hi(), Deriv.mk() instanceof Deriv);
})();
`,
    });
  });

  it('the binding is assigned again later: the subclass keeps its behaviour (the base is not resolved through a variable that changes)', async () => {
    await expectSameOrReported({
      'src/main.js': `
(function () {
  let _Inner = class _Inner2 { hi() { return "inner" + _Inner2.k; } };
  _Inner.k = 3;
  const Inner = _Inner;
  class Deriv extends Inner { hi() { return super.hi() + "!"; } }
  _Inner = { k: "replaced" };
  console.log(new Deriv().hi());
})();
`,
    });
  });

  it('an exported `let` holding the class, assigned again later: copied code reading the inner name is not spelled through it', async () => {
    await expectSameOrReported({
      'src/a.js': `export let Base = class B2 { m() { return B2.k; } };\nBase.k = 1;\nexport function reset() { Base = { k: "other" }; }\n`,
      'src/main.js': `import { Base, reset } from './a.js';\nclass Sub extends Base {}\nreset();\nconsole.log(new Sub().m());\n`,
    });
  });

  it('an exported `let` holding the class, replaced before the subclass is defined: the subclass is not flattened against the first class', async () => {
    await expectSameOrReported({
      'src/a.js': `export let Base = class { m() { return "first"; } };\nexport function swap() { Base = class { m() { return "second"; } }; }\n`,
      'src/main.js': `import { Base, swap } from './a.js';\nswap();\nclass Sub extends Base {}\nconsole.log(new Sub().m());\n`,
    });
  });

  it('a class declaration whose name is assigned again before the subclass is defined: not flattened against the first class', async () => {
    await expectSameOrReported({
      'src/main.js': `
class Base { m() { return "first"; } }
function swap() { Base = class { m() { return "second"; } }; }
swap();
class Sub extends Base {}
console.log(new Sub().m());
`,
    });
  });
});
