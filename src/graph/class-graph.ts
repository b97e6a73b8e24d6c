import * as t from '@babel/types';
import type { ResolveFn } from '../types.js';
import type { ClassInfo, ModuleInfo, NameRef } from '../scan/module-info.js';

/** A class of the project: `${relPath}#${index}`. */
export type ClassId = string;

export interface ClassNode {
  id: ClassId;
  module: ModuleInfo;
  info: ClassInfo;
  parent: ParentLink;
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
export type Resolved = { kind: 'class'; id: ClassId } | { kind: 'external'; name: string } | { kind: 'other' } | { kind: 'unresolved'; specifier: string };

export interface ClassGraph {
  modules: Map<string, ModuleInfo>;
  classes: Map<ClassId, ClassNode>;
  /** Project chain of each class, itself first, up to (excluding) an external/opaque/none root. */
  chains: Map<ClassId, ClassId[]>;
  /** Classes whose chain loops. */
  cyclic: Set<ClassId>;
  /** Direct subclasses. */
  children: Map<ClassId, ClassId[]>;
  resolveName(module: ModuleInfo, ref: NameRef): Resolved;
  resolveSpecifier(specifier: string, from: ModuleInfo): ModuleInfo | null;
  unresolvedImports: Array<{ module: ModuleInfo; specifier: string; node: t.Node }>;
}

export function classId(module: ModuleInfo, index: number): ClassId {
  return `${module.relPath}#${index}`;
}

export function buildClassGraph(modules: Map<string, ModuleInfo>, resolve: ResolveFn): ClassGraph {
  const specCache = new Map<string, ModuleInfo | null | undefined>();
  const resolveSpecifier = (specifier: string, from: ModuleInfo): ModuleInfo | null => {
    const key = `${from.absPath}\0${specifier}`;
    let hit = specCache.get(key);
    if (hit === undefined) {
      let target: string | null = null;
      try {
        target = resolve(specifier, from.absPath);
      } catch {
        target = null;
      }
      hit = typeof target === 'string' ? modules.get(target) ?? null : null;
      specCache.set(key, hit);
    }
    return hit;
  };

  const classes = new Map<ClassId, ClassNode>();
  for (const m of modules.values()) {
    for (const c of m.classes) classes.set(classId(m, c.index), { id: classId(m, c.index), module: m, info: c, parent: { kind: 'none' } });
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
      if (!resolveSpecifier(imp.specifier, m)) unresolvedImports.push({ module: m, specifier: imp.specifier, node: imp.node });
    }
  }

  for (const node of classes.values()) node.parent = parentLink(node, resolveName);

  const children = new Map<ClassId, ClassId[]>();
  for (const node of classes.values()) {
    if (node.parent.kind === 'class') {
      const list = children.get(node.parent.id) ?? [];
      list.push(node.id);
      children.set(node.parent.id, list);
    }
  }

  const { chains, cyclic } = computeChains(classes);
  return { modules, classes, chains, cyclic, children, resolveName, resolveSpecifier, unresolvedImports };
}

function isRelative(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..' || spec.startsWith('/');
}

function parentLink(node: ClassNode, resolveName: ClassGraph['resolveName']): ParentLink {
  const ref = node.info.superRef;
  const sc = node.info.node.superClass;
  if (ref.kind === 'none' || !sc) return { kind: 'none' };
  const text = node.module.code.slice(sc.start!, sc.end!);
  if (ref.kind === 'unknown') {
    // A plain name bound to some value (not a class we know) evaluates to the same value again: keep it as a root.
    return isPureReference(sc) ? { kind: 'external', name: text } : { kind: 'opaque', reason: ref.reason };
  }
  const r = resolveName(node.module, ref.kind === 'class' ? { kind: 'class', classIndex: ref.classIndex } : ref.kind === 'global' ? { kind: 'global', name: ref.name } : ref);
  if (r.kind === 'class') return { kind: 'class', id: r.id };
  if (r.kind === 'unresolved') return { kind: 'opaque', reason: `cannot resolve '${r.specifier}'` };
  return { kind: 'external', name: text };
}

function isPureReference(n: t.Node): boolean {
  if (t.isIdentifier(n)) return true;
  if (t.isMemberExpression(n) && !n.computed) return isPureReference(n.object);
  if (t.isTSAsExpression(n) || t.isTSNonNullExpression(n)) return isPureReference(n.expression);
  return false;
}

/** Chains by walking parent links; iterative, so 1,000-level hierarchies are fine, and cycles end. */
function computeChains(classes: Map<ClassId, ClassNode>): { chains: Map<ClassId, ClassId[]>; cyclic: Set<ClassId> } {
  const chains = new Map<ClassId, ClassId[]>();
  const cyclic = new Set<ClassId>();
  for (const start of classes.keys()) {
    if (chains.has(start) || cyclic.has(start)) continue;
    const path: ClassId[] = [];
    const onPath = new Set<ClassId>();
    let cur: ClassId | null = start;
    let tail: ClassId[] = [];
    let cycleAt: ClassId | null = null;
    while (cur !== null) {
      if (onPath.has(cur)) {
        cycleAt = cur;
        break;
      }
      const known = chains.get(cur);
      if (known) {
        tail = known;
        break;
      }
      if (cyclic.has(cur)) {
        cycleAt = cur;
        break;
      }
      path.push(cur);
      onPath.add(cur);
      const p: ParentLink = classes.get(cur)!.parent;
      cur = p.kind === 'class' ? p.id : null;
    }
    if (cycleAt !== null) {
      for (const id of path) cyclic.add(id);
      continue;
    }
    for (let i = path.length - 1; i >= 0; i--) {
      tail = [path[i], ...tail];
      chains.set(path[i], tail);
    }
  }
  return { chains, cyclic };
}
