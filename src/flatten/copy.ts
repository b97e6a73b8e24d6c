import { t } from '../babel.cjs';
import type { ClassContext, CopyRequest } from './context.js';
import { applyEdits, type Edit } from './edits.js';
import { Unsupported } from './hygiene.js';
import { collectSites, type FreeRef } from './sites.js';
import { superMemberEdit } from './super.js';
import { diagnosticAt } from './diagnostics.js';
import { declaresType, wrapType } from './types-ts.js';
import { classReference } from './statics.js';
import { assertNotCaptured } from './capture.js';

/**
 * Copy a piece of a layer's code so that it means the same at its destination: free names spelled by
 * hygiene, private names renamed, `super` rewritten, `arguments`/`new.target` adjusted to the new position.
 */
export function copyCode(ctx: ClassContext, req: CopyRequest): string {
  const layer = ctx.layers[req.layer];
  const module = layer.cls.module;
  const sites = collectSites(req.root, new Set(layer.privateNames));
  const edits: Edit[] = [];
  const inRange = (n: t.Node) => n.start! >= req.start && n.end! <= req.end;

  const factory = layer.cls.info.factory;
  const mixinArgs = ctx.layerArgs.get(req.layer);
  for (const ref of sites.free) {
    if (!inRange(ref.node)) continue;
    if (factory && ref.binding && ref.binding.scope.path.node === factory.fn) {
      // A parameter of the mixin factory: its argument at this application, when that is a literal.
      const literal = mixinArgs?.get(ref.name);
      if (literal == null || ref.write || ref.name === factory.params[factory.baseParam]) {
        throw new Unsupported(`the mixin ${factory.name} uses its parameter '${ref.name}', whose argument is not a literal the copy could use`, ref.node, module, 'mixin-parameter');
      }
      edits.push({ start: ref.node.start!, end: ref.node.end!, text: ref.shorthand ? `${ref.name}: ${literal}` : literal });
      continue;
    }
    // The inner name of a named class expression (`const Base = class BaseImpl {…}`) names the class:
    // elsewhere it is spelled through the class's module-level binding.
    if (req.layer > 0 && ref.binding && ref.binding.path.node === layer.cls.info.node && t.isClassExpression(layer.cls.info.node) && !ref.write) {
      edits.push({ start: ref.node.start!, end: ref.node.end!, text: ref.shorthand ? `${ref.name}: ${classReference(ctx, req.layer, ref.node, { scope: ref.scope, root: req.root })}` : asCallee(classReference(ctx, req.layer, ref.node, { scope: ref.scope, root: req.root }), ref) });
      continue;
    }
    // Own code that stays where it is keeps its meaning: nothing to do.
    if (req.layer === 0 && req.role !== 'field') continue;
    // A direct eval reads names by spelling at run time, in the scope the copy lands in: what it finds
    // there (the destination's names, renamed imports, constructor parameters) is not what it found.
    if (ref.directEval && !ref.binding) {
      throw new Unsupported('the copied code calls eval, which reads names by spelling in the scope the copy would land in', ref.node, module);
    }
    const guarded = ctx.destModule.isTypeScript && !ref.typeOnly && !ref.write && restrictedStaticAccess(ctx, ref);
    const inCtor = req.shadow === ctx.shadowInCtor;
    const spelled0 = ctx.hygiene.spell(ref, module, ctx.destModule, req.shadow, new Set(ref.write && ref.binding ? [ref.binding] : []), ctx.dest.info.path.scope, inCtor ? ctx.ctorDecls : undefined);
    // TypeScript: a protected/private static of a former ancestor is read from outside its hierarchy now.
    const spelled = guarded ? `(${spelled0 ?? ref.name} as any)` : spelled0 === null ? null : asCallee(spelled0, ref);
    if (spelled === null) continue;
    assertNotCaptured(spelled, ref.scope, req.root, ref.node, module);
    if (ref.typeOnly && spelled.includes('(')) throw new Unsupported(`type '${ref.name}' cannot be named at the destination`, ref.node, module);
    edits.push({ start: ref.node.start!, end: ref.node.end!, text: ref.shorthand ? `${ref.name}: ${spelled}` : spelled });
  }
  const typeArgs = req.typeArgs ?? ctx.typeArgs.get(req.layer);
  for (const ref of sites.typeRefs) {
    if (!inRange(ref)) continue;
    const text = typeArgs?.get(ref.name);
    if (text !== undefined) {
      edits.push({ start: ref.start!, end: ref.end!, text: wrapType(text) });
    } else if (module !== ctx.destModule && declaresType(module.ast.program.body, ref.name)) {
      const spelled = ctx.hygiene.spellType(ref.name, module, ctx.destModule, req.shadow);
      if (spelled !== null) edits.push({ start: ref.start!, end: ref.end!, text: spelled });
    }
  }
  if (req.layer > 0 && req.isStatic) {
    for (const p of sites.privates) {
      if (!inRange(p)) continue;
      const staticPrivate = layer.members.some((m) => m.isStatic && m.key.kind === 'private' && m.key.name === p.id.name);
      const throughClass = sites.foreignPrivates.some((f) => f.property === p);
      if (staticPrivate && !throughClass) {
        // Called on the subclass, `this.#x` threw: the subclass never had the ancestor's static private.
        throw new Unsupported(`inherited static code uses ${layer.cls.info.name}'s private static #${p.id.name}, which throws for ${ctx.dest.info.name} in the original`, p, module, 'private-static-inherited');
      }
    }
  }
  const renames = ctx.privateNames.get(req.layer);
  for (const p of sites.privates) {
    if (!inRange(p)) continue;
    const to = renames?.get(p.id.name);
    if (to && to !== p.id.name) edits.push({ start: p.start!, end: p.end!, text: `#${to}` });
  }
  for (const s of sites.superMembers) {
    if (!inRange(s.node)) continue;
    edits.push(...superMemberEdit(ctx, req.layer, s, req.isStatic, req));
  }
  for (const o of sites.objectSupers) {
    if (!inRange(o) || req.layer !== 0) continue;
    ctx.diagnostics.push(
      diagnosticAt(module, o, 'super', 'super-in-object-literal', 'info', '`super` in an object-literal method refers to the literal\'s prototype; flattening leaves it as it was.'),
    );
  }
  if (req.role === 'ctor') {
    for (const call of sites.superCalls) if (inRange(call.node)) edits.push(...req.superCall!(call));
    if (req.argumentsName) for (const a of sites.argumentsRefs) if (inRange(a)) edits.push({ start: a.start!, end: a.end!, text: req.argumentsName });
    if (req.layer !== 0) {
      for (const r of sites.valueReturns) {
        if (inRange(r)) throw new Unsupported(`the constructor of ${layer.cls.info.name} returns a value, which would replace \`this\` for its subclasses`, r, module, 'constructor-returns-value');
      }
    }
  }
  if (module !== ctx.destModule) {
    for (const m of sites.importMetas) {
      if (inRange(m)) edits.push({ start: m.start!, end: m.end!, text: ctx.hygiene.importMeta(module, ctx.destModule) });
    }
  }
  for (const f of sites.foreignPrivates) {
    if (!inRange(f) || req.layer === 0) continue;
    const p = f.property as t.PrivateName;
    const isStaticName = layer.members.some((m) => m.isStatic && m.key.kind === 'private' && m.key.name === p.id.name);
    const text = module.code.slice(f.start!, f.end!);
    if (isStaticName) {
      throw new Unsupported(`\`${text}\` reads a private static of ${layer.cls.info.name} from copied code; the copy in ${ctx.dest.info.name} cannot reach ${layer.cls.info.name}'s private storage`, f, module, 'private-static-through-class');
    }
    ctx.diagnostics.push(
      diagnosticAt(module, f, 'isinstance', 'private-on-other-object', 'warning', `\`${text}\`: in ${ctx.dest.info.name} this private name is ${ctx.dest.info.name}'s own after flattening, so it throws for plain ${layer.cls.info.name} objects that worked before.`, 'Only a concern when the object can be an instance of the ancestor itself.', [ctx.dest.info.name, layer.cls.info.name]),
    );
  }
  if (req.role === 'field') {
    // A field initializer sees `new.target` as undefined; moved into the constructor it must keep doing so.
    for (const n of sites.newTargets) if (inRange(n)) edits.push({ start: n.start!, end: n.end!, text: 'undefined' });
  }
  if (req.extra) {
    // A removed range (a parameter's type annotation) takes the edits inside it along.
    const removed = req.extra.filter((e) => e.text === '' && e.end > e.start);
    const inside = (e: Edit) => removed.some((r) => r.start <= e.start && e.end <= r.end);
    const outside = edits.filter((e) => !inside(e));
    edits.length = 0;
    edits.push(...outside, ...req.extra);
  }
  let kept = edits;
  if (req.replace) {
    const r = req.replace;
    kept = edits.filter((e) => e.end <= r.start || e.start >= r.end);
    kept.push({ start: r.start, end: r.end, text: r.text });
  }
  return applyEdits(module.code, req.start, req.end, dedupe(kept), module.absPath);
}

/** `Shape.count` where `count` is a protected or private static of Shape, a former ancestor of the class. */
function restrictedStaticAccess(ctx: ClassContext, ref: { node: t.Node; binding: { path: { node: t.Node } } | null; name: string }): boolean {
  const b = ref.binding?.path.node;
  if (!b) return false;
  const layer = ctx.layers.find((l, i) => i > 0 && l.cls.info.node === b);
  if (!layer) return false;
  return layer.members.some((m) => m.isStatic && (m.node as { accessibility?: string }).accessibility !== undefined && (m.node as { accessibility?: string }).accessibility !== 'public');
}

/** Two sites can land on the same node (a shorthand's key and value): keep one edit per range. */
function dedupe(edits: Edit[]): Edit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const k = `${e.start}:${e.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * `new Rule(…)` where `Rule` is spelled `require("./container").Rule_` or `Rule_ref()`: unparenthesized,
 * `new` would take the first call's arguments (`new require("./container")`) and call the class without
 * `new`. Any spelling with a call in it is wrapped (the TypeScript `(x as any)` guard is already).
 */
function asCallee(text: string, ref: FreeRef): string {
  return ref.newCallee && text.includes('(') ? `(${text})` : text;
}

