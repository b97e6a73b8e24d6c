import type { NodePath, Scope } from '@babel/traverse';
import type * as t from '@babel/types';
import type { ModuleInfo } from '../scan/module-info.js';
import { Unsupported } from './hygiene.js';

/** The name a spelling starts from: `X`, `X.value`, `X_ref()`, `require("./m").X`, `(X as any)`. */
function rootName(text: string): string | null {
  return /^\(?([A-Za-z_$][\w$]*)/.exec(text)?.[1] ?? null;
}

/**
 * Text put in place of a name inside copied (or rewritten) code must not be captured by a declaration
 * of that code itself: `static s(Base) { return super.k }` cannot become `Base.k`. Hygiene picks
 * spellings from the destination's scopes and does not see the copied code's own parameters and
 * locals, so the scopes from the site up to the copied root are checked here.
 */
export function assertNotCaptured(text: string, scope: Scope, root: NodePath, at: t.Node, module: ModuleInfo): void {
  const name = rootName(text);
  if (!name) return;
  const { start, end } = root.node;
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const block = s.path.node;
    if (block.start! < start! || block.end! > end!) return;
    if (s.hasOwnBinding(name)) {
      throw new Unsupported(`the code here would have to name \`${text}\`, but it declares its own '${name}', which would capture it`, at, module);
    }
  }
}
