import type { NodePath, Scope } from '@babel/traverse';
import type * as t from '@babel/types';
import type { ModuleInfo } from '../scan/module-info.js';
import { Unsupported } from './hygiene.js';

/** The name a spelling starts from: `X`, `X.value`, `X_ref()`, `require("./m").X`, `(X as any)`. */
function rootName(text: string): string | null {
  return /^\(?([A-Za-z_$][\w$]*)/.exec(text)?.[1] ?? null;
}

/**
 * Is `name` declared by the copied code itself, between the site's scope and the copied root (its
 * parameters and locals, which are copied along)? Hygiene picks spellings from the destination's scopes
 * and does not see those.
 */
export function declaredInCopy(name: string, scope: Scope, root: NodePath): boolean {
  const { start, end } = root.node;
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const block = s.path.node;
    if (block.start! < start! || block.end! > end!) return false;
    if (s.hasOwnBinding(name)) return true;
  }
  return false;
}

/**
 * Text put in place of a name inside copied (or rewritten) code must not be captured by a declaration
 * of that code itself: `static s(Base) { return super.k }` cannot become `Base.k`.
 */
export function assertNotCaptured(text: string, scope: Scope, root: NodePath, at: t.Node, module: ModuleInfo): void {
  const name = rootName(text);
  if (name && declaredInCopy(name, scope, root)) {
    throw new Unsupported(`the code here would have to name \`${text}\`, but it declares its own '${name}', which would capture it`, at, module);
  }
}
