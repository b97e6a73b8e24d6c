import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ClassContext } from './context.js';
import { diagnosticAt } from './diagnostics.js';
import type { Member } from './layers.js';
import { childPath } from '../scan/child-path.js';

/**
 * Private instance fields, methods and accessors cannot keep their place in construction. The flattened
 * class declares every layer's `#x` in its own body, so `#x` exists from the start of construction;
 * originally a private method or accessor was added when the layer's super() returned, a field when its
 * initializer ran. Code that touched `#x` earlier threw a TypeError (or saw `#x in this` false); now it
 * reads undefined or runs the method. No text edit can delay a private name, so it is reported where
 * such an earlier access is possible:
 *   - a field initializer of the same layer, up to the field's own, mentions `#x`; or
 *   - `this` has escaped in code that ran before (a call through `this`, `this` passed on, an accessor
 *     read, `super.m()`), and a method, accessor or static member of the layer mentions `#x`.
 * `this.x` reads and writes of plain properties do not count: they cannot run code of ours.
 */
export function reportEarlyPrivates(ctx: ClassContext, externalCallsBack: boolean): void {
  let escaped = externalCallsBack;
  for (let j = ctx.layers.length - 1; j >= 0; j--) {
    const layer = ctx.layers[j];
    const fields = layer.members.filter((m) => m.kind === 'field' && !m.isStatic && !m.typeOnly);
    // Used by other members than the private's own definitions and the instance fields (which run later).
    const usedElsewhere = (name: string) => layer.members.some((o) => !(o.kind === 'field' && !o.isStatic) && !(o.key.kind === 'private' && o.key.name === name) && mentions(o.node, name));
    const report = (m: Member, what: string, instead: string) => {
      const names = [ctx.dest.info.name, layer.cls.info.name];
      ctx.diagnostics.push(
        diagnosticAt(layer.cls.module, m.node, 'isinstance', 'private-field-early-access', 'warning', `${layer.cls.info.name}'s ${what} may be used during construction before ${layer.cls.info.name}'s part of the object is initialized; that threw a TypeError (and \`#… in this\` was false), but ${ctx.dest.info.name} after flattening has it from the start, so it ${instead}.`, 'Only a concern if such code can run that early (a method called from an ancestor constructor or an earlier field initializer).', names),
      );
    };
    // Private methods and accessors are installed when the layer's initialization starts, before its fields.
    const methods = new Map<string, Member>();
    for (const m of layer.members) if (m.key.kind === 'private' && m.kind !== 'field' && !m.isStatic && !methods.has(m.key.name)) methods.set(m.key.name, m);
    for (const [name, m] of methods) if (escaped && usedElsewhere(name)) report(m, `private ${m.kind === 'method' ? 'method' : 'accessor'} #${name}`, 'runs instead');
    fields.forEach((m, i) => {
      // A field is defined after its own initializer has run: what that initializer calls comes too early.
      const value = childPath(m.path, 'value');
      if (!escaped && value.node && thisEscapes(ctx, value as NodePath)) escaped = true;
      if (m.key.kind === 'private') {
        const name = m.key.name;
        const direct = fields.slice(0, i + 1).some((f) => mentions((f.node as t.ClassProperty).value, name));
        if (direct || (escaped && usedElsewhere(name))) report(m, `private field #${name}`, 'reads undefined instead');
      }
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
  const uses = thisUsesOf(root);
  if (uses.always) return true;
  if (uses.names.size === 0) return false;
  if (ctx.hasDynamicAccessor) return true;
  for (const name of uses.names) if (ctx.accessorNames.has(name)) return true;
  return false;
}

/**
 * How the code at `root` uses its own `this`: `always` when a use lets it escape whatever the class
 * (passed on, called through, `super.x`, a computed key), else the plain property names it reads or
 * writes (an accessor of that name would run code). A function of the subtree alone: a base copied
 * into many subclasses is walked once, and an unchanged module's nodes are not walked again.
 */
interface ThisUses {
  always: boolean;
  names: Set<string>;
}
const thisUsesCache = new WeakMap<t.Node, ThisUses>();

function thisUsesOf(root: NodePath): ThisUses {
  const known = thisUsesCache.get(root.node);
  if (known) return known;
  const uses: ThisUses = { always: false, names: new Set() };
  const check = (p: NodePath<t.ThisExpression | t.Super>): void => {
    if (uses.always || !ownThis(p, root)) return;
    const parent = p.parentPath;
    if (p.isSuper()) {
      // super(...) itself runs the ancestors, which are followed layer by layer; super.x may run a method.
      if (!(parent?.isCallExpression() && parent.node.callee === p.node)) uses.always = true;
      return;
    }
    if (!parent?.isMemberExpression() || parent.node.object !== p.node) {
      uses.always = true;
      return;
    }
    const key = parent.node.property;
    const name = !parent.node.computed && t.isIdentifier(key) ? key.name : t.isStringLiteral(key) ? key.value : null;
    const grand = parent.parentPath;
    const called = !!grand && ((grand.isCallExpression() || grand.isOptionalCallExpression()) ? grand.node.callee === parent.node : grand.isTaggedTemplateExpression() && grand.node.tag === parent.node);
    if (name === null || called) uses.always = true;
    else uses.names.add(name);
  };
  if (root.isThisExpression()) check(root);
  root.traverse({ ThisExpression: check, Super: check });
  thisUsesCache.set(root.node, uses);
  return uses;
}

/** Is this `this`/`super` the one of the code at `root` (not of a function or class nested in it)? */
function ownThis(p: NodePath, root: NodePath): boolean {
  for (let cur = p.parentPath; cur; cur = cur.parentPath) {
    if (cur.node === root.node) return true;
    if ((cur.isFunction() && !cur.isArrowFunctionExpression()) || cur.isClass()) return false;
  }
  return true;
}
