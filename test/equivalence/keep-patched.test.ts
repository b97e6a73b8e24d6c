import { describe, expect, it } from 'vitest';
import { ORIGINALS_ONLY, runBothWays, runOriginal, type BothWays } from '../helpers/equivalence.js';
import { rm } from 'node:fs/promises';

// --keep-patched: a program whose ancestors are patched after definition prints something else once
// flattened (reported: prototype-patched, static-patched, static-shared-through-this); with the option
// the classes below a patch are left as they were, the program prints the same, and the report has a
// kept-patched info per kept class and no patch warning.

const on = { flattenOptions: { keepPatched: true } };

interface Outcome {
  run: BothWays;
  /** `Class: patch place` of every kept-patched info. */
  kept: string[];
  warnings: string[];
  flattened: string[];
}

async function both(files: Record<string, string>, keep: boolean): Promise<Outcome> {
  const run = await runBothWays(files, keep ? on : {});
  expect(run.original.code, run.original.stderr).toBe(0);
  const kept = run.result.diagnostics
    .filter((d) => d.code === 'kept-patched')
    .map((d) => `${d.classes![0]}: ${d.message.match(/ at (\S+:\d+:\d+) /)![1]}`)
    .sort();
  const warnings = run.result.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity} ${d.code}`);
  const flattened = run.result.classes.filter((c) => c.flattened).map((c) => c.name).sort();
  await rm(run.projectDir, { recursive: true, force: true });
  return { run, kept, warnings, flattened };
}

/** Without the option the program changes (and says so); with it, it does not, and says what it kept. */
async function keptSame(files: Record<string, string>, patchCode: string): Promise<Outcome | undefined> {
  if (ORIGINALS_ONLY) {
    const { original, projectDir } = await runOriginal(files);
    expect(original.code, original.stderr).toBe(0);
    await rm(projectDir, { recursive: true, force: true });
    return undefined;
  }
  const plain = await both(files, false);
  expect(plain.run.flattened.stdout + plain.run.flattened.stderr).not.toBe(plain.run.original.stdout);
  expect(plain.warnings).toContain(`warning ${patchCode}`);
  const kept = await both(files, true);
  expect(kept.run.flattened.stderr).toBe('');
  expect(kept.run.flattened.stdout).toBe(kept.run.original.stdout);
  expect(kept.run.flattened.code).toBe(0);
  // The patch is no warning: no flattened class misses it.
  expect(kept.warnings).toEqual([]);
  return kept;
}

describe('--keep-patched', () => {
  it('a prototype patched from another file (ohm-js style): the whole chain below it stays, an unrelated subclass is flattened', async () => {
    const r = await keptSame(
      {
        'src/pexprs.js': `export class PExpr { toString() { return this.constructor.name; } }\nexport class Iter extends PExpr { constructor(e) { super(); this.e = e; } }\nexport class Star extends Iter {}\nexport class Plus extends Iter {}\nexport class Other { o() { return 'o'; } }\nexport class Leaf extends Other {}\n`,
        'src/eval.js': `import * as pexprs from './pexprs.js';\npexprs.PExpr.prototype.eval = function () { return 'eval ' + this; };\npexprs.Iter.prototype.introduceParams = function () { return 'params of ' + this.e; };\n`,
        'src/main.js': `import './eval.js';\nimport { Star, Plus, Leaf } from './pexprs.js';\nconst s = new Star('x');\nconsole.log(s.eval(), s.introduceParams(), new Plus('y').eval(), new Leaf().o(), s instanceof Star);\n`,
      },
      'prototype-patched',
    );
    if (!r) return;
    // Each names the nearest patched ancestor's patch (Iter's for Star and Plus).
    expect(r.kept).toEqual(['Iter: src/eval.js:2:1', 'Plus: src/eval.js:3:1', 'Star: src/eval.js:3:1']);
    expect(r.flattened).toEqual(['Leaf']);
    expect(r.run.result.diagnostics.find((d) => d.classes?.[0] === 'Star')!.message).toContain('(and 1 more patch of its former ancestors)');
  });

  it('a patch of a middle class keeps only the classes below it; the middle class itself is flattened and its subclass extends it', async () => {
    const r = await keptSame(
      {
        'src/a.js': `export class A { a() { return 'a'; } }\nexport class B extends A { b() { return 'b' + this.a(); } }\nexport class C extends B {}\nexport class D extends C { d() { return this.c() + this.b(); } }\n`,
        'src/patch.js': `import { C } from './a.js';\nObject.assign(C.prototype, { c() { return 'c'; } });\n`,
        'src/main.js': `import './patch.js';\nimport { D, C } from './a.js';\nconsole.log(new D().d(), typeof new C().c);\n`,
      },
      'prototype-patched',
    );
    if (!r) return;
    expect(r.kept).toEqual(['D: src/patch.js:2:1']);
    expect(r.flattened).toEqual(['B', 'C']);
  });

  it('statics assigned after definition (a static method added later, a static value changed)', async () => {
    const r = await keptSame(
      {
        'src/base.js': `export class Base { static kind = 'base'; }\nBase.create = function () { return new this(); };\nBase.kind = 'changed';\n`,
        'src/sub.js': `import { Base } from './base.js';\nexport class Sub extends Base { hi() { return 'sub'; } }\n`,
        'src/main.js': `import { Sub } from './sub.js';\nconsole.log(Sub.kind, typeof Sub.create === 'function' ? Sub.create().hi() : 'no create');\n`,
      },
      'static-patched',
    );
    if (!r) return;
    expect(r.kept).toEqual(['Sub: src/base.js:2:1']);
  });

  it('a static written through an alias exported from another module (`export const B = Base` … `B.count = 1`; was not reported)', async () => {
    const r = await keptSame(
      {
        'src/base.js': `export class Base { static count = 0; static label() { return 'base'; } }\nexport const B = Base;\n`,
        'src/sub.js': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
        'src/patch.js': `import { B } from './base.js';\nB.count = 5;\nB.label = () => 'patched';\n`,
        'src/main.js': `import './patch.js';\nimport { Sub } from './sub.js';\nconsole.log(Sub.count, Sub.label());\n`,
      },
      'static-patched',
    );
    if (!r) return;
    expect(r.kept).toEqual(['Sub: src/patch.js:2:1']);
  });

  it('a prototype patched through an alias re-exported under another name by a barrel (`const B = Base; export { B }`, `export { B as Alias } from`)', async () => {
    const r = await keptSame(
      {
        'src/base.js': `export class Base { hi() { return 'base'; } }\nconst B = Base;\nexport { B };\n`,
        'src/index.js': `export { B as Alias } from './base.js';\n`,
        'src/sub.js': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
        'src/patch.js': `import { Alias } from './index.js';\nAlias.prototype.hi = function () { return 'patched'; };\n`,
        'src/main.js': `import './patch.js';\nimport { Sub } from './sub.js';\nconsole.log(new Sub().hi());\n`,
      },
      'prototype-patched',
    );
    if (!r) return;
    expect(r.kept).toEqual(['Sub: src/patch.js:2:1']);
  });

  it('CommonJS: a static written through an aliased export, required by name', async () => {
    const r = await keptSame(
      {
        'src/base.cjs': `class Base { static count = 0; }\nclass Sub extends Base {}\nconst B = Base;\nmodule.exports = { B, Sub };\n`,
        'src/patch.cjs': `const { B } = require('./base.cjs');\nB.count = 7;\n`,
        'src/main.cjs': `require('./patch.cjs');\nconst { Sub } = require('./base.cjs');\nconsole.log(Sub.count);\n`,
      },
      'static-patched',
    );
    if (!r) return;
    expect(r.kept).toEqual(['Sub: src/patch.cjs:2:1']);
  });

  it('a static written through an exported alias of a namespace member (`export const B = shapes.Base`)', async () => {
    const r = await keptSame(
      {
        'src/base.js': `export class Base { static count = 0; }\nexport class Sub extends Base {}\n`,
        'src/alias.js': `import * as shapes from './base.js';\nexport const B = shapes.Base;\n`,
        'src/patch.js': `import { B } from './alias.js';\nB.count = 3;\n`,
        'src/main.js': `import './patch.js';\nimport { Sub } from './base.js';\nconsole.log(Sub.count);\n`,
      },
      'static-patched',
    );
    if (!r) return;
    expect(r.kept).toEqual(['Sub: src/patch.js:2:1']);
  });

  it('statics written through a namespace import (`ns.Base.count = 7`, `Object.assign(ns.Base, …)`; were not reported)', async () => {
    const r = await keptSame(
      {
        'src/base.js': `export class Base { static count = 0; }\nexport class Sub extends Base {}\n`,
        'src/patch.js': `import * as ns from './base.js';\nns.Base.count = 7;\nObject.assign(ns.Base, { extra: 'x' });\n`,
        'src/main.js': `import './patch.js';\nimport { Sub } from './base.js';\nconsole.log(Sub.count, Sub.extra);\n`,
      },
      'static-patched',
    );
    if (!r) return;
    expect(r.kept).toEqual(['Sub: src/patch.js:2:1']);
  });

  it('CommonJS: a static written through a required module object and an aliased export (`lib.B.count = 7`), and through a local alias of a member (`const C = lib.Base`)', async () => {
    const r = await keptSame(
      {
        'src/base.cjs': `class Base { static count = 0; static tag = 't'; }\nclass Sub extends Base {}\nconst B = Base;\nmodule.exports = { Base, B, Sub };\n`,
        'src/patch.cjs': `const lib = require('./base.cjs');\nlib.B.count = 7;\nconst C = lib.Base;\nC.tag = 'patched';\n`,
        'src/main.cjs': `require('./patch.cjs');\nconst { Sub } = require('./base.cjs');\nconsole.log(Sub.count, Sub.tag);\n`,
      },
      'static-patched',
    );
    if (!r) return;
    expect(r.kept).toEqual(['Sub: src/patch.cjs:2:1']);
    if (ORIGINALS_ONLY) return;
    const plain = await both({
      'src/base.cjs': `class Base { static tag = 't'; }\nclass Sub extends Base {}\nmodule.exports = { Base, Sub };\n`,
      'src/patch.cjs': `const lib = require('./base.cjs');\nconst C = lib.Base;\nC.tag = 'patched';\n`,
      'src/main.cjs': `require('./patch.cjs');\nconst { Sub } = require('./base.cjs');\nconsole.log(Sub.tag);\n`,
    }, false);
    expect(plain.warnings).toEqual(['warning static-patched']);
  });

  it('a static shared through this in an inherited static method', async () => {
    const r = await keptSame(
      {
        'src/base.js': `export class Base {\n  static count = 0;\n  static inc() { this.count++; }\n}\n`,
        'src/sub.js': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
        'src/main.js': `import { Base } from './base.js';\nimport { Sub } from './sub.js';\nBase.inc();\nBase.inc();\nconsole.log(Sub.count);\nSub.inc();\nconsole.log(Sub.count, Base.count);\n`,
      },
      'static-shared-through-this',
    );
    if (!r) return;
    expect(r.kept).toEqual(['Sub: src/base.js:3:18']);
  });

  it('CommonJS: a patch through a required module object, in a file before the class\'s', async () => {
    const files = {
      'src/z-nodes.cjs': `class Node { name() { return 'node'; } }\nclass Text extends Node {}\nmodule.exports = { Node, Text };\n`,
      'src/a-patch.cjs': `const nodes = require('./z-nodes.cjs');\nnodes.Node.prototype.render = function () { return '<' + this.name() + '>'; };\n`,
      'src/main.cjs': `require('./a-patch.cjs');\nconst { Text } = require('./z-nodes.cjs');\nconsole.log(new Text().render());\n`,
    };
    const r = await keptSame(files, 'prototype-patched');
    if (!r) return;
    expect(r.kept).toEqual(['Text: src/a-patch.cjs:2:1']);
  });

  it('a patched class with no flattened subclass changes nothing: no info, the other classes are flattened as without the option', async () => {
    if (ORIGINALS_ONLY) return;
    const files = {
      'src/a.js': `export class A { a() { return 'a'; } }\nexport class B extends A {}\nexport class Lone {}\nLone.prototype.x = 1;\n`,
      'src/main.js': `import { B, Lone } from './a.js';\nconsole.log(new B().a(), new Lone().x);\n`,
    };
    const plain = await both(files, false);
    const kept = await both(files, true);
    expect(kept.kept).toEqual([]);
    expect(kept.run.mirror).toEqual(plain.run.mirror);
    expect(kept.run.result.diagnostics).toEqual(plain.run.result.diagnostics);
    expect(kept.run.flattened.stdout).toBe(kept.run.original.stdout);
  });

  it('a kept subclass with setters named like fields its flattened parent moved (fuzz seed 7): the fields are defined, not assigned through them', async () => {
    const r = await keptSame(
      {
        'src/main.js': `class Beta { v; w = 1; }\nclass Zeta extends Beta {\n  static count = 0;\n  static inc() { this.count++; }\n}\nclass Eta extends Zeta {\n  set v(x) { console.log('setter v', x); }\n  set w(x) { console.log('setter w', x); }\n}\nZeta.inc();\nconsole.log(Object.keys(new Eta()), Eta.count);\n`,
      },
      'static-shared-through-this',
    );
    if (!r) return;
    expect(r.kept).toEqual(['Eta: src/main.js:4:18']);
    expect(r.flattened).toEqual(['Zeta']);
  });
});

describe('a subclass left as it was by request extends a flattened class', () => {
  it("the config's ignore on a subclass with setters named like moved fields: the flattened parent defines them (was a silent change)", async () => {
    if (ORIGINALS_ONLY) return;
    const run = await runBothWays({
      'src/main.js': `class Beta { v; w = 1; }\nclass Zeta extends Beta {}\nclass Eta extends Zeta {\n  set v(x) { console.log('setter v', x); }\n  set w(x) { console.log('setter w', x); }\n}\nconsole.log(Object.keys(new Eta()), Object.keys(new Zeta()));\n`,
    }, { flattenOptions: { classes: { Eta: { ignore: true } } } });
    expect(run.original.stdout).toBe("[ 'v', 'w' ] [ 'v', 'w' ]\n");
    expect(run.flattened.stdout).toBe(run.original.stdout);
    expect(run.result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(run.result.classes.filter((c) => c.flattened).map((c) => c.name)).toEqual(['Zeta']);
    await rm(run.projectDir, { recursive: true, force: true });
  });
  it("the config's ignore on a subclass with a computed-key setter and a private accessor: the moved fields are defined", async () => {
    if (ORIGINALS_ONLY) return;
    const run = await runBothWays({
      'src/main.js': `const K = 'w';\nclass Beta { v = 0; w = 1; }\nclass Zeta extends Beta {}\nclass Eta extends Zeta {\n  get #v() { return 'private'; }\n  set [K](x) { console.log('setter w', x); }\n  p() { return this.#v; }\n}\nconst e = new Eta();\nconsole.log(Object.keys(e), e.p());\n`,
    }, { flattenOptions: { classes: { Eta: { ignore: true } } } });
    expect(run.original.stdout).toBe("[ 'v', 'w' ] private\n");
    expect(run.flattened.stdout).toBe(run.original.stdout);
    expect(run.result.classes.filter((c) => c.flattened).map((c) => c.name)).toEqual(['Zeta']);
    await rm(run.projectDir, { recursive: true, force: true });
  });
});

describe('a subclass left as it was by a @flatten-ignore comment extends a flattened class', () => {
  it('the flattened parent defines the fields moved from former ancestors, not assigns them through the ignored subclass\'s setters (was a silent change)', async () => {
    if (ORIGINALS_ONLY) return;
    const run = await runBothWays({
      'src/main.js': `class Beta { v; }\nclass Zeta extends Beta {}\n/** @flatten-ignore */\nclass Eta extends Zeta {\n  set v(x) { console.log('setter v', x); }\n}\nconsole.log(Object.keys(new Eta()));\n`,
    });
    await rm(run.projectDir, { recursive: true, force: true });
    expect(run.original.stdout).toBe("[ 'v' ]\n");
    expect(run.flattened.stdout).toBe(run.original.stdout);
    expect(run.result.classes.filter((c) => c.flattened).map((c) => c.name)).toEqual(['Zeta']);
  });

  it('in another file, two levels below, the comment on its export statement', async () => {
    if (ORIGINALS_ONLY) return;
    const run = await runBothWays({
      'src/base.js': `export class Alpha { w = 'a'; }\nexport class Beta extends Alpha { v = 1; }\nexport class Zeta extends Beta {}\n`,
      'src/mid.js': `import { Zeta } from './base.js';\nexport class Mid extends Zeta {}\n`,
      'src/leaf.js': `import { Mid } from './mid.js';\n/** @flatten-ignore */\nexport class Leaf extends Mid {\n  set v(x) { console.log('setter v', x); }\n  get w() { return 'getter'; }\n  set w(x) { console.log('setter w', x); }\n}\n`,
      'src/main.js': `import { Leaf } from './leaf.js';\nconst l = new Leaf();\nconsole.log(Object.keys(l), l.v, l.w);\n`,
    });
    await rm(run.projectDir, { recursive: true, force: true });
    expect(run.original.stdout).toBe("[ 'w', 'v' ] 1 a\n");
    expect(run.flattened.stdout).toBe(run.original.stdout);
    expect(run.result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(run.result.classes.filter((c) => c.flattened).map((c) => c.name).sort()).toEqual(['Beta', 'Mid', 'Zeta']);
  });

  it("the config's ignore: false wins over the comment: the subclass is flattened, and behaves as before", async () => {
    if (ORIGINALS_ONLY) return;
    const run = await runBothWays({
      'src/main.js': `class Beta { v; }\nclass Zeta extends Beta {}\n/** @flatten-ignore */\nclass Eta extends Zeta {\n  set v(x) { console.log('setter v', x); }\n}\nconsole.log(Object.keys(new Eta()));\n`,
    }, { flattenOptions: { classes: { Eta: { ignore: false } } } });
    await rm(run.projectDir, { recursive: true, force: true });
    expect(run.flattened.stdout).toBe(run.original.stdout);
    expect(run.result.classes.filter((c) => c.flattened).map((c) => c.name).sort()).toEqual(['Eta', 'Zeta']);
  });
});
