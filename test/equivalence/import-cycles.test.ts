import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ORIGINALS_ONLY, runBothWays } from '../helpers/equivalence.js';

// A subclass whose base comes from a module in its own import cycle: where the subclass's module is
// evaluated first, the original throws at `extends`; the flattened class no longer reads the base
// there. The one behaviour change the report gives as an info (extends-in-import-cycle).

const cycle = {
  'src/a.mjs': `import { B } from './b.mjs';\nexport class A { hi() { return 'A'; } }\nexport const make = () => new B();\n`,
  'src/b.mjs': `import { A } from './a.mjs';\nexport class B extends A { hi() { return 'B' + super.hi(); } }\n`,
};

describe.skipIf(ORIGINALS_ONLY)('extends inside an import cycle', () => {
  it('the original throws where the subclass module loads first, the mirror runs: reported as an info at the class', async () => {
    const r = await runBothWays({ ...cycle, 'src/main.mjs': `import { make } from './a.mjs';\nconsole.log(make().hi());\n` });
    expect(r.original.code).not.toBe(0);
    expect(r.original.stderr).toMatch(/ReferenceError: Cannot access 'A' before initialization/);
    expect(r.flattened.stdout).toBe('BA\n');
    const found = r.result.diagnostics.filter((d) => d.code === 'extends-in-import-cycle');
    expect(found.map((d) => [d.severity, d.file, d.line, d.column])).toEqual([['info', 'src/b.mjs', 2, 8]]);
    await rm(r.projectDir, { recursive: true, force: true });
  });

  it('loaded base first, both run the same; the info is there all the same (it depends on the entry point)', async () => {
    const r = await runBothWays({ ...cycle, 'src/main.mjs': `import { B } from './b.mjs';\nconsole.log(new B().hi());\n` });
    expect(r.original).toEqual({ ...r.flattened });
    expect(r.result.diagnostics.map((d) => d.code)).toEqual(['extends-in-import-cycle']);
    await rm(r.projectDir, { recursive: true, force: true });
  });

  it('no cycle (a type-only import back does not make one), no info', async () => {
    const r = await runBothWays({
      'src/a.ts': `import type { B } from './b';\nexport class A { hi(): string { return 'A'; } other?: B; }\n`,
      'src/b.ts': `import { A } from './a';\nexport class B extends A { hi() { return 'B' + super.hi(); } }\n`,
      'src/main.ts': `import { B } from './b';\nconsole.log(new B().hi());\n`,
    });
    expect(r.flattened.stdout).toBe(r.original.stdout);
    expect(r.result.diagnostics.filter((d) => d.code === 'extends-in-import-cycle')).toEqual([]);
    expect(r.result.stats.classesFlattened).toBe(1);
    await rm(r.projectDir, { recursive: true, force: true });
  });
});
