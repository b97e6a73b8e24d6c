import { t } from '../babel.cjs';
import type { ClassContext } from './context.js';
import { applyEdits, type Edit } from './edits.js';

/**
 * TypeScript: each ancestor's type parameters, written in the flattened class's terms. For
 * `class UserRepo extends Repo<User, 'name'>` Repo's T is `User` and K is `'name'`; a subclass's own
 * parameters flow through (`class B<U> extends A<U[]>`), missing arguments take their defaults.
 */
export function typeArgumentsByLayer(ctx: ClassContext): Map<number, Map<string, string>> {
  const out = new Map<number, Map<string, string>>();
  for (let i = 1; i < ctx.layers.length; i++) {
    const params = ctx.layers[i].cls.info.node.typeParameters;
    if (!params || !t.isTSTypeParameterDeclaration(params)) continue;
    const below = ctx.layers[i - 1].cls.info.node as t.ClassDeclaration;
    const belowCode = ctx.layers[i - 1].cls.module.code;
    const args = below.superTypeParameters && t.isTSTypeParameterInstantiation(below.superTypeParameters) ? below.superTypeParameters.params : [];
    const outer = out.get(i - 1) ?? new Map<string, string>();
    const map = new Map<string, string>();
    const code = ctx.layers[i].cls.module.code;
    params.params.forEach((p, k) => {
      const arg = args[k];
      if (arg) map.set(p.name, substituteTypeText(belowCode, arg, outer));
      else if (p.default) map.set(p.name, substituteTypeText(code, p.default, map));
      else map.set(p.name, 'any');
    });
    out.set(i, map);
  }
  return out;
}

/** The text of a type node with type references renamed by `subst`. */
export function substituteTypeText(code: string, node: t.Node, subst: Map<string, string>): string {
  const edits: Edit[] = [];
  t.traverseFast(node, (n) => {
    if (t.isTSTypeReference(n) && t.isIdentifier(n.typeName) && subst.has(n.typeName.name)) {
      edits.push({ start: n.typeName.start!, end: n.typeName.end!, text: wrapType(subst.get(n.typeName.name)!) });
    }
  });
  return applyEdits(code, node.start!, node.end!, edits);
}

/** Parenthesize a substituted type unless it is a plain (possibly generic) name: `T[]` with `A | B` → `(A | B)[]`. */
export function wrapType(text: string): string {
  return /^[\w$.]+(<[^()|&]*>)?$/.test(text.trim()) || /^'[^']*'$|^"[^"]*"$/.test(text.trim()) ? text : `(${text})`;
}

/** Does a module declare a type (or a class, enum, namespace) of this name at top level? */
export function declaresType(body: t.Statement[], name: string): boolean {
  return body.some((s) => {
    const d = t.isExportNamedDeclaration(s) || t.isExportDefaultDeclaration(s) ? s.declaration : s;
    return (
      (t.isTSInterfaceDeclaration(d) || t.isTSTypeAliasDeclaration(d) || t.isTSEnumDeclaration(d) || t.isClassDeclaration(d) || t.isTSModuleDeclaration(d)) &&
      !!d.id && t.isIdentifier(d.id) && d.id.name === name
    );
  });
}

/** Remove the `override` keyword of a member (the flattened class may no longer override anything). */
export function overrideEdit(code: string, node: t.Node): Edit | null {
  if (!(node as { override?: boolean }).override) return null;
  return modifierEdit(code, node, /\boverride\s+/);
}

/** Remove `public`/`protected`/`private` from a member (its copy under a `#name` cannot have one). */
export function accessibilityEdit(code: string, node: t.Node): Edit | null {
  if (!(node as { accessibility?: string }).accessibility) return null;
  return modifierEdit(code, node, /\b(?:public|protected|private)\s+/);
}

/** Remove the first match of a modifier keyword between a member's decorators and its key. */
function modifierEdit(code: string, node: t.Node, keyword: RegExp): Edit | null {
  const key = (node as { key?: t.Node }).key;
  if (!key) return null;
  let from = node.start!;
  for (const d of (node as { decorators?: t.Decorator[] }).decorators ?? []) from = Math.max(from, d.end!);
  // Comments between the modifiers are rare; a keyword inside one would only be left in place.
  const m = keyword.exec(code.slice(from, key.start!));
  if (!m) return null;
  return { start: from + m.index, end: from + m.index + m[0].length, text: '' };
}

/**
 * A copied generic method's own type parameters must not capture the flattened class's: `map<U>(f: (row: T)
 * => U)` copied into `class Users<U> extends Model<U>` would read `(row: U) => U`. Colliding ones are renamed
 * (`U_2`) in the copy, with every reference to them inside it.
 */
export function typeParameterRenames(ctx: ClassContext, code: string, member: t.Node): Edit[] {
  const own = (member as { typeParameters?: t.Node | null }).typeParameters;
  const destParams = ctx.dest.info.node.typeParameters;
  if (!own || !t.isTSTypeParameterDeclaration(own) || !destParams || !t.isTSTypeParameterDeclaration(destParams)) return [];
  const taken = new Set(destParams.params.map((p) => p.name));
  const renames = new Map<string, string>();
  for (const p of own.params) {
    if (!taken.has(p.name)) continue;
    let name = `${p.name}_2`;
    for (let i = 3; taken.has(name) || ctx.destModule.names.has(name) || own.params.some((q) => q.name === name); i++) name = `${p.name}_${i}`;
    taken.add(name);
    renames.set(p.name, name);
  }
  if (!renames.size) return [];
  const edits: Edit[] = [];
  for (const p of own.params) {
    const to = renames.get(p.name);
    // The declaration's name is the text right after any `in`/`out`/`const` modifiers.
    if (to) {
      const at = code.indexOf(p.name, p.start!);
      edits.push({ start: at, end: at + p.name.length, text: to });
    }
  }
  t.traverseFast(member, (n) => {
    if (t.isTSTypeReference(n) && t.isIdentifier(n.typeName) && renames.has(n.typeName.name)) {
      edits.push({ start: n.typeName.start!, end: n.typeName.end!, text: renames.get(n.typeName.name)! });
    }
  });
  return edits;
}
