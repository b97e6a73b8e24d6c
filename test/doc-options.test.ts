// Class options from doc comments (`@flatten-ignore`, `@flatten skip: …`) are read by the summary
// (scan/doc-options.ts: ClassInfo.flattenDoc), the same with Babel's paths and
// the plain resolver's, on every holder the rewrite used to read from the syntax: the class, its export
// or variable statement, a mixin factory that returns it. Module-level aliases (ModuleInfo.aliases) too.
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/scan/parse.js';
import { summarizeModule } from '../src/scan/summarize.js';
import { comparableSummary } from '../src/scan/summary-compare.js';
import type { ModuleInfo } from '../src/scan/module-info.js';
import { asksIgnore } from '../src/scan/doc-options.js';

function both(code: string): ModuleInfo {
  const make = (babel: boolean) => {
    const parsed = parseSource('/p/a.js', code);
    if (!parsed.ok) throw new Error(parsed.error.message);
    return summarizeModule('/p/a.js', 'p/a.js', code, parsed.ast, parsed.isModule, babel ? { alwaysTraverse: true, keepTree: true } : { keepTree: true });
  };
  const plain = make(false);
  expect(comparableSummary(plain)).toEqual(comparableSummary(make(true)));
  return plain;
}

describe('doc comment options in the summary', () => {
  it('on every holder of a class', () => {
    const m = both(
      [
        `/** @flatten-ignore */\nclass A {}`,
        `/** @flatten skip: statics, docs */\nexport class B extends A {}`,
        `/** @flatten-ignore */\nexport default class extends A {}`,
        `/** @flatten-ignore */\nconst C = class extends A {};`,
        `/** @flatten-ignore */\nexport const D = class extends A {};`,
        `/** @flatten-ignore */\nexport const M = (Base) => class extends Base {};`,
        `/** @flatten skip: fields */\nfunction N(Base) { return class extends Base {}; }`,
        `/** just a comment */\nclass E extends A {}`,
        `function f() {\n  /** @flatten-ignore */\n  class Inner extends A {}\n  return Inner;\n}`,
      ].join('\n'),
    );
    expect(m.classes.map((c) => [c.name, c.flattenDoc.map((d) => d.trim())])).toEqual([
      ['A', ['* @flatten-ignore']],
      ['B', ['* @flatten skip: statics, docs']],
      ['default', ['* @flatten-ignore']],
      ['C', ['* @flatten-ignore']],
      ['D', ['* @flatten-ignore']],
      ['M', ['* @flatten-ignore']],
      ['N', ['* @flatten skip: fields']],
      ['E', []],
      ['Inner', ['* @flatten-ignore']],
    ]);
    expect(m.classes.flatMap((c, i) => (asksIgnore(c.flattenDoc) ? [i] : []))).toEqual([0, 2, 3, 4, 5, 8]);
  });

  it('module-level const aliases', () => {
    const m = both(`import { X } from './x.js';\nimport * as ns from './ns.js';\nclass Base {}\nexport const B = Base;\nconst Y = X, Z = Y;\nlet L = Base;\nexport { Z };\nfunction f() { const In = Base; }\nexport const N = ns.Base, D = ns.a.b;\n`);
    expect([...m.aliases]).toEqual([['B', 'Base'], ['Y', 'X'], ['Z', 'Y'], ['N', 'ns.Base']]);
  });
});
