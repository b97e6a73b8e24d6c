// Determinism: the same input gives byte-identical mirrors and reports (the JSON report minus
// durationMs), whatever the order files were created in, the directory the project lives in, the
// locale, the time zone, and whether the out dir already held a mirror.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, cleanupTempDirs, expectNoCrash, hasSourceExtension, makeProject, prng, readTree, runCli, treeDiff, writeFiles } from './helpers.js';

afterAll(cleanupTempDirs);

/** A project: the repository's samples, a random class forest across files, and some bad files. */
function projectFiles(): Record<string, string | Buffer> {
  const files: Record<string, string | Buffer> = {};
  const samples = path.join(REPO_ROOT, 'samples');
  for (const rel of fs.readdirSync(samples, { recursive: true }) as string[]) {
    const abs = path.join(samples, rel);
    if (fs.statSync(abs).isFile()) files[`src/samples/${rel.split(path.sep).join('/')}`] = fs.readFileSync(abs);
  }
  const rnd = prng(7);
  const classes: { name: string; file: number }[] = [];
  const sources: string[][] = Array.from({ length: 40 }, () => []);
  const imports: Set<string>[] = Array.from({ length: 40 }, () => new Set());
  for (let i = 0; i < 240; i++) {
    const file = Math.floor(rnd() * 40);
    const name = `K${i}`;
    const parent = classes.length > 0 && rnd() < 0.8 ? classes[Math.floor(rnd() * classes.length)]! : null;
    const members = [
      `  f${i} = ${i};`,
      `  static s${i} = '${name}';`,
      `  m${i % 7}() { return ${parent ? `super.m${i % 7}?.() ?? ` : ''}${i}; }`,
      `  get g${i % 3}() { return this.f${i} + ${parent ? `(super.g${i % 3} ?? 0)` : '0'}; }`,
    ];
    if (parent && parent.file !== file) imports[file]!.add(`import { ${parent.name} } from './m${parent.file}.js';`);
    if (rnd() < 0.3) members.push(`  constructor(...a) { ${parent ? 'super(...a); ' : ''}this.c = a.length; }`);
    sources[file]!.push(`export class ${name}${parent ? ` extends ${parent.name}` : ''} {\n${members.join('\n')}\n}\n`);
    sources[file]!.push(`export const is${i} = (x) => x instanceof ${name};\n`);
    classes.push({ name, file });
  }
  for (let f = 0; f < 40; f++) files[`src/forest/m${f}.js`] = `${[...imports[f]!].join('\n')}\n${sources[f]!.join('')}`;
  files['src/bad/syntax.js'] = 'export class {\n';
  files['src/bad/binary.js'] = Buffer.from([0, 1, 2, 3, 0xff, 0xfe]);
  files['src/bad/cycle-a.js'] = `import { B } from './cycle-b.js';\nexport class A extends B {}\n`;
  files['src/bad/cycle-b.js'] = `import { A } from './cycle-a.js';\nexport class B extends A {}\n`;
  files['src/bad/unresolved.js'] = `import { X } from './missing.js';\nexport class Y extends X {}\n`;
  return files;
}

/** Writes the files in the given order, each in its own write, so directory order and mtimes differ. */
function makeProjectInOrder(files: Record<string, string | Buffer>, order: 'forward' | 'reverse'): string {
  const cwd = makeProject();
  const entries = Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1));
  if (order === 'reverse') entries.reverse();
  for (const [rel, content] of entries) writeFiles(cwd, { [rel]: content });
  return cwd;
}

function withoutDuration(json: string): unknown {
  const report = JSON.parse(json) as { summary: { durationMs?: number } };
  expect(typeof report.summary.durationMs).toBe('number');
  delete report.summary.durationMs;
  return report;
}

/** The pretty report with its timing ("; 84 ms") and the mirror write counts left out. */
function prettyWithoutTiming(text: string): string {
  return text.replace(/; \d+ ms$/gm, '; <ms>').replace(/^Wrote \d+ files? to .*$/gm, '');
}

describe('determinism', () => {
  it('two runs on the same input give byte-identical mirrors and reports', async () => {
    const files = projectFiles();
    const a = makeProjectInOrder(files, 'forward');
    const b = makeProjectInOrder(files, 'reverse');
    const args = ['src', '--out-dir', 'flat', '--report', 'json'];
    const [runA, runB] = await Promise.all([
      runCli(args, { cwd: a }),
      runCli(args, { cwd: b, env: { LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8', TZ: 'Pacific/Chatham' } }),
    ]);
    for (const run of [runA, runB]) {
      expectNoCrash(run);
      expect(run.code).toBe(2); // the bad files
    }
    const mirrorA = readTree(path.join(a, 'flat'));
    expect(mirrorA.size).toBe(Object.keys(files).filter(hasSourceExtension).length);
    expect([...mirrorA.values()].some((buf) => buf.toString().includes('// from'))).toBe(true); // something was flattened
    expect(treeDiff(mirrorA, readTree(path.join(b, 'flat')))).toEqual([]);
    expect(withoutDuration(runB.stdout)).toEqual(withoutDuration(runA.stdout));

    // Again over the existing mirror (nothing to write), and into a fresh one: the same again.
    const again = await runCli(args, { cwd: a });
    expect(withoutDuration(again.stdout)).toEqual(withoutDuration(runA.stdout));
    expect(treeDiff(mirrorA, readTree(path.join(a, 'flat')))).toEqual([]);
    fs.rmSync(path.join(a, 'flat'), { recursive: true });
    const fresh = await runCli(args, { cwd: a });
    expect(withoutDuration(fresh.stdout)).toEqual(withoutDuration(runA.stdout));
    expect(treeDiff(mirrorA, readTree(path.join(a, 'flat')))).toEqual([]);

    // The pretty report too, timing aside.
    const [prettyA, prettyB] = await Promise.all([
      runCli(['src', '--check'], { cwd: a }),
      runCli(['src', '--check'], { cwd: b, env: { LC_ALL: 'tr_TR.UTF-8', TZ: 'Pacific/Chatham' } }),
    ]);
    expect(prettyA.stdout.length).toBeGreaterThan(0);
    expect(prettyWithoutTiming(prettyB.stdout)).toBe(prettyWithoutTiming(prettyA.stdout));
  }, 180_000);
});
