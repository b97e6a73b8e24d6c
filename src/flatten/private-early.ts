import type { NodePath } from '@babel/traverse';
import * as t from '@babel/types';
import type { ClassContext } from './context.js';
import { diagnosticAt } from './diagnostics.js';

/**
 * Private instance fields cannot keep their place in construction. The flattened class declares every
 * layer's `#x` in its own body, so `#x` exists from the start of construction; originally it was added
 * only when its initializer ran (after the layer's super() returned). Code that touched `#x` earlier
 * threw a TypeError (or saw `#x in this` false) and now reads undefined. No text edit can delay a private
 * field, so such a field is reported where that earlier access is possible:
 *   - an initializer of the same layer, up to the field's own, mentions `#x`; or
 *   - `this` has escaped in code that ran before (a call through `this`, `this` passed on, an accessor
 *     read, `super.m()`), and a method, accessor or static member of the layer mentions `#x`.
 * `this.x` reads and writes of plain properties do not count: they cannot run code of ours.
 */
export function reportEarlyPrivateFields(ctx: ClassContext, externalCallsBack: boolean): void {
  let escaped = externalCallsBack;
  for (let j = ctx.layers.length - 1; j >= 0; j--) {
    const layer = ctx.layers[j];
    const fields = layer.members.filter((m) => m.kind === 'field' && !m.isStatic && !m.typeOnly);
    fields.forEach((m, i) => {
      if (m.key.kind === 'private') {
        const name = m.key.name;
        const direct = fields.slice(0, i + 1).some((f) => mentions((f.node as t.ClassProperty).value, name));
        if (direct || (escaped && layer.members.some((o) => !(o.kind === 'field' && !o.isStatic) && o.node !== m.node && mentions(o.node, name)))) {
          const module = layer.cls.module;
          const names = [ctx.dest.info.name, layer.cls.info.name];
          ctx.diagnostics.push(
            diagnosticAt(module, m.node, 'isinstance', 'private-field-early-access', 'warning', `${layer.cls.info.name}'s private field #${name} may be used during construction before its initializer runs; that threw a TypeError (and \`#${name} in this\` was false), but ${ctx.dest.info.name} after flattening declares #${name} from the start, so it reads undefined instead.`, 'Only a concern if such code can run before the field is initialized (a method called from an ancestor constructor or an earlier field initializer).', names),
          );
        }
      }
      const value = (m.path as NodePath<t.ClassProperty>).get('value');
      if (!escaped && value.node && thisEscapes(ctx, value as NodePath)) escaped = true;
    });
    if (!escaped && layer.ctor && thisEscapes(ctx, layer.ctor)) escaped = true;
  }
}

function mentions(node: t.Node | null | undefined, privateName: string): boolean {
  if (!node) return false;
  let found = false;
  t.traverseFast(node, (n) => {
    if (t.isPrivateName(n) && n.id.name === privateName) found = true;
  });
  return found;
}

/** Can code in `root` run code of the instance's methods or hand `this` on (so that later code can)? */
function thisEscapes(ctx: ClassContext, root: NodePath): boolean {
  let escapes = false;
  const check = (p: NodePath<t.ThisExpression | t.Super>): void => {
    if (escapes || !ownThis(p, root)) return;
    const parent = p.parentPath;
    if (p.isSuper()) {
      // super(...) itself runs the ancestors, which are followed layer by layer; super.x may run a method.
      if (!(parent?.isCallExpression() && parent.node.callee === p.node)) escapes = true;
      return;
    }
    if (!parent?.isMemberExpression() || parent.node.object !== p.node) {
      escapes = true;
      return;
    }
    const key = parent.node.property;
    const name = !parent.node.computed && t.isIdentifier(key) ? key.name : t.isStringLiteral(key) ? key.value : null;
    const grand = parent.parentPath;
    const called = !!grand && ((grand.isCallExpression() || grand.isOptionalCallExpression()) ? grand.node.callee === parent.node : grand.isTaggedTemplateExpression() && grand.node.tag === parent.node);
    if (name === null || called || ctx.hasDynamicAccessor || ctx.accessorNames.has(name)) escapes = true;
  };
  if (root.isThisExpression()) check(root);
  root.traverse({ ThisExpression: check, Super: check });
  return escapes;
}

/** Is this `this`/`super` the one of the code at `root` (not of a function or class nested in it)? */
function ownThis(p: NodePath, root: NodePath): boolean {
  for (let cur = p.parentPath; cur; cur = cur.parentPath) {
    if (cur.node === root.node) return true;
    if ((cur.isFunction() && !cur.isArrowFunctionExpression()) || cur.isClass()) return false;
  }
  return true;
}
