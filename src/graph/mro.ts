import type { ClassGraph, ClassId } from './class-graph.js';
import { c3Linearize } from './c3.js';

/**
 * The method resolution order of a class, by C3 linearization. A class's direct bases, in precedence
 * order, are the classes applyMixins copied onto it (the last applied first: it wins) and then its
 * superclass (a project class or a mixin application). Without applied mixins this is simply the chain.
 */
export function mroOf(graph: ClassGraph, id: ClassId): { ok: true; mro: string[] } | { ok: false; conflict: string[] } {
  const chain = graph.chains.get(id) ?? [id];
  const name = (x: ClassId) => graph.classes.get(x)!.info.name;
  const root = graph.roots.get(id)?.heritage;
  const external = root?.kind === 'external' ? [root.name] : [];
  if (!chain.some((c) => graph.applied.has(c))) return { ok: true, mro: [...chain.map(name), ...external] };
  // Mixin applications repeat class ids; chain positions are the nodes of the linearization.
  const next = new Map<string, string>();
  chain.forEach((c, i) => {
    if (i + 1 < chain.length) next.set(`${i}`, `${i + 1}`);
  });
  const appliedKey = (b: ClassId) => `applied:${b}`;
  const idOf = (node: string) => (node.startsWith('applied:') ? node.slice(8) : chain[Number(node)]);
  const bases = (node: string): string[] => {
    const cls = idOf(node);
    const applied = graph.applied.get(cls)?.bases ?? [];
    const parent = node.startsWith('applied:') ? [] : next.has(node) ? [next.get(node)!] : [];
    return [...[...applied].reverse().map(appliedKey), ...parent];
  };
  const r = c3Linearize('0', bases);
  if (!r.ok) return { ok: false, conflict: r.conflict.map((n) => name(idOf(n))) };
  return { ok: true, mro: [...r.mro.map((n) => name(idOf(n))), ...external] };
}
