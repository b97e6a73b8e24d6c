/**
 * C3 linearization (Barrett et al., "A Monotonic Superclass Linearization for Dylan", 1996; Python's MRO):
 * L(C) = C + merge(L(B1), …, L(Bn), [B1, …, Bn]). The merge repeatedly takes the first head that appears
 * in no list's tail. When no head qualifies the hierarchy is inconsistent and there is no linearization.
 * Iterative, so deep hierarchies cannot overflow the stack.
 */
export type C3Result<T> = { ok: true; mro: T[] } | { ok: false; conflict: T[] };

export function c3Linearize<T>(root: T, basesOf: (x: T) => T[]): C3Result<T> {
  const done = new Map<T, T[]>();
  const failed = new Map<T, T[]>();
  // Post-order over the base graph with an explicit stack.
  const stack: Array<{ node: T; expanded: boolean }> = [{ node: root, expanded: false }];
  const onStack = new Set<T>();
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (done.has(top.node) || failed.has(top.node)) {
      stack.pop();
      continue;
    }
    if (!top.expanded) {
      top.expanded = true;
      onStack.add(top.node);
      for (const b of basesOf(top.node)) {
        if (onStack.has(b)) return { ok: false, conflict: [top.node, b] };
        if (!done.has(b) && !failed.has(b)) stack.push({ node: b, expanded: false });
      }
      continue;
    }
    stack.pop();
    onStack.delete(top.node);
    const bases = basesOf(top.node);
    const failedBase = bases.find((b) => failed.has(b));
    if (failedBase !== undefined) {
      failed.set(top.node, failed.get(failedBase)!);
      continue;
    }
    if (bases.length <= 1) {
      // Single inheritance needs no merge (and must stay linear in time for deep chains).
      done.set(top.node, [top.node, ...(bases.length ? done.get(bases[0])! : [])]);
      continue;
    }
    const merged = merge([...bases.map((b) => [...done.get(b)!]), [...bases]]);
    if (merged.ok) done.set(top.node, [top.node, ...merged.mro]);
    else failed.set(top.node, merged.conflict);
  }
  const mro = done.get(root);
  return mro ? { ok: true, mro } : { ok: false, conflict: failed.get(root) ?? [root] };
}

function merge<T>(lists: T[][]): C3Result<T> {
  const out: T[] = [];
  const seqs = lists.filter((l) => l.length);
  while (seqs.length) {
    let head: T | undefined;
    for (const s of seqs) {
      const candidate = s[0];
      if (!seqs.some((o) => o.indexOf(candidate) > 0)) {
        head = candidate;
        break;
      }
    }
    if (head === undefined) return { ok: false, conflict: seqs.map((s) => s[0]) };
    out.push(head);
    for (const s of seqs) if (s[0] === head) s.shift();
    for (let i = seqs.length - 1; i >= 0; i--) if (!seqs[i].length) seqs.splice(i, 1);
  }
  return { ok: true, mro: out };
}
