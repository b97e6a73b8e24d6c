// What watch mode keeps from one rebuild to the next must never be stale: each case edits exactly
// what a kept answer depends on and compares the session's output (mirror texts and diagnostics)
// with a fresh batch run. `verify` also checks every incremental rewrite against the whole rewrite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flatten } from '../src/index.js';
import { FlattenSession, type SessionRun } from '../src/session.js';
import { digest, sameDigest } from '../src/session-rewrite.js';
import { prng } from './hostile/helpers.js';
import { LitePath } from '../src/scan/scope.js';
import { parseSource } from '../src/scan/parse.js';
import { traverse } from '../src/scan/summarize.js';

/** Babel's program path of a text. */
function babelProgram(code: string): { scope: unknown } {
  const parsed = parseSource('/p/m.js', code);
  if (!parsed.ok) throw new Error(parsed.error.message);
  let program: { scope: unknown } | null = null;
  traverse(parsed.ast, { Program(p) { program = p; p.stop(); } });
  return program!;
}

let root: string;
/** Options of the case running (set by a case before its first run; reset before each). */
let extra: { keepPatched?: boolean } = {};
const options = () => ({ cwd: root, paths: ['src'], outDir: 'flat', ...extra });

beforeEach(() => {
  extra = {};
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fc-watch-caches-')));
  fs.mkdirSync(path.join(root, 'src'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const abs = path.join(root, 'src', rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, text);
  return abs;
}

function edit(rel: string, from: string, to: string): string {
  const abs = path.join(root, 'src', rel);
  const text = fs.readFileSync(abs, 'utf8');
  expect(text).toContain(from);
  return write(rel, text.replace(from, to));
}

/** Mirror texts and diagnostics equal a fresh batch run's on the tree as it is now. */
async function expectBatchEqual(run: SessionRun): Promise<void> {
  const batch = await flatten(options());
  expect(run.result.files).toEqual(batch.files);
  const diags = (r: typeof batch) => r.diagnostics.map((d) => JSON.stringify(d)).sort();
  expect(diags(run.result)).toEqual(diags(batch));
}

const session = () => new FlattenSession(options(), { incremental: true, verify: true });

/** Saves one edit, rebuilds, and checks the rebuild against a fresh batch run; returns the rebuild. */
async function rebuilt(s: FlattenSession, rel: string, from: string, to: string): Promise<SessionRun> {
  const run = s.run({ paths: [edit(rel, from, to)] });
  await expectBatchEqual(run);
  return run;
}
const codes = (run: SessionRun) => run.result.diagnostics.map((d) => d.code);

describe('kept answers follow what they depend on', () => {
  it('an import cycle closed through a third module, then opened again, gives and takes the extends-in-import-cycle info', async () => {
    write('a.js', "import { c } from './c.js';\nexport class A { c() { return c; } }\n");
    write('b.js', "import { A } from './a.js';\nexport class B extends A {}\n");
    write('c.js', 'export const c = 1;\n');
    const s = session();
    const first = s.run();
    await expectBatchEqual(first);
    expect(codes(first)).not.toContain('extends-in-import-cycle');
    expect(codes(await rebuilt(s, 'c.js', 'export const c = 1;', "import { B } from './b.js';\nexport const c = 1;\nexport const b = () => B;"))).toContain('extends-in-import-cycle');
    expect(codes(await rebuilt(s, 'c.js', "import { B } from './b.js';\n", 'const B = null;\n'))).not.toContain('extends-in-import-cycle');
  });

  it('--keep-patched: a patch of an ancestor that appears, moves, changes target and goes in another file keeps and frees exactly the classes below it', async () => {
    extra = { keepPatched: true };
    write('a.js', "export class A { a() { return 'a'; } }\nexport class E { e() { return 'e'; } }\n");
    write('b.js', "import { A } from './a.js';\nexport class B extends A {}\n");
    write('c.js', "import { B } from './b.js';\nexport class C extends B {}\nexport class D extends C {}\n");
    write('f.js', "import { E } from './a.js';\nexport class F extends E {}\n");
    write('patch.js', "import { A as X } from './a.js';\nexport const x = X;\n");
    const s = session();
    const first = s.run();
    await expectBatchEqual(first);
    const kept = (run: SessionRun) => run.result.diagnostics.filter((d) => d.code === 'kept-patched').map((d) => `${d.classes![0]} ${d.message.match(/at (\S+:\d+:\d+)/)![1]}`);
    const flattenedNames = (run: SessionRun) => run.result.classes.filter((c) => c.flattened).map((c) => c.name).sort();
    expect(kept(first)).toEqual([]);
    expect(flattenedNames(first)).toEqual(['B', 'C', 'D', 'F']);
    // The patch appears: B, C and D stay as they were; F is not planned again.
    const appears = await rebuilt(s, 'patch.js', 'export const x = X;', "X.prototype.p = function () { return 'p'; };");
    expect(kept(appears)).toEqual(['B src/patch.js:2:1', 'C src/patch.js:2:1', 'D src/patch.js:2:1']);
    expect(flattenedNames(appears)).toEqual(['F']);
    expect(codes(appears)).not.toContain('prototype-patched');
    expect(appears.incremental?.classesRun).toBeLessThan(first.incremental!.classesRun);
    // It moves down a line: the infos name the new place.
    expect(kept(await rebuilt(s, 'patch.js', 'X.prototype.p', '\nX.prototype.p'))).toEqual(['B src/patch.js:3:1', 'C src/patch.js:3:1', 'D src/patch.js:3:1']);
    // Its target changes through the import alone: now F is kept, and B, C, D are flattened again.
    const moved = await rebuilt(s, 'patch.js', 'import { A as X }', 'import { E as X }');
    expect(kept(moved)).toEqual(['F src/patch.js:3:1']);
    expect(flattenedNames(moved)).toEqual(['B', 'C', 'D']);
    // A patch of C (a middle class) keeps only D; C itself is flattened.
    const middle = await rebuilt(s, 'c.js', 'export class D extends C {}', "export class D extends C {}\nC.prototype.q = 1;");
    expect(kept(middle)).toEqual(['D src/c.js:4:1', 'F src/patch.js:3:1']);
    expect(flattenedNames(middle)).toEqual(['B', 'C']);
    // Both patches go: everything is flattened again.
    await rebuilt(s, 'c.js', "\nC.prototype.q = 1;", '');
    const gone = await rebuilt(s, 'patch.js', "X.prototype.p = function () { return 'p'; };", 'export const x = X;');
    expect(kept(gone)).toEqual([]);
    expect(flattenedNames(gone)).toEqual(['B', 'C', 'D', 'F']);
  });

  it('a @flatten-ignore comment that appears and goes on a subclass in another file makes its flattened ancestor define the fields it moved, and assign them again', async () => {
    write('a.js', "export class A { v = 1; }\nexport class B extends A {}\n");
    write('c.js', "import { B } from './a.js';\nexport class C extends B {\n  set v(x) { this.seen = x; }\n}\n");
    const s = session();
    const first = s.run();
    await expectBatchEqual(first);
    const bText = (run: SessionRun) => run.result.files.find((f) => f.outRelPath === 'a.js')!.code!;
    expect(bText(first)).not.toContain('defineProperty');
    const ignored = await rebuilt(s, 'c.js', 'export class C', '/** @flatten-ignore */\nexport class C');
    expect(ignored.result.classes.filter((c) => c.flattened).map((c) => c.name)).toEqual(['B']);
    expect(bText(ignored)).toContain('defineProperty');
    const back = await rebuilt(s, 'c.js', '/** @flatten-ignore */\n', '');
    expect(bText(back)).toBe(bText(first));
  });

  it('a static patched through an alias exported from another module: the warning follows the alias as it appears and changes target', async () => {
    write('a.js', "export class A { static n = 0; }\nexport class B extends A {}\nexport class E {}\nexport const X = E;\n");
    write('patch.js', "import { X } from './a.js';\nX.n = 1;\n");
    const s = session();
    const first = s.run();
    await expectBatchEqual(first);
    expect(codes(first)).not.toContain('static-patched');
    expect(codes(await rebuilt(s, 'a.js', 'export const X = E;', 'export const X = A;'))).toContain('static-patched');
    expect(codes(await rebuilt(s, 'a.js', 'export const X = A;', 'export const X = E;'))).not.toContain('static-patched');
  });

  it("a this-use kept for an unchanged subclass meets a base accessor added later (private early access)", async () => {
    write('base.js', 'export class Base {\n  constructor() { this.n = 1; }\n}\n');
    // `this.size` escapes only when some layer defines an accessor `size`.
    write('sub.js', "import { Base } from './base.js';\nexport class Sub extends Base {\n  a = this.size;\n  #p = 1;\n  m() { return this.#p; }\n}\n");
    const s = session();
    const first = s.run();
    await expectBatchEqual(first);
    expect(codes(first)).not.toContain('private-field-early-access');
    const base = edit('base.js', 'constructor()', 'get size() { return 2; }\n  constructor()');
    const second = s.run({ paths: [base] });
    await expectBatchEqual(second);
    expect(codes(second)).toContain('private-field-early-access');
    const back = edit('base.js', 'get size() { return 2; }\n  ', '');
    const third = s.run({ paths: [back] });
    await expectBatchEqual(third);
    expect(codes(third)).not.toContain('private-field-early-access');
  });

  it("an ancestor constructor that starts calling a method makes the subclass's private early access reportable", async () => {
    write('base.js', 'export class Base {\n  constructor() { this.n = 1; }\n  init() {}\n}\n');
    write('sub.js', "import { Base } from './base.js';\nexport class Sub extends Base {\n  #p = 1;\n  init() { return this.#p; }\n}\n");
    const s = session();
    await expectBatchEqual(s.run());
    const second = await rebuilt(s, 'base.js', 'this.n = 1;', 'this.n = 1; this.init();');
    expect(codes(second)).toContain('private-field-early-access');
  });

  it("a helper copied into an unchanged subclass's constructor is renamed when the constructor declares its name, and not after", async () => {
    write('base.js', 'const helper = () => 1;\nexport class Base {\n  x = helper();\n}\n');
    write('sub.js', "import { Base } from './base.js';\nexport class Sub extends Base {\n  constructor() {\n    super();\n    const y = 2;\n    this.y = y;\n  }\n}\n");
    const s = session();
    await expectBatchEqual(s.run());
    // The constructor declares `helper`: the copied field initializer must not see it.
    await rebuilt(s, 'sub.js', 'const y = 2;', 'const helper = 2; const y = helper;');
    // The base changes (the constructor's declarations, kept per node, are asked again for the new copy).
    await rebuilt(s, 'base.js', 'x = helper();', 'x = helper() + helper();');
    await rebuilt(s, 'sub.js', 'const helper = 2; const y = helper;', 'const y = 2;');
  });

  it("an ancestor's constructor check and members, kept per node, are made again when its file changes (every subclass meets the new ones)", async () => {
    write('root.js', 'export class Root {\n  r() { return 0; }\n}\n');
    write('mid.js', "import { Root } from './root.js';\nexport class Mid extends Root {\n  constructor() { super(); this.m = 1; }\n}\n");
    write('a.js', "import { Mid } from './mid.js';\nexport class A extends Mid {\n  a() { return 1; }\n}\n");
    write('b.js', "import { Mid } from './mid.js';\nexport class B extends Mid {\n  constructor() { super(); this.b = 2; }\n}\n");
    const s = session();
    const first = s.run();
    await expectBatchEqual(first);
    expect(codes(first)).not.toContain('derived-this-check');
    // `this` before super() in Mid: reported for Mid itself and for A and B (from one check of the new node).
    const second = await rebuilt(s, 'mid.js', 'constructor() { super(); this.m = 1; }', 'constructor() { this.early = 1; super(); this.m = 1; }\n  added() { return 3; }');
    expect(second.result.diagnostics.filter((d) => d.code === 'derived-this-check').length).toBe(3);
    const third = await rebuilt(s, 'mid.js', 'this.early = 1; super();', 'super();');
    expect(codes(third)).not.toContain('derived-this-check');
    // A member gone from Root: every layer sorted again from its new node.
    await rebuilt(s, 'root.js', 'r() { return 0; }', 'q() { return 0; }');
  });

  it('a unit that ran meets a unit kept from before: they are merged (only units that ran are checked against the rest)', async () => {
    // A CommonJS origin gets tail lines for its copied module variables: every class copying from it touches it.
    write('base.cjs', 'const helper = () => 1;\nclass Base {\n  b() { return helper(); }\n}\nmodule.exports = { Base };\n');
    write('sub1.cjs', "const { Base } = require('./base.cjs');\nclass Sub1 extends Base {\n  s() { return 1; }\n}\nmodule.exports = { Sub1 };\n");
    write('sub2.cjs', "const { Other } = require('./other.cjs');\nclass Sub2 extends Other {\n  t() { return 2; }\n}\nmodule.exports = { Sub2 };\n");
    write('other.cjs', 'class Other {\n  o() { return 3; }\n}\nmodule.exports = { Other };\n');
    const s = session();
    await expectBatchEqual(s.run());
    const unitOf = (name: string) => s.units().find((u) => u.ids.some((id) => s.graph!.classes.get(id)?.info.name === name))!;
    expect(unitOf('Sub2')).not.toBe(unitOf('Sub1'));
    expect(unitOf('Sub1').touched.some((f) => f.endsWith('base.cjs'))).toBe(true);
    const second = await rebuilt(s, 'sub2.cjs', "const { Other } = require('./other.cjs');\nclass Sub2 extends Other", "const { Base } = require('./base.cjs');\nclass Sub2 extends Base");
    expect(unitOf('Sub2').ids).toEqual(unitOf('Sub1').ids);
    // Sub2 ran alone first (Base and Sub1 were kept), then the merged unit of the three.
    expect(second.incremental).toMatchObject({ unitsRun: 2, classesRun: 4 });
  });

  it('an import that did not resolve resolves once its file exists (resolver answers are per file set)', async () => {
    write('sub.js', "import { Later } from './later.js';\nexport class Sub extends Later {\n  s() { return 1; }\n}\n");
    const s = session();
    const first = s.run();
    await expectBatchEqual(first);
    expect(first.result.classes.find((c) => c.name === 'Sub')?.flattened).toBe(false);
    const later = write('later.js', 'export class Later {\n  l() { return 2; }\n}\n');
    const second = s.run({ paths: [later], structure: true });
    await expectBatchEqual(second);
    expect(second.result.classes.find((c) => c.name === 'Sub')?.flattened).toBe(true);
    fs.rmSync(later);
    const third = s.run({ paths: [later], structure: true });
    await expectBatchEqual(third);
  });

  it('graph values compared in place (sameDigest) agree with their digests, on real graphs across edits', async () => {
    write('base.js', 'const k = 1;\nexport class Base {\n  b() { return k; }\n}\nexport class Base2 extends Base {}\n');
    write('a.js', "import { Base } from './base.js';\nexport class A extends Base {}\n");
    write('b.js', "import { Base2 } from './base.js';\nexport class B extends Base2 {}\n");
    const s = session();
    s.run();
    const edits = [
      ['base.js', 'b() { return k; }', 'b() { return k + 1; }\n  c() {}'],
      ['b.js', 'extends Base2', 'extends Base'],
      ['base.js', 'export class Base2 extends Base {}', 'export class Base2 {}'],
    ];
    for (const [rel, from, to] of edits) {
      const then = s.graph!;
      s.run({ paths: [edit(rel, from, to)] });
      const now = s.graph!;
      let compared = 0;
      for (const prop of ['classes', 'chains', 'roots', 'layerArgs', 'applied', 'children', 'cyclic', 'modules'] as const) {
        const a = now[prop] as Map<unknown, unknown> | Set<unknown>;
        const b = then[prop] as Map<unknown, unknown> | Set<unknown>;
        expect(sameDigest(a, b)).toBe(digest(a) === digest(b));
        if (!(a instanceof Map) || !(b instanceof Map)) continue;
        for (const key of new Set([...a.keys(), ...b.keys()])) {
          const x = a.get(key);
          const y = b.get(key);
          expect(sameDigest(x, y)).toBe(digest(x) === digest(y));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(10);
    }
  });

  it("watch mode's modules carry the plain resolver's paths, which digests name by their node, as Babel's", async () => {
    write('base.js', 'export class Base {\n  b() { return 1; }\n}\n');
    write('sub.js', "import { Base } from './base.js';\nexport class Sub extends Base {\n  s() { return 2; }\n}\n");
    const s = session();
    s.run();
    const then = s.graph!;
    const sub = [...then.classes.values()].find((c) => c.info.name === 'Sub')!;
    // Summarized without Babel's traverse (scan/summarize-plain.ts).
    expect(sub.info.path).toBeInstanceOf(LitePath);
    expect(sub.module.programPath).toBeInstanceOf(LitePath);
    const { start, end } = sub.info.node;
    expect(digest(sub.info.path)).toBe(`P(N(ClassDeclaration@${start}-${end}))`);
    expect(digest(sub.info.path.scope)).toBe(`S(N(ClassDeclaration@${start}-${end}))`);
    expect(digest(sub.module.programPath.scope)).toBe(digest(babelProgram(sub.module.code).scope));
    // The class parsed again at the same place: other path objects, the same digest.
    const second = await rebuilt(s, 'sub.js', '  s() { return 2; }\n}\n', '  s() { return 2; }\n}\n// a note\n');
    const moved = [...s.graph!.classes.values()].find((c) => c.info.name === 'Sub')!;
    expect(moved.info.path).not.toBe(sub.info.path);
    expect(sameDigest(moved.info.path, sub.info.path)).toBe(true);
    expect(sameDigest(moved.info.path.scope, sub.info.path.scope)).toBe(true);
    expect(digest(moved.module.programPath)).toBe(digest(babelProgram(moved.module.code)));
    // Only Sub was flattened again.
    expect(second.incremental?.classesRun).toBe(1);
  });

  it('sameDigest agrees with digest on random values (maps, sets, arrays, cycles, numbers, symbols)', () => {
    const rand = prng(11);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const sym = Symbol('s');
    const leaf = () => pick<unknown>(['a', 'b', '', 1, 0, -0, NaN, 2n, true, false, null, undefined, sym, Symbol('s'), () => 1, () => 2]);
    const value = (depth: number): unknown => {
      if (depth === 0 || rand() < 0.3) return leaf();
      const n = Math.floor(rand() * 3);
      switch (pick(['array', 'strings', 'object', 'map', 'set', 'cycle'])) {
        case 'array':
          return Array.from({ length: n }, () => value(depth - 1));
        case 'strings':
          return Array.from({ length: n }, () => pick(['a', 'b']));
        case 'object':
          return Object.fromEntries(Array.from({ length: n }, (_, i) => [pick(['x', 'y', `k${i}`]), value(depth - 1)]));
        case 'map':
          return new Map(Array.from({ length: n }, () => [pick(['a', 'b', 1]), value(depth - 1)]));
        case 'set':
          return new Set(Array.from({ length: n }, () => value(depth - 1)));
        default: {
          const o: Record<string, unknown> = { v: value(depth - 1) };
          o.self = o;
          return o;
        }
      }
    };
    let equal = 0;
    for (let i = 0; i < 4000; i++) {
      const a = value(3);
      const b = rand() < 0.5 ? a : value(3);
      const same = digest(a) === digest(b);
      if (same) equal++;
      expect(sameDigest(a, b), `${digest(a)} vs ${digest(b)}`).toBe(same);
    }
    expect(equal).toBeGreaterThan(1000);
  });
});
