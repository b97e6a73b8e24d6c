// --preserve-instanceof on the command line and `preserveInstanceof` in the config file, end to end.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/cli/config.js';
import { cleanupTempDirs, project, runCli } from './helpers/cli.js';

afterAll(cleanupTempDirs);

const FILES = {
  'src/a.js': `export class A {}\n`,
  'src/d.js': `import { A } from './a.js';\nexport class D extends A {}\nconsole.log(new D() instanceof A);\n`,
};
const GENERATED = /static \[Symbol\.hasInstance\]\(value\)/;

async function flattenWith(argv: string[], files: Record<string, string> = FILES) {
  const dir = project(files);
  const r = await runCli(['src', '--report', 'json', ...argv], dir);
  const report = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; severity: string }> };
  const severity = report.diagnostics.find((d) => d.code === 'instanceof-flattened-base')?.severity;
  return { ...r, severity, a: readFileSync(path.join(dir, 'flat/a.js'), 'utf8'), d: readFileSync(path.join(dir, 'flat/d.js'), 'utf8') };
}

describe('--preserve-instanceof', () => {
  it('the flag adds the generated hasInstance and lineage, and the instanceof report becomes an info', async () => {
    const r = await flattenWith(['--preserve-instanceof']);
    expect(r.code).toBe(0);
    expect(r.a).toMatch(GENERATED);
    expect(r.d).toContain("Symbol.for('flatten-classes.lineage'), { value: [A] }");
    expect(r.severity).toBe('info');
  });

  it('without it the mirror has none of that and the report is a warning', async () => {
    const r = await flattenWith([]);
    expect(r.a).toBe(FILES['src/a.js']);
    expect(r.d).not.toContain('lineage');
    expect(r.severity).toBe('warning');
  });

  it('the config key turns it on; --check then passes where it failed without', async () => {
    const on = { ...FILES, 'flatten-classes.config.json': JSON.stringify({ preserveInstanceof: true }) };
    expect((await flattenWith([], on)).severity).toBe('info');
    const dirOn = project(on);
    expect((await runCli(['src', '--check'], dirOn)).code).toBe(0);
    const dirOff = project(FILES);
    expect((await runCli(['src', '--check'], dirOff)).code).toBe(1);
  });

  it('a config value that is not a boolean is an error', async () => {
    expect(validateConfig({ preserveInstanceof: 'yes' }, 'c.json').errors).toEqual(['c.json: "preserveInstanceof" must be a boolean, got "yes"']);
    expect(validateConfig({ preserveInstanceOf: true }, 'c.json').errors).toEqual(['c.json: unknown key "preserveInstanceOf" (did you mean "preserveInstanceof"?)']);
    const dir = project({ ...FILES, 'flatten-classes.config.json': JSON.stringify({ preserveInstanceof: 1 }) });
    const r = await runCli(['src'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('flatten-classes: error: flatten-classes.config.json: "preserveInstanceof" must be a boolean, got number 1\n');
  });
});
