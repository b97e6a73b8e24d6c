// The programmatic API as a package user sees it: `import { flatten } from 'flatten-classes'`, and the
// bundler-plugin example from docs/CLI.md run against a sample.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cleanupTempDirs, sampleProject } from './helpers/cli.js';

// Inside the package (ignored by git), so that `import 'flatten-classes'` resolves to this package's dist/.
const scratch = path.join(ROOT, '.tmp', `api-test-${process.pid}`);
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  cleanupTempDirs();
});

function pluginSource(): string {
  const md = readFileSync(path.join(ROOT, 'docs/CLI.md'), 'utf8');
  const m = /```js\n(\/\/ flatten-classes-plugin\.mjs[\s\S]*?)```/.exec(md);
  if (!m) throw new Error('docs/CLI.md has no flatten-classes-plugin.mjs example');
  return m[1]!;
}

describe('programmatic API', () => {
  it("import { flatten } from 'flatten-classes' returns files, classes and diagnostics and writes nothing", async () => {
    mkdirSync(scratch, { recursive: true });
    const probe = path.join(scratch, 'probe.mjs');
    writeFileSync(probe, "export { flatten } from 'flatten-classes';\n");
    const { flatten } = (await import(pathToFileURL(probe).href)) as typeof import('../src/index.js');
    const dir = sampleProject('reported');
    const result = await flatten({ cwd: dir, paths: ['src'], classes: { Dog: { skip: [] } } });
    expect(Object.keys(result).sort()).toEqual(['classes', 'diagnostics', 'files', 'stats']);
    expect(result.classes.map((c) => c.name).sort()).toEqual(['Animal', 'Dog']);
    expect(result.diagnostics.length).toBe(4);
    expect(result.files.find((f) => f.status === 'rewritten')?.code).toContain('class Dog');
    expect(readFileSync(path.join(dir, 'src/animals.js'), 'utf8')).toContain('extends Animal');
  });

  it('the option types are exported from the package types', () => {
    const dts = readFileSync(path.join(ROOT, 'dist/index.d.ts'), 'utf8');
    expect(dts).toMatch(/export type \{[^}]*\bFlattenOptions\b[^}]*\} from '\.\/types\.js'/);
    const types = readFileSync(path.join(ROOT, 'dist/types.d.ts'), 'utf8');
    expect(types).toContain('classes?: Record<string, ClassOptions>;');
    expect(types).toContain('export interface ClassOptions');
  });

  it('the bundler plugin example serves flattened code from transform and reports diagnostics as warnings', async () => {
    mkdirSync(scratch, { recursive: true });
    const file = path.join(scratch, 'flatten-classes-plugin.mjs');
    writeFileSync(file, pluginSource());
    const { default: flattenClasses } = (await import(pathToFileURL(file).href)) as {
      default: (o: object) => {
        name: string;
        buildStart(this: unknown): Promise<void>;
        watchChange(this: unknown): void;
        transform(code: string, id: string): Promise<{ code: string; map: { sources: string[]; sourcesContent: string[]; mappings: string } } | null>;
      };
    };
    const dir = sampleProject('shapes-js');
    const plugin = flattenClasses({ cwd: dir });
    const warnings: string[] = [];
    const ctx = { warn: (s: string) => warnings.push(s), error: (s: string) => { throw new Error(s); } };
    await plugin.buildStart.call(ctx);
    const square = path.join(dir, 'src/square.js');
    const out = await plugin.transform(readFileSync(square, 'utf8'), square);
    expect(out?.code).toMatch(/class Square \{/);
    // With its source map: sources as absolute paths of the inputs (the code is served under the input's path).
    expect(out?.code).not.toContain('sourceMappingURL');
    expect(out?.map.sources).toContain(square);
    expect(out?.map.sources).toContain(path.join(dir, 'src/rectangle.js'));
    expect(out?.map.sourcesContent[out.map.sources.indexOf(square)]).toBe(readFileSync(square, 'utf8'));
    expect(await plugin.transform('', path.join(dir, 'src/main.js'))).toBeNull();
    expect(warnings).toEqual([]);

    // A change: the next transform waits for the new flattening.
    writeFileSync(square, readFileSync(square, 'utf8').replace('toString() {', 'toString() { void (this instanceof Rectangle);'));
    plugin.watchChange.call(ctx);
    const again = await plugin.transform('', `${square}?v=2`);
    expect(again?.code).toContain('void (this instanceof Rectangle)');
    expect(warnings.some((w) => w.includes('[isinstance/instanceof-flattened-base]'))).toBe(true);
  });
});
