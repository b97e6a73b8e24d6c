// Batch runs drop every module's syntax once summarized and make it again on first use (scan/detach.ts):
// the class graph is built from plain data, and the nodes a module hands out after that must all be of
// one new tree, whichever field is read first.
import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/scan/parse.js';
import { summarizeModule } from '../src/scan/summarize.js';
import type { ModuleInfo } from '../src/scan/module-info.js';
import { buildClassGraph } from '../src/graph/class-graph.js';
import { holdsReleasableSyntax, releaseSyntax } from '../src/scan/detach.js';
import { KEPT_SOURCE_BUDGET, SyntaxBudget } from '../src/scan/syntax-policy.js';
import { rewriteProject } from '../src/flatten/rewrite.js';
import { LitePath } from '../src/scan/scope.js';

function summarize(file: string, code: string, keepTree = false, keepSyntax?: (m: ModuleInfo) => boolean): ModuleInfo {
  const parsed = parseSource(file, code);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return summarizeModule(file, file.slice(1), code, parsed.ast, parsed.isModule, { keepTree, keepSyntax });
}

const detached = (o: object, key: string) => Object.getOwnPropertyDescriptor(o, key)?.get !== undefined;

const files: Record<string, string> = {
  '/p/base.js': 'export class Base {}\n',
  '/p/mix.js': 'export const Mix = (B, tag = "t") => class extends B { tag() { return tag; } };\n',
  '/p/app.js': [
    "import { Base } from './base.js';",
    "import { Mix } from './mix.js';",
    'export class A extends Mix(Base, "a") {}',
    'export class B extends A {}',
    'export default class extends Base {}',
    'export class C extends Mix(Base) {}',
  ].join('\n'),
  '/p/glue.js': [
    "import { Base } from './base.js';",
    "import { gone } from './missing.js';",
    'function copy(d, bases) { bases.forEach((b) => Object.getOwnPropertyNames(b.prototype).forEach((n) => { d.prototype[n] = b.prototype[n]; })); }',
    'export class Plain {}',
    'copy(Plain, [Base]);',
  ].join('\n'),
};

function graphOf(keepTree: boolean, keepSyntax?: (m: ModuleInfo) => boolean) {
  const modules = new Map(Object.entries(files).map(([f, code]) => [f, summarize(f, code, keepTree, keepSyntax)]));
  const resolve = (spec: string, from: string) => {
    const target = `/p/${spec.replace('./', '')}`;
    return modules.has(target) && from ? target : null;
  };
  return buildClassGraph(modules, resolve);
}

describe('modules without their syntax (batch runs)', () => {
  it('builds the same class graph from the summaries alone, without making any syntax again', () => {
    const plain = graphOf(false);
    const kept = graphOf(true);
    const shape = (g: ReturnType<typeof graphOf>) => ({
      chains: [...g.chains],
      layerArgs: [...g.layerArgs].map(([k, v]) => [k, [...v].map(([i, a]) => [i, [...a]])]),
      parents: [...g.classes.values()].map((c) => [c.id, c.parent]),
      applied: [...g.applied].map(([k, v]) => [k, v.bases]),
      unresolved: g.unresolvedImports.map((u) => u.specifier),
    });
    expect(shape(plain)).toEqual(shape(kept));
    expect(plain.chains.get('p/app.js#1')).toEqual(['p/app.js#1', 'p/app.js#0', 'p/mix.js#0', 'p/base.js#0']);
    expect([...plain.layerArgs.get('p/app.js#0')!.get(1)!]).toEqual([['tag', '"a"']]);
    // A parameter's default, read from the factory's summary.
    expect([...plain.layerArgs.get('p/app.js#3')!.get(1)!]).toEqual([['tag', '"t"']]);
    expect(plain.applied.get('p/glue.js#0')?.bases).toEqual(['p/base.js#0']);
    expect(plain.unresolvedImports.map((u) => u.specifier)).toEqual(['./missing.js']);
    // Modules with a derived class (or a mixin's) keep their tree; the others are without it. Paths are
    // made by Babel on first read (scan/summarize-plain.ts), and the graph read none.
    for (const [file, m] of plain.modules) {
      const without = file.endsWith('base.js') || file.endsWith('glue.js');
      expect(detached(m, 'ast')).toBe(without);
      for (const c of m.classes) expect(detached(c, 'node')).toBe(without);
      for (const c of m.classes) expect(detached(c, 'path')).toBe(true);
      expect(detached(m, 'programPath')).toBe(true);
    }
  });

  it("makes a module's syntax again on first use, all fields from one tree", () => {
    const graph = graphOf(false);
    const glue = graph.modules.get('/p/glue.js')!;
    const body = glue.ast.program.body;
    expect(detached(glue, 'ast')).toBe(false);
    expect(body).toContain(glue.imports.get('Base')!.node);
    expect(body).toContain(glue.applyCalls[0].statement);
    expect(body).toContain(graph.applied.get('p/glue.js#0')!.statement);
    expect(body).toContain(graph.unresolvedImports[0].node);
    const plain = glue.classes[0];
    expect(plain.path.node).toBe(plain.node);
    expect(body.some((s) => 'declaration' in s && s.declaration === plain.node)).toBe(true);
    expect(plain.path.findParent((p) => p.isProgram())!.node).toBe(glue.ast.program);
    // Made again by a parse and the plain summary: its paths and scopes are the plain resolver's, no Babel traverse.
    expect(plain.path).toBeInstanceOf(LitePath);
    expect(glue.programPath).toBeInstanceOf(LitePath);
    expect(glue.programPath.scope.getOwnBinding('Base')?.kind).toBe('module');
    // Another module is still without its syntax.
    expect(detached(graph.modules.get('/p/base.js')!, 'ast')).toBe(true);
    // A heritage's path is found on first read.
    const mixin = graph.classes.get('p/app.js#0')!.heritage;
    if (mixin.kind !== 'mixin') throw new Error(`expected a mixin heritage, got ${mixin.kind}`);
    const app = graph.modules.get('/p/app.js')!;
    expect(mixin.call.node.start).toBe(app.code.indexOf('Mix(Base, "a")'));
    expect(mixin.call.findParent((p) => p.isProgram())!.node).toBe(app.ast.program);
  });

  it('lets a kept tree go and makes it again on the next read, the graph following the new tree', () => {
    const graph = graphOf(false);
    const app = graph.modules.get('/p/app.js')!;
    const first = app.ast;
    const mixin = graph.classes.get('p/app.js#0')!.heritage;
    if (mixin.kind !== 'mixin') throw new Error(`expected a mixin heritage, got ${mixin.kind}`);
    expect(mixin.call.findParent((p) => p.isProgram())!.node).toBe(first.program);
    expect(holdsReleasableSyntax(app)).toBe(true);
    expect(releaseSyntax(app)).toBe(true);
    expect(releaseSyntax(app)).toBe(false);
    expect(detached(app, 'ast')).toBe(true);
    for (const c of app.classes) expect(detached(c, 'node')).toBe(true);
    // Read through the graph first: every field is of the one new tree.
    const call = mixin.call;
    const again = app.ast;
    expect(again).not.toBe(first);
    expect(call.findParent((p) => p.isProgram())!.node).toBe(again.program);
    expect(call.node.start).toBe(app.code.indexOf('Mix(Base, "a")'));
    for (const c of app.classes) {
      expect(c.path.node).toBe(c.node);
      expect(c.path.findParent((p) => p.isProgram())!.node).toBe(again.program);
    }
    expect(again.program.body).toContain(app.imports.get('Base')!.node);
  });

  it('keeps the trees of modules with a derived class while their source fits in the budget', () => {
    const budget = new SyntaxBudget(files['/p/mix.js'].length);
    const graph = graphOf(false, (m) => budget.keeps(m));
    // mix.js (a factory's class extends its parameter) fits; app.js, summarized after it, does not.
    expect(detached(graph.modules.get('/p/mix.js')!, 'ast')).toBe(false);
    expect(detached(graph.modules.get('/p/app.js')!, 'ast')).toBe(true);
    expect(detached(graph.modules.get('/p/base.js')!, 'ast')).toBe(true);
  });

  it('keeps every derived tree when the files holding `extends` fit in the budget, none when they do not', () => {
    const fits = SyntaxBudget.forDerivedBytes(KEPT_SOURCE_BUDGET);
    const graph = graphOf(false, (m) => fits.keeps(m));
    expect(detached(graph.modules.get('/p/mix.js')!, 'ast')).toBe(false);
    expect(detached(graph.modules.get('/p/app.js')!, 'ast')).toBe(false);
    expect(detached(graph.modules.get('/p/base.js')!, 'ast')).toBe(true);
    const tooMany = SyntaxBudget.forDerivedBytes(KEPT_SOURCE_BUDGET + 1);
    const none = graphOf(false, (m) => tooMany.keeps(m));
    for (const m of none.modules.values()) expect(detached(m, 'ast')).toBe(true);
    expect([...rewriteProject(none).code]).toEqual([...rewriteProject(graphOf(true)).code]);
  });

  it('rewrites the same whatever trees are kept, and lets every tree go once done', () => {
    const kept = rewriteProject(graphOf(true));
    for (const budget of [0, files['/p/mix.js'].length, Infinity]) {
      const policy = new SyntaxBudget(budget);
      const graph = graphOf(false, (m) => policy.keeps(m));
      const out = rewriteProject(graph);
      expect([...out.code]).toEqual([...kept.code]);
      expect([...out.flattened]).toEqual([...kept.flattened]);
      expect(out.diagnostics).toEqual(kept.diagnostics);
      expect([...out.flattened].length).toBeGreaterThan(0);
      for (const m of graph.modules.values()) expect(holdsReleasableSyntax(m)).toBe(false);
    }
  });
});
