import { t } from '../babel.cjs';
import type { Diagnostic } from '../types.js';
import type { ClassContext } from './context.js';
import { diagnosticAt } from './diagnostics.js';
import { isLegacyLayer } from './fields.js';

/**
 * A layer whose module TypeScript compiles with legacy class fields (tsconfig.json) has its moved fields
 * written that way (fields.ts): exact under tsc. A compiler that ignores tsconfig's target (Babel,
 * esbuild given no tsconfig) ran the original with ES2022 semantics, and differs from the mirror in three
 * places, each an info where it is declared: a field without initializer (legacy: nothing; ES2022:
 * undefined, shadowing a prototype member), a layer with parameter properties and field initializers
 * (legacy: parameter properties first), and a field with an accessor of its name in the chain (legacy:
 * assigned through it; ES2022: defined over it).
 */
export function legacyFieldDiagnostics(ctx: ClassContext): Diagnostic[] {
  const accessors = new Set<string>();
  for (const l of ctx.layers) for (const m of l.members) if ((m.kind === 'get' || m.kind === 'set') && !m.isStatic && m.key.kind === 'name') accessors.add(m.key.name);
  const out: Diagnostic[] = [];
  const cls = ctx.dest.info.name;
  ctx.layers.forEach((layer, i) => {
    if (!isLegacyLayer(ctx, i)) return;
    const paramProps = layer.ctor?.node.params.some((p) => t.isTSParameterProperty(p)) ?? false;
    for (const m of layer.members) {
      // `#x` is defined in both semantics.
      if (m.kind !== 'field' || m.isStatic || m.typeOnly || m.key.kind === 'private') continue;
      const node = m.node as t.ClassProperty;
      const name = m.key.kind === 'name' ? m.key.name : null;
      let why: string | null = null;
      if (node.value == null) why = 'it has no initializer: legacy semantics emit nothing for it, ES2022 semantics set it to undefined (hiding any prototype member of that name)';
      else if (paramProps) why = `${layer.cls.info.name} also has parameter properties: legacy semantics assign those before field initializers, ES2022 semantics after`;
      else if (name !== null && accessors.has(name)) why = 'an accessor of that name is in the chain: legacy semantics assign through it, ES2022 semantics define the field over it';
      if (why === null) continue;
      out.push(
        diagnosticAt(layer.cls.module, node, 'unsupported', 'ts-legacy-class-fields', 'info',
          `\`${name ?? 'this field'}\` is written into ${cls}'s constructor with TypeScript's legacy class-field semantics, as tsconfig.json says (useDefineForClassFields false, or a target before ES2022), which tsc follows; a compiler that ignores tsconfig's target (Babel, esbuild without it) runs the original differently, because ${why}.`,
          'Nothing to do if tsc (or a tool reading tsconfig.json) compiles this project. Otherwise set "useDefineForClassFields": true in tsconfig.json so that the mirror follows ES2022 semantics too.', [cls, layer.cls.info.name]),
      );
    }
  });
  return out;
}
