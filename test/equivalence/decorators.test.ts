import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { runNode, writeProject } from '../helpers/equivalence.js';
import type { Diagnostic } from '../../src/types.js';

// Decorators, compiled the way TypeScript 5 compiles them: standard (2023) decorators, or the legacy
// ones where tsconfig turns `experimentalDecorators` on. Node runs neither natively, so each program
// (original and mirror) is compiled with the `typescript` package, for targets ES2022 and ES2015, with
// and without `useDefineForClassFields`, and run with node. The tool reads the same tsconfig.json.

interface Variant {
  target: 'ES2022' | 'ES2015';
  useDefineForClassFields: boolean;
  experimentalDecorators: boolean;
}

const VARIANTS = (experimentalDecorators: boolean): Variant[] =>
  (['ES2022', 'ES2015'] as const).flatMap((target) => [true, false].map((useDefineForClassFields) => ({ target, useDefineForClassFields, experimentalDecorators })));

// Node 20 has no Symbol.metadata; TypeScript's helpers use it where it exists.
const METADATA = `(Symbol as any).metadata ??= Symbol('Symbol.metadata');\n`;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else out.push(p);
  }
  return out;
}

async function compileTree(from: string, to: string, v: Variant): Promise<void> {
  for (const file of await filesUnder(from)) {
    const { outputText } = ts.transpileModule(await readFile(file, 'utf8'), {
      fileName: file,
      compilerOptions: { target: ts.ScriptTarget[v.target], module: ts.ModuleKind.ESNext, useDefineForClassFields: v.useDefineForClassFields, experimentalDecorators: v.experimentalDecorators, allowJs: true },
    });
    const out = path.join(to, path.relative(from, file).replace(/\.ts$/, '.js'));
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, outputText);
  }
  await writeFile(path.join(to, 'package.json'), '{ "type": "module" }\n');
}

interface Outcome {
  variant: Variant;
  original: string;
  flattened: string;
  flattenedClasses: string[];
  diagnostics: Diagnostic[];
  projectDir: string;
}

async function bothWays(files: Record<string, string>, v: Variant): Promise<Outcome> {
  const { flatten } = await import('../../src/index.js');
  const { writeMirror } = await import('../../src/emit/mirror.js');
  const tsconfig = JSON.stringify({ compilerOptions: { target: v.target, useDefineForClassFields: v.useDefineForClassFields, experimentalDecorators: v.experimentalDecorators } });
  const projectDir = await writeProject({ 'tsconfig.json': tsconfig, ...files });
  const result = await flatten({ paths: ['src'], outDir: 'flat', cwd: projectDir });
  await writeMirror(path.join(projectDir, 'flat'), result.files);
  await compileTree(path.join(projectDir, 'src'), path.join(projectDir, 'run-original'), v);
  await compileTree(path.join(projectDir, 'flat'), path.join(projectDir, 'run-flat'), v);
  const show = (r: { stdout: string; stderr: string; code: number | null }) => `${r.stdout}${r.code === 0 ? '' : `exit ${r.code}: ${r.stderr.split('\n').find((l) => /Error/.test(l)) ?? r.stderr}`}`;
  const original = await runNode(path.join(projectDir, 'run-original/main.js'), projectDir);
  expect(original.code, `the original fixture fails under ${JSON.stringify(v)}: ${original.stderr}`).toBe(0);
  const flattened = await runNode(path.join(projectDir, 'run-flat/main.js'), projectDir);
  return { variant: v, original: show(original), flattened: show(flattened), flattenedClasses: result.classes.filter((c) => c.flattened).map((c) => c.name), diagnostics: result.diagnostics, projectDir };
}

const describeOutcome = (o: Outcome) =>
  `${JSON.stringify(o.variant)}\noriginal: ${o.original}\nflattened: ${o.flattened}\ndiagnostics: ${o.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`).join('\n  ') || '(none)'}\nproject: ${o.projectDir}`;

/** Every variant: same output, `flattened` flattened, no error; `warns` are the warnings wanted (all of them). */
async function expectSame(files: Record<string, string>, variants: Variant[], flattened: string, warns: string[] = []): Promise<void> {
  for (const v of variants) {
    const o = await bothWays(files, v);
    expect(o.flattened, `output differs\n${describeOutcome(o)}`).toBe(o.original);
    expect(o.flattenedClasses, describeOutcome(o)).toContain(flattened);
    expect(o.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code), describeOutcome(o)).toEqual([]);
    expect([...new Set(o.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code))].sort(), describeOutcome(o)).toEqual([...warns].sort());
    await rm(o.projectDir, { recursive: true, force: true });
  }
}

/** Every variant: `cls` is left as it was, reported with `code`, and the program behaves as before. */
async function expectRefused(files: Record<string, string>, variants: Variant[], cls: string, code: string): Promise<void> {
  for (const v of variants) {
    const o = await bothWays(files, v);
    expect(o.flattenedClasses, describeOutcome(o)).not.toContain(cls);
    expect(o.diagnostics.map((d) => d.code), describeOutcome(o)).toContain(code);
    expect(o.flattened, describeOutcome(o)).toBe(o.original);
    await rm(o.projectDir, { recursive: true, force: true });
  }
}

const STANDARD = VARIANTS(false);
const LEGACY = VARIANTS(true);

describe('standard decorators: initializers of the class’s own members', () => {
  it('a method decorator’s addInitializer ran after the ancestors’ fields and constructors: refused', async () => {
    await expectRefused({
      'src/main.ts': `${METADATA}const log: string[] = [];
function init(v: any, ctx: any) { ctx.addInitializer(function (this: any) { log.push('init ' + String(ctx.name) + ' a=' + this.a + ' b=' + this.b); }); }
class A { a = 1; constructor() { log.push('A ctor'); } }
class B extends A { b = 2; @init m() {} }
new B(); console.log(log.join('; '));`,
    }, STANDARD, 'B', 'decorated-member');
  });

  it('private methods and getters too (context.private, context.access, context.kind)', async () => {
    await expectRefused({
      'src/main.ts': `${METADATA}const log: string[] = [];
function acc(v: any, ctx: any) { ctx.addInitializer(function (this: any) { log.push(ctx.kind + ' ' + String(ctx.name) + ' ' + ctx.private + ' ' + ctx.static + ' ' + ctx.access.has(this) + ' ' + typeof ctx.access.get(this)); }); }
class A { constructor() { log.push('A'); } }
class B extends A { @acc #p() {} @acc get q() { return 1; } }
new B(); console.log(log.join('; '));`,
    }, STANDARD, 'B', 'decorated-member');
  });

  it('a constructor that runs code before super(), without an external base: refused', async () => {
    await expectRefused({
      'src/main.ts': `${METADATA}const log: string[] = [];
function init(v: any, ctx: any) { ctx.addInitializer(function (this: any) { log.push('init ' + String(ctx.name)); }); }
class A { m0() {} }
class B extends A { x = 0; constructor() { log.push('before'); super(); log.push('after'); } @init m() {} }
new B(); console.log(log.join('; '));`,
    }, STANDARD, 'B', 'decorated-member');
  });

  it('plain JavaScript decorators are standard ones', async () => {
    await expectRefused({
      'src/main.js': `const log = [];
function init(v, ctx) { ctx.addInitializer(function () { log.push('init ' + String(ctx.name) + ' a=' + this.a); }); }
class A { a = 1; }
class B extends A { @init m() {} }
new B(); console.log(log.join('; '));`,
    }, STANDARD, 'B', 'decorated-member');
  });

  it('ancestors that run nothing during construction: flattened, same order', async () => {
    await expectSame({
      'src/main.ts': `${METADATA}const log: string[] = [];
function init(v: any, ctx: any) { ctx.addInitializer(function (this: any) { log.push('init ' + String(ctx.name) + ' ' + Object.keys(this)); }); }
class A { m0() { return 'm0'; } }
class B extends A { b = 2; constructor(x: number) { super(); log.push('ctor ' + x); } @init m() { return this.m0(); } }
const b = new B(5); console.log(log.join('; '), b.m());`,
    }, STANDARD, 'B');
  });

  it('an external base at the root keeps the real super(): flattened, same order', async () => {
    await expectSame({
      'src/main.ts': `${METADATA}const log: string[] = [];
function init(v: any, ctx: any) { ctx.addInitializer(function (this: any) { log.push('init ' + String(ctx.name) + ' ' + this.size); }); }
class E { size = 5; constructor() { log.push('E'); } }
const X = [E][0];
class A extends X { m0() {} }
class B extends A { @init m() {} }
new B(); console.log(log.join('; '));`,
    }, STANDARD, 'B');
  });

  it('a static method decorator’s initializer ran while the ancestor’s statics were inherited: refused', async () => {
    await expectRefused({
      'src/main.ts': `${METADATA}const log: string[] = [];
function sinit(v: any, ctx: any) { ctx.addInitializer(function (this: any) { log.push('sinit ' + String(ctx.name) + ' s=' + this.s); }); }
class A { static s = 'S'; }
class B extends A { static t = 'T'; @sinit static m() {} }
console.log(log.join('; '), B.s);`,
    }, STANDARD, 'B', 'decorated-member');
  });

  it('a static method decorator where ancestors have only static methods: flattened', async () => {
    await expectSame({
      'src/main.ts': `${METADATA}const log: string[] = [];
function sinit(v: any, ctx: any) { ctx.addInitializer(function (this: any) { log.push('sinit ' + String(ctx.name) + ' ' + this.sm()); }); }
class A { constructor() { log.push('A'); } static sm() { return 'A.sm'; } }
class B extends A { @sinit static n() {} }
new B(); console.log(log.join('; '));`,
    }, STANDARD, 'B');
  });

  it('a static field decorator (initializer and addInitializer) sees the copied statics: flattened', async () => {
    await expectSame({
      'src/main.ts': `${METADATA}const log: string[] = [];
function f(v: any, ctx: any) { ctx.addInitializer(function (this: any) { log.push('finit ' + String(ctx.name) + ' s=' + this.s); }); return function (this: any, x: any) { log.push('init ' + this.s + ' ' + x); return x + '!'; }; }
class A { static s = 'S'; static q = 1; }
class B extends A { @f static t = 'T'; }
console.log(log.join('; '), B.s, B.t);`,
    }, STANDARD, 'B');
  });

  it('a decorated instance field is refused (it would move into the constructor without its decorator)', async () => {
    await expectRefused({
      'src/main.ts': `${METADATA}const log: string[] = [];
function f(v: any, ctx: any) { return function (this: any, x: any) { log.push('finit ' + String(ctx.name) + ' a=' + this.a); return x * 10; }; }
class A { a = 1; }
class B extends A { @f b = 2; }
console.log(new B().b, log.join('; '));`,
    }, STANDARD, 'B', 'decorated-member');
  });

  it('a decorated auto-accessor parses, and is refused (unsupported-accessor)', async () => {
    await expectRefused({
      'src/main.ts': `${METADATA}const log: string[] = [];
function acc(v: any, ctx: any) { log.push(ctx.kind + ' ' + String(ctx.name)); return { get(this: any) { return v.get.call(this) * 2; } }; }
class A { m0() {} }
class B extends A { @acc accessor x = 1; }
console.log(new B().x, log.join('; '));`,
    }, STANDARD, 'B', 'unsupported-accessor');
  });
});

describe('class decorators on the flattened class', () => {
  const replacing = (std: boolean, statics: boolean) => `${std ? METADATA : ''}const log: string[] = [];
function rep(v: any${std ? ', ctx: any' : ''}) { return class extends v { extra() { return 'x'; } }; }
class A { a = 1; m() { return 'A.m' + this.a; } static sm() { return 'A.sm'; } }
@rep class B extends A { m() { return 'B>' + super.m(); }${statics ? ` static sm() { return 'B>' + super.sm(); }` : ''} }
const b = new B(); console.log(b.m(), (b as any).extra(), B.sm(), B.name);`;

  it('legacy: a replacing decorator; instance super targets are reached through this (warned)', async () => {
    await expectSame({ 'src/main.ts': replacing(false, false) }, LEGACY, 'B', ['super-receiver-checked']);
  });

  it('legacy: static super in a class a decorator may replace: refused (the replacement has no static copies)', async () => {
    await expectRefused({ 'src/main.ts': replacing(false, true) }, LEGACY, 'B', 'decorated-class');
  });

  it('standard: the same', async () => {
    await expectSame({ 'src/main.ts': replacing(true, false) }, STANDARD, 'B', ['super-receiver-checked']);
    await expectRefused({ 'src/main.ts': replacing(true, true) }, STANDARD.slice(0, 1), 'B', 'decorated-class');
  });

  it('standard: context.metadata of the class and its members (no former ancestor has any)', async () => {
    await expectSame({
      'src/main.ts': `${METADATA}function meta(v: any, ctx: any) { ctx.metadata[ctx.name] = ctx.kind; ctx.addInitializer?.(function (this: any) { (ctx.metadata.inits ??= []).push(String(ctx.name)); }); }
class A { x = 1; sa() { return 'sa'; } }
@meta class B extends A { @meta static s() {} }
const md: any = (B as any)[Symbol.metadata]; console.log(JSON.stringify(md), Object.getPrototypeOf(md), new B().sa());`,
    }, STANDARD, 'B');
  });

  it('an anonymous class expression with a class decorator', async () => {
    await expectSame({
      'src/main.ts': `${METADATA}const log: string[] = [];
function dec(v: any, ctx: any) { ctx.addInitializer(function (this: any) { log.push('init ' + ctx.name); }); }
class A { a = 1; m() { return 'A'; } }
const B = @dec class extends A { m() { return 'B' + super.m(); } };
const b = new B(); console.log(log.join(), b.m(), B.name);`,
    }, STANDARD, 'B', ['super-receiver-checked']);
  });
});

describe('TypeScript files in the standard decorator grammar', () => {
  it('`export @dec class` parses (the legacy grammar rejects it)', async () => {
    await expectSame({
      'src/base.ts': `export class Base { hi() { return 'hi'; } }`,
      'src/sub.ts': `import { Base } from './base.js';
function tag(v: any, ctx: any) { ctx.addInitializer(function (this: any) { this.tagged = String(ctx.name); }); }
export @tag class Sub extends Base { own() { return 'own'; } }`,
      'src/main.ts': `${METADATA}import { Sub } from './sub.js';
console.log(new Sub().hi(), new Sub().own(), (Sub as any).tagged);`,
    }, STANDARD, 'Sub');
  });
});

describe('super inside a decorator of a nested class member (evaluated where the member is defined)', () => {
  it('belongs to the copied method around the nested class: reaches the former ancestor’s method', async () => {
    await expectSame({
      'src/main.ts': `${METADATA}const log: string[] = [];
function tagged(label: string) { return function (v: any, ctx: any) { log.push(label + ' on ' + String(ctx.name)); }; }
class Base { tag() { return 'base'; } }
class Mid extends Base {
  tag() { return 'mid'; }
  make() {
    class Inner { @tagged(super.tag()) m() {} }
    return new Inner();
  }
}
class Leaf extends Mid { tag() { return 'leaf'; } }
new Leaf().make(); new Mid().make(); console.log(log.join('; '));`,
    }, LEGACY, 'Leaf');
  });
  // Standard decorators are left out: TypeScript 5 evaluates them in a static block of the nested class,
  // where `super` is that class's (the original itself throws there).
});
