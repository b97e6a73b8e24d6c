// What `explain` and `graph` look at: one run of the flatten() pipeline (a FlattenSession), keeping
// the class graph, the set of flattened classes and every diagnostic. Nothing is written.
import path from 'node:path';
import { t } from '../babel.cjs';
import { buildClassGraph, type ClassGraph, type ClassId, type ClassNode } from '../graph/class-graph.js';
import type { ModuleInfo } from '../scan/module-info.js';
import { endOf, startOf } from '../scan/positions.js';
import { FlattenSession } from '../session.js';
import type { Diagnostic, FlattenOptions } from '../types.js';

export interface Inspection {
  cwd: string;
  graph: ClassGraph;
  /** Classes the rewrite flattened. */
  flattened: ReadonlySet<ClassId>;
  /** Everything flatten() would report (discovery, parse, rewrite, uses). */
  diagnostics: Diagnostic[];
}

/** Discover, parse, summarize, build the class graph and rewrite in memory, as flatten() does; nothing is written. */
export async function inspectProject(options: FlattenOptions = {}): Promise<Inspection> {
  // Non-source files and maps are not looked at.
  const session = new FlattenSession({ ...options, copyFiles: false, sourceMaps: false });
  const { result } = session.run();
  // A fatal discovery problem (a missing path) leaves no graph: an empty one, and the diagnostics say why.
  const graph = session.graph ?? buildClassGraph(new Map(), () => null);
  return { cwd: session.cwd, graph, flattened: session.flattened, diagnostics: result.diagnostics };
}

// ---------------------------------------------------------------------------------------------------
// Finding a class by name.

export type ClassLookup =
  | { kind: 'found'; node: ClassNode }
  | { kind: 'ambiguous'; candidates: ClassNode[] }
  | { kind: 'not-found'; similar: ClassNode[] };

/** `file:Class` or `Class`; the file is relative to the cwd (or absolute), `/` or native separators. */
export function findClass(inspection: Inspection, query: string): ClassLookup {
  // The last colon separates the file (which may hold a Windows drive letter) from the class name.
  const colon = query.lastIndexOf(':');
  const hasFile = colon > 0;
  const name = hasFile ? query.slice(colon + 1) : query;
  const file = hasFile ? query.slice(0, colon) : undefined;
  const all = [...inspection.graph.classes.values()];
  let matches = all.filter((c) => c.info.name === name);
  if (file !== undefined) {
    const abs = path.resolve(inspection.cwd, file);
    matches = matches.filter((c) => c.module.absPath === abs || c.module.relPath === file.split(path.sep).join('/'));
  }
  const sorted = sortNodes(matches);
  if (sorted.length === 1) return { kind: 'found', node: sorted[0]! };
  if (sorted.length > 1) return { kind: 'ambiguous', candidates: sorted };
  const lower = name.toLowerCase();
  return { kind: 'not-found', similar: sortNodes(all.filter((c) => c.info.name.toLowerCase() === lower || c.info.name.toLowerCase().includes(lower))).slice(0, 10) };
}

function sortNodes(nodes: ClassNode[]): ClassNode[] {
  return [...nodes].sort((a, b) => (a.module.relPath < b.module.relPath ? -1 : a.module.relPath > b.module.relPath ? 1 : a.info.line - b.info.line));
}

/** `src/a.ts:Foo`, the unambiguous way to name a class. */
export function qualifiedName(node: ClassNode): string {
  return `${node.module.relPath}:${node.info.name}`;
}

// ---------------------------------------------------------------------------------------------------
// explain: the flattened layout of one class.

export interface ClassRef {
  name: string;
  file: string;
  line: number;
}

export type MroEntry =
  | ({ kind: 'class' } & ClassRef)
  | { kind: 'external'; name: string }
  | { kind: 'opaque'; name: string; reason: string };

export interface MemberLayout {
  /** `name`, `#name` (private) or `[expr]` (computed key). */
  name: string;
  /** method, get, set, get/set, accessor (auto-accessor) or field (static fields only). */
  kind: 'method' | 'get' | 'set' | 'get/set' | 'accessor' | 'field';
  /** The class whose definition is the one in effect. */
  from: string;
  fromFile: string;
  line: number;
  /** Definitions of the same key it hides, nearest ancestor first (`Class.name`). */
  overrides: string[];
}

export interface FieldLayout {
  name: string;
  /** The class that defines the field. */
  from: string;
  fromFile: string;
  line: number;
  /**
   * field; parameter-property (TypeScript `constructor(private x: T)`); accessor (auto-accessor storage);
   * assigned (a `this.x = …` statement of the constructor body that creates a property no earlier step defined).
   */
  kind: 'field' | 'parameter-property' | 'accessor' | 'assigned';
  /** The declared TypeScript type, as written, or null. */
  type: string | null;
  /** The initializer as written (shortened), or null. */
  initializer: string | null;
  /** An earlier field of an ancestor with the same name that this one defines again, or null. */
  redefines: string | null;
}

export interface ClassLayout {
  class: ClassRef & { column: number };
  /** Whether the rewrite flattened the class (it no longer extends a project class). */
  flattened: boolean;
  /** What the flattened class extends: an external base, or null for none. Unchanged classes: their own extends. */
  extendsAfter: string | null;
  mro: MroEntry[];
  prototypeMembers: MemberLayout[];
  staticMembers: MemberLayout[];
  /** Instance fields in initialization order: the storage layout. */
  fields: FieldLayout[];
  /** Instance fields may also come from this external base, which the tool cannot see. */
  externalFieldsFrom: string | null;
  diagnostics: Diagnostic[];
}

interface RawMember {
  key: string;
  /** Private names are per class: never override each other. */
  overridable: boolean;
  kind: 'method' | 'get' | 'set' | 'accessor' | 'field';
  isStatic: boolean;
  line: number;
}

function textOf(module: ModuleInfo, node: t.Node): string {
  return module.code.slice(node.start!, node.end!);
}

function shorten(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function keyText(module: ModuleInfo, key: t.Node, computed: boolean): string {
  if (t.isPrivateName(key)) return `#${key.id.name}`;
  if (!computed && t.isIdentifier(key)) return key.name;
  if (t.isStringLiteral(key)) return key.value;
  if (t.isNumericLiteral(key)) return String(key.value);
  return `[${textOf(module, key)}]`;
}

function typeText(module: ModuleInfo, annotation: t.Node | null | undefined): string | null {
  if (!annotation || !t.isTSTypeAnnotation(annotation)) return null;
  return shorten(textOf(module, annotation.typeAnnotation), 80);
}

function membersOf(node: ClassNode): { members: RawMember[]; fields: Omit<FieldLayout, 'redefines'>[] } {
  const module = node.module;
  const members: RawMember[] = [];
  const fields: Omit<FieldLayout, 'redefines'>[] = [];
  const paramProps: Omit<FieldLayout, 'redefines'>[] = [];
  const assigned: Omit<FieldLayout, 'redefines'>[] = [];
  const ref = { from: node.info.name, fromFile: module.relPath };
  for (const el of node.info.node.body.body) {
    const line = lineIn(module, el, node.info.line);
    if (t.isClassMethod(el) && el.kind === 'constructor') {
      for (const p of el.params) {
        if (!t.isTSParameterProperty(p)) continue;
        const inner = t.isAssignmentPattern(p.parameter) ? p.parameter.left : p.parameter;
        if (!t.isIdentifier(inner)) continue;
        paramProps.push({ name: inner.name, ...ref, line: lineIn(module, p, line), kind: 'parameter-property', type: typeText(module, inner.typeAnnotation), initializer: null });
      }
      // `this.x = …` statements directly in the constructor body, in order.
      for (const st of el.body.body) {
        if (!t.isExpressionStatement(st) || !t.isAssignmentExpression(st.expression) || st.expression.operator !== '=') continue;
        const left = st.expression.left;
        if (!t.isMemberExpression(left) || !t.isThisExpression(left.object)) continue;
        if (left.computed && !t.isStringLiteral(left.property)) continue;
        const name = t.isPrivateName(left.property) ? null : t.isIdentifier(left.property) ? left.property.name : t.isStringLiteral(left.property) ? left.property.value : null;
        if (name === null || assigned.some((a) => a.name === name)) continue;
        assigned.push({ name, ...ref, line: lineIn(module, st, line), kind: 'assigned', type: null, initializer: shorten(textOf(module, st.expression.right)) });
      }
      continue;
    }
    if (t.isClassMethod(el) || t.isClassPrivateMethod(el)) {
      if ((el as { abstract?: boolean }).abstract) continue;
      const kind = el.kind === 'get' ? 'get' : el.kind === 'set' ? 'set' : 'method';
      members.push({ key: keyText(module, el.key, t.isClassMethod(el) ? el.computed : false), overridable: !t.isClassPrivateMethod(el), kind, isStatic: !!el.static, line });
      continue;
    }
    if (t.isClassProperty(el) || t.isClassPrivateProperty(el)) {
      const typeOnly = !!(el as t.ClassProperty).declare || !!(el as { abstract?: boolean }).abstract;
      if (typeOnly) continue;
      const key = keyText(module, el.key, t.isClassProperty(el) ? el.computed : false);
      if (el.static) {
        members.push({ key, overridable: !t.isClassPrivateProperty(el), kind: 'field', isStatic: true, line });
      } else {
        fields.push({ name: key, ...ref, line, kind: 'field', type: typeText(module, el.typeAnnotation as t.Node | null), initializer: el.value ? shorten(textOf(module, el.value)) : null });
      }
      continue;
    }
    if (t.isClassAccessorProperty(el)) {
      const key = keyText(module, el.key, el.computed);
      members.push({ key, overridable: !t.isPrivateName(el.key), kind: 'accessor', isStatic: !!el.static, line });
      if (!el.static) {
        fields.push({ name: key, ...ref, line, kind: 'accessor', type: typeText(module, el.typeAnnotation as t.Node | null), initializer: el.value ? shorten(textOf(module, el.value)) : null });
      }
    }
  }
  // Fields are defined where super() returns, then TypeScript assigns parameter properties, then the body runs.
  return { members, fields: [...fields, ...paramProps, ...assigned] };
}

type ChainEnd = { kind: 'none' } | { kind: 'external'; name: string } | { kind: 'opaque'; reason: string };

/** Where the chain of `node` ends: the graph's recorded root when it keeps one (mixin layers), else the last class's parent. */
function chainEnd(graph: ClassGraph, node: ClassNode, last: ClassNode): ChainEnd {
  const roots = (graph as { roots?: Map<ClassId, { heritage: { kind: string; name?: string; reason?: string } }> }).roots;
  const h = roots?.get(node.id)?.heritage;
  const link: { kind: string; name?: string; reason?: string } = h ?? last.parent;
  if (link.kind === 'external') return { kind: 'external', name: link.name ?? '?' };
  if (link.kind === 'opaque') return { kind: 'opaque', reason: link.reason ?? 'computed' };
  return { kind: 'none' };
}

/** The flattened layout of `node`: MRO, effective members with their origin, fields in initialization order. */
export function explainClass(inspection: Inspection, node: ClassNode): ClassLayout {
  const { graph } = inspection;
  const chainIds = graph.cyclic.has(node.id) ? [node.id] : (graph.chains.get(node.id) ?? [node.id]);
  const chain = chainIds.map((id) => graph.classes.get(id)!);
  const root = chain[chain.length - 1]!;
  const mro: MroEntry[] = chain.map((c) => ({ kind: 'class', name: c.info.name, file: c.module.relPath, line: c.info.line }));
  let externalBase: string | null = null;
  const end = chainEnd(graph, node, root);
  if (end.kind === 'external') {
    externalBase = end.name;
    mro.push({ kind: 'external', name: end.name });
  } else if (end.kind === 'opaque') {
    const sc = root.info.node.superClass;
    mro.push({ kind: 'opaque', name: sc ? shorten(textOf(root.module, sc)) : '?', reason: end.reason });
  } else if (root.parent.kind === 'class') {
    // A cycle: the chain stops where it loops.
    const p = graph.classes.get(root.parent.id)!;
    mro.push({ kind: 'opaque', name: p.info.name, reason: 'inheritance cycle' });
  }

  // Members, root first, so a later (more derived) definition of a key replaces the earlier one.
  const proto = new Map<string, MemberLayout>();
  const statics = new Map<string, MemberLayout>();
  const fields: FieldLayout[] = [];
  const fieldOwner = new Map<string, string>();
  for (const layer of [...chain].reverse()) {
    const { members, fields: own } = membersOf(layer);
    const seenHere = new Map<string, MemberLayout>();
    for (const m of members) {
      const table = m.isStatic ? statics : proto;
      const id = m.overridable ? m.key : `${m.key}\0${layer.id}`;
      const here = seenHere.get(`${m.isStatic}\0${id}`);
      if (here && ((here.kind === 'get' && m.kind === 'set') || (here.kind === 'set' && m.kind === 'get'))) {
        here.kind = 'get/set';
        continue;
      }
      const previous = table.get(id);
      const overrides = previous ? [`${previous.from}.${previous.name}`, ...previous.overrides] : [];
      // A second definition of the same key in one class replaces the first (the later one wins).
      const entry: MemberLayout = { name: m.key, kind: m.kind, from: layer.info.name, fromFile: layer.module.relPath, line: m.line, overrides: here ? here.overrides : overrides };
      table.set(id, entry);
      seenHere.set(`${m.isStatic}\0${id}`, entry);
    }
    for (const f of own) {
      const slot = f.name.startsWith('#') ? `${f.name}\0${layer.id}` : f.name;
      const earlier = fieldOwner.get(slot);
      // An assignment to a property an earlier step defined only writes it: no new storage.
      if (f.kind === 'assigned' && earlier !== undefined) continue;
      fields.push({ ...f, redefines: earlier ?? null });
      fieldOwner.set(slot, `${f.from}.${f.name}`);
    }
  }

  const flattened = inspection.flattened.has(node.id);
  let extendsAfter: string | null;
  if (flattened) extendsAfter = externalBase;
  else {
    const sc = node.info.node.superClass;
    extendsAfter = sc ? shorten(textOf(node.module, sc)) : null;
  }
  return {
    class: { name: node.info.name, file: node.module.relPath, line: node.info.line, column: node.info.column },
    flattened,
    extendsAfter,
    mro,
    // Insertion order: the root's members first, then each layer's new keys.
    prototypeMembers: [...proto.values()],
    staticMembers: [...statics.values()],
    fields,
    externalFieldsFrom: externalBase,
    diagnostics: diagnosticsAbout(inspection, node),
  };
}

/** The line `node` starts on in its module, or `fallback` for a node without a position. */
function lineIn(module: ModuleInfo, node: t.Node | null | undefined, fallback: number): number {
  return node?.start != null ? startOf(module.code, node).line : fallback;
}

/** Diagnostics that name the class, or are located inside its body. */
export function diagnosticsAbout(inspection: Inspection, node: ClassNode): Diagnostic[] {
  const cls = node.info.node;
  const start = lineIn(node.module, cls, node.info.line);
  const end = cls.end != null ? endOf(node.module.code, cls).line : node.info.line;
  const file = node.module.relPath;
  const sameName = [...inspection.graph.classes.values()].filter((c) => c.info.name === node.info.name).length > 1;
  return inspection.diagnostics.filter((d) => {
    if (d.file === file && d.line >= start && d.line <= end) return true;
    if (!d.classes?.includes(node.info.name)) return false;
    // With two classes of this name, a name alone only counts in the class's own file or a file of its chain.
    if (!sameName) return true;
    const chain = inspection.graph.chains.get(node.id) ?? [node.id];
    const kin = new Set([...chain, ...(inspection.graph.children.get(node.id) ?? [])].map((id) => inspection.graph.classes.get(id)!.module.relPath));
    return kin.has(d.file);
  });
}

// ---------------------------------------------------------------------------------------------------
// graph: every class and its extends edge.

export interface GraphNode {
  /** Stable id: `file#index` for project classes, `external:Name`, `opaque:file#index`. */
  id: string;
  name: string;
  kind: 'class' | 'external' | 'opaque';
  file: string | null;
  line: number | null;
  /** Project classes: whether the rewrite flattened it. */
  flattened: boolean;
}

export interface GraphEdge {
  /** The subclass. */
  from: string;
  /** What it extends. */
  to: string;
  kind: 'class' | 'external' | 'opaque';
  /** True when the two classes are in different files. */
  crossFile: boolean;
}

export interface ClassGraphData {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Nodes and `extends` edges of the project, in file/line order. */
export function graphData(inspection: Inspection): ClassGraphData {
  const { graph } = inspection;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const extra = new Map<string, GraphNode>();
  for (const c of sortNodes([...graph.classes.values()])) {
    nodes.push({ id: c.id, name: c.info.name, kind: 'class', file: c.module.relPath, line: c.info.line, flattened: inspection.flattened.has(c.id) });
    const p = c.parent;
    if (p.kind === 'class') {
      const parent = graph.classes.get(p.id)!;
      edges.push({ from: c.id, to: p.id, kind: 'class', crossFile: parent.module.relPath !== c.module.relPath });
    } else if (p.kind === 'external') {
      const id = `external:${p.name}`;
      if (!extra.has(id)) extra.set(id, { id, name: p.name, kind: 'external', file: null, line: null, flattened: false });
      edges.push({ from: c.id, to: id, kind: 'external', crossFile: true });
    } else if (p.kind === 'opaque') {
      const id = `opaque:${c.id}`;
      const sc = c.info.node.superClass;
      extra.set(id, { id, name: sc ? shorten(textOf(c.module, sc), 40) : '?', kind: 'opaque', file: c.module.relPath, line: lineIn(c.module, sc, c.info.line), flattened: false });
      edges.push({ from: c.id, to: id, kind: 'opaque', crossFile: false });
    }
  }
  const externals = [...extra.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes: [...nodes, ...externals], edges };
}
