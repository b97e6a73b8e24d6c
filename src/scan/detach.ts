// A batch run keeps few syntax trees: the trees, paths and scopes of all class files alive at once were
// most of a large project's peak memory, and the garbage collector's time walking them. The summary
// (plain data: imports, exports, classes with their extends clause as SuperSyntax, uses) is all the
// class graph and the report read. The rewrite reads syntax, of the modules on the chains it flattens
// only: the first read of a detached module's syntax parses and summarizes it again (the same code
// gives the same summary) and puts the new tree's nodes and paths in place, all at once, so that nodes
// read from any field of the module belong to one tree.
//
// Which modules keep their tree once summarized is the policy of scan/syntax-policy.ts; the rewrite
// releases the tree of a module no later class needs (releaseSyntax), so only a window of trees is
// alive while it runs.
import type { NodePath } from '@babel/traverse';
import { babelTraverse, babelTraverseLoaded, t } from '../babel.cjs';
import type { ModuleInfo } from './module-info.js';

type Again = (info: ModuleInfo) => ModuleInfo;

/** Modules whose syntax can be dropped and made again: how to make it again, and whether it is in place. */
const releasable = new WeakMap<ModuleInfo, { again: Again; attached: boolean }>();

/**
 * The module keeps its syntax for now; releaseSyntax() may drop it later (it is then made again from
 * `again()` on first read).
 */
export function keepSyntax(info: ModuleInfo, again: Again): void {
  releasable.set(info, { again, attached: true });
}

/** Replace the syntax fields of a summarized module by getters that materialize them from `again()`. */
export function detachSyntax(info: ModuleInfo, again: Again): void {
  releasable.set(info, { again, attached: true });
  releaseSyntax(info);
}

/**
 * Drop the module's tree, paths and scopes (when it holds them and can make them again): its syntax
 * fields become getters again. Nothing read from the old tree may be kept by the caller: it would
 * not be part of the tree made on the next read. Returns whether anything was dropped.
 */
export function releaseSyntax(info: ModuleInfo): boolean {
  const state = releasable.get(info);
  if (!state?.attached) return false;
  state.attached = false;
  // The small statements stay (until the next materialize), but not the paths Babel cached below them:
  // a cached path leads to its parent's, up to the program's, and would keep the whole tree alive.
  for (const imp of info.imports.values()) forgetCachedPaths(imp.node);
  for (const call of info.applyCalls) forgetCachedPaths(call.statement);
  const materialize = (): void => {
    if (state.attached) return;
    state.attached = true;
    const fresh = state.again(info);
    if (fresh.classes.length !== info.classes.length || fresh.applyCalls.length !== info.applyCalls.length) {
      throw new Error(`internal error: ${info.relPath} summarized again differs from its first summary`);
    }
    put(info, 'ast', fresh.ast);
    put(info, 'programPath', fresh.programPath);
    info.classes.forEach((c, i) => {
      const now = fresh.classes[i];
      put(c, 'path', now.path);
      put(c, 'node', now.node);
      if (c.factory) put(c.factory, 'fn', now.factory!.fn);
    });
    // Small statements, kept from the first tree; what reads them compares them with the new tree's.
    for (const [local, imp] of info.imports) imp.node = fresh.imports.get(local)!.node;
    info.applyCalls.forEach((call, i) => (call.statement = fresh.applyCalls[i].statement));
  };
  const lazy = <T extends object>(obj: T, key: keyof T & string): void => lazyField(obj, key, materialize);
  lazy(info, 'ast');
  lazy(info, 'programPath');
  for (const c of info.classes) {
    lazy(c, 'path');
    lazy(c, 'node');
    if (c.factory) lazy(c.factory, 'fn');
  }
  return true;
}

/** Whether the module holds its syntax now and could drop it (releaseSyntax). */
export function holdsReleasableSyntax(info: ModuleInfo): boolean {
  return releasable.get(info)?.attached ?? false;
}

/** Babel caches paths by parent node (a WeakMap): drop the entries of the nodes of one subtree. */
function forgetCachedPaths(node: t.Node): void {
  // No path was made if traverse was never loaded (babel.cts).
  if (!babelTraverseLoaded()) return;
  // Read at each call: Babel replaces the map when it is emptied (clearPath).
  const cache = babelTraverse().default.cache.path as unknown as WeakMap<t.Node, unknown>;
  t.traverseFast(node, (n) => void cache.delete(n));
}

/**
 * `obj[key]` becomes a getter that runs `materialize` first, which puts the value in place (put()).
 * With `assignable`, assigning the field puts the value too; without, it throws (nothing may assign it).
 */
export function lazyField(obj: object, key: string, materialize: () => void, assignable = false): void {
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get() {
      materialize();
      return (obj as Record<string, unknown>)[key];
    },
    ...(assignable ? { set: (value: unknown) => put(obj, key, value) } : {}),
  });
}

/** Puts a plain value in place of a lazy field. */
export function put(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { configurable: true, enumerable: true, writable: true, value });
}
