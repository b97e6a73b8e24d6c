// TypeScript's legacy class fields (useDefineForClassFields false, the default below target ES2022):
// each layer's moved fields are written the way TypeScript compiled that layer, so the runs agree under
// either semantics. (They used to be written with ES2022 semantics and reported, `ts-legacy-class-fields`;
// rxjs's own test suite, target ES2015, showed that the flattened class's OWN fields without initializer
// were set to undefined silently.) An anonymous function in a legacy field is not named (tsc emits an
// assignment); tsx names it anyway (esbuild's keepNames), so no fixture here depends on that.
import { describe, expect, it } from 'vitest';
import { ORIGINALS_ONLY, expectEquivalent, runBothWays } from '../helpers/equivalence.js';

const tsconfig = (compilerOptions: Record<string, unknown>) => JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', ...compilerOptions } });
const LEGACY = [{ target: 'ES2020' }, { useDefineForClassFields: false, target: 'ESNext' }];
const DEFINE = [{ target: 'ES2022' }, { target: 'ES2017', useDefineForClassFields: true }];

/** Fixtures whose output depends on the semantics: each must print differently under the two (checked below). */
const FIXTURES: Record<string, Record<string, string>> = {
  'parameter properties and field initializers (legacy: parameter properties first)': {
    'src/base.ts': `
export class Base {
  label = this.name.toUpperCase();
  constructor(protected name: string) {}
}
`,
    'src/sub.ts': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
    'src/main.ts': `import { Sub } from './sub.js';\ntry { console.log(new Sub('ann').label); } catch (e) { console.log((e as Error).name); }\n`,
  },
  'an inherited field without initializer over a value set by its ancestor (legacy: nothing emitted)': {
    'src/base.ts': `
export class Root {
  constructor() { (this as any).greet = () => 'from the root'; }
}
export class Base extends Root {
  greet: () => string;
}
`,
    'src/sub.ts': `import { Base } from './base.js';\nexport class Sub extends Base {}\n`,
    'src/main.ts': `import { Sub } from './sub.js';\nconsole.log(typeof new Sub().greet);\n`,
  },
  "the class's own fields without initializer: set by an ancestor's constructor, or a mixin's prototype method": {
    'src/base.ts': `
export class Base {
  constructor() { (this as any).size = 5; }
}
export class Loggable {
  log(): string { return 'logged'; }
}
`,
    'src/sub.ts': `
import { Base, Loggable } from './base.js';
export class Sub extends Base {
  size: number;
  log: () => string;
  kind = 'sub';
}
(Sub.prototype as any).log = Loggable.prototype.log;
`,
    'src/main.ts': `import { Sub } from './sub.js';\nconst s = new Sub();\nconsole.log(s.size, s.kind, typeof s.log, Object.keys(s).join(','));\n`,
  },
  'an inherited field with an accessor of its name in the chain (legacy: assigned through the setter)': {
    'src/base.ts': `
export class Root {
  seen: string[] = [];
  set mode(v: string) { this.seen.push('set ' + v); }
  get mode(): string { return 'getter'; }
}
export class Mid extends Root {
  mode = 'mid';
}
`,
    'src/sub.ts': `import { Mid } from './base.js';\nexport class Sub extends Mid {}\n`,
    'src/main.ts': `import { Sub } from './sub.js';\nconst s = new Sub();\nconsole.log(s.mode, s.seen.join(';'), Object.keys(s).join(','));\n`,
  },
  "a base class's parameter defaults and its fields (legacy: parameters first)": {
    'src/base.ts': `
export const order: string[] = [];
const log = (s: string) => (order.push(s), s);
export class Base {
  a = log('field');
  constructor(public p = log('parameter')) {}
}
`,
    'src/sub.ts': `import { Base } from './base.js';\nexport class Sub extends Base {\n  b = 1;\n}\n`,
    'src/main.ts': `import { order } from './base.js';\nimport { Sub } from './sub.js';\nnew Sub();\nconsole.log(order.join(' '));\n`,
  },
};

describe('TypeScript legacy class fields: each layer is written as TypeScript compiled it', () => {
  for (const [name, files] of Object.entries(FIXTURES)) {
    it(name, async () => {
      const outputs = new Set<string>();
      for (const compilerOptions of [...LEGACY, ...DEFINE]) {
        const r = await expectEquivalent({ ...files, 'tsconfig.json': tsconfig(compilerOptions) });
        if (!r) continue;
        // (Base's protected member makes an isinstance warning for TypeScript's types: not about fields.)
        expect(r.result.diagnostics.filter((d) => d.severity !== 'info' && d.category !== 'isinstance')).toEqual([]);
        // Where a compiler ignoring tsconfig's target would differ, an info says so (legacy only).
        const infos = r.result.diagnostics.filter((d) => d.code === 'ts-legacy-class-fields');
        expect(infos.length > 0, JSON.stringify(compilerOptions)).toBe(LEGACY.includes(compilerOptions));
        expect(infos.every((d) => d.severity === 'info')).toBe(true);
        outputs.add(`${LEGACY.includes(compilerOptions) ? 'legacy' : 'define'} ${r.original.stdout}`);
      }
      // The fixture tells the two semantics apart (else it proves nothing about legacy fields).
      if (!ORIGINALS_ONLY) expect(new Set([...outputs].map((o) => o.replace(/^\w+ /, ''))).size).toBe(2);
    });
  }

  it('an extended tsconfig decides too', async () => {
    if (ORIGINALS_ONLY) return;
    const files = FIXTURES['an inherited field without initializer over a value set by its ancestor (legacy: nothing emitted)'];
    const r = await runBothWays({ ...files, 'tsconfig.base.json': tsconfig({ target: 'ES2019' }), 'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.json' }) });
    expect(r.original.stdout).toBe('function\n');
    expect(r.flattened.stdout).toBe(r.original.stdout);
  });
});
