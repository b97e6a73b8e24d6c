// Very deep and very wide hierarchies, long inheritance cycles and deep directory trees: no stack
// overflow anywhere, no hang, every class accounted for. Runs the real CLI (dist/) and prints timings.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@babel/parser';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, makeProject, runJson } from './helpers.js';

afterAll(cleanupTempDirs);

const DEPTH = 1000;
const WIDTH = 5000;

/** Parses every rewritten mirror file: the output is valid JavaScript. */
function expectMirrorParses(cwd: string, files: { out: string; status: string }[]): void {
  for (const f of files) {
    if (f.status !== 'rewritten') continue;
    const code = fs.readFileSync(path.join(cwd, f.out), 'utf8');
    expect(() => parse(code, { sourceType: 'module' }), f.out).not.toThrow();
  }
}

/** Runs `entry` (relative to the project, ESM) from the sources and from the mirror: same output. */
function expectSameOutput(cwd: string, entry: string): void {
  const run = (file: string) => execFileSync(process.execPath, [path.join(cwd, file)], { cwd, encoding: 'utf8', timeout: 60_000 });
  const original = run(`src/${entry}`);
  expect(original.trim()).not.toBe('');
  expect(run(`flat/${entry}`)).toBe(original);
}

function note(what: string, ms: number, cwd: string): void {
  let bytes = 0;
  const stack = [path.join(cwd, 'flat')];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) stack.push(path.join(dir, e.name));
      else bytes += fs.statSync(path.join(dir, e.name)).size;
    }
  }
  console.log(`[hostile/scale] ${what}: ${ms} ms, mirror ${(bytes / 1e6).toFixed(1)} MB`);
}

describe('very deep hierarchies', () => {
  it(`${DEPTH} levels in one file`, async () => {
    // Only the root has members: what is copied grows linearly, the chains themselves quadratically.
    let code = `export class C0 {\n  constructor() { this.depth = 0; }\n  m() { return 'root'; }\n}\n`;
    for (let i = 1; i < DEPTH; i++) code += `export class C${i} extends C${i - 1} {}\n`;
    code += `const deepest = new C${DEPTH - 1}();\nconsole.log(deepest.m(), deepest.depth);\n`;
    const cwd = makeProject({ 'src/chain.js': code, 'package.json': '{ "type": "module" }\n' });
    const { run, report } = await runJson(['src'], { cwd, timeoutMs: 240_000 });
    note(`${DEPTH} levels in one file`, run.ms, cwd);
    expect(run.code).toBe(0);
    expect(report.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(report.classes).toHaveLength(DEPTH);
    expect(report.classes.filter((c) => c.flattened)).toHaveLength(DEPTH - 1);
    const deepest = report.classes.find((c) => c.name === `C${DEPTH - 1}`)!;
    expect(deepest.mro).toHaveLength(DEPTH);
    expect(deepest.mro[DEPTH - 1]).toBe('C0');
    expectMirrorParses(cwd, report.files);
    // The flattened chain runs (its constructors and super calls do not overflow the stack) and agrees.
    expectSameOutput(cwd, 'chain.js');
  }, 240_000);

  it(`${DEPTH} levels across ${DEPTH} files`, async () => {
    const files: Record<string, string> = {
      'package.json': '{ "type": "module" }\n',
      'src/c0.js': `export class C0 {\n  constructor(v) { this.v = v; }\n  m() { return this.v; }\n}\n`,
      'src/main.js': `import { C${DEPTH - 1} } from './c${DEPTH - 1}.js';\nconst o = new C${DEPTH - 1}(1);\nconsole.log(o.m(), o.v);\n`,
    };
    for (let i = 1; i < DEPTH; i++) {
      // Every 100th level adds a method and a super call, so super chains cross many files.
      const body = i % 100 === 0 ? `\n  m() { return super.m() + ${i}; }\n` : '';
      files[`src/c${i}.js`] = `import { C${i - 1} } from './c${i - 1}.js';\nexport class C${i} extends C${i - 1} {${body}}\n`;
    }
    const cwd = makeProject(files);
    const { run, report } = await runJson(['src'], { cwd, timeoutMs: 240_000 });
    note(`${DEPTH} levels across ${DEPTH} files`, run.ms, cwd);
    expect(run.code).toBe(0);
    expect(report.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(report.classes.filter((c) => c.flattened)).toHaveLength(DEPTH - 1);
    expect(report.classes.find((c) => c.name === `C${DEPTH - 1}`)!.mro).toHaveLength(DEPTH);
    expectMirrorParses(cwd, report.files);
    expectSameOutput(cwd, 'main.js');
  }, 240_000);
});

describe('very wide hierarchies', () => {
  it(`a base with ${WIDTH} subclasses`, async () => {
    const perFile = 100;
    const files: Record<string, string> = {
      'src/base.js': `export class Base {\n  constructor(id) { this.id = id; }\n  name() { return 'base ' + this.id; }\n  static create(id) { return new this(id); }\n}\n`,
    };
    for (let f = 0; f < WIDTH / perFile; f++) {
      let code = `import { Base } from './base.js';\n`;
      for (let i = 0; i < perFile; i++) {
        const n = f * perFile + i;
        code += `export class S${n} extends Base { name() { return super.name() + ' ${n}'; } }\n`;
      }
      files[`src/subs${f}.js`] = code;
    }
    const cwd = makeProject(files);
    const { run, report } = await runJson(['src'], { cwd, timeoutMs: 240_000 });
    note(`a base with ${WIDTH} subclasses`, run.ms, cwd);
    expect(run.code).toBe(0);
    expect(report.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(report.classes.filter((c) => c.flattened)).toHaveLength(WIDTH);
    expectMirrorParses(cwd, report.files);
  }, 240_000);
});

describe.runIf(process.env.HOSTILE_SLOW === '1')('slow variants (HOSTILE_SLOW=1)', () => {
  it(`a base with ${WIDTH} subclasses in one file`, async () => {
    let code = `export class Base {\n  constructor(id) { this.id = id; }\n  name() { return 'base ' + this.id; }\n}\n`;
    for (let n = 0; n < WIDTH; n++) code += `export class S${n} extends Base { name() { return super.name() + ' ${n}'; } }\n`;
    const cwd = makeProject({ 'src/all.js': code });
    const { run, report } = await runJson(['src'], { cwd, timeoutMs: 600_000 });
    note(`a base with ${WIDTH} subclasses in one file`, run.ms, cwd);
    expect(run.code).toBe(0);
    expect(report.classes.filter((c) => c.flattened)).toHaveLength(WIDTH);
  }, 600_000);

  it(`${DEPTH} levels in one file, every level with its own method (quadratic output)`, async () => {
    let code = `export class C0 { m0() { return 0; } }\n`;
    for (let i = 1; i < DEPTH; i++) code += `export class C${i} extends C${i - 1} { m${i}() { return ${i}; } }\n`;
    const cwd = makeProject({ 'src/all.js': code });
    const { run, report } = await runJson(['src'], { cwd, timeoutMs: 600_000 });
    note(`${DEPTH} levels in one file with a method each`, run.ms, cwd);
    expect(run.code).toBe(0);
    expect(report.classes.filter((c) => c.flattened)).toHaveLength(DEPTH - 1);
  }, 600_000);
});

describe('inheritance cycles', () => {
  it('a 500-class cycle across 500 files, and classes hanging off it, end with cycle errors', async () => {
    const n = 500;
    const files: Record<string, string> = {};
    for (let i = 0; i < n; i++) {
      const next = (i + 1) % n;
      files[`src/k${i}.js`] = `import { K${next} } from './k${next}.js';\nexport class K${i} extends K${next} {}\n`;
    }
    files['src/hanging.js'] = `import { K7 } from './k7.js';\nexport class Hanging extends K7 {}\nexport class Below extends Hanging {}\n`;
    files['src/fine.js'] = `class A { a() { return 1; } }\nexport class B extends A {}\n`;
    const cwd = makeProject(files);
    const { run, report } = await runJson(['src'], { cwd, timeoutMs: 120_000 });
    note('a 500-class cycle', run.ms, cwd);
    expect(run.code).toBe(0);
    const cycleFiles = new Set(report.diagnostics.filter((d) => d.category === 'cycle').map((d) => d.file));
    for (let i = 0; i < n; i++) expect(cycleFiles.has(`src/k${i}.js`), `k${i}`).toBe(true);
    expect(report.classes.filter((c) => c.file.startsWith('src/k') || c.file === 'src/hanging.js').every((c) => !c.flattened)).toBe(true);
    expect(report.classes.find((c) => c.name === 'B')?.flattened).toBe(true);
  }, 120_000);
});

describe('deep directory trees', () => {
  it('sources 400 directories deep are found and mirrored', async () => {
    const dirs = Array.from({ length: 400 }, (_, i) => `d${i % 10}`).join('/');
    const cwd = makeProject({
      [`src/${dirs}/leaf.js`]: `import { Root } from '${'../'.repeat(400)}root.js';\nexport class Leaf extends Root {}\n`,
      'src/root.js': `export class Root { r() { return 1; } }\n`,
    });
    const { run, report } = await runJson(['src'], { cwd });
    expect(run.code).toBe(0);
    expect(report.classes.find((c) => c.name === 'Leaf')?.flattened).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'flat', dirs, 'leaf.js'))).toBe(true);
  });
});
