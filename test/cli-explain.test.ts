// `flatten-classes explain <Class>`: MRO, members with origin and overrides, fields in order, diagnostics.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, project, runCli, sampleProject } from './helpers/cli.js';

afterAll(cleanupTempDirs);

const ts = {
  'src/base.ts': `export class Base {
  id: number = Base.next++;
  #secret = 'b';
  static next = 1;
  static create(): Base { return new this(); }
  get label(): string { return 'base'; }
  set label(v: string) {}
  describe() { return 'base'; }
  declare phantom: string;
}
`,
  'src/middle.ts': `import { Base } from './base.js';
export class Middle extends Base {
  tags: string[] = [];
  constructor(public readonly owner: string, count = 0) {
    super();
    this.count = count;
    this.id = 7;
  }
  count: number;
  describe() { return 'middle ' + super.describe(); }
}
`,
  'src/leaf.ts': `import { Middle } from './middle.js';
export class Leaf extends Middle {
  #secret = 42;
  tags: string[] = ['leaf'];
  get label(): string { return 'leaf'; }
  static create(): Leaf { return new Leaf('x'); }
  extra() { return this.#secret; }
}
`,
};

describe('explain, pretty', () => {
  it('shows the MRO, each member with its origin and what it overrides, and the storage layout', async () => {
    const dir = project(ts);
    const r = await runCli(['explain', 'Leaf'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const text = r.stdout;
    expect(text).toMatch(/^class Leaf {2}\(src\/leaf\.ts:2\)\nflattened: yes; extends nothing after flattening\n/);
    expect(text).toContain('MRO (method resolution order)\n  1.   Leaf     src/leaf.ts:2\n  2.   Middle   src/middle.ts:2\n  3.   Base     src/base.ts:1\n');
    expect(text).toMatch(/get label\s+from Leaf\s+overrides Base\.label\n/);
    expect(text).toMatch(/describe\(\)\s+from Middle\s+overrides Base\.describe\n/);
    expect(text).toMatch(/extra\(\)\s+from Leaf\n/);
    expect(text).toMatch(/Static members\n.*next\s+from Base\n.*create\(\)\s+from Leaf\s+overrides Base\.create\n/);
    const fields = text.slice(text.indexOf('Instance fields'), text.indexOf('Diagnostics'));
    expect(fields.trimEnd().split('\n').slice(1).map((l) => l.replace(/\s+/g, ' ').trim())).toEqual([
      '1. id: number = Base.next++ from Base',
      "2. #secret = 'b' from Base",
      '3. tags: string[] = [] from Middle',
      '4. count: number from Middle',
      '5. owner: string from Middle (parameter property)',
      "6. #secret = 42 from Leaf",
      "7. tags: string[] = ['leaf'] from Leaf, redefines Middle.tags",
    ]);
    expect(text).not.toContain('phantom');
    // Whatever is reported about Leaf (TypeScript assignability notes, say) is listed under it.
    expect(text).toMatch(/\nDiagnostics \(\d+\)\n/);
  });

  it('constructor assignments that create properties count as storage; writes to existing ones do not', async () => {
    const r = await runCli(['explain', 'Square', 'src'], sampleProject('shapes-js'));
    expect(r.code).toBe(0);
    const fields = r.stdout.slice(r.stdout.indexOf('Instance fields'), r.stdout.indexOf('Diagnostics'));
    expect(fields).toMatch(/1\.\s+name = name\s+from Shape \(assigned in the constructor\)/);
    expect(fields).toMatch(/width = width\s+from Rectangle/);
  });

  it('lists the diagnostics that mention the class', async () => {
    const r = await runCli(['explain', 'Animal'], sampleProject('reported'));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('flattened: no project ancestors');
    expect(r.stdout).toMatch(/Diagnostics \(2\)\n {2}src\/main\.js:9:39 {2}warning .*\[isinstance\/instanceof-flattened-base\]\n {2}src\/main\.js:15:1 {2}warning [\s\S]*\n {4} *return [\s\S]*\[mro\/prototype-patched\]\n$/);
    const dog = await runCli(['explain', 'Dog'], sampleProject('reported'));
    expect(dog.stdout).toContain('[super/super-assignment]');
    expect(dog.stdout).toContain('[mro/getprototypeof-flattened]');
  });

  it('an external base is the last MRO entry and what the flattened class extends', async () => {
    const r = await runCli(['explain', 'NotFoundError'], sampleProject('errors'));
    expect(r.stdout).toContain('flattened: yes; extends Error after flattening');
    expect(r.stdout).toMatch(/4\.\s+Error\s+\(external\)/);
    expect(r.stdout).toContain('fields that the external base Error defines come first');
  });

  // Regression: explain ran its own copy of the pipeline, which ignored per-class options.
  it('follows the config: a class the options leave alone is not flattened, and the info says why', async () => {
    const dir = project({ ...ts, 'flatten-classes.config.json': JSON.stringify({ classes: { Leaf: { ignore: true } } }) });
    const j = JSON.parse((await runCli(['explain', 'Leaf', '--format', 'json'], dir)).stdout);
    expect(j.flattened).toBe(false);
    expect(j.extends).toBe('Middle');
    expect(j.diagnostics.map((d: { code: string }) => d.code)).toContain('ignored-by-option');
    // The option came from the config, not from a comment (ohm-js's conformance run): the info says so.
    expect(j.diagnostics.find((d: { code: string }) => d.code === 'ignored-by-option').message).toContain("(the config's classes: ignore)");
    const graph = JSON.parse((await runCli(['graph', '--format', 'json'], dir)).stdout);
    expect(graph.nodes.find((n: { name: string }) => n.name === 'Leaf').flattened).toBe(false);
    expect(graph.nodes.find((n: { name: string }) => n.name === 'Middle').flattened).toBe(true);
  });
});

describe('explain, json', () => {
  it('has the documented shape', async () => {
    const r = await runCli(['explain', 'Leaf', '--format', 'json'], project(ts));
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(['version', 'class', 'flattened', 'extends', 'mro', 'members', 'fields', 'externalFieldsFrom', 'diagnostics']);
    expect(j.version).toBe(1);
    expect(j.class).toEqual({ name: 'Leaf', file: 'src/leaf.ts', line: 2, column: 1 + 'export '.length });
    expect(j.mro.map((e: { name: string }) => e.name)).toEqual(['Leaf', 'Middle', 'Base']);
    const label = j.members.prototype.find((m: { name: string }) => m.name === 'label');
    expect(label).toEqual({ name: 'label', kind: 'get', from: 'Leaf', fromFile: 'src/leaf.ts', line: 5, overrides: ['Base.label'] });
    const baseLabel = (await runCli(['explain', 'Base', '--format', 'json'], project(ts))).stdout;
    expect(JSON.parse(baseLabel).members.prototype.find((m: { name: string }) => m.name === 'label').kind).toBe('get/set');
    expect(j.fields[4]).toEqual({ name: 'owner', from: 'Middle', fromFile: 'src/middle.ts', line: 4, kind: 'parameter-property', type: 'string', initializer: null, redefines: null });
    for (const d of j.diagnostics) expect(d.file === 'src/leaf.ts' || d.classes.includes('Leaf')).toBe(true);
  });
});

describe('finding the class', () => {
  const twins = {
    'src/a/widget.js': 'export class Widget { a() {} }\n',
    'src/b/widget.js': 'export class Widget { b() {} }\n',
    'src/c.js': "import { Widget } from './a/widget.js';\nexport class Fancy extends Widget {}\n",
  };

  it('an ambiguous bare name lists the candidates as file:Class and exits 2', async () => {
    const r = await runCli(['explain', 'Widget'], project(twins));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'flatten-classes: error: "Widget" names 2 classes; name one as file:Class:\n  src/a/widget.js:Widget  (line 1)\n  src/b/widget.js:Widget  (line 1)\n',
    );
  });

  it('file:Class picks one', async () => {
    const dir = project(twins);
    const r = await runCli(['explain', 'src/b/widget.js:Widget'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/b\(\)\s+from Widget/);
    expect(r.stdout).not.toMatch(/a\(\)/);
  });

  it('an unknown class exits 2 with suggestions', async () => {
    const r = await runCli(['explain', 'widge'], project(twins));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('flatten-classes: error: no class "widge" in src\n  did you mean: src/a/widget.js:Widget, src/b/widget.js:Widget\n');
  });

  it('argument errors and --help', async () => {
    const dir = project(twins);
    const missing = await runCli(['explain'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("flatten-classes: error: missing required argument 'class' (see flatten-classes explain --help)\n");
    const badFormat = await runCli(['explain', 'Fancy', '--format', 'xml'], dir);
    expect(badFormat.code).toBe(2);
    const help = await runCli(['explain', '--help'], dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: flatten-classes explain \[options\] <class> \[paths\.\.\.\]/);
  });

  it('a path that does not exist exits 2', async () => {
    const r = await runCli(['explain', 'Fancy', 'nope'], project(twins));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flatten-classes: error: nope: /);
  });
});
