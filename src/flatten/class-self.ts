import { t } from '../babel.cjs';
import type { ClassContext, ClassSelf } from './context.js';

/**
 * The name by which the flattened class's body refers to the class itself, for the static super copies
 * (`Sub.#Base_m.call(this, …)`); computed on first use. A class declaration or a named class expression
 * has its inner binding. An anonymous class gets an inner name: the name it is assigned to when that was
 * its `name` already (`const X = class extends Base {…}`, named evaluation) and the body mentions no
 * identifier of that name, nor does any ancestor copied into it (the inner binding would capture it); else a fresh name, with its original
 * `name` ('' for `o.X = class …` or an argument, 'default', a property key) given back by a static block
 * placed first: `static { Object.defineProperty(this, 'name', { value: '' }); }` (same descriptor, same
 * place among the own properties). Null when neither can be done safely; then the super targets keep the
 * instance form (reported).
 */
export function classSelf(ctx: ClassContext): ClassSelf | null {
  if (ctx.self === undefined) ctx.self = computeSelf(ctx);
  return ctx.self;
}

function computeSelf(ctx: ClassContext): ClassSelf | null {
  const dest = ctx.dest;
  const node = dest.info.node;
  const code = dest.module.code;
  const params = (node as { typeParameters?: t.Node | null }).typeParameters;
  const count = params && t.isTSTypeParameterDeclaration(params) ? params.params.length : 0;
  const instanceType = (name: string) => (dest.module.isTypeScript && count ? `${name}<${Array(count).fill('any').join(', ')}>` : name);
  if (node.id) {
    return { name: node.id.name, insert: null, restoreName: null, instanceType: instanceType(node.id.name), used: false };
  }
  const from = node.decorators?.length ? node.decorators[node.decorators.length - 1].end! : node.start!;
  const at = code.indexOf('class', from);
  if (at < 0 || at > node.body.start!) return null;
  const end = at + 'class'.length;
  const original = originalName(dest.info.path.parent, node);
  if (original === null) return null;
  // Every layer's code lands in this body: an ancestor's use of the outer variable (`let Sub; … Sub =
  // class extends Base`, Base reading `Sub`) would be captured by the inner name too.
  if (/^[A-Za-z_$][\w$]*$/.test(original) && (t.isVariableDeclarator(dest.info.path.parent) || t.isAssignmentExpression(dest.info.path.parent)) && !ctx.layers.some((l) => mentions(l.cls.info.node, original))) {
    return { name: original, insert: { start: end, end, text: ` ${original}` }, restoreName: null, instanceType: instanceType(original), used: false };
  }
  // A fresh name, and `name` given back: not when a static `name` member would be overwritten by it,
  // nor when `Object` is not the global there.
  const hasStaticName = ctx.layers.some((l) => l.members.some((m) => m.isStatic && m.key.kind === 'name' && m.key.name === 'name'));
  if (hasStaticName || dest.info.path.scope.getBinding('Object')) return null;
  const names = ctx.hygiene.additions(ctx.destModule).names;
  const preferred = /^[A-Za-z_$][\w$]*$/.test(dest.info.name) && dest.info.name !== 'default' ? dest.info.name : 'AnonymousClass';
  const name = names.fresh(preferred, (n) => ctx.layers.some((l) => l.cls.module.names.has(n)));
  return { name, insert: { start: end, end, text: ` ${name}` }, restoreName: original, instanceType: instanceType(name), used: false };
}

/** The `name` an anonymous class gets where it stands (named evaluation), or null when not known here. */
function originalName(parent: t.Node, node: t.Node): string | null {
  if (t.isVariableDeclarator(parent) && parent.init === node) return t.isIdentifier(parent.id) ? parent.id.name : null;
  if (t.isAssignmentExpression(parent) && parent.right === node) {
    if (parent.operator !== '=' && parent.operator !== '||=' && parent.operator !== '&&=' && parent.operator !== '??=') return '';
    if (t.isIdentifier(parent.left)) return parent.left.name;
    return t.isMemberExpression(parent.left) ? '' : null;
  }
  if (t.isExportDefaultDeclaration(parent)) return 'default';
  if ((t.isCallExpression(parent) || t.isNewExpression(parent)) && parent.arguments.includes(node as t.Expression)) return '';
  if (t.isReturnStatement(parent) || t.isArrayExpression(parent)) return '';
  if (t.isObjectProperty(parent) && parent.value === node && !parent.computed) {
    if (t.isIdentifier(parent.key)) return parent.key.name;
    if (t.isStringLiteral(parent.key)) return parent.key.value;
  }
  return null;
}

function mentions(node: t.Node, name: string): boolean {
  let found = false;
  t.traverseFast(node, (n) => {
    if (t.isIdentifier(n) && n.name === name) found = true;
  });
  return found;
}

/** The static block that gives an anonymous class its original `name` back (first in the body). */
export function restoreNameBlock(self: ClassSelf): string | null {
  return self.used && self.restoreName !== null ? `static { Object.defineProperty(this, 'name', { value: ${JSON.stringify(self.restoreName)} }); }` : null;
}
