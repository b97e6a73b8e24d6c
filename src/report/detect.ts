import type { ClassGraph, ClassId } from '../graph/class-graph.js';
import { mroOf } from '../graph/mro.js';
import { classId, useTargetOf } from '../graph/class-id.js';
import { patchCode } from '../graph/patches.js';
import { isOwnOfEveryClass } from '../flatten/layers.js';
import { importCycles, type ImportCycles } from '../graph/import-cycles.js';
import { typeScriptSubtypes } from './ts-subtype.js';
import type { ClassInfo, ModuleInfo, NameRef, UseSite } from '../scan/module-info.js';
import { startOf } from '../scan/positions.js';
import { declaredMethods } from '../scan/declared-methods.js';
import type { Diagnostic, Severity } from '../types.js';
import { preservedAncestors, type InstanceofRecovery } from '../flatten/instanceof.js';

/**
 * Uses whose meaning changes once classes are flattened: identity checks against former ancestors
 * (isinstance), prototype-chain introspection and patching (mro), and cycles / unresolved imports.
 */
export function detectUses(graph: ClassGraph, flattened: Set<ClassId>, recovery?: InstanceofRecovery): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ancestors = new Map<ClassId, ClassId[]>();
  for (const id of flattened) {
    const chain = graph.chains.get(id)!;
    for (const a of chain.slice(1)) {
      const list = ancestors.get(a) ?? [];
      list.push(id);
      ancestors.set(a, list);
    }
  }
  const name = (id: ClassId) => graph.classes.get(id)!.info.name;
  const descendants = (id: ClassId) => {
    const names = [...new Set(ancestors.get(id)!.map(name))].sort();
    return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  };
  /** "Sub no longer inherits" / "Sub, Sub2 no longer inherit". */
  const one = (id: ClassId) => new Set(ancestors.get(id)!.map(name)).size === 1;
  const noLongerInherit = (id: ClassId) => `${descendants(id)} no longer inherit${one(id) ? 's' : ''}`;
  const their = (id: ClassId) => (one(id) ? 'its' : 'their');
  const touched = (id: ClassId) => flattened.has(id) || ancestors.has(id);
  const anyFlattened = flattened.size > 0;
  // --preserve-instanceof: former ancestors whose instanceof answers are kept (the rest stay warnings).
  const preserved = recovery ? preservedAncestors(graph, flattened, recovery) : null;
  const allPreserved = preserved !== null && [...ancestors.keys()].every((a) => preserved.has(a));
  const notRecovered = (what: string) => (recovery ? ` --preserve-instanceof does not recover ${what}.` : '');
  // Why --preserve-instanceof leaves a former ancestor's instanceof answers changed.
  const notKept = (id: ClassId) =>
    graph.classes.get(id)!.info.factory ? 'a mixin\'s class is a new class at every application'
    : recovery?.guarded.has(id) ? `not every flattened subclass can name ${name(id)}`
    : `${name(id)} or an ancestor defines its own Symbol.hasInstance (or a static with a computed key)`;

  for (const module of graph.modules.values()) {
    const resolveRef = (ref: NameRef): ClassId | 'external' | 'unknown' => useTargetOf(graph.resolveReported, module, ref);
    const push = (site: UseSite, category: Diagnostic['category'], code: string, severity: Severity, message: string, hint: string, classes: string[] = []) => {
      const d: Diagnostic = { category, code, severity, file: module.relPath, line: site.line, column: site.column, message, hint };
      if (classes.length) d.classes = classes;
      out.push(d);
    };
    for (const site of module.uses) {
      const u = site.use;
      switch (u.kind) {
        case 'instanceof':
        case 'isPrototypeOf': {
          const target = resolveRef(u.kind === 'instanceof' ? u.rhs : u.target);
          const what = u.kind === 'instanceof' ? 'instanceof' : 'isPrototypeOf';
          const isInstanceof = u.kind === 'instanceof';
          if (target === 'unknown') {
            if (isInstanceof && allPreserved) {
              if (anyFlattened) push(site, 'isinstance', `${what}-unknown-class`, 'info', `\`${site.text}\`: the right-hand side is not a statically known class, but every former ancestor of a flattened class keeps its instanceof answers (--preserve-instanceof).`, 'Nothing to do: this is for information.');
            } else if (anyFlattened) push(site, 'isinstance', `${what}-unknown-class`, 'warning', `\`${site.text}\`: the right-hand side is not a statically known class; if it is a class whose subclasses were flattened, the answer changes.${isInstanceof ? '' : notRecovered('isPrototypeOf, which walks prototypes')}`, 'Compare against a known class, or check a brand or interface instead.');
          } else if (target !== 'external' && ancestors.has(target)) {
            const classes = [name(target), ...ancestors.get(target)!.map(name)];
            if (isInstanceof && preserved?.has(target)) {
              push(site, 'isinstance', `${what}-flattened-base`, 'info', `\`${site.text}\`: ${noLongerInherit(target)} from ${name(target)}, but its generated Symbol.hasInstance recognizes ${their(target)} instances (--preserve-instanceof), so the answer is kept.`, 'Nothing to do: this is for information.', classes);
            } else {
              const why = !recovery ? '' : isInstanceof ? ` --preserve-instanceof cannot keep this answer: ${notKept(target)}.` : notRecovered('isPrototypeOf, which walks prototypes');
              push(site, 'isinstance', `${what}-flattened-base`, 'warning', `\`${site.text}\`: ${noLongerInherit(target)} from ${name(target)} after flattening, so this is false for ${their(target)} instances.${why}`, recovery ? 'Test for the flattened classes too, or check a brand or interface.' : 'Test for the flattened classes too, or use --preserve-instanceof.', classes);
            }
          }
          break;
        }
        case 'brand-check':
          if (u.classIndex !== null && ancestors.has(classId(module, u.classIndex))) {
            const id = classId(module, u.classIndex);
            if (u.access) push(site, 'isinstance', 'brand-check-flattened-base', 'warning', `\`${site.text}\`: instances of ${descendants(id)} no longer carry ${name(id)}'s private #${u.privateName} after flattening, so this throws a TypeError when the object is one of them.`, 'Reach the value through a method or accessor the subclasses inherit, or check a known class first.', [name(id)]);
            else push(site, 'isinstance', 'brand-check-flattened-base', 'warning', `\`${site.text}\`: instances of ${descendants(id)} no longer carry ${name(id)}'s private #${u.privateName} after flattening, so this brand check is false for them.${notRecovered('brand checks')}`, 'Check a public brand or a known class instead.', [name(id)]);
          }
          break;
        case 'has-instance': {
          const id = classId(module, u.classIndex);
          if (touched(id)) push(site, 'isinstance', 'symbol-has-instance', 'warning', `${name(id)} defines Symbol.hasInstance, which flattening copies or strands: \`instanceof\` answers may change.`, 'Review the hasInstance logic against the flattened classes.', [name(id)]);
          break;
        }
        case 'get-prototype':
        case 'set-prototype':
        case 'proto-access': {
          const target = resolveRef(u.arg);
          const api = u.kind === 'proto-access' ? '__proto__' : u.api;
          if (target !== 'unknown' && target !== 'external' && touched(target)) {
            push(site, 'mro', u.kind === 'set-prototype' ? 'setprototypeof-flattened' : 'getprototypeof-flattened', 'warning', `\`${site.text}\`: the prototype chain of ${name(target)} ${flattened.has(target) ? 'no longer includes its former ancestors' : `no longer includes its flattened subclasses ${descendants(target)}`}; ${api} sees a different chain.`, 'Avoid walking the prototype chain of flattened classes.', [name(target)]);
          } else if (target === 'unknown' && anyFlattened && u.kind === 'get-prototype' && u.walk) {
            push(site, 'mro', 'prototype-walk', 'warning', `\`${site.text}\` walks up a prototype chain; for a flattened class or one of its instances the chain is shorter than before, so the walk sees other objects.`, 'Compare against known classes or check members instead of walking the chain; ignore this if the walk never meets a flattened class or instance.');
          } else if (target === 'unknown' && anyFlattened) {
            push(site, 'mro', `${api.replace(/\W/g, '').toLowerCase()}-unknown`, 'info', `\`${site.text}\`: if this object is a flattened class or one of its instances, ${api} sees a shorter prototype chain than before.`, 'Only a concern when the argument can be a flattened class or instance.');
          }
          break;
        }
        case 'prototype-patch': {
          const target = resolveRef(u.target);
          if (target !== 'unknown' && target !== 'external' && ancestors.has(target)) {
            push(site, 'mro', 'prototype-patched', 'warning', `\`${site.text}\`: ${name(target)}.prototype is changed after definition; ${descendants(target)} saw that through inheritance, but their flattened copies do not.`, 'Move the member into the class body, or apply the same patch to the flattened subclasses.', [name(target), ...ancestors.get(target)!.map(name)]);
          }
          break;
        }
        case 'own-keys': {
          const target = resolveRef(u.target);
          if (target === 'unknown' || target === 'external' || !flattened.has(target)) break;
          push(site, 'mro', 'own-properties-changed', 'warning', `\`${site.text}\`: ${u.prototype ? `${name(target)}.prototype` : name(target)} now has the members it used to inherit as its own properties, so ${u.api} sees more than before.`, 'Walk the members you need explicitly, or keep this class unflattened.', [name(target)]);
          break;
        }
        case 'method-identity': {
          const target = resolveRef(u.target);
          if (target === 'unknown' || target === 'external') break;
          // Every class has its own prototype.constructor, name, length and prototype: never copied.
          if (isOwnOfEveryClass(u.member, !u.prototype)) break;
          const chain = graph.chains.get(target) ?? [target];
          const declares = (ids: ClassId[]) => ids.some((id) => declaresMethod(graph.classes.get(id)!.info, u.member, !u.prototype));
          // A flattened class copies inherited methods (a new function); subclasses of an ancestor copy its methods.
          const copied = (flattened.has(target) && !declares([target]) && declares(chain.slice(1))) || (ancestors.has(target) && declares(chain));
          if (!copied) break;
          const owner = `${name(target)}${u.prototype ? '.prototype' : ''}.${u.member}`;
          push(site, 'mro', 'method-identity-changed', 'warning', `\`${site.text}\`: flattening copies ${owner} into ${flattened.has(target) ? name(target) : descendants(target)}, so the copies are different functions and this identity comparison may change.`, 'Compare by behaviour or a marker property, not by function identity (a common "is it overridden?" test).', [name(target)]);
          break;
        }
        case 'passed-out': {
          // Only a callee outside the project: a project function's own instanceof is reported where it is.
          if (graph.resolveReported(module, u.callee).kind !== 'external') break;
          const target = resolveRef(u.arg);
          if (target === 'unknown' || target === 'external' || !ancestors.has(target)) break;
          const callee = u.callee.kind === 'global' ? u.callee.name : u.callee.local;
          const classes = [name(target), ...ancestors.get(target)!.map(name)];
          if (preserved?.has(target)) {
            push(site, 'isinstance', 'former-ancestor-passed-out', 'info', `\`${site.text}\` passes ${name(target)} to code outside the project (\`${callee}\`); ${noLongerInherit(target)} from it, but its generated Symbol.hasInstance keeps \`instanceof\` answers there (--preserve-instanceof).`, 'Nothing to do unless that code walks prototypes (isPrototypeOf, getPrototypeOf) instead.', classes);
          } else {
            push(site, 'isinstance', 'former-ancestor-passed-out', 'warning', `\`${site.text}\` passes ${name(target)} to code outside the project (\`${callee}\`), which may test \`instanceof\` against it (as jest's toBeInstanceOf and toThrow, and assert.throws do); ${noLongerInherit(target)} from ${name(target)} after flattening, so that answer is false for ${their(target)} instances.${recovery ? ` --preserve-instanceof cannot keep it: ${notKept(target)}.` : ''}`, recovery ? 'Pass the flattened classes too, or check a brand or interface.' : 'Use --preserve-instanceof, or ignore this if that code never tests instanceof.', classes);
          }
          break;
        }
        case 'static-patch': {
          const target = resolveRef(u.target);
          if (target === 'unknown' || target === 'external' || !ancestors.has(target)) break;
          const code = patchCode(site)!;
          const viaThis = code === 'static-shared-through-this';
          push(site, 'mro', code, 'warning', viaThis
              ? `\`${site.text}\`: a static of ${name(target)} is written through \`this\`; ${descendants(target)} read it through the constructor chain before, and have their own copy after flattening.`
              : `\`${site.text}\`: ${u.member === '*' ? 'statics' : `static \`${u.member}\``} of ${name(target)} ${u.member === '*' ? 'are' : 'is'} assigned after definition; ${descendants(target)} saw it through the constructor chain, but their flattened copies do not.`,
            'Keep shared static state in a module variable, or update the flattened subclasses too.', [name(target), ...ancestors.get(target)!.map(name)]);
          break;
        }
      }
    }
  }
  out.push(...extendsInImportCycles(graph, flattened));
  out.push(...typeScriptSubtypes(graph, flattened));
  for (const id of graph.applied.keys()) {
    const r = mroOf(graph, id);
    if (r.ok) continue;
    const c = graph.classes.get(id)!;
    out.push(diag(c.module, c.info.line, c.info.column, 'mro', 'mro-inconsistent', 'error', `${c.info.name} has no consistent method resolution order (C3): ${r.conflict.join(', ')} are required in opposite orders.`, 'Reorder the mixins so every class comes before its own bases.', [c.info.name]));
  }
  for (const id of graph.cyclic) {
    const c = graph.classes.get(id)!;
    out.push(diag(c.module, c.info.line, c.info.column, 'cycle', 'inheritance-cycle', 'error', `${c.info.name} is part of an inheritance cycle; it was left as it was.`, 'A class cannot (indirectly) extend itself; this code throws when it runs.', [c.info.name]));
  }
  for (const u of graph.unresolvedImports) {
    const loc = startOf(u.module.code, u.node);
    out.push(diag(u.module, loc.line, loc.column + 1, 'resolve', 'unresolved-import', 'warning', `cannot resolve '${u.specifier}' from ${u.module.relPath}${u.problem ? ` (resolve() ${u.problem})` : ''}; classes it provides are treated as external.`, 'Check the path, or provide a resolve() callback in flatten-classes.config.mjs.'));
  }
  return out;
}

/** Does the class body declare a method `name` (static or on the prototype)? An accessor's value is what it returns, not a copy. */
function declaresMethod(cls: ClassInfo, name: string, isStatic: boolean): boolean {
  return declaredMethods(cls).has(`${isStatic ? 'static ' : ''}${name}`);
}

/**
 * Flattened classes whose base comes from a module in their own import cycle (graph/import-cycles.ts).
 * Here rather than in the rewrite: the report is made again on every watch rebuild, while the rewrite
 * of a class is kept until something it read changes, and the cycle may close through any module.
 */
function extendsInImportCycles(graph: ClassGraph, flattened: Set<ClassId>): Diagnostic[] {
  const out: Diagnostic[] = [];
  let cycles: ImportCycles | undefined;
  for (const id of flattened) {
    const cls = graph.classes.get(id)!;
    const parentId = graph.chains.get(id)![1];
    const parent = parentId === undefined ? undefined : graph.classes.get(parentId);
    if (!parent || parent.module === cls.module || !(cycles ??= importCycles(graph)).together(cls.module, parent.module)) continue;
    out.push(diag(cls.module, cls.info.line, cls.info.column, 'cycle', 'extends-in-import-cycle', 'info',
      `${cls.info.name} extends ${parent.info.name} of ${parent.module.relPath}, which imports ${cls.module.relPath} back (directly or not): where ${cls.module.relPath} is evaluated first, the original throws at \`extends\` (${parent.info.name} is not initialized yet), while the flattened ${cls.info.name} no longer reads it there and is defined.`,
      'Nothing to do if the program runs today; break the import cycle to be sure of the order.', [cls.info.name, parent.info.name]));
  }
  return out;
}

function diag(module: ModuleInfo, line: number, column: number, category: Diagnostic['category'], code: string, severity: Severity, message: string, hint: string, classes?: string[]): Diagnostic {
  const d: Diagnostic = { category, code, severity, file: module.relPath, line, column, message, hint };
  if (classes) d.classes = classes;
  return d;
}
