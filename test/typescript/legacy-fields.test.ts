// TypeScript's legacy class fields (useDefineForClassFields false, the default below target ES2022):
// the rewrite writes moved fields with ES2022 semantics, so where the two differ it must say so.
import { describe, expect, it } from 'vitest';
import { ORIGINALS_ONLY, expectEquivalent, expectReported, runBothWays } from '../helpers/equivalence.js';

const tsconfig = (compilerOptions: Record<string, unknown>) => JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', ...compilerOptions } });

const PARAM_PROPS = {
  'src/base.ts': `
export class Base {
  label = this.name.toUpperCase();
  constructor(protected name: string) {}
}
`,
  'src/sub.ts': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
  'src/main.ts': `import { Sub } from './sub.js';\ntry { console.log(new Sub('ann').label); } catch (e) { console.log((e as Error).name); }\n`,
};

const NO_INITIALIZER = {
  'src/base.ts': `
export class Base {
  greet: () => string;
}
(Base.prototype as any).greet = () => 'from the prototype';
`,
  'src/sub.ts': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
  'src/main.ts': `import { Sub } from './sub.js';\nconsole.log(typeof new Sub().greet);\n`,
};

describe('TypeScript legacy class fields', () => {
  it('parameter properties before field initializers (legacy order) are reported, and the run does differ', async () => {
    const r = await expectReported({ ...PARAM_PROPS, 'tsconfig.json': tsconfig({ target: 'ES2020' }) }, { category: 'unsupported', code: 'ts-legacy-class-fields' });
    if (!ORIGINALS_ONLY) expect(r!.flattened.stdout).not.toBe(r!.original.stdout); // else the test proves nothing
  });

  it('a field without initializer over a prototype member (legacy: nothing emitted) is reported', async () => {
    const r = await expectReported({ ...NO_INITIALIZER, 'tsconfig.json': tsconfig({ useDefineForClassFields: false, target: 'ESNext' }) }, { category: 'unsupported', code: 'ts-legacy-class-fields' });
    if (!ORIGINALS_ONLY) expect(r!.flattened.stdout).not.toBe(r!.original.stdout);
  });

  it('with ES2022 semantics (target ES2022, or the flag on) nothing is reported and the runs agree', async () => {
    for (const compilerOptions of [{ target: 'ES2022' }, { target: 'ES2017', useDefineForClassFields: true }]) {
      const r = await expectEquivalent({ ...NO_INITIALIZER, 'tsconfig.json': tsconfig(compilerOptions) });
      if (r) expect(r.result.diagnostics.filter((d) => d.code === 'ts-legacy-class-fields')).toEqual([]);
    }
  });

  it('an extended tsconfig decides too', async () => {
    if (ORIGINALS_ONLY) return;
    const r = await runBothWays({ ...NO_INITIALIZER, 'tsconfig.base.json': tsconfig({ target: 'ES2019' }), 'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json' }) });
    expect(r.result.diagnostics.some((d) => d.code === 'ts-legacy-class-fields')).toBe(true);
  });
});
