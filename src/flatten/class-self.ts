import * as t from '@babel/types';
import type { ClassNode } from '../graph/class-graph.js';
import type { ClassSelf } from './context.js';

/**
 * The name by which the flattened class's body refers to the class itself, for the static super copies
 * (`Sub.#Base_m.call(this, …)`). A class declaration or a named class expression has its inner binding.
 * An anonymous class expression assigned to a name (`const X = class extends Base {…}`, `X = class …`)
 * is given that name as its inner name: its `name` was that name already (named evaluation), so only
 * the inner binding is new, and it is used only when the body mentions no identifier of that name (the
 * inner binding would capture it). Otherwise (`export default class extends Base`, a class passed as an
 * argument) there is none, and super targets keep the instance form (reported).
 */
export function classSelf(dest: ClassNode, code: string, isTypeScript: boolean): ClassSelf | null {
  const node = dest.info.node;
  const params = (node as { typeParameters?: t.Node | null }).typeParameters;
  const count = params && t.isTSTypeParameterDeclaration(params) ? params.params.length : 0;
  const instanceType = (name: string) => (isTypeScript && count ? `${name}<${Array(count).fill('any').join(', ')}>` : name);
  if (node.id) {
    return { name: node.id.name, binding: dest.info.path.scope.getBinding(node.id.name), insert: null, instanceType: instanceType(node.id.name), used: false };
  }
  if (!t.isClassExpression(node)) return null;
  const parent = dest.info.path.parent;
  let name: string | null = null;
  if (t.isVariableDeclarator(parent) && parent.init === node && t.isIdentifier(parent.id)) name = parent.id.name;
  else if (t.isAssignmentExpression(parent) && parent.operator === '=' && parent.right === node && t.isIdentifier(parent.left)) name = parent.left.name;
  if (!name) return null;
  let mentioned = false;
  t.traverseFast(node, (n) => {
    if (t.isIdentifier(n) && n.name === name) mentioned = true;
  });
  if (mentioned) return null;
  const from = node.decorators?.length ? node.decorators[node.decorators.length - 1].end! : node.start!;
  const at = code.indexOf('class', from);
  if (at < 0 || at > node.body.start!) return null;
  const end = at + 'class'.length;
  return { name, binding: dest.info.path.scope.getBinding(name), insert: { start: end, end, text: ` ${name}` }, instanceType: instanceType(name), used: false };
}
