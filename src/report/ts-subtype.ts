import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ClassGraph, ClassId, ClassNode } from '../graph/class-graph.js';
import type { ModuleInfo } from '../scan/module-info.js';
import { startOf } from '../scan/positions.js';
import type { Diagnostic } from '../types.js';
import { childPath } from '../scan/child-path.js';

/**
 * TypeScript compares classes with private or protected members (and `#names`) nominally: once flattened,
 * a class is no longer assignable to a former ancestor that has such members, nor to interfaces that
 * extend one. Run-time behaviour is unaffected, but the mirror stops type-checking wherever a value of
 * the flattened class meets a type of the former ancestor.
 *
 * Without a type checker the places are found by a syntactic over-approximation, in every TypeScript
 * module: expressions that may carry a flattened class's type (`this` in its body or in code copied into
 * it, `new D()`, the class itself as a value, names, members and functions whose declared type mentions
 * it, or a lost ancestor as a parameter type (see mentionsType), or whose value is such an expression)
 * are reported where TypeScript checks an assignment: arguments, returns, assignments, annotated
 * initializers, literal elements, defaults, `as`/`satisfies`, calls through a receiver whose method
 * declares a `this` type; so are casts to a flattened class and generic calls handed to a method of a
 * flattened value (their type arguments are inferred from it). Type arguments and
 * overload signatures naming the class are reported too, and copied code that reads a private or
 * protected member on an object other than `this` (valid in the ancestor, not in the copy).
 */
/** The codes of the places this module reports (besides the per-class `ts-subtype-lost`). */
export const TS_PLACE_CODES = ['ts-subtype-use', 'ts-private-member-copied', 'ts-this-member-narrowed', 'ts-applied-member-redeclared'];

/**
 * For tests only: scan every module in every round, as the search did before it learned to skip
 * modules whose scan cannot change anything (stale, inPlay). The result must be the same.
 */
export const exhaustiveSearchForTests = { on: false };

export function typeScriptSubtypes(graph: ClassGraph, flattened: Set<ClassId>): Diagnostic[] {
  const lost = lostAncestors(graph, flattened);
  const narrowed = narrowedMembers(graph, flattened);
  if (!lost.size && !narrowed.size) return [];
  const out: Diagnostic[] = [];
  for (const [id, ancestors] of lost) {
    const c = graph.classes.get(id)!;
    const names = ancestors.map((a) => graph.classes.get(a)!.info.name);
    out.push(diag(c.module, c.info.line, c.info.column, 'ts-subtype-lost',
      `${c.info.name} is no longer assignable to ${names.join(', ')} in TypeScript: ${names.length > 1 ? 'they have' : 'it has'} private or protected members, which TypeScript compares by declaration. Each place that relies on it is reported (ts-subtype-use).`,
      'Type such parameters with an interface both classes implement, or keep this class unflattened.', [c.info.name, ...names]));
  }
  return [...out, ...new PlaceFinder(graph, lost, narrowed).find()];
}

/**
 * Copied code sees `this` as the flattened class: `this.m` takes the declaration of the class (or a layer
 * between) wherever that redeclares `m` with another type, which TypeScript allowed for an override
 * (method parameters are bivariant, properties may narrow) but checks strictly at the copied use.
 * Ancestor class body → names redeclared below it with a different type text, per flattened class.
 */
function narrowedMembers(graph: ClassGraph, flattened: Set<ClassId>): Narrowed {
  const out: Narrowed = new Map();
  for (const id of [...flattened].sort()) {
    const chain = graph.chains.get(id)!.map((a) => graph.classes.get(a)!);
    if (!chain[0]!.module.isTypeScript) continue;
    const decls = chain.map(memberTypes);
    for (let j = 1; j < chain.length; j++) {
      for (const [name, type] of decls[j]!) {
        if (!decls.slice(0, j).some((d) => d.has(name) && d.get(name) !== type)) continue;
        const entry = out.get(chain[j]!.info.node) ?? { names: new Set<string>(), module: chain[j]!.module };
        entry.names.add(name);
        out.set(chain[j]!.info.node, entry);
      }
    }
  }
  return out;
}

/** Ancestor class body → the names redeclared below it with another type, and the module of that body. */
type Narrowed = Map<t.Node, { names: Set<string>; module: ModuleInfo }>;

/** Instance member name → the text of its type (parameters and return for methods), as declared. */
function memberTypes(c: ClassNode): Map<string, string> {
  const code = c.module.code;
  const text = (n: t.Node | null | undefined) => (n && !t.isNoop(n) ? code.slice(n.start!, n.end!) : '');
  const out = new Map<string, string>();
  for (const m of c.info.node.body.body) {
    if ((t.isClassMethod(m) || t.isTSDeclareMethod(m)) && m.kind === 'constructor') {
      for (const p of m.params) {
        const id = t.isTSParameterProperty(p) ? (t.isAssignmentPattern(p.parameter) ? p.parameter.left : p.parameter) : null;
        if (id && t.isIdentifier(id)) out.set(id.name, text(id.typeAnnotation));
      }
      continue;
    }
    if (!('key' in m) || !t.isIdentifier(m.key) || (m as { static?: boolean }).static || (m as { computed?: boolean }).computed) continue;
    if (t.isClassProperty(m)) out.set(m.key.name, text(m.typeAnnotation));
    else if (t.isClassMethod(m) || t.isTSDeclareMethod(m)) {
      const sig = `(${m.params.map((p) => text(t.isIdentifier(p) || t.isRestElement(p) || t.isAssignmentPattern(p) || t.isObjectPattern(p) || t.isArrayPattern(p) ? (p as { typeAnnotation?: t.Node | null }).typeAnnotation ?? (t.isAssignmentPattern(p) ? (p.left as { typeAnnotation?: t.Node | null }).typeAnnotation : null) : p)).join(',')})${text(m.returnType)}`;
      // Overloads and get/set pairs: keep every signature of the name.
      out.set(m.key.name, (out.has(m.key.name) ? `${out.get(m.key.name)}|` : '') + `${m.kind}${sig}`);
    }
  }
  return out;
}

/** Flattened TypeScript classes → their former ancestors that TypeScript compares nominally. */
function lostAncestors(graph: ClassGraph, flattened: Set<ClassId>): Map<ClassId, ClassId[]> {
  const out = new Map<ClassId, ClassId[]>();
  for (const id of [...flattened].sort()) {
    const c = graph.classes.get(id)!;
    if (!c.module.isTypeScript) continue;
    const chain = graph.chains.get(id)!;
    // An ancestor is nominal when it or one of its own ancestors declares a non-public member.
    const nominal = chain.slice(1).filter((a, k) => chain.slice(k + 1).some((x) => hasNominalMembers(graph.classes.get(x)!)));
    if (nominal.length) out.set(id, nominal);
  }
  return out;
}

function hasNominalMembers(c: ClassNode): boolean {
  return nonPublicMembers(c).length > 0;
}

/** Names of a class's private, protected and `#private` members (parameter properties included). */
function nonPublicMembers(c: ClassNode): string[] {
  const names: string[] = [];
  for (const m of c.info.node.body.body) {
    if (t.isClassPrivateProperty(m) || t.isClassPrivateMethod(m)) names.push(`#${m.key.id.name}`);
    else if (isRestricted(m) && 'key' in m && t.isIdentifier(m.key)) names.push(m.key.name);
    if (t.isClassMethod(m) && m.kind === 'constructor') {
      for (const p of m.params) {
        if (!t.isTSParameterProperty(p) || !isRestricted(p)) continue;
        const id = t.isAssignmentPattern(p.parameter) ? p.parameter.left : p.parameter;
        if (t.isIdentifier(id)) names.push(id.name);
      }
    }
  }
  return names;
}

function isRestricted(n: t.Node): boolean {
  const a = (n as { accessibility?: string }).accessibility;
  return a === 'private' || a === 'protected';
}

type Path = NodePath<t.Node>;

/** One search over the project's TypeScript modules (see typeScriptSubtypes). */
class PlaceFinder {
  /** Names whose mention in a type makes a value suspect: the flattened classes and their lost ancestors. */
  private readonly typeNames = new Set<string>();
  /** The flattened classes' names, as values and in type arguments. */
  private readonly classNames = new Set<string>();
  /** Class bodies where `this` has a flattened class's type: the classes and every ancestor copied into them. */
  private readonly thisClasses = new Set<t.Node>();
  /** Code copied into a flattened class: ancestor bodies, and the non-public member names of their chains. */
  private readonly copiedBodies = new Map<t.Node, Set<string>>();
  /** Every name learned project-wide, in the order learned (see LoggedSet and `stale`). */
  private readonly learned: string[] = [];
  /** Project-wide, by name: functions, members and module-level variables that yield a suspect value. */
  private readonly functions = new LoggedSet(this.learned);
  private readonly members = new LoggedSet(this.learned);
  private readonly variables = new LoggedSet(this.learned);
  /** Methods declared to return `this`. */
  private readonly thisReturning = new LoggedSet(this.learned);
  /** Members whose type declares a `this` parameter: calling them checks the receiver. */
  private readonly thisParamMembers = new LoggedSet(this.learned);

  /** Functions and methods taking a callback typed with the classes: their inline callbacks' parameters are suspect. */
  private readonly callbackTakers = new LoggedSet(this.learned);

  /** Per module, its last learning scan: how many names were learned when it began, and the suspect bindings it found. */
  private readonly lastScan = new Map<ModuleInfo, { learnedBefore: number; bindings: Set<unknown> }>();

  /** Modules holding a class body in thisClasses or narrowed: they may report whatever names they mention. */
  private readonly bodyModules = new Set<ModuleInfo>();

  constructor(private readonly graph: ClassGraph, lost: Map<ClassId, ClassId[]>, private readonly narrowed: Narrowed) {
    for (const entry of narrowed.values()) this.bodyModules.add(entry.module);
    for (const [id, ancestors] of lost) {
      const chain = graph.chains.get(id)!.map((a) => graph.classes.get(a)!);
      for (const c of chain) this.bodyModules.add(c.module);
      for (const c of [chain[0]!, ...ancestors.map((a) => graph.classes.get(a)!)]) this.typeNames.add(c.info.name);
      this.classNames.add(chain[0]!.info.name);
      if (chain[0]!.info.moduleBinding) this.classNames.add(chain[0]!.info.moduleBinding);
      const restricted = new Set(chain.slice(1).flatMap(nonPublicMembers));
      chain.forEach((c, k) => {
        this.thisClasses.add(c.info.node);
        if (k > 0) this.copiedBodies.set(c.info.node, new Set([...(this.copiedBodies.get(c.info.node) ?? []), ...restricted]));
      });
    }
    // Local aliases of imported flattened classes (`import { Subscriber as S }`).
    for (const m of this.modules()) {
      for (const imp of m.imports.values()) if (this.classNames.has(imp.imported)) { this.classNames.add(imp.local); this.typeNames.add(imp.local); }
    }
    for (const n of this.classNames) this.typeNames.add(n);
  }

  private modules(): ModuleInfo[] {
    return [...this.graph.modules.values()].filter((m) => m.isTypeScript).sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
  }

  find(): Diagnostic[] {
    // Project-wide names feed each other across modules: iterate until nothing new is learned.
    for (let round = 0; round < 8; round++) {
      const size = () => this.functions.size + this.members.size + this.variables.size + this.thisParamMembers.size + this.callbackTakers.size;
      const before = size();
      for (const m of this.modules()) this.scan(m, null);
      if (size() === before) break;
    }
    const out: Diagnostic[] = [];
    for (const m of this.modules()) this.scan(m, out);
    return out;
  }

  /**
   * Would scanning this module again learn anything? A scan reads the project-wide sets only by the
   * names the module mentions (`m.names` holds every identifier of the file: bindings, properties, type
   * names), so it gives the same result as the module's last scan unless a name learned since that
   * scan began -- by any module, itself included -- is one of them. Skipping such a scan changes nothing.
   */
  private stale(m: ModuleInfo): boolean {
    if (exhaustiveSearchForTests.on) return true;
    const last = this.lastScan.get(m);
    if (!last) return true;
    for (let i = last.learnedBefore; i < this.learned.length; i++) if (m.names.has(this.learned[i]!)) return true;
    return false;
  }

  /**
   * Can a scan of this module learn or report anything now? Not when it holds none of the class bodies
   * in question, no `this` type or parameter, and mentions none of the names the search tracks: each
   * rule of learn() and of the report needs one of these (a tracked name, `this` in such a body, a
   * `this`-typed declaration). Such a module's syntax is not even read (its tree may have been dropped).
   */
  private inPlay(m: ModuleInfo): boolean {
    if (exhaustiveSearchForTests.on || m.thisTyped || this.bodyModules.has(m)) return true;
    for (const n of this.typeNames) if (m.names.has(n)) return true;
    return this.learned.some((n) => m.names.has(n));
  }

  /** The module's suspect bindings: those of its last scan while still exact (see stale), else learned again. */
  private bindingsOf(m: ModuleInfo): Set<unknown> {
    if (!this.stale(m)) return this.lastScan.get(m)!.bindings;
    const learnedBefore = this.learned.length;
    const bindings = new Set<unknown>();
    if (!this.inPlay(m)) {
      this.lastScan.set(m, { learnedBefore, bindings });
      return bindings;
    }
    // A fixpoint, since declarations may come after their uses.
    for (let round = 0; round < 8 && this.classNames.size > 0; round++) {
      const before = bindings.size;
      m.programPath.traverse({
        enter: (p) => this.learn(p, bindings, m),
      });
      if (bindings.size === before) break;
    }
    this.lastScan.set(m, { learnedBefore, bindings });
    return bindings;
  }

  /** Learn suspect names in one module; with `out`, also report the places. */
  private scan(m: ModuleInfo, out: Diagnostic[] | null): void {
    const bindings = this.bindingsOf(m);
    if (out && !this.inPlay(m)) return;
    const seen = new Set<string>();
    const report = (p: Path, code: string, message: string) => {
      if (!out) return;
      const loc = startOf(m.code, p.node);
      const key = `${loc.line}:${loc.column}:${code}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push(diag(m, loc.line, loc.column + 1, code, message, code === 'ts-private-member-copied'
        ? 'Give the member public access, or keep the class unflattened.'
        : 'Type this place with an interface both classes implement, or keep the class unflattened.'));
    };
    if (!out) return;
    const nominal = this.classNames.size > 0;
    m.programPath.traverse({
      enter: (p) => {
        if (!nominal) {
          if (p.isMemberExpression()) this.checkNarrowed(p, (name) => report(p, 'ts-this-member-narrowed', narrowedMessage(m, p.node, name)));
          return;
        }
        if (this.isCheckedPosition(p) && (this.suspect(p, bindings) || this.castToClass(p) || this.inferredFromReceiver(p, bindings))) {
          report(p, 'ts-subtype-use', `\`${excerpt(m, p.node)}\` may be a value of a flattened class (${this.describe()}) where TypeScript expects a type of a former ancestor, which it no longer is.`);
        } else if (this.isTypeArgumentOrSignature(p)) {
          report(p, 'ts-subtype-use', `\`${excerpt(m, p.node)}\` names a flattened class where TypeScript may require it to be assignable to a former ancestor, which it no longer is.`);
        } else if (p.isMemberExpression() || p.isOptionalMemberExpression()) {
          this.checkCopiedAccess(p as NodePath<t.MemberExpression>, (name) => report(p, 'ts-private-member-copied', `\`${excerpt(m, p.node)}\`: ${name} is private or protected in a former ancestor; the copy of this code in a flattened class may no longer access it on another object.`));
          this.checkNarrowed(p as NodePath<t.MemberExpression>, (name) => report(p, 'ts-this-member-narrowed', narrowedMessage(m, p.node, name)));
        }
      },
    });
  }

  private describe(): string {
    const names = [...this.classNames].sort();
    return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  }

  /** Record what one node teaches: suspect bindings, functions, members, module variables. */
  private learn(p: Path, bindings: Set<unknown>, m: ModuleInfo): void {
    const n = p.node;
    if (p.isIdentifier() && isBindingIdentifier(p) && (this.mentionsType(p.node.typeAnnotation) || this.bindingValueSuspect(p, bindings))) {
      const b = p.scope.getBinding(p.node.name);
      if (b && b.identifier === p.node) {
        bindings.add(b);
        if (b.scope.path.isProgram()) this.variables.add(p.node.name);
      }
    }
    if (t.isTSParameterProperty(n)) {
      const id = t.isAssignmentPattern(n.parameter) ? n.parameter.left : n.parameter;
      if (t.isIdentifier(id) && this.mentionsType(id.typeAnnotation)) this.members.add(id.name);
      if (t.isIdentifier(id) && hasThisParam(id.typeAnnotation)) this.thisParamMembers.add(id.name);
    }
    if ((t.isClassProperty(n) || t.isTSPropertySignature(n)) && t.isIdentifier(n.key)) {
      if (this.mentionsType(n.typeAnnotation) || (t.isClassProperty(n) && n.value && this.suspect(childPath<Path>(p, 'value'), bindings))) this.members.add(n.key.name);
      if (hasThisParam(n.typeAnnotation)) this.thisParamMembers.add(n.key.name);
    }
    if ((t.isClassMethod(n) || t.isTSDeclareMethod(n) || t.isTSMethodSignature(n)) && t.isIdentifier(n.key)) {
      const ret = t.isTSMethodSignature(n) ? n.typeAnnotation : n.returnType;
      if (this.mentionsType(ret) || (t.isClassMethod(n) && this.returnsSuspect(p as NodePath<t.Function>, bindings))) this.members.add(n.key.name);
      if (t.isTSThisType((ret as t.TSTypeAnnotation | null)?.typeAnnotation)) this.thisReturning.add(n.key.name);
      const first = t.isTSMethodSignature(n) ? n.parameters[0] : n.params[0];
      if (first && t.isIdentifier(first, { name: 'this' })) this.thisParamMembers.add(n.key.name);
    }
    if ((t.isFunctionDeclaration(n) || t.isTSDeclareFunction(n) || t.isClassMethod(n) || t.isTSDeclareMethod(n)) && n.params.some((q) => this.mentionsType(t.isTSParameterProperty(q) ? q.parameter : q))) {
      const name = t.isFunctionDeclaration(n) || t.isTSDeclareFunction(n) ? n.id?.name : t.isIdentifier(n.key) ? n.key.name : null;
      if (name) this.callbackTakers.add(name);
    }
    if ((t.isFunctionDeclaration(n) || t.isTSDeclareFunction(n)) && n.id) {
      if (this.mentionsType(n.returnType) || (t.isFunctionDeclaration(n) && this.returnsSuspect(p as NodePath<t.Function>, bindings))) this.functions.add(n.id.name);
    }
    if (t.isVariableDeclarator(n) && t.isIdentifier(n.id) && (t.isArrowFunctionExpression(n.init) || t.isFunctionExpression(n.init))) {
      if (this.mentionsType(n.init.returnType) || this.returnsSuspect(childPath<NodePath<t.Function>>(p, 'init'), bindings)) this.functions.add(n.id.name);
    }
    void m;
  }

  /** A declared name whose initial value (a variable's initializer, a parameter's default) is suspect. */
  private bindingValueSuspect(p: NodePath<t.Identifier>, bindings: Set<unknown>): boolean {
    const parent = p.parentPath;
    // An unannotated parameter of a callback handed to a function whose parameters mention the classes.
    if (parent && (parent.isArrowFunctionExpression() || parent.isFunctionExpression()) && p.listKey === 'params' && !p.node.typeAnnotation && parent.listKey === 'arguments') {
      const callee = (parent.parent as t.CallExpression).callee;
      const name = t.isIdentifier(callee) ? callee.name : (t.isMemberExpression(callee) || t.isOptionalMemberExpression(callee)) && t.isIdentifier(callee.property) ? callee.property.name : null;
      if (name && this.callbackTakers.has(name)) return true;
    }
    if (parent?.isVariableDeclarator() && parent.node.id === p.node && parent.node.init) return this.suspect(childPath<Path>(parent, 'init'), bindings);
    if (parent?.isAssignmentPattern() && parent.node.left === p.node) return this.suspect(childPath<Path>(parent, 'right'), bindings);
    return false;
  }

  private returnsSuspect(fn: NodePath<t.Function>, bindings: Set<unknown>): boolean {
    if (!fn.node) return false;
    if (t.isExpression(fn.node.body)) return this.suspect(childPath<Path>(fn, 'body'), bindings);
    if (!fn.isFunction()) return false;
    let found = false;
    fn.traverse({
      Function: (inner) => inner.skip(),
      ReturnStatement: (r) => {
        if (!found && r.node.argument && this.suspect(childPath<Path>(r, 'argument'), bindings)) found = true;
      },
    });
    return found;
  }

  /** May this expression carry the type of a flattened class (or, in copied code, of a lost ancestor)? */
  private suspect(p: Path, bindings: Set<unknown>): boolean {
    const n = p.node;
    if (!n) return false;
    if (t.isThisExpression(n)) return this.insideThisClass(p);
    if (t.isIdentifier(n)) {
      if (this.classNames.has(n.name)) return true;
      const b = p.scope.getBinding(n.name);
      if (b) return bindings.has(b) || (b.scope.path.isProgram() && b.kind === 'module' && this.variables.has(n.name));
      return this.variables.has(n.name);
    }
    if (t.isNewExpression(n)) return (t.isIdentifier(n.callee) && this.classNames.has(n.callee.name)) || this.mentionsType(n.typeParameters);
    if (t.isCallExpression(n) || t.isOptionalCallExpression(n)) {
      const callee = n.callee;
      if (t.isIdentifier(callee)) return this.functions.has(callee.name) || this.mentionsType(n.typeParameters);
      if (t.isMemberExpression(callee) || t.isOptionalMemberExpression(callee)) {
        if (t.isIdentifier(callee.property) && !callee.computed && this.members.has(callee.property.name)) return true;
        // `d.deposit(1)` where deposit returns `this`: as suspect as `d`.
        if (t.isIdentifier(callee.property) && !callee.computed && this.thisReturning.has(callee.property.name)) return this.suspect(childPath<Path>(p, 'callee.object'), bindings);
        if (t.isIdentifier(callee.object) && this.classNames.has(callee.object.name)) return true;
        // `fn.call(this, …)`, `x.bind(this)` and the like hand the receiver on.
        return false;
      }
      return this.mentionsType(n.typeParameters);
    }
    if (t.isMemberExpression(n) || t.isOptionalMemberExpression(n)) {
      return !n.computed && t.isIdentifier(n.property) && this.members.has(n.property.name);
    }
    if (t.isConditionalExpression(n)) return this.suspect(childPath<Path>(p, 'consequent'), bindings) || this.suspect(childPath<Path>(p, 'alternate'), bindings);
    if (t.isLogicalExpression(n)) return this.suspect(childPath<Path>(p, 'left'), bindings) || this.suspect(childPath<Path>(p, 'right'), bindings);
    if (t.isSequenceExpression(n)) return this.suspect((childPath<Path[]>(p, 'expressions'))[n.expressions.length - 1]!, bindings);
    if (t.isAssignmentExpression(n)) return this.suspect(childPath<Path>(p, 'right'), bindings);
    if (t.isTSAsExpression(n) || t.isTSSatisfiesExpression(n) || t.isTSTypeAssertion(n)) return this.mentionsType(n.typeAnnotation) || this.suspect(childPath<Path>(p, 'expression'), bindings);
    if (t.isParenthesizedExpression(n) || t.isTSNonNullExpression(n) || t.isAwaitExpression(n) || t.isSpreadElement(n) || t.isTSInstantiationExpression(n)) {
      return this.suspect(p.get(t.isAwaitExpression(n) || t.isSpreadElement(n) ? 'argument' : 'expression') as Path, bindings);
    }
    if (t.isArrayExpression(n)) return (childPath<Path[]>(p, 'elements')).some((e) => this.suspect(e, bindings));
    if (t.isObjectExpression(n)) return (childPath<Path[]>(p, 'properties')).some((q) => (q.isObjectProperty() ? this.suspect(childPath<Path>(q, 'value'), bindings) : q.isSpreadElement() ? this.suspect(q, bindings) : q.isObjectMethod() && this.functionSuspect(q as NodePath<t.Function>, bindings)));
    if (t.isArrowFunctionExpression(n) || t.isFunctionExpression(n)) return this.functionSuspect(p as NodePath<t.Function>, bindings);
    return false;
  }

  /** A function value whose parameters, `this` or return mention the types in question. */
  private functionSuspect(fn: NodePath<t.Function>, bindings: Set<unknown>): boolean {
    const n = fn.node;
    if (this.mentionsType(n.returnType)) return true;
    if (n.params.some((q) => this.mentionsType(t.isTSParameterProperty(q) ? q.parameter : q, -1))) return true;
    return this.returnsSuspect(fn, bindings);
  }

  private insideThisClass(p: Path): boolean {
    for (let q: NodePath | null = p.parentPath; q; q = q.parentPath) {
      if (q.isClass()) return this.thisClasses.has(q.node);
    }
    return false;
  }

  /**
   * `x as Sub` (or `<Sub>x`, `satisfies`): a cast to a flattened class from a former ancestor's type was a
   * downcast; now the two types no longer overlap, and TypeScript rejects the conversion.
   */
  private castToClass(p: Path): boolean {
    const pn = p.parentPath?.node;
    return (t.isTSAsExpression(pn) || t.isTSSatisfiesExpression(pn) || t.isTSTypeAssertion(pn)) && p.key === 'expression' && this.mentionsType(pn.typeAnnotation);
  }

  /**
   * `d.pipe(zipAll())`: a generic call or a callback handed to a method of a flattened class's value takes
   * its type arguments from that method's signature, which now names the flattened class.
   */
  private inferredFromReceiver(p: Path, bindings: Set<unknown>): boolean {
    const call = p.parentPath;
    if (!call || p.listKey !== 'arguments' || !(call.isCallExpression() || call.isOptionalCallExpression())) return false;
    if (!t.isCallExpression(p.node)) return false;
    const callee = childPath<Path>(call, 'callee');
    return (callee.isMemberExpression() || callee.isOptionalMemberExpression()) && this.suspect(childPath<Path>(callee, 'object'), bindings);
  }

  /** Where TypeScript checks that a value is assignable to a declared or contextual type. */
  private isCheckedPosition(p: Path): boolean {
    const parent = p.parentPath;
    if (!parent || !p.isExpression() && !p.isSpreadElement()) return false;
    const key = p.key;
    const pn = parent.node;
    if ((t.isCallExpression(pn) || t.isNewExpression(pn) || t.isOptionalCallExpression(pn)) && p.listKey === 'arguments') return true;
    if (t.isReturnStatement(pn)) {
      // `return this` from a method typed `: this` is checked against the polymorphic `this`: always fine.
      const fn = p.getFunctionParent()?.node;
      return !(t.isThisExpression(p.node) && t.isTSThisType((fn?.returnType as t.TSTypeAnnotation | null | undefined)?.typeAnnotation));
    }
    if (t.isYieldExpression(pn)) return true;
    if (t.isArrowFunctionExpression(pn) && key === 'body') return true;
    if (t.isAssignmentExpression(pn) && key === 'right') return true;
    // An unannotated variable takes the value's type: nothing is checked (the name becomes suspect instead).
    if (t.isVariableDeclarator(pn) && key === 'init') return !t.isIdentifier(pn.id) || !!pn.id.typeAnnotation;
    if ((t.isClassProperty(pn) || t.isClassPrivateProperty(pn)) && key === 'value') return true;
    if (t.isAssignmentPattern(pn) && key === 'right') return true;
    if (t.isObjectProperty(pn) && key === 'value') return true;
    if (t.isArrayExpression(pn)) return true;
    if (t.isTSAsExpression(pn) || t.isTSSatisfiesExpression(pn) || t.isTSTypeAssertion(pn)) return true;
    // `recv.method(…)` where the method declares a `this` type: the receiver is checked against it.
    if ((t.isMemberExpression(pn) || t.isOptionalMemberExpression(pn)) && key === 'object' && !pn.computed && t.isIdentifier(pn.property) && this.thisParamMembers.has(pn.property.name)) {
      return t.isCallExpression(parent.parent) || t.isOptionalCallExpression(parent.parent);
    }
    return false;
  }

  /** A type argument (`Box<Square>`) or an overload signature naming a flattened class. */
  private isTypeArgumentOrSignature(p: Path): boolean {
    if (!p.isTSTypeReference() || !t.isIdentifier(p.node.typeName) || !this.classNames.has(p.node.typeName.name)) return false;
    for (let q: NodePath | null = p.parentPath; q; q = q.parentPath) {
      if (q.isTSTypeParameterInstantiation()) return !q.parentPath?.isClass();
      if (q.isTSDeclareFunction() || q.isTSDeclareMethod()) return true;
      if (q.isStatement() || q.isClassBody()) return false;
    }
    return false;
  }

  /** `this.m` in an ancestor's code, where a class it is copied into redeclares `m` with another type. */
  private checkNarrowed(p: NodePath<t.MemberExpression>, report: (name: string) => void): void {
    const n = p.node;
    if (!t.isThisExpression(n.object) || n.computed || !t.isIdentifier(n.property)) return;
    for (let q: NodePath | null = p.parentPath; q; q = q.parentPath) {
      if (q.isClass()) {
        if (this.narrowed.get(q.node)?.names.has(n.property.name)) report(n.property.name);
        return;
      }
    }
  }

  /** `other.x` in an ancestor's code copied into a flattened class, where `x` is non-public in the chain. */
  private checkCopiedAccess(p: NodePath<t.MemberExpression>, report: (name: string) => void): void {
    const n = p.node;
    if (t.isThisExpression(n.object) || t.isSuper(n.object)) return;
    const name = t.isPrivateName(n.property) ? `#${n.property.id.name}` : !n.computed && t.isIdentifier(n.property) ? n.property.name : null;
    if (name === null) return;
    for (let q: NodePath | null = p.parentPath; q; q = q.parentPath) {
      if (!q.isClass()) continue;
      const restricted = this.copiedBodies.get(q.node);
      if (restricted?.has(name)) report(name);
      return;
    }
  }

  /**
   * Can a value of this type (annotation, type arguments, parameter) fail where it met a former ancestor?
   * A flattened class named anywhere: yes. A lost ancestor only in a parameter position (`(o: Observable)
   * => …`, polarity -1): a function taking the ancestor is compared with one taking the flattened class.
   * Named covariantly (`of(): Observable`), the ancestor type meets the ancestor type, as before.
   */
  private mentionsType(node: t.Node | null | undefined, polarity: 1 | -1 = 1): boolean {
    if (!node || t.isNoop(node)) return false;
    const names = (pol: number) => (x: t.Node): boolean => this.classNames.has(rightmost(x)) || (pol < 0 && this.typeNames.has(rightmost(x)));
    const visit = (x: t.Node | null | undefined, pol: 1 | -1): boolean => {
      if (!x || typeof x !== 'object' || !('type' in x)) return false;
      if (t.isTSTypeReference(x) && names(pol)(x.typeName)) return true;
      if (t.isTSExpressionWithTypeArguments(x) && names(pol)(x.expression)) return true;
      if (t.isTSTypeQuery(x) && names(pol)(x.exprName)) return true;
      const flips = t.isTSFunctionType(x) || t.isTSConstructorType(x) || t.isTSMethodSignature(x) || t.isTSCallSignatureDeclaration(x) || t.isTSConstructSignatureDeclaration(x);
      for (const key of t.VISITOR_KEYS[x.type] ?? []) {
        const child = (x as unknown as Record<string, t.Node | t.Node[] | null | undefined>)[key];
        const p: 1 | -1 = flips && key === 'parameters' ? (-pol as 1 | -1) : pol;
        if (Array.isArray(child) ? child.some((c) => visit(c, p)) : visit(child, p)) return true;
      }
      return false;
    };
    return visit(node, polarity);
  }
}

/** A set of names that also appends each name it did not hold to a log shared by several sets. */
class LoggedSet extends Set<string> {
  constructor(private readonly log: string[]) {
    super();
  }

  override add(name: string): this {
    if (!this.has(name)) this.log.push(name);
    return super.add(name);
  }
}

function rightmost(n: t.Node): string {
  if (t.isIdentifier(n)) return n.name;
  if (t.isTSQualifiedName(n)) return n.right.name;
  if (t.isMemberExpression(n) && t.isIdentifier(n.property)) return n.property.name;
  return '';
}

function hasThisParam(ann: t.Node | null | undefined): boolean {
  let found = false;
  if (ann && !t.isNoop(ann)) t.traverseFast(ann, (x) => {
    if ((t.isTSFunctionType(x) || t.isTSConstructorType(x)) && x.parameters[0] && t.isIdentifier(x.parameters[0], { name: 'this' })) found = true;
  });
  return found;
}

function isBindingIdentifier(p: NodePath<t.Identifier>): boolean {
  const parent = p.parentPath;
  if (!parent) return false;
  if (parent.isVariableDeclarator() && parent.node.id === p.node) return true;
  if (parent.isFunction() && p.listKey === 'params') return true;
  if (parent.isTSParameterProperty()) return true;
  if (parent.isAssignmentPattern() && parent.node.left === p.node) return parent.parentPath?.isFunction() ?? false;
  return false;
}

function narrowedMessage(m: ModuleInfo, n: t.Node, name: string): string {
  return `\`${excerpt(m, n)}\`: in the copy of this code in a flattened class, \`this.${name}\` has the type a subclass redeclared, which TypeScript checks this use against.`;
}

function excerpt(m: ModuleInfo, n: t.Node): string {
  const text = m.code.slice(n.start!, n.end!).replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function diag(module: ModuleInfo, line: number, column: number, code: string, message: string, hint: string, classes?: string[]): Diagnostic {
  const d: Diagnostic = { category: 'isinstance', code, severity: 'warning', file: module.relPath, line, column, message, hint };
  if (classes) d.classes = classes;
  return d;
}
