import * as t from '@babel/types';
import type { ClassContext, SuperCopy } from './context.js';
import type { Edit } from './edits.js';
import { keyString, type Member } from './layers.js';
import { toIdentifier } from './names.js';
import type { SuperMemberSite } from './sites.js';
import { diagnosticAt } from './diagnostics.js';
import { classReference } from './statics.js';

/** The nearest ancestor above `layer` that defines `name` (on the prototype, or on the constructor for statics). */
function findSuperTarget(ctx: ClassContext, layer: number, name: string, isStatic: boolean): { layer: number; members: Member[] } | null {
  for (let j = layer + 1; j < ctx.layers.length; j++) {
    const members = ctx.layers[j].members.filter(
      (m) => m.isStatic === isStatic && !m.typeOnly && m.key.kind === 'name' && m.key.name === name && (m.kind === 'method' || m.kind === 'get' || m.kind === 'set' || (isStatic && m.kind === 'field')),
    );
    // A key declared twice in one class body: the last declaration of each kind is the one that exists.
    const last = members.filter((m, i) => !members.slice(i + 1).some((o) => o.kind === m.kind));
    if (last.length) return { layer: j, members: last };
  }
  return null;
}

/**
 * What `super.x` becomes in code of `layer`: `this.#Base_x`, a private copy of the ancestor's member,
 * or nothing (the member is not defined by any project ancestor, so `super` still finds it on the external
 * base or Object.prototype, exactly as before).
 */
export function superMemberEdit(ctx: ClassContext, layer: number, site: SuperMemberSite, isStatic: boolean): Edit | null {
  const module = ctx.layers[layer].cls.module;
  const names = [ctx.dest.info.name];
  if (site.key.kind !== 'name') {
    ctx.diagnostics.push(
      diagnosticAt(module, site.node, 'super', 'super-dynamic-key', 'warning', `\`super[…]\` with a key that is not a constant cannot be resolved to an ancestor member of ${ctx.dest.info.name}; after flattening it looks past the former ancestors.`, 'Use a constant key (super.name or super["name"]) or call the ancestor method explicitly.', names),
    );
    return null;
  }
  const target = findSuperTarget(ctx, layer, site.key.name, isStatic);
  if (!target) {
    if (site.write) unsupportedWrite(ctx, layer, site);
    return null;
  }
  const fields = target.members.filter((m) => m.kind === 'field');
  if (fields.length) {
    // `super.x` in a static method reads the ancestor's own static field (through the constructor chain).
    if (site.write) return unsupportedWrite(ctx, layer, site);
    return { start: site.node.start!, end: site.node.end!, text: `${classReference(ctx, target.layer, site.node)}.${memberAccess(site.key.name)}` };
  }
  if (site.write && !target.members.some((m) => m.kind === 'set')) return unsupportedWrite(ctx, layer, site);
  if (!target.members.some((m) => m.kind === 'get' || m.kind === 'method')) {
    // The nearest ancestor has only a setter: a read through super finds that accessor and gets undefined
    // (it does not look further up); a private setter-only copy would throw instead.
    if (!site.write) return { start: site.node.start!, end: site.node.end!, text: '(void 0)' };
    if (site.compound) return unsupportedWrite(ctx, layer, site);
  }
  if (site.write) {
    ctx.diagnostics.push(
      diagnosticAt(module, site.node, 'super', 'super-assignment-rewritten', 'info', `\`super.${site.key.name} = …\` now calls the setter of ${ctx.layers[target.layer].cls.info.name} copied into ${ctx.dest.info.name}.`, undefined, names),
    );
  }
  const copy = ensureSuperCopy(ctx, target.layer, site.key.name, isStatic, target.members);
  if (!site.write && !site.called && target.members.some((m) => m.kind === 'method')) {
    const from = ctx.layers[target.layer].cls.info.name;
    ctx.diagnostics.push(
      diagnosticAt(module, site.node, 'super', 'super-method-value', 'warning', `\`super.${site.key.name}\` is read as a value, not called: after flattening it is ${ctx.dest.info.name}'s private copy of ${from}'s method, another function (its name is #${copy.privateName}, and it is not ${from}.prototype.${site.key.name}).`, 'Only a concern if the function itself is compared or inspected; calling it later behaves the same.', names),
    );
  }
  return { start: site.node.start!, end: site.node.end!, text: `this.#${copy.privateName}` };
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

export function ensureSuperCopy(ctx: ClassContext, layer: number, name: string, isStatic: boolean, members: Member[]): SuperCopy {
  const key = `${layer}|${isStatic}|${name}`;
  const known = ctx.superCopies.get(key);
  if (known) return known;
  const base = `${toIdentifier(ctx.layers[layer].cls.info.name)}_${toIdentifier(name)}`;
  let privateName = base;
  for (let i = 2; ctx.privateUsed.has(privateName); i++) privateName = `${base}_${i}`;
  ctx.privateUsed.add(privateName);
  const copy: SuperCopy = { layer, isStatic, privateName, members };
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
