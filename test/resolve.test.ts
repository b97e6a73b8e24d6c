import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDefaultResolver, parseJsonc } from '../src/graph/resolve.js';

let root: string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fc-resolve-')));
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function write(files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

/** Resolves from the importer `importerRel` (relative to the project root); answers relative to the root. */
function resolver() {
  const resolve = createDefaultResolver({ cwd: root });
  return (specifier: string, importerRel: string): string | null => {
    const result = resolve(specifier, path.join(root, importerRel));
    return result === null ? null : path.relative(root, result).split(path.sep).join('/');
  };
}

describe('relative and absolute specifiers', () => {
  it('probes extensions in TypeScript-first order', () => {
    write({ 'src/a.ts': '', 'src/a.js': '', 'src/b.tsx': '', 'src/b.js': '', 'src/c.mjs': '', 'src/d.json': '{}' });
    const r = resolver();
    expect(r('./a', 'src/main.ts')).toBe('src/a.ts');
    expect(r('./b', 'src/main.ts')).toBe('src/b.tsx');
    expect(r('./c', 'src/main.ts')).toBe('src/c.mjs');
    expect(r('./d', 'src/main.ts')).toBe('src/d.json');
    expect(r('../src/a', 'src/main.ts')).toBe('src/a.ts');
  });

  it('keeps an explicit extension that exists', () => {
    write({ 'src/a.ts': '', 'src/a.js': '', 'src/data.json': '{}' });
    const r = resolver();
    expect(r('./a.js', 'src/main.ts')).toBe('src/a.js');
    expect(r('./data.json', 'src/main.ts')).toBe('src/data.json');
  });

  it('maps a missing .js/.jsx/.mjs/.cjs file to its TypeScript counterpart', () => {
    write({ 'src/a.ts': '', 'src/b.tsx': '', 'src/c.tsx': '', 'src/d.mts': '', 'src/e.cts': '' });
    const r = resolver();
    expect(r('./a.js', 'src/main.ts')).toBe('src/a.ts');
    expect(r('./b.js', 'src/main.ts')).toBe('src/b.tsx');
    expect(r('./c.jsx', 'src/main.ts')).toBe('src/c.tsx');
    expect(r('./d.mjs', 'src/main.ts')).toBe('src/d.mts');
    expect(r('./e.cjs', 'src/main.ts')).toBe('src/e.cts');
  });

  it('keeps dots that are part of the name', () => {
    write({ 'src/user.service.ts': '' });
    expect(resolver()('./user.service', 'src/main.ts')).toBe('src/user.service.ts');
  });

  it('resolves directories to their index file', () => {
    write({ 'src/models/index.ts': '', 'src/views/index.jsx': '' });
    const r = resolver();
    expect(r('./models', 'src/main.ts')).toBe('src/models/index.ts');
    expect(r('./models/', 'src/main.ts')).toBe('src/models/index.ts');
    expect(r('./views', 'src/main.ts')).toBe('src/views/index.jsx');
    expect(r('.', 'src/models/user.ts')).toBe('src/models/index.ts');
    expect(r('..', 'src/models/deep/x.ts')).toBe('src/models/index.ts');
  });

  it("prefers a project directory's package.json exports['.'] or main over its index", () => {
    write({
      'packages/a/package.json': JSON.stringify({ main: './lib/entry.js' }),
      'packages/a/lib/entry.ts': '',
      'packages/a/index.ts': '',
      'packages/b/package.json': JSON.stringify({ exports: { '.': { types: './b.d.ts', import: './src/b.ts' } } }),
      'packages/b/src/b.ts': '',
      'packages/b/b.d.ts': '',
      'packages/c/package.json': JSON.stringify({ exports: './c.ts' }),
      'packages/c/c.ts': '',
      'packages/d/package.json': JSON.stringify({ name: 'd' }),
      'packages/d/index.js': '',
    });
    const r = resolver();
    expect(r('../packages/a', 'src/main.ts')).toBe('packages/a/lib/entry.ts');
    expect(r('../packages/b', 'src/main.ts')).toBe('packages/b/src/b.ts');
    expect(r('../packages/c', 'src/main.ts')).toBe('packages/c/c.ts');
    expect(r('../packages/d', 'src/main.ts')).toBe('packages/d/index.js');
  });

  it('resolves absolute paths and file: URLs', () => {
    write({ 'src/a.ts': '' });
    const r = resolver();
    expect(r(path.join(root, 'src/a'), 'src/main.ts')).toBe('src/a.ts');
    expect(r(pathToFileURL(path.join(root, 'src/a.ts')).href, 'src/main.ts')).toBe('src/a.ts');
  });

  it('takes a relative importer path from the cwd', () => {
    write({ 'src/a.ts': '' });
    const resolve = createDefaultResolver({ cwd: root });
    expect(resolve('./a', 'src/main.ts')).toBe(path.join(root, 'src/a.ts'));
  });

  it('returns null for missing files and never returns a directory', () => {
    write({ 'src/empty/readme.md': '' });
    const r = resolver();
    expect(r('./nope', 'src/main.ts')).toBeNull();
    expect(r('./empty', 'src/main.ts')).toBeNull();
    expect(r('./nope.js', 'src/main.ts')).toBeNull();
  });
});

describe('external specifiers', () => {
  it('returns null for node: built-ins, bare packages and URLs', () => {
    write({ 'src/a.ts': '', 'node_modules/react/index.js': '' });
    const r = resolver();
    expect(r('node:fs', 'src/a.ts')).toBeNull();
    expect(r('fs', 'src/a.ts')).toBeNull();
    expect(r('react', 'src/a.ts')).toBeNull();
    expect(r('@scope/pkg/sub', 'src/a.ts')).toBeNull();
    expect(r('https://example.com/x.js', 'src/a.ts')).toBeNull();
    expect(r('#internal/x', 'src/a.ts')).toBeNull();
  });
});

describe('tsconfig paths', () => {
  it('applies paths with baseUrl, wildcards, exact keys and fallbacks (JSONC)', () => {
    write({
      'tsconfig.json': `{
        // project settings
        "compilerOptions": {
          /* resolution */
          "baseUrl": "./src",
          "paths": {
            "@app/*": ["app/*"],
            "@app/special/*": ["special/*",],
            "@lib": ["lib/index.ts"],
            "@multi/*": ["missing/*", "fallback/*"],
            "url-like": ["http://not-a-comment"],
          },
        },
      }`,
      'src/app/models/user.ts': '',
      'src/special/x.ts': '',
      'src/lib/index.ts': '',
      'src/fallback/y.ts': '',
      'src/utils/fmt.ts': '',
    });
    const r = resolver();
    expect(r('@app/models/user', 'src/main.ts')).toBe('src/app/models/user.ts');
    expect(r('@app/models/user.js', 'src/main.ts')).toBe('src/app/models/user.ts');
    expect(r('@app/special/x', 'src/main.ts')).toBe('src/special/x.ts'); // longest prefix wins
    expect(r('@lib', 'src/main.ts')).toBe('src/lib/index.ts');
    expect(r('@multi/y', 'src/main.ts')).toBe('src/fallback/y.ts');
    // baseUrl alone also resolves bare specifiers under it
    expect(r('utils/fmt', 'src/main.ts')).toBe('src/utils/fmt.ts');
    expect(r('react', 'src/main.ts')).toBeNull();
  });

  it('resolves paths without baseUrl relative to the tsconfig that declares them, through extends', () => {
    write({
      'config/tsconfig.base.json': '{ "compilerOptions": { "paths": { "~/*": ["../src/*"] } } }',
      'tsconfig.json': '{ "extends": "./config/tsconfig.base", "compilerOptions": { "strict": true } }',
      'src/shapes/circle.ts': '',
    });
    expect(resolver()('~/shapes/circle', 'src/main.ts')).toBe('src/shapes/circle.ts');
  });

  it('lets a derived config override paths and inherit baseUrl', () => {
    write({
      'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": "src", "paths": { "@old/*": ["old/*"] } } }',
      'tsconfig.json': '{ "extends": ["./tsconfig.base.json"], "compilerOptions": { "paths": { "@new/*": ["new/*"] } } }',
      'src/old/a.ts': '',
      'src/new/b.ts': '',
    });
    const r = resolver();
    expect(r('@new/b', 'src/main.ts')).toBe('src/new/b.ts');
    expect(r('@old/a', 'src/main.ts')).toBeNull();
  });

  it('uses the nearest tsconfig.json above the importer', () => {
    write({
      'tsconfig.json': '{ "compilerOptions": { "paths": { "@x/*": ["src/root-x/*"] } } }',
      'packages/p/tsconfig.json': '{ "compilerOptions": { "paths": { "@x/*": ["src/p-x/*"] } } }',
      'src/root-x/a.ts': '',
      'packages/p/src/p-x/a.ts': '',
    });
    const r = resolver();
    expect(r('@x/a', 'src/main.ts')).toBe('src/root-x/a.ts');
    expect(r('@x/a', 'packages/p/src/main.ts')).toBe('packages/p/src/p-x/a.ts');
  });

  it('survives extends cycles and invalid tsconfig files', () => {
    write({
      'a/tsconfig.json': '{ "extends": "./other.json", "compilerOptions": { "paths": { "@a": ["./x.ts"] } } }',
      'a/other.json': '{ "extends": "./tsconfig.json" }',
      'a/x.ts': '',
      'b/tsconfig.json': '{ not json',
    });
    const r = resolver();
    expect(r('@a', 'a/main.ts')).toBe('a/x.ts');
    expect(r('@a', 'b/main.ts')).toBeNull();
  });
});

describe('package.json imports', () => {
  it('resolves #internal patterns with conditions, preferring import and taking types last', () => {
    write({
      'package.json': JSON.stringify({
        name: 'app',
        imports: {
          '#internal/*': { types: './types/*.d.ts', import: './src/internal/*.js', default: './cjs/*.cjs' },
          '#config': { default: './src/config.ts' },
          '#types-only': { types: './types/only.d.ts' },
          '#fallback': [{ import: './missing.js' }, './src/fallback.ts'],
          '#dep': 'some-package',
        },
      }),
      'src/internal/db/pool.ts': '',
      'cjs/db/pool.cjs': '',
      'types/db/pool.d.ts': '',
      'src/config.ts': '',
      'types/only.d.ts': '',
      'src/fallback.ts': '',
    });
    const r = resolver();
    expect(r('#internal/db/pool', 'src/main.ts')).toBe('src/internal/db/pool.ts');
    expect(r('#config', 'src/main.ts')).toBe('src/config.ts');
    expect(r('#types-only', 'src/main.ts')).toBe('types/only.d.ts');
    expect(r('#fallback', 'src/main.ts')).toBe('src/fallback.ts');
    expect(r('#dep', 'src/main.ts')).toBeNull();
    expect(r('#unknown', 'src/main.ts')).toBeNull();
  });

  it('uses the nearest package.json above the importer', () => {
    write({
      'package.json': JSON.stringify({ imports: { '#x': './root.ts' } }),
      'root.ts': '',
      'packages/p/package.json': JSON.stringify({ imports: { '#x': './p.ts' } }),
      'packages/p/p.ts': '',
    });
    const r = resolver();
    expect(r('#x', 'src/main.ts')).toBe('root.ts');
    expect(r('#x', 'packages/p/src/main.ts')).toBe('packages/p/p.ts');
  });
});

describe('caching and speed', () => {
  it('caches lookups within one resolver instance', () => {
    write({ 'src/a.ts': '' });
    const r = resolver();
    expect(r('./a', 'src/main.ts')).toBe('src/a.ts');
    fs.rmSync(path.join(root, 'src/a.ts'));
    expect(r('./a', 'src/other.ts')).toBe('src/a.ts'); // same directory: cached answer
    expect(resolver()('./a', 'src/main.ts')).toBeNull(); // a new resolver sees the change
  });

  it('resolves 3,000 files with several imports each quickly', () => {
    const files: Record<string, string> = {
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }',
    };
    for (let i = 0; i < 3000; i++) files[`src/m${i % 30}/f${i}.ts`] = '';
    write(files);
    const resolve = createDefaultResolver({ cwd: root });
    const start = performance.now();
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const importer = path.join(root, `src/m${i % 30}/f${i}.ts`);
      const j = (i + 1) % 3000;
      const k = (i + 7) % 3000;
      if (resolve(`../m${j % 30}/f${j}.js`, importer)) found++;
      if (resolve(`@/m${k % 30}/f${k}`, importer)) found++;
      if (resolve('node:path', importer) === null) found++;
      if (resolve('react', importer) === null) found++;
    }
    expect(found).toBe(12000);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});

describe('parseJsonc', () => {
  it('accepts comments and trailing commas but keeps them inside strings', () => {
    const text = '\uFEFF{ "a": "x // y", /* c */ "b": ["/* z */", 1,], // end\n "c": "q\\"//", }';
    expect(parseJsonc(text)).toEqual({ a: 'x // y', b: ['/* z */', 1], c: 'q"//' });
  });
});
