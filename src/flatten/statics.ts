import type { NodePath, Scope } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ClassNode } from '../graph/class-graph.js';
import type { ClassContext } from './context.js';
import { copyCode } from './copy.js';
import { Unsupported } from './hygiene.js';
import { assertNotCaptured } from './capture.js';
import { childPath } from '../scan/child-path.js';

/**
 * How the flattened class names ancestor `layer` (e.g. to read `Shape.count`): the ancestor stays in the
 * output, so it is imported or referenced like any other name copied code uses. The name must always
 * hold the class (never reassigned), as the class's inner name did: a module binding is only recorded
 * when it is constant (scan/summarize.ts moduleBindingOf). A class local to a function is
 * reached by its own name when the flattened class is in the same scope (an IIFE bundle's
 * `const _A = class _A2 {…}`). `site`: where the text goes in copied code, whose own locals must not
 * capture it.
 */
export function classReference(ctx: ClassContext, layer: number, at: t.Node, site?: { scope: Scope; root: NodePath }): string {
  const cls = ctx.layers[layer].cls;
  const text = cls.info.moduleBinding ? moduleLevelReference(ctx, cls, cls.info.moduleBinding, at) : localReference(ctx, cls, at);
  if (site) assertNotCaptured(text, site.scope, site.root, at, cls.module);
  return text;
}

function moduleLevelReference(ctx: ClassContext, cls: ClassNode, name: string, at: t.Node): string {
  const binding = cls.module.programPath.scope.getBinding(name) ?? null;
  const spelled = ctx.hygiene.spell(
    { node: at as t.Identifier, name, binding, scope: cls.module.programPath.scope, write: false, typeOnly: false, shorthand: false },
    cls.module,
    ctx.destModule,
    ctx.shadowAtClass,
    new Set(),
  );
  return spelled ?? name;
}

function localReference(ctx: ClassContext, cls: ClassNode, at: t.Node): string {
  const name = localName(cls.info.path);
  const binding = name ? (cls.info.path.parentPath ?? cls.info.path).scope.getBinding(name) : undefined;
  if (!name || !binding || cls.module !== ctx.destModule || ctx.dest.info.path.scope.getBinding(name) !== binding || !binding.constant) {
    throw new Unsupported(`${cls.info.name} has no name the flattened ${ctx.dest.info.name} could refer to (at module level, or a constant in a scope around both)`, at, cls.module);
  }
  return name;
}

/** The name a class declaration or `const X = class …` binds, in whatever scope. */
function localName(path: NodePath<t.Class>): string | null {
  if (path.isClassDeclaration() && path.node.id) return path.node.id.name;
  const parent = path.parentPath;
  if (parent?.isVariableDeclarator() && t.isIdentifier(parent.node.id)) return parent.node.id.name;
  return null;
}

/** Is an initializer a primitive literal, whose copy is indistinguishable from the original value? */
export function isPrimitiveLiteral(n: t.Node | null | undefined): boolean {
  if (!n) return true;
  if (t.isNumericLiteral(n) || t.isStringLiteral(n) || t.isBooleanLiteral(n) || t.isNullLiteral(n) || t.isBigIntLiteral(n)) return true;
  if (t.isTemplateLiteral(n)) return n.expressions.length === 0;
  if (t.isUnaryExpression(n) && (n.operator === '-' || n.operator === '+') && t.isNumericLiteral(n.argument)) return true;
  if (t.isIdentifier(n, { name: 'undefined' })) return false;
  return false;
}

/**
 * An inherited static field: the subclass saw the ancestor's own property through the constructor chain,
 * so the copy takes the ancestor's value (`static registry = Base.registry`), never re-running its
 * initializer: same object, no side effect twice. Primitive literals are copied as written.
 */
export function staticFieldCopy(ctx: ClassContext, layer: number, member: NodePath<t.ClassProperty>): string {
  const node = member.node;
  const code = ctx.layers[layer].cls.module.code;
  const keyText = code.slice(keyStart(code, node), keyEnd(code, node));
  const typeText = node.typeAnnotation ? code.slice(node.typeAnnotation.start!, node.typeAnnotation.end!) : '';
  const mods = modifiersText(node);
  if (isPrimitiveLiteral(node.value)) {
    const value = node.value ? ` = ${code.slice(node.value.start!, node.value.end!)}` : '';
    return `${mods}static ${keyText}${typeText}${value};`;
  }
  const keyName = t.isIdentifier(node.key) && !node.computed ? node.key.name : null;
  const access = keyName ? `.${keyName}` : `[${copyCode(ctx, { layer, root: childPath<NodePath>(member, 'key'), start: node.key.start!, end: node.key.end!, role: 'member', isStatic: true, shadow: ctx.shadowAtClass })}]`;
  return `${mods}static ${keyText}${typeText} = ${classReference(ctx, layer, node)}${access};`;
}

/**
 * An inherited static field with a computed key (checked constant and pure: checkCopiedKey): the copy
 * takes the ancestor's value under the key evaluated again (`static [K] = Base[K]`). Where a nearer
 * class's static method or accessor has a name the key may take (`hidden`), the copy is a static block
 * that leaves that name alone, as the nearer member hid the field.
 */
export function dynamicStaticFieldCopy(ctx: ClassContext, layer: number, member: NodePath<t.ClassProperty>, hidden: string[]): string {
  const node = member.node;
  const key = copyCode(ctx, { layer, root: childPath<NodePath>(member, 'key'), start: node.key.start!, end: node.key.end!, role: 'member', isStatic: true, shadow: ctx.shadowAtClass });
  const code = ctx.layers[layer].cls.module.code;
  const typeText = node.typeAnnotation ? code.slice(node.typeAnnotation.start!, node.typeAnnotation.end!) : '';
  const ref = classReference(ctx, layer, node);
  if (hidden.length === 0) return `${modifiersText(node)}static [${key}]${typeText} = ${ref}[${key}];`;
  // The key is evaluated outside the arrow; its parameter must not capture the class reference.
  let k = 'k';
  for (let i = 2; new RegExp(`(?<![\\w$])${k}(?![\\w$])`).test(ref); i++) k = `k_${i}`;
  const param = ctx.destModule.isTypeScript ? `${k}: any` : k;
  return `static { ((${param}) => { if (!${JSON.stringify(hidden)}.includes(${k})) Object.defineProperty(this, ${k}, { value: ${ref}[${k}], writable: true, enumerable: true, configurable: true }); })(${key}); }`;
}

function modifiersText(node: t.ClassProperty): string {
  const parts: string[] = [];
  if (node.accessibility) parts.push(node.accessibility);
  return parts.length ? parts.join(' ') + ' ' : '';
}

function keyStart(code: string, node: t.ClassProperty): number {
  let s = node.key.start!;
  if (node.computed) while (s > 0 && code[s] !== '[') s--;
  return s;
}

function keyEnd(code: string, node: t.ClassProperty): number {
  let e = node.key.end!;
  if (node.computed) {
    while (e < code.length && code[e] !== ']') e++;
    e++;
  }
  return e;
}

/**
 * Static blocks of an ancestor ran once, on the ancestor: they are never copied. Static properties they
 * create with `this.X = …` were inherited by subclasses, so those names count as inherited static fields.
 */
export function staticBlockFields(block: t.StaticBlock): string[] {
  const names: string[] = [];
  for (const s of block.body) {
    if (t.isExpressionStatement(s) && t.isAssignmentExpression(s.expression) && t.isMemberExpression(s.expression.left)) {
      const l = s.expression.left;
      if (t.isThisExpression(l.object) && !l.computed && t.isIdentifier(l.property)) names.push(l.property.name);
    }
  }
  return names;
}
