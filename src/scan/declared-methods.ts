// The methods a class declares (own, not inherited), by name: what the report reads of a class body
// when a method is compared by identity. Kept per class once read, so that a class whose tree was let
// go (scan/detach.ts) is not parsed again to answer it: the rewrite notes it before letting a tree go.
import { t } from '../babel.cjs';
import type { ClassInfo } from './module-info.js';

const known = new WeakMap<ClassInfo, Set<string>>();

/** Keys `static name` / `name` of the class's own methods (getters, setters and the constructor excluded). */
export function declaredMethods(info: ClassInfo): Set<string> {
  let names = known.get(info);
  if (!names) {
    names = new Set();
    for (const m of info.node.body.body) {
      if (!t.isClassMethod(m) || m.kind !== 'method') continue;
      const name = !m.computed && t.isIdentifier(m.key) ? m.key.name : t.isStringLiteral(m.key) ? m.key.value : null;
      if (name !== null) names.add(`${m.static ? 'static ' : ''}${name}`);
    }
    known.set(info, names);
  }
  return names;
}
