// Which scanned modules import each other, directly or not (strongly connected components of the
// import graph). A subclass whose base comes from a module in its own import cycle is defined before
// that base whenever its module happens to be evaluated first: the original then throws at `extends`
// (a TDZ ReferenceError; with require(), "Class extends value undefined"), while the flattened class no
// longer reads the base there and is defined. The report names those classes (`extends-in-import-cycle`).
import type { ModuleInfo } from '../scan/module-info.js';
import type { ClassGraph } from './class-graph.js';

export interface ImportCycles {
  /** Do `a` and `b` (distinct) import each other, directly or through other scanned modules? */
  together(a: ModuleInfo, b: ModuleInfo): boolean;
}

/**
 * Components are found on demand, by Tarjan's algorithm from the modules asked about: only the part
 * of the graph reachable from them is walked, once. Edges are value imports (`import type` is erased),
 * re-exports and `require()` bindings that resolve to scanned modules.
 */
export function importCycles(graph: ClassGraph): ImportCycles {
  const component = new Map<ModuleInfo, number>();
  const index = new Map<ModuleInfo, number>();
  const low = new Map<ModuleInfo, number>();
  const stack: ModuleInfo[] = [];
  const onStack = new Set<ModuleInfo>();
  let counter = 0;
  let components = 0;

  const edges = (m: ModuleInfo): ModuleInfo[] => {
    const specifiers = new Set<string>();
    for (const imp of m.imports.values()) if (!imp.typeOnly) specifiers.add(imp.specifier);
    for (const e of m.exports.values()) if (e.kind === 'reexport') specifiers.add(e.specifier);
    for (const s of m.exportAll) specifiers.add(s);
    const out: ModuleInfo[] = [];
    for (const s of specifiers) {
      const target = graph.resolveSpecifier(s, m);
      if (target) out.push(target);
    }
    return out;
  };

  // Iterative, so a long chain of imports cannot overflow the stack.
  const visit = (start: ModuleInfo): void => {
    const work: Array<{ m: ModuleInfo; next: ModuleInfo[]; i: number }> = [];
    const open = (m: ModuleInfo): void => {
      index.set(m, counter);
      low.set(m, counter++);
      stack.push(m);
      onStack.add(m);
      work.push({ m, next: edges(m), i: 0 });
    };
    open(start);
    while (work.length) {
      const top = work[work.length - 1];
      if (top.i < top.next.length) {
        const w = top.next[top.i++];
        if (!index.has(w)) open(w);
        else if (onStack.has(w)) low.set(top.m, Math.min(low.get(top.m)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].m;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.m)!));
      }
      if (low.get(top.m) === index.get(top.m)) {
        const id = components++;
        for (;;) {
          const w = stack.pop()!;
          onStack.delete(w);
          component.set(w, id);
          if (w === top.m) break;
        }
      }
    }
  };

  const componentOf = (m: ModuleInfo): number => {
    if (!component.has(m)) visit(m);
    return component.get(m)!;
  };
  return { together: (a, b) => a !== b && componentOf(a) === componentOf(b) };
}
