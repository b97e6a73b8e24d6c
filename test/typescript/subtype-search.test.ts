// The search for places that rely on a lost subtype relation (report/ts-subtype.ts) skips modules whose
// scan cannot change anything: those that mention none of the names it tracks (until one is learned)
// and have no `this`-typed declaration. Skipping must not change the report: each project here is
// searched both ways, and the places that exist only through a learned name or a `this` type are named.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flatten } from '../../src/index.js';
import { exhaustiveSearchForTests, TS_PLACE_CODES } from '../../src/report/ts-subtype.js';
import { summarizeModule } from '../../src/scan/summarize.js';
import { parseSource } from '../../src/scan/parse.js';

const FILES: Record<string, string> = {
  // Nominal (a private member): the flattened Savings is no longer an Account.
  'src/account.ts': `export class Account { private balance = 0; total(): number { return this.balance; } }\n`,
  'src/savings.ts': `import { Account } from './account.js';\nexport class Savings extends Account { rate = 1; }\n`,
  'src/take.ts': `import type { Account } from './account.js';\nexport function take(a: Account): number { return a.total(); }\n`,
  // Mentions no tracked name, but declares a method returning \`this\`: main.ts's s.again() is as suspect as s.
  'src/fluent.ts': `export interface Fluent { again(): this; }\n`,
  // Learns \`make\` (its return type names Savings) ...
  'src/factory.ts': `import { Savings } from './savings.js';\nexport class Factory { make(): Savings { return new Savings(); } }\n`,
  // ... which makes this module, naming no class at all, a place: f.make() is handed to take().
  'src/relay.ts': `import { take } from './take.js';\nexport function relay(f: { make(): unknown }): number { return take(f.make() as never); }\n`,
  // Nothing to do with the classes.
  'src/util.ts': `export function twice(n: number): number { return n * 2; }\n`,
  'src/main.ts': [
    "import { Savings } from './savings.js';",
    "import type { Fluent } from './fluent.js';",
    "import { take } from './take.js';",
    'const s = new Savings() as Savings & Fluent;',
    'console.log(take(s.again()));',
    '',
  ].join('\n'),
};

async function placesOf(files: Record<string, string>): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fc-tssearch-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  const result = await flatten({ paths: ['src'], outDir: 'flat', cwd: dir });
  return result.diagnostics.filter((d) => TS_PLACE_CODES.includes(d.code)).map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`);
}

afterEach(() => {
  exhaustiveSearchForTests.on = false;
});

describe('the search for TypeScript places skips only modules that cannot matter', () => {
  it('reports the same places as a search of every module, including those found through a learned name and a `this` type', async () => {
    const pruned = await placesOf(FILES);
    exhaustiveSearchForTests.on = true;
    const exhaustive = await placesOf(FILES);
    expect(pruned).toEqual(exhaustive);
    // The test can fail: these places exist only through fluent.ts's `this` type and factory.ts's `make`.
    expect(pruned).toEqual(expect.arrayContaining(['src/main.ts:5:18 ts-subtype-use', 'src/relay.ts:2:69 ts-subtype-use']));
    expect(pruned.some((p) => p.startsWith('src/util.ts') || p.startsWith('src/fluent.ts'))).toBe(false);
  });

  it('marks the modules that declare a `this` type or a `this` parameter', () => {
    const thisTyped = (code: string) => {
      const parsed = parseSource('/p/src/m.ts', code);
      if (!parsed.ok) throw new Error(parsed.error.message);
      return summarizeModule('/p/src/m.ts', 'src/m.ts', code, parsed.ast, parsed.isModule).thisTyped;
    };
    expect(thisTyped('interface F { again(): this }')).toBe(true);
    expect(thisTyped('function f(this: Window, n: number) { return n; }')).toBe(true);
    expect(thisTyped('type Cb = (this: Element) => void;')).toBe(true);
    expect(thisTyped('class A { m() { return this; } n(x: A) { return x.m.call(this); } }')).toBe(false);
  });
});
