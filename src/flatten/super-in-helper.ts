import type { Diagnostic } from '../types.js';
import type { ClassContext } from './context.js';
import { diagnosticAt } from './diagnostics.js';

/**
 * A TypeScript class flattened onto an external base (`extends Error`) whose former ancestors have a
 * constructor: that constructor's `super(…)` now stands in the arrow helper that replaces it. JavaScript
 * runs it exactly as before (arrows keep `this` and may call `super()` inside a constructor), but
 * TypeScript allows `super()` only directly in a constructor body: tsc rejects the helper (TS2337), the
 * constructor (TS2377) and every `this` after the helper call (TS17009). Moving the ancestor's code into
 * the constructor itself would need its `return`s, `arguments`, parameter scopes and `var`s rewritten,
 * so the place is reported instead: at the flattened class's constructor (or the class), naming the
 * ancestor whose `super(…)` moved.
 */
export function superInHelperDiagnostics(ctx: ClassContext): Diagnostic[] {
  if (!ctx.destModule.isTypeScript || !ctx.external) return [];
  let deepest = -1;
  for (let j = 1; j < ctx.layers.length; j++) if (ctx.layers[j].ctor) deepest = j;
  if (deepest === -1) return [];
  const cls = ctx.dest.info.name;
  const ancestor = ctx.layers[deepest].cls.info.name;
  const at = ctx.layers[0].ctor?.node ?? ctx.dest.info.node;
  const ext = ctx.external.node;
  const text = ctx.layers[ctx.external.layer].cls.module.code.slice(ext.start!, ext.end!);
  const base = text.length <= 40 && !/[\r\n]/.test(text) ? text : 'its external base';
  return [
    diagnosticAt(ctx.destModule, at, 'super', 'ts-super-in-helper', 'warning',
      `${cls} is flattened onto ${base} and ${ancestor}'s constructor, which calls super(), becomes an arrow function inside ${cls}'s constructor: JavaScript runs it as before, but TypeScript rejects super() there (TS2337), a constructor without a direct super() (TS2377) and \`this\` after it (TS17009).`,
      `Type-check the mirror with these errors expected, or keep ${cls} as it is (\`/** @flatten-ignore */\` on it, or \`ignore: true\` for it in the config).`, [cls, ancestor]),
  ];
}
