// Class ids, and which project class a use of the report names (report/detect.ts, graph/patches.ts).
// Apart from class-graph.ts so that modules class-graph.ts itself imports can use them.
import type { ModuleInfo, NameRef } from '../scan/module-info.js';
import type { Resolved } from './class-graph.js';

/** A class of the project: `${relPath}#${index}`. */
export type ClassId = string;

export function classId(module: ModuleInfo, index: number): ClassId {
  return `${module.relPath}#${index}`;
}

/**
 * The class a use's reference names, as the report resolves it (`this` inside a class body is that
 * class; a same-file function's made class counts), or whether it is external or not known.
 */
export function useTargetOf(
  resolveReported: (module: ModuleInfo, ref: NameRef) => Resolved,
  module: ModuleInfo,
  ref: NameRef,
): ClassId | 'external' | 'unknown' {
  if (ref.kind === 'this-instance' || ref.kind === 'this-static') return classId(module, ref.classIndex);
  const r = resolveReported(module, ref);
  if (r.kind === 'class' || r.kind === 'made') return r.id;
  return r.kind === 'external' ? 'external' : 'unknown';
}
