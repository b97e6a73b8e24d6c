import { t } from '../babel.cjs';
import type { ClassContext, SuperCopy } from './context.js';
import type { Edit } from './edits.js';
import type { Member } from './layers.js';
import { keyRange } from './super.js';

/** How a member is copied: its key replaced, more edits, and (TypeScript) other type arguments. */
export type CopyMember = (layer: number, m: Member, keyText: string, extra: Edit[], typeArgs?: Map<string, string>, superHome?: string) => string;

/**
 * The members of a static-form super copy (see SuperCopy): each of the ancestor's members becomes a static
 * private method, `static #Base_m(…)`, `static #Base_x_get()`, `static #Base_x_set(v)`. Its body is the
 * member's own, so `this`, `arguments`, `yield`/`await` and private names mean what they meant; it is
 * called with `.call(this, …)`. TypeScript: a copy of an instance member declares `this: Sub` (the class's
 * type parameters as `any`, which a static cannot name).
 */
export function staticCopyTexts(ctx: ClassContext, copy: SuperCopy, copyMember: CopyMember): string[] {
  const out: string[] = [];
  const ts = ctx.destModule.isTypeScript;
  const typeArgs = ts && !copy.isStatic ? typeArgsWithoutClassParams(ctx, copy.layer) : undefined;
  for (const m of copy.members) {
    const node = m.node as t.ClassMethod;
    const code = ctx.layers[copy.layer].cls.module.code;
    const key = keyRange(code, node);
    const lo = node.decorators?.length ? node.decorators[node.decorators.length - 1].end! : node.start!;
    const head = code.slice(lo, key.start);
    const extra: Edit[] = [];
    const addStatic = copy.isStatic ? '' : 'static ';
    let suffix = '';
    if (m.kind === 'get' || m.kind === 'set') {
      suffix = m.kind === 'get' ? '_get' : '_set';
      const kw = /\b(get|set)\s*$/.exec(head);
      if (!kw) throw new Error(`no ${m.kind} keyword before the key`);
      extra.push({ start: lo + kw.index, end: key.start, text: addStatic });
    } else if (addStatic) {
      const mod = /\basync\b|\*/.exec(head);
      const at = mod ? lo + mod.index : key.start;
      extra.push({ start: at, end: at, text: addStatic });
    }
    if (ts && !copy.isStatic) {
      const paren = code.indexOf('(', key.end);
      extra.push({ start: paren + 1, end: paren + 1, text: `this: ${ctx.self!.instanceType}${node.params.length ? ', ' : ''}` });
    }
    // `super.x` left in an instance member (no project ancestor defines x) read the prototype's prototype.
    const superHome = copy.isStatic ? undefined : `Object.getPrototypeOf(${ctx.self!.name}.prototype)`;
    out.push(copyMember(copy.layer, m, `#${copy.privateName}${suffix}`, extra, typeArgs, superHome));
  }
  return out;
}

/** The accessor through which writes reach the copied setter (and compound writes the getter first). */
export function refText(ctx: ClassContext, copy: SuperCopy): string {
  const ts = ctx.destModule.isTypeScript;
  const n = ctx.self!.name;
  const p = copy.privateName;
  const selfType = !ts ? '' : copy.isStatic ? `: typeof ${n}` : `: ${ctx.self!.instanceType}`;
  const parts: string[] = [];
  if (copy.members.some((m) => m.kind === 'get')) parts.push(`get v() { return ${n}.#${p}_get.call(self); }`);
  if (copy.members.some((m) => m.kind === 'set')) parts.push(`set v(v${ts ? ': any' : ''}) { ${n}.#${p}_set.call(self, v); }`);
  return `static #${p}_ref(self${selfType}) { return { ${parts.join(', ')} }; }`;
}

/** The layer's type arguments with the flattened class's own type parameters as `any`. */
function typeArgsWithoutClassParams(ctx: ClassContext, layer: number): Map<string, string> | undefined {
  const params = (ctx.dest.info.node as { typeParameters?: t.Node | null }).typeParameters;
  const names = params && t.isTSTypeParameterDeclaration(params) ? params.params.map((p) => p.name) : [];
  const args = ctx.typeArgs.get(layer);
  if (!names.length || !args) return args;
  const re = new RegExp(`(?<![\\w$.])(${names.map((x) => x.replace(/\$/g, '\\$')).join('|')})(?![\\w$])`, 'g');
  return new Map([...args].map(([k, v]) => [k, v.replace(re, 'any')]));
}
