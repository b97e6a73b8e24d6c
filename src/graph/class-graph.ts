import type { NodePath } from '@babel/traverse';
import * as t from '@babel/types';
import type { ResolveFn } from '../types.js';
import { callUserResolve } from './user-resolve.js';
import type { ClassInfo, ModuleInfo, NameRef } from '../scan/module-info.js';
import { nameRefOf } from '../scan/summarize.js';

/** A class of the project: `${relPath}#${index}`. */
export type ClassId = string;

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
  resolveSpecifier(specifier: string, from: ModuleInfo): ModuleInfo | null;
  /**
   * The first import written `./…` or `../…` in the project (modules in order, imports in source
   * order) that resolves to `target`: a specifier in the project's own style for reaching it.
   */
  firstRelativeImporter(target: ModuleInfo): { module: ModuleInfo; specifier: string } | null;
  /** `problem`: why the resolve() callback's answer could not be used (it threw, returned a number, ...). */
  unresolvedImports: Array<{ module: ModuleInfo; specifier: string; node: t.Node; problem?: string }>;
}

export function classId(module: ModuleInfo, index: number): ClassId {
  return `${module.relPath}#${index}`;
}

export function buildClassGraph(modules: Map<string, ModuleInfo>, resolve: ResolveFn): ClassGraph {
  const specCache = new Map<string, ModuleInfo | null | undefined>();
  const resolveProblems = new Map<string, string>();
  const resolveSpecifier = (specifier: string, from: ModuleInfo): ModuleInfo | null => {
    const key = `${from.absPath}\0${specifier}`;
    let hit = specCache.get(key);
    if (hit === undefined) {
      // An API user's resolve() is called as it is given: guard it (it may throw, return nonsense or a Promise).
      const answer = callUserResolve(resolve, specifier, from.absPath);
      if (answer.problem !== null) resolveProblems.set(key, answer.problem);
      hit = answer.path !== null ? modules.get(answer.path) ?? null : null;
      specCache.set(key, hit);
    }
    return hit;
  };

  const classes = new Map<ClassId, ClassNode>();
  for (const m of modules.values()) {
    for (const c of m.classes) classes.set(classId(m, c.index), { id: classId(m, c.index), module: m, info: c, parent: { kind: 'none' }, heritage: { kind: 'none' } });
  }

  /** Resolve an export of a module to a class, following re-exports; iterative depth guard against cycles. */
  const resolveExport = (m: ModuleInfo, name: string, seen: Set<string>): Resolved => {
    const key = `${m.absPath}\0${name}`;
    if (seen.has(key)) return { kind: 'other' };
    seen.add(key);
    if (name === '*') return m.isModule ? { kind: 'other' } : cjsModuleValue(m, seen);
    if (name === 'default' && !m.isModule && !m.exports.has('default')) return cjsModuleValue(m, seen);
    const e = m.exports.get(name);
    if (e) {
      if (e.kind === 'local') return resolveLocal(m, e.local, seen);
      if (e.kind === 'class') return anonymousExportClass(m, name === 'default' ? 'default' : name);
      const target = resolveSpecifier(e.specifier, m);
      return target ? resolveExport(target, e.imported, seen) : { kind: 'external', name: `${e.specifier}:${e.imported}` };
    }
    for (const spec of m.exportAll) {
      const target = resolveSpecifier(spec, m);
      if (!target) continue;
      const r = resolveExport(target, name, seen);
      if (r.kind !== 'other') return r;
    }
    return { kind: 'other' };
  };

  const cjsModuleValue = (m: ModuleInfo, seen: Set<string>): Resolved => {
    const e = m.cjsModuleExports;
    if (!e) return { kind: 'other' };
    if (e.kind === 'local') return resolveLocal(m, e.local, seen);
    if (e.kind === 'class') return anonymousExportClass(m, 'module.exports');
    return { kind: 'other' };
  };

  const anonymousExportClass = (m: ModuleInfo, how: string): Resolved => {
    for (const c of m.classes) {
      const parent = c.path.parent;
      if (how === 'default' && t.isExportDefaultDeclaration(parent)) return { kind: 'class', id: classId(m, c.index) };
      if (how !== 'default' && t.isAssignmentExpression(parent)) return { kind: 'class', id: classId(m, c.index) };
    }
    return { kind: 'other' };
  };

  const resolveLocal = (m: ModuleInfo, local: string, seen: Set<string>): Resolved => {
    const cls = m.classes.find((c) => c.moduleBinding === local);
    if (cls) return { kind: 'class', id: classId(m, cls.index) };
    const factory = m.factories.get(local);
    if (factory !== undefined) return { kind: 'factory', id: classId(m, factory) };
    const made = m.madeClasses.get(local);
    if (made !== undefined) return { kind: 'made', id: classId(m, made) };
    const copier = m.prototypeCopiers.get(local);
    if (copier) return { kind: 'copier', copiesConstructor: copier.copiesConstructor };
    const imp = m.imports.get(local);
    if (imp) return resolveImportBinding(m, imp.specifier, imp.imported, seen);
    return { kind: 'other' };
  };

  const resolveImportBinding = (m: ModuleInfo, specifier: string, imported: string, seen: Set<string>): Resolved => {
    const target = resolveSpecifier(specifier, m);
    if (!target) {
      return isRelative(specifier) ? { kind: 'unresolved', specifier } : { kind: 'external', name: imported === '*' || imported === 'default' ? specifier : imported };
    }
    return resolveExport(target, imported, seen);
  };

  const resolveName = (m: ModuleInfo, ref: NameRef): Resolved => {
    switch (ref.kind) {
      case 'class':
        return { kind: 'class', id: classId(m, ref.classIndex) };
      case 'import': {
        const imp = m.imports.get(ref.local);
        if (imp) return resolveImportBinding(m, imp.specifier, imp.imported, new Set());
        return resolveLocal(m, ref.local, new Set());
      }
      case 'member': {
        const imp = m.imports.get(ref.object);
        if (!imp || imp.imported !== '*') return { kind: 'other' };
        const target = resolveSpecifier(imp.specifier, m);
        if (!target) return isRelative(imp.specifier) ? { kind: 'unresolved', specifier: imp.specifier } : { kind: 'external', name: ref.property };
        return resolveExport(target, ref.property, new Set());
      }
      case 'global':
        return { kind: 'external', name: ref.name };
      default:
        return { kind: 'other' };
    }
  };

  const unresolvedImports: ClassGraph['unresolvedImports'] = [];
  for (const m of modules.values()) {
    for (const imp of m.imports.values()) {
      if (imp.typeOnly || !isRelative(imp.specifier)) continue;
      if (!resolveSpecifier(imp.specifier, m)) {
        unresolvedImports.push({ module: m, specifier: imp.specifier, node: imp.node, problem: resolveProblems.get(`${m.absPath}\0${imp.specifier}`) });
      }
    }
  }

  for (const node of classes.values()) {
    node.heritage = heritageOf(node, resolveName, (id) => classes.get(id));
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
      applied.set(derived.id, { bases: bases.map((b) => (b as { id: ClassId }).id), statement: call.statement, module: m, copiesConstructor: copier.copiesConstructor });
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

  return { modules, classes, chains, roots, layerArgs, applied, cyclic, children, resolveName, resolveSpecifier, firstRelativeImporter, unresolvedImports };
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

const classIndexMaps = new WeakMap<ModuleInfo, Map<t.Node, number>>();

/** Class node → index, built once per module (a file with 5,000 classes asks 5,000 times). */
function classIndexMap(module: ModuleInfo): Map<t.Node, number> {
  let map = classIndexMaps.get(module);
  if (!map) {
    map = new Map(module.classes.map((c) => [c.node as t.Node, c.index]));
    classIndexMaps.set(module, map);
  }
  return map;
}

function heritageOf(node: ClassNode, resolveName: ClassGraph['resolveName'], lookup: (id: ClassId) => ClassNode | undefined): Heritage {
  if (!node.info.node.superClass) return { kind: 'none' };
  // A mixin factory's own class extends its parameter: only its applications give it a base.
  if (node.info.factory) return { kind: 'opaque', reason: 'the class a mixin factory returns extends its parameter', path: node.info.path.get('superClass') as NodePath, module: node.module };
  return heritageOfExpression(node.module, node.info.path.get('superClass') as NodePath, resolveName, lookup);
}

/** Resolve an extends expression; iterative over nested mixin applications so deep nesting cannot overflow. */
function heritageOfExpression(module: ModuleInfo, start: NodePath, resolveName: ClassGraph['resolveName'], lookup: (id: ClassId) => ClassNode | undefined): Heritage {
  const pending: Array<Extract<Heritage, { kind: 'mixin' }>> = [];
  let path = start;
  let result: Heritage;
  for (;;) {
    const node = path.node;
    const text = module.code.slice(node.start!, node.end!);
    if (t.isCallExpression(node)) {
      const app = mixinApplication(module, path as NodePath<t.CallExpression>, resolveName, lookup);
      if (typeof app === 'string') {
        result = { kind: 'opaque', reason: app, path, module };
        break;
      }
      pending.push({ kind: 'mixin', id: app.id, call: path as NodePath<t.CallExpression>, module, inner: { kind: 'none' }, args: app.args });
      path = app.base;
      continue;
    }
    const ref = nameRefOf(path, classIndexMap(module), module);
    if (ref.kind === 'unknown') {
      result = isPureReference(node) ? { kind: 'external', name: text, path, module } : { kind: 'opaque', reason: 'superclass is not a statically known class', path, module };
      break;
    }
    const r = resolveName(module, ref);
    if (r.kind === 'class') result = { kind: 'class', id: r.id };
    else if (r.kind === 'unresolved') result = { kind: 'opaque', reason: `cannot resolve '${r.specifier}'`, path, module };
    else result = { kind: 'external', name: text, path, module };
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
  call: NodePath<t.CallExpression>,
  resolveName: ClassGraph['resolveName'],
  lookup: (id: ClassId) => ClassNode | undefined,
): { id: ClassId; base: NodePath; args: Map<string, string | null> } | string {
  const callee = call.get('callee') as NodePath;
  let resolved: Resolved = { kind: 'other' };
  if (callee.isIdentifier()) {
    const binding = callee.scope.getBinding(callee.node.name);
    if (binding && !binding.scope.path.isProgram()) {
      const fnNode = t.isVariableDeclarator(binding.path.node) ? binding.path.node.init : binding.path.node;
      const local = module.classes.find((c) => c.factory && c.factory.fn === fnNode);
      if (local) resolved = { kind: 'factory', id: classId(module, local.index) };
    } else if (binding) {
      resolved = module.imports.has(callee.node.name) ? resolveName(module, { kind: 'import', local: callee.node.name }) : factoryByName(module, callee.node.name);
    }
  } else if (callee.isMemberExpression() && !callee.node.computed && t.isIdentifier(callee.node.object) && t.isIdentifier(callee.node.property)) {
    resolved = resolveName(module, { kind: 'member', object: callee.node.object.name, property: callee.node.property.name });
  }
  if (resolved.kind !== 'factory') return 'superclass is computed by a call that is not a known mixin factory';
  const factory = lookup(resolved.id)?.info.factory;
  if (!factory) return 'superclass is computed by a call that is not a known mixin factory';
  const argPaths = call.get('arguments') as NodePath[];
  const resolvedId = resolved.id;
  if (argPaths.some((a) => a.isSpreadElement())) return 'the mixin is applied with spread arguments';
  const base = argPaths[factory.baseParam];
  if (!base) return 'the mixin is applied without a base class';
  const args = new Map<string, string | null>();
  factory.params.forEach((name, i) => {
    if (i === factory.baseParam || !name) return;
    const given = argPaths[i]?.node;
    const param = factory.fn.params[i];
    const fallback = t.isAssignmentPattern(param) ? param.right : null;
    args.set(name, given ? literalText(module.code, given) : fallback ? literalText(factoryCode(lookup, resolvedId), fallback) : 'undefined');
  });
  return { id: resolved.id, base, args };
}

function factoryCode(lookup: (id: ClassId) => ClassNode | undefined, id: ClassId): string {
  return lookup(id)?.module.code ?? '';
}

function factoryByName(module: ModuleInfo, name: string): Resolved {
  const index = module.factories.get(name);
  return index === undefined ? { kind: 'other' } : { kind: 'factory', id: classId(module, index) };
}

/** Source text of a primitive literal argument (its value is the same wherever it is written), else null. */
function literalText(code: string, n: t.Node): string | null {
  if (t.isStringLiteral(n) || t.isNumericLiteral(n) || t.isBooleanLiteral(n) || t.isNullLiteral(n) || t.isBigIntLiteral(n)) return code.slice(n.start!, n.end!);
  if (t.isTemplateLiteral(n) && n.expressions.length === 0) return code.slice(n.start!, n.end!);
  if (t.isUnaryExpression(n) && n.operator === '-' && t.isNumericLiteral(n.argument)) return code.slice(n.start!, n.end!);
  return null;
}

function isPureReference(n: t.Node): boolean {
  if (t.isIdentifier(n)) return true;
  if (t.isMemberExpression(n) && !n.computed) return isPureReference(n.object);
  if (t.isTSAsExpression(n) || t.isTSNonNullExpression(n)) return isPureReference(n.expression);
  return false;
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
