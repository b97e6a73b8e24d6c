import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ClassContext, SuperCopy } from './context.js';
import type { Edit } from './edits.js';
import { isOwnOfEveryClass, keyString, type Member } from './layers.js';
import { toIdentifier } from './names.js';
import type { SuperMemberSite } from './sites.js';
import { diagnosticAt } from './diagnostics.js';
import { classReference, staticBlockFields } from './statics.js';
import { collectSites } from './sites.js';
import { classSelf } from './class-self.js';
import { Unsupported } from './hygiene.js';
import { declaredInCopy } from './capture.js';

/** The nearest ancestor above `layer` that defines `name` (on the prototype, or on the constructor for statics). */
function findSuperTarget(ctx: ClassContext, layer: number, name: string, isStatic: boolean): { layer: number; members: Member[] } | null {
  for (let j = layer + 1; j < ctx.layers.length; j++) {
    const members = ctx.layers[j].members.filter(
      (m) => m.isStatic === isStatic && !m.typeOnly && m.key.kind === 'name' && m.key.name === name && (m.kind === 'method' || m.kind === 'get' || m.kind === 'set' || (isStatic && m.kind === 'field')),
    );
    // A key declared twice in one class body: the last declaration of each kind is the one that exists.
    const last = members.filter((m, i) => !members.slice(i + 1).some((o) => o.kind === m.kind));
    if (last.length) return { layer: j, members: last };
    // A static an ancestor's static block creates (`this.X = …`) is its own static field, as for
    // inheriting it (flatten-class.ts): `super.X` reads it from that ancestor.
    if (isStatic) {
      const block = ctx.layers[j].members.find((m) => m.kind === 'static-block' && staticBlockFields(m.node as t.StaticBlock).includes(name));
      if (block) return { layer: j, members: [{ ...block, kind: 'field' }] };
    }
  }
  return null;
}

/**
 * What `super.x` becomes in code of `layer` (edits of the copied range `req`): a call of the flattened
 * class's private copy of the ancestor's member (see SuperCopy), or nothing (the member is not defined by
 * any project ancestor, so `super` still finds it on the external base or Object.prototype, as before).
 */
export function superMemberEdit(ctx: ClassContext, layer: number, site: SuperMemberSite, isStatic: boolean, req: { start: number; end: number; superHome?: string; root: NodePath }): Edit[] {
  const module = ctx.layers[layer].cls.module;
  const names = [ctx.dest.info.name];
  if (site.key.kind !== 'name') {
    ctx.diagnostics.push(
      diagnosticAt(module, site.node, 'super', 'super-dynamic-key', 'warning', `\`super[…]\` with a key that is not a constant cannot be resolved to an ancestor member of ${ctx.dest.info.name}; after flattening it looks past the former ancestors.`, 'Use a constant key (super.name or super["name"]) or call the ancestor method explicitly.', names),
    );
    return [];
  }
  const target = findSuperTarget(ctx, layer, site.key.name, isStatic);
  if (!target) {
    // Own properties every class has, which no member declares: `super.constructor` (on the parent's
    // prototype) and static `super.name`, `super.length`, `super.prototype` (on the parent itself). When
    // the parent is a project class, the flattened chain no longer has it: read them from the parent.
    if (isOwnOfEveryClass(site.key.name, isStatic) && !site.write && layer + 1 < ctx.layers.length) {
      const parent = classReference(ctx, layer + 1, site.node, { scope: site.path.scope, root: req.root });
      return [{ start: site.node.start!, end: site.node.end!, text: isStatic ? `${parent}.${site.key.name}` : parent }];
    }
    if (site.write) unsupportedWrite(ctx, layer, site);
    // In a static copy of an instance member `super` would be the constructor chain's: the member is read
    // from the prototype the home object had, the flattened prototype's (the external base's, or
    // Object.prototype), with the same receiver.
    else if (req.superHome) return callShapeEdits(module.code, site, `Reflect.get(${req.superHome}, ${JSON.stringify(site.key.name)}, this)`) ?? [];
    return [];
  }
  const fields = target.members.filter((m) => m.kind === 'field');
  if (fields.length) {
    // `super.x` in a static method reads the ancestor's own static field (through the constructor chain).
    if (site.write) return none(unsupportedWrite(ctx, layer, site));
    return [{ start: site.node.start!, end: site.node.end!, text: `${classReference(ctx, target.layer, site.node, { scope: site.path.scope, root: req.root })}.${memberAccess(site.key.name)}` }];
  }
  if (site.write && !target.members.some((m) => m.kind === 'set')) return none(unsupportedWrite(ctx, layer, site));
  if (!target.members.some((m) => m.kind === 'get' || m.kind === 'method')) {
    // The nearest ancestor has only a setter: a read through super finds that accessor and gets undefined
    // (it does not look further up); a private setter-only copy would throw instead.
    if (!site.write) return [{ start: site.node.start!, end: site.node.end!, text: '(void 0)' }];
    if (site.compound) return none(unsupportedWrite(ctx, layer, site));
  }
  if (site.write) {
    ctx.diagnostics.push(
      diagnosticAt(module, site.node, 'super', 'super-assignment-rewritten', 'info', `\`super.${site.key.name} = …\` now calls the setter of ${ctx.layers[target.layer].cls.info.name} copied into ${ctx.dest.info.name}.`, undefined, names),
    );
  }
  const from = ctx.layers[target.layer].cls.info.name;
  const isMethod = target.members.some((m) => m.kind === 'method');
  const plan = staticSiteEdits(ctx, layer, site, isStatic, target, req);
  if (typeof plan === 'string') {
    // The instance form: `this.#Base_x`, which checks the receiver's brand.
    if (isStatic && ctx.dest.info.node.decorators?.length) {
      // Static code runs on the class a decorator returned, which has no static private copies at all.
      throw new Unsupported(`${ctx.dest.info.name} has a class decorator, which may replace the class, and its static code uses \`super.${site.key.name}\`: the copy of ${from}'s member would be reached through the class, and a replacement lacks it`, site.node, module, 'decorated-class');
    }
    const copy = ensureSuperCopy(ctx, target.layer, site.key.name, isStatic, target.members, 'instance');
    ctx.diagnostics.push(
      diagnosticAt(module, site.node, 'super', 'super-receiver-checked', 'warning', `\`super.${site.key.name}\` becomes \`this.#${copy.privateName}\`, ${ctx.dest.info.name}'s private copy of ${from}'s ${isMethod ? 'method' : 'accessor'}, which throws a TypeError when \`this\` is not ${isStatic ? ctx.dest.info.name + ' itself (a subclass that is not flattened)' : `an instance of ${ctx.dest.info.name} (a Proxy of one, Object.create(…), the prototype, a method borrowed with call)`}; \`super.${site.key.name}\` worked with any \`this\`. The copy cannot be called without that check here: ${plan}.`, 'Only a concern if this code runs with such a `this`.', names),
    );
    if (!site.write && !site.called && isMethod) methodValueWarning(ctx, module, site, copy.privateName, from);
    return [{ start: site.node.start!, end: site.node.end!, text: `this.#${copy.privateName}` }];
  }
  if (!site.write && !site.called && isMethod) methodValueWarning(ctx, module, site, plan.copy.privateName, from);
  return plan.edits;
}

function none(_: null): Edit[] {
  return [];
}

function methodValueWarning(ctx: ClassContext, module: ClassContext['destModule'], site: SuperMemberSite, privateName: string, from: string): void {
  const name = site.key.kind === 'name' ? site.key.name : '';
  ctx.diagnostics.push(
    diagnosticAt(module, site.node, 'super', 'super-method-value', 'warning', `\`super.${name}\` is read as a value, not called: after flattening it is ${ctx.dest.info.name}'s private copy of ${from}'s method, another function (its name is #${privateName}, and it is not ${from}.prototype.${name}).`, 'Only a concern if the function itself is compared or inspected; calling it later behaves the same.', [ctx.dest.info.name]),
  );
}

type Target = { layer: number; members: Member[] };

/**
 * The static form's edits at one site, or why it cannot be used there (then the instance form is).
 * Method: `super.m(a)` → `Sub.#Base_m.call(this, a)`, `super.m?.(a)` → `Sub.#Base_m?.call(this, a)`,
 * a tag → `Sub.#Base_m.bind(this)`, any other use → `Sub.#Base_m`. Getter read: the same around
 * `Sub.#Base_x_get.call(this)`. Write (plain, compound, update, destructuring): `Sub.#Base_x_ref(this).v`,
 * an accessor that calls the copied getter and setter, so the expression keeps its value and order.
 */
function staticSiteEdits(ctx: ClassContext, layer: number, site: SuperMemberSite, isStatic: boolean, target: Target, req: { root: NodePath }): { edits: Edit[]; copy: SuperCopy } | string {
  // A class decorator may return another class, and the class's name inside its body then means that
  // one (TypeScript's legacy decorators, and the standard ones by the proposal), which lacks the copies.
  if (ctx.dest.info.node.decorators?.length) return `${ctx.dest.info.name} has a class decorator, which may replace the class that its name inside its body means (the replacement lacks the static private copies)`;
  const self = classSelf(ctx);
  if (!self) return `${ctx.dest.info.name} has no name of its own inside its body`;
  const module = ctx.layers[layer].cls.module;
  const code = module.code;
  // The class's name must mean the class at the site: not shadowed by a parameter or local of the code.
  if (declaredInCopy(self.name, site.path.scope, req.root)) return `the name ${self.name} is bound to something else here`;
  if (ctx.destModule.isTypeScript && target.members.some((m) => (m.node as { typeParameters?: unknown }).typeParameters || usesThisType(m.node))) {
    // `.call` loses a generic method's type parameters (unknown), and a static has no `this` type.
    return 'TypeScript would not type the call of a generic copy, or of one that uses the `this` type';
  }
  if (!isStatic) {
    const unrewritten = target.members.some((m) => collectSites(m.path, new Set(ctx.layers[target.layer].privateNames)).superMembers.some((s) => !resolvesToCopy(ctx, target.layer, s)));
    // In a static method `super.x` would look at the constructor chain instead of the prototype chain.
    if (unrewritten) return `the copied ${ctx.layers[target.layer].cls.info.name} code itself uses \`super\` in a way a static method cannot (a dynamic key, an assignment)`;
  }
  const key = site.key.kind === 'name' ? site.key.name : '';
  const isMethod = target.members.some((m) => m.kind === 'method');
  const n = self.name;
  const edits: Edit[] = [];
  if (site.write) {
    const copy = ensureSuperCopy(ctx, target.layer, key, isStatic, target.members, 'static');
    copy.needsRef = true;
    self.used = true;
    return { edits: [{ start: site.node.start!, end: site.node.end!, text: `${n}.#${copy.privateName}_ref(this).v` }], copy };
  }
  if (!callShape(code, site)) return 'the call could not be rewritten as written';
  const copy = ensureSuperCopy(ctx, target.layer, key, isStatic, target.members, 'static');
  self.used = true;
  const value = isMethod ? `${n}.#${copy.privateName}` : `${n}.#${copy.privateName}_get.call(this)`;
  edits.push(...callShapeEdits(code, site, value)!);
  return { edits, copy };
}

/** How a read of `super.x` is used: called (where its argument list opens), a tag, or a value; null: not rewritable. */
function callShape(code: string, site: SuperMemberSite): { kind: 'call'; paren: number; optional: boolean; args: number } | { kind: 'tag' | 'value' } | null {
  const parent = site.path.parentPath;
  if (parent.isTSNonNullExpression() || parent.isTSAsExpression() || parent.isTSTypeAssertion() || parent.isTSSatisfiesExpression() || parent.isParenthesizedExpression()) return null;
  if ((parent.isCallExpression() || parent.isOptionalCallExpression()) && parent.node.callee === site.node) {
    const c = parent.node as t.CallExpression;
    if ((c as { typeArguments?: unknown }).typeArguments || c.typeParameters) return null;
    const between = /^\s*(\?\.)?\s*\(/.exec(code.slice(site.node.end!, site.node.end! + 200));
    if (!between) return null;
    return { kind: 'call', paren: site.node.end! + between[0].length - 1, optional: !!between[1], args: c.arguments.length };
  }
  if (parent.isTaggedTemplateExpression() && parent.node.tag === site.node) return { kind: 'tag' };
  return { kind: 'value' };
}

/**
 * `value` in place of `super.x`, called with the same `this`: `super.x(a)` → `value.call(this, a)`,
 * `super.x?.(a)` → `value?.call(this, a)`, a tag → `value.bind(this)`, any other use → `value`.
 */
function callShapeEdits(code: string, site: SuperMemberSite, value: string): Edit[] | null {
  const shape = callShape(code, site);
  if (!shape) return null;
  const node = site.node;
  if (shape.kind === 'call') {
    const { paren, optional, args } = shape;
    return [
      { start: node.start!, end: optional ? paren : node.end!, text: optional ? `${value}?.call` : `${value}.call` },
      // `( a )` keeps its spacing: `.call(this, a )`.
      { start: paren + 1, end: paren + 1, text: !args ? 'this' : /\s/.test(code[paren + 1]) ? 'this,' : 'this, ' },
    ];
  }
  return [{ start: node.start!, end: node.end!, text: shape.kind === 'tag' ? `${value}.bind(this)` : value }];
}

/**
 * Does a `super.x` site of copied code mean the same in a static copy: rewritten to a copy, or (a read of
 * a member no project ancestor defines) to a read from the flattened prototype's prototype?
 */
function resolvesToCopy(ctx: ClassContext, layer: number, site: SuperMemberSite): boolean {
  if (site.key.kind !== 'name') return false;
  const target = findSuperTarget(ctx, layer, site.key.name, false);
  if (!target) {
    const unbound = (name: string) => !site.path.scope.getBinding(name) && !ctx.dest.info.path.scope.getBinding(name);
    return !site.write && !!callShape(ctx.layers[layer].cls.module.code, site) && unbound('Reflect') && unbound('Object');
  }
  if (site.write && !target.members.some((m) => m.kind === 'set')) return false;
  if (site.write && site.compound && !target.members.some((m) => m.kind === 'get' || m.kind === 'method')) return false;
  return true;
}

function usesThisType(node: t.Node): boolean {
  let found = false;
  t.traverseFast(node, (n) => {
    if (t.isTSThisType(n)) found = true;
  });
  return found;
}

function unsupportedWrite(ctx: ClassContext, layer: number, site: SuperMemberSite): null {
  const module = ctx.layers[layer].cls.module;
  ctx.diagnostics.push(
    diagnosticAt(module, site.node, 'super', 'super-assignment', 'warning', `\`${keyString(site.key)}\` is assigned through \`super\`; in ${ctx.dest.info.name} after flattening the assignment no longer goes through the former ancestors.`, 'Assign to this.x, or call an ancestor setter explicitly.', [ctx.dest.info.name]),
  );
  return null;
}

function memberAccess(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : `[${JSON.stringify(name)}]`;
}

export function ensureSuperCopy(ctx: ClassContext, layer: number, name: string, isStatic: boolean, members: Member[], form: SuperCopy['form']): SuperCopy {
  const key = `${layer}|${isStatic}|${name}|${form}`;
  const known = ctx.superCopies.get(key);
  if (known) return known;
  const base = `${toIdentifier(ctx.layers[layer].cls.info.name)}_${toIdentifier(name)}`;
  // The static form of an accessor takes the name with _get, _set and _ref.
  const taken = (p: string) => ctx.privateUsed.has(p) || (form === 'static' && ['_get', '_set', '_ref'].some((s) => ctx.privateUsed.has(p + s)));
  let privateName = base;
  for (let i = 2; taken(privateName); i++) privateName = `${base}_${i}`;
  ctx.privateUsed.add(privateName);
  if (form === 'static') for (const s of ['_get', '_set', '_ref']) ctx.privateUsed.add(privateName + s);
  const copy: SuperCopy = { layer, isStatic, privateName, members, form, needsRef: false };
  ctx.superCopies.set(key, copy);
  ctx.pendingSuperCopies.push(copy);
  return copy;
}

/** The source range of a member's key, brackets included for computed keys. */
export function keyRange(code: string, node: t.ClassMethod | t.ClassProperty | t.TSDeclareMethod | t.ClassPrivateMethod): { start: number; end: number } {
  let start = node.key.start!;
  let end = node.key.end!;
  if ('computed' in node && node.computed) {
    while (start > 0 && code[start - 1] !== '[') start--;
    start--;
    while (end < code.length && code[end] !== ']') end++;
    end++;
  }
  return { start, end };
}
