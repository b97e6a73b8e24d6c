// summarizeModule skips Babel's traverse for files where a plain walk finds nothing traverse could
// report. The summary must be the same either way: each case is summarized both ways and compared.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { programArb, renderProgram } from './fuzz/generate.js';
import { parseSource } from '../src/scan/parse.js';
import { summarizeModule, type SummarizeOptions } from '../src/scan/summarize.js';
import type { ModuleInfo } from '../src/scan/module-info.js';

function summarize(code: string, options: SummarizeOptions = {}, file = '/p/src/m.ts'): ModuleInfo {
  const parsed = parseSource(file, code);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return summarizeModule(file, 'src/m.ts', code, parsed.ast, parsed.isModule, options);
}

/** Everything of a summary but its syntax (nodes by position). */
function comparable(m: ModuleInfo): unknown {
  return {
    imports: [...m.imports].map(([k, v]) => [k, { ...v, node: v.node.start }]),
    exports: [...m.exports],
    exportAll: m.exportAll,
    cjs: m.cjsModuleExports,
    factories: [...m.factories],
    applyCalls: m.applyCalls.map((a) => ({ ...a, statement: a.statement.start })),
    copiers: [...m.prototypeCopiers],
    classes: m.classes.map((c) => ({ name: c.name, superRef: c.superRef, binding: c.moduleBinding })),
    uses: m.uses,
    names: [...m.names],
    isModule: m.isModule,
  };
}

const skipsTraverse = (m: ModuleInfo) => Object.getOwnPropertyDescriptor(m, 'programPath')?.get !== undefined;

describe('summarizeModule without traverse', () => {
  it('summarizes a file with nothing to report by the plain walk alone, identically', () => {
    const code = [
      "import { a, type T } from './a';",
      "import * as ns from './ns';",
      "const { r } = require('./r');",
      "export { a as b } from './b';",
      "export * from './c';",
      // Imports used, not passed to a callee outside the module (passed-out.ts).
      'export const x = (y: T) => <div>{ns.f(a.b, r.c)}</div>;',
      'export default function helper(target, source) { return target; }',
      'helper(x, [y, 1]);',
      'this.local = 1;',
      'let v = 1; v.w = 2;',
      // Not a class of an import: a local object's member, an alias of a local object's member.
      'const o = { p: {} }; o.p.q = 1;',
      'const m = o.p; m.q = 2;',
    ].join('\n');
    const fast = summarize(code, {}, '/p/src/m.tsx');
    expect(skipsTraverse(fast)).toBe(true);
    expect(comparable(fast)).toEqual(comparable(summarize(code, { alwaysTraverse: true }, '/p/src/m.tsx')));
    expect([...fast.names]).toContain('div');
  });

  it('parses the dropped tree again, and makes its program path, when they are asked for', () => {
    const fast = summarize("import { a } from './a';\nexport const b = a;\n");
    expect(skipsTraverse(fast)).toBe(true);
    expect(fast.ast.program.body).toHaveLength(2);
    expect(fast.programPath.scope.hasOwnBinding('b')).toBe(true);
    expect(fast.programPath.node).toBe(fast.ast.program);
  });

  it('keeps the tree it was given with keepAst', () => {
    const parsed = parseSource('/p/src/m.js', 'export const b = 1;\n');
    if (!parsed.ok) throw new Error('parse');
    const m = summarizeModule('/p/src/m.js', 'src/m.js', 'export const b = 1;\n', parsed.ast, parsed.isModule, { keepAst: true });
    expect(m.ast).toBe(parsed.ast);
  });

  // Each of these holds a use (or a class) that only traverse finds: the plain walk must send it there.
  const needTraverse: Array<[string, string]> = [
    ['a class', 'export class A {}'],
    ['instanceof', "import { A } from './a';\nexport const is = (x) => x instanceof A;"],
    ['Object.getPrototypeOf', "import { A } from './a';\nObject.getPrototypeOf(A);"],
    ['Reflect.setPrototypeOf', "import { A } from './a';\nReflect.setPrototypeOf(A, null);"],
    ['Object.keys of a prototype', "import { A } from './a';\nObject.keys(A.prototype);"],
    ['Reflect.ownKeys', "import { A } from './a';\nReflect.ownKeys(A);"],
    ['Object.assign onto a prototype', "import { A } from './a';\nObject.assign(A.prototype, {});"],
    ['isPrototypeOf', "import { A } from './a';\nA.prototype.isPrototypeOf(x);"],
    ['isPrototypeOf.call', "import { A } from './a';\nObject.prototype.isPrototypeOf.call(A.prototype, x);"],
    ['__proto__', "import { A } from './a';\nA.__proto__;"],
    ['a prototype patch', "import { A } from './a';\nA.prototype.m = function () {};"],
    ['a static patch of an import', "import { A } from './a';\nA.extra = 1;"],
    ['a static patch through an alias', "import { A } from './a';\nconst B = A;\nconst C = B;\nC.extra = 1;"],
    ['a static patch of a required value', "const A = require('./a');\nA.extra = 1;"],
    ['a static patch through a namespace', "import * as ns from './a';\nns.A.extra = 1;"],
    ['a static patch through a required module object', "const lib = require('./a');\nlib.A.extra++;"],
    ['a static patch through a local alias of a namespace member', "import * as ns from './a';\nfunction f() { const C = ns.A; C.extra = 1; }"],
    ['a method identity comparison', "import { A } from './a';\nexport const same = (x) => x.m === A.prototype.m;"],
    ['Object.is on a static method', "import { A } from './a';\nexport const same = (f) => Object.is(f, A.create);"],
    ['an import handed to a global', "import { A } from './a';\nexpect(x).toBeInstanceOf(A);"],
    ['an import handed to an imported function', "import assert from 'node:assert';\nimport { A } from './a';\nassert.throws(f, A);"],
    ['a namespace member in an object literal', "import test from 'ava';\nimport * as e from './e';\ntest.throws(f, { instanceOf: e.A });"],
    ['an alias of a required value given to new', "const { A } = require('./a');\nconst B = A;\nnew Registry([B]);"],
  ];
  for (const [what, code] of needTraverse) {
    it(`traverses a file with ${what}, and finds it`, () => {
      // keepAst (watch mode): the scope-aware summary (the plain resolver's, test/summarize-plain.test.ts)
      // keeps its program path at once (a batch run makes paths on demand).
      const fast = summarize(code, { keepAst: true });
      const full = summarize(code, { alwaysTraverse: true });
      expect(full.uses.length + full.classes.length).toBeGreaterThan(0);
      expect(skipsTraverse(fast)).toBe(false);
      expect(comparable(fast)).toEqual(comparable(full));
    });
  }

  // The list above is written by hand; the fuzzer's programs hold every use kind the generator knows,
  // so a new kind of use the plain walk does not send to traverse shows up here (it did: identity
  // comparisons, found by the fuzzer as a silent difference).
  it('gives the same summary as traverse for every module of 250 generated programs', () => {
    for (const program of fc.sample(programArb(), { numRuns: 250, seed: 20261121 })) {
      for (const [file, code] of Object.entries(renderProgram(program))) {
        if (!file.endsWith('.js')) continue;
        const abs = `/p/${file}`;
        const parsed = parseSource(abs, code);
        if (!parsed.ok) throw new Error(parsed.error.message);
        const fast = summarizeModule(abs, file, code, parsed.ast, parsed.isModule);
        const full = summarizeModule(abs, file, code, parsed.ast, parsed.isModule, { alwaysTraverse: true });
        expect(comparable(fast), file).toEqual(comparable(full));
      }
    }
  });
});
