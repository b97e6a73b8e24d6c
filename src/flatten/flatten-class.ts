import type { NodePath } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ChainRoot, ClassGraph, ClassNode, LayerArgs } from '../graph/class-graph.js';
import type { Diagnostic } from '../types.js';
import type { ClassContext } from './context.js';
import { copyCode } from './copy.js';
import { planConstructors, superCallEdits, syntheticSuper } from './constructors.js';
import { applyEdits, indentAt, lineRemoval, newlineOf, originAnchor, stripAnchors, type Edit } from './edits.js';
import { checkCopiedKey, fieldDeclaration, layerInitExpressions, parameterPropertyDeclarations, parameterPropertyNames } from './fields.js';
import { Unsupported, type Hygiene } from './hygiene.js';
import { isOwnOfEveryClass, layerOf, OWN_KEYS_OF_EVERY_CLASS, type Layer, type Member } from './layers.js';
import { legacyFieldDiagnostics } from './legacy-fields.js';
import { assignPrivateNames } from './private-names.js';
import { reportEarlyPrivates } from './private-early.js';
import { keyRange } from './super.js';
import { dynamicStaticFieldCopy, isPrimitiveLiteral, staticBlockFields, staticFieldCopy } from './statics.js';
import { collectSites } from './sites.js';
import { accessibilityEdit, overrideEdit, typeArgumentsByLayer, typeParameterRenames } from './types-ts.js';
import { appliedMemberTexts } from './apply-mixins.js';
import { superInHelperDiagnostics } from './super-in-helper.js';
import { staticCopyTexts, refText, type CopyMember } from './super-copies.js';
import { restoreNameBlock } from './class-self.js';
import { derivedConstructorDiagnostics } from './derived-constructors.js';
import { childPath } from '../scan/child-path.js';

/** Generated members placed first in the flattened body (--preserve-instanceof), already indented. */
export type LeadingMembers = (ctx: ClassContext, indent: string, nl: string) => string[];

export interface FlattenedClass {
  /** Replacement of the class node's source range. */
  edit: Edit;
  diagnostics: Diagnostic[];
}

/**
 * Rewrite one class so that it no longer extends a project class. `chain` is the class itself first,
 * then its project ancestors up to the root. Throws Unsupported when the result could not mean the same.
 */
export function flattenClass(graph: ClassGraph, hygiene: Hygiene, chain: ClassNode[], root: ChainRoot, layerArgs: LayerArgs, applied: ClassNode[] = [], skip: Map<number, Set<string>> = new Map(), leading?: LeadingMembers, staying: ClassNode[] = []): FlattenedClass {
  const dest = chain[0];
  const layers = chain.map(layerOf);
  const rootNode = chain[root.holder].info.node;
  const rootHeritage = root.heritage;
  const ctx: ClassContext = {
    graph,
    hygiene,
    dest,
    destModule: dest.module,
    layers,
    external: rootHeritage.kind === 'external' ? { node: rootHeritage.path.node as t.Expression, path: rootHeritage.path, layer: root.holder } : null,
    layerArgs,
    typeArgs: new Map(),
    skip,
    privateNames: new Map(),
    privateUsed: new Set(),
    superCopies: new Map(),
    pendingSuperCopies: [],
    shadowAtClass: shadowedAround(dest),
    shadowInCtor: new Set(),
    accessorNames: new Set(),
    hasDynamicAccessor: false,
    diagnostics: [],
    ctorNames: new Set(),
    ctorDecls: new Set(),
  };
  checkSupported(ctx);
  if (layers.length > 1) ctx.diagnostics.push(...legacyFieldDiagnostics(ctx), ...superInHelperDiagnostics(ctx), ...derivedConstructorDiagnostics(ctx));
  // Instance accessors a moved field must not call: the layers', and those of subclasses left as they
  // were (ignored, --keep-patched), which still run this constructor on instances that have them too.
  const noteAccessors = (members: Member[]): void => {
    for (const m of members) {
      if (m.isStatic || (m.kind !== 'get' && m.kind !== 'set' && m.kind !== 'accessor')) continue;
      if (m.key.kind === 'name') ctx.accessorNames.add(m.key.name);
      else if (m.key.kind === 'dynamic') ctx.hasDynamicAccessor = true;
    }
  };
  for (const l of layers) noteAccessors(l.members);
  for (const d of staying) {
    let members: Member[];
    try {
      members = layerOf(d).members;
    } catch {
      ctx.hasDynamicAccessor = true;
      continue;
    }
    noteAccessors(members);
  }
  ctx.shadowInCtor = new Set([...ctx.shadowAtClass, ...(layers[0].ctor ? namesIn(layers[0].ctor.node) : [])]);
  if (layers[0].ctor) ctx.ctorDecls = declaredIn(layers[0].ctor);
  const externalName = ctx.external && t.isIdentifier(ctx.external.node) ? ctx.external.node.name : '';
  // These built-in constructors call overridable methods (set/add) of the instance being built.
  const externalCallsBack = /^(Map|Set|WeakMap|WeakSet)$/.test(externalName);
  if (externalCallsBack && needsSuperCopies(layers)) {
    throw new Unsupported(`the ${externalName} constructor calls overridable methods before the flattened class's private super targets exist`, ctx.external!.node, chain[root.holder].module, 'super-during-base-construction');
  }
  assignPrivateNames(ctx);
  reportEarlyPrivates(ctx, externalCallsBack);
  if (dest.module.isTypeScript) ctx.typeArgs = typeArgumentsByLayer(ctx);

  const module = dest.module;
  const code = module.code;
  const node = dest.info.node;
  const nl = newlineOf(code);
  const memberIndent = memberIndentOf(code, node);
  const edits: Edit[] = [];

  const inherits = layers.length > 1;
  // 1. `extends Base` goes; an external root base stays as `extends External`.
  if (inherits) edits.push(heritageEdit(ctx, code, node));

  // 2. Members inherited from ancestors, root first, each group marked with its origin.
  const copied = [...(inherits && leading ? leading(ctx, memberIndent, nl) : []), ...(inherits ? inheritedMembers(ctx, memberIndent, nl) : [])];

  // 3. The class's own members: super rewritten, instance fields moved into the constructor.
  if (inherits) for (const m of layers[0].members) edits.push(...ownMemberEdits(ctx, m, code));

  // 4. The constructor.
  const declaredFields: string[] = [];
  const ctorText = inherits ? constructorEdits(ctx, code, memberIndent, nl, edits, declaredFields) : null;

  // 4b. applyMixins: other classes' prototype members, after the class's own (the last definition wins).
  const appliedTexts = appliedMemberTexts(ctx, applied, (c, l, m) => memberText(c, l, m, memberIndent, null));
  if (appliedTexts.length) {
    const end = node.body.end! - 1;
    edits.push({ start: end, end, text: appliedTexts.map((x) => `${memberIndent}${x}`).join(nl).replace(/^/, nl) + nl + indentAt(code, node.start!) });
  }

  // 5. Private copies reached by super.x (may ask for more copies as they are copied).
  const superCopies: string[] = [];
  const copyMember: CopyMember = (layer, m, keyText, extra, typeArgs, superHome) => memberText(ctx, layer, m, memberIndent, keyText, extra, typeArgs, superHome);
  while (ctx.pendingSuperCopies.length) {
    const copy = ctx.pendingSuperCopies.shift()!;
    if (copy.form === 'static') superCopies.push(...staticCopyTexts(ctx, copy, copyMember));
    else for (const m of copy.members) superCopies.push(memberText(ctx, copy.layer, m, memberIndent, `#${copy.privateName}`));
  }
  for (const copy of ctx.superCopies.values()) if (copy.form === 'static' && copy.needsRef) superCopies.push(refText(ctx, copy));
  if (ctx.self?.used && ctx.self.insert) edits.push(ctx.self.insert);

  const bodyStart = node.body.start! + 1;
  const restore = ctx.self ? restoreNameBlock(ctx.self) : null;
  const inserted = [...(restore ? [`${memberIndent}${restore}`] : []), ...copied, ...declaredFields, ...(superCopies.length ? [`${memberIndent}// super targets, private to ${dest.info.name}`, ...superCopies.map((s) => `${memberIndent}${s}`)] : []), ...(ctorText ? [ctorText] : [])];
  if (inserted.length) edits.push({ start: bodyStart, end: bodyStart, text: nl + inserted.join(nl) + (layers[0].members.length || layers[0].ctor ? '' : nl + indentAt(code, node.start!)) });
  let text = applyEdits(code, node.start!, node.end!, edits, module.absPath);
  // Generated lines join with \n; a CRLF file stays CRLF throughout (template literals read CRLF as LF anyway).
  if (nl === '\r\n') text = text.replace(/\r?\n/g, '\r\n');
  return { edit: { start: node.start!, end: node.end!, text }, diagnostics: ctx.diagnostics };
}

function checkSupported(ctx: ClassContext): void {
  checkSuperclassDefinedFirst(ctx.dest);
  ctx.layers.forEach((l, i) => {
    for (const m of l.members) {
      if (m.kind === 'accessor') throw new Unsupported('auto-accessor fields (`accessor x`) are not supported yet', m.node, l.cls.module, 'unsupported-accessor');
    }
    // Inside `with (o) { … }` free names are looked up on `o` first: copied code would find other bindings.
    if (l.cls.info.path.findParent((p) => p.isWithStatement())) {
      throw new Unsupported(`${l.cls.info.name} is inside a \`with\` statement, which changes what the names of ${i > 0 ? 'its copied code' : 'the code copied into it'} refer to`, l.cls.info.node, l.cls.module);
    }
    if (i > 0 && l.cls.info.node.decorators?.length) {
      throw new Unsupported(`${l.cls.info.name} has class decorators, which may change the class in ways a copy cannot follow`, l.cls.info.node.decorators[0], l.cls.module, 'decorated-ancestor');
    }
    const decorated = decoratedMember(l.cls.info.node, i === 0);
    if (decorated) {
      throw new Unsupported(
        i > 0
          ? `${l.cls.info.name} has decorated members: a copy would run the decorator again, on ${ctx.dest.info.name}`
          : `${l.cls.info.name} has a decorated instance field, which would move into the constructor without its decorator`,
        decorated, l.cls.module, 'decorated-member');
    }
    if (i === 0 && !l.cls.module.legacyDecorators) checkStandardDecorators(ctx);
    if (i > 0 && ctx.layers[i].cls.module.isTypeScript && !ctx.destModule.isTypeScript) {
      throw new Unsupported(`${l.cls.info.name} is TypeScript and ${ctx.dest.info.name} is JavaScript: copied code would carry type annotations`, l.cls.info.node, l.cls.module, 'typescript-into-javascript');
    }
  });
}

/**
 * Standard (2023) decorators on the class's own methods and accessors (JavaScript, and TypeScript
 * without `experimentalDecorators`) may register initializers (`context.addInitializer`). An instance
 * member's ran when the class's `super()` returned, after its ancestors' fields and constructors; in the
 * flattened class they run first, at the start of its constructor. A static member's ran before the
 * class's static fields, while the ancestors' statics were inherited; the flattened class's copies of
 * them are static fields, not yet defined then. Either is refused where the ancestors have such code.
 */
function checkStandardDecorators(ctx: ClassContext): void {
  const own = ctx.layers[0];
  const ancestors = ctx.layers.slice(1);
  for (const m of own.members) {
    if (m.kind !== 'method' && m.kind !== 'get' && m.kind !== 'set') continue;
    const d = (m.node as { decorators?: t.Decorator[] | null }).decorators;
    if (!d?.length) continue;
    const name = m.key.kind === 'private' ? `#${m.key.name}` : m.key.kind === 'name' ? m.key.name : '[…]';
    if (!m.isStatic) {
      const runs = ancestors.find((l) => l.ctor !== null || l.members.some((a) => !a.isStatic && a.kind === 'field' && !a.typeOnly));
      if (runs) {
        throw new Unsupported(
          `${ctx.dest.info.name}'s ${name} has a standard decorator, whose initializers (\`context.addInitializer\`) ran after ${ctx.dest.info.name}'s \`super()\` returned; in the flattened class they would run before the constructor and fields of ${runs.cls.info.name}`,
          d[0], own.cls.module, 'decorated-member');
      }
      // Without an external base the flattened constructor is a base one: they run at its start, before
      // whatever the constructor did before `super()` (its parameters' defaults, the arguments).
      if (own.ctor && ctx.external === null && !superCallFirst(own.ctor.node)) {
        throw new Unsupported(
          `${ctx.dest.info.name}'s ${name} has a standard decorator, whose initializers (\`context.addInitializer\`) ran after ${ctx.dest.info.name}'s \`super()\` returned; in the flattened class they would run at the start of its constructor, before the code that came before \`super()\``,
          d[0], own.cls.module, 'decorated-member');
      }
    } else {
      const statics = ancestors.find((l) => l.members.some((a) => a.isStatic && (a.kind === 'field' || a.kind === 'static-block') && !a.typeOnly));
      if (statics) {
        throw new Unsupported(
          `${ctx.dest.info.name}'s static ${name} has a standard decorator, whose initializers (\`context.addInitializer\`) run before the class's static fields: they saw the statics inherited from ${statics.cls.info.name}, which in the flattened class are static fields not yet defined then`,
          d[0], own.cls.module, 'decorated-member');
      }
    }
  }
}

/** Does nothing run in this constructor before its `super(…)`: plain parameters, and a first statement `super(…)` of plain names, literals and spreads of names? */
function superCallFirst(ctor: t.ClassMethod): boolean {
  const plain = (n: t.Node): boolean => t.isIdentifier(n) || (t.isRestElement(n) && t.isIdentifier(n.argument));
  if (!ctor.params.every(plain)) return false;
  const first = ctor.body.body[0];
  if (!first || !t.isExpressionStatement(first) || !t.isCallExpression(first.expression) || !t.isSuper(first.expression.callee)) return false;
  return first.expression.arguments.every((a) => t.isIdentifier(a) || t.isLiteral(a) && !t.isTemplateLiteral(a) || (t.isSpreadElement(a) && t.isIdentifier(a.argument)));
}

/**
 * The first decorator on a member of `cls` (or on a parameter of one of its methods or its
 * constructor) that flattening would run again or drop: every one of an ancestor's (its members are
 * copied, and a decorator runs on the class it is written in: registries keyed by the class, metadata),
 * or, for the class itself, one on an instance field (fields move into the constructor).
 */
function decoratedMember(cls: t.Class, own: boolean): t.Decorator | null {
  for (const m of cls.body.body) {
    const isInstanceField = (t.isClassProperty(m) || t.isClassPrivateProperty(m)) && !m.static;
    if (own && !isInstanceField) continue;
    const decorators = (m as { decorators?: t.Decorator[] | null }).decorators;
    if (decorators?.length) return decorators[0];
    if (own) continue;
    const params = t.isClassMethod(m) || t.isClassPrivateMethod(m) || t.isTSDeclareMethod(m) ? m.params : [];
    for (const p of params) {
      const pd = (p as { decorators?: t.Decorator[] | null }).decorators;
      if (pd?.length) return pd[0];
    }
  }
  return null;
}

/**
 * `class Sub extends Base {}` evaluated before `class Base {}` (further down the same function or module)
 * throws a ReferenceError (temporal dead zone; a `var` gives a TypeError). The flattened class no longer
 * evaluates `Base` there, so it would run: such a class is left as it was.
 */
function checkSuperclassDefinedFirst(dest: ClassNode): void {
  const sc = dest.info.node.superClass;
  if (!sc) return;
  let root: t.Node = sc;
  while (t.isMemberExpression(root)) root = root.object;
  if (!t.isIdentifier(root)) return;
  const binding = dest.info.path.scope.getBinding(root.name);
  if (!binding || binding.kind === 'module' || binding.kind === 'param' || binding.kind === 'hoisted') return;
  const declared = binding.path.node;
  const fnOf = (p: NodePath) => p.getFunctionParent()?.node ?? null;
  if (declared.start! > dest.info.node.start! && fnOf(binding.path) === fnOf(dest.info.path)) {
    throw new Unsupported(`${dest.info.name} is defined before ${root.name} is initialized (further down), so defining it throws; the flattened class would not`, sc, dest.module, 'superclass-before-definition');
  }
}

/** Names bound between the module scope and the class (classes local to functions), and the class's own name. */
function shadowedAround(dest: ClassNode): Set<string> {
  const out = new Set<string>();
  for (let s = dest.info.path.scope; s && !s.path.isProgram(); s = s.parent) {
    for (const name of Object.keys(s.bindings)) out.add(name);
  }
  if (dest.info.node.id) out.add(dest.info.node.id.name);
  return out;
}

/** Does any ancestor-reaching `super.x` occur in the chain below the root? */
function needsSuperCopies(layers: Layer[]): boolean {
  return layers.slice(0, -1).some((l) => l.members.some((m) => {
    let found = false;
    t.traverseFast(m.node, (n) => {
      if (t.isMemberExpression(n) && t.isSuper(n.object)) found = true;
    });
    return found;
  }));
}

/** Names declared in a constructor: a function of its subtree, so kept per node (an unchanged module's are not walked again). */
const declaredCache = new WeakMap<t.Node, ReadonlySet<string>>();

function declaredIn(ctor: NodePath<t.ClassMethod>): ReadonlySet<string> {
  const known = declaredCache.get(ctor.node);
  if (known) return known;
  const out = declaredInUncached(ctor);
  declaredCache.set(ctor.node, out);
  return out;
}

function declaredInUncached(ctor: NodePath<t.ClassMethod>): Set<string> {
  const out = new Set<string>(Object.keys(ctor.scope.bindings));
  ctor.traverse({
    Scopable(p) {
      for (const name of Object.keys(p.scope.bindings)) out.add(name);
    },
  });
  return out;
}

/** The identifier names in a subtree, each once in order of first appearance: kept per node, like declaredIn(). */
const namesCache = new WeakMap<t.Node, readonly string[]>();

function namesIn(n: t.Node): readonly string[] {
  const known = namesCache.get(n);
  if (known) return known;
  const out = new Set<string>();
  t.traverseFast(n, (x) => {
    if (t.isIdentifier(x)) out.add(x.name);
  });
  const names = [...out];
  namesCache.set(n, names);
  return names;
}

/** The indentation of the class's members (its first member's, else the class's own plus two spaces). */
export function memberIndentOf(code: string, node: t.Class): string {
  const first = node.body.body[0];
  if (first) return indentAt(code, first.start!);
  return indentAt(code, node.start!) + '  ';
}

function heritageEdit(ctx: ClassContext, code: string, node: t.Class): Edit {
  const sc = node.superClass!;
  let start = code.lastIndexOf('extends', sc.start!);
  while (start > 0 && /\s/.test(code[start - 1])) start--;
  const typeArgs = (node as t.ClassDeclaration).superTypeParameters;
  const end = typeArgs ? typeArgs.end! : sc.end!;
  if (!ctx.external) return { start, end, text: '' };
  const ext = ctx.external;
  const extLayer = ctx.layers[ext.layer];
  const rootNode = extLayer.cls.info.node as t.ClassDeclaration;
  const typeArgs2 = rootNode.superClass === ext.node ? rootNode.superTypeParameters : null;
  const extText = copyCode(ctx, {
    layer: ext.layer,
    root: ext.path,
    start: ext.node.start!,
    end: typeArgs2 ? typeArgs2.end! : ext.node.end!,
    role: 'field',
    isStatic: true,
    shadow: ctx.shadowAtClass,
  });
  return { start, end, text: ` extends ${extText}` };
}

/**
 * A computed key that evaluates, from constants of its scope, to a key every class owns (isOwnOfEveryClass:
 * (`const K = 'constructor'; … [K]() {}`): hidden like the written key. A key that cannot be evaluated
 * (an imported constant) is copied (README Known limitations).
 */
function hiddenByOwnKey(m: Member): boolean {
  const node = m.node as t.ClassMethod | t.ClassProperty;
  if (!node.computed || m.typeOnly) return false;
  const value = constantKeyValue(childPath<NodePath>(m.path, 'key'), 0);
  return value !== undefined && isOwnOfEveryClass(value, m.isStatic);
}

/** A key's string value when literals and `const` bindings of literals give it; else undefined. */
function constantKeyValue(p: NodePath, depth: number): string | undefined {
  const n = p.node;
  if (depth > 8) return undefined;
  if (t.isStringLiteral(n)) return n.value;
  if (t.isNumericLiteral(n)) return String(n.value);
  if (t.isTemplateLiteral(n) && n.expressions.length === 0) return n.quasis[0].value.cooked ?? undefined;
  if (t.isBinaryExpression(n) && n.operator === '+') {
    const l = constantKeyValue(childPath<NodePath>(p, 'left'), depth + 1);
    const r = l === undefined ? undefined : constantKeyValue(childPath<NodePath>(p, 'right'), depth + 1);
    return r === undefined ? undefined : l! + r;
  }
  if (t.isIdentifier(n)) {
    const b = p.scope.getBinding(n.name);
    if (!b || !b.constant || b.kind !== 'const' || !t.isVariableDeclarator(b.path.node) || !b.path.node.init) return undefined;
    return constantKeyValue(childPath<NodePath>(b.path, 'init'), depth + 1);
  }
  return undefined;
}

/** Which ancestor members the flattened class needs, as source texts. */
function inheritedMembers(ctx: ClassContext, indent: string, nl: string): string[] {
  const winners = new Map<string, number>();
  // Every class has its own `prototype.constructor`, `name` and `length`: an ancestor's member of that
  // key (`['constructor']() {}`, `static name() {}`, `static length = 2`) was hidden by them.
  for (const k of OWN_KEYS_OF_EVERY_CLASS) winners.set(`${k.isStatic ? 's' : 'p'}:${k.name}`, 0);
  const redefined = new Map<string, Member>();
  ctx.layers.forEach((l, i) => {
    // TypeScript declarations: the nearest field, `declare` field or parameter property of a name declares it.
    for (const name of [...parameterPropertyNames(l), ...l.members.filter((m) => m.typeOnly && m.kind === 'field' && !m.isStatic && m.key.kind === 'name').map((m) => (m.key as { name: string }).name)]) {
      if (!winners.has(`f:${name}`)) winners.set(`f:${name}`, i);
    }
    // The class's own static initializers run on the flattened class itself: until its own static field
    // `x` is defined, `this.x` there is the inherited one, so that stays as a copy (the field redefines it).
    let ownStaticCodeSeen = false;
    for (const m of l.members) {
      if (m.kind === 'static-block') {
        if (i === 0 && mayReadOwnStatics(ctx, m.node)) ownStaticCodeSeen = true;
        // An own static block's `this.x = …` assigns (through an inherited setter, if any): it defines nothing.
        if (i === 0) continue;
        for (const name of staticBlockFields(m.node as t.StaticBlock)) if (!winners.has(`s:${name}`)) winners.set(`s:${name}`, -(i + 1));
        continue;
      }
      if (i === 0 && m.isStatic && m.kind === 'field' && !m.typeOnly) {
        // The field's own initializer runs before the field is defined, too.
        if (mayReadOwnStatics(ctx, (m.node as t.ClassProperty).value)) ownStaticCodeSeen = true;
        if (ownStaticCodeSeen) {
          if (m.key.kind === 'name') redefined.set(m.key.name, m);
          continue;
        }
      }
      if (m.key.kind === 'name' && m.kind === 'field' && !m.isStatic && !m.typeOnly) {
        if (!winners.has(`f:${m.key.name}`)) winners.set(`f:${m.key.name}`, i);
        continue;
      }
      if (m.key.kind !== 'name' || (m.kind === 'field' && !m.isStatic)) continue;
      const k = `${m.isStatic ? 's' : 'p'}:${m.key.name}`;
      if (!winners.has(k)) winners.set(k, i);
    }
  });
  for (const [name, m] of redefined) {
    // TypeScript rejects a static declared twice in one class body.
    const w = winners.get(`s:${name}`);
    if (ctx.destModule.isTypeScript && w !== undefined && w !== 0) {
      throw new Unsupported(`static code of ${ctx.dest.info.name} may read the inherited static '${name}' before its own is defined; TypeScript does not allow the two declarations the flattened class would need`, m.node, ctx.destModule, 'static-read-before-own-definition');
    }
  }
  const out: string[] = [];
  for (let j = ctx.layers.length - 1; j >= 1; j--) {
    const l = ctx.layers[j];
    const texts: string[] = [];
    for (const m of l.members) {
      const text = inheritedMemberText(ctx, j, m, winners, indent);
      // Source maps: the copy maps to the member (generated declarations too).
      if (text !== null) texts.push(originAnchor(l.cls.module.absPath, m.node.start!) + text);
    }
    for (const d of parameterPropertyDeclarations(ctx, j, (name) => winners.get(`f:${name}`) === j && !declaredAsMethod(ctx, name))) texts.push(d);
    // Statics created by the ancestor's static blocks: read from the ancestor, as the chain did.
    for (const [k, w] of winners) {
      if (w === -(j + 1)) texts.push(staticFromBlock(ctx, j, k.slice(2)));
    }
    if (texts.length) {
      out.push(`${indent}${originAnchor(l.cls.module.absPath, l.cls.info.node.start!)}// from ${l.cls.info.name} (${l.cls.module.relPath})`);
      for (const s of texts) out.push(`${indent}${s}`);
    }
  }
  return out;
}

/** Can this static code of the class itself read its statics (through `this`, `super` or the class's name)? */
function mayReadOwnStatics(ctx: ClassContext, code: t.Node | null | undefined): boolean {
  if (!code || isPrimitiveLiteral(code)) return false;
  const names = new Set([ctx.dest.info.name, ctx.dest.info.moduleBinding, ctx.dest.info.node.id?.name]);
  let found = false;
  t.traverseFast(code, (n) => {
    if (t.isThisExpression(n) || t.isSuper(n) || (t.isIdentifier(n) && names.has(n.name))) found = true;
  });
  return found;
}

function staticFromBlock(ctx: ClassContext, layer: number, name: string): string {
  const ref = ctx.layers[layer].cls.info.moduleBinding;
  if (!ref) throw new Unsupported(`a static block of ${ctx.layers[layer].cls.info.name} defines '${name}', but the class has no name to read it from`, null, ctx.layers[layer].cls.module);
  return `static ${name} = ${ref}.${name};`;
}

/** Did the options of layer j say to leave this member out? */
export function skipped(ctx: ClassContext, j: number, m: Member): boolean {
  const s = ctx.skip.get(j);
  if (!s || !s.size) return false;
  if (m.key.kind !== 'dynamic' && s.has(m.key.kind === 'private' ? `#${m.key.name}` : m.key.name)) return true;
  if (m.isStatic) return s.has('statics');
  if (m.kind === 'field') return s.has('fields');
  if (m.kind === 'get' || m.kind === 'set') return s.has('accessors');
  return (m.kind === 'method' || m.kind === 'signature') && s.has('methods');
}

/**
 * The static method and accessor names of the layers nearer than j (the class itself included): an
 * ancestor's static field with a computed key whose value is one of them was hidden by it, and static
 * fields are defined after every method, so the copy must not overwrite it. A nearer static method or
 * accessor with a computed key could be any name: the copy is refused.
 */
function nearerStaticKeys(ctx: ClassContext, j: number, at: t.Node): string[] {
  const names = new Set<string>();
  for (let i = j - 1; i >= 0; i--) {
    for (const m of ctx.layers[i].members) {
      if (!m.isStatic || m.typeOnly || (m.kind !== 'method' && m.kind !== 'get' && m.kind !== 'set')) continue;
      if (m.key.kind === 'dynamic') {
        throw new Unsupported('an inherited static field has a computed key, and a nearer class has a static method or accessor with a computed key: which one the class sees cannot be told', at, ctx.layers[j].cls.module, 'computed-member-key');
      }
      if (m.key.kind === 'name') names.add(m.key.name);
    }
  }
  return [...names].sort();
}

function inheritedMemberText(ctx: ClassContext, j: number, m: Member, winners: Map<string, number>, indent: string): string | null {
  if (m.kind === 'static-block' || skipped(ctx, j, m)) return null;
  if (m.key.kind === 'private') {
    const rename = ctx.privateNames.get(j)!.get(m.key.name)!;
    if (m.kind === 'field') {
      const node = m.node as t.ClassPrivateProperty;
      const code = ctx.layers[j].cls.module.code;
      const type = node.typeAnnotation ? code.slice(node.typeAnnotation.start!, node.typeAnnotation.end!) : '';
      // Declared here, defined in order by the constructor (instance) or taken as declared (static).
      return `${m.isStatic ? 'static ' : ''}#${rename}${type};`;
    }
    return memberText(ctx, j, m, indent, `#${rename}`);
  }
  if (m.kind === 'field' && !m.isStatic) {
    // TypeScript needs the type of a field whose definition moved into the constructor: the nearest declares it.
    if (m.key.kind !== 'name' || winners.get(`f:${m.key.name}`) !== j || declaredAsMethod(ctx, m.key.name)) return null;
    return fieldDeclaration(ctx, j, m, false);
  }
  if (m.key.kind === 'dynamic') {
    if (hiddenByOwnKey(m)) return null;
    if (m.kind === 'field') {
      // Instance fields go into the constructor; a static one is copied here, its key evaluated again.
      if (!m.isStatic || m.typeOnly) return null;
      checkCopiedKey(ctx, j, m);
      return dynamicStaticFieldCopy(ctx, j, m.path as NodePath<t.ClassProperty>, nearerStaticKeys(ctx, j, m.node));
    }
    checkCopiedKey(ctx, j, m);
    return memberText(ctx, j, m, indent, null);
  }
  const k = `${m.isStatic ? 's' : 'p'}:${m.key.name}`;
  if (winners.get(k) !== j) return null;
  if (m.kind === 'field') return staticFieldCopy(ctx, j, m.path as NodePath<t.ClassProperty>);
  if (m.typeOnly && m.kind !== 'signature') return null;
  return memberText(ctx, j, m, indent, null);
}

/**
 * A member's source, copied with hygiene; `keyText` replaces its key (for private copies), `more` are
 * further edits, `typeArgs` replaces the layer's type arguments (static super copies).
 */
function memberText(ctx: ClassContext, layer: number, m: Member, indent: string, keyText: string | null, more: Edit[] = [], typeArgs?: Map<string, string>, superHome?: string): string {
  const code = ctx.layers[layer].cls.module.code;
  const node = m.node as t.ClassMethod;
  const start = ctx.skip.get(layer)?.has('docs') ? node.start! : leadingCommentStart(node);
  const replace = keyText ? { ...keyRange(code, node), text: keyText } : undefined;
  const ov = keyText || stripsOverride(ctx, layer, m) ? overrideEdit(code, node) : null;
  // A `#name` copy cannot keep `public`/`protected`/`private` (TypeScript rejects modifiers on private names).
  const access = keyText?.startsWith('#') ? accessibilityEdit(code, node) : null;
  const extra = [ov, access].filter((e): e is Edit => e !== null);
  extra.push(...more);
  if (ctx.destModule.isTypeScript) extra.push(...typeParameterRenames(ctx, code, node));
  const text = copyCode(ctx, { layer, root: m.path, start, end: node.end!, role: 'member', isStatic: m.isStatic, shadow: ctx.shadowAtClass, replace, extra, superHome, typeArgs });
  return reindent(text, indentAt(code, node.start!), indent);
}

/**
 * `override` stays only where something outside the project may still be overridden: with no external
 * base nothing is, and a member a project ancestor defined now overrides nothing.
 */
function stripsOverride(ctx: ClassContext, layer: number, m: Member): boolean {
  if (!ctx.external) return true;
  if (m.key.kind !== 'name') return false;
  const name = m.key.name;
  return ctx.layers.slice(layer + 1).some((l) => l.members.some((o) => o.isStatic === m.isStatic && o.key.kind === 'name' && o.key.name === name));
}

function leadingCommentStart(node: t.Node): number {
  const comments = node.leadingComments;
  if (comments && comments.length) return Math.min(node.start!, comments[comments.length - 1].start!);
  return node.start!;
}

/** Move a member's continuation lines from its old indentation to the new one. */
function reindent(text: string, from: string, to: string): string {
  if (from === to) return text;
  // Every line but the first: `from` at its start becomes `to` (one pass, no array of lines).
  let nl = text.indexOf('\n');
  if (nl < 0) return text;
  let out = text.slice(0, nl);
  while (nl >= 0) {
    const start = nl + 1;
    nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    out += '\n';
    out += end - start >= from.length && text.startsWith(from, start) ? to + text.slice(start + from.length, end) : text.slice(start, end);
  }
  return out;
}

/**
 * Does the flattened class body hold a method, accessor or overload signature of this (instance) name?
 * The nearest layer's such member is kept (own) or copied, unless it is abstract. An instance field of
 * that name (own or inherited) then gets no `declare` line: TypeScript rejects a property declared
 * next to a method of its name (TS2300, TS2717), and the method's declaration types the member. At
 * run time nothing changes: the field is still defined by the constructor, over the method.
 */
function declaredAsMethod(ctx: ClassContext, name: string): boolean {
  if (!ctx.destModule.isTypeScript) return false;
  for (let j = 0; j < ctx.layers.length; j++) {
    const m = ctx.layers[j].members.find((x) => !x.isStatic && x.key.kind === 'name' && x.key.name === name && x.kind !== 'field' && x.kind !== 'static-block');
    if (m) return j === 0 || !m.typeOnly || m.kind === 'signature';
  }
  return false;
}

/** Edits to the class's own members. */
function ownMemberEdits(ctx: ClassContext, m: Member, code: string): Edit[] {
  const node = m.node;
  if (m.kind === 'field' && !m.isStatic) {
    if (m.key.kind === 'private') {
      const p = node as t.ClassPrivateProperty;
      if (!p.value) return [];
      const from = p.typeAnnotation ? p.typeAnnotation.end! : p.key.end!;
      return [{ start: from, end: p.value.end!, text: '' }];
    }
    // A `declare`/`abstract` field stays; an abstract one loses an `override` that overrides nothing any more.
    if (m.typeOnly) {
      const ov = stripsOverride(ctx, 0, m) ? overrideEdit(code, node) : null;
      return ov ? [ov] : [];
    }
    const decl = m.key.kind === 'name' && declaredAsMethod(ctx, m.key.name) ? null : fieldDeclaration(ctx, 0, m, true);
    return decl ? [{ start: node.start!, end: node.end!, text: decl }] : [lineRemoval(code, node.start!, node.end!)];
  }
  if (m.kind === 'static-block' || m.kind === 'field' || m.kind === 'method' || m.kind === 'get' || m.kind === 'set') {
    const ov = stripsOverride(ctx, 0, m) ? overrideEdit(code, node) : null;
    const text = copyCode(ctx, { layer: 0, root: m.path, start: node.start!, end: node.end!, role: 'member', isStatic: m.isStatic, shadow: ctx.shadowAtClass, extra: ov ? [ov] : [] });
    const original = code.slice(node.start!, node.end!);
    if (stripAnchors(text) !== original) return [{ start: node.start!, end: node.end!, text }];
  }
  if (m.kind === 'signature' && stripsOverride(ctx, 0, m)) {
    const ov = overrideEdit(code, node);
    if (ov) return [ov];
  }
  return [];
}

/** Rewrite the class's own constructor in place, or return the text of a generated one. */
function constructorEdits(ctx: ClassContext, code: string, indent: string, nl: string, edits: Edit[], declaredFields: string[]): string | null {
  const own = ctx.layers[0].ctor;
  // Names to avoid: the constructor's and every layer module's (each module's set once, however many layers).
  const taken = new Set<string>([...ctx.shadowInCtor]);
  const moduleNames = [...new Set(ctx.layers.map((l) => l.cls.module.names))];
  const isTaken = (name: string) => taken.has(name) || moduleNames.some((names) => names.has(name));
  const fresh = (preferred: string) => {
    let name = preferred;
    for (let i = 2; isTaken(name); i++) name = `${preferred}_${i}`;
    taken.add(name);
    ctx.hygiene.additions(ctx.destModule).names.claim(name);
    return name;
  };
  const plan = planConstructors(ctx, (j) => fresh(`__${ctx.layers[j].cls.info.name.replace(/[^\w$]/g, '_')}`), () => fresh('args'));
  const ownTail = layerInitExpressions(ctx, 0, ctx.shadowInCtor);
  const inner = indent + '  ';
  if (own) {
    // TypeScript parameter properties would be assigned before the ancestors' constructors once the class
    // no longer extends anything: they become declared fields assigned where super() returned.
    const paramEdits: Edit[] = [];
    for (const p of own.node.params) {
      if (!t.isTSParameterProperty(p)) continue;
      paramEdits.push({ start: p.start!, end: p.parameter.start!, text: '' });
      const id = t.isAssignmentPattern(p.parameter) ? p.parameter.left : p.parameter;
      if (!t.isIdentifier(id)) continue;
      const type = id.typeAnnotation ? code.slice(id.typeAnnotation.start!, id.typeAnnotation.end!) : '';
      const mods = [p.accessibility, 'declare', p.readonly ? 'readonly' : ''].filter(Boolean).join(' ');
      declaredFields.push(`${indent}${mods} ${id.name}${id.optional ? '?' : ''}${type};`);
    }
    if (collectSitesCount(own, ctx.layers[0].privateNames) === 0) {
      throw new Unsupported(`the constructor of ${ctx.dest.info.name} never calls super(), so its ancestors' constructors and fields have no place to run`, own.node, ctx.destModule, 'constructor-without-super');
    }
    const body = own.node.body;
    const bodyIndent = body.body[0] ? indentAt(code, body.body[0].start!) : inner;
    const text = copyCode(ctx, {
      layer: 0,
      root: own,
      start: own.node.start!,
      end: own.node.end!,
      role: 'ctor',
      isStatic: false,
      shadow: ctx.shadowInCtor,
      superCall: (call) => superCallEdits(code, call, plan.ownSuper, ownTail),
      extra: [...paramEdits, ...(plan.helpers.length ? [{ start: body.start! + 1, end: body.start! + 1, text: plan.helpers.map((h) => `${nl}${bodyIndent}${reindent(h.text, h.indent, bodyIndent)}`).join('') }] : [])],
    });
    edits.push({ start: own.node.start!, end: own.node.end!, text });
    return null;
  }
  const args = fresh('args');
  // Arguments are forwarded only to an ancestor's constructor (a helper) or an external base; with
  // neither, the original (implicit) constructor ignored them too, and an unused rest parameter would
  // fail TypeScript's noUnusedParameters and accept arguments the original's type did not.
  const forwards = plan.ownSuper.head.kind === 'helper' || plan.ownSuper.head.kind === 'super';
  const argsType = ctx.destModule.isTypeScript ? `: ${forwardedArgsType(ctx)}` : '';
  const lines = [...plan.helpers.map((h) => `${inner}${reindent(h.text, h.indent, inner)}`), syntheticSuper({ head: plan.ownSuper.head, tail: [...plan.ownSuper.tail, ...ownTail] }, args, inner)].filter(Boolean);
  return `${indent}constructor(${forwards ? `...${args}${argsType}` : ''}) {${nl}${lines.join(nl)}${nl}${indent}}`;
}

/**
 * TypeScript: the type of the arguments a generated constructor forwards: the parameters of the nearest
 * ancestor constructor as a labeled tuple (types in the flattened class's terms), or the external base's.
 */
function forwardedArgsType(ctx: ClassContext): string {
  for (let j = 1; j < ctx.layers.length; j++) {
    const ctor = ctx.layers[j].ctor;
    if (!ctor) continue;
    const parts = ctor.node.params.map((p, i) => {
      const inner = t.isTSParameterProperty(p) ? p.parameter : p;
      const rest = t.isRestElement(inner);
      const target = rest ? inner.argument : t.isAssignmentPattern(inner) ? inner.left : inner;
      const label = t.isIdentifier(target) ? target.name : `arg${i}`;
      const ann = (inner as { typeAnnotation?: t.Node | null }).typeAnnotation ?? (target as { typeAnnotation?: t.Node | null }).typeAnnotation;
      const type = ann && t.isTSTypeAnnotation(ann)
        ? copyCode(ctx, { layer: j, root: ctor, start: ann.typeAnnotation.start!, end: ann.typeAnnotation.end!, role: 'member', isStatic: false, shadow: ctx.shadowAtClass })
        : rest ? 'any[]' : 'any';
      const optional = t.isAssignmentPattern(inner) || (t.isIdentifier(target) && target.optional);
      return rest ? `...${label}: ${type}` : `${label}${optional ? '?' : ''}: ${type}`;
    });
    return `[${parts.join(', ')}]`;
  }
  if (ctx.external) return `ConstructorParameters<typeof ${externalText(ctx)}>`;
  return 'any[]';
}

function externalText(ctx: ClassContext): string {
  const ext = ctx.external!;
  return copyCode(ctx, { layer: ext.layer, root: ext.path, start: ext.node.start!, end: ext.node.end!, role: 'field', isStatic: true, shadow: ctx.shadowAtClass });
}

function collectSitesCount(ctor: NodePath<t.ClassMethod>, privateNames: Iterable<string>): number {
  // The class's private names, as copyCode passes: the walk is cached and shared with the copy.
  return collectSites(ctor, new Set(privateNames)).superCalls.length;
}


export type { Layer };
