// Watch mode flattens again only the classes whose result depends on a change, each alone when it
// shares files with other classes only through exports (a base's helpers and cells), and the text
// is byte-identical to a batch run on the edited tree.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatten } from '../src/index.js';
import { FlattenSession, type SessionRun } from '../src/session.js';

let root: string;

// Every subclass copies the base's constructor (which writes the module variable `made`: a cell
// exported by base.js) and a method using the module-local `shout` (an export of base.js).
const PROJECT: Record<string, string> = {
  'base.js': `let made = 0;
const shout = (s) => s.toUpperCase();
export class Base {
  constructor() { this.n = made++; }
  name() { return shout('base'); }
}
`,
  'a.js': `import { Base } from './base.js';
export class A extends Base { a() { return 'a'; } }
`,
  'b.js': `import { Base } from './base.js';
export class B extends Base { b() { return 'b'; } }
`,
  'c.js': `import { Base } from './base.js';
export class C extends Base { c() { return 'c'; } }
`,
  'other.js': `const twice = (x) => x * 2;
export class Other { two() { return twice(1); } }
export class D extends Other {}
`,
};

const options = () => ({ cwd: root, paths: ['src'], outDir: 'flat' });

beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fc-watch-groups-')));
  for (const [rel, text] of Object.entries(PROJECT)) {
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', rel), text);
  }
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function edit(rel: string, from: string, to: string): string {
  const abs = path.join(root, 'src', rel);
  const text = fs.readFileSync(abs, 'utf8');
  expect(text).toContain(from);
  fs.writeFileSync(abs, text.replace(from, to));
  return abs;
}

/** The mirror texts of a run equal a fresh batch run's on the tree as it is now. */
async function expectBatchEqual(run: SessionRun): Promise<void> {
  const batch = await flatten(options());
  const texts = (files: typeof batch.files) => Object.fromEntries(files.map((f) => [f.outRelPath, f.code ?? null]));
  expect(texts(run.result.files)).toEqual(texts(batch.files));
  expect(run.result.files).toEqual(batch.files);
}

describe('incremental rewrite groups', () => {
  it('flattens again only the classes a change reaches, each alone, and equals a batch run', async () => {
    // verify: every incremental rewrite is also compared with the whole rewrite (it throws on a difference).
    const session = new FlattenSession(options(), { incremental: true, verify: true });
    const first = session.run();
    await expectBatchEqual(first);
    const mirror = (rel: string) => first.result.files.find((f) => f.outRelPath === rel)?.code ?? '';
    expect(mirror('base.js')).toContain('export { shout };');
    expect(mirror('base.js')).toContain('export const made_cell =');
    // A, B and C share base.js only through its exports: each is a unit of its own.
    const unitOf = (id: string) => session.units().find((u) => u.ids.includes(id))!.ids;
    for (const id of ['src/a.js#0', 'src/b.js#0', 'src/c.js#0']) expect(unitOf(id)).toEqual([id]);

    // An edit of one subclass re-flattens that subclass alone.
    const a = edit('a.js', "return 'a'", "return 'A'");
    const second = session.run({ paths: [a] });
    expect(second.incremental).toMatchObject({ unitsRun: 1, classesRun: 1 });
    expect(second.changed.map((f) => f.outRelPath)).toEqual(['a.js']);
    await expectBatchEqual(second);

    // An edit of the base re-flattens its subclasses (and the base, whose own entry reads its file), not D.
    const base = edit('base.js', "shout('base')", "shout('base!')");
    const third = session.run({ paths: [base] });
    expect(third.incremental).toMatchObject({ unitsRun: 4, classesRun: 4 });
    expect(third.changed.map((f) => f.outRelPath).sort()).toEqual(['a.js', 'b.js', 'base.js', 'c.js']);
    await expectBatchEqual(third);

    // Copied code starts writing another module variable of the base: every subclass, planned
    // alone, asks base.js for a new cell; the base's mirror is assembled from all their requests.
    let abs = edit('base.js', 'let made = 0;', 'let made = 0;\nlet seen = 0;');
    abs = edit('base.js', "name() { return shout('base!'); }", "name() { seen++; return shout('base!'); }");
    const fourth = session.run({ paths: [abs] });
    expect(fourth.incremental).toMatchObject({ classesRun: 4 });
    await expectBatchEqual(fourth);
    expect(fourth.result.files.find((f) => f.outRelPath === 'base.js')?.code).toContain('export const seen_cell =');

    // The subclass that asked for the base's exports goes away: the base's mirror loses nothing the others still need.
    fs.rmSync(path.join(root, 'src/b.js'));
    const fifth = session.run({ paths: [path.join(root, 'src/b.js')], structure: true });
    await expectBatchEqual(fifth);
  });

  it('names the exports and cells it adds the same way whichever classes ask for them, in any order', async () => {
    // Planned alone, each subclass asks base.js for the same export and cell; the batch asks once for all.
    const session = new FlattenSession(options(), { incremental: true, verify: true });
    session.run();
    for (const rel of ['a.js', 'c.js']) {
      const abs = edit(rel, 'extends Base {', 'extends Base {\n  z() { return 1; }');
      const run = session.run({ paths: [abs] });
      expect(run.incremental?.classesRun).toBe(1);
      await expectBatchEqual(run);
    }
  });

  it('a new file that no class reads, and its removal, flatten nothing again', async () => {
    // Watch mode's modules keep their trees: no syntax window walks every module for each group of
    // classes (which made every group depend on the list of modules).
    const session = new FlattenSession(options(), { incremental: true, verify: true });
    session.run();
    const abs = path.join(root, 'src/unrelated.js');
    fs.writeFileSync(abs, 'export const unrelated = 1;\n');
    const added = session.run({ paths: [abs], structure: true });
    expect(added.incremental).toMatchObject({ unitsRun: 0 });
    await expectBatchEqual(added);
    fs.rmSync(abs);
    const removed = session.run({ paths: [abs], structure: true });
    expect(removed.incremental).toMatchObject({ unitsRun: 0 });
    await expectBatchEqual(removed);
  });
});
