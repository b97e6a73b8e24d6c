// The rewrite reads the syntax of the modules on the chain it flattens. In a batch run most modules
// have dropped their tree once summarized (scan/syntax-policy.ts), and the first read makes it again
// (scan/detach.ts); left alone, every tree made again would then stay alive to the end of the run.
// So the rewrite works through a window: before the classes are flattened, the trees no class needs
// go; after each class, the trees of modules no later class needs go. Classes are flattened in id order
// (fresh names and imports depend on it), which is file order: classes sharing ancestors mostly come
// together, and only the shared ancestors stay alive across the whole run.
import type { ClassGraph, ClassId } from '../graph/class-graph.js';
import { holdsReleasableSyntax, releaseSyntax } from '../scan/detach.js';
import type { ModuleInfo } from '../scan/module-info.js';

export class SyntaxWindow {
  /** Per module: the position in the order of the last class that needs its syntax. */
  private readonly lastNeed = new Map<ModuleInfo, number>();
  /** Modules by the position after which they can go. */
  private readonly dueAt = new Map<number, ModuleInfo[]>();

  /**
   * `order`: the classes in the order they are flattened. `beforeRelease` is told each module just
   * before its tree goes (to note what is read of it later).
   */
  constructor(
    private readonly graph: ClassGraph,
    order: readonly ClassId[],
    private readonly beforeRelease: (m: ModuleInfo) => void = () => {},
  ) {
    order.forEach((id, i) => {
      for (const m of modulesRead(graph, id)) this.lastNeed.set(m, i);
    });
    for (const [m, i] of this.lastNeed) {
      const list = this.dueAt.get(i) ?? [];
      list.push(m);
      this.dueAt.set(i, list);
    }
  }

  /** Drop the trees of the modules no class needs. */
  start(): void {
    for (const m of this.graph.modules.values()) if (!this.lastNeed.has(m)) this.release(m);
  }

  /** The class at `position` is done: drop the trees of the modules no later class needs. */
  done(position: number): void {
    for (const m of this.dueAt.get(position) ?? []) this.release(m);
  }

  /** Every class is done: drop whatever tree is still held (read outside of what modulesRead() foresaw). */
  finish(): void {
    for (const m of this.graph.modules.values()) this.release(m);
  }

  private release(m: ModuleInfo): void {
    // Only modules that can make their syntax again are concerned (not watch mode's, which keep theirs).
    // The report reads the syntax of every TypeScript module after the rewrite (report/ts-subtype.ts):
    // letting theirs go would only make it again.
    if (m.isTypeScript || !holdsReleasableSyntax(m)) return;
    this.beforeRelease(m);
    releaseSyntax(m);
  }
}

/** The modules whose syntax flattening the class `id` reads: its chain's, its mixins' and its extends clause's. */
function modulesRead(graph: ClassGraph, id: ClassId): Set<ModuleInfo> {
  const out = new Set<ModuleInfo>();
  for (const c of graph.chains.get(id) ?? [id]) {
    const node = graph.classes.get(c);
    if (node) out.add(node.module);
  }
  const root = graph.roots.get(id);
  if (root && 'module' in root.heritage) out.add(root.heritage.module);
  const applied = graph.applied.get(id);
  if (applied) {
    out.add(applied.module);
    for (const b of applied.bases) {
      const node = graph.classes.get(b);
      if (node) out.add(node.module);
    }
  }
  return out;
}
