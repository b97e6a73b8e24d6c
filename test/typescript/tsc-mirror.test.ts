import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { flatten } from '../../src/index.js';
import { writeMirror } from '../../src/emit/mirror.js';
import type { FlattenOptions } from '../../src/types.js';
import { tscErrors } from './tsc-places.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
    skipLibCheck: true, types: [], experimentalDecorators: true, baseUrl: '.', paths: { '@lib/*': ['./src/lib/*'] },
  },
};

/** tsc --noEmit must pass on the input and on the mirror, and both must print the same. */
async function expectTypeChecksAndRuns(files: Record<string, string>, options: Partial<FlattenOptions> = {}, compilerOptions: Record<string, unknown> = {}): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-tsc-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const check = async (include: string) => {
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, compilerOptions: { ...TSCONFIG.compilerOptions, ...compilerOptions }, include: [include] }));
    try {
      await run(process.execPath, [TSC, '-p', dir], { cwd: dir });
      return '';
    } catch (e) {
      return String((e as { stdout?: string }).stdout ?? e);
    }
  };
  expect(await check('src')).toBe('');
  const result = await flatten({ paths: ['src'], outDir: 'flat', cwd: dir, ...options });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(result.classes.filter((c) => c.mro.length > 1 && !c.external).every((c) => c.flattened)).toBe(true);
  await writeMirror(path.join(dir, 'flat'), result.files);
  const mirrorErrors = await check('flat');
  const rewritten = result.files.filter((f) => f.status === 'rewritten').map((f) => `--- ${f.outRelPath}\n${readFileSync(path.join(dir, 'flat', f.outRelPath), 'utf8')}`);
  expect(mirrorErrors, rewritten.join('\n')).toBe('');
  const original = await run(process.execPath, ['--import', TSX, 'src/main.ts'], { cwd: dir });
  const flattened = await run(process.execPath, ['--import', TSX, 'flat/main.ts'], { cwd: dir });
  expect(flattened.stdout).toBe(original.stdout);
  return original.stdout;
}

describe('TypeScript mirrors type-check like their input', () => {
  it('--preserve-instanceof: the generated Symbol.hasInstance and lineage block type-check (base, external base, abstract; noImplicitOverride)', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/shapes.ts': `export abstract class Shape { abstract area(): number; }\nexport class Square extends Shape { constructor(public side: number) { super(); } area(): number { return this.side ** 2; } }\n`,
      'src/errors.ts': `export class AppError extends Error {}\nexport class NotFound extends AppError { code = 404; }\n`,
      'src/main.ts': `
import { Shape, Square } from './shapes.js';
import { AppError, NotFound } from './errors.js';
class Big extends Square { constructor() { super(10); } }
const xs: unknown[] = [new Square(2), new Big(), new NotFound('x'), {}, null];
console.log(xs.map((x) => [x instanceof Shape, x instanceof Square, x instanceof AppError, x instanceof Error].join('/')).join(' '));
`,
    }, { preserveInstanceof: true }, { noImplicitOverride: true });
    expect(out).toContain('true/true/false/false true/true/false/false false/false/true/true');
  });

  it('generics with constraints and defaults, substituted through two levels and across files', async () => {
    await expectTypeChecksAndRuns({
      'src/types.ts': `export interface Entity { id: string }\nexport interface User extends Entity { name: string }\n`,
      'src/repo.ts': `
import type { Entity } from './types.js';
interface Page<T> { items: T[]; total: number }
export class Store<T extends Entity, K extends keyof T = keyof T> {
  protected rows = new Map<string, T>();
  constructor(readonly key: K) {}
  put(row: T): this { this.rows.set(row.id, row); return this; }
  page(): Page<T> { const items = [...this.rows.values()]; return { items, total: items.length }; }
  pluck(): T[K][] { return [...this.rows.values()].map((r) => r[this.key]); }
}
export class Repo<R extends Entity> extends Store<R> {
  find(id: string): R | undefined { return this.rows.get(id); }
}
`,
      'src/user-repo.ts': `
import { Repo } from './repo.js';
import type { User } from './types.js';
export class UserRepo extends Repo<User> {
  names(): string[] { return this.page().items.map((u) => u.name); }
}
`,
      'src/main.ts': `
import { UserRepo } from './user-repo.js';
const r = new UserRepo('name');
r.put({ id: 'a', name: 'Ann' }).put({ id: 'b', name: 'Bo' });
console.log(r.names().join(','), r.page().total, r.find('b')?.name, r.pluck().join('|'));
`,
    });
  });

  it('abstract bases, parameter properties, overloads, access modifiers and override', async () => {
    await expectTypeChecksAndRuns({
      'src/shape.ts': `
export abstract class Shape {
  protected static count = 0;
  constructor(public readonly name: string, private scale = 1) { Shape.count++; }
  abstract area(): number;
  scaled(): number { return this.area() * this.scale; }
  describe(): string;
  describe(prefix: string): string;
  describe(prefix?: string): string { return (prefix ?? '') + this.name + '=' + this.scaled(); }
  static made(): number { return Shape.count; }
}
`,
      'src/square.ts': `
import { Shape } from './shape.js';
export class Square extends Shape {
  constructor(private side: number) { super('square', 2); }
  override area(): number { return this.side * this.side; }
  override describe(prefix?: string): string { return '[' + super.describe(prefix ?? '') + ']'; }
}
`,
      'src/main.ts': `
import { Square } from './square.js';
const s = new Square(3);
console.log(s.describe(), s.describe('> '), s.name, Square.made());
`,
    });
  });

  it('tsconfig paths, .js specifiers naming .ts files, a module-local interface used by copied code', async () => {
    await expectTypeChecksAndRuns({
      'src/lib/base.ts': `
interface Options { verbose: boolean }
const defaults: Options = { verbose: false };
export class Base {
  options: Options = { ...defaults };
  configure(o: Partial<Options>): Options { this.options = { ...this.options, ...o }; return this.options; }
}
`,
      'src/app/service.ts': `
import { Base } from '../lib/base.js';
export class Service extends Base {
  run(): string { return this.configure({ verbose: true }).verbose ? 'loud' : 'quiet'; }
}
`,
      'src/main.ts': `
import { Service } from './app/service.js';
console.log(new Service().run(), JSON.stringify(new Service().options));
`,
    });
  });

  // Regressions found on rxjs 7.8.1: a parameter property read in its constructor was taken for a
  // global (`globalThis.scheduler`, undefined at run time), redeclared parameter properties and fields
  // were declared twice, `protected` stayed on `#private` super targets, and uninitialized fields were
  // assigned `undefined` against their declared type.
  it('parameter properties redeclared down the chain, protected super targets, uninitialized fields', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/action.ts': `
export class Scheduler { constructor(readonly label: string) {} }
export class FastScheduler extends Scheduler { fast = true; }
export class Action {
  source: string | undefined;
  destination: { next(v: string): void };
  constructor(protected scheduler: Scheduler, protected work: (v: string) => string) {
    this.destination = { next: (v) => console.log('next', scheduler.label, work(v)) };
  }
  protected delay(d: number | null): number { return d ?? 0; }
}
export class AsyncAction extends Action {
  constructor(protected scheduler: Scheduler, protected work: (v: string) => string) { super(scheduler, work); }
  protected delay(d: number | null): number { return super.delay(d) + 1; }
}
`,
      'src/fast-action.ts': `
import { AsyncAction, FastScheduler } from './action.js';
export class FastAction extends AsyncAction {
  constructor(protected scheduler: FastScheduler, protected work: (v: string) => string, public source: string) { super(scheduler, work); }
  protected delay(d: number | null): number { return super.delay(d) * 10; }
  run(): string { this.destination.next(this.source); return this.scheduler.label + ':' + this.delay(2); }
}
`,
      'src/main.ts': `
import { FastAction } from './fast-action.js';
import { FastScheduler } from './action.js';
console.log(new FastAction(new FastScheduler('f'), (v) => v.toUpperCase(), 'src').run());
`,
    });
    expect(out).toBe('next f SRC\nf:30\n');
  });

  it('static super targets: a generic class, accessors written through super, statics, an anonymous class, and a generic method (instance form)', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/box.ts': `
export class Box<T> {
  protected items: T[] = [];
  get size(): number { return this.items.length; }
  set size(n: number) { this.items.length = n; }
  add(item: T): this { this.items.push(item); return this; }
  first(): T | undefined { return this.items.map((x) => x)[0]; }
  pick<U>(f: (t: T) => U): U[] { return this.items.map(f); }
  static create(): string { return 'box:' + this.name; }
}
export class LabelBox<T extends { label: string }> extends Box<T> {
  override add(item: T): this { super.add(item); return this; }
  override first(): T | undefined { const f = super.first(); return f; }
  override get size(): number { return super.size * 10; }
  override set size(n: number) { super.size = n; super.size += 0; }
  override pick<U>(f: (t: T) => U): U[] { return super.pick(f); }
  static override create(): string { return 'label+' + super.create(); }
}
export const Anon = class extends Box<number> { override first(): number | undefined { return super.first(); } };
`,
      'src/main.ts': `
import { LabelBox, Anon } from './box.js';
const b = new LabelBox<{ label: string }>().add({ label: 'a' }).add({ label: 'b' });
const p = new Proxy(b, {});
p.size = 1;
console.log(p.first()?.label, p.size, b.pick((x) => x.label).join(), LabelBox.create(), Anon.name, new Proxy(new Anon().add(4), {}).first());
`,
    });
    expect(out).toBe('a 10 a label+box:LabelBox Anon 4\n');
  });

  // Regression found on prosemirror-state 1.4.4: `declare visible: boolean` of Selection was not declared
  // in the flattened subclasses, which then were no longer Selections for TypeScript.
  it('declare fields of an ancestor are declared in the flattened class', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/selection.ts': `
export class Selection {
  declare visible: boolean;
  constructor(readonly from: number) { this.visible = from > 0; }
  static near(s: Selection): Selection { return s; }
}
export class TextSelection extends Selection {
  get empty(): boolean { return this.from === 0; }
}
`,
      'src/main.ts': `
import { Selection, TextSelection } from './selection.js';
const s: Selection = Selection.near(new TextSelection(2));
console.log(s.visible, new TextSelection(0).empty, Object.keys(new TextSelection(1)).join(','));
`,
    });
    expect(out).toBe('true true from,visible\n');
  });

  // Decorators on an ancestor's members are refused since (decorated-member: the copy would run them
  // again on the subclass); a decorator on the flattened class's own method stays in place.
  it('definite assignment, abstract class made complete, a decorator on an own method, implements, export type, colliding type parameters, this types', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/types.ts': `export interface Named { name(): string }\ntype Id = string;\nexport type { Id };\n`,
      'src/model.ts': `
import type { Id, Named } from './types.js';
// Works as a legacy (experimentalDecorators, tsc) and as a standard decorator (tsx at run time).
export function tag(target: any, _key?: unknown, d?: PropertyDescriptor): any {
  const wrap = (f: (...a: unknown[]) => string) => function (this: unknown, ...a: unknown[]) { return '<' + f.apply(this, a) + '>'; };
  if (d) { d.value = wrap(d.value); return d; }
  return wrap(target);
}
export abstract class Model<T> implements Named {
  id!: Id;
  abstract name(): string;
  constructor(protected data: T[]) { this.id = 'm' + data.length; }
  describe(): string { return this.name() + '#' + this.id; }
  add(row: T): this { this.data.push(row); return this; }
  map<U>(f: (row: T) => U): U[] { return this.data.map(f); }
}
export abstract class Named2<T> extends Model<T> {
  name(): string { return 'named' + this.data.length; }
}
`,
      'src/users.ts': `
import { Named2, tag } from './model.js';
import type { Named } from './types.js';
export class Users<U extends { n: number }> extends Named2<U> implements Named {
  @tag total(): number { return this.map((u) => u.n).reduce((a, b) => a + b, 0); }
}
`,
      'src/main.ts': `
import { Users } from './users.js';
const u = new Users<{ n: number }>([{ n: 1 }]).add({ n: 2 }).add({ n: 3 });
const lengths: string[] = u.map((row) => 'x'.repeat(row.n));
console.log(u.describe(), u.total(), lengths.join(','), u.id);
`,
    });
    expect(out).toBe('named3#m1 <6> x,xx,xxx m1\n');
  });

  // Found by conform.mjs on domhandler 5.0.3: `Node`'s `abstract readonly type` was not declared in the
  // flattened abstract `DataNode`, which implements it nowhere, so `lastNode.type` (typed `DataNode`)
  // failed with TS2339 in the mirror. Abstract methods were copied; abstract fields now are too.
  it('an ancestor\'s abstract field that an abstract flattened class does not implement stays declared there', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/node.ts': `
export abstract class Node { abstract readonly type: string; abstract weight?: number; parent: Node | null = null; }
export abstract class DataNode extends Node { constructor(public data: string) { super(); } describe(): string { return this.type + ':' + this.data + (this.weight ?? 0); } }
export class Text extends DataNode { type = 'text'; weight = 2; }
`,
      'src/main.ts': `
import { DataNode, Text } from './node.js';
const last: DataNode = new Text('hi');
console.log(last.type, last.describe(), last.parent);
`,
    });
    expect(out).toBe('text text:hi2 null\n');
  });

  // Found while checking the above: a flattened class's own `abstract override`
  // field kept `override` with nothing left to override (TS4112).
  it('a flattened class\'s own abstract field loses an override that overrides nothing any more', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/node.ts': `
export abstract class Base { abstract id: string; label: string | number = 'b'; }
export abstract class Mid<T> extends Base { abstract v: T; abstract override id: string; }
export class Leaf extends Mid<number> { v = 1; id = 'leaf'; sum(): string { return this.id + (this.v + 1) + this.label; } }
`,
      'src/main.ts': `
import { Leaf } from './node.js';
console.log(new Leaf().sum());
`,
    });
    expect(out).toBe('leaf2b\n');
  });

  // Regression found on rxjs 7.8.1 (Scheduler): a base whose fields run before its parameters, with a
  // parameter typed by a function type, failed with overlapping edits (both annotations were removed).
  it('a base constructor parameter with a function type and a default, fields first', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/action.ts': `export class Action { run(): number { return 1; } }\n`,
      'src/scheduler.ts': `
import { Action } from './action.js';
export class Scheduler {
  static now = (): number => 5;
  label = 'sched';
  constructor(private ctor: typeof Action, now: () => number = Scheduler.now) { this.now = now; }
  now: () => number;
  make(): string { return this.label + (new this.ctor().run() + this.now()); }
}
`,
      'src/main.ts': `
import { Scheduler } from './scheduler.js';
import { Action } from './action.js';
export class AsyncScheduler extends Scheduler {
  constructor(A: typeof Action, now: () => number = Scheduler.now) { super(A, now); }
}
console.log(new AsyncScheduler(Action).make());
`,
    });
    expect(out).toBe('sched6\n');
  });

  // Regression found on zod 3.23.8 (src/__tests__/instanceof.test.ts): a subclass without a constructor
  // of a root without one got `constructor(...args: any[]) {}`, whose unused rest parameter fails
  // noUnusedParameters (TS6133), and which accepted any arguments where the original took none.
  it('a generated constructor that forwards nothing takes no parameters (noUnusedParameters)', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/main.ts': `
class Test { hello(): string { return 'hi'; } }
class Subtest extends Test {}
class Tagged extends Test { tag = 'x'; }
const s = new Subtest();
console.log(s.hello(), new Tagged().tag, Subtest.length, Tagged.length, new Test().hello());
`,
    }, {}, { noUnusedParameters: true });
    expect(out).toBe('hi x 0 0 hi\n');
  });
});

describe('exports added for copies, used as a type first and as a value after', () => {
  it('a module-local class named in a parameter type, then constructed, is exported and imported as a value', async () => {
    // Regression: the first (type-only) use decided `export type { Helper }` and `import type { Helper }`,
    // and the copied `new Helper()` then had no value to reach.
    const out = await expectTypeChecksAndRuns({
      'src/base.ts': `class Helper { v() { return 7; } }
export class Base {
  take(h: Helper): number { return h.v(); }
  make() { return new Helper(); }
}
`,
      'src/sub.ts': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
      'src/main.ts': `import { Sub } from './sub.js';\nconst s = new Sub();\nconsole.log(s.take(s.make()));\n`,
    });
    expect(out).toBe('7\n');
  });
});

describe('declarations the flattening used to add twice or leave unused (found on yaml 2.6.1)', () => {
  it('a type the origin already exports is imported under that export, not exported again (TS2484)', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/node.ts': `export type Range = [number, number];
export interface Shape { kind: string }
type Local = { n: number };
export type { Local as LocalView };
export class NodeBase {
  range: Range = [0, 0];
  describe(s: Shape, l: Local): string { return s.kind + l.n + this.range.join('-'); }
}
`,
      'src/map.ts': `import { NodeBase } from './node.js';\nexport class YMap extends NodeBase { size = 1; }\n`,
      'src/main.ts': `import { YMap } from './map.js';\nconst m = new YMap();\nm.range = [1, 2];\nconsole.log(m.describe({ kind: 'map' }, { n: m.size }));\n`,
    });
    expect(out).toBe('map11-2\n');
  });

  it('an import only the extends clause read keeps its module evaluated, without the unused binding (TS6133)', async () => {
    // The module evaluation is behaviour: tsx (esbuild), tsc and Babel drop an import whose bindings
    // nothing reads, so the flattened program lost base.ts's log line before the fix.
    const out = await expectTypeChecksAndRuns({
      'src/base.ts': `console.log('base.ts evaluated');\nexport class Base { hi(): string { return 'hi'; } }\nexport const other = 2;\n`,
      'src/seq.ts': `console.log('seq.ts evaluated');\nexport class Seq { n(): number { return 3; } }\nexport function helper(): number { return 4; }\n`,
      'src/sub.ts': `import { Base } from './base.js';\nexport class Sub extends Base { own(): string { return this.hi() + '!'; } }\n`,
      'src/sub2.ts': `import { helper, Seq } from './seq.js';\nexport class Sub2 extends Seq { m(): number { return this.n() + helper(); } }\n`,
      'src/main.ts': `import { Sub } from './sub.js';\nimport { Sub2 } from './sub2.js';\nconsole.log(new Sub().own(), new Sub2().m());\n`,
    }, {}, { noUnusedLocals: true });
    expect(out).toBe('base.ts evaluated\nseq.ts evaluated\nhi! 7\n');
  });

  it('an extends-only import: kept where copied code or the file reads the name, removed where only a comment names it', async () => {
    // heritage-imports.ts decides without parsing the new text where it can: a read outside the
    // rewritten ranges keeps the import, no mention in the copied texts removes it; a mention (a
    // comment, a string, a read) is settled by parsing. Each of the three ways, run and type-checked.
    const out = await expectTypeChecksAndRuns({
      'src/base.ts': `console.log('base.ts evaluated');\nexport class Base {\n  static made = 0;\n  // Base counts its instances\n  constructor() { Base.made++; }\n  name(): string { return 'Base'; }\n}\n`,
      'src/named.ts': `console.log('named.ts evaluated');\nexport class Named {\n  // not read: Named only in this comment\n  label(): string { return 'Named'; }\n}\n`,
      'src/a.ts': `import { Base } from './base.js';\nexport class A extends Base { own(): string { return this.name() + Base.made; } }\n`,
      'src/b.ts': `import { Named } from './named.js';\nexport class B extends Named {}\n`,
      'src/plain.ts': `export class Plain { p(): number { return 5; } }\n`,
      'src/d.ts': `import { Plain } from './plain.js';\nexport class D extends Plain {}\nexport const plainName = (): string => Plain.name;\n`,
      'src/c.ts': `import { Base } from './base.js';\nexport class C extends Base {}\nexport const made = (): number => Base.made;\n`,
      'src/main.ts': `import { A } from './a.js';\nimport { B } from './b.js';\nimport { C, made } from './c.js';\nimport { D, plainName } from './d.js';\nconsole.log(new A().own(), new B().label(), new C().name(), made(), new D().p(), plainName());\n`,
    }, {}, { noUnusedLocals: true });
    expect(out).toBe('base.ts evaluated\nnamed.ts evaluated\nBase1 Named Base 2 5 Plain\n');
  });

  it('a field that replaces an inherited method gets no declaration next to the copied method (TS2300, TS2717)', async () => {
    const out = await expectTypeChecksAndRuns({
      'src/main.ts': `
class Pairs { items: unknown[] = []; add(value: unknown): void { this.items.push(['pair', value]); } }
class Seq { items: unknown[] = []; add(value: unknown): void { this.items.push(value); } get(i: number): unknown { return this.items[i]; } }
class OMap extends Seq {
  add = Pairs.prototype.add.bind(this);
  get = (i: number): unknown => ['omap', this.items[i]];
}
class Deeper extends OMap {}
const o = new OMap(); o.add(1);
const d = new Deeper(); d.add(2);
console.log(JSON.stringify([o.items, o.get(0), d.items, d.get(0), typeof OMap.prototype.add, Object.hasOwn(o, 'add')]));
`,
    });
    expect(out).toBe('[[["pair",1]],["omap",["pair",1]],[["pair",2]],["omap",["pair",2]],"function",true]\n');
  });
});

describe('super() moved into an arrow helper (TS2337): reported, not silent', () => {
  const files = {
    'src/errors.ts': `export class AppError extends Error {
  code: number;
  constructor(code: number, message: string) {
    super(message);
    this.code = code;
  }
}
export class NotFound extends AppError {
  constructor() {
    super(404, 'not found');
  }
}
export class Quiet extends AppError {}
export class Plain { x = 1; }
export class Child extends Plain {}
`,
    'src/main.ts': `import { NotFound } from './errors.js';\nconst e = new NotFound();\nconsole.log(e.code, e.message, e instanceof Error);\n`,
  };

  it('the flattened class is reported where tsc rejects it, and every error tsc gives is in a reported constructor or class', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-tsc-'));
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    const result = await flatten({ paths: ['src'], outDir: 'flat', cwd: dir });
    const reported = result.diagnostics.filter((d) => d.code === 'ts-super-in-helper');
    expect(reported.map((d) => [d.line, d.severity, d.classes])).toEqual([
      [9, 'warning', ['NotFound', 'AppError']],
      [13, 'warning', ['Quiet', 'AppError']],
    ]);
    await writeMirror(path.join(dir, 'flat'), result.files);
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, include: ['flat'] }));
    const errors = tscErrors(path.join(dir, 'tsconfig.json'));
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set([2337, 2377]));
    const mirror = readFileSync(path.join(dir, 'flat/errors.ts'), 'utf8').split('\n');
    const classOf = (line: number) => mirror.slice(0, line).reverse().find((l) => l.startsWith('export class'));
    expect(new Set(errors.map((e) => classOf(e.line)))).toEqual(new Set(['export class NotFound extends Error {', 'export class Quiet extends Error {']));
    // Run time is the original's.
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const original = await run(process.execPath, ['--import', TSX, 'src/main.ts'], { cwd: dir });
    const flattened = await run(process.execPath, ['--import', TSX, 'flat/main.ts'], { cwd: dir });
    expect(flattened.stdout).toBe(original.stdout);
    expect(original.stdout).toBe('404 not found true\n');
  });

  it('JavaScript, and TypeScript without an ancestor constructor, are not reported', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-tsc-'));
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src/a.js'), files['src/errors.ts'].replace(/: number|: string|^  code;\n/gm, ''));
    writeFileSync(path.join(dir, 'src/b.ts'), `export class E extends Error { code = 1; }\nexport class F extends E { constructor() { super('f'); } }\n`);
    const result = await flatten({ paths: ['src'], outDir: 'flat', cwd: dir });
    expect(result.classes.filter((c) => c.flattened).map((c) => c.name).sort()).toEqual(['Child', 'F', 'NotFound', 'Quiet']);
    expect(result.diagnostics.filter((d) => d.code === 'ts-super-in-helper')).toEqual([]);
  });
});
