import * as t from '@babel/types';
import type { Diagnostic } from '../types.js';
import type { ClassContext } from './context.js';
import { diagnosticAt } from './diagnostics.js';

/**
 * The rewrite writes the fields it moves with ES2022 ("define") semantics, which is also what
 * TypeScript does with `useDefineForClassFields` (the default from target ES2022 on). A project compiled
 * with TypeScript's legacy semantics runs three things differently, each reported where it is declared:
 * a field without initializer (legacy: nothing; flattened: set to undefined, which shadows a prototype
 * member of that name), a layer with parameter properties and field initializers (legacy: parameter
 * properties first; flattened: fields first), and a field with an accessor of its name in the chain
 * (legacy: assigned through the accessor; flattened: defined over it).
 */
export function legacyFieldDiagnostics(ctx: ClassContext): Diagnostic[] {
  if (!ctx.destModule.isTypeScript || ctx.destModule.classFields !== 'legacy') return [];
  const accessors = new Set<string>();
  for (const l of ctx.layers) for (const m of l.members) if ((m.kind === 'get' || m.kind === 'set') && !m.isStatic && m.key.kind === 'name') accessors.add(m.key.name);
  const out: Diagnostic[] = [];
  const cls = ctx.dest.info.name;
  ctx.layers.forEach((layer, i) => {
    const paramProps = layer.ctor?.node.params.some((p) => t.isTSParameterProperty(p)) ?? false;
    for (const m of layer.members) {
      if (m.kind !== 'field' || m.isStatic || m.typeOnly) continue;
      const node = m.node as t.ClassProperty;
      const name = m.key.kind === 'name' ? m.key.name : null;
      let why: string | null = null;
      // The class's own fields stay fields, compiled by the project's own settings.
      if (i > 0 && node.value == null && !node.definite) why = 'it has no initializer: TypeScript emits nothing for it, the flattened class sets it to undefined (hiding any prototype member of that name)';
      else if (paramProps && node.value != null) why = `${layer.cls.info.name} also has parameter properties: TypeScript assigns those before field initializers, the flattened class after`;
      else if (i > 0 && name !== null && accessors.has(name)) why = 'an accessor of that name is in the chain: TypeScript assigns through it, the flattened class defines the field over it';
      if (why === null) continue;
      out.push(
        diagnosticAt(layer.cls.module, node, 'unsupported', 'ts-legacy-class-fields', 'warning',
          `${cls} is flattened with ES2022 class-field semantics, but this project compiles class fields with TypeScript's legacy semantics (useDefineForClassFields false, or a target before ES2022): \`${name ?? 'this field'}\` may behave differently because ${why}.`,
          'Set "useDefineForClassFields": true (or target ES2022 or later) in tsconfig.json, which is what the flattened code assumes.', [cls, layer.cls.info.name]),
      );
    }
  });
  return out;
}
