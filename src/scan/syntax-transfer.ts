// Moving a module summary between threads. Babel's nodes, paths and scopes cannot cross a thread
// (and cloning a whole tree costs more than parsing it again), so a scan worker sends the summary
// without its syntax fields (withoutSyntax), and the main thread puts lazy ones in their place
// (withLazySyntax): the first read of any of them parses and summarizes the module again, as
// scan/detach.ts does for modules a batch run drops the syntax of.

import type { ClassInfo, ImportBinding, ModuleInfo } from './module-info.js';
import { detachSyntax, lazyField } from './detach.js';
import { summarizeAgain } from './summarize.js';

/** A ModuleInfo without its syntax fields: plain data that structured cloning copies as it is. */
export interface PlainModule extends Omit<ModuleInfo, 'ast' | 'programPath' | 'classes' | 'imports' | 'applyCalls'> {
  classes: Array<Omit<ClassInfo, 'path' | 'node' | 'factory'> & { factory: Omit<NonNullable<ClassInfo['factory']>, 'fn'> | null }>;
  imports: Map<string, Omit<ImportBinding, 'node'>>;
  applyCalls: Array<Omit<ModuleInfo['applyCalls'][number], 'statement'>>;
}

/** The summary's plain data. Reads no syntax field (so a detached module is not made again). */
export function withoutSyntax(info: ModuleInfo): PlainModule {
  const { ast: _ast, programPath: _program, classes, imports, applyCalls, ...rest } = plainFields(info);
  return {
    ...rest,
    classes: classes.map((c) => {
      const { path: _path, node: _node, factory, ...data } = plainFields(c);
      return { ...data, factory: factory ? (({ fn: _fn, ...f }) => f)(plainFields(factory)) : null };
    }),
    imports: new Map([...imports].map(([local, imp]) => [local, (({ node: _node, ...data }) => data)(imp)])),
    applyCalls: applyCalls.map(({ statement: _statement, ...data }) => data),
  } as PlainModule;
}

/** The own data properties of `obj`, getters left out (they are the lazy syntax fields). */
function plainFields<T extends object>(obj: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(obj))) if ('value' in d) out[key] = d.value;
  return out as T;
}

/** A summary received from a worker, with syntax fields that are made on first read. */
export function withLazySyntax(plain: PlainModule): ModuleInfo {
  const info = plain as unknown as ModuleInfo;
  detachSyntax(info, summarizeAgain);
  // detachSyntax sets these two on materializing (they are small, and usually kept from the first
  // tree); here there is no first tree, so reading one materializes the module.
  const readSyntax = (): void => void info.ast;
  for (const imp of info.imports.values()) lazyField(imp, 'node', readSyntax, true);
  for (const call of info.applyCalls) lazyField(call, 'statement', readSyntax, true);
  return info;
}
