import { describe, expect, it } from 'vitest';
import { expectEquivalent, expectReported, runBothWays } from '../helpers/equivalence.js';

const MODEL = `
export class Model {
  constructor(id) { this.id = id; console.log('Model ctor', id); }
  describe() { return 'Model#' + this.id; }
  static kind() { return 'model'; }
}
`;

describe('class-factory mixins', () => {
  it('a chain of arrow and function mixins in another module, super calls through every layer', async () => {
    const both = await expectEquivalent({
      'src/model.js': MODEL,
      'src/mixins.js': `
let stamps = 0;
export const Timestamped = (Base) => class extends Base {
  created = ++stamps;
  constructor(...args) { super(...args); console.log('Timestamped ctor', this.created); }
  describe() { return super.describe() + ' @' + this.created; }
};
export function Named(Base) {
  return class extends Base {
    name = 'anon';
    setName(n) { this.name = n; return this; }
    describe() { return this.name + ' ' + super.describe(); }
  };
}
`,
      'src/user.js': `
import { Model } from './model.js';
import { Timestamped, Named } from './mixins.js';
export class User extends Timestamped(Named(Model)) {
  constructor(id, name) { super(id); this.setName(name); }
  describe() { return 'User ' + super.describe(); }
}
`,
      'src/main.js': `
import { User } from './user.js';
const u = new User(1, 'ann');
console.log(u.describe(), User.kind(), Object.keys(u).join(','));
console.log(new User(2, 'bo').describe());
`,
    });
    const user = both?.result.classes.find((c) => c.name === 'User');
    expect(user?.mro).toEqual(['User', 'Timestamped', 'Named', 'Model']);
    expect(user?.flattened).toBe(true);
  });

  it('mixin parameters besides the base: literal arguments and defaults', async () => {
    await expectEquivalent({
      'src/main.js': `
const Tagged = (Base, tag, weight = 2) => class Tagged extends Base {
  get tag() { return tag + ':' + weight; }
};
class Root { hello() { return 'hi'; } }
class A extends Tagged(Root, 'a') {}
class B extends Tagged(Root, 'b', 5) {}
console.log(new A().tag, new B().tag, new A().hello());
`,
    });
  });

  it('the same mixin applied twice in one chain, and a mixin over a flattened subclass', async () => {
    await expectEquivalent({
      'src/main.js': `
const Counted = (Base) => class extends Base {
  constructor(...a) { super(...a); this.n = (this.n || 0) + 1; }
  count() { return this.n; }
};
class Root { constructor(x) { this.x = x; } }
class Mid extends Counted(Root) {}
class Leaf extends Counted(Counted(Mid)) { show() { return this.x + '/' + this.count(); } }
console.log(new Leaf(7).show(), new Mid(1).count());
`,
    });
  });

  it('constructor arguments threaded through (...args) => super(...args) layers to an external base', async () => {
    await expectEquivalent({
      'src/main.js': `
const Loud = (Base) => class extends Base {
  constructor(...args) { super(...args); this.loud = true; }
  get message2() { return this.message.toUpperCase(); }
};
class AppError extends Loud(Error) {
  constructor(msg, code) { super(msg); this.code = code; this.name = 'AppError'; }
}
const e = new AppError('boom', 42);
console.log(e.message2, e.code, e.loud, e instanceof Error, String(e));
`,
    });
  });

  it('a mixin using a non-literal parameter is reported and left as it was', async () => {
    const both = await expectReported(
      {
        'src/main.js': `
const WithLabel = (Base, label) => class extends Base { get label() { return label; } };
const name = ['x', 'y'].join('-');
class Root {}
class A extends WithLabel(Root, name) {}
console.log(new A().label);
`,
      },
      { category: 'unsupported', code: 'mixin-parameter' },
    );
    if (both) expect(both.flattened.stdout).toBe(both.original.stdout);
  });

  it('a call that is not a recognizable mixin factory is reported, the class left as it was', async () => {
    const both = await runBothWays({
      'src/main.js': `
function make(Base) { const C = class extends Base { m() { return 'm'; } }; return C; }
class Root {}
class A extends make(Root) {}
console.log(new A().m());
`,
    });
    expect(both.flattened.stdout).toBe(both.original.stdout);
    expect(both.result.diagnostics.some((d) => d.code === 'opaque-superclass')).toBe(true);
  });
});

const APPLY = `
export function applyMixins(derivedCtor, constructors) {
  constructors.forEach((baseCtor) => {
    Object.getOwnPropertyNames(baseCtor.prototype).forEach((name) => {
      if (name === 'constructor') return;
      Object.defineProperty(derivedCtor.prototype, name, Object.getOwnPropertyDescriptor(baseCtor.prototype, name) || Object.create(null));
    });
  });
}
`;

describe('applyMixins-style copying', () => {
  it('members of the listed classes are copied, the last definition winning over earlier ones and the class\'s own', async () => {
    const both = await expectEquivalent({
      'src/apply.js': APPLY,
      'src/abilities.js': `
export class Jumpable { jump() { return 'jump ' + this.name; } who() { return 'jumpable'; } get height() { return 3; } }
export class Duckable { duck() { return 'duck ' + this.name; } who() { return 'duckable'; } }
`,
      'src/main.js': `
import { applyMixins } from './apply.js';
import { Jumpable, Duckable } from './abilities.js';
class Entity { constructor(name) { this.name = name; } base() { return 'entity'; } }
class Sprite extends Entity { who() { return 'sprite'; } }
applyMixins(Sprite, [Jumpable, Duckable]);
const s = new Sprite('mario');
console.log(s.jump(), s.duck(), s.who(), s.height, s.base());
`,
    });
    const sprite = both?.result.classes.find((c) => c.name === 'Sprite');
    expect(sprite?.flattened).toBe(true);
    // C3: the last applied class first (it wins), then the other, then the superclass chain.
    expect(sprite?.mro).toEqual(['Sprite', 'Duckable', 'Jumpable', 'Entity']);
    expect(both?.mirror['main.js'] ?? '').not.toMatch(/applyMixins\(Sprite/);
  });

  it('a mixin member that uses super cannot be copied exactly: reported, left as it was', async () => {
    const both = await expectReported(
      {
        'src/main.js': `${APPLY}
class Base { hi() { return 'base'; } }
class Loud extends Base { hi() { return super.hi().toUpperCase(); } }
class Thing {}
applyMixins(Thing, [Loud]);
console.log(new Thing().hi());
`,
      },
      { category: 'unsupported', code: 'applied-mixin-super' },
    );
    if (both) expect(both.flattened.stdout).toBe(both.original.stdout);
  });
});

describe('per-class options in doc comments', () => {
  it('@flatten-ignore leaves a class as it was (info), @flatten skip: leaves parts of a layer out (info)', async () => {
    const both = await runBothWays({
      'src/main.js': `
/** @flatten skip: statics, docs */
class Base {
  /** doc of hello */
  hello() { return 'hi'; }
  static make() { return 'made'; }
}
class A extends Base {}
/** @flatten-ignore */
class B extends Base {}
console.log(new A().hello(), new B().hello(), typeof A.make, typeof B.make);
`,
    });
    const codes = both.result.diagnostics.map((d) => d.code);
    expect(codes).toContain('ignored-by-option');
    expect(both.result.diagnostics.find((d) => d.code === 'ignored-by-option')?.message).toContain('(@flatten-ignore)');
    expect(codes).toContain('skipped-by-option');
    expect(both.result.classes.find((c) => c.name === 'B')?.flattened).toBe(false);
    expect(both.result.classes.find((c) => c.name === 'A')?.flattened).toBe(true);
    // Skipping statics is a chosen difference, and it is visible: A.make is gone.
    expect(both.original.stdout).toBe('hi hi function function\n');
    expect(both.flattened.stdout).toBe('hi hi undefined function\n');
    const flatA = /class A \{[\s\S]*?\n\}/.exec(both.mirror['main.js'])?.[0] ?? '';
    expect(flatA).toContain("hello() { return 'hi'; }");
    expect(flatA).not.toContain('doc of hello');
  });

  it('a later mixin layer overriding an earlier one is listed (info)', async () => {
    const both = await runBothWays({
      'src/main.js': `
const Loud = (B) => class extends B { speak() { return super.speak().toUpperCase(); } };
const Polite = (B) => class extends B { speak() { return 'please, ' + super.speak(); } };
class Animal { speak() { return 'hello'; } }
class Dog extends Loud(Polite(Animal)) {}
console.log(new Dog().speak());
`,
    });
    expect(both.flattened.stdout).toBe(both.original.stdout);
    const info = both.result.diagnostics.find((d) => d.code === 'mixin-override');
    expect(info?.message).toContain('Loud.speak overrides Polite.speak');
  });
});
