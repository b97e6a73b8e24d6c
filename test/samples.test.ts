// Each sample folder is copied into the `src/` of a temp project and checked with the equivalence harness.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Category } from '../src/types.js';
import {
  ORIGINALS_ONLY,
  REPO_ROOT,
  expectEquivalent,
  expectReported,
  readFolderAsFixture,
} from './helpers/equivalence.js';

const sample = (name: string) => readFolderAsFixture(path.join(REPO_ROOT, 'samples', name), 'src');

describe('samples', () => {
  it('shapes-js prints the same trace once flattened', async () => {
    await expectEquivalent(await sample('shapes-js'));
  });

  it('typescript-repo prints the same trace once flattened', async () => {
    await expectEquivalent(await sample('typescript-repo'), { entry: 'src/main.ts' });
  });

  it('errors prints the same trace once flattened', async () => {
    await expectEquivalent(await sample('errors'));
  });

  it('mixins prints the same trace once flattened, with User → Timestamped → Named → Model as its MRO', async () => {
    const both = await expectEquivalent(await sample('mixins'));
    expect(both?.result.classes.find((c) => c.name === 'User')?.mro).toEqual(['User', 'Timestamped', 'Named', 'Model']);
  });

  it('reported: the report contains every category the sample triggers', async () => {
    const files = await sample('reported');
    const wanted: Category[] = ['isinstance', 'mro', 'super'];
    const first = await expectReported(files, { category: wanted[0]! });
    if (ORIGINALS_ONLY || !first) return;
    const categories = new Set(first.result.diagnostics.map((d) => d.category));
    for (const category of wanted) {
      expect(categories.has(category), `no '${category}' diagnostic; got ${[...categories].join(', ')}`).toBe(true);
    }
    // Two distinct mro uses: Object.getPrototypeOf(Dog) and Animal.prototype.describe = ...
    expect(first.result.diagnostics.filter((d) => d.category === 'mro').length).toBeGreaterThanOrEqual(2);
  });
});
