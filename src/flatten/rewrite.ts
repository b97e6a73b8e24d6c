import type { ClassGraph, ClassId, ClassNode } from '../graph/class-graph.js';
import type { ModuleInfo } from '../scan/module-info.js';
import type { Diagnostic } from '../types.js';
import { t } from '../babel.cjs';
import { applyEdits, indentAt, lineRemoval, newlineOf, takeAnchors, withAnchors, type AnchorAt, type Edit } from './edits.js';
import type { ClassContext } from './context.js';
import { flattenClass, memberIndentOf } from './flatten-class.js';
import { Hygiene, Unsupported, exportText, importText, type ExportEntry, type PlannedImport, type TouchedFiles } from './hygiene.js';
import { diagnosticAt } from './diagnostics.js';
import { SyntaxWindow } from './syntax-window.js';
import { heritageImportEdits } from './heritage-imports.js';
import { declaredMethods } from '../scan/declared-methods.js';
import { classOptionsOf, configOptionsOf } from './options.js';
import type { ClassOptions } from '../types.js';
import type { PatchSite } from '../graph/patches.js';
import { guardCandidates, hasInstanceMember, lineageBlock, type InstanceofRecovery } from './instanceof.js';
import { childPath } from '../scan/child-path.js';

export interface RewriteResult {
  /** New source per rewritten module (absolute path). */
  code: Map<string, string>;
  flattened: Set<ClassId>;
  diagnostics: Diagnostic[];
  /** With `sourceMaps`: per rewritten module, where the pieces of its new text come from. */
  anchors?: Map<string, AnchorAt[]>;
  /** With --preserve-instanceof: what was done to keep instanceof answers. */
  instanceof?: InstanceofRecovery;
}

export interface RewriteOptions {
  /** Record where each piece of the new texts comes from (the caller has checked holdsAnchorCharacters()). */
  sourceMaps?: boolean;
  /** isinstance recovery: generated Symbol.hasInstance on former ancestors, lineage on flattened classes. */
  preserveInstanceof?: boolean;
  /**
   * Every module keeps its syntax tree for the whole session (watch mode): no SyntaxWindow. Its walks
   * over every module would release nothing, and under watch mode's recording they would make each
   * group of classes read a field of every module (time, and dependencies that mean nothing).
   */
  keepsSyntax?: boolean;
  /**
   * --keep-patched: leave as it was every class with a former ancestor in `graph.patches` (the graph
   * must be built with `{ patches: true }`), reported as `kept-patched` (info).
   */
  keepPatched?: boolean;
}

/**
 * What flattening plans, before any text is assembled: plain data per file. Watch mode keeps one
 * plan per group of classes and assembles a file from the plans that name it (assembleFiles).
 */
export interface RewritePlan {
  /** Per file: the edits of its flattened classes and of removed applyMixins calls. */
  edits: Map<string, Edit[]>;
  /** Per file: imports to add on top and lines to add at the end. */
  additions: Map<string, { imports: PlannedImport[]; tail: string[] }>;
  /** Per file: module-level bindings to export for copies elsewhere. */
  exports: Map<string, ExportEntry[]>;
  flattened: Set<ClassId>;
  diagnostics: Diagnostic[];
  /** Files whose state the plan used: `names` includes every file it edits. */
  touched: TouchedFiles;
  /** With --preserve-instanceof: what was done to keep instanceof answers. */
  instanceof?: InstanceofRecovery;
}

/** Assembled file texts; with source maps, where each piece of them comes from. */
export interface AssembledFiles {
  code: Map<string, string>;
  anchors?: Map<string, AnchorAt[]>;
}

/** Flatten every class that extends a project class, and assemble the new text of each touched file. */
export function rewriteProject(graph: ClassGraph, classOptions?: Record<string, ClassOptions>, options: RewriteOptions = {}): RewriteResult {
  const run = (): RewriteResult => {
    const plan = planRewrite(graph, classOptions, options);
    const assembled = assembleFiles(graph.modules, [plan], undefined, options.sourceMaps ?? false);
    return { code: assembled.code, flattened: plan.flattened, diagnostics: plan.diagnostics, ...(assembled.anchors ? { anchors: assembled.anchors } : {}), ...(plan.instanceof ? { instanceof: plan.instanceof } : {}) };
  };
  return options.sourceMaps ? withAnchors(run) : run();
}

/**
 * Flatten every class of graph.chains that extends a project class (in id order); return the plan.
 * With `sourceMaps`, call it inside withAnchors(): the planned texts then carry origin anchors.
 */
export function planRewrite(graph: ClassGraph, classOptions?: Record<string, ClassOptions>, options: RewriteOptions = {}): RewritePlan {
  const preserveInstanceof = options.preserveInstanceof ?? false;
  const hygiene = new Hygiene(graph);
  const diagnostics: Diagnostic[] = [];
  const flattened = new Set<ClassId>();
  const editsByFile = new Map<string, Array<{ edit: Edit; id: ClassId }>>();
  const recovery: InstanceofRecovery | undefined = preserveInstanceof ? { guarded: new Set(), lineage: new Map() } : undefined;
  const guards = recovery ? guardCandidates(graph, [...graph.chains.values()].filter((c) => c.length > 1 && graph.roots.get(c[0])?.heritage.kind !== 'opaque')) : new Set<ClassId>();

  const appliedBases = new Set([...graph.applied.values()].flatMap((a) => a.bases));
  const order = [...graph.chains].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // Batch runs: only the trees of the modules the classes around the current one read stay alive.
  // What is read of a module later (where assembling puts imports) is noted before its tree goes.
  const window = options.keepsSyntax ? NO_WINDOW : new SyntaxWindow(graph, order.map(([id]) => id), (m) => {
    if (hygiene.allAdditions().get(m.absPath)?.imports.length) noteLayout(m);
    // What the report reads of class bodies (report/detect.ts).
    for (const c of m.classes) declaredMethods(c);
  });
  window.start();
  for (const [position, [id, chain]] of order.entries()) {
    if (position > 0) window.done(position - 1);
    const nodes = chain.map((c) => graph.classes.get(c)!);
    const applied = graph.applied.get(id);
    if (chain.length < 2 && !applied) {
      // A class whose own extends clause cannot be followed (an unknown call, an unresolvable import): say so.
      const r = graph.roots.get(id);
      if (r?.heritage.kind === 'opaque' && !nodes[0].info.factory) {
        diagnostics.push(
          diagnosticAt(r.heritage.module, r.heritage.path.node, 'resolve', 'opaque-superclass', 'warning',
            `${nodes[0].info.name} was left as it was: its superclass cannot be followed (${r.heritage.reason}).`,
            'Name the base class directly, or make the call a mixin factory the tool recognizes: (Base) => class extends Base { … }.', [nodes[0].info.name]),
        );
      } else if (r?.heritage.kind === 'external' && !nodes[0].info.factory) {
        const held = reassignedSuperclass(graph, nodes[0]);
        if (held) {
          diagnostics.push(
            diagnosticAt(r.heritage.module, r.heritage.path.node, 'resolve', 'reassigned-superclass', 'info',
              `${nodes[0].info.name} was left as it was: its superclass \`${held}\` is a variable that is assigned again, so which class it extends is only known when it runs.`,
              'Extend a class declaration or a const that holds the class, if you want it flattened.', [nodes[0].info.name]),
          );
        }
      }
      continue;
    }
    const cls = nodes[0];
    const root = graph.roots.get(id)!;
    if (root.heritage.kind === 'opaque' && chain.length > 1) {
      const holder = nodes[root.holder];
      diagnostics.push(
        diagnosticAt(root.heritage.module, root.heritage.path.node, 'resolve', 'opaque-superclass', 'warning',
          `${cls.info.name} was left as it was: ${holder.info.name} extends an expression that cannot be evaluated again safely (${root.heritage.reason}).`,
          'Name the base class directly, or make the call a mixin factory the tool recognizes: (Base) => class extends Base { … }.', [cls.info.name, holder.info.name]),
      );
      continue;
    }
    const own = classOptionsOf(cls, classOptions);
    if (own.ignore) {
      diagnostics.push(diagnosticAt(cls.module, cls.info.node, 'unsupported', 'ignored-by-option', 'info', `${cls.info.name} was left as it was, as its options ask (${own.ignoredBy === 'config' ? 'the config\'s classes: ignore' : '@flatten-ignore'}).`, undefined, [cls.info.name]));
      continue;
    }
    if (options.keepPatched) {
      const kept = patchedAncestor(graph, chain);
      if (kept) {
        diagnostics.push(keptPatchedDiagnostic(cls, nodes[1], graph.classes.get(kept.ancestor)!, kept.patches, kept.total));
        continue;
      }
    }
    const skip = new Map<number, Set<string>>();
    nodes.forEach((n, i) => {
      if (i === 0) return;
      const o = classOptionsOf(n, classOptions);
      if (o.skip.size) skip.set(i, o.skip);
    });
    if (skip.size) {
      const what = [...skip].map(([i, s]) => `${[...s].join(', ')} of ${nodes[i].info.name}`).join('; ');
      diagnostics.push(diagnosticAt(cls.module, cls.info.node, 'unsupported', 'skipped-by-option', 'info', `${cls.info.name} does not take ${what}, as the options ask: it behaves differently from the original there.`, undefined, [cls.info.name]));
    }
    hygiene.begin();
    try {
      if (appliedBases.has(id) && usesSuperMember(cls)) {
        // Its methods are copied onto other classes at run time: private super targets would not go with them.
        throw new Unsupported(`${cls.info.name} is copied onto other classes by an applyMixins-style helper, and its methods call super`, cls.info.node, cls.module, 'applied-mixin-super');
      }
      const lineage: ClassId[] = [];
      const leading = recovery ? (ctx: ClassContext, indent: string, nl: string) => {
        const block = lineageBlock(ctx, indent, nl);
        lineage.push(...block.recorded);
        return [...(guards.has(id) ? [hasInstanceMember(cls, ctx.external !== null, indent, nl)] : []), ...(block.text ? [block.text] : [])];
      } : undefined;
      const result = flattenClass(graph, hygiene, nodes, root, graph.layerArgs.get(id) ?? new Map(), (applied?.bases ?? []).map((b) => graph.classes.get(b)!), skip, leading, stayingDescendants(graph, id, classOptions, options.keepPatched ?? false));
      recovery?.lineage.set(id, new Set(lineage));
      diagnostics.push(...mixinOverrides(nodes, graph.layerArgs.has(id)));
      if (applied) {
        // The copying call has done its work in the class body: it goes, or it would copy again at run time.
        const stmt = applied.statement;
        const list = editsByFile.get(applied.module.absPath) ?? [];
        list.push({ edit: lineRemoval(applied.module.code, stmt.start!, stmt.end!), id: `${id}#apply` });
        editsByFile.set(applied.module.absPath, list);
        if (applied.copiesConstructor) {
          diagnostics.push(diagnosticAt(applied.module, stmt, 'mro', 'applymixins-constructor', 'warning', `this helper also copies \`constructor\`, so at run time ${cls.info.name}.prototype.constructor became the last mixin; the flattened class keeps its own constructor property.`, 'Skip "constructor" in the helper (as the TypeScript handbook now does).', [cls.info.name]));
        }
      }
      hygiene.commit();
      flattened.add(id);
      diagnostics.push(...result.diagnostics);
      const list = editsByFile.get(cls.module.absPath) ?? [];
      list.push({ edit: result.edit, id });
      editsByFile.set(cls.module.absPath, list);
    } catch (caught) {
      hygiene.rollback();
      // A bug of ours must not cost the user the run: the class stays as it was, and we say so.
      const error = caught instanceof Unsupported ? caught : new Unsupported(`internal error while flattening (please report it): ${(caught as Error)?.message ?? caught}`, cls.info.node, cls.module, 'internal-error');
      const where = error.module ?? cls.module;
      diagnostics.push(
        diagnosticAt(where, error.node ?? cls.info.node, 'unsupported', error.code, 'error',
          `${cls.info.name} was left as it was${nodes[1] ? ` (it still extends ${nodes[1].info.name})` : ''}: ${error.message}.`,
          'The class keeps its original behaviour; restructure the code named here to let it be flattened.', [cls.info.name]),
      );
    }
  }

  if (order.length > 0) window.done(order.length - 1);

  // Nested rewritten classes (a class inside a rewritten class) would overlap: keep the outer one.
  for (const [file, list] of editsByFile) {
    list.sort((a, b) => a.edit.start - b.edit.start);
    const kept: typeof list = [];
    for (const item of list) {
      if (item.id.endsWith('#apply')) {
        kept.push(item);
        continue;
      }
      const outer = kept.find((k) => k.edit.start <= item.edit.start && k.edit.end >= item.edit.end);
      if (outer) {
        flattened.delete(item.id);
        const c = graph.classes.get(item.id)!;
        diagnostics.push(diagnosticAt(c.module, c.info.node, 'unsupported', 'nested-flattened-class', 'error', `${c.info.name} was left as it was: it is nested inside ${graph.classes.get(outer.id)!.info.name}, which is rewritten too.`, undefined, [c.info.name]));
        continue;
      }
      kept.push(item);
    }
    editsByFile.set(file, kept);
  }
  if (recovery) guardAncestors(graph, guards, flattened, editsByFile, recovery);

  if (recovery) for (const id of recovery.lineage.keys()) if (!flattened.has(id)) recovery.lineage.delete(id);
  window.finish();
  const plan: RewritePlan = { edits: new Map(), additions: new Map(), exports: new Map(), flattened, diagnostics, touched: hygiene.touched(), ...(recovery ? { instanceof: recovery } : {}) };
  for (const [file, list] of editsByFile) {
    plan.edits.set(file, list.map((e) => e.edit));
    plan.touched.names.add(file);
  }
  for (const [file, adds] of hygiene.allAdditions()) {
    if (adds.imports.length || adds.tail.length) plan.additions.set(file, { imports: adds.imports, tail: adds.tail });
    if (adds.exportList.length) plan.exports.set(file, adds.exportList);
  }
  return plan;
}

/**
 * Descendants of a class left as they were by request, known before any of them is planned: they
 * extend what they extended, so the flattened class's constructor runs for their instances. Those of
 * --keep-patched (from graph.patches), of the config's `ignore` (by name, read only when the config
 * ignores some class) and of `@flatten-ignore` comments (graph.ignoredByComment, from the summaries:
 * no subclass's syntax is read; the config's `ignore: false` wins, as for the class itself).
 * (A descendant left by an `unsupported` error is reported as such.)
 */
function stayingDescendants(graph: ClassGraph, id: ClassId, classOptions: Record<string, ClassOptions> | undefined, keepPatched: boolean): ClassNode[] {
  const configIgnores = classOptions !== undefined && Object.values(classOptions).some((o) => o.ignore === true);
  const commentIgnores = graph.ignoredByComment.size > 0;
  if (!keepPatched && !configIgnores && !commentIgnores) return [];
  const out: ClassNode[] = [];
  const seen = new Set<ClassId>([id]);
  const queue = [...(graph.children.get(id) ?? [])];
  while (queue.length > 0) {
    const d = queue.shift()!;
    if (seen.has(d)) continue;
    seen.add(d);
    const chain = keepPatched ? graph.chains.get(d) : undefined;
    const kept = chain !== undefined && patchedAncestor(graph, chain) !== null;
    const byComment = commentIgnores && graph.ignoredByComment.has(d);
    if (kept || byComment || configIgnores) {
      const node = graph.classes.get(d);
      if (node) {
        const fromConfig = configIgnores || (byComment && classOptions !== undefined) ? configOptionsOf(node, classOptions)?.ignore : undefined;
        if (kept || fromConfig === true || (byComment && fromConfig !== false)) out.push(node);
      }
    }
    queue.push(...(graph.children.get(d) ?? []));
  }
  return out;
}

/**
 * --keep-patched: the nearest former ancestor that is patched after definition, with its patches, and
 * how many patches all the former ancestors have. Reads `graph.patches` only by the ancestors' ids
 * (watch mode's units depend on exactly those keys).
 */
function patchedAncestor(graph: ClassGraph, chain: ClassId[]): { ancestor: ClassId; patches: PatchSite[]; total: number } | null {
  let nearest: { ancestor: ClassId; patches: PatchSite[] } | null = null;
  let total = 0;
  for (const a of chain.slice(1)) {
    const patches = graph.patches.get(a);
    if (!patches?.length) continue;
    nearest ??= { ancestor: a, patches };
    total += patches.length;
  }
  return nearest ? { ...nearest, total } : null;
}

function keptPatchedDiagnostic(cls: ClassNode, parent: ClassNode, ancestor: ClassNode, patches: PatchSite[], total: number): Diagnostic {
  const p = patches[0];
  const what = p.code === 'prototype-patched' ? `${ancestor.info.name}.prototype is changed after definition`
    : p.code === 'static-patched' ? `${p.member === '*' ? 'statics' : `static \`${p.member}\``} of ${ancestor.info.name} ${p.member === '*' ? 'are' : 'is'} assigned after definition`
    : `a static of ${ancestor.info.name} is written through \`this\``;
  const more = total > 1 ? ` (and ${total - 1} more patch${total > 2 ? 'es' : ''} of its former ancestors)` : '';
  return diagnosticAt(cls.module, cls.info.node, 'unsupported', 'kept-patched', 'info',
    `${cls.info.name} was left as it was (it still extends ${parent.info.name}), as --keep-patched asks: ${what} at ${p.file}:${p.line}:${p.column} (\`${p.text}\`)${more}, which a flattened ${cls.info.name} would not see.`,
    'Nothing to do: the class behaves as before. Move the patched members into the class body to have it flattened.', [cls.info.name, ancestor.info.name]);
}

/** The window of a run whose modules all keep their trees: it has nothing to release. */
const NO_WINDOW: Pick<SyntaxWindow, 'start' | 'done' | 'finish'> = { start() {}, done() {}, finish() {} };

/** Files any of the plans changes. */
export function plannedFiles(plan: RewritePlan): Set<string> {
  return new Set([...plan.edits.keys(), ...plan.additions.keys(), ...plan.exports.keys()]);
}

/**
 * The new text of each file the plans change (of `only`, when given). Exports asked for by several
 * plans are merged (a value use wins over type-only ones) and listed by name, so a file's text does
 * not depend on how the classes were grouped into plans or in which order they were flattened.
 */
export function assembleFiles(modules: ReadonlyMap<string, ModuleInfo>, plans: Iterable<RewritePlan>, only?: Iterable<string>, mapped = false): AssembledFiles {
  // With maps, the untouched parts of each file are anchored to themselves as they are applied.
  if (mapped) return withAnchors(() => assemble(modules, [...plans], only, true));
  return assemble(modules, [...plans], only, false);
}

function assemble(modules: ReadonlyMap<string, ModuleInfo>, list: RewritePlan[], only: Iterable<string> | undefined, mapped: boolean): AssembledFiles {
  const code = new Map<string, string>();
  const anchors = new Map<string, AnchorAt[]>();
  for (const file of only ?? new Set(list.flatMap((p) => [...plannedFiles(p)]))) {
    const module = modules.get(file);
    if (!module) continue;
    const edits: Edit[] = [];
    const imports: PlannedImport[] = [];
    const tail: string[] = [];
    const exports = new Map<string, ExportEntry>();
    for (const plan of list) {
      edits.push(...(plan.edits.get(file) ?? []));
      const adds = plan.additions.get(file);
      if (adds) {
        imports.push(...adds.imports);
        tail.push(...adds.tail);
      }
      for (const e of plan.exports.get(file) ?? []) {
        const known = exports.get(e.exported);
        exports.set(e.exported, known ? { ...known, typeOnly: known.typeOnly && e.typeOnly } : e);
      }
    }
    const exportList = [...exports.values()].sort((a, b) => (a.exported < b.exported ? -1 : a.exported > b.exported ? 1 : 0));
    if (imports.length || tail.length || exportList.length) edits.push(...additionEdits(module, imports, [...exportText(exportList), ...tail]));
    if (edits.length === 0) continue;
    edits.push(...heritageImportEdits(module, file, edits));
    const text = applyEdits(module.code, 0, module.code.length, edits, mapped ? file : undefined);
    if (!mapped) {
      code.set(file, text);
      continue;
    }
    const taken = takeAnchors(text);
    code.set(file, taken.text);
    anchors.set(file, taken.anchors);
  }
  return { code, ...(mapped ? { anchors } : {}) };
}

/**
 * --preserve-instanceof: the generated Symbol.hasInstance for the candidates that stay as they were (a
 * flattened candidate has it in its new text already). A class nested in a rewritten class cannot be
 * edited separately: it goes without, and instanceof against it stays reported.
 */
function guardAncestors(graph: ClassGraph, guards: Set<ClassId>, flattened: Set<ClassId>, editsByFile: Map<string, Array<{ edit: Edit; id: ClassId }>>, recovery: InstanceofRecovery): void {
  for (const id of guards) {
    if (flattened.has(id)) {
      recovery.guarded.add(id);
      continue;
    }
    const cls = graph.classes.get(id)!;
    const at = cls.info.node.body.start! + 1;
    const list = editsByFile.get(cls.module.absPath) ?? [];
    if (list.some((e) => !e.id.endsWith('#apply') && e.edit.start < at && e.edit.end >= at)) continue;
    const code = cls.module.code;
    const nl = newlineOf(code);
    const indent = memberIndentOf(code, cls.info.node);
    const closing = cls.info.node.body.body.length ? '' : nl + indentAt(code, cls.info.node.start!);
    list.push({ edit: { start: at, end: at, text: nl + hasInstanceMember(cls, cls.info.node.superClass != null, indent, nl) + closing }, id: `${id}#hasInstance` });
    editsByFile.set(cls.module.absPath, list);
    recovery.guarded.add(id);
  }
}

/** Where added imports go in a module, and how it quotes them: all assembling reads of its tree. */
interface ImportLayout {
  /** End of the last import (or require declaration of a script), if any. */
  lastImportEnd: number | null;
  /** Start of the first statement, if any. */
  firstStart: number | null;
  quote: string;
}

/** Layouts of modules whose tree was let go (SyntaxWindow) while imports were planned for them. */
const layouts = new WeakMap<ModuleInfo, ImportLayout>();

function layoutOf(module: ModuleInfo): ImportLayout {
  const known = layouts.get(module);
  if (known) return known;
  const body = module.ast.program.body;
  const lastImport = [...body].reverse().find((s) => t.isImportDeclaration(s) || (!module.isModule && isRequireDeclaration(s)));
  return { lastImportEnd: lastImport ? lastImport.end! : null, firstStart: body.length ? body[0].start! : null, quote: detectQuote(module) };
}

function noteLayout(module: ModuleInfo): void {
  layouts.set(module, layoutOf(module));
}

function additionEdits(module: ModuleInfo, imports: Parameters<typeof importText>[0], tail: string[]): Edit[] {
  const edits: Edit[] = [];
  const nl = newlineOf(module.code);
  if (imports.length) {
    const layout = layoutOf(module);
    const lines = importText(imports, layout.quote, module.isModule);
    let pos: number;
    let text: string;
    if (layout.lastImportEnd !== null) {
      pos = layout.lastImportEnd;
      text = lines.map((l) => nl + l).join('');
    } else if (layout.firstStart !== null) {
      pos = layout.firstStart;
      text = lines.map((l) => l + nl).join('');
    } else {
      pos = module.code.length;
      text = lines.map((l) => l + nl).join('');
    }
    edits.push({ start: pos, end: pos, text });
  }
  if (tail.length) {
    const end = module.code.length;
    const sep = module.code.endsWith('\n') ? '' : nl;
    edits.push({ start: end, end, text: `${sep}${tail.join(nl)}${nl}` });
  }
  return edits;
}

/** Where a later mixin layer overrides an earlier one's member, say so (info): it is easy to miss in a chain. */
function mixinOverrides(nodes: ClassNode[], hasMixins: boolean): Diagnostic[] {
  if (!hasMixins) return [];
  const seen = new Map<string, string>();
  const lines: string[] = [];
  for (const n of nodes) {
    for (const m of n.info.node.body.body) {
      if (!(t.isClassMethod(m) || t.isClassProperty(m)) || m.computed || !t.isIdentifier(m.key) || (t.isClassMethod(m) && m.kind === 'constructor')) continue;
      const key = `${m.static ? 'static ' : ''}${m.key.name}`;
      const first = seen.get(key);
      if (first && first !== n.info.name) lines.push(`${first}.${key} overrides ${n.info.name}.${key}`);
      else if (!first) seen.set(key, n.info.name);
    }
  }
  if (!lines.length) return [];
  const c = nodes[0];
  return [diagnosticAt(c.module, c.info.node, 'mro', 'mixin-override', 'info', `${c.info.name}: ${lines.join('; ')}.`, undefined, [c.info.name])];
}

function usesSuperMember(cls: ClassNode): boolean {
  let found = false;
  t.traverseFast(cls.info.node.body, (n) => {
    if (t.isMemberExpression(n) && t.isSuper(n.object)) found = true;
  });
  return found;
}

function isRequireDeclaration(s: t.Statement): boolean {
  return t.isVariableDeclaration(s) && s.declarations.some((d) => t.isCallExpression(d.init) && t.isIdentifier(d.init.callee, { name: 'require' }));
}

function detectQuote(module: ModuleInfo): string {
  for (const s of module.ast.program.body) {
    if (t.isImportDeclaration(s)) return module.code[s.source.start!] === '"' ? '"' : "'";
  }
  return "'";
}

export type { ClassNode };

/**
 * A class whose extends clause is a variable holding a class of the project (its declaration or
 * initializer) that is assigned again, here or in the module it is imported from: the summary does not
 * follow such a binding (scan/summarize.ts identifierRef, moduleBindingOf), so the class was taken as
 * extending something outside the project. The variable's name, or null.
 */
function reassignedSuperclass(graph: ClassGraph, node: ClassNode): string | null {
  const syntax = node.info.superSyntax;
  if (!syntax || syntax.kind !== 'ref') return null;
  const ref = syntax.ref;
  type Held = { constant: boolean; path: { node: t.Node; scope: { getBinding(name: string): Held | undefined } } } | undefined;
  const holdsClass = (binding: Held): boolean => {
    if (!binding || binding.constant) return false;
    const n = binding.path.node;
    if (t.isClass(n) || (t.isVariableDeclarator(n) && t.isClassExpression(n.init))) return true;
    // `let R = Root`: Root a class (declaration or const) of this module.
    if (!t.isVariableDeclarator(n) || !t.isIdentifier(n.init)) return false;
    const init = binding.path.scope.getBinding(n.init.name);
    return !!init && init.constant && (t.isClassDeclaration(init.path.node) || (t.isVariableDeclarator(init.path.node) && t.isClassExpression(init.path.node.init)));
  };
  if (ref.kind === 'unknown') {
    if (!/^[\p{L}_$][\p{L}\p{N}_$]*$/u.test(syntax.text)) return null;
    const superPath = childPath(node.info.path, 'superClass');
    return holdsClass(superPath.scope.getBinding(syntax.text) as Held) ? syntax.text : null;
  }
  if (ref.kind !== 'import') return null;
  const imp = node.module.imports.get(ref.local);
  if (!imp || imp.imported === '*') return null;
  const target = graph.resolveSpecifier(imp.specifier, node.module);
  const e = target?.exports.get(imp.imported);
  if (!target || e?.kind !== 'local') return null;
  // Cheap first: the exporting module has a class of that name that no constant binding holds.
  if (!target.classes.some((c) => c.moduleBinding === null && c.name === e.local)) return null;
  return holdsClass(target.programPath.scope.getOwnBinding(e.local) as Held) ? ref.local : null;
}
