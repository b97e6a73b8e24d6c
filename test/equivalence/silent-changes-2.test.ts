import { describe, it } from 'vitest';
import { expectEquivalent, expectSameOrReported } from '../helpers/equivalence.js';

// Programs whose mirror behaved differently from the original while the report said nothing (second
// probe: how a subclass names its base, CommonJS, TypeScript, --preserve-instanceof). Each is now the
// same, or left as it was / reported.

const entry = { entry: 'src/main.cjs' };

describe('CommonJS exports the summary cannot pin down: the subclass keeps its extends', () => {
  const cases: Record<string, string> = {
    'exports.Base written twice': `exports.Base = class { m(){ return 'first'; } };
exports.Base = class { m(){ return 'second'; } };`,
    'module.exports replaced after exports.Base': `exports.Base = class { m(){ return 'first'; } };
module.exports = { Base: class { m(){ return 'second'; } } };`,
    'written again inside a function called later': `class A { m(){ return 'A'; } } class B { m(){ return 'B'; } }
module.exports = { Base: A, swap(){ module.exports.Base = B; } };
module.exports.swap();`,
    'Object.assign(module.exports, …)': `class A { m(){ return 'A'; } } class B { m(){ return 'B'; } }
module.exports.Base = A;
Object.assign(module.exports, { Base: B });`,
    'Object.defineProperty(exports, …)': `class A { m(){ return 'A'; } } class B { m(){ return 'B'; } }
exports.Base = A;
Object.defineProperty(exports, 'Base', { value: B });`,
    'exports aliased': `class A { m(){ return 'A'; } } class B { m(){ return 'B'; } }
exports.Base = A;
const e = exports; e.Base = B;`,
  };
  for (const [name, base] of Object.entries(cases)) {
    it(name, async () => {
      await expectSameOrReported({
        'src/base.cjs': base,
        'src/main.cjs': `const { Base } = require('./base.cjs'); const lib = require('./base.cjs');
class X extends Base { n(){ return 'x' + super.m(); } }
class Y extends lib.Base {}
console.log(new X().n(), new Y().m());`,
      }, undefined, entry);
    });
  }

  it('tsc’s `exports.Base = void 0` and __esModule marker still let the class be flattened', async () => {
    await expectEquivalent({
      'src/base.cjs': `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Other = exports.Base = void 0;
class Base { m(){ return 'base'; } }
exports.Base = Base;
class Other {}
exports.Other = Other;`,
      'src/main.cjs': `const { Base } = require('./base.cjs');
class X extends Base { n(){ return 'x' + super.m(); } }
console.log(new X().n());`,
    }, entry);
  });
});

describe('anonymous classes assigned to CommonJS exports', () => {
  it('exports.B = class {} is B, not the first class assigned in the file', async () => {
    await expectEquivalent({
      'src/base.cjs': `exports.A = class { m(){ return 'A'; } };
exports.B = class { m(){ return 'B'; } };`,
      'src/main.cjs': `const { B } = require('./base.cjs'); const lib = require('./base.cjs');
class X extends B {} class Y extends lib.B { m(){ return 'y' + super.m(); } }
console.log(new X().m(), new Y().m());`,
    }, entry);
  });

  it('module.exports = class {} after another assignment of a class', async () => {
    await expectEquivalent({
      'src/base.cjs': `let tmp; tmp = class { m(){ return 'tmp'; } };
module.exports = class { m(){ return 'real'; } };`,
      'src/main.cjs': `const Base = require('./base.cjs');
class X extends Base {}
console.log(new X().m());`,
    }, entry);
  });
});

describe('TypeScript legacy decorators on members (experimentalDecorators): refused, decorated-member', () => {
  const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, experimentalDecorators: true } }, null, 2);
  const REG = `export const registry = new Map<any, string[]>();
const note = (target: any, what: string) => { const c = typeof target === 'function' ? target : target.constructor; registry.set(c, [...(registry.get(c) ?? []), what]); };
export function route(path: string) { return (target: any, key: string, d: PropertyDescriptor) => { note(target, path + ':' + key); }; }
export function wrap(target: any, key: string, d: PropertyDescriptor) { const f = d.value; d.value = function (this: any, ...a: any[]) { return 'wrapped(' + f.apply(this, a) + ')'; }; }
export function Column(): PropertyDecorator { return (target, key) => note(target, 'col:' + String(key)); }
export function mark(target: any, key: string, d: PropertyDescriptor) { note(target, 'static:' + key); }
export function Inject(target: any, key: string | undefined, i: number) { note(target, 'param:' + String(key) + '#' + i); }
export const dump = () => [...registry].map(([k, v]) => k.name + '=' + v.join('|')).join(';');`;
  const cases: Record<string, [string, string]> = {
    'an ancestor’s method decorators ran again on the subclass (a registry keyed by the class)': [
      `export class Base { @route('/a') @wrap hello(): string { return 'hi'; } }`,
      `class Sub extends Base { other() { return 'o'; } }\nconsole.log(new Sub().hello(), dump());`,
    ],
    'an ancestor’s static method decorator': [
      `export class Base { @mark static make() { return 1; } }`,
      `class Sub extends Base {}\nconsole.log(Sub.make(), dump());`,
    ],
    'an ancestor’s parameter decorators (methods and constructor)': [
      `export class Base { constructor(@Inject public a: number = 1) {} m(@Inject b: number) { return b + this.a; } }`,
      `class Sub extends Base {}\nconsole.log(new Sub().m(2), dump());`,
    ],
    'the class’s own decorated field was moved into the constructor without its decorator': [
      `export class Entity { id: number = 0; }`,
      `class User extends Entity { @Column() name: string = 'x'; }\nconsole.log(JSON.stringify(new User()), dump());`,
    ],
  };
  for (const [name, [base, main]] of Object.entries(cases)) {
    it(name, async () => {
      await expectSameOrReported({
        'tsconfig.json': TSCONFIG,
        'src/reg.ts': REG,
        'src/base.ts': `import { route, wrap, Column, mark, Inject } from './reg.js';\n${base}`,
        'src/main.ts': `import { ${main.includes('extends Base') ? 'Base' : 'Entity'} } from './base.js'; import { dump, Column } from './reg.js'; void Column;\n${main}`,
      }, 'decorated-member');
    });
  }
});
