// --keep-patched on the command line, `keepPatched` in the config file, explain, and the patch index's
// independence of module order.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/cli/config.js';
import { patchIndex } from '../src/graph/patches.js';
import { FlattenSession } from '../src/session.js';
import { cleanupTempDirs, project, runCli } from './helpers/cli.js';

afterAll(cleanupTempDirs);

const FILES = {
  'src/a.js': `export class A { a() { return 1; } }\nexport class B extends A {}\nexport class C extends B {}\n`,
  'src/patch.js': `import { A } from './a.js';\nA.prototype.p = function () { return 2; };\n`,
};

async function flattenWith(argv: string[], files: Record<string, string> = FILES) {
  const dir = project(files);
  const r = await runCli(['src', '--report', 'json', ...argv], dir);
  const report = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; severity: string; message: string; line: number }> };
  return { ...r, dir, report, codes: report.diagnostics.map((d) => `${d.severity} ${d.code}`), a: readFileSync(path.join(dir, 'flat/a.js'), 'utf8') };
}

describe('--keep-patched', () => {
  it('the flag leaves B and C as they were, with an info each instead of the patch warning', async () => {
    const r = await flattenWith(['--keep-patched']);
    expect(r.code).toBe(0);
    expect(r.a).toBe(FILES['src/a.js']);
    expect(r.codes).toEqual(['info kept-patched', 'info kept-patched']);
    expect(r.report.diagnostics[0].message).toBe(
      "B was left as it was (it still extends A), as --keep-patched asks: A.prototype is changed after definition at src/patch.js:2:1 (`A.prototype.p = function () { return 2; }`), which a flattened B would not see.",
    );
  });

  it('without it B and C are flattened and the patch is a warning', async () => {
    const r = await flattenWith([]);
    expect(r.a).not.toContain('extends');
    expect(r.codes).toEqual(['warning prototype-patched']);
  });

  it('the config key turns it on; --check then passes where it failed without', async () => {
    const on = { ...FILES, 'flatten-classes.config.json': JSON.stringify({ keepPatched: true }) };
    expect((await flattenWith([], on)).codes).toEqual(['info kept-patched', 'info kept-patched']);
    expect((await runCli(['src', '--check'], project(on))).code).toBe(0);
    expect((await runCli(['src', '--check'], project(FILES))).code).toBe(1);
  });

  it('a config value that is not a boolean is an error', async () => {
    expect(validateConfig({ keepPatched: 'yes' }, 'c.json').errors).toEqual(['c.json: "keepPatched" must be a boolean, got "yes"']);
    expect(validateConfig({ keepPatches: true }, 'c.json').errors).toEqual(['c.json: unknown key "keepPatches" (did you mean "keepPatched"?)']);
  });

  it('explain --keep-patched shows the class left as it was, with the info', async () => {
    const dir = project(FILES);
    const r = await runCli(['explain', 'C', '--keep-patched', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { flattened: boolean; diagnostics: Array<{ code: string }> };
    expect(j.flattened).toBe(false);
    expect(j.diagnostics.map((d) => d.code)).toContain('kept-patched');
    const plain = JSON.parse((await runCli(['explain', 'C', '--format', 'json'], dir)).stdout) as { flattened: boolean };
    expect(plain.flattened).toBe(true);
  });

  it('the patch index is the same whatever the order of the modules', () => {
    const dir = project({
      ...FILES,
      'src/z.js': `import { B } from './a.js';\nB.x = 1;\nB.prototype.q = 1;\n`,
      'src/m.js': `import { A } from './a.js';\nObject.assign(A.prototype, { r() {} });\n`,
    });
    const s = new FlattenSession({ cwd: dir, paths: ['src'], outDir: 'flat', keepPatched: true });
    s.run();
    const graph = s.graph!;
    const modules = [...graph.modules.values()];
    const forward = patchIndex(modules, graph.classes, graph.resolveReported);
    const backward = patchIndex([...modules].reverse(), graph.classes, graph.resolveReported);
    expect(JSON.stringify([...backward])).toBe(JSON.stringify([...forward]));
    expect(JSON.stringify([...graph.patches])).toBe(JSON.stringify([...forward]));
    expect([...forward.keys()]).toEqual(['src/a.js#0', 'src/a.js#1']);
    expect(forward.get('src/a.js#0')!.map((p) => `${p.code} ${p.file}:${p.line}`)).toEqual(['prototype-patched src/m.js:2', 'prototype-patched src/patch.js:2']);
    expect(forward.get('src/a.js#1')!.map((p) => `${p.code} ${p.member}`)).toEqual(['static-patched x', 'prototype-patched q']);
  });
});
