import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ResolveFn } from '../types.js';
import { callUserResolve } from './user-resolve.js';
import type { ClassInfo, ExportEntry, ModuleInfo, NameRef } from '../scan/module-info.js';
import type { SuperSyntax } from '../scan/super-syntax.js';
import { patchIndex, type PatchSite } from './patches.js';
import { classId, type ClassId } from './class-id.js';
import { childPath } from '../scan/child-path.js';
import { asksIgnore } from '../scan/doc-options.js';

export { classId, type ClassId } from './class-id.js';

export interface ClassNode {
  id: ClassId;
  module: ModuleInfo;
  info: ClassInfo;
  parent: ParentLink;
  /** What the extends clause evaluates to, mixin applications included. */
  heritage: Heritage;
}

/**
 * What an `extends` expression leads to. A mixin application `M(X)` is one layer (the class M returns)
 * whose own base is whatever X leads to.
 */
export type Heritage =
  | { kind: 'none' }
  | { kind: 'class'; id: ClassId }
  | { kind: 'external'; name: string; path: NodePath; module: ModuleInfo }
  | { kind: 'opaque'; reason: string; path: NodePath; module: ModuleInfo }
  | { kind: 'mixin'; id: ClassId; call: NodePath<t.CallExpression>; module: ModuleInfo; inner: Heritage; args: Map<string, string | null> };

/** Where a chain ends: nothing, an external base (kept as `extends`), or an expression that stops flattening. */
export interface ChainRoot {
  heritage: Heritage;
  /** Index in the chain of the class whose extends clause holds the root expression. */
  holder: number;
}

/** Per chain position: literal arguments of a mixin application, by parameter name (null: not a literal). */
export type LayerArgs = Map<number, Map<string, string | null>>;

/** `applyMixins(Derived, [A, B])`: classes whose prototype members are copied onto Derived's, last wins. */
export interface AppliedMixins {
  bases: ClassId[];
  statement: t.ExpressionStatement;
  module: ModuleInfo;
  copiesConstructor: boolean;
}

/**
 * Where a class's `extends` leads:
 * - none: no extends clause;
 * - class: a project class (scanned);
 * - external: anything else whose value does not change when the expression is evaluated again
 *   (a global like Error, a package import, a module constant): the root of a flattened chain keeps it;
 * - opaque: an expression that cannot be evaluated again safely (a mixin call): the chain stops there.
 */
export type ParentLink =
  | { kind: 'none' }
  | { kind: 'class'; id: ClassId }
  | { kind: 'external'; name: string }
  | { kind: 'opaque'; reason: string };

/** What a name resolves to across modules. */
export type Resolved =
  | { kind: 'class'; id: ClassId }
  | { kind: 'factory'; id: ClassId }
  | { kind: 'copier'; copiesConstructor: boolean }
  | { kind: 'external'; name: string }
  | { kind: 'other' }
  /** What a same-file function returns (ModuleInfo.madeClasses): for reports only, never a superclass. */
  | { kind: 'made'; id: ClassId }
  | { kind: 'unresolved'; specifier: string };

export interface ClassGraph {
  modules: Map<string, ModuleInfo>;
  classes: Map<ClassId, ClassNode>;
  /** Project chain of each class, itself first, up to (excluding) an external/opaque/none root. */
  chains: Map<ClassId, ClassId[]>;
  /** Where each chain ends, and the mixin arguments along it. */
  roots: Map<ClassId, ChainRoot>;
  layerArgs: Map<ClassId, LayerArgs>;
  /** Classes whose prototype receives other classes' members through an applyMixins-style helper. */
  applied: Map<ClassId, AppliedMixins>;
  /** Classes whose chain loops. */
  cyclic: Set<ClassId>;
  /** Direct subclasses. */
  children: Map<ClassId, ClassId[]>;
  resolveName(module: ModuleInfo, ref: NameRef): Resolved;
  /**
   * For reports only: resolveName, and also `ns.X` where `ns` is a namespace object that reaches the
   * module through a named import (`import { z } from '..'`, of `import * as z from './x'; export { z }`),
   * and an export that is any module-level alias (`export const B = Base`, ModuleInfo.aliases).
   * Superclasses do not resolve through it: a class extending `z.X` stays as it was, and one extending
   * such a `B` is flattened only when `Base` is declared beside the alias.
   */
  resolveReported(module: ModuleInfo, ref: NameRef): Resolved;
  resolveSpecifier(specifier: string, from: ModuleInfo): ModuleInfo | null;
  /**
   * The first import written `./…` or `../…` in the project (modules in order, imports in source
   * order) that resolves to `target`: a specifier in the project's own style for reaching it.
   */
  firstRelativeImporter(target: ModuleInfo): { module: ModuleInfo; specifier: string } | null;
  /** `problem`: why the resolve() callback's answer could not be used (it threw, returned a number, ...). */
  unresolvedImports: Array<{ module: ModuleInfo; specifier: string; node: t.Node; problem?: string }>;
  /**
   * With `patches` asked (--keep-patched): every project class patched after definition → its patches
   * (graph/patches.ts). Empty otherwise.
   */
  patches: Map<ClassId, PatchSite[]>;
  /**
   * The classes a `@flatten-ignore` comment asks to leave as they were (ClassInfo.flattenDoc; the
   * config's `ignore: false` still wins, in the rewrite): the rewrite's staying descendants read it
   * without any subclass's syntax. A set, so
   * watch mode's units depend on it whole (it changes only where such a comment does).
   */
  ignoredByComment: Set<ClassId>;
}

export interface GraphOptions {
  /** Index the patches of project classes (graph.patches), for --keep-patched. */
  patches?: boolean;
}

export function buildClassGraph(modules: Map<string, ModuleInfo>, resolve: ResolveFn, graphOptions: GraphOptions = {}): ClassGraph {
  // Per importer, then per specifier: a key made by concatenation is hashed anew on every call, and
  // this is called for every import of every module and again by the rewrite (a watch rebuild's hot spot).
  const specCache = new Map<string, Map<string, ModuleInfo | null>>();
  const resolveProblems = new Map<string, string>();
  const resolveSpecifier = (specifier: string, from: ModuleInfo): ModuleInfo | null => {
    const importer = from.absPath;
    let perImporter = specCache.get(importer);
    if (perImporter === undefined) specCache.set(importer, (perImporter = new Map()));
    let hit = perImporter.get(specifier);
    if (hit === undefined) {
      // An API user's resolve() is called as it is given: guard it (it may throw, return nonsense or a Promise).
      const answer = callUserResolve(resolve, specifier, importer);
      if (answer.problem !== null) resolveProblems.set(`${importer}\0${specifier}`, answer.problem);
      hit = answer.path !== null ? modules.get(answer.path) ?? null : null;
      perImporter.set(specifier, hit);
    }
    return hit;
  };

  /** Which module-level aliases a resolution follows: none, those of reported uses (all), or a superclass's. */
  type Aliases = boolean | 'heritage';
  const classes = new Map<ClassId, ClassNode>();
  for (const m of modules.values()) {
    for (const c of m.classes) classes.set(classId(m, c.index), { id: classId(m, c.index), module: m, info: c, parent: { kind: 'none' }, heritage: { kind: 'none' } });
  }

  // `aliases`: a module-level `const X = Y` is Y (ModuleInfo.aliases). Reported uses follow every such
  // alias, so that `B.count = 1` through `export const B = Base` imported elsewhere names Base.
  // Superclasses ('heritage') follow only an alias of a class declared in the alias's own module
  // (`export const B = Base` beside `class Base`), imported elsewhere: a class extending it is flattened.
  // (A same-file alias is followed by the summary already.)

  /** Resolve an export of a module to a class, following re-exports; iterative depth guard against cycles. */
  const resolveExport = (m: ModuleInfo, name: string, seen: Set<string>, aliases: Aliases = false): Resolved => {
    const key = `${m.absPath}\0${name}`;
    if (seen.has(key)) return { kind: 'other' };
    seen.add(key);
    if (name === '*') return m.isModule ? { kind: 'other' } : cjsModuleValue(m, seen, aliases);
    if (name === 'default' && !m.isModule && !m.exports.has('default')) return cjsModuleValue(m, seen, aliases);
    const e = m.exports.get(name);
    // A CommonJS export written again, or through the exports object handed elsewhere: which value a
    // reader gets is only known when it runs (taken as external: a class extending it keeps its extends).
    if (!m.isModule && m.cjsUnsettled && (m.cjsUnsettled === 'all' || m.cjsUnsettled.has(name))) return { kind: 'other' };
    if (e) {
      if (e.kind === 'local') return resolveLocal(m, e.local, seen, aliases);
      if (e.kind === 'class') return anonymousExportClass(m, name === 'default' ? 'default' : name, e);
      const target = resolveSpecifier(e.specifier, m);
      return target ? resolveExport(target, e.imported, seen, aliases) : { kind: 'external', name: `${e.specifier}:${e.imported}` };
    }
    for (const spec of m.exportAll) {
      const target = resolveSpecifier(spec, m);
      if (!target) continue;
      const r = resolveExport(target, name, seen, aliases);
      if (r.kind !== 'other') return r;
    }
    return { kind: 'other' };
  };

  const cjsModuleValue = (m: ModuleInfo, seen: Set<string>, aliases: Aliases): Resolved => {
    const e = m.cjsModuleExports;
    if (!e || m.cjsUnsettled === 'all') return { kind: 'other' };
    if (e.kind === 'local') return resolveLocal(m, e.local, seen, aliases);
    if (e.kind === 'class') return anonymousExportClass(m, 'module.exports', e);
    return { kind: 'other' };
  };

  const anonymousExportClass = (m: ModuleInfo, how: string, e: Extract<ExportEntry, { kind: 'class' }>): Resolved => {
    for (const c of m.classes) {
      if (how === 'default' && c.holder === 'export-default') return { kind: 'class', id: classId(m, c.index) };
      // The class the assignment holds (`exports.B = class {}`), not the first class assigned anywhere.
      if (how !== 'default' && c.holder === 'assignment' && (e.line === undefined || (c.line === e.line && c.column === e.column))) return { kind: 'class', id: classId(m, c.index) };
    }
    return { kind: 'other' };
  };

  const resolveLocal = (m: ModuleInfo, local: string, seen: Set<string>, aliases: Aliases = false): Resolved => {
    const cls = m.classes.find((c) => c.moduleBinding === local);
    if (cls) return { kind: 'class', id: classId(m, cls.index) };
    const factory = m.factories.get(local);
    if (factory !== undefined) return { kind: 'factory', id: classId(m, factory) };
    const made = m.madeClasses.get(local);
    if (made !== undefined) return { kind: 'made', id: classId(m, made) };
    const copier = m.prototypeCopiers.get(local);
    if (copier) return { kind: 'copier', copiesConstructor: copier.copiesConstructor };
    const imp = m.imports.get(local);
    if (imp) return resolveImportBinding(m, imp.specifier, imp.imported, seen, aliases);
    const aliased = aliases ? m.aliases.get(local) : undefined;
    if (aliases === 'heritage') {
      // Only an alias of a class its own module declares: that module evaluates both, so where an
      // import cycle makes the order matter, the class's module is the one the cycle check looks at.
      const cls = aliased !== undefined && !aliased.includes('.') ? m.classes.find((c) => c.moduleBinding === aliased) : undefined;
      return cls ? { kind: 'class', id: classId(m, cls.index) } : { kind: 'other' };
    }
    if (aliased !== undefined && !seen.has(`${m.absPath}\0=${local}`)) {
      seen.add(`${m.absPath}\0=${local}`);
      const dot = aliased.indexOf('.');
      return dot < 0 ? resolveLocal(m, aliased, seen, aliases) : reportedMember(m, aliased.slice(0, dot), aliased.slice(dot + 1), seen);
    }
    return { kind: 'other' };
  };

  const resolveImportBinding = (m: ModuleInfo, specifier: string, imported: string, seen: Set<string>, aliases: Aliases = false): Resolved => {
    const target = resolveSpecifier(specifier, m);
    if (!target) {
      return isRelative(specifier) ? { kind: 'unresolved', specifier } : { kind: 'external', name: imported === '*' || imported === 'default' ? specifier : imported };
    }
    return resolveExport(target, imported, seen, aliases);
  };

  const resolveNameWith = (m: ModuleInfo, ref: NameRef, aliases: Aliases): Resolved => {
    switch (ref.kind) {
      case 'class':
        return { kind: 'class', id: classId(m, ref.classIndex) };
      case 'import': {
        const imp = m.imports.get(ref.local);
        if (imp) return resolveImportBinding(m, imp.specifier, imp.imported, new Set(), aliases);
        return resolveLocal(m, ref.local, new Set(), aliases);
      }
      case 'member': {
        const imp = m.imports.get(ref.object);
        if (!imp || imp.imported !== '*') return { kind: 'other' };
        const target = resolveSpecifier(imp.specifier, m);
        if (!target) return isRelative(imp.specifier) ? { kind: 'unresolved', specifier: imp.specifier } : { kind: 'external', name: ref.property };
        return resolveExport(target, ref.property, new Set(), aliases);
      }
      case 'global':
        return { kind: 'external', name: ref.name };
      default:
        return { kind: 'other' };
    }
  };
  const resolveName = (m: ModuleInfo, ref: NameRef): Resolved => resolveNameWith(m, ref, false);

  /** The module a namespace object bound to `local` in `m` stands for, following named imports and exports. */
  const namespaceOf = (m: ModuleInfo, local: string, seen: Set<string>): ModuleInfo | null => {
    const imp = m.imports.get(local);
    if (!imp || seen.has(`${m.absPath}\0${local}`)) return null;
    seen.add(`${m.absPath}\0${local}`);
    const target = resolveSpecifier(imp.specifier, m);
    if (!target || imp.imported === '*') return target;
    const e = target.exports.get(imp.imported);
    if (e?.kind === 'local') return namespaceOf(target, e.local, seen);
    if (e?.kind === 'reexport' && e.imported === '*') return resolveSpecifier(e.specifier, target);
    return null;
  };
  const resolveReported = (m: ModuleInfo, ref: NameRef): Resolved =>
    ref.kind === 'member' ? reportedMember(m, ref.object, ref.property, new Set()) : resolveNameWith(m, ref, true);
  /** `ns.X` for reports: through a namespace import, or a namespace a named import reaches. */
  const reportedMember = (m: ModuleInfo, object: string, property: string, seen: Set<string>): Resolved => {
    const imp = m.imports.get(object);
    if (!imp) return { kind: 'other' };
    if (imp.imported === '*') {
      const target = resolveSpecifier(imp.specifier, m);
      if (!target) return isRelative(imp.specifier) ? { kind: 'unresolved', specifier: imp.specifier } : { kind: 'external', name: property };
      return resolveExport(target, property, seen, true);
    }
    const ns = namespaceOf(m, object, new Set());
    return ns ? resolveExport(ns, property, seen, true) : { kind: 'other' };
  };

  const unresolvedImports: ClassGraph['unresolvedImports'] = [];
  for (const m of modules.values()) {
    for (const imp of m.imports.values()) {
      if (imp.typeOnly || !isRelative(imp.specifier)) continue;
      if (!resolveSpecifier(imp.specifier, m)) {
        // The statement as it is when read (a module's syntax is made again on first use: scan/detach.ts).
        unresolvedImports.push({ module: m, specifier: imp.specifier, get node() { return imp.node; }, problem: resolveProblems.get(`${m.absPath}\0${imp.specifier}`) });
      }
    }
  }

  for (const node of classes.values()) {
    node.heritage = heritageOf(node, (m, ref) => resolveNameWith(m, ref, 'heritage'), (id) => classes.get(id));
    node.parent = parentOf(node.heritage);
  }

  const children = new Map<ClassId, ClassId[]>();
  for (const node of classes.values()) {
    if (node.parent.kind === 'class') {
      const list = children.get(node.parent.id) ?? [];
      list.push(node.id);
      children.set(node.parent.id, list);
    }
  }

  const { chains, roots, layerArgs, cyclic } = computeChains(classes);
  const applied = new Map<ClassId, AppliedMixins>();
  for (const m of modules.values()) {
    for (const call of m.applyCalls) {
      const copier = m.imports.has(call.callee) ? resolveName(m, { kind: 'import', local: call.callee }) : resolveLocal(m, call.callee, new Set());
      if (copier.kind !== 'copier') continue;
      const derived = resolveLocal(m, call.derived, new Set());
      const bases = call.bases.map((b) => (m.imports.has(b) ? resolveName(m, { kind: 'import', local: b }) : resolveLocal(m, b, new Set())));
      if (derived.kind !== 'class' || bases.some((b) => b.kind !== 'class')) continue;
      // The statement as it is when read, like unresolvedImports' node.
      applied.set(derived.id, { bases: bases.map((b) => (b as { id: ClassId }).id), get statement() { return call.statement; }, module: m, copiesConstructor: copier.copiesConstructor });
    }
  }
  // Scanned once, only as far as the targets asked for need (a hygiene hot loop otherwise).
  const importers = new Map<ModuleInfo, { module: ModuleInfo; specifier: string }>();
  const scan = modules.values();
  const firstRelativeImporter = (target: ModuleInfo): { module: ModuleInfo; specifier: string } | null => {
    for (let next = importers.has(target) ? null : scan.next(); next && !next.done; next = importers.has(target) ? null : scan.next()) {
      const m = next.value;
      for (const imp of m.imports.values()) {
        if (!/^\.\.?(\/|$)/.test(imp.specifier)) continue;
        const reached = resolveSpecifier(imp.specifier, m);
        if (reached && !importers.has(reached)) importers.set(reached, { module: m, specifier: imp.specifier });
      }
    }
    return importers.get(target) ?? null;
  };

  const patches = graphOptions.patches ? patchIndex(modules.values(), classes, resolveReported) : new Map<ClassId, PatchSite[]>();
  const ignoredByComment = new Set<ClassId>();
  for (const m of modules.values()) for (const c of m.classes) if (asksIgnore(c.flattenDoc)) ignoredByComment.add(classId(m, c.index));
  return { modules, classes, chains, roots, layerArgs, applied, cyclic, children, resolveName, resolveReported, resolveSpecifier, firstRelativeImporter, unresolvedImports, patches, ignoredByComment };
}

function isRelative(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..' || spec.startsWith('/');
}

function parentOf(h: Heritage): ParentLink {
  switch (h.kind) {
    case 'none':
      return { kind: 'none' };
    case 'class':
    case 'mixin':
      return { kind: 'class', id: h.id };
    case 'external':
      return { kind: 'external', name: h.name };
    default:
      return { kind: 'opaque', reason: h.reason };
  }
}

function heritageOf(node: ClassNode, resolveName: ClassGraph['resolveName'], lookup: (id: ClassId) => ClassNode | undefined): Heritage {
  const syntax = node.info.superSyntax;
  if (!syntax) return { kind: 'none' };
  const at = new SyntaxRoute(node);
  // A mixin factory's own class extends its parameter: only its applications give it a base.
  if (node.info.factory) return at.withPath({ kind: 'opaque', reason: 'the class a mixin factory returns extends its parameter', module: node.module } as Heritage, 'path', []);
  return heritageOfExpression(node.module, syntax, at, resolveName, lookup);
}

/**
 * Where in a class's extends clause a heritage's expression is: the indexes of the base arguments
 * taken through mixin applications. Its NodePath is found on first read only, so that building the
 * graph does not need the module's tree (scan/detach.ts).
 */
class SyntaxRoute {
  constructor(private readonly node: ClassNode) {}

  withPath<H extends object>(heritage: H, key: 'path' | 'call', route: readonly number[]): H {
    const node = this.node;
    Object.defineProperty(heritage, key, {
      configurable: true,
      enumerable: true,
      // Not kept here: the rewrite lets trees go and makes them again (flatten/syntax-window.ts), and the
      // path must be of the class's current tree. Babel's path cache gives the same path for the same node.
      get() {
        let found = childPath<NodePath>(node.info.path, 'superClass');
        for (const i of route) found = (childPath<NodePath[]>(found, 'arguments'))[i];
        return found;
      },
    });
    return heritage;
  }
}

/** Resolve an extends expression; iterative over nested mixin applications so deep nesting cannot overflow. */
function heritageOfExpression(module: ModuleInfo, start: SuperSyntax, at: SyntaxRoute, resolveName: ClassGraph['resolveName'], lookup: (id: ClassId) => ClassNode | undefined): Heritage {
  const pending: Array<Extract<Heritage, { kind: 'mixin' }>> = [];
  const route: number[] = [];
  let syntax = start;
  let result: Heritage;
  for (;;) {
    if (syntax.kind === 'call') {
      const app = mixinApplication(module, syntax, resolveName, lookup);
      if (typeof app === 'string') {
        result = at.withPath({ kind: 'opaque', reason: app, module } as Heritage, 'path', [...route]);
        break;
      }
      pending.push(at.withPath({ kind: 'mixin', id: app.id, module, inner: { kind: 'none' }, args: app.args } as Extract<Heritage, { kind: 'mixin' }>, 'call', [...route]));
      route.push(app.baseIndex);
      syntax = app.base;
      continue;
    }
    const { ref, text } = syntax;
    const here = [...route];
    if (ref.kind === 'unknown') {
      result = at.withPath(syntax.pure ? { kind: 'external', name: text, module } as Heritage : { kind: 'opaque', reason: 'superclass is not a statically known class', module } as Heritage, 'path', here);
      break;
    }
    const r = resolveName(module, ref);
    if (r.kind === 'class') result = { kind: 'class', id: r.id };
    else if (r.kind === 'unresolved') result = at.withPath({ kind: 'opaque', reason: `cannot resolve '${r.specifier}'`, module } as Heritage, 'path', here);
    else result = at.withPath({ kind: 'external', name: text, module } as Heritage, 'path', here);
    break;
  }
  for (let i = pending.length - 1; i >= 0; i--) {
    pending[i].inner = result;
    result = pending[i];
  }
  return result;
}

/** `M(Base, 'x')` where M is a known mixin factory: its class, the base argument and literal arguments. */
function mixinApplication(
  module: ModuleInfo,
  call: Extract<SuperSyntax, { kind: 'call' }>,
  resolveName: ClassGraph['resolveName'],
  lookup: (id: ClassId) => ClassNode | undefined,
): { id: ClassId; base: SuperSyntax; baseIndex: number; args: Map<string, string | null> } | string {
  const callee = call.callee;
  let resolved: Resolved = { kind: 'other' };
  if (callee.kind === 'inner') {
    if (callee.factoryClass !== null) resolved = { kind: 'factory', id: classId(module, callee.factoryClass) };
  } else if (callee.kind === 'module') {
    resolved = module.imports.has(callee.name) ? resolveName(module, { kind: 'import', local: callee.name }) : factoryByName(module, callee.name);
  } else if (callee.kind === 'member') {
    resolved = resolveName(module, { kind: 'member', object: callee.object, property: callee.property });
  }
  if (resolved.kind !== 'factory') return 'superclass is computed by a call that is not a known mixin factory';
  const factory = lookup(resolved.id)?.info.factory;
  if (!factory) return 'superclass is computed by a call that is not a known mixin factory';
  if (call.spread) return 'the mixin is applied with spread arguments';
  const base = call.args[factory.baseParam]?.syntax;
  if (!base) return 'the mixin is applied without a base class';
  const args = new Map<string, string | null>();
  factory.params.forEach((name, i) => {
    if (i === factory.baseParam || !name) return;
    const given = call.args[i];
    const fallback = factory.defaults[i];
    args.set(name, given ? given.literal : fallback ? fallback.literal : 'undefined');
  });
  return { id: resolved.id, base, baseIndex: factory.baseParam, args };
}

function factoryByName(module: ModuleInfo, name: string): Resolved {
  const index = module.factories.get(name);
  return index === undefined ? { kind: 'other' } : { kind: 'factory', id: classId(module, index) };
}

/**
 * Chains by walking heritage, through mixin applications; iterative, so 1,000-level hierarchies are
 * fine, and a class met twice on one walk is a cycle.
 */
function computeChains(classes: Map<ClassId, ClassNode>): { chains: Map<ClassId, ClassId[]>; roots: Map<ClassId, ChainRoot>; layerArgs: Map<ClassId, LayerArgs>; cyclic: Set<ClassId> } {
  const chains = new Map<ClassId, ClassId[]>();
  const roots = new Map<ClassId, ChainRoot>();
  const layerArgs = new Map<ClassId, LayerArgs>();
  const cyclic = new Set<ClassId>();
  for (const start of classes.keys()) {
    const list: ClassId[] = [start];
    const seen = new Set<ClassId>([start]);
    const args: LayerArgs = new Map();
    let holder = 0;
    let h = classes.get(start)!.heritage;
    let cycle = false;
    for (;;) {
      if (h.kind === 'class') {
        if (seen.has(h.id)) {
          cycle = true;
          break;
        }
        seen.add(h.id);
        list.push(h.id);
        holder = list.length - 1;
        h = classes.get(h.id)!.heritage;
        continue;
      }
      if (h.kind === 'mixin') {
        list.push(h.id);
        args.set(list.length - 1, h.args);
        h = h.inner;
        continue;
      }
      break;
    }
    if (cycle) {
      cyclic.add(start);
      continue;
    }
    chains.set(start, list);
    roots.set(start, { heritage: h, holder });
    if (args.size) layerArgs.set(start, args);
  }
  return { chains, roots, layerArgs, cyclic };
}
