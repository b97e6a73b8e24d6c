import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ORIGINALS_ONLY, expectEquivalent, runBothWays } from '../helpers/equivalence.js';

// A subclass whose `extends` names an alias exported from another module (`export const B = Base`
// beside `class Base`): the alias is the class, so the subclass is flattened like one that imports
// Base itself (it used to keep its `extends`, silently).

const base = `
let made = 0;
export class Base {
  static kind = 'base';
  constructor(name) { this.name = name; made += 1; this.init(); }
  init() { this.tag = 'base'; }
  hi() { return 'hi ' + this.name + ' (' + this.tag + ')'; }
  static count() { return made; }
}
export const B = Base;
`;

describe('a superclass named through an alias exported from its module', () => {
  it('is flattened: constructor, override called from the base constructor, super calls, statics', async () => {
    await expectEquivalent({
      'src/base.js': base,
      'src/sub.js': `
import { B } from './base.js';
export class Sub extends B {
  constructor(name) { super(name.toUpperCase()); this.extra = 1; }
  init() { super.init(); this.tag += '+sub'; }
  hi() { return super.hi() + '!'; }
}
`,
      'src/main.js': `
import { Sub } from './sub.js';
import { Base } from './base.js';
const s = new Sub('x');
console.log(s.hi(), s.extra, Sub.kind, Sub.count(), new Base('y').hi(), Base.count());
`,
    });
  });

  it('through a barrel that re-exports the alias, and as a default export', async () => {
    await expectEquivalent({
      'src/base.js': base + 'export default B;\n',
      'src/index.js': `export { B as Shape } from './base.js';\n`,
      'src/a.js': `import { Shape } from './index.js';\nexport class A extends Shape { hi() { return 'A:' + super.hi(); } }\n`,
      'src/d.js': `import Def from './base.js';\nexport class D extends Def { init() { this.tag = 'd'; } }\n`,
      'src/main.js': `import { A } from './a.js';\nimport { D } from './d.js';\nconsole.log(new A('a').hi(), new D('d').hi());\n`,
    });
  });
});

describe.skipIf(ORIGINALS_ONLY)('aliases a superclass does not follow', () => {
  it('an alias of a class imported into a third module: left as it was (it extends what that module evaluated), same output', async () => {
    const r = await runBothWays({
      'src/base.js': `export class Base { hi() { return 'hi'; } }\n`,
      'src/alias.js': `import { Base } from './base.js';\nexport const B = Base;\n`,
      'src/sub.js': `import { B } from './alias.js';\nexport class Sub extends B { hi() { return super.hi() + '!'; } }\n`,
      'src/main.js': `import { Sub } from './sub.js';\nconsole.log(new Sub().hi());\n`,
    });
    expect(r.flattened).toEqual(r.original);
    expect(r.result.classes.find((c) => c.name === 'Sub')?.flattened).toBe(false);
    await rm(r.projectDir, { recursive: true, force: true });
  });

  it('in an import cycle: the info of a base imported directly is given for the alias too', async () => {
    const r = await runBothWays({
      'src/a.mjs': `import { Sub } from './b.mjs';\nexport class A { hi() { return 'A'; } }\nexport const Alias = A;\nexport const make = () => new Sub();\n`,
      'src/b.mjs': `import { Alias } from './a.mjs';\nexport class Sub extends Alias { hi() { return 'B' + super.hi(); } }\n`,
      'src/main.mjs': `import { make } from './a.mjs';\nconsole.log(make().hi());\n`,
    });
    expect(r.original.code).not.toBe(0);
    expect(r.flattened.stdout).toBe('BA\n');
    expect(r.result.diagnostics.filter((d) => d.code === 'extends-in-import-cycle').map((d) => [d.severity, d.file])).toEqual([['info', 'src/b.mjs']]);
    await rm(r.projectDir, { recursive: true, force: true });
  });
});
