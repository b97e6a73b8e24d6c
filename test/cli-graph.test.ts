// `flatten-classes graph`: mermaid, dot and json, with cross-file edges and external bases marked.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTempDirs, project, runCli, sampleProject } from './helpers/cli.js';

afterAll(cleanupTempDirs);

describe('graph', () => {
  it('mermaid (default): a classDiagram with every edge, flattened and external classes annotated', async () => {
    const r = await runCli(['graph', 'src/errors', 'src/shapes-js'], sampleProject());
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('classDiagram');
    for (const edge of ['Error <|-- AppError', 'AppError <|-- HttpError', 'HttpError <|-- NotFoundError', 'Shape <|-- Polygon', 'Polygon <|-- Rectangle', 'Rectangle <|-- Square', 'Shape <|-- Circle']) {
      expect(lines).toContain(`  ${edge}`);
    }
    expect(lines).toContain('  <<external>> Error');
    expect(lines).toContain('  <<flattened>> Square');
    expect(lines).not.toContain('  <<flattened>> Shape');
  });

  it('json: nodes and edges, cross-file edges flagged, external and computed bases as their own nodes', async () => {
    const dir = project({
      'src/base.js': 'export class Base {}\nexport const Mixin = (B) => class extends B {};\n',
      'src/sub.js': "import { Base, Mixin } from './base.js';\nimport { EventEmitter } from 'node:events';\nexport class Sub extends Base {}\nexport class Local extends Sub {}\nexport class Emitter extends EventEmitter {}\nexport class Mixed extends Mixin(Base) {}\n",
    });
    const r = await runCli(['graph', '--format', 'json'], dir);
    expect(r.code).toBe(0);
    const g = JSON.parse(r.stdout);
    expect(g.version).toBe(1);
    const node = (name: string) => g.nodes.find((n: { name: string }) => n.name === name);
    const edge = (from: string) => g.edges.find((e: { from: string }) => e.from === node(from).id);
    expect(edge('Sub')).toEqual({ from: 'src/sub.js#0', to: 'src/base.js#0', kind: 'class', crossFile: true });
    expect(edge('Local')).toMatchObject({ to: 'src/sub.js#0', kind: 'class', crossFile: false });
    expect(edge('Emitter')).toMatchObject({ to: 'external:EventEmitter', kind: 'external' });
    expect(node('EventEmitter')).toEqual({ id: 'external:EventEmitter', name: 'EventEmitter', kind: 'external', file: null, line: null, flattened: false });
    expect(node('Sub').flattened).toBe(true);
    expect(node('Base').flattened).toBe(false);
    expect(edge('Mixed')).toBeDefined();
  });

  it('dot: a digraph with labelled nodes and hollow-arrow edges; external bases dashed', async () => {
    const r = await runCli(['graph', 'src', '--format', 'dot'], sampleProject('errors'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph classes \{\n {2}rankdir=BT;\n/);
    expect(r.stdout).toContain('"src/http-error.js#0" [label="HttpError\\nsrc/http-error.js:5", style=bold];');
    expect(r.stdout).toContain('"external:Error" [label="Error\\n(external)", style=dashed];');
    expect(r.stdout).toContain('"src/app-error.js#0" -> "external:Error" [style=dashed];');
    expect(r.stdout).toContain('"src/not-found-error.js#0" -> "src/http-error.js#0";');
    expect(r.stdout.endsWith('}\n')).toBe(true);
  });

  it('classes with the same name get distinct mermaid ids and labels with their file', async () => {
    const dir = project({
      'src/a.js': 'export class Widget {}\n',
      'src/b.js': "import { Widget as W } from './a.js';\nexport class Widget extends W {}\n",
    });
    const r = await runCli(['graph'], dir);
    expect(r.stdout).toBe('classDiagram\n  class Widget_1["Widget (src/a.js)"]\n  class Widget_2["Widget (src/b.js)"]\n  <<flattened>> Widget_2\n  Widget_1 <|-- Widget_2\n');
  });

  it('a file that does not parse is reported on stderr and exits 2; the graph is still printed', async () => {
    const r = await runCli(['graph'], project({ 'src/a.js': 'export class A {}\n', 'src/bad.js': 'class {' }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('classDiagram\n  class A\n');
    expect(r.stderr).toMatch(/^flatten-classes: warning: src\/bad\.js:1:\d+: .*\(its classes are not in the graph\)\n$/);
  });
});
