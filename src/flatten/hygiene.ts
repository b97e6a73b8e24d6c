import path from 'node:path';
import type { Binding, Scope } from '@babel/traverse';
import { t } from '../babel.cjs';
import type { ClassGraph } from '../graph/class-graph.js';
import type { ModuleInfo } from '../scan/module-info.js';
import { NameAllocator } from './names.js';
import type { FreeRef } from './sites.js';

/** Raised when copied code cannot keep its meaning at its destination; the class is then left as it was. */
export class Unsupported extends Error {
  constructor(
    message: string,
    readonly node: t.Node | null,
    readonly module: ModuleInfo | null,
    readonly code = 'cannot-flatten',
  ) {
    super(message);
  }
}

/** An import a destination file needs. */
export interface PlannedImport {
  key: string;
  local: string;
  specifier: string;
  /** Export name, 'default', or '*'. */
  imported: string;
  typeOnly: boolean;
  cjs: boolean;
}

/** Additions to one file: imports on top, exports at the end. Shared by all classes flattened in a run. */
export interface FileAdditions {
  imports: PlannedImport[];
  /** Lines appended at the end of the file (accessor objects and the like). */
  tail: string[];
  /** Module-local bindings exported for copies elsewhere: `export { local as exported }`. */
  exportList: ExportEntry[];
  /** exportKey → exported name, so a binding is exported once. */
  exported: Map<string, string>;
  names: NameAllocator;
}

/**
 * `export { local as exported }` added to a file (type-only when no copy uses it as a value), or, for
 * a `cell`, `export const exported = { get value() ..., set value(v) ... }`: ES imports are read-only,
 * so copies that write a module variable of their origin go through such an accessor object.
 */
export interface ExportEntry {
  local: string;
  exported: string;
  typeOnly: boolean;
  cell?: boolean;
}

/**
 * Files whose per-run state a Hygiene handed out. `names`: imports, tail lines and fresh names, whose
 * outcome depends on everything else planned for the file. `exports`: only export requests, whose
 * outcome depends on the request alone (see exportBinding), so classes that only ask a file for
 * exports do not depend on each other through it.
 */
export interface TouchedFiles {
  names: Set<string>;
  exports: Set<string>;
}

/**
 * Decides how each free name of copied code is spelled at its destination: the same name, a new or
 * reused import, a `globalThis.` reference, or an accessor object for module variables the code writes.
 * Work is transactional per class: `begin()` then `commit()` or `rollback()`.
 */
export class Hygiene {
  private readonly files = new Map<string, FileAdditions>();
  private readonly touchedFiles: TouchedFiles = { names: new Set(), exports: new Set() };
  private journal: Array<() => void> | null = null;

  /** Per module: what each of its relative imports resolves to → the first specifier that reaches it. */
  private readonly relativeImports = new Map<ModuleInfo, Map<ModuleInfo, string>>();

  constructor(private readonly graph: ClassGraph) {}

  additions(m: ModuleInfo): FileAdditions {
    this.touchedFiles.names.add(m.absPath);
    return this.fileAdditions(m);
  }

  /** Every file whose state was handed out, whether or not the class that asked was rolled back. */
  touched(): TouchedFiles {
    return this.touchedFiles;
  }

  private fileAdditions(m: ModuleInfo): FileAdditions {
    let a = this.files.get(m.absPath);
    if (!a) {
      // Fresh names leave the file's cell names free: cells are named apart from the allocator (cellName).
      a = { imports: [], tail: [], exportList: [], exported: new Map(), names: new NameAllocator(m.names, (name) => isCellName(m, name)) };
      this.files.set(m.absPath, a);
    }
    return a;
  }

  allAdditions(): Map<string, FileAdditions> {
    return this.files;
  }

  begin(): void {
    this.journal = [];
  }

  commit(): void {
    this.journal = null;
  }

  rollback(): void {
    const j = this.journal ?? [];
    for (let i = j.length - 1; i >= 0; i--) j[i]();
    this.journal = null;
  }

  private record(undo: () => void): void {
    this.journal?.push(undo);
  }

  private push<T>(list: T[], item: T): void {
    list.push(item);
    this.record(() => {
      const i = list.lastIndexOf(item);
      if (i >= 0) list.splice(i, 1);
    });
  }

  /** A fresh name in a file (recorded so nothing else takes it). */
  fresh(m: ModuleInfo, preferred: string): string {
    return this.additions(m).names.fresh(preferred);
  }

  /**
   * A fresh local of `to` for a name that code of `from` uses: it must not be a name `from`'s code
   * declares itself (its parameters and locals, copied along, would capture it); `name` itself is
   * fine, since the copied code reads it as a free name.
   */
  private freshFor(to: ModuleInfo, from: ModuleInfo, name: string): string {
    return this.additions(to).names.fresh(name, (n) => n !== name && from.names.has(n));
  }

  /**
   * How `ref` (free in code of `from`) must be written in `to`, where `shadowed` holds the names that are
   * bound between `to`'s module scope and the insertion point. Returns null to keep the name as is.
   */
  spell(ref: FreeRef, from: ModuleInfo, to: ModuleInfo, shadowed: Set<string>, writes: Set<Binding>, destScope?: Scope, localDecls?: ReadonlySet<string>): string | null {
    const name = ref.name;
    const binding = ref.binding;
    if (!binding && from !== to && !from.isModule && (name === '__filename' || name === '__dirname')) {
      // CommonJS module variables name the origin file.
      return this.commonJsLocal(to, from, name, false);
    }
    if (!binding && from !== to && declaresTsValue(from, name)) {
      // Babel's scope does not track TypeScript enums and namespaces: they are module-level values all the same.
      return this.moduleLocal(to, from, null, name, ref.typeOnly, false, shadowed);
    }
    if (!binding) {
      // A global: it stays a global unless the destination binds the same name.
      const binds = (n: string) => to.programPath.scope.hasOwnBinding(n) || shadowed.has(n) || this.additions(to).imports.some((i) => i.local === n);
      if (!binds(name)) return null;
      if (ref.write) throw new Unsupported(`copied code assigns to the global '${name}', which ${to.relPath} declares itself`, ref.node, from);
      if (binds('globalThis')) throw new Unsupported(`copied code uses the global '${name}', which ${to.relPath} declares itself, as it declares 'globalThis'`, ref.node, from);
      return `globalThis.${name}`;
    }
    const moduleLevel = binding.scope.path.isProgram();
    if (from === to) {
      if (!shadowed.has(name) || (destScope && destScope.getBinding(name) === binding && !(localDecls?.has(name) ?? false))) return null;
      if (moduleLevel && !writes.has(binding) && !ref.typeOnly) return this.aliasInSameFile(to, binding, name);
      throw new Unsupported(`copied code uses '${name}', which is shadowed where it is copied to`, ref.node, from);
    }
    if (!moduleLevel) {
      throw new Unsupported(`copied code uses '${name}', a local of the scope around the class in ${from.relPath}; it cannot be reached from ${to.relPath}`, ref.node, from);
    }
    const imp = from.imports.get(name);
    if (imp) return this.importLike(to, from, imp.specifier, imp.imported, name, ref.typeOnly || imp.typeOnly, shadowed);
    return this.moduleLocal(to, from, binding, name, ref.typeOnly, writes.has(binding), shadowed);
  }

  /** A type declared at the top of the origin module (interface, type alias, class, enum): import it as a type. */
  spellType(name: string, from: ModuleInfo, to: ModuleInfo, shadowed: Set<string>): string | null {
    if (from === to) return null;
    const binding = from.programPath.scope.getOwnBinding(name) ?? null;
    const imp = from.imports.get(name);
    if (imp) return this.importLike(to, from, imp.specifier, imp.imported, name, true, shadowed);
    return this.moduleLocal(to, from, binding, name, true, false, shadowed);
  }

  /** `import.meta` of the origin, exported once from there: it must keep naming the origin module. */
  importMeta(from: ModuleInfo, to: ModuleInfo): string {
    const fa = this.additions(from);
    const key = 'import.meta';
    let exported = fa.exported.get(key);
    if (!exported) {
      exported = this.fresh(from, 'module_meta');
      this.push(fa.tail, `export const ${exported} = import.meta;`);
      fa.exported.set(key, exported);
      this.record(() => fa.exported.delete(key));
    }
    return this.importLike(to, from, `./${path.basename(from.absPath)}`, exported, exported, false, new Set()) ?? exported;
  }

  /** Same file but shadowed at the destination: a module-level alias of a binding nobody writes. */
  private aliasInSameFile(to: ModuleInfo, binding: Binding, name: string): string {
    const a = this.additions(to);
    const key = `alias:${name}`;
    const known = a.exported.get(key);
    if (known) return known;
    const alias = this.fresh(to, `${name}_ref`);
    // A function declaration is hoisted, so the alias works wherever the copy runs.
    this.push(a.tail, `function ${alias}() { return ${name}; }`);
    a.exported.set(key, `${alias}()`);
    this.record(() => a.exported.delete(key));
    return `${alias}()`;
  }

  /** The origin module imports the name: import the same thing into the destination (or reuse its import). */
  private importLike(to: ModuleInfo, from: ModuleInfo, specifier: string, imported: string, name: string, typeOnly: boolean, shadowed: Set<string>): string | null {
    const target = this.graph.resolveSpecifier(specifier, from);
    const key = `${target ? target.absPath : `ext:${specifier}`}\0${imported}`;
    // Reuse an import the destination already has.
    for (const existing of to.imports.values()) {
      if (existing.imported !== imported || shadowed.has(existing.local)) continue;
      const t2 = this.graph.resolveSpecifier(existing.specifier, to);
      const k2 = `${t2 ? t2.absPath : `ext:${existing.specifier}`}\0${existing.imported}`;
      if (k2 === key && (typeOnly || !existing.typeOnly)) return existing.local === name ? null : existing.local;
    }
    const a = this.additions(to);
    const planned = a.imports.find((i) => i.key === key && (typeOnly || !i.typeOnly));
    if (planned) return planned.local === name ? null : planned.local;
    const spec = target ? this.specifierFor(to, target, specifier, from) : rebase(specifier, from, to);
    const local = this.freshFor(to, from, name);
    this.push(a.imports, { key, local, specifier: spec, imported, typeOnly, cjs: !to.isModule });
    return local === name ? null : local;
  }

  /** A module-level binding of the origin: export it from there (once) and import it here. */
  private moduleLocal(to: ModuleInfo, from: ModuleInfo, binding: Binding | null, name: string, typeOnly: boolean, written: boolean, shadowed: Set<string>): string | null {
    if (!from.isModule) return this.commonJsLocal(to, from, name, written);
    if (written) {
      // ES imports are read-only: writes go through an accessor object exported by the origin.
      const exported = this.exportBinding(from, name, false, true);
      const local = this.importLike(to, from, `./${path.basename(from.absPath)}`, exported, exported, false, shadowed) ?? exported;
      return `${local}.value`;
    }
    let exported: string | undefined;
    for (const [exp, e] of from.exports) if (e.kind === 'local' && e.local === name && exp !== 'default') exported = exported ?? exp;
    // An interface or type alias the origin already exports (`export type X = …`, `export interface X`,
    // `export type { X }`): `exports` lists values only, and exporting it again is TS2484. (Only those:
    // a class exported as a type alone may later need its value, which that export does not carry.)
    if (exported === undefined && (typeOnly || isTypeDeclaration(binding))) exported = typeExportOf(from, name);
    exported ??= this.exportBinding(from, name, typeOnly || isTypeDeclaration(binding));
    const a = this.additions(to);
    const key = `${from.absPath}\0${exported}`;
    const planned = a.imports.find((i) => i.key === key);
    if (planned) {
      // A value use after type-only ones: the import must bring the value too.
      if (planned.typeOnly && !(typeOnly || isTypeDeclaration(binding))) {
        planned.typeOnly = false;
        this.record(() => (planned.typeOnly = true));
      }
      return planned.local === name ? null : planned.local;
    }
    for (const existing of to.imports.values()) {
      if (existing.imported === exported && !shadowed.has(existing.local) && this.graph.resolveSpecifier(existing.specifier, to) === from) {
        return existing.local === name ? null : existing.local;
      }
    }
    const local = this.freshFor(to, from, name);
    this.push(a.imports, { key, local, specifier: this.specifierFor(to, from, null, from), imported: exported, typeOnly: typeOnly || isTypeDeclaration(binding), cjs: !to.isModule });
    return local === name ? null : local;
  }

  /**
   * Exports a module-level binding of `from` (once) and returns the export's name. The outcome depends
   * on the request alone, never on what else was planned or in which order: the name is the binding's
   * own unless the file already exports that name, else `name_2`, `name_3`, ... skipping names used in
   * the file (other bindings export under their own names) and names of generated tail exports; and
   * the export is type-only only while every copy uses the binding as a type.
   */
  private exportBinding(from: ModuleInfo, name: string, typeOnly: boolean, cell = false): string {
    this.touchedFiles.exports.add(from.absPath);
    const fa = this.fileAdditions(from);
    const key = `${cell ? 'cell' : 'export'}:${name}`;
    const known = fa.exported.get(key);
    if (known !== undefined) {
      const entry = fa.exportList.find((e) => e.exported === known)!;
      if (entry.typeOnly && !typeOnly) {
        entry.typeOnly = false;
        this.record(() => (entry.typeOnly = true));
      }
      return known;
    }
    let exported = cell ? cellName(from, name) : name;
    for (let i = 2; !cell && (from.exports.has(exported) || (i > 2 && (from.names.has(exported) || GENERATED_EXPORT.test(exported)))); i++) exported = `${name}_${i}`;
    this.push(fa.exportList, { local: name, exported, typeOnly, ...(cell ? { cell } : {}) });
    fa.exported.set(key, exported);
    this.record(() => fa.exported.delete(key));
    return exported;
  }

  /** CommonJS origin: expose the binding as a non-enumerable accessor on module.exports, read lazily. */
  private commonJsLocal(to: ModuleInfo, from: ModuleInfo, name: string, written: boolean): string {
    const fa = this.additions(from);
    const key = `cjs:${name}`;
    let exported = fa.exported.get(key);
    if (!exported) {
      exported = this.fresh(from, `${name}_`);
      // Always with a setter: a later copy may write what an earlier one only read (one export serves both).
      const setter = `, set(v) { ${name} = v; }`;
      void written;
      this.push(fa.tail, `Object.defineProperty(module.exports, ${JSON.stringify(exported)}, { get() { return ${name}; }${setter}, configurable: true });`);
      fa.exported.set(key, exported);
      this.record(() => fa.exported.delete(key));
    }
    const spec = this.specifierFor(to, from, null, from);
    if (!to.isModule) return `require(${JSON.stringify(spec)}).${exported}`;
    const a = this.additions(to);
    const mkey = `${from.absPath}\0*cjs`;
    let planned = a.imports.find((i) => i.key === mkey);
    if (!planned) {
      planned = { key: mkey, local: this.fresh(to, `${path.basename(from.absPath).replace(/\..*$/, '')}_module`), specifier: spec, imported: 'default', typeOnly: false, cjs: false };
      this.push(a.imports, planned);
    }
    return `${planned.local}.${exported}`;
  }

  private relativeImportsOf(m: ModuleInfo): Map<ModuleInfo, string> {
    let known = this.relativeImports.get(m);
    if (!known) {
      known = new Map();
      for (const imp of m.imports.values()) {
        if (!isRelative(imp.specifier)) continue;
        const target = this.graph.resolveSpecifier(imp.specifier, m);
        if (target && !known.has(target)) known.set(target, imp.specifier);
      }
      this.relativeImports.set(m, known);
    }
    return known;
  }

  /**
   * The specifier `to` should use for `target`: one `to` already uses, else one the origin used (rebased),
   * else a relative path in the style of the project (with `.js` for TypeScript files).
   */
  private specifierFor(to: ModuleInfo, target: ModuleInfo, original: string | null, from: ModuleInfo): string {
    const own = this.relativeImportsOf(to).get(target);
    if (own !== undefined) return own;
    if (original && isRelative(original)) return rebase(original, from, to);
    if (original) return original;
    const other = this.graph.firstRelativeImporter(target);
    if (other) return rebase(other.specifier, other.module, to);
    let rel = path.relative(path.dirname(to.absPath), target.absPath).split(path.sep).join('/');
    rel = rel.replace(/\.([cm]?)tsx?$/, (_m, c: string) => `.${c}js`);
    return rel.startsWith('.') ? rel : `./${rel}`;
  }
}

/** Names generated `export const`s can get (cellName, and NameAllocator.fresh of `module_meta`). */
const GENERATED_EXPORT = /(?:_cell|^module_meta)(?:_\d+)?$/;

/** The cell of a module variable: `name_cell`, `name_cell_2`, ..., the first the file neither uses nor exports. */
function cellName(m: ModuleInfo, name: string): string {
  let cell = `${name}_cell`;
  for (let i = 2; m.names.has(cell) || m.exports.has(cell); i++) cell = `${name}_cell_${i}`;
  return cell;
}

/** Is `name` the cell name of a module-level binding of `m`? */
function isCellName(m: ModuleInfo, name: string): boolean {
  const match = /^(.+)_cell(?:_\d+)?$/.exec(name);
  return match !== null && m.programPath.scope.hasOwnBinding(match[1]) && cellName(m, match[1]) === name;
}

function declaresTsValue(m: ModuleInfo, name: string): boolean {
  return m.ast.program.body.some((s) => {
    const d = t.isExportNamedDeclaration(s) ? s.declaration : s;
    return (t.isTSEnumDeclaration(d) || t.isTSModuleDeclaration(d)) && t.isIdentifier(d.id) && d.id.name === name;
  });
}

/** The name under which `m` exports `name`, an interface or type alias it declares at top level, if it does. */
function typeExportOf(m: ModuleInfo, name: string): string | undefined {
  const isTypeDecl = (d: t.Node | null | undefined) => (t.isTSTypeAliasDeclaration(d) || t.isTSInterfaceDeclaration(d)) && d.id.name === name;
  if (!m.ast.program.body.some((s) => isTypeDecl(s) || (t.isExportNamedDeclaration(s) && isTypeDecl(s.declaration)))) return undefined;
  for (const s of m.ast.program.body) {
    if (!t.isExportNamedDeclaration(s) || s.source) continue;
    const d = s.declaration;
    if (d) {
      if ((t.isTSTypeAliasDeclaration(d) || t.isTSInterfaceDeclaration(d)) && d.id.name === name) return name;
      continue;
    }
    for (const sp of s.specifiers) {
      if (!t.isExportSpecifier(sp) || sp.local.name !== name) continue;
      const exported = t.isIdentifier(sp.exported) ? sp.exported.name : sp.exported.value;
      if (exported !== 'default') return exported;
    }
  }
  return undefined;
}

function isTypeDeclaration(binding: Binding | null): boolean {
  if (!binding) return false;
  const n = binding.path.node;
  return t.isTSInterfaceDeclaration(n) || t.isTSTypeAliasDeclaration(n);
}

export function isRelative(spec: string): boolean {
  return spec.startsWith('./') || spec.startsWith('../') || spec === '.' || spec === '..';
}

/** Re-express a relative specifier written in `from` so that it means the same file from `to`. */
/** rebase() answers: a function of the specifier and the two paths, asked again on every watch rebuild. */
const rebased = new Map<string, string>();

function rebase(spec: string, from: ModuleInfo, to: ModuleInfo): string {
  if (!isRelative(spec)) return spec;
  const key = `${spec}\0${from.absPath}\0${to.absPath}`;
  let known = rebased.get(key);
  if (known === undefined) {
    if (rebased.size >= 100_000) rebased.clear();
    rebased.set(key, (known = rebaseUncached(spec, from, to)));
  }
  return known;
}

function rebaseUncached(spec: string, from: ModuleInfo, to: ModuleInfo): string {
  const abs = path.resolve(path.dirname(from.absPath), spec);
  let rel = path.relative(path.dirname(to.absPath), abs).split(path.sep).join('/');
  if (spec.endsWith('/') && !rel.endsWith('/')) rel += '/';
  if (rel === '') rel = '.';
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Text of the import statements a file needs: named ES imports of one module share a statement. */
export function importText(imports: PlannedImport[], quote: string, esm: boolean): string[] {
  const q = (s: string) => quote + s.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
  const named = new Map<string, PlannedImport[]>();
  const others: PlannedImport[] = [];
  for (const i of imports) {
    if (esm && !i.cjs && i.imported !== '*' && i.imported !== 'default') {
      const k = `${i.typeOnly ? 'type ' : ''}${i.specifier}`;
      named.set(k, [...(named.get(k) ?? []), i]);
    } else others.push(i);
  }
  const lines: string[] = [];
  for (const group of named.values()) {
    const first = group[0];
    const specs = group.map((i) => (i.imported === i.local ? i.local : `${i.imported} as ${i.local}`)).join(', ');
    lines.push(`${first.typeOnly ? 'import type' : 'import'} { ${specs} } from ${q(first.specifier)};`);
  }
  return [...lines, ...others.map((i) => {
    if (!esm || i.cjs) {
      if (i.imported === '*' || i.imported === 'default') return `const ${i.local} = require(${q(i.specifier)});`;
      return `const { ${i.imported === i.local ? i.local : `${i.imported}: ${i.local}`} } = require(${q(i.specifier)});`;
    }
    const kw = i.typeOnly ? 'import type' : 'import';
    if (i.imported === '*') return `${kw} * as ${i.local} from ${q(i.specifier)};`;
    if (i.imported === 'default') return `${kw} ${i.local} from ${q(i.specifier)};`;
    return `${kw} { ${i.imported === i.local ? i.local : `${i.imported} as ${i.local}`} } from ${q(i.specifier)};`;
  })];
}

/** `export { a, b as c };` for the bindings copies elsewhere need (types in their own statement), then the cells. */
export function exportText(list: ExportEntry[]): string[] {
  const spec = (e: ExportEntry) => (e.local === e.exported ? e.local : `${e.local} as ${e.exported}`);
  const values = list.filter((e) => !e.typeOnly && !e.cell);
  const types = list.filter((e) => e.typeOnly && !e.cell);
  const cells = list.filter((e) => e.cell).map((e) => `export const ${e.exported} = { get value() { return ${e.local}; }, set value(v) { ${e.local} = v; } };`);
  return [...(values.length ? [`export { ${values.map(spec).join(', ')} };`] : []), ...(types.length ? [`export type { ${types.map(spec).join(', ')} };`] : []), ...cells];
}
