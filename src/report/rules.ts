// What each diagnostic code means, for reports that describe their rules (SARIF) and for the docs.
import type { Category, Diagnostic, Severity } from '../types.js';

export interface RuleInfo {
  /** One line: what the code is about. */
  title: string;
  /** A few sentences: why it is reported and what to do. No links. */
  help: string;
}

/** What every category is about; the fallback for codes this table does not know. */
export const CATEGORY_HELP: Record<Category, RuleInfo> = {
  super: {
    title: 'A use of super that flattening cannot express exactly',
    help: 'After flattening, the class no longer has its former ancestors on its prototype chain, so a super access that depended on them is either rewritten to a private copy of the ancestor member or left as written and reported.',
  },
  isinstance: {
    title: 'An identity check whose answer changes after flattening',
    help: 'Flattened classes no longer inherit from their former project ancestors: instanceof, isPrototypeOf, private brand checks (#x in o) and Symbol.hasInstance can answer differently. Test for the flattened classes too, or check a brand or interface instead; --preserve-instanceof keeps instanceof answers.',
  },
  mro: {
    title: 'Prototype-chain introspection or patching that sees a different chain',
    help: 'Code that walks or changes the prototype chain of a flattened class (Object.getPrototypeOf, setPrototypeOf, __proto__, patching a base prototype or static after definition) sees a shorter chain after flattening, and patches to a former base no longer reach its flattened subclasses.',
  },
  parse: {
    title: 'A file could not be read or parsed',
    help: 'The file is copied into the output unchanged and none of its classes are flattened. Fix the syntax error or the encoding to have it processed.',
  },
  resolve: {
    title: 'An import or superclass that could not be resolved',
    help: 'Classes reached through an unresolved import are treated as external, so subclasses of them are not flattened. Check the path, or provide a resolve() callback in the config file.',
  },
  cycle: {
    title: 'An inheritance cycle, or an extends clause inside an import cycle',
    help: 'A class cannot (indirectly) extend itself; such code throws when it runs, and the classes involved are left as they were. A class that extends a base from a module in its own import cycle is flattened, and said (info): the original threw where its module was evaluated first.',
  },
  unsupported: {
    title: 'A class that could not be flattened exactly and was left as it was',
    help: 'The tool never rewrites part of a class: when some construct of the class or of an ancestor cannot be expressed exactly in the flattened class, the class keeps its extends clause and its original behaviour. Restructure the code named in the message to have it flattened.',
  },
  config: {
    title: 'A problem with the options, the config file, the inputs or the output',
    help: 'Check the command-line arguments and the config file; the message names what is wrong.',
  },
};

/** Known codes. Codes built from an API name (e.g. `objectgetprototypeof-unknown`) fall back by pattern, then by category. */
export const RULES: Record<string, RuleInfo> = {
  // super
  'super-assignment': {
    title: 'Assignment through super',
    help: 'super.x = v assigns to this but starts the setter lookup at the former ancestor. After flattening there is no such ancestor, so the assignment no longer goes through an ancestor setter. Call the setter explicitly or assign this.x.',
  },
  'super-assignment-rewritten': {
    title: 'Assignment through super rewritten to an ancestor setter',
    help: 'super.x = v where the nearest ancestor defines a setter for x now calls a private copy of that setter. Behaviour is kept; this is for information.',
  },
  'super-dynamic-key': {
    title: 'super[...] with a key that is not a constant',
    help: 'A super access with a computed key cannot be resolved to an ancestor member statically. After flattening it looks past the former ancestors. Use a constant key, or call the ancestor method by name.',
  },
  'super-in-object-literal': {
    title: 'super inside an object-literal method',
    help: "super in an object-literal method refers to the literal's prototype, not to a class ancestor; flattening leaves it as it was.",
  },
  // isinstance
  'instanceof-flattened-base': {
    title: 'instanceof against a class whose subclasses were flattened',
    help: 'Instances of the flattened subclasses no longer inherit from this class, so x instanceof Base is false for them. Test for the flattened classes too, or check a brand or interface, or flatten with --preserve-instanceof: the class then gets a Symbol.hasInstance that recognizes them, and this is an info.',
  },
  'isPrototypeOf-flattened-base': {
    title: 'isPrototypeOf on a class whose subclasses were flattened',
    help: "The flattened subclasses' prototypes no longer have this class's prototype in their chain, so Base.prototype.isPrototypeOf(x) is false for their instances. --preserve-instanceof does not change that: isPrototypeOf walks the chain.",
  },
  'instanceof-unknown-class': {
    title: 'instanceof against a class that is not statically known',
    help: 'The right-hand side could be a class whose subclasses were flattened, in which case the answer changes. Compare against a known class, or check a brand or interface.',
  },
  'isPrototypeOf-unknown-class': {
    title: 'isPrototypeOf on an object that is not statically known',
    help: 'The object could be the prototype of a class whose subclasses were flattened, in which case the answer changes.',
  },
  'former-ancestor-passed-out': {
    title: 'A former ancestor handed to code outside the project',
    help: "A class whose subclasses were flattened is passed to a global or an imported function (jest's expect(x).toBeInstanceOf(Base) or toThrow(Base), assert.throws(fn, Base)). If that code tests instanceof against it, the answer is false for instances of the flattened subclasses. --preserve-instanceof keeps instanceof answers (then this is an info); otherwise pass the flattened classes too, or ignore it if that code never tests instanceof.",
  },
  'brand-check-flattened-base': {
    title: 'Private brand check (#x in o) or o.#x against a flattened base',
    help: "Instances of the flattened subclasses no longer carry the base class's private names, so #x in o is false for them and o.#x (on an object other than this) throws a TypeError (--preserve-instanceof does not change that). Check a public brand or a known class instead.",
  },
  'symbol-has-instance': {
    title: 'Symbol.hasInstance on a class involved in flattening',
    help: 'A custom Symbol.hasInstance is copied into flattened subclasses or stranded on their former base, so instanceof answers may change. Review the hasInstance logic against the flattened classes.',
  },
  'derived-this-check': {
    title: 'Derived constructor relies on the this check',
    help: 'A derived constructor throws a ReferenceError for `this` before super(), a second super() or no super() at all; the flattened class has no base class, so its constructor never throws there. Keep to one super() statement before any use of this.',
  },
  'derived-return-primitive': {
    title: 'Derived constructor may return a primitive',
    help: 'A derived constructor that returns a primitive other than undefined throws a TypeError; the flattened class has no base class, so its constructor returns the new instance instead.',
  },
  'super-method-value': {
    title: 'Ancestor method read through super as a value',
    help: "`super.m` not called is now the flattened class's private copy of the ancestor's method: another function object, with another name.",
  },
  'super-receiver-checked': {
    title: 'super.x reaches a private copy that checks the receiver',
    help: "`super.x` normally becomes a static private copy called with `.call(this, …)`, which works with any `this`. Where that form cannot mean the same (the copied code itself uses `super[key]` with a dynamic key, the class has no name inside its body, a TypeScript generic copy), it is `this.#Base_x`, which throws a TypeError when `this` is not an instance of the flattened class (a Proxy of one, Object.create(…), the prototype, a borrowed method).",
  },
  'private-on-other-object': {
    title: 'Private name of an ancestor read on an object other than this',
    help: "In the flattened class the private name is the class's own, so reading it on a plain instance of the former ancestor throws a TypeError.",
  },
  'private-field-early-access': {
    title: 'Private name used during construction before its class part is initialized',
    help: "A private field exists once its initializer has run, a private method or accessor once its class's super() has returned; touching it earlier threw a TypeError. The flattened class has all of them from the start, so such early code now reads undefined or runs the method. Reported where a method called during construction (or an earlier field initializer) can reach the private name.",
  },
  'ts-subtype-lost': {
    title: 'Flattened TypeScript class no longer assignable to a former ancestor',
    help: 'TypeScript compares classes with private or protected members by declaration. Once flattened, the class declares its own copies, so it is no longer assignable to that ancestor (run-time behaviour is unaffected). The places that rely on it are reported as ts-subtype-use.',
  },
  'ts-subtype-use': {
    title: 'A value of a flattened class may meet a type of its former ancestor',
    help: 'Found syntactically (an over-approximation): this expression may have the type of a flattened class, in a place where TypeScript checks it against a declared type, which may be a former ancestor it is no longer assignable to. Type the place with an interface both classes implement, or keep the class unflattened.',
  },
  'ts-private-member-copied': {
    title: 'Copied code reads a private or protected member on another object',
    help: "The ancestor's code could read its private or protected member on any instance of the ancestor; copied into the flattened class, it no longer may. Give the member public access, or keep the class unflattened.",
  },
  'ts-legacy-class-fields': {
    title: "A moved field written with TypeScript's legacy class-field semantics",
    help: "tsconfig.json says TypeScript compiles this class's fields with legacy semantics (useDefineForClassFields false, the default below target ES2022), so the flattened constructor does what tsc emitted: assignments after the parameter properties, nothing for a field without initializer. A compiler that ignores tsconfig's target (Babel, esbuild without it) ran the original with ES2022 semantics instead, which differs here. Set useDefineForClassFields to true if that is your compiler.",
  },
  'ts-applied-member-redeclared': {
    title: 'A property declaration and an applied mixin member with the same name',
    help: "TypeScript code declares an applyMixins mixin's members as properties of the class so that calls type-check; flattening copies the members into the class body, where TypeScript rejects the two declarations of one name. Run-time behaviour is unchanged. Declare the mixin's members through an interface merged with the class instead.",
  },
  'ts-super-in-helper': {
    title: "TypeScript rejects super() in the arrow function that replaces an ancestor's constructor",
    help: "The class is flattened onto an external base and a former ancestor's constructor, which calls super(), became an arrow function inside the flattened constructor. JavaScript runs it exactly as before; TypeScript allows super() only directly in a constructor body, so tsc reports the helper (TS2337), the constructor (TS2377) and this after the call (TS17009). Run-time behaviour is unchanged. Expect those errors when type-checking the mirror, or keep the class unflattened.",
  },
  'ts-this-member-narrowed': {
    title: 'Copied code uses a member that a subclass redeclares with another type',
    help: "In the copy, this has the flattened class's type, so this.m is checked against the subclass's declaration of m (a narrower property, a method with other parameters) instead of the ancestor's.",
  },
  // mro
  'prototype-walk': {
    title: 'Walk up a prototype chain',
    help: 'getPrototypeOf applied to the result of getPrototypeOf walks the chain; for a flattened class or its instances the chain is shorter after flattening. Compare against known classes or check members instead.',
  },
  'method-identity-changed': {
    title: 'Identity comparison with a method that flattening copies',
    help: 'Flattened classes get copies of their ancestors\' methods, which are different functions: X.prototype.m === y.m (a common "is it overridden?" test) can change. Compare by behaviour or a marker property instead.',
  },
  'own-properties-changed': {
    title: 'Own properties of a flattened class inspected',
    help: 'Inherited members become own properties of a flattened class and its prototype, so Object.keys, getOwnPropertyNames, hasOwn and friends see more than before.',
  },
  'getprototypeof-flattened': {
    title: 'Prototype chain of a flattened class inspected',
    help: 'Object.getPrototypeOf, Reflect.getPrototypeOf or __proto__ on a flattened class (or its former base) sees a different chain after flattening. Avoid walking the prototype chain of flattened classes.',
  },
  'setprototypeof-flattened': {
    title: 'Prototype of a flattened class changed',
    help: 'Object.setPrototypeOf or __proto__ assignment on a flattened class (or its former base) acts on a different chain after flattening.',
  },
  'prototype-patched': {
    title: 'Prototype of a former base patched after definition',
    help: 'A member added to Base.prototype after the class was defined reached its subclasses through inheritance; their flattened copies do not see it. Move the member into the class body, or patch the flattened subclasses too.',
  },
  'static-patched': {
    title: 'Static of a former base assigned after definition',
    help: 'A static assigned to a base class after definition (`Base.x = v`, `Base.x++`, `delete Base.x`, `Object.assign(Base, …)`, `Object.defineProperty(Base, …)`) was visible to subclasses through the constructor chain; their flattened copies do not see it. Keep shared static state in a module variable, or update the subclasses too.',
  },
  'static-shared-through-this': {
    title: 'Static of a former base written through this',
    help: 'A static written through this in a static method of a base was shared with subclasses through the constructor chain; after flattening each subclass has its own copy.',
  },
  // resolve
  'unresolved-import': {
    title: 'A relative import that does not resolve to a scanned file',
    help: 'Classes it provides are treated as external, so subclasses of them are not flattened. Check the path, add the file to the inputs, or provide a resolve() callback in the config file.',
  },
  'opaque-superclass': {
    title: 'Chain ends at a superclass expression that cannot be evaluated again',
    help: 'The root of the chain extends a computed expression (a mixin call, an unresolvable import). Its subclasses are left as they were. Name the base class directly, or mark the class as external.',
  },
  'reassigned-superclass': {
    title: 'Superclass held by a variable that is assigned again',
    help: 'The extends clause names a variable that holds a class of the project but is assigned again (`export let Base = class {}` … `Base = Other`), so which class it extends is only known when it runs. The class is left as it was, extending whatever the variable holds. Extend a class declaration or a const that holds the class, if you want it flattened.',
  },
  'config-resolve-failed': {
    title: "The config's resolve() failed",
    help: 'resolve(specifier, importerPath) must synchronously return an absolute path or null. A call that throws or returns anything else counts as unresolved; each specifier is reported once.',
  },
  // cycle
  'inheritance-cycle': {
    title: 'Inheritance cycle',
    help: 'A class cannot (indirectly) extend itself; this code throws when it runs. The classes are left as they were.',
  },
  'extends-in-import-cycle': {
    title: 'Flattened class extends a base from a module in its own import cycle',
    help: 'The two modules import each other (directly or through others), so which one is evaluated first depends on the entry point. Where the subclass comes first, the original threw at `extends` (the base was not initialized yet); the flattened class no longer reads the base there and is defined. Nothing changes for a program that runs today; break the cycle to be sure of the order (the imports flattening adds to the subclass\'s module may also change the order modules of a cycle are evaluated in).',
  },
  // unsupported
  'kept-patched': {
    title: 'Class left as it was because a former ancestor is patched (--keep-patched)',
    help: 'A former ancestor\'s prototype or static is changed after its definition (Base.prototype.m = f, Base.x = v, Object.assign(Base.prototype, …), a static written through this in a static method), which the class saw through inheritance and a flattened copy would not. With --keep-patched such a class keeps its extends clause and behaves as before, and the patch is not reported as a warning. Move the patched members into the class body to have it flattened.',
  },
  'cannot-flatten': {
    title: 'Class left as it was',
    help: CATEGORY_HELP.unsupported.help,
  },
  'computed-field-key': {
    title: 'Computed field key with side effects',
    help: 'Inherited fields become statements in the flattened constructor, so a key with side effects (or one reading a variable assigned again, or a property written later) would be evaluated at every construction instead of once. Use a constant key.',
  },
  'constructor-returns-value': {
    title: 'Ancestor constructor returns a value',
    help: 'A constructor that returns an object replaces this for its subclasses; the flattened constructor cannot express that. The class is left as it was.',
  },
  'computed-member-key': {
    title: 'Computed method key with side effects',
    help: 'An inherited method, accessor or static field is copied with its key expression, which would be evaluated again (with its side effects and maybe another result) when the flattened class is defined. Use a constant key.',
  },
  'superclass-before-definition': {
    title: 'Subclass defined before its base is initialized',
    help: 'Defining the class throws (temporal dead zone), but the flattened class would no longer evaluate the base and so would not. The class is left as it was.',
  },
  'static-read-before-own-definition': {
    title: 'TypeScript static code reads an inherited static it later redefines',
    help: "Until the class's own static field is defined, its static initializers see the inherited one; the flattened class would need both declarations, which TypeScript rejects as duplicates. The class is left as it was.",
  },
  'constructor-without-super': {
    title: 'Constructor never calls super()',
    help: "The ancestors' constructors and fields would have no place to run in the flattened constructor. The class is left as it was.",
  },
  'private-static-through-class': {
    title: 'Copied code reads a private static of an ancestor',
    help: "The copy in the flattened class cannot reach the ancestor's private static storage. The class is left as it was.",
  },
  'unsupported-accessor': {
    title: 'Auto-accessor field',
    help: 'Auto-accessor fields (accessor x) are not supported yet. The class is left as it was.',
  },
  'decorated-ancestor': {
    title: 'Ancestor with class decorators',
    help: 'A class decorator may change the class in ways a copy cannot follow. The subclass is left as it was.',
  },
  'decorated-member': {
    title: 'Decorated members that would be copied or moved',
    help: "A decorator runs on the class it is written in (registries keyed by the class, metadata, wrapped descriptors): an ancestor's decorated member copied into the subclass would run it again there, a decorated instance field moved into the constructor would lose it, and (standard decorators) the initializers that a decorator on the class's own method or accessor registers (context.addInitializer) would run before the former ancestors' constructors and fields, or before the inherited statics are defined. The class is left as it was.",
  },
  'decorated-class': {
    title: 'Class decorator on a class whose static code uses super',
    help: "A class decorator may return another class, which the class's name then means, also inside its body. Static super targets are private static copies reached through the class, which a replacement lacks. The class is left as it was.",
  },
  'typescript-into-javascript': {
    title: 'TypeScript ancestor of a JavaScript class',
    help: 'Copied code would carry type annotations into a JavaScript file. The class is left as it was.',
  },
  'nested-flattened-class': {
    title: 'Flattened class nested in another flattened class',
    help: 'Only the outer class is rewritten; the inner one is left as it was.',
  },
  // parse
  'syntax-error': { title: 'Syntax error', help: CATEGORY_HELP.parse.help },
  'read-failed': { title: 'File could not be read', help: 'The file could not be read; check its permissions.' },
  'binary-file': { title: 'Binary file', help: 'The file contains NUL bytes and is copied unchanged.' },
  'invalid-utf8': { title: 'File is not valid UTF-8', help: 'The file is copied unchanged; convert it to UTF-8 to have it processed.' },
  // config
  'path-not-found': { title: 'Input path does not exist', help: 'Check the paths given on the command line or in the config file.' },
  'unsupported-path': { title: 'Input path is neither a file nor a directory', help: 'Give files and directories only.' },
  'unreadable-directory': { title: 'Directory could not be read', help: 'Check its permissions; its files are not processed.' },
  'out-dir-overlaps-input': { title: 'Output directory overlaps an input', help: 'The output directory must not be an input or contain one. Choose another --out-dir.' },
  'input-outside-cwd': { title: 'Input outside the current directory', help: 'It is mirrored at the root of the output directory.' },
  'duplicate-output-path': { title: 'Two inputs map to the same output path', help: 'The first one (in argument order) wins.' },
  'broken-symlink': { title: 'Broken symbolic link', help: 'The link is skipped.' },
  'write-failed': { title: 'Output could not be written', help: 'Check that the output directory is writable and the disk is not full.' },
  'out-dir-escape': { title: 'Write outside the output directory refused', help: 'A symbolic link inside the output directory points outside it; remove it.' },
};

/** The rule for a code: the table, then patterns for generated codes, then the category. */
export function ruleFor(code: string, category: Category): RuleInfo {
  const known = RULES[code];
  if (known) return known;
  if (/-unknown$/.test(code) && category === 'mro') {
    return {
      title: 'Prototype-chain access on an object that is not statically known',
      help: 'If the object is a flattened class or one of its instances, the access sees a shorter prototype chain than before. Only a concern when it can be one.',
    };
  }
  return CATEGORY_HELP[category];
}

/** `instanceof-flattened-base` → `InstanceofFlattenedBase` (SARIF's reportingDescriptor.name style). */
export function ruleName(code: string): string {
  return code
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

export interface RuleUse {
  code: string;
  category: Category;
  /** The most severe level any diagnostic with this code has. */
  severity: Severity;
  /** The first hint seen for the code, if any. */
  hint?: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** The codes used by `diagnostics`, sorted by code, each once. */
export function rulesUsed(diagnostics: readonly Diagnostic[]): RuleUse[] {
  const byCode = new Map<string, RuleUse>();
  for (const d of diagnostics) {
    const seen = byCode.get(d.code);
    if (!seen) byCode.set(d.code, { code: d.code, category: d.category, severity: d.severity, ...(d.hint ? { hint: d.hint } : {}) });
    else {
      if (RANK[d.severity] < RANK[seen.severity]) seen.severity = d.severity;
      if (!seen.hint && d.hint) seen.hint = d.hint;
    }
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
