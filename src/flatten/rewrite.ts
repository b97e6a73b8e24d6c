import type { ClassGraph, ClassId, ClassNode } from '../graph/class-graph.js';
import type { ModuleInfo } from '../scan/module-info.js';
import type { Diagnostic } from '../types.js';
import * as t from '@babel/types';
import { applyEdits, indentAt, lineRemoval, newlineOf, takeAnchors, withAnchors, type AnchorAt, type Edit } from './edits.js';
import type { ClassContext } from './context.js';
import { flattenClass, memberIndentOf } from './flatten-class.js';
import { Hygiene, Unsupported, exportText, importText } from './hygiene.js';
import { diagnosticAt } from './diagnostics.js';
import { classOptionsOf } from './options.js';
import type { ClassOptions } from '../types.js';
import { guardCandidates, hasInstanceMember, lineageBlock, type InstanceofRecovery } from './instanceof.js';

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
}

/** Flatten every class that extends a project class, and assemble the new text of each touched file. */
export function rewriteProject(graph: ClassGraph, classOptions?: Record<string, ClassOptions>, options: RewriteOptions = {}): RewriteResult {
  const preserveInstanceof = options.preserveInstanceof ?? false;
  return options.sourceMaps ? withAnchors(() => rewriteAll(graph, classOptions, true, preserveInstanceof)) : rewriteAll(graph, classOptions, false, preserveInstanceof);
}

function rewriteAll(graph: ClassGraph, classOptions: Record<string, ClassOptions> | undefined, mapped: boolean, preserveInstanceof: boolean): RewriteResult {
  const hygiene = new Hygiene(graph);
  const diagnostics: Diagnostic[] = [];
  const flattened = new Set<ClassId>();
  const editsByFile = new Map<string, Array<{ edit: Edit; id: ClassId }>>();
  const recovery: InstanceofRecovery | undefined = preserveInstanceof ? { guarded: new Set(), lineage: new Map() } : undefined;
  const guards = recovery ? guardCandidates(graph, [...graph.chains.values()].filter((c) => c.length > 1 && graph.roots.get(c[0])?.heritage.kind !== 'opaque')) : new Set<ClassId>();

  const appliedBases = new Set([...graph.applied.values()].flatMap((a) => a.bases));
  for (const [id, chain] of [...graph.chains].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
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
      diagnostics.push(diagnosticAt(cls.module, cls.info.node, 'unsupported', 'ignored-by-option', 'info', `${cls.info.name} was left as it was, as its options ask (@flatten-ignore).`, undefined, [cls.info.name]));
      continue;
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
      const result = flattenClass(graph, hygiene, nodes, root, graph.layerArgs.get(id) ?? new Map(), (applied?.bases ?? []).map((b) => graph.classes.get(b)!), skip, leading);
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

  const code = new Map<string, string>();
  const anchors = new Map<string, AnchorAt[]>();
  const touched = new Set<string>([...editsByFile.keys(), ...hygiene.allAdditions().keys()]);
  for (const file of touched) {
    const module = graph.modules.get(file)!;
    const edits: Edit[] = (editsByFile.get(file) ?? []).map((e) => e.edit);
    const adds = hygiene.allAdditions().get(file);
    if (adds) edits.push(...additionEdits(module, adds.imports, [...exportText(adds.exportList), ...adds.tail]));
    if (edits.length === 0) continue;
    const text = applyEdits(module.code, 0, module.code.length, edits, mapped ? file : undefined);
    if (!mapped) {
      code.set(file, text);
      continue;
    }
    const taken = takeAnchors(text);
    code.set(file, taken.text);
    anchors.set(file, taken.anchors);
  }
  if (recovery) for (const id of recovery.lineage.keys()) if (!flattened.has(id)) recovery.lineage.delete(id);
  return { code, flattened, diagnostics, ...(mapped ? { anchors } : {}), ...(recovery ? { instanceof: recovery } : {}) };
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

function additionEdits(module: ModuleInfo, imports: Parameters<typeof importText>[0], tail: string[]): Edit[] {
  const edits: Edit[] = [];
  const nl = newlineOf(module.code);
  const body = module.ast.program.body;
  if (imports.length) {
    const quote = detectQuote(module);
    const lines = importText(imports, quote, module.isModule);
    let pos: number;
    let text: string;
    const lastImport = [...body].reverse().find((s) => t.isImportDeclaration(s) || (!module.isModule && isRequireDeclaration(s)));
    if (lastImport) {
      pos = lastImport.end!;
      text = lines.map((l) => nl + l).join('');
    } else if (body.length) {
      pos = body[0].start!;
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
