// A batch run keeps no module's syntax tree once it is summarized: the trees, paths and scopes of all
// class files alive at once were most of a large project's peak memory, and the garbage collector's
// time walking them. The summary (plain data: imports, exports, classes with their extends clause as
// SuperSyntax, uses) is all the class graph and the report read. The rewrite reads syntax, of the
// modules on the chains it flattens only: the first read of a module's syntax parses and summarizes it
// again (the same code gives the same summary) and puts the new tree's nodes and paths in place, all
// at once, so that nodes read from any field of the module belong to one tree.
import type { NodePath } from '@babel/traverse';
import type * as t from '@babel/types';
import type { ModuleInfo } from './module-info.js';

/** Replace the syntax fields of a summarized module by getters that materialize them from `again()`. */
export function detachSyntax(info: ModuleInfo, again: (info: ModuleInfo) => ModuleInfo): void {
  let done = false;
  const materialize = (): void => {
    if (done) return;
    done = true;
    const fresh = again(info);
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
  const lazy = <T extends object>(obj: T, key: keyof T & string): void => {
    Object.defineProperty(obj, key, {
      configurable: true,
      enumerable: true,
      get() {
        materialize();
        return (obj as Record<string, unknown>)[key];
      },
    });
  };
  lazy(info, 'ast');
  lazy(info, 'programPath');
  for (const c of info.classes) {
    lazy(c, 'path');
    lazy(c, 'node');
    if (c.factory) lazy(c.factory, 'fn');
  }
}

function put(obj: object, key: string, value: t.Node | NodePath | t.File): void {
  Object.defineProperty(obj, key, { configurable: true, enumerable: true, writable: true, value });
}
