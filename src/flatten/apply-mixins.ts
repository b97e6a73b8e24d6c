import { t } from '../babel.cjs';
import type { ClassNode } from '../graph/class-graph.js';
import type { ClassContext } from './context.js';
import { Unsupported } from './hygiene.js';
import { layerOf, type Member } from './layers.js';
import { diagnosticAt } from './diagnostics.js';
import { assignPrivateNames } from './private-names.js';

/**
 * `applyMixins(Derived, [A, B])` copies each listed class's own prototype members onto Derived's
 * prototype at run time, in order, replacing what is there: the last definition wins, over Derived's own
 * members too. In a class body a later definition of a key also replaces an earlier one, so the copies
 * are appended after the class's own members, in the same order.
 */
export function appliedMemberTexts(
  ctx: ClassContext,
  bases: ClassNode[],
  memberText: (c: ClassContext, layer: number, m: Member) => string,
): string[] {
  const out: string[] = [];
  for (const base of bases) {
    const layer = layerOf(base);
    // A separate two-layer context: the applied class is copied on its own, not as an ancestor.
    const sub: ClassContext = {
      ...ctx,
      layers: [ctx.layers[0], layer],
      privateNames: new Map(),
      privateUsed: new Set(ctx.privateUsed),
      superCopies: new Map(),
      pendingSuperCopies: [],
      typeArgs: new Map(),
      layerArgs: new Map(),
    };
    assignPrivateNames(sub);
    const texts: string[] = [];
    for (const m of layer.members) {
      if (m.isStatic || m.typeOnly || (m.kind !== 'method' && m.kind !== 'get' && m.kind !== 'set')) continue;
      if (m.key.kind === 'private') continue;
      let usesSuperOrPrivate = false;
      t.traverseFast(m.node, (n) => {
        if (t.isSuper(n) || t.isPrivateName(n)) usesSuperOrPrivate = true;
      });
      if (usesSuperOrPrivate) {
        throw new Unsupported(`a member of ${base.info.name} applied as a mixin uses \`super\` or a private name, which after copying would refer to ${ctx.dest.info.name} instead of ${base.info.name}`, m.node, base.module, 'applied-mixin-super');
      }
      texts.push(memberText(sub, 1, m));
      reportRedeclaredInTypeScript(ctx, base, m);
    }
    if (texts.length) out.push(`// from ${base.info.name} (applyMixins, ${base.module.relPath})`, ...texts);
  }
  return out;
}

/**
 * TypeScript code often declares an applied mixin's members as properties of the class
 * (`logSubscribedFrame: () => number;`) so that calls type-check. Once the method is copied into the
 * body, the class declares the name twice, which tsc rejects (duplicate identifier). Both stay, so run
 * time is unchanged (the copy lands on the prototype, as applyMixins put it): the place is reported.
 */
function reportRedeclaredInTypeScript(ctx: ClassContext, base: ClassNode, m: Member): void {
  if (!ctx.destModule.isTypeScript || m.key.kind !== 'name') return;
  const name = m.key.name;
  const own = ctx.layers[0].members.find((o) => o.kind === 'field' && !o.isStatic && o.key.kind === 'name' && o.key.name === name);
  if (!own) return;
  const cls = ctx.dest.info.name;
  const hint = `Declare the mixin's members through an interface merged with the class (\`interface ${cls} extends ${base.info.name} {}\`) instead of properties.`;
  // tsc flags both declarations: the property, and the copy (whose text comes from the mixin's member).
  ctx.diagnostics.push(
    diagnosticAt(ctx.destModule, own.node, 'isinstance', 'ts-applied-member-redeclared', 'warning',
      `${cls} declares \`${name}\` as a property, and flattening copies ${base.info.name}'s \`${name}\` (applied by applyMixins) into the same class body: TypeScript rejects the two declarations (duplicate identifier). Run-time behaviour is unchanged.`,
      hint, [cls, base.info.name]),
    diagnosticAt(base.module, m.node, 'isinstance', 'ts-applied-member-redeclared', 'warning',
      `\`${name}\` is copied into ${cls} by flattening (applied by applyMixins), where ${cls} also declares it as a property: TypeScript rejects the two declarations (duplicate identifier). Run-time behaviour is unchanged.`,
      hint, [cls, base.info.name]),
  );
}
