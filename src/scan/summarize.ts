import type { NodePath, Binding } from '@babel/traverse';
import { babelTraverse, babelTraverseLoaded, t, traverse } from '../babel.cjs';
import type { ClassInfo, ExportEntry, ImportBinding, ModuleInfo, NameRef, SuperRef, UseSite, UseKind } from './module-info.js';
import { startOf } from './positions.js';
import { parseSource, walkNodes } from './parse.js';
import { describeSuper, literalText } from './super-syntax.js';
import { detachSyntax, keepSyntax } from './detach.js';
import { definePathsOnDemand, summarizePlainly } from './summarize-plain.js';
import { calleeRoot, mayCallOut, mayPassOut, passedName, somePassedValue } from './passed-out.js';
import './babel-bindings.js';
import { bare, barePath, isPrototypeRef, prototypeOwnerPath } from './ts-wrappers.js';
import { isForeignPrivateAccess, isNamespaceMember, mayBeMethodOf, mayIntrospect, writtenMember } from './use-triggers.js';
import { childPath } from './child-path.js';
import { flattenDocOf } from './doc-options.js';

export { traverse };

export interface SummarizeOptions {
  /**
   * Keep the syntax tree of every module (watch mode), and Babel's path cache (forgetPathCache); a
   * plainly summarized module keeps the plain resolver's paths from its summary. Off (batch runs), a
   * module summarized by the plain walk alone drops its tree and parses its code again if `ast` or
   * `programPath` is ever read: a batch run keeps only the trees of files with classes and reported
   * uses.
   */
  keepAst?: boolean;
  /** Summarize with Babel's traverse even when the plain walk shows it cannot find anything (tests). */
  alwaysTraverse?: boolean;
  /**
   * Batch runs (no keepAst) drop the tree, paths and scopes of a traversed module once it is summarized,
   * unless `keepSyntax` says it keeps them (default: modules with a derived class keep them; a batch
   * run asks scan/syntax-policy.ts), and make them again on first use (scan/detach.ts). keepTree keeps
   * them, for good.
   */
  keepTree?: boolean;
  keepSyntax?: (info: ModuleInfo) => boolean;
  /**
   * Summarizing again for the syntax (summarizeAgain), in the middle of the rewrite: the tree is kept,
   * the plain resolver's paths and scopes are the module's (Babel's traverse only where it is not
   * sure), and Babel's path cache is left as it is: emptying it now would make the scopes that other
   * modules' paths lead to be crawled again (slow, and without the bindings the summary added).
   */
  again?: boolean;
}

/**
 * The same module summarized again from its code, for its syntax (the rewrite reads it): tree, paths
 * and scopes kept. The plain summary's paths and scopes serve (summarize-plain.ts): no Babel traverse,
 * unless the plain resolver is not sure.
 */
export function summarizeAgain(info: ModuleInfo): ModuleInfo {
  const walker = plainWalker();
  const outcome = parseSource(info.absPath, info.code, walker.visit);
  if (!outcome.ok) throw new Error(`internal error: ${info.relPath} parsed once and not again: ${outcome.error.message}`);
  return summarizeModule(info.absPath, info.relPath, info.code, outcome.ast, outcome.isModule, { again: true }, walker.walk);
}

/**
 * Build the summary of one parsed module: imports, exports, classes, and uses worth reporting.
 *
 * Babel's traverse (paths and scopes for the whole file) is what costs: about 3.6 times the parse.
 * A plain walk over the tree first collects every identifier name and tells whether the file has
 * anything traverse could find (a class, an instanceof, prototype introspection, a patch of an imported
 * value); most files of a large project have none, and their summary is the plain walk's alone: the
 * same summary, at a fifth of the cost. Their `programPath` (and `ast`, once dropped) are made again
 * on first use only. In batch runs the other files (with classes) are summarized without traverse too,
 * by the same visitors over the paths of a plain scope resolver (summarize-plain.ts, scope.ts), and
 * so are they in watch mode (keepAst), which keeps the resolver's paths at once; this Babel-based
 * summary is the oracle, what alwaysTraverse gets, and the fallback where the resolver is not sure.
 */
export function summarizeModule(absPath: string, relPath: string, code: string, ast: t.File, isModule: boolean, options: SummarizeOptions = {}, walked?: PlainWalk): ModuleInfo {
  const info: ModuleInfo = {
    absPath,
    relPath,
    code,
    ast,
    programPath: undefined as unknown as NodePath<t.Program>,
    isModule,
    isTypeScript: /\.(c|m)?tsx?$/i.test(absPath),
    imports: new Map(),
    exports: new Map(),
    exportAll: [],
    cjsModuleExports: null,
    cjsUnsettled: null,
    factories: new Map(),
    madeClasses: new Map(),
    aliases: new Map(),
    applyCalls: [],
    prototypeCopiers: new Map(),
    classes: [],
    uses: [],
    names: new Set(),
    thisTyped: false,
  };
  const plain = walked ?? walkPlainly(ast);
  info.names = plain.names;
  info.thisTyped = plain.thisTyped;
  collectTopLevel(info, ast.program.body);
  if (!info.isModule && (info.exports.size > 0 || info.cjsModuleExports !== null)) info.cjsUnsettled = plain.cjsUnsettled();
  const mayName = mayNameClass(info, plain);
  if (!options.alwaysTraverse && !options.again && !plain.needsScopes && ![...plain.patchedNames].some((n) => info.imports.has(n) || plain.aliases.has(n) || (plain.memberAliasRoots.get(n) ?? []).some((ns) => info.imports.has(ns))) && ![...plain.passedNames].some(mayName)) {
    defineSyntaxOnDemand(info, options.keepAst ? ast : null);
    return info;
  }
  if (!options.alwaysTraverse) {
    // The plain walk and scope resolver (summarize-plain.ts) give the summary Babel's traverse would;
    // the rewrite reads the resolver's paths and scopes (Babel's only where it is not sure).
    const program = summarizePlainly(info, ast, mayName);
    if (program) {
      if (options.again || options.keepAst) {
        // The classes' paths are the plain walk's already. Watch mode (keepAst) keeps them for good:
        // its instrumented modules read every field at once.
        info.programPath = program as unknown as NodePath<t.Program>;
      } else if (options.keepTree) {
        definePathsOnDemand(info, ast);
      } else if (keepsSyntax(info, options)) {
        // Paths made by one traverse over this tree on first read; the rewrite may release it later.
        definePathsOnDemand(info, ast);
        keepSyntax(info, summarizeAgain);
      } else {
        detachSyntax(info, summarizeAgain);
      }
      return info;
    }
  }
  const state = newSummaryState(mayName);
  traverse(ast, {
    Program(path) {
      info.programPath = path;
    },
    ...summaryVisitors(info, state),
  });
  finishSummary(info, info.programPath.scope, state);
  if (!options.keepAst && !options.again) {
    forgetPathCache();
    // A module with a class that extends something is what the rewrite flattens, nearly always: it keeps
    // its syntax (making it again would cost a second parse and traverse: on three.js, +40 % CPU).
    // The others (base classes, classes of their own, files with uses only) drop it until read.
    // summarizeAgain, not a closure made here: that would hold this call's context (pendingUses, the
    // class index of nodes), and with it the whole tree.
    if (!options.keepTree) (keepsSyntax(info, options) ? keepSyntax : detachSyntax)(info, summarizeAgain);
  }
  return info;
}

/** The batch run's policy (scan/syntax-policy.ts), or by default: a module with a derived class keeps its tree. */
function keepsSyntax(info: ModuleInfo, options: SummarizeOptions): boolean {
  return options.keepSyntax ? options.keepSyntax(info) : info.classes.some((c) => c.superSyntax);
}

/**
 * What the summary's visitors share: classes by node, uses to add once every class is indexed, and
 * which names may name a class (passed-out.ts).
 */
export interface SummaryState {
  classIndexByNode: Map<t.Node, number>;
  pendingUses: Array<() => void>;
  mayName: (name: string) => boolean;
}

export function newSummaryState(mayName: (name: string) => boolean): SummaryState {
  return { classIndexByNode: new Map(), pendingUses: [], mayName };
}

/**
 * Names that may name a class or an import, from syntax alone (the plain walk and the top level): the
 * summary looks for classes passed out (passed-out.ts) only where one of these is passed.
 */
function mayNameClass(info: ModuleInfo, plain: PlainWalk): (name: string) => boolean {
  return (name) => info.imports.has(name) || plain.classNames.has(name) || plain.aliases.has(name) || plain.memberAliases.has(name);
}

/**
 * The summary's visitors, called in traversal order: by Babel's traverse, or with the plain walk's
 * paths (summarize-plain.ts), which answer the same questions.
 */
export function summaryVisitors(info: ModuleInfo, state: SummaryState) {
  const { classIndexByNode, pendingUses, mayName } = state;
  const passedOut = (path: NodePath<t.CallExpression | t.NewExpression>): void => {
    for (const use of passedOutUses(path, classIndexByNode, info, mayName)) pendingUses.push(() => addUse(info, path.node, use));
  };
  // `o.#x` on an object other than `this`: instances of flattened subclasses no longer carry #x.
  const privateAccess = (path: NodePath<t.MemberExpression | t.OptionalMemberExpression>): void => {
    const { node } = path;
    if (!isForeignPrivateAccess(node)) return;
    const name = (node.property as t.PrivateName).id.name;
    const owner = declaringClassOf(path, name);
    pendingUses.push(() => addUse(info, node, { kind: 'brand-check', privateName: name, classIndex: owner ? classIndexByNode.get(owner) ?? null : null, access: true }));
  };
  const patched = (path: NodePath<t.AssignmentExpression | t.UpdateExpression | t.UnaryExpression>): void => {
    const use = patchUse(path, classIndexByNode, info);
    if (use) pendingUses.push(() => addUse(info, path.node, use, enclosingClasses(path)));
  };
  return {
    Class(path: NodePath<t.Class>) {
      const index = info.classes.length;
      classIndexByNode.set(path.node, index);
      const loc = startOf(info.code, path.node);
      const flattenDoc = flattenDocOf(path);
      info.classes.push({
        index,
        name: className(path),
        path,
        node: path.node,
        moduleBinding: moduleBindingOf(path),
        superRef: { kind: 'none' },
        superSyntax: null,
        holder: t.isExportDefaultDeclaration(path.parent) ? 'export-default' : t.isAssignmentExpression(path.parent) ? 'assignment' : 'other',
        factory: null,
        flattenDoc,
        line: loc.line,
        column: loc.column + 1,
      });
      // Member keys named Symbol.hasInstance change what `instanceof` means.
      for (const m of path.node.body.body) {
        if ((t.isClassMethod(m) || t.isClassProperty(m)) && m.static && m.computed && isWellKnownSymbol(m.key, 'hasInstance')) {
          pendingUses.push(() => addUse(info, m, { kind: 'has-instance', classIndex: index }));
        }
      }
    },
    BinaryExpression(path: NodePath<t.BinaryExpression>) {
      const { node } = path;
      if (node.operator === 'instanceof') {
        pendingUses.push(() => addUse(info, node, { kind: 'instanceof', rhs: useRefOf(childPath<NodePath>(path, 'right'), classIndexByNode, info) }));
      } else if (/^[!=]==?$/.test(node.operator)) {
        for (const side of [childPath(path, 'left'), childPath(path, 'right')] as NodePath[]) {
          const use = identityUse(side, classIndexByNode, info);
          if (use) pendingUses.push(() => addUse(info, node, use));
        }
      } else if (node.operator === 'in' && t.isPrivateName(node.left)) {
        const owner = declaringClassOf(path, node.left.id.name);
        pendingUses.push(() =>
          addUse(info, node, { kind: 'brand-check', privateName: (node.left as t.PrivateName).id.name, classIndex: owner ? classIndexByNode.get(owner) ?? null : null }),
        );
      }
    },
    CallExpression(path: NodePath<t.CallExpression>) {
      const use = callUse(path, classIndexByNode, info);
      if (use) pendingUses.push(() => addUse(info, path.node, use));
      passedOut(path);
    },
    NewExpression: passedOut,
    OptionalMemberExpression: privateAccess,
    MemberExpression(path: NodePath<t.MemberExpression>) {
      const { node } = path;
      privateAccess(path);
      if (!node.computed && t.isIdentifier(node.property, { name: '__proto__' })) {
        pendingUses.push(() => addUse(info, node, { kind: 'proto-access', arg: useRefOf(childPath(path, 'object'), classIndexByNode, info) }));
      }
    },
    AssignmentExpression: patched,
    UpdateExpression: patched,
    UnaryExpression: patched,
  };
}

/** After the visits: superclasses, factories, made classes, extends clauses, and the pending uses. */
export function finishSummary(info: ModuleInfo, programScope: { getOwnBinding(name: string): Binding | undefined; bindings: Record<string, Binding | undefined> }, state: SummaryState): void {
  const { classIndexByNode, pendingUses } = state;
  // Superclass references are resolved after the walk: every class is indexed by then.
  for (const c of info.classes) {
    c.superRef = superRefOf(c.path, classIndexByNode, info);
    c.factory = factoryOf(c.path, info.code);
    if (c.factory) {
      c.name = c.factory.name;
      const binding = programScope.getOwnBinding(c.factory.name);
      const bound = binding && (binding.path.node === c.factory.fn || (t.isVariableDeclarator(binding.path.node) && binding.path.node.init === c.factory.fn));
      if (bound) info.factories.set(c.factory.name, c.index);
    }
  }
  for (const [name, binding] of Object.entries(programScope.bindings)) {
    if (!binding || !binding.constant || !binding.path.isVariableDeclarator() || !t.isCallExpression(binding.path.node.init)) continue;
    const made = identifierRef(childPath<NodePath>(binding.path, 'id'), name, classIndexByNode, info, 0, true);
    if (made.kind === 'class') info.madeClasses.set(name, made.classIndex);
  }
  // After the loop above: a call in an extends clause may name any factory of the file.
  for (const c of info.classes) {
    if (c.path.node.superClass) c.superSyntax = describeSuper(childPath<NodePath>(c.path, 'superClass'), info, classIndexByNode, (p) => nameRefOf(p, classIndexByNode, info));
  }
  for (const f of pendingUses) f();
}

/**
 * Babel caches the path of every node it has visited in one global WeakMap (node → Map of child
 * paths) for as long as the node lives, and a batch run keeps the trees of all class files: on a
 * 3,400-file project that map holds millions of entries, and looking up and garbage-collecting them
 * was a fifth of the whole run. Once a module is summarized the map is dropped. What the later phases
 * hold (the program path, each ClassInfo.path, the scopes and bindings) stays valid: a path asked for
 * again below them is made anew, once, from its parent, with the same scope chain above it.
 * Watch mode keeps the cache (keepAst): its incremental rewrite compares paths across runs.
 */
function forgetPathCache(): void {
  // Nothing is cached before traverse is loaded (babel.cts).
  if (babelTraverseLoaded()) babelTraverse().default.cache.clearPath();
}

function addUse(info: ModuleInfo, node: t.Node, use: UseKind, enclosing: t.Class[] = []): void {
  const loc = startOf(info.code, node);
  const text = node.start != null && node.end != null ? info.code.slice(node.start, node.end) : '';
  const site: UseSite = {
    use,
    line: loc.line,
    column: loc.column + 1,
    text: text.length > 80 ? text.slice(0, 77) + '...' : text,
    insideClasses: enclosing.map((c) => info.classes.findIndex((ci) => ci.node === c)).filter((i) => i >= 0),
  };
  info.uses.push(site);
}

function enclosingClasses(path: NodePath): t.Class[] {
  const out: t.Class[] = [];
  for (let p: NodePath | null = path.parentPath; p; p = p.parentPath) if (p.isClass()) out.push(p.node);
  return out;
}

export function isWellKnownSymbol(node: t.Node, name?: string): boolean {
  return (
    t.isMemberExpression(node) &&
    !node.computed &&
    t.isIdentifier(node.object, { name: 'Symbol' }) &&
    t.isIdentifier(node.property) &&
    (name === undefined || node.property.name === name)
  );
}

/**
 * A class-factory mixin: a function whose result is `class extends <one of its parameters> { … }`,
 * as an arrow's expression body or the argument of its (only) return.
 */
export function factoryOf(path: NodePath<t.Class>, code: string): ClassInfo['factory'] {
  const node = path.node;
  if (!t.isClassExpression(node) || !t.isIdentifier(node.superClass)) return null;
  let fnPath: NodePath | null = null;
  if (path.parentPath.isArrowFunctionExpression() && path.parentPath.node.body === node) fnPath = path.parentPath;
  else if (path.parentPath.isReturnStatement()) {
    const fn = path.getFunctionParent();
    if (fn && childPath(fn, 'body').isBlockStatement()) fnPath = fn;
  }
  if (!fnPath || !fnPath.isFunction()) return null;
  const fn = fnPath.node;
  const params = fn.params.map((p) => (t.isIdentifier(p) ? p.name : t.isAssignmentPattern(p) && t.isIdentifier(p.left) ? p.left.name : ''));
  const baseParam = params.indexOf(node.superClass.name);
  if (baseParam < 0 || path.scope.getBinding(node.superClass.name)?.path.node !== fn.params[baseParam] && path.scope.getBinding(node.superClass.name)?.kind !== 'param') return null;
  const name = functionName(fnPath);
  const defaults = fn.params.map((p) => (t.isAssignmentPattern(p) ? { literal: literalText(code, p.right) } : null));
  return name ? { name, params, baseParam, defaults, fn } : null;
}

function functionName(fn: NodePath): string | null {
  const node = fn.node;
  if ((t.isFunctionDeclaration(node) || t.isFunctionExpression(node)) && node.id) return node.id.name;
  const parent = fn.parent;
  if (t.isVariableDeclarator(parent) && t.isIdentifier(parent.id)) return parent.id.name;
  if (t.isAssignmentExpression(parent) && t.isIdentifier(parent.left)) return parent.left.name;
  if (t.isAssignmentExpression(parent) && t.isMemberExpression(parent.left) && t.isIdentifier(parent.left.property)) return parent.left.property.name;
  if (t.isObjectProperty(parent) && t.isIdentifier(parent.key)) return parent.key.name;
  return null;
}

function className(path: NodePath<t.Class>): string {
  if (path.node.id) return path.node.id.name;
  const parent = path.parent;
  if (t.isVariableDeclarator(parent) && t.isIdentifier(parent.id)) return parent.id.name;
  if (t.isAssignmentExpression(parent) && t.isIdentifier(parent.left)) return parent.left.name;
  if (t.isAssignmentExpression(parent) && t.isMemberExpression(parent.left) && t.isIdentifier(parent.left.property) && !parent.left.computed) {
    return parent.left.property.name === 'exports' ? '(anonymous)' : parent.left.property.name;
  }
  if (t.isExportDefaultDeclaration(parent)) return 'default';
  return '(anonymous)';
}

/**
 * The module-level name a class is reachable under, if it is a top-level declaration or `const X = class`,
 * and the name always holds it: a binding assigned again (`export let Base = class {…}` with `Base = …`
 * later, TypeScript's `Foo = __decorate([…], Foo)`) may hold something else when a subclass is defined
 * or when copied code reads it, so the class is not reachable under it.
 */
function moduleBindingOf(path: NodePath<t.Class>): string | null {
  const name = moduleLevelName(path);
  if (name === null) return null;
  const binding = path.scope.getProgramParent().getOwnBinding(name);
  return binding && !binding.constant ? null : name;
}

function moduleLevelName(path: NodePath<t.Class>): string | null {
  const parent = path.parentPath;
  if (path.isClassDeclaration() && path.node.id) {
    const holder = parent?.isExportNamedDeclaration() || parent?.isExportDefaultDeclaration() ? parent.parentPath : parent;
    return holder?.isProgram() ? path.node.id.name : null;
  }
  if (parent?.isVariableDeclarator() && t.isIdentifier(parent.node.id)) {
    const decl = parent.parentPath;
    const holder = decl?.parentPath?.isExportNamedDeclaration() ? decl.parentPath.parentPath : decl?.parentPath;
    return holder?.isProgram() ? parent.node.id.name : null;
  }
  return null;
}

function collectTopLevel(info: ModuleInfo, body: t.Statement[]): void {
  for (const node of body) {
    if (t.isImportDeclaration(node)) {
      const typeOnlyDecl = node.importKind === 'type' || node.importKind === 'typeof';
      for (const s of node.specifiers) {
        const typeOnly = typeOnlyDecl || (t.isImportSpecifier(s) && (s.importKind === 'type' || s.importKind === 'typeof'));
        const imported = t.isImportDefaultSpecifier(s) ? 'default' : t.isImportNamespaceSpecifier(s) ? '*' : exportName(s.imported);
        info.imports.set(s.local.name, { local: s.local.name, specifier: node.source.value, imported, typeOnly, viaRequire: false, node });
      }
    } else if (t.isExportNamedDeclaration(node)) {
      collectNamedExport(info, node);
      if (t.isVariableDeclaration(node.declaration)) collectAliases(info, node.declaration);
      if (t.isFunctionDeclaration(node.declaration) && node.declaration.id) collectCopier(info, node.declaration.id.name, node.declaration);
    } else if (t.isExportDefaultDeclaration(node)) {
      const d = node.declaration;
      if ((t.isClassDeclaration(d) || t.isFunctionDeclaration(d)) && d.id) info.exports.set('default', { kind: 'local', local: d.id.name });
      else if (t.isIdentifier(d)) info.exports.set('default', { kind: 'local', local: d.name });
      else if (t.isClassDeclaration(d) || t.isClassExpression(d)) info.exports.set('default', { kind: 'class', classIndex: -1 });
    } else if (t.isExportAllDeclaration(node)) {
      if (node.exportKind !== 'type') info.exportAll.push(node.source.value);
    } else if (t.isVariableDeclaration(node)) {
      collectAliases(info, node);
      for (const d of node.declarations) {
        collectRequire(info, d, node);
        if (t.isIdentifier(d.id) && (t.isArrowFunctionExpression(d.init) || t.isFunctionExpression(d.init))) collectCopier(info, d.id.name, d.init);
      }
    } else if (t.isFunctionDeclaration(node) && node.id) {
      collectCopier(info, node.id.name, node);
    } else if (t.isExpressionStatement(node) && t.isCallExpression(node.expression) && t.isIdentifier(node.expression.callee)) {
      const [d, list] = node.expression.arguments;
      if (t.isIdentifier(d) && t.isArrayExpression(list) && list.elements.every((e) => t.isIdentifier(e))) {
        info.applyCalls.push({ callee: node.expression.callee.name, derived: d.name, bases: list.elements.map((e) => (e as t.Identifier).name), statement: node });
      }
    } else if (t.isExpressionStatement(node) && t.isAssignmentExpression(node.expression, { operator: '=' })) {
      collectCommonJsExport(info, node.expression);
    } else if (t.isTSImportEqualsDeclaration(node) && t.isTSExternalModuleReference(node.moduleReference)) {
      info.imports.set(node.id.name, {
        local: node.id.name,
        specifier: node.moduleReference.expression.value,
        imported: '*',
        typeOnly: node.importKind === 'type',
        viaRequire: true,
        node,
      });
    }
  }
}

/** `const X = Y` and `const X = ns.Y` at module level (ModuleInfo.aliases): a `const` is never assigned again. */
function collectAliases(info: ModuleInfo, node: t.VariableDeclaration): void {
  if (node.kind !== 'const' || node.declare) return;
  for (const d of node.declarations) {
    if (!t.isIdentifier(d.id)) continue;
    if (t.isIdentifier(d.init) && d.id.name !== d.init.name) info.aliases.set(d.id.name, d.init.name);
    else if (d.init && isNamespaceMember(d.init)) info.aliases.set(d.id.name, `${d.init.object.name}.${d.init.property.name}`);
  }
}

/**
 * The applyMixins shape (TypeScript handbook): a function that walks `Object.getOwnPropertyNames(x.prototype)`
 * and defines or assigns each onto another prototype. Recognized by its body, whatever its name.
 */
function collectCopier(info: ModuleInfo, name: string, fn: t.Function): void {
  if (fn.params.length < 2 || fn.start == null || fn.end == null) return;
  const body = info.code.slice(fn.start, fn.end);
  if (!/getOwnPropertyNames\s*\(/.test(body) || !/\.prototype\b/.test(body) || !/defineProperty|\]\s*=/.test(body)) return;
  info.prototypeCopiers.set(name, { copiesConstructor: !/['"]constructor['"]/.test(body) });
}

function exportName(n: t.Identifier | t.StringLiteral): string {
  return t.isIdentifier(n) ? n.name : n.value;
}

function collectNamedExport(info: ModuleInfo, node: t.ExportNamedDeclaration): void {
  if (node.exportKind === 'type') return;
  const d = node.declaration;
  if (d) {
    if ((t.isClassDeclaration(d) || t.isFunctionDeclaration(d)) && d.id) info.exports.set(d.id.name, { kind: 'local', local: d.id.name });
    else if (t.isVariableDeclaration(d)) {
      for (const decl of d.declarations) {
        for (const name of Object.keys(t.getBindingIdentifiers(decl.id))) info.exports.set(name, { kind: 'local', local: name });
      }
    } else if (t.isTSEnumDeclaration(d)) info.exports.set(d.id.name, { kind: 'local', local: d.id.name });
    else if (t.isTSModuleDeclaration(d) && t.isIdentifier(d.id)) info.exports.set(d.id.name, { kind: 'local', local: d.id.name });
    return;
  }
  for (const s of node.specifiers) {
    if (t.isExportSpecifier(s)) {
      if (s.exportKind === 'type') continue;
      const exported = exportName(s.exported);
      if (node.source) info.exports.set(exported, { kind: 'reexport', specifier: node.source.value, imported: s.local.name });
      else info.exports.set(exported, { kind: 'local', local: s.local.name });
    } else if (t.isExportNamespaceSpecifier(s) && node.source) {
      info.exports.set(exportName(s.exported), { kind: 'reexport', specifier: node.source.value, imported: '*' });
    } else if (t.isExportDefaultSpecifier(s) && node.source) {
      info.exports.set(s.exported.name, { kind: 'reexport', specifier: node.source.value, imported: 'default' });
    }
  }
}

/** `const X = require('s')`, `const { A, B: C } = require('s')`, `const X = require('s').A`. */
function collectRequire(info: ModuleInfo, d: t.VariableDeclarator, decl: t.VariableDeclaration): void {
  const init = d.init;
  const req = requireSpecifier(init);
  if (req !== null) {
    if (t.isIdentifier(d.id)) info.imports.set(d.id.name, { local: d.id.name, specifier: req, imported: '*', typeOnly: false, viaRequire: true, node: decl });
    else if (t.isObjectPattern(d.id)) {
      for (const p of d.id.properties) {
        if (t.isObjectProperty(p) && !p.computed && t.isIdentifier(p.value)) {
          const key = t.isIdentifier(p.key) ? p.key.name : t.isStringLiteral(p.key) ? p.key.value : null;
          if (key) info.imports.set(p.value.name, { local: p.value.name, specifier: req, imported: key, typeOnly: false, viaRequire: true, node: decl });
        }
      }
    }
    return;
  }
  if (t.isMemberExpression(init) && !init.computed && t.isIdentifier(init.property) && t.isIdentifier(d.id)) {
    const spec = requireSpecifier(init.object);
    if (spec !== null) info.imports.set(d.id.name, { local: d.id.name, specifier: spec, imported: init.property.name, typeOnly: false, viaRequire: true, node: decl });
  }
}

export function requireSpecifier(node: t.Node | null | undefined): string | null {
  if (t.isCallExpression(node) && t.isIdentifier(node.callee, { name: 'require' }) && node.arguments.length === 1 && t.isStringLiteral(node.arguments[0])) {
    return node.arguments[0].value;
  }
  return null;
}

/** `module.exports = X`, `module.exports = { A, B }`, `exports.A = A`, `module.exports.A = A`. */
function collectCommonJsExport(info: ModuleInfo, a: t.AssignmentExpression): void {
  const left = a.left;
  const right = a.right;
  const entryFor = (value: t.Node): ExportEntry | null => {
    if (t.isIdentifier(value)) return { kind: 'local', local: value.name };
    if (t.isClassExpression(value)) {
      const loc = startOf(info.code, value);
      return { kind: 'class', classIndex: -1, line: loc.line, column: loc.column + 1 };
    }
    return null;
  };
  if (isModuleExports(left)) {
    if (t.isObjectExpression(right)) {
      for (const p of right.properties) {
        if (t.isObjectProperty(p) && !p.computed && t.isIdentifier(p.key)) {
          const e = entryFor(p.value);
          if (e) info.exports.set(p.key.name, e);
        }
      }
    } else {
      const e = entryFor(right);
      if (e) info.cjsModuleExports = e;
      const req = requireSpecifier(right);
      if (req !== null) info.exportAll.push(req);
    }
    return;
  }
  if (t.isMemberExpression(left) && !left.computed && t.isIdentifier(left.property) && (t.isIdentifier(left.object, { name: 'exports' }) || isModuleExports(left.object))) {
    const e = entryFor(right);
    if (e) info.exports.set(left.property.name, e);
  }
}

/**
 * The CommonJS exports another module may read with another value than the one the top-level
 * `exports.X = …` / `module.exports = …` the summary recorded gave (see ModuleInfo.cjsUnsettled).
 * Shadowing of `exports` and `module` is not looked at: more names unsettled, never fewer. `visit`
 * sees every node in walkNodes' order (the plain walk's), `result` answers once all were seen.
 */
function commonJsExportWatcher(): { visit: (node: t.Node) => void; result: () => Set<string> | 'all' | null } {
  const writes = new Map<string, number>();
  const names = new Set<string>();
  const handled = new Set<t.Node>();
  let all = false;
  let wholesale = 0;
  let lastWholesale = -1;
  let firstMemberWrite = Infinity;
  let viaExports = false;
  const isExportsObject = (n: t.Node): boolean => t.isIdentifier(n, { name: 'exports' }) || isModuleExports(n);
  const memberName = (n: t.Node): string | null | undefined => {
    // undefined: not a member of the exports object; null: a computed one.
    if (!t.isMemberExpression(n) || !isExportsObject(n.object)) return undefined;
    if (!n.computed && t.isIdentifier(n.property)) return n.property.name;
    if (t.isStringLiteral(n.property)) return n.property.value;
    return null;
  };
  const unset = (name: string | null | undefined) => {
    if (name === null) all = true;
    else if (name !== undefined) names.add(name);
  };
  // `{ k: … }`, `{ 'k': … }`, `{ k() {} }`: the key; null for computed keys and spreads.
  const staticKey = (p: t.Node): string | null =>
    (t.isObjectProperty(p) || t.isObjectMethod(p)) && !p.computed && (t.isIdentifier(p.key) || t.isStringLiteral(p.key)) ? (t.isIdentifier(p.key) ? p.key.name : p.key.value) : null;
  const isVoid = (n: t.Node): boolean => {
    while (t.isAssignmentExpression(n, { operator: '=' })) n = n.right;
    return (t.isUnaryExpression(n, { operator: 'void' }) && t.isLiteral(n.argument)) || t.isIdentifier(n, { name: 'undefined' });
  };
  const visit = (node: t.Node): void => {
    // Names that are not references: `a.exports`, `{ exports: … }`, `exports() {}`.
    if ((t.isMemberExpression(node) || t.isOptionalMemberExpression(node)) && !node.computed) handled.add(node.property);
    else if ((t.isObjectProperty(node) || t.isObjectMethod(node) || t.isClassMethod(node) || t.isClassProperty(node)) && !node.computed) handled.add(node.key);
    if (t.isAssignmentExpression(node)) {
      const left = node.left;
      const name = memberName(left);
      if (name !== undefined) {
        handled.add((left as t.MemberExpression).object);
        if (name === null) all = true;
        else if (node.operator !== '=' ) names.add(name);
        else if (!isVoid(node.right)) writes.set(name, (writes.get(name) ?? 0) + 1);
        firstMemberWrite = Math.min(firstMemberWrite, node.start ?? 0);
        if (t.isIdentifier((left as t.MemberExpression).object)) viaExports = true;
      } else if (isModuleExports(left)) {
        handled.add(left);
        wholesale++;
        lastWholesale = Math.max(lastWholesale, node.start ?? 0);
        if (t.isObjectExpression(node.right)) {
          for (const p of node.right.properties) {
            const key = staticKey(p);
            if (key !== null) writes.set(key, (writes.get(key) ?? 0) + 1);
            else all = true;
          }
        }
      } else if (t.isIdentifier(left, { name: 'exports' })) {
        all = true;
      }
    } else if (t.isUpdateExpression(node) || t.isUnaryExpression(node, { operator: 'delete' })) {
      const name = memberName(node.argument);
      if (name !== undefined) {
        handled.add((node.argument as t.MemberExpression).object);
        unset(name);
      }
    } else if (t.isCallExpression(node) && node.arguments.length > 0 && isExportsObject(node.arguments[0])) {
      const target = node.arguments[0];
      const callee = node.callee;
      const objectMethod = t.isMemberExpression(callee) && t.isIdentifier(callee.object, { name: 'Object' }) && !callee.computed && t.isIdentifier(callee.property) ? callee.property.name : null;
      if (objectMethod === 'defineProperty') {
        const key = node.arguments[1];
        if (t.isStringLiteral(key)) {
          if (key.value !== '__esModule') names.add(key.value);
        } else all = true;
        handled.add(target);
      } else if (objectMethod === 'assign') {
        for (const source of node.arguments.slice(1)) {
          if (!t.isObjectExpression(source)) all = true;
          else {
            for (const p of source.properties) {
              const key = staticKey(p);
              if (key !== null) names.add(key);
              else all = true;
            }
          }
        }
        handled.add(target);
      } else if (t.isIdentifier(callee) && /^_*(exportStar|export|setModuleDefault|createBinding|interopRequireWildcard)$/.test(callee.name)) {
        // tsc's and Babel's helpers: they define names the module does not assign itself.
        handled.add(target);
      }
    } else if (t.isMemberExpression(node) && isExportsObject(node.object)) {
      handled.add(node.object);
    } else if ((t.isIdentifier(node, { name: 'exports' }) || isModuleExports(node)) && !handled.has(node)) {
      // The exports object escapes: aliased, passed, returned.
      all = true;
    }
  };
  const result = (): Set<string> | 'all' | null => {
    for (const [name, count] of writes) if (count > 1) names.add(name);
    if (all || wholesale > 1 || (wholesale > 0 && (viaExports || firstMemberWrite < lastWholesale))) return 'all';
    return names.size > 0 ? names : null;
  };
  return { visit, result };
}

function isModuleExports(n: t.Node): boolean {
  return t.isMemberExpression(n) && !n.computed && t.isIdentifier(n.object, { name: 'module' }) && t.isIdentifier(n.property, { name: 'exports' });
}

/** What the superclass expression of a class names. */
function superRefOf(path: NodePath<t.Class>, classIndexByNode: Map<t.Node, number>, info: ModuleInfo): SuperRef {
  const sc = path.node.superClass;
  if (!sc) return { kind: 'none' };
  const ref = nameRefOf(childPath<NodePath>(path, 'superClass'), classIndexByNode, info);
  switch (ref.kind) {
    case 'class':
      return { kind: 'class', classIndex: ref.classIndex };
    case 'import':
      return { kind: 'import', local: ref.local };
    case 'member':
      return { kind: 'member', object: ref.object, property: ref.property };
    case 'global':
      return { kind: 'global', name: ref.name };
    default:
      return { kind: 'unknown', reason: t.isCallExpression(sc) ? 'superclass is computed by a call (a mixin?)' : 'superclass is not a statically known class' };
  }
}

/** Resolve an expression to what it names, following same-file aliases (`const B = A`). */
export function nameRefOf(path: NodePath, classIndexByNode: Map<t.Node, number>, info: ModuleInfo, followCalls = false): NameRef {
  const node = path.node;
  const text = node.start != null && node.end != null ? info.code.slice(node.start, node.end) : '?';
  if (t.isClass(node)) {
    const idx = classIndexByNode.get(node);
    if (idx !== undefined) return { kind: 'class', classIndex: idx };
  }
  if (t.isThisExpression(node)) {
    const fn = path.getFunctionParent();
    const holder = enclosingClassMember(path);
    if (holder) {
      const idx = classIndexByNode.get(holder.cls);
      if (idx !== undefined) return holder.isStatic ? { kind: 'this-static', classIndex: idx } : { kind: 'this-instance', classIndex: idx };
    }
    void fn;
    return { kind: 'unknown', text };
  }
  if (t.isIdentifier(node)) return identifierRef(path, node.name, classIndexByNode, info, 0, followCalls);
  if (t.isMemberExpression(node) && !node.computed && t.isIdentifier(node.object) && t.isIdentifier(node.property)) {
    const binding = path.scope.getBinding(node.object.name);
    if (binding && binding.scope.path.isProgram() && info.imports.has(node.object.name)) {
      return { kind: 'member', object: node.object.name, property: node.property.name };
    }
    if (!binding) return { kind: 'global', name: `${node.object.name}.${node.property.name}` };
  }
  if (t.isTSAsExpression(node) || t.isTSNonNullExpression(node) || t.isParenthesizedExpression(node) || t.isTSSatisfiesExpression(node) || t.isTSTypeAssertion(node)) {
    return nameRefOf(childPath<NodePath>(path, 'expression'), classIndexByNode, info, followCalls);
  }
  return { kind: 'unknown', text };
}

/**
 * A reported use's operand: like nameRefOf, and a name bound to what a factory function of this file
 * returns is that class. (Not for superclasses: a class extending a factory's result is left alone.)
 */
function useRefOf(path: NodePath, classIndexByNode: Map<t.Node, number>, info: ModuleInfo): NameRef {
  return nameRefOf(path, classIndexByNode, info, true);
}

function identifierRef(path: NodePath, name: string, classIndexByNode: Map<t.Node, number>, info: ModuleInfo, depth: number, followCalls: boolean): NameRef {
  const binding: Binding | undefined = path.scope.getBinding(name);
  if (!binding) return { kind: 'global', name };
  const bp = binding.path;
  if (bp.isClassDeclaration() || bp.isClassExpression()) {
    // `class Base {}` whose name is assigned again may hold another class where it is read.
    const idx = classIndexByNode.get(bp.node);
    if (idx !== undefined && binding.constant) return { kind: 'class', classIndex: idx };
  }
  if (binding.kind === 'module' || (info.imports.has(name) && binding.scope.path.isProgram())) return { kind: 'import', local: name };
  if (bp.isVariableDeclarator() && binding.constant && depth < 8) {
    const init = childPath<NodePath>(bp, 'init');
    if (init.node) {
      if (t.isClassExpression(init.node)) {
        const idx = classIndexByNode.get(init.node);
        if (idx !== undefined) return { kind: 'class', classIndex: idx };
      }
      if (t.isIdentifier(init.node)) return identifierRef(init, init.node.name, classIndexByNode, info, depth + 1, followCalls);
      if (t.isMemberExpression(init.node)) return nameRefOf(init, classIndexByNode, info);
      if (followCalls && init.isCallExpression()) {
        const made = classReturnedBy(init, classIndexByNode, info, depth);
        if (made) return made;
      }
    }
  }
  return { kind: 'unknown', text: name };
}

/**
 * `make()` where `make` is a function of this file that returns one class (a class local to a factory,
 * `function make() { class Local extends Base {} return Local; }`): that class.
 */
function classReturnedBy(call: NodePath<t.CallExpression>, classIndexByNode: Map<t.Node, number>, info: ModuleInfo, depth: number): NameRef | null {
  const callee = call.node.callee;
  if (!t.isIdentifier(callee)) return null;
  const binding = call.scope.getBinding(callee.name);
  if (!binding || !binding.constant) return null;
  let fn: NodePath = binding.path;
  if (fn.isVariableDeclarator()) fn = childPath<NodePath>(fn, 'init');
  if (!fn.isFunction()) return null;
  const body = childPath<NodePath>(fn, 'body');
  if (!body.isBlockStatement()) return body.isExpression() ? returnedClass([body], classIndexByNode, info, depth) : null;
  const returned: NodePath[] = [];
  body.traverse({
    Function(p) {
      p.skip();
    },
    ReturnStatement(p) {
      returned.push(childPath<NodePath>(p, 'argument'));
    },
  });
  return returnedClass(returned, classIndexByNode, info, depth);
}

function returnedClass(returned: NodePath[], classIndexByNode: Map<t.Node, number>, info: ModuleInfo, depth: number): NameRef | null {
  let found: number | null = null;
  for (const r of returned) {
    if (!r.node) return null;
    const ref = t.isIdentifier(r.node) ? identifierRef(r, r.node.name, classIndexByNode, info, depth + 1, true) : nameRefOf(r, classIndexByNode, info);
    if (ref.kind !== 'class' || (found !== null && found !== ref.classIndex)) return null;
    found = ref.classIndex;
  }
  return found === null ? null : { kind: 'class', classIndex: found };
}

/** The class whose member (method, accessor, field, static block) encloses `path`, through arrows only. */
export function enclosingClassMember(path: NodePath): { cls: t.Class; isStatic: boolean } | null {
  let p: NodePath | null = path.parentPath;
  while (p) {
    if (p.isClassMethod() || p.isClassPrivateMethod()) {
      const cls = p.parentPath?.parentPath?.node;
      return cls && t.isClass(cls) ? { cls, isStatic: !!p.node.static } : null;
    }
    if (p.isClassProperty() || p.isClassPrivateProperty() || p.isStaticBlock()) {
      const cls = p.parentPath?.parentPath?.node;
      return cls && t.isClass(cls) ? { cls, isStatic: p.isStaticBlock() || !!(p.node as t.ClassProperty).static } : null;
    }
    if (p.isFunction() && !p.isArrowFunctionExpression()) return null;
    p = p.parentPath;
  }
  return null;
}

/** The innermost class enclosing `path` that declares `#name`. */
export function declaringClassOf(path: NodePath, name: string): t.Class | null {
  let p: NodePath | null = path.parentPath;
  while (p) {
    if (p.isClass()) {
      for (const m of p.node.body.body) {
        if ((t.isClassPrivateProperty(m) || t.isClassPrivateMethod(m)) && m.key.id.name === name) return p.node;
      }
    }
    p = p.parentPath;
  }
  return null;
}

function callUse(path: NodePath<t.CallExpression>, idx: Map<t.Node, number>, info: ModuleInfo): UseKind | null {
  const callee = path.node.callee;
  if (!t.isMemberExpression(callee) || callee.computed || !t.isIdentifier(callee.property)) return null;
  const method = callee.property.name;
  const args = childPath<NodePath[]>(path, 'arguments');
  const objName = t.isIdentifier(callee.object) && !path.scope.getBinding(callee.object.name) ? callee.object.name : null;
  if ((objName === 'Object' || objName === 'Reflect') && args[0]) {
    if (method === 'getPrototypeOf') {
      const arg = args[0] as NodePath;
      // getPrototypeOf(X.prototype) asks for X's parent's prototype: a question about X's chain.
      const owner = prototypeOwnerPath(arg);
      return { kind: 'get-prototype', api: `${objName}.getPrototypeOf`, arg: useRefOf(owner ?? arg, idx, info), walk: fromGetPrototype(arg) };
    }
    if (method === 'setPrototypeOf') return { kind: 'set-prototype', api: `${objName}.setPrototypeOf`, arg: useRefOf(args[0] as NodePath, idx, info) };
    if ((objName === 'Object' && /^(getOwnPropertyNames|getOwnPropertyDescriptors|getOwnPropertySymbols|keys|entries|values|hasOwn|getOwnPropertyDescriptor)$/.test(method)) || (objName === 'Reflect' && /^(ownKeys|getOwnPropertyDescriptor)$/.test(method))) {
      const owner = prototypeOwnerPath(args[0] as NodePath);
      return { kind: 'own-keys', api: `${objName}.${method}`, target: useRefOf(owner ?? (args[0] as NodePath), idx, info), prototype: owner !== null };
    }
    if (objName === 'Object' && (method === 'defineProperty' || method === 'defineProperties' || method === 'assign')) {
      const owner = prototypeOwnerPath(args[0] as NodePath);
      if (owner) return { kind: 'prototype-patch', target: useRefOf(owner, idx, info), member: method };
      // `Object.assign(X, {…})`, `Object.defineProperty(X, 'k', …)`: statics of X changed after definition.
      // `ns.X` too: a class reached through a namespace or module object.
      if (t.isIdentifier(bare(args[0].node)) || isNamespaceMember(bare(args[0].node))) {
        const target = useRefOf(args[0] as NodePath, idx, info);
        const key = args[1]?.node;
        const member = method !== 'defineProperty' ? '*' : t.isStringLiteral(key) ? key.value : '[computed]';
        if (target.kind === 'class' || target.kind === 'import' || target.kind === 'member') return { kind: 'static-patch', target, member };
      }
    }
  }
  if (objName === 'Object' && method === 'is') {
    for (const a of args.slice(0, 2)) {
      const use = identityUse(a as NodePath, idx, info);
      if (use) return use;
    }
  }
  if (method === 'isPrototypeOf') {
    const owner = prototypeOwnerPath((childPath<NodePath<t.MemberExpression>>(path, 'callee')).get('object') as NodePath);
    if (owner) return { kind: 'isPrototypeOf', target: useRefOf(owner, idx, info) };
  }
  if (method === 'call' && t.isMemberExpression(callee.object) && t.isIdentifier(callee.object.property, { name: 'isPrototypeOf' }) && args[0]) {
    const owner = prototypeOwnerPath(args[0] as NodePath);
    if (owner) return { kind: 'isPrototypeOf', target: useRefOf(owner, idx, info) };
  }
  return null;
}

/**
 * A class or an import handed to a callee that is a global or an import (passed-out.ts): one use per
 * distinct value. A local callee is project code, which the run scans itself.
 */
function passedOutUses(path: NodePath<t.CallExpression | t.NewExpression>, idx: Map<t.Node, number>, info: ModuleInfo, mayName: (name: string) => boolean): UseKind[] {
  const node = path.node;
  // `expect(Base).toBeDefined()`: the subject of a fluent assertion, not what it compares against.
  if (!mayPassOut(node, mayName) || (t.isMemberExpression(path.parent) && path.parent.object === node)) return [];
  const root = calleeRoot(node.callee)!.name;
  const binding = path.scope.getBinding(root);
  let callee: Extract<UseKind, { kind: 'passed-out' }>['callee'];
  if (!binding) callee = { kind: 'global', name: root };
  else if (binding.kind === 'module' || (info.imports.has(root) && binding.scope.path.isProgram())) callee = { kind: 'import', local: root };
  else return [];
  const uses: UseKind[] = [];
  const seen = new Set<string>();
  somePassedValue(node, (value, key) => {
    if (!mayName(passedName(value))) return false;
    const arg = useRefOf(path.get(key()) as NodePath, idx, info);
    if (arg.kind !== 'class' && arg.kind !== 'import' && arg.kind !== 'member') return false;
    const text = JSON.stringify(arg);
    if (!seen.has(text)) {
      seen.add(text);
      uses.push({ kind: 'passed-out', callee, arg });
    }
    return false;
  });
  return uses;
}

/** Is this value (an expression, or a variable's initializer or assignment) a getPrototypeOf call? */
function fromGetPrototype(path: NodePath): boolean {
  const isCall = (n: t.Node | null | undefined) =>
    t.isCallExpression(n) && t.isMemberExpression(n.callee) && t.isIdentifier(n.callee.property, { name: 'getPrototypeOf' });
  if (isCall(path.node)) return true;
  if (!path.isIdentifier()) return false;
  const binding = path.scope.getBinding(path.node.name);
  if (!binding) return false;
  if (binding.path.isVariableDeclarator() && isCall(binding.path.node.init)) return true;
  return binding.constantViolations.some((v) => v.isAssignmentExpression() && isCall(v.node.right));
}

/** `X.prototype.m` or `X.m`, an operand of an identity comparison: a method copied by flattening compares unequal. */
function identityUse(path: NodePath, idx: Map<t.Node, number>, info: ModuleInfo): UseKind | null {
  const node = path.node;
  if (!t.isMemberExpression(node) || node.computed || !t.isIdentifier(node.property)) return null;
  const owner = prototypeOwnerPath(childPath<NodePath>(path, 'object'));
  const prototype = owner !== null;
  const classPath = barePath(owner ?? (childPath<NodePath>(path, 'object')));
  if (!classPath.isIdentifier()) return null;
  return { kind: 'method-identity', target: useRefOf(classPath, idx, info), member: node.property.name, prototype };
}

/** `X.prototype.m = f`, `X.prototype[k] = f`, `X.staticProp = v` written outside X's own body. */
function patchUse(path: NodePath<t.AssignmentExpression | t.UpdateExpression | t.UnaryExpression>, idx: Map<t.Node, number>, info: ModuleInfo): UseKind | null {
  // `X.m = v`, `X.m++` and `delete X.m` all change what X's subclasses inherited.
  const left = writtenMember(path.node);
  if (!left) return null;
  const leftKey = path.isAssignmentExpression() ? 'left' : 'argument';
  const memberName = (m: t.MemberExpression): string =>
    !m.computed && t.isIdentifier(m.property) ? m.property.name : t.isStringLiteral(m.property) ? m.property.value : '[computed]';
  const obj = bare(left.object);
  const owner = prototypeOwnerPath(childPath<NodePath>((path.get(leftKey) as NodePath<t.MemberExpression>), 'object'));
  if (owner) return { kind: 'prototype-patch', target: useRefOf(owner, idx, info), member: memberName(left) };
  // `ns.X.m = v`: X reached through a namespace or module object (nameRefOf's `member`).
  if (t.isIdentifier(obj) || t.isThisExpression(obj) || isNamespaceMember(obj)) {
    const target = useRefOf(childPath<NodePath>((path.get(leftKey) as NodePath<t.MemberExpression>), 'object'), idx, info);
    if (target.kind === 'class' || target.kind === 'import' || target.kind === 'this-static' || target.kind === 'member') {
      if (memberName(left) === 'prototype') return { kind: 'prototype-patch', target, member: 'prototype' };
      return { kind: 'static-patch', target, member: memberName(left) };
    }
  }
  return null;
}

export interface PlainWalk {
  /** Every identifier name, in the order traverse meets them. */
  names: Set<string>;
  /** Something only traverse (with scopes) can summarize: a class or a use callUse etc. may report. */
  needsScopes: boolean;
  /** `X` of every `X.m = v` (and `ns` of `ns.X.m = v`): a use when X is an import or an alias of one (patchUse). */
  patchedNames: Set<string>;
  /** Names declared as `const A = B`, which nameRefOf follows to B. */
  aliases: Set<string>;
  /** Names declared as `const A = ns.B`, which nameRefOf follows to ns.B. */
  memberAliases: Set<string>;
  /** `X` → every `ns` of `X = ns.Y` (plain names): a patch of X is a use when ns is an import (nameRefOf's `member`). */
  memberAliasRoots: Map<string, string[]>;
  /** Names of classes: declarations, named class expressions, `const A = class {}`. */
  classNames: Set<string>;
  /** Names (or namespaces) passed to a call whose callee may be outside the project (passed-out.ts). */
  passedNames: Set<string>;
  /** A TypeScript `this` type or `this` parameter appears (see ModuleInfo.thisTyped). */
  thisTyped: boolean;
  /** ModuleInfo.cjsUnsettled of a script (null for an ES module), once the walk is complete. */
  cjsUnsettled: () => Set<string> | 'all' | null;
}

/**
 * One walk without paths or scopes. Conservative: whenever a visitor of summarizeModule's traverse
 * could record a class or a use, it says traverse is needed.
 */
function walkPlainly(ast: t.File): PlainWalk {
  const walker = plainWalker();
  walkNodes(ast, (node) => {
    walker.visit(node);
    return true;
  });
  return walker.walk;
}

/**
 * walkPlainly's visit of one node, for a caller that walks the tree anyway (parseSource's depth
 * check): `walk` is complete once every node of the tree was visited, in walkNodes' order.
 */
export function plainWalker(): { visit: (node: t.Node) => void; walk: PlainWalk } {
  // Scripts only: an ES module's Program (the second node visited) turns it off.
  let cjs: ReturnType<typeof commonJsExportWatcher> | null = commonJsExportWatcher();
  const out: PlainWalk = {
    names: new Set(), needsScopes: false, patchedNames: new Set(), aliases: new Set(), memberAliases: new Set(), memberAliasRoots: new Map(), classNames: new Set(), passedNames: new Set(), thisTyped: false,
    cjsUnsettled: () => cjs?.result() ?? null,
  };
  const addPassed = (value: t.Identifier | t.MemberExpression): boolean => {
    out.passedNames.add(passedName(value));
    return false;
  };
  const visit = (node: t.Node): void => {
    if (cjs) {
      if (node.type === 'Program' && node.sourceType === 'module') cjs = null;
      else cjs.visit(node);
    }
    switch (node.type) {
      case 'Identifier':
        // An identifier named `this` is a `this` parameter (the expression is a ThisExpression).
        if (node.name === 'this') out.thisTyped = true;
        out.names.add(node.name);
        break;
      case 'JSXIdentifier':
        out.names.add(node.name);
        break;
      case 'TSThisType':
        out.thisTyped = true;
        break;
      case 'ClassDeclaration':
      case 'ClassExpression':
        out.needsScopes = true;
        if (node.id) out.classNames.add(node.id.name);
        break;
      case 'BinaryExpression':
        if (node.operator === 'instanceof' || (node.operator === 'in' && node.left.type === 'PrivateName')) out.needsScopes = true;
        // An identity comparison of `X.m` or `X.prototype.m` (identityUse).
        else if (/^[!=]==?$/.test(node.operator) && (mayBeMethodOf(node.left) || mayBeMethodOf(node.right))) out.needsScopes = true;
        break;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        if (!node.computed && t.isIdentifier(node.property, { name: '__proto__' })) out.needsScopes = true;
        if (isForeignPrivateAccess(node)) out.needsScopes = true;
        break;
      case 'CallExpression':
        if (mayIntrospect(node)) out.needsScopes = true;
        if (mayCallOut(node)) somePassedValue(node, addPassed);
        break;
      case 'NewExpression':
        if (mayCallOut(node)) somePassedValue(node, addPassed);
        break;
      case 'AssignmentExpression':
      case 'UpdateExpression':
      case 'UnaryExpression': {
        const left = writtenMember(node);
        if (!left) break;
        const obj = bare(left.object);
        if (isPrototypeRef(obj)) out.needsScopes = true;
        else if (t.isIdentifier(obj)) out.patchedNames.add(obj.name);
        else if (isNamespaceMember(obj)) out.patchedNames.add(obj.object.name);
        break;
      }
      case 'VariableDeclarator':
        if (t.isIdentifier(node.id) && t.isIdentifier(node.init)) out.aliases.add(node.id.name);
        else if (t.isIdentifier(node.id) && t.isMemberExpression(node.init)) {
          out.memberAliases.add(node.id.name);
          if (isNamespaceMember(node.init)) {
            const roots = out.memberAliasRoots.get(node.id.name);
            if (roots) roots.push(node.init.object.name);
            else out.memberAliasRoots.set(node.id.name, [node.init.object.name]);
          }
        }
        else if (t.isIdentifier(node.id) && t.isClassExpression(node.init)) out.classNames.add(node.id.name);
        break;
    }
  };
  return { visit, walk: out };
}

/**
 * `ast` and `programPath` of a module summarized without traverse: the tree given (or, when it was
 * dropped, parsed again from the code), and its Program path made by traverse, both on first read.
 */
function defineSyntaxOnDemand(info: ModuleInfo, kept: t.File | null): void {
  let tree = kept;
  let program: NodePath<t.Program> | null = null;
  const treeOf = (): t.File => {
    if (tree === null) {
      const outcome = parseSource(info.absPath, info.code);
      if (!outcome.ok) throw new Error(`internal error: ${info.relPath} parsed once and not again: ${outcome.error.message}`);
      tree = outcome.ast;
    }
    return tree;
  };
  const programOf = (): NodePath<t.Program> => {
    if (program === null) {
      traverse(treeOf(), {
        Program(path) {
          program = path;
          path.stop();
        },
      });
    }
    return program!;
  };
  Object.defineProperty(info, 'ast', { configurable: true, enumerable: true, get: treeOf, set: (v: t.File) => void (tree = v) });
  Object.defineProperty(info, 'programPath', { configurable: true, enumerable: true, get: programOf, set: (v: NodePath<t.Program>) => void (program = v) });
}
