// A small scope resolver that answers the questions the module summary asks of Babel's scopes
// (src/scan/summarize.ts: which binding a name resolves to, its kind, its declaring path, whether it
// is constant, its assignments), with the same answers, at a fraction of the cost: one plain walk
// over the tree, paths made only for the nodes a question is about, no path cache.
//
// It is not a model of JavaScript's scoping but of Babel 7's (@babel/traverse scope/index.js,
// collectorVisitor, Scope.getBinding, Binding, path setScope), quirks included, since the Babel-based
// summary is the oracle: function declarations bound in their block, a TypeScript enum or namespace
// bound nowhere, a default parameter that sees only the parameters and the function's own name, the
// key of a method resolved in the class's scope, a switch's discriminant outside the switch, a `var`
// in a loop body not constant, duplicate declarations an error. Where it is not sure to give Babel's
// answer it throws PlainScopeUnsure and the caller summarizes the file with Babel.
import { babelTraverse, nodePathVirtualTypes, t } from '../babel.cjs';
import './babel-bindings.js';

/** Thrown where the resolver cannot be sure to answer as Babel would: summarize with Babel instead. */
export class PlainScopeUnsure extends Error {}

const SCOPABLE = new Set(t.FLIPPED_ALIAS_KEYS.Scopable);
const BLOCK_PARENT = new Set(t.FLIPPED_ALIAS_KEYS.BlockParent);
const FUNCTION_PARENT = new Set(t.FLIPPED_ALIAS_KEYS.FunctionParent);
const FUNCTION = new Set(t.FLIPPED_ALIAS_KEYS.Function);
const METHOD = new Set(t.FLIPPED_ALIAS_KEYS.Method);
const PATTERN = new Set(t.FLIPPED_ALIAS_KEYS.Pattern);
const DECLARATION = new Set(t.FLIPPED_ALIAS_KEYS.Declaration);
const LOOP = new Set(t.FLIPPED_ALIAS_KEYS.Loop);

/**
 * The node types crawlPlainly's enter() does anything for beyond taking the parent's scope: scopes
 * (and the patterns that are scopes under a function), declarations, what the switch and the block
 * and function steps there read, and type annotations.
 */
const CRAWLED = new Set([
  ...SCOPABLE, ...PATTERN, ...DECLARATION, ...FUNCTION,
  'ImportDeclaration', 'AssignmentExpression', 'UpdateExpression', 'UnaryExpression', 'ForInStatement', 'ForOfStatement',
  'CatchClause', 'ClassExpression', 'ClassDeclaration', 'FunctionDeclaration', 'VariableDeclaration', 'TSTypeAnnotation',
]);

/** t.isScope (validators/isScope.js) by type sets. */
function isScopeNode(node: t.Node, parent: t.Node | null): boolean {
  const type = node.type;
  if (type === 'BlockStatement' && parent !== null && (FUNCTION.has(parent.type) || parent.type === 'CatchClause')) return false;
  if (PATTERN.has(type) && parent !== null && (FUNCTION.has(parent.type) || parent.type === 'CatchClause')) return true;
  return SCOPABLE.has(type);
}

function isBlockScoped(node: t.Node): boolean {
  return node.type === 'FunctionDeclaration' || node.type === 'ClassDeclaration' || (node.type === 'VariableDeclaration' && node.kind !== 'var');
}

type Key = string | number | null;

/**
 * What the summary and the rewrite read of a NodePath: node, parent, parentPath, key, listKey, scope,
 * get(key), the is<Type>() tests and Babel's virtual types, findParent(), getFunctionParent() and a
 * traverse() of descendants. Nothing that changes the tree.
 */
export class LitePath {
  private cachedScope: LiteScope | undefined;
  /** Set by skip() in traverse(). */
  skipped = false;
  constructor(
    readonly resolver: PlainScopes,
    readonly node: t.Node,
    readonly parentPath: LitePath | null,
    readonly parent: t.Node | null,
    readonly key: Key,
    readonly listKey: string | null,
  ) {}

  get scope(): LiteScope {
    return (this.cachedScope ??= this.resolver.scopeOfPath(this));
  }

  get(key: string): LitePath | LitePath[] {
    // NodePath#get's dotted form (`callee.object`): one step per part.
    if (key.includes('.')) {
      let path: LitePath | LitePath[] = this;
      for (const part of key.split('.')) path = Array.isArray(path) ? path[Number(part)] : path.get(part);
      return path;
    }
    const value = (this.node as unknown as Record<string, unknown> | null)?.[key];
    if (Array.isArray(value)) return value.map((child, i) => this.resolver.pathOf(child as t.Node, this, i, key));
    return this.resolver.pathOf((value ?? null) as t.Node, this, key, null);
  }

  skip(): void {
    this.skipped = true;
  }

  findParent(test: (path: LitePath) => boolean): LitePath | null {
    for (let p = this.parentPath; p; p = p.parentPath) if (test(p)) return p;
    return null;
  }

  getFunctionParent(): LitePath | null {
    for (let p = this.parentPath; p; p = p.parentPath) if (p.node && FUNCTION.has(p.node.type)) return p;
    return null;
  }

  /**
   * Visit the descendants in order, like NodePath#traverse, with visitors keyed by node type or alias
   * (`enter` for every node, first); `skip()` leaves a node's children out.
   */
  traverse(visitor: Record<string, (path: LitePath) => void>): void {
    const enter = visitor.enter;
    const entries = Object.entries(visitor).filter(([type]) => type !== 'enter');
    // The visitors of a node type, in the visitor's order (by type or alias), worked out once per type.
    const byType = new Map<string, Array<(path: LitePath) => void>>();
    const visitorsOf = (type: string): Array<(path: LitePath) => void> => {
      let fns = byType.get(type);
      if (fns === undefined) {
        fns = entries.filter(([key]) => key === type || ((t.FLIPPED_ALIAS_KEYS[key] as string[] | undefined)?.includes(type) ?? false)).map(([, fn]) => fn);
        byType.set(type, fns);
      }
      return fns;
    };
    const resolver = this.resolver;
    // The nodes from this one (depth 0) down to the one being visited. A node gets its path only when
    // a visitor sees it or a descendant's path needs it as parent: most nodes of a walk have no visitor,
    // and making (and caching) a path for each was most of a walk's cost.
    const nodes: t.Node[] = [this.node];
    const keys: Key[] = [this.key];
    const listKeys: Array<string | null> = [this.listKey];
    const paths: Array<LitePath | undefined> = [this];
    const pathAt = (d: number): LitePath => {
      let path = paths[d];
      if (path === undefined) {
        path = resolver.pathOf(nodes[d], pathAt(d - 1), keys[d], listKeys[d]);
        paths[d] = path;
      }
      return path;
    };
    const visitChild = (child: t.Node, d: number, key: Key, listKey: string | null): void => {
      nodes[d] = child;
      keys[d] = key;
      listKeys[d] = listKey;
      paths[d] = undefined;
      const fns = visitorsOf(child.type);
      if (enter || fns.length > 0) {
        const path = pathAt(d);
        path.skipped = false;
        if (enter) enter(path);
        // As in Babel, a visitor that skips the node stops the visitors after it.
        for (const fn of fns) {
          if (path.skipped) break;
          fn(path);
        }
        if (path.skipped) return;
      }
      visit(child, d);
    };
    const visit = (node: t.Node, d: number): void => {
      const childKeys = t.VISITOR_KEYS[node.type];
      if (childKeys === undefined) return;
      for (const key of childKeys) {
        const value = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const child = value[i] as t.Node | null;
            if (child) visitChild(child, d + 1, i, key);
          }
        } else if (value) {
          visitChild(value as t.Node, d + 1, key, null);
        }
      }
    };
    if (this.node) visit(this.node, 0);
  }
}

// NodePath's virtual types (isReferencedIdentifier, isBindingIdentifier, and isStatement / isExpression,
// which differ from the node validators: a `var` in a for head is no statement, an identifier is an
// expression only where referenced): Babel's own functions, which read node, parent and parentPath.
const VIRTUAL_TYPES = ['isReferencedIdentifier', 'isReferencedMemberExpression', 'isBindingIdentifier', 'isStatement', 'isExpression', 'isScope', 'isReferenced', 'isBlockScoped', 'isVar', 'isUser', 'isGenerated', 'isFlow', 'isRestProperty', 'isSpreadProperty', 'isForAwaitStatement'];
for (const [name, fn] of Object.entries(nodePathVirtualTypes(VIRTUAL_TYPES))) Object.defineProperty(LitePath.prototype, name, { value: fn });

// is<Type>() for every node type and alias, as NodePath has them (is<Type>(this.node)).
for (const type of [...t.TYPES]) {
  const test = (t as unknown as Record<string, unknown>)[`is${type}`];
  if (typeof test !== 'function' || VIRTUAL_TYPES.includes(`is${type}`)) continue;
  Object.defineProperty(LitePath.prototype, `is${type}`, {
    value(this: LitePath, opts?: object) {
      return (test as (n: t.Node | null, o?: object) => boolean)(this.node, opts);
    },
  });
}

export class LiteBinding {
  constant = true;
  readonly constantViolations: LitePath[] = [];
  constructor(
    readonly identifier: t.Identifier,
    readonly scope: LiteScope,
    readonly path: LitePath,
    readonly kind: string,
  ) {
    if ((kind === 'var' || kind === 'hoisted') && isInitInLoop(path)) this.reassign(path);
  }

  reassign(path: LitePath): void {
    this.constant = false;
    if (!this.constantViolations.includes(path)) this.constantViolations.push(path);
  }
}

/** Binding's isInitInLoop: a `var` (with an initializer) or function declared in a loop body. */
function isInitInLoop(path: LitePath): boolean {
  const hasInit = !t.isVariableDeclarator(path.node) || !!path.node.init;
  for (let p: LitePath | null = path; p && p.parentPath; p = p.parentPath) {
    const parent = p.parentPath.node;
    if (FUNCTION_PARENT.has(parent.type)) return false;
    if ((p.key === 'left' && (parent.type === 'ForInStatement' || parent.type === 'ForOfStatement')) || (hasInit && p.key === 'body' && LOOP.has(parent.type))) return true;
  }
  return false;
}

export class LiteScope {
  readonly bindings: Record<string, LiteBinding | undefined> = Object.create(null);
  readonly isProgram: boolean;
  readonly isFunctionParent: boolean;
  readonly isBlockParent: boolean;
  constructor(
    readonly path: LitePath,
    readonly parent: LiteScope | null,
  ) {
    const type = path.node.type;
    this.isProgram = type === 'Program';
    this.isFunctionParent = FUNCTION_PARENT.has(type);
    this.isBlockParent = BLOCK_PARENT.has(type);
  }

  getOwnBinding(name: string): LiteBinding | undefined {
    return this.bindings[name];
  }

  hasOwnBinding(name: string): boolean {
    return !!this.bindings[name];
  }

  /** Scope#hasBinding(name, noGlobals): declared in this scope or one around it (no uids are ever made here). */
  hasBinding(name: string, noGlobals = false): boolean {
    if (!name) return false;
    for (let scope: LiteScope | null = this; scope; scope = scope.parent) if (scope.hasOwnBinding(name)) return true;
    if (noGlobals) return false;
    const { Scope } = babelTraverse();
    return Scope.globals.includes(name) || Scope.contextVariables.includes(name);
  }

  /** Scope#getBinding, with its two rules: a default parameter sees only parameters; `arguments`. */
  getBinding(name: string): LiteBinding | undefined {
    let previous: LitePath | null = null;
    for (let scope: LiteScope | null = this; scope; scope = scope.parent) {
      const binding = scope.bindings[name];
      if (binding) {
        if (!(previous && PATTERN.has(previous.node.type) && binding.kind !== 'param' && binding.kind !== 'local')) return binding;
      } else if (name === 'arguments' && FUNCTION.has(scope.path.node.type) && scope.path.node.type !== 'ArrowFunctionExpression') {
        return undefined;
      }
      previous = scope.path;
    }
    return undefined;
  }

  getFunctionParent(): LiteScope | null {
    for (let s: LiteScope | null = this; s; s = s.parent) if (s.isFunctionParent) return s;
    return null;
  }

  getProgramParent(): LiteScope {
    for (let s: LiteScope | null = this; s; s = s.parent) if (s.isProgram) return s;
    throw new PlainScopeUnsure('no program scope');
  }

  getBlockParent(): LiteScope {
    for (let s: LiteScope | null = this; s; s = s.parent) if (s.isBlockParent) return s;
    throw new PlainScopeUnsure('no block parent');
  }

  /** Scope#registerBinding: a binding per name the node declares, or a reassignment of one there. */
  registerBinding(kind: string, path: LitePath, bindingPath: LitePath = path): void {
    if (!path.node) return;
    const ids = t.getBindingIdentifiers(path.node, true, true) as unknown as Record<string, t.Identifier[]>;
    for (const name of Object.keys(ids)) {
      for (const id of ids[name]) {
        const local = this.bindings[name];
        if (local) {
          if (local.identifier === id) continue;
          checkBlockScopedCollisions(local, kind);
          local.reassign(bindingPath);
        } else {
          this.bindings[name] = new LiteBinding(id, this, bindingPath, kind);
        }
      }
    }
  }

  /** Scope#registerDeclaration. */
  registerDeclaration(path: LitePath): void {
    const node = path.node;
    switch (node.type) {
      case 'LabeledStatement':
        return;
      case 'FunctionDeclaration':
        this.registerBinding('hoisted', path.get('id') as LitePath, path);
        return;
      case 'VariableDeclaration': {
        const kind = node.kind === 'using' || node.kind === 'await using' ? 'const' : node.kind;
        for (const d of path.get('declarations') as LitePath[]) this.registerBinding(kind, d);
        return;
      }
      case 'ClassDeclaration':
        if (!node.declare) this.registerBinding('let', path);
        return;
      case 'ImportDeclaration': {
        const typeDecl = node.importKind === 'type' || node.importKind === 'typeof';
        for (const s of path.get('specifiers') as LitePath[]) {
          const spec = s.node as t.ImportDeclaration['specifiers'][number];
          const typeSpec = typeDecl || (t.isImportSpecifier(spec) && (spec.importKind === 'type' || spec.importKind === 'typeof'));
          this.registerBinding(typeSpec ? 'unknown' : 'module', s);
        }
        return;
      }
      default:
        if (t.isExportDeclaration(node)) {
          const d = (node as { declaration?: t.Node | null }).declaration;
          if (d && (d.type === 'ClassDeclaration' || d.type === 'FunctionDeclaration' || d.type === 'VariableDeclaration')) this.registerDeclaration(path.get('declaration') as LitePath);
          return;
        }
        this.registerBinding('unknown', path);
    }
  }

  /** Scope#registerConstantViolation. */
  registerConstantViolation(path: LitePath): void {
    for (const name of Object.keys(t.getAssignmentIdentifiers(path.node))) this.getBinding(name)?.reassign(path);
  }
}

/** Scope#checkBlockScopedCollisions: where Babel throws (a duplicate declaration), let it. */
function checkBlockScopedCollisions(local: LiteBinding, kind: string): void {
  if (kind === 'param' || local.kind === 'local') return;
  const duplicate = kind === 'let' || local.kind === 'let' || local.kind === 'const' || local.kind === 'module' || (local.kind === 'param' && kind === 'const');
  if (duplicate) throw new PlainScopeUnsure('duplicate declaration');
}

/** The scopes of one tree and the paths made so far (one per node, as Babel's path cache has it). */
export class PlainScopes {
  readonly scopeByNode = new Map<t.Node, LiteScope>();
  private readonly paths = new Map<t.Node, LitePath>();
  program!: LiteScope;

  pathOf(node: t.Node, parentPath: LitePath | null, key: Key, listKey: string | null, parent: t.Node | null = parentPath?.node ?? null): LitePath {
    if (node === null) return new LitePath(this, node, parentPath, parent, key, listKey);
    let path = this.paths.get(node);
    if (path === undefined) {
      path = new LitePath(this, node, parentPath, parent, key, listKey);
      this.paths.set(node, path);
    }
    return path;
  }

  /** path.setScope: a scope node's own scope; else its parent's (its grandparent's for a method key or decorator, a switch's discriminant). */
  scopeOfPath(path: LitePath): LiteScope {
    const own = this.scopeByNode.get(path.node);
    if (own) return own;
    if (path.node && path.parentPath === null) throw new PlainScopeUnsure('a path without a scope');
    if (path.node && isScopeNode(path.node, path.parent)) throw new PlainScopeUnsure('a scope the walk did not see');
    let start = path.parentPath!;
    if (((path.key === 'key' || path.listKey === 'decorators') && METHOD.has(start.node.type)) || (path.key === 'discriminant' && start.node.type === 'SwitchStatement')) {
      start = start.parentPath!;
    }
    return start.scope;
  }
}

/** What the summary's traverse visits, met in the walk: kept with their paths, in visiting order. */
export interface PlainVisit {
  path: LitePath;
}

/**
 * Walk the tree once: build the scopes and bindings as Babel's crawl of the program does, and give
 * `wanted` nodes (what the summary's visitors would act on) their paths, in Babel's visiting order.
 * Returns the resolver and those paths.
 */
export function crawlPlainly(file: t.File, wanted: (node: t.Node) => boolean): { scopes: PlainScopes; visits: LitePath[] } {
  const scopes = new PlainScopes();
  const visits: LitePath[] = [];
  const nodes: t.Node[] = [];
  const parents: Array<t.Node | null> = [];
  const keys: Key[] = [];
  const listKeys: Array<string | null> = [];
  const paths: Array<LitePath | undefined> = [];
  const ownScope: boolean[] = [];
  const scopeAt: LiteScope[] = [];
  const assignments: LitePath[] = [];
  const violations: LitePath[] = [];
  let typeDepth = 0; // > 0: inside a TSTypeAnnotation, which the crawl skips

  const pathAt = (d: number): LitePath => {
    let p = paths[d];
    if (p === undefined) {
      p = scopes.pathOf(nodes[d], d > 0 ? pathAt(d - 1) : null, keys[d], listKeys[d], parents[d]);
      paths[d] = p;
    }
    return p;
  };
  /** Scope#parent: the nearest enclosing scope node, past the method whose key or decorator this is. */
  const parentScopeOf = (d: number): LiteScope | null => {
    let i = d;
    while (i > 0) {
      const skip = keys[i] === 'key' || listKeys[i] === 'decorators';
      i--;
      if (skip && METHOD.has(nodes[i].type)) i--;
      if (i < 0) return null;
      if (ownScope[i]) return scopeAt[i];
    }
    return null;
  };
  /** The scope `var` and other non-block-scoped declarations go to. */
  const functionScope = (s: LiteScope): LiteScope => s.getFunctionParent() ?? s.getProgramParent();

  /** A node without a scope of its own is in its parent's (its grandparent's for a method key or decorator, a switch's discriminant). */
  const inheritScope = (d: number): void => {
    ownScope[d] = false;
    let start = d - 1;
    if (((keys[d] === 'key' || listKeys[d] === 'decorators') && METHOD.has(nodes[d - 1].type)) || (keys[d] === 'discriminant' && nodes[d - 1].type === 'SwitchStatement')) start--;
    scopeAt[d] = scopeAt[start];
  };

  const enter = (node: t.Node, d: number): void => {
    const parent = parents[d];
    const type = node.type;
    // Most nodes (names, member accesses, calls, literals) only take their scope from their parent.
    if (!CRAWLED.has(type)) {
      inheritScope(d);
      if (wanted(node)) visits.push(pathAt(d));
      return;
    }
    if (isScopeNode(node, parent)) {
      // Babel's crawl skips type annotations: a scope there would be crawled apart, later.
      if (typeDepth > 0) throw new PlainScopeUnsure('a scope inside a type annotation');
      const scope = new LiteScope(pathAt(d), parentScopeOf(d));
      scopes.scopeByNode.set(node, scope);
      ownScope[d] = true;
      scopeAt[d] = scope;
      if (type === 'Program') scopes.program = scope;
    } else {
      inheritScope(d);
    }
    if (wanted(node)) visits.push(pathAt(d));
    if (type === 'TSTypeAnnotation') typeDepth++;
    if (typeDepth > 0) return;
    const scope = scopeAt[d];
    // collectorVisitor, per node type (the registrations of one node go to different scopes, so
    // their order among themselves does not matter).
    if (DECLARATION.has(type) && !isBlockScoped(node) && type !== 'ImportDeclaration' && !t.isExportDeclaration(node)) {
      const target = functionScope(scope);
      if (type === 'TSImportEqualsDeclaration' && target !== scope.getBlockParent()) throw new PlainScopeUnsure('import-equals in a block');
      target.registerDeclaration(pathAt(d));
    }
    switch (type) {
      case 'ImportDeclaration':
        scope.getBlockParent().registerDeclaration(pathAt(d));
        break;
      case 'AssignmentExpression':
        assignments.push(pathAt(d));
        break;
      case 'UpdateExpression':
        violations.push(pathAt(d));
        break;
      case 'UnaryExpression':
        if (node.operator === 'delete') violations.push(pathAt(d));
        break;
      case 'ForInStatement':
      case 'ForOfStatement': {
        const left = node.left;
        if (PATTERN.has(left.type) || left.type === 'Identifier') violations.push(pathAt(d));
        break;
      }
      case 'CatchClause':
        scope.registerBinding('let', pathAt(d));
        break;
      case 'ClassExpression':
        if (node.id) scope.registerBinding('local', pathAt(d).get('id') as LitePath, pathAt(d));
        break;
    }
    if (isBlockScoped(node)) {
      const outer = ownScope[d] ? scope.parent! : scope;
      outer.getBlockParent().registerDeclaration(pathAt(d));
      if (type === 'ClassDeclaration' && node.id) scope.bindings[node.id.name] = scope.parent!.getBinding(node.id.name);
    }
    if (FUNCTION.has(type)) {
      const fn = pathAt(d);
      for (const param of fn.get('params') as LitePath[]) scope.registerBinding('param', param);
      if (type === 'FunctionExpression' && node.id) scope.registerBinding('local', fn.get('id') as LitePath, fn);
    }
  };

  const walk = (node: t.Node, parent: t.Node | null, key: Key, listKey: string | null, d: number): void => {
    nodes[d] = node;
    parents[d] = parent;
    keys[d] = key;
    listKeys[d] = listKey;
    paths[d] = undefined;
    enter(node, d);
    const childKeys = t.VISITOR_KEYS[node.type];
    if (childKeys !== undefined) {
      for (const k of childKeys) {
        const value = (node as unknown as Record<string, unknown>)[k];
        if (Array.isArray(value)) {
          for (let i = 0; i < value.length; i++) {
            const child = value[i] as t.Node | null;
            if (child !== null && typeof child === 'object' && typeof child.type === 'string') walk(child, node, i, k, d + 1);
          }
        } else if (value !== null && typeof value === 'object' && typeof (value as t.Node).type === 'string') {
          walk(value as t.Node, node, k, null, d + 1);
        }
      }
    }
    if (node.type === 'TSTypeAnnotation') typeDepth--;
  };

  walk(file.program, file, 'program', null, 0);
  // Crawl's end: assignments, then the other constant violations, each from its own scope.
  for (const a of [...assignments, ...violations]) a.scope.registerConstantViolation(a);
  return { scopes, visits };
}
