// Which mirror files of a batch run are certainly copies of their input, known before the rewrite (or
// before the class graph) is done: the CLI writes them in a worker thread meanwhile (emit/mirror-offload.ts).
//
// Why they cannot be rewritten (test/mirror-offload.test.ts checks both claims against the rewrite):
// - FlattenSession marks a file rewritten only where rewriteProject() returned text for it, and that text
//   is assembled (flatten/rewrite.ts, assembleFiles) only for files that are modules of the class graph,
//   i.e. source files that parsed. Files that are not (declarations, assets, unreadable or unparsable
//   or blank sources) are copies whatever the rewrite does.
// - The files the rewrite plans to change (plannedFiles: edits, imports and lines added, exports added)
//   are the module of a class it flattens (its new text; with --preserve-instanceof also its ancestors'
//   modules), the module of an applyMixins-style call it removes, and the modules the copied code comes
//   from (flatten/hygiene.ts: the `to` of every addition is the flattened class's module, the `from` of
//   every export is the module of a class of its chain or of an applied base). All are modules holding a
//   class of the graph, or an applyMixins call the graph found. A module with neither is a copy.
//
// With source maps, a copied input named like a map (`x.js.map`) is left out: a map written beside a
// rewritten `x.js` replaces it (emit/mirror.ts), which is known only at the end.

import type { ClassGraph } from './graph/class-graph.js';
import type { FileResult } from './types.js';

/** Files that no rewrite can change: those not among the parsed modules. */
export function copiesBeforeGraph(files: readonly FileResult[], modules: ReadonlyMap<string, unknown>, sourceMaps: boolean): FileResult[] {
  return files.filter((f) => !modules.has(f.absPath) && f.status !== 'rewritten' && !(sourceMaps && f.outRelPath.endsWith('.map')));
}

/** Modules the rewrite may change: those holding a class of the graph, or an applyMixins call it found. */
export function modulesTheRewriteMayChange(graph: ClassGraph): Set<string> {
  const out = new Set<string>();
  for (const c of graph.classes.values()) out.add(c.module.absPath);
  for (const a of graph.applied.values()) out.add(a.module.absPath);
  return out;
}

/** Modules of the graph that the rewrite leaves as they are, whatever it decides. */
export function copiesAfterGraph(files: readonly FileResult[], graph: ClassGraph, sourceMaps: boolean): FileResult[] {
  const mayChange = modulesTheRewriteMayChange(graph);
  return files.filter((f) => graph.modules.has(f.absPath) && !mayChange.has(f.absPath) && f.status !== 'rewritten' && !(sourceMaps && f.outRelPath.endsWith('.map')));
}
