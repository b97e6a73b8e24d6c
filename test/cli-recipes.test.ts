// The recipes in docs/recipes are exercised: the GitHub Actions steps on the samples, the custom resolver on a project.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cleanupTempDirs, project, runCli, sampleProject } from './helpers/cli.js';

afterAll(cleanupTempDirs);

/** The `run:` commands of the workflow that call flatten-classes, as argv arrays (no shell quoting is used there). */
function flattenSteps(yaml: string): string[][] {
  const steps: string[][] = [];
  for (const m of yaml.matchAll(/^\s*(?:- )?run: (.+)$/gm)) {
    const command = m[1]!.replace(/\s+#.*$/, '').trim();
    if (!command.startsWith('npx flatten-classes ')) continue;
    steps.push(command.split(/\s+/).slice(2));
  }
  return steps;
}

describe('docs/recipes/github-actions.yml', () => {
  const yaml = readFileSync(path.join(ROOT, 'docs/recipes/github-actions.yml'), 'utf8');
  const steps = flattenSteps(yaml);

  it('has the pre-build step and the check step', () => {
    expect(steps).toEqual([
      ['src', '--out-dir', 'flat'],
      ['src', '--check', '--fail-on', 'error', '--report', 'sarif', '--report-file', 'flatten-classes.sarif'],
    ]);
    expect(yaml).toContain('sarif_file: flatten-classes.sarif');
  });

  it('runs on the samples as it would under GitHub Actions: annotations, a mirror, a passing gate and a SARIF file', async () => {
    const dir = sampleProject();
    const env = { GITHUB_ACTIONS: 'true', CI: 'true' };
    const build = await runCli(steps[0]!, dir, { env });
    expect(build.code).toBe(0);
    const annotations = build.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations.length).toBeGreaterThanOrEqual(4);
    expect(annotations.every((l) => /^::(warning|error|notice) file=src\/[^,]+,line=\d+,col=\d+,title=flatten-classes [a-z]+\/[a-zA-Z-]+::/.test(l))).toBe(true);
    expect(existsSync(path.join(dir, 'flat/shapes-js/square.js'))).toBe(true);
    expect(readFileSync(path.join(dir, 'flat/shapes-js/square.js'), 'utf8')).not.toMatch(/extends Rectangle/);

    const gate = await runCli(steps[1]!, dir, { env });
    expect(gate.code).toBe(0); // the samples have warnings only
    expect(gate.stdout).toBe('');
    const sarif = JSON.parse(readFileSync(path.join(dir, 'flatten-classes.sarif'), 'utf8'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBe(annotations.length);
  });

  it('the gate fails the job when a class cannot be flattened', async () => {
    const dir = project({
      'src/base.js': 'export class Base { constructor() { return {}; } }\n',
      'src/sub.js': "import { Base } from './base.js';\nexport class Sub extends Base {}\n",
    });
    const gate = await runCli(steps[1]!, dir, { env: { GITHUB_ACTIONS: 'true' } });
    expect(gate.code).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'flatten-classes.sarif'), 'utf8'));
    expect(sarif.runs[0].results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([['constructor-returns-value', 'error']]);
  });
});

describe('docs/recipes/custom-resolver/flatten-classes.config.mjs', () => {
  const files = {
    'src/models/base.ts': 'export class Model {\n  id = 0;\n  save() { return `saved ${this.id}`; }\n}\n',
    'src/models/index.ts': "export { Model } from './base.js';\n",
    'src/app/user.ts': "import { Model } from '@app/models';\nexport class User extends Model {\n  name = 'u';\n}\n",
    'src/app/admin.ts': "import { User } from './user.js';\nimport { EventEmitter } from 'node:events';\nexport class Admin extends User {}\nexport class Bus extends EventEmitter {}\n",
  };

  it('without it the alias does not resolve, so User keeps its base', async () => {
    const dir = project(files);
    const r = await runCli(['explain', 'Admin', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).mro.map((e: { name: string }) => e.name)).toEqual(['Admin', 'User', 'Model']);
  });

  it('with it the alias resolves: the chain reaches Model across the alias and classes are flattened', async () => {
    const dir = project(files);
    copyFileSync(path.join(ROOT, 'docs/recipes/custom-resolver/flatten-classes.config.mjs'), path.join(dir, 'flatten-classes.config.mjs'));
    const explain = JSON.parse((await runCli(['explain', 'Admin', '--format', 'json'], dir)).stdout);
    expect(explain.mro.map((e: { name: string; kind: string }) => `${e.kind}:${e.name}`)).toEqual(['class:Admin', 'class:User', 'class:Model']);
    expect(explain.flattened).toBe(true);
    expect(explain.fields.map((f: { name: string; from: string }) => `${f.from}.${f.name}`)).toEqual(['Model.id', 'User.name']);

    const check = await runCli(['--check', '--report', 'json'], dir);
    expect(check.code).toBe(0); // failOn: 'error' from the recipe
    const report = JSON.parse(check.stdout);
    expect(report.diagnostics).toEqual([]);
    const flattened = report.classes.filter((c: { flattened: boolean }) => c.flattened).map((c: { name: string }) => c.name).sort();
    expect(flattened).toEqual(['Admin', 'User']);
    expect(report.classes.find((c: { name: string }) => c.name === 'Bus').external).toBe('EventEmitter');
  });
});
