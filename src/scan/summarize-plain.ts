// The first summary of a file with classes (or uses to report), without Babel's traverse: one plain
// walk builds Babel's scopes in small (scope.ts) and gives paths to the nodes summarizeModule's
// visitors act on; the same visitors and the same finishing step (summarize.ts) then run over those
// paths, so the summary is the Babel-based one by construction, at about a third of its cost
// (test/summarize-plain.test.ts and scripts/compare-summaries.mjs compare the two).
//
// The Babel-based summary stays the oracle. In batch runs the rewrite reads the plain resolver's paths
// and scopes too (its LitePath answers what the rewrite asks as Babel's NodePath does:
// test/plain-paths.test.ts): a module's programPath and its classes' paths are made on first read, by
// the resolver again over the kept tree (definePathsOnDemand), or are the plain summary's own when a
// dropped module is made again (summarizeAgain). Babel's traverse runs only where the resolver is not
// sure; modules the rewrite never reads never get paths or scopes.
import type { NodePath, Binding } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ModuleInfo } from './module-info.js';
import { lazyField, put } from './detach.js';
import { crawlPlainly, type LitePath } from './scope.js';
import { finishSummary, newSummaryState, summaryVisitors, traverse } from './summarize.js';
import { mayPassOut } from './passed-out.js';
import { bare, isPrototypeRef } from './ts-wrappers.js';
import { isForeignPrivateAccess, isNamespaceMember, mayBeMethodOf, mayIntrospect, writtenMember } from './use-triggers.js';

/**
 * The nodes a visitor of the summary can act on (a superset: the visitor decides). Paths are made for
 * these only (and their ancestors), which is what makes the walk cheap.
 */
function visited(node: t.Node, mayName: (name: string) => boolean): boolean {
  switch (node.type) {
    case 'ClassDeclaration':
    case 'ClassExpression':
      return true;
    case 'BinaryExpression':
      return node.operator === 'instanceof' || (node.operator === 'in' && node.left.type === 'PrivateName') || (/^[!=]==?$/.test(node.operator) && (mayBeMethodOf(node.left) || mayBeMethodOf(node.right)));
    case 'CallExpression':
      return mayIntrospect(node) || mayPassOut(node, mayName);
    case 'NewExpression':
      return mayPassOut(node, mayName);
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return (!node.computed && node.property.type === 'Identifier' && node.property.name === '__proto__') || isForeignPrivateAccess(node);
    case 'AssignmentExpression':
    case 'UpdateExpression':
    case 'UnaryExpression': {
      const left = writtenMember(node);
      if (!left) return false;
      const obj = bare(left.object);
      return obj.type === 'Identifier' || obj.type === 'ThisExpression' || isPrototypeRef(obj) || isNamespaceMember(obj);
    }
    default:
      return false;
  }
}

/**
 * Fill `info` (its top level already collected) as Babel's traverse would: classes, uses, factories,
 * made classes. Returns the program's path; null, with `info` as it was, where the resolver is not sure
 * (scope.ts): the caller summarizes with Babel. The classes' paths are the plain walk's until the
 * caller replaces them.
 */
export function summarizePlainly(info: ModuleInfo, ast: t.File, mayName: (name: string) => boolean): LitePath | null {
  try {
    const { scopes, visits } = crawlPlainly(ast, (node) => visited(node, mayName));
    const state = newSummaryState(mayName);
    const visitors = summaryVisitors(info, state);
    // The visitors by node type (Babel calls `Class` for both kinds of class).
    const byType = visitors as unknown as Record<string, ((path: NodePath) => void) | undefined>;
    for (const path of visits as unknown as NodePath[]) {
      const type = path.node.type === 'ClassDeclaration' || path.node.type === 'ClassExpression' ? 'Class' : path.node.type;
      byType[type]?.(path);
    }
    finishSummary(info, scopes.program as unknown as { getOwnBinding(name: string): Binding | undefined; bindings: Record<string, Binding | undefined> }, state);
    return scopes.program.path;
  } catch {
    // Not sure (or a resolver bug): the Babel-based summary decides, from an empty start.
    info.classes = [];
    info.uses = [];
    info.factories = new Map();
    info.madeClasses = new Map();
    return null;
  }
}

/**
 * A plainly summarized module keeps its tree; its program path and its classes' paths (what the
 * rewrite reads) are made when first read, by the plain resolver again (scope.ts: paths and scopes
 * answer as Babel's do, for what the rewrite asks), or by Babel's traverse over the same tree where
 * the resolver is not sure. Nodes stay those of the tree.
 */
export function definePathsOnDemand(info: ModuleInfo, tree: t.File): void {
  let done = false;
  const materialize = (): void => {
    if (done) return;
    done = true;
    const { program, classes } = plainPaths(tree) ?? babelPaths(tree);
    if (classes.length !== info.classes.length || classes.some((c, i) => c.node !== info.classes[i].node)) {
      throw new Error(`internal error: ${info.relPath}: the walk meets other classes than its plain summary`);
    }
    put(info, 'programPath', program);
    info.classes.forEach((c, i) => put(c, 'path', classes[i]));
  };
  const lazy = (obj: object, key: string): void => lazyField(obj, key, materialize, true);
  lazy(info, 'programPath');
  for (const c of info.classes) lazy(c, 'path');
}

interface Paths {
  program: NodePath<t.Program>;
  /** The classes, in the order Babel's traverse meets them (the summary's order). */
  classes: Array<NodePath<t.Class>>;
}

/** The plain resolver's paths (its walk meets the classes in Babel's order); null where it is not sure. */
function plainPaths(tree: t.File): Paths | null {
  try {
    const { scopes, visits } = crawlPlainly(tree, (node) => node.type === 'ClassDeclaration' || node.type === 'ClassExpression');
    return { program: scopes.program.path as unknown as NodePath<t.Program>, classes: visits as unknown as Array<NodePath<t.Class>> };
  } catch {
    return null;
  }
}

/**
 * Babel's paths, by one traverse without the summary's work. Babel's path cache is kept: this happens
 * in the middle of the rewrite, which holds paths of other modules.
 */
function babelPaths(tree: t.File): Paths {
  let program: NodePath<t.Program> | null = null;
  const classes: Array<NodePath<t.Class>> = [];
  traverse(tree, {
    Program(path) {
      program = path;
    },
    Class(path) {
      classes.push(path);
    },
  });
  return { program: program!, classes };
}
