// The rewrite reads the plain resolver's paths and scopes (src/scan/scope.ts) in batch runs and Babel's
// in watch mode: for every node of a program, both must answer alike what the rewrite asks of a path
// (virtual types, parent chain, scope bindings, hasBinding) and visit subtrees in the same order.
import fc from 'fast-check';
import _traverse, { type NodePath, type Binding } from '@babel/traverse';
import * as t from '@babel/types';
import { describe, expect, it } from 'vitest';
import { programArb, renderProgram } from './fuzz/generate.js';
import { parseSource } from '../src/scan/parse.js';
import { crawlPlainly, LitePath, type LiteBinding } from '../src/scan/scope.js';

type TraverseFn = typeof _traverse.default;
const traverse: TraverseFn = ((_traverse as unknown as { default?: TraverseFn }).default ?? (_traverse as unknown as TraverseFn));

const VIRTUAL = ['isReferencedIdentifier', 'isBindingIdentifier', 'isStatement', 'isExpression', 'isScope', 'isReferenced', 'isBlockScoped', 'isVar', 'isFunction', 'isClass', 'isProgram', 'isForXStatement', 'isScopable'] as const;

/** One line per node: what a path answers, with bindings named by their identifier's position. */
function describePath(p: NodePath | LitePath): string {
  const id = (b: Binding | LiteBinding | undefined) => (b ? `${b.kind}@${b.identifier.start}:${b.scope.path.node.start}:${b.path.node.type}:${b.constant}` : '-');
  const node = p.node;
  const parts = [node.type, node.start, String(p.key), String(p.listKey ?? null), p.parentPath?.node.type ?? '-', p.getFunctionParent()?.node.start ?? '-'];
  for (const v of VIRTUAL) parts.push((p as unknown as Record<string, () => boolean>)[v]() ? '1' : '0');
  if (t.isIdentifier(node) || t.isJSXIdentifier(node)) {
    parts.push(id(p.scope.getBinding(node.name) as Binding | undefined), String(p.scope.hasBinding(node.name, true)), String(p.scope.hasOwnBinding(node.name)));
  }
  if (t.isScopable(node)) parts.push(Object.keys(p.scope.bindings).sort().join(','));
  return parts.join(' ');
}

function babelLines(ast: t.File): string[] {
  const out: string[] = [];
  let program: NodePath | null = null;
  traverse(ast, {
    Program(path) {
      program = path;
      path.stop();
    },
  });
  // A subtree's traverse with `enter`, as ts-subtype.ts and sites.ts make them.
  (program as unknown as NodePath).traverse({ enter: (p) => void out.push(describePath(p)) });
  return out;
}

function plainLines(ast: t.File): string[] {
  const out: string[] = [];
  const { scopes } = crawlPlainly(ast, () => false);
  scopes.program.path.traverse({ enter: (p) => void out.push(describePath(p)) });
  return out;
}

/** Compares both; false where the plain resolver is not sure (such a module is read through Babel's paths). */
function expectSameAnswers(file: string, code: string): boolean {
  const a = parseSource(file, code);
  const b = parseSource(file, code);
  if (!a.ok || !b.ok) throw new Error(`${file} does not parse`);
  let plain: string[];
  try {
    plain = plainLines(a.ast);
  } catch {
    return false;
  }
  const babel = babelLines(b.ast);
  const diff = plain.map((line, i) => (line === babel[i] ? null : `plain ${line}\nbabel ${babel[i]}`)).filter(Boolean).slice(0, 3);
  expect(diff, `${file}:\n${code}`).toEqual([]);
  expect(plain.length).toBe(babel.length);
  return true;
}

describe('plain paths answer as Babel paths (what the rewrite reads)', () => {
  it('on hand-written scoping cases', () => {
    expect(expectSameAnswers('/p/a.js', `
      import D, { b as B } from './b.js';
      var v = 1; let l = 2; const c = 3;
      function f(p, { q = v }, ...rest) { var inner = arguments; return p + q + inner + rest + c; }
      class A extends B { #x = 1; static s = l; m(k = this.#x) { super.m(); for (const e of [k]) { l++; } return new.target; } get g() { return D; } }
      for (var i = 0; i < 2; i++) { var loopVar = i; }
      for (const key in {}) key;
      label: { break label; }
      try { x = 1; } catch ({ message }) { message; }
      const o = { A, v, m() { return super.toString(); } };
      (function named() { return named; })();
      ({ a: c, ...globalThis.rest } = {});
      delete o.v; typeof undeclared;
      switch (l) { case 1: let s = 1; }
      export default class extends A {}
    `)).toBe(true);
    expect(expectSameAnswers('/p/t.ts', `
      import type { T } from './t';
      enum E { A }
      namespace N { export const n = 1; }
      export class C<U> { constructor(private readonly p: T, public q = E.A) {} m<V>(x: U, y: V): T { return this.p; } declare d: number; }
      let u: string | undefined = undefined!;
      function over(a: string): void;
      function over(a: unknown) { return a as T; }
    `)).toBe(true);
    expect(expectSameAnswers('/p/j.jsx', 'const Box = () => <div><Box.Item x={1} /><span>{Box}</span></div>;\n')).toBe(true);
  });

  it('on generated programs', () => {
    let compared = 0;
    for (const program of fc.sample(programArb(), { numRuns: 40, seed: 11 })) {
      for (const [file, code] of Object.entries(renderProgram(program))) {
        if (!/\.(c|m)?(j|t)s$/.test(file)) continue;
        if (expectSameAnswers(`/p/${file}`, code)) compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('visits with type and alias visitors in order, and skip() leaves children out', () => {
    const code = 'class A { m() { function f() { return 1; } return () => 2; } }\n';
    const visits = (program: NodePath | LitePath): string[] => {
      const out: string[] = [];
      (program as LitePath).traverse({
        Function: (p) => {
          out.push(`fn ${p.node.type}`);
          if (t.isFunctionDeclaration(p.node)) p.skip();
        },
        ReturnStatement: (p) => void out.push(`return ${p.node.start}`),
        Scopable: (p) => void out.push(`scope ${p.node.type}`),
      });
      return out;
    };
    const a = parseSource('/p/v.js', code);
    const b = parseSource('/p/v.js', code);
    if (!a.ok || !b.ok) throw new Error('parse');
    let babelProgram: NodePath | null = null;
    traverse(b.ast, { Program: (p) => void ((babelProgram = p), p.stop()) });
    expect(visits(crawlPlainly(a.ast, () => false).scopes.program.path)).toEqual(visits(babelProgram!));
  });
});
