import type { ClassContext } from './context.js';
import { toIdentifier } from './names.js';

/**
 * Give every layer's private names a spelling in the flattened class. Each class's `#x` is a different
 * name at run time, so the flattened class needs them all: the class's own keep their spelling, an
 * ancestor's is renamed only where it would collide (`#x` of Shape becomes `#x_Shape`).
 */
export function assignPrivateNames(ctx: ClassContext): void {
  ctx.layers.forEach((layer, i) => {
    const map = new Map<string, string>();
    for (const name of new Set(layer.privateNames)) {
      let target = name;
      if (ctx.privateUsed.has(target)) {
        const base = `${name}_${toIdentifier(layer.cls.info.name)}`;
        target = base;
        for (let n = 2; ctx.privateUsed.has(target); n++) target = `${base}_${n}`;
      }
      ctx.privateUsed.add(target);
      map.set(name, target);
    }
    ctx.privateNames.set(i, map);
  });
}
