// The default module resolver: maps an import specifier to the absolute path of a project file,
// or null for anything external (node: built-ins, packages) or not found.
//
// It follows what TypeScript and Node do closely enough to find the superclasses of a project:
// relative/absolute paths with extension probing, TypeScript's `.js` → `.ts` rule, directory
// index files, tsconfig `paths`/`baseUrl` and package.json `imports`. One resolver lives for a
// whole run and caches every file-system lookup, so thousands of files resolve quickly.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResolveFn } from '../types.js';

/** Extensions tried, in this order, after a specifier without a matching file. */
const PROBE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];

/** TypeScript's rule: `./a.js` names the output of `./a.ts`, so it resolves to the source. */
const TS_COUNTERPARTS: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/** Conditions of package.json `imports`/`exports`, in order of preference. */
const CONDITIONS = ['import', 'node', 'default', 'types'];

export interface DefaultResolverOptions {
  /** The project root: relative importer paths are taken from it, and a directory's package.json is only honoured inside it. */
  cwd: string;
}

export function createDefaultResolver(opts: DefaultResolverOptions): ResolveFn {
  const resolver = new Resolver(path.resolve(opts.cwd));
  return (specifier, importerPath) => resolver.resolve(specifier, importerPath);
}

/** The parts of a tsconfig (after following `extends`) that matter for resolution. */
interface TsResolution {
  /** Absolute baseUrl, when one is set. */
  baseUrl: string | null;
  paths: Record<string, string[]> | null;
  /** Directory `paths` targets are relative to: baseUrl, else the directory of the tsconfig declaring `paths`. */
  pathsBase: string;
}

type JsonObject = Record<string, unknown>;

class Resolver {
  private readonly kinds = new Map<string, 'file' | 'dir' | null>();
  private readonly results = new Map<string, string | null>();
  private readonly nearest = new Map<string, string | null>();
  private readonly jsonFiles = new Map<string, unknown>();
  private readonly tsconfigs = new Map<string, TsResolution | null>();

  constructor(private readonly cwd: string) {}

  /** Answers by importer and specifier: the same question is asked on every graph build of a watch session. */
  private readonly answers = new Map<string, string | null>();

  resolve(specifier: string, importerPath: string): string | null {
    return remembered(this.answers, `${importerPath}\0${specifier}`, () => {
      const importerDir = path.dirname(path.resolve(this.cwd, importerPath));
      // The answer depends only on the importer's directory (relative paths, nearest tsconfig/package.json).
      return remembered(this.results, `${importerDir}\0${specifier}`, () => this.resolveUncached(specifier, importerDir));
    });
  }

  private resolveUncached(specifier: string, importerDir: string): string | null {
    if (specifier === '' || specifier.includes('\0')) return null;
    if (specifier.startsWith('file:')) return this.resolveFileUrl(specifier);
    if (/^[a-zA-Z][a-zA-Z\d+.-]*:/.test(specifier) && !path.isAbsolute(specifier)) return null; // node:, data:, https:
    if (isRelative(specifier) || path.isAbsolute(specifier)) {
      return this.resolvePath(path.resolve(importerDir, specifier), endsWithSlash(specifier));
    }
    if (specifier.startsWith('#')) return this.resolvePackageImport(specifier, importerDir);
    return this.resolveBare(specifier, importerDir);
  }

  private resolveFileUrl(specifier: string): string | null {
    try {
      return this.resolvePath(fileURLToPath(specifier), false);
    } catch {
      return null;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Files and directories

  /** A path as written, with extension probing; `dirOnly` for specifiers ending in `/`. */
  private resolvePath(abs: string, dirOnly: boolean, allowPackageJson = true): string | null {
    if (!dirOnly) {
      const file = this.resolveAsFile(abs);
      if (file !== null) return file;
    }
    return this.kind(abs) === 'dir' ? this.resolveDirectory(abs, allowPackageJson) : null;
  }

  private resolveAsFile(abs: string): string | null {
    if (this.kind(abs) === 'file') return abs;
    const ext = path.extname(abs);
    for (const counterpart of TS_COUNTERPARTS[ext] ?? []) {
      const candidate = abs.slice(0, -ext.length) + counterpart;
      if (this.kind(candidate) === 'file') return candidate;
    }
    for (const probe of PROBE_EXTENSIONS) {
      if (this.kind(abs + probe) === 'file') return abs + probe;
    }
    return null;
  }

  private resolveDirectory(dir: string, allowPackageJson: boolean): string | null {
    if (allowPackageJson && this.isProjectDirectory(dir)) {
      const entry = this.packageEntry(dir);
      if (entry !== null) return entry;
    }
    return this.resolveAsFile(path.join(dir, 'index'));
  }

  /** A package.json's `exports["."]` or `main`; only for directories that belong to the project. */
  private packageEntry(dir: string): string | null {
    const pkg = this.readJson(path.join(dir, 'package.json'));
    if (!isObject(pkg)) return null;
    const dot = exportsDot(pkg.exports);
    if (dot !== undefined) {
      const target = this.resolveTarget(dot, '', dir);
      if (target !== null) return target;
    }
    if (typeof pkg.main === 'string' && pkg.main !== '') {
      // No second package.json lookup, so `main: "."` cannot loop.
      return this.resolvePath(path.resolve(dir, pkg.main), false, false);
    }
    return null;
  }

  private isProjectDirectory(dir: string): boolean {
    const rel = path.relative(this.cwd, dir);
    if (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel)) return false;
    return !rel.split(path.sep).includes('node_modules');
  }

  // -------------------------------------------------------------------------------------------
  // Bare specifiers: tsconfig paths and baseUrl

  private resolveBare(specifier: string, importerDir: string): string | null {
    const tsconfigPath = this.findUp(importerDir, 'tsconfig.json');
    const ts = tsconfigPath === null ? null : this.tsconfig(tsconfigPath);
    if (ts === null) return null;
    if (ts.paths !== null) {
      for (const target of matchPaths(specifier, ts.paths)) {
        const found = this.resolvePath(path.resolve(ts.pathsBase, target), endsWithSlash(target));
        if (found !== null) return found;
      }
    }
    // With a baseUrl, TypeScript also looks up bare specifiers under it (`import 'utils/x'`).
    if (ts.baseUrl !== null) return this.resolvePath(path.resolve(ts.baseUrl, specifier), endsWithSlash(specifier));
    return null;
  }

  private tsconfig(file: string): TsResolution | null {
    if (!this.tsconfigs.has(file)) this.tsconfigs.set(file, this.loadTsconfig(file, new Set()));
    return this.tsconfigs.get(file) ?? null;
  }

  /** Reads a tsconfig and the relative `extends` chain under it; a derived config overrides its bases. */
  private loadTsconfig(file: string, seen: Set<string>): TsResolution | null {
    if (seen.has(file)) return null; // an `extends` cycle
    seen.add(file);
    const json = this.readJson(file);
    if (!isObject(json)) return null;
    const dir = path.dirname(file);

    let merged: TsResolution = { baseUrl: null, paths: null, pathsBase: dir };
    for (const base of extendsList(json.extends)) {
      const baseFile = this.resolveExtends(base, dir);
      const inherited = baseFile === null ? null : this.loadTsconfig(baseFile, seen);
      if (inherited !== null) merged = { ...inherited };
    }

    const options = isObject(json.compilerOptions) ? json.compilerOptions : {};
    if (typeof options.baseUrl === 'string') merged.baseUrl = path.resolve(dir, options.baseUrl);
    if (isObject(options.paths)) {
      merged.paths = stringArrays(options.paths);
      merged.pathsBase = dir;
    }
    if (merged.baseUrl !== null) merged.pathsBase = merged.baseUrl;
    return merged;
  }

  /** Only relative (or absolute) `extends` are followed; package-provided bases carry no project paths. */
  private resolveExtends(spec: string, dir: string): string | null {
    if (!isRelative(spec) && !path.isAbsolute(spec)) return null;
    const abs = path.resolve(dir, spec);
    if (this.kind(abs) === 'file') return abs;
    if (this.kind(abs + '.json') === 'file') return abs + '.json';
    const inDir = path.join(abs, 'tsconfig.json');
    return this.kind(inDir) === 'file' ? inDir : null;
  }

  // -------------------------------------------------------------------------------------------
  // package.json `imports` (`#internal/x`)

  private resolvePackageImport(specifier: string, importerDir: string): string | null {
    const pkgFile = this.findUp(importerDir, 'package.json');
    if (pkgFile === null) return null;
    const pkg = this.readJson(pkgFile);
    if (!isObject(pkg) || !isObject(pkg.imports)) return null;
    const match = matchImportsKey(specifier, pkg.imports);
    if (match === null) return null;
    return this.resolveTarget(pkg.imports[match.key], match.wildcard, path.dirname(pkgFile));
  }

  /** A package.json target: a `./` path, an array of fallbacks, or an object of conditions. */
  private resolveTarget(target: unknown, wildcard: string, pkgDir: string): string | null {
    if (typeof target === 'string') {
      // A bare target names another package: external.
      if (!target.startsWith('./')) return null;
      const substituted = target.split('*').join(wildcard);
      return this.resolvePath(path.resolve(pkgDir, substituted), false, false);
    }
    if (Array.isArray(target)) {
      for (const item of target) {
        const found = this.resolveTarget(item, wildcard, pkgDir);
        if (found !== null) return found;
      }
      return null;
    }
    if (isObject(target)) {
      for (const condition of CONDITIONS) {
        if (!(condition in target)) continue;
        const found = this.resolveTarget(target[condition], wildcard, pkgDir);
        if (found !== null) return found;
      }
    }
    return null;
  }

  // -------------------------------------------------------------------------------------------
  // Cached file-system access

  private kind(abs: string): 'file' | 'dir' | null {
    let kind = this.kinds.get(abs);
    if (kind === undefined) {
      kind = statKind(abs);
      this.kinds.set(abs, kind);
    }
    return kind;
  }

  /** Nearest `name` in `dir` or one of its ancestors. */
  private findUp(dir: string, name: string): string | null {
    const key = `${dir}\0${name}`;
    const cached = this.nearest.get(key);
    if (cached !== undefined) return cached;
    const here = path.join(dir, name);
    let found: string | null;
    if (this.kind(here) === 'file') found = here;
    else {
      const parent = path.dirname(dir);
      found = parent === dir ? null : this.findUp(parent, name);
    }
    this.nearest.set(key, found);
    return found;
  }

  /** Parsed JSON (comments and trailing commas allowed), or null when missing or invalid. */
  private readJson(file: string): unknown {
    if (this.jsonFiles.has(file)) return this.jsonFiles.get(file);
    let value: unknown = null;
    if (this.kind(file) === 'file') {
      try {
        value = parseJsonc(fs.readFileSync(file, 'utf8'));
      } catch {
        value = null;
      }
    }
    this.jsonFiles.set(file, value);
    return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

function statKind(abs: string): 'file' | 'dir' | null {
  try {
    const stat = fs.statSync(abs, { throwIfNoEntry: false });
    if (stat === undefined) return null;
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : null;
  } catch {
    return null; // ENOTDIR, EACCES, name too long...
  }
}

function isRelative(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || /^\.\.?[\\/]/.test(specifier);
}

function endsWithSlash(specifier: string): boolean {
  return specifier.endsWith('/') || specifier.endsWith('\\');
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function extendsList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringArrays(paths: JsonObject): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(paths)) {
    if (Array.isArray(value)) result[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return result;
}

/**
 * Substituted targets of the tsconfig `paths` pattern matching `specifier`: an exact key first,
 * otherwise the `*` pattern with the longest prefix (TypeScript's rule).
 */
function matchPaths(specifier: string, paths: Record<string, string[]>): string[] {
  if (Object.hasOwn(paths, specifier)) return paths[specifier];
  let best: { prefix: string; targets: string[]; matched: string } | null = null;
  for (const [pattern, targets] of Object.entries(paths)) {
    const star = pattern.indexOf('*');
    if (star === -1) continue;
    const prefix = pattern.slice(0, star);
    const suffix = pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length) continue;
    if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (best !== null && best.prefix.length >= prefix.length) continue;
    best = { prefix, targets, matched: specifier.slice(prefix.length, specifier.length - suffix.length) };
  }
  if (best === null) return [];
  const matched = best.matched;
  return best.targets.map((target) => target.replace('*', matched));
}

/** The key of package.json `imports` matching `specifier`, using Node's order: exact, then the longest prefix. */
function matchImportsKey(specifier: string, imports: JsonObject): { key: string; wildcard: string } | null {
  if (Object.hasOwn(imports, specifier) && !specifier.includes('*')) return { key: specifier, wildcard: '' };
  let best: { key: string; wildcard: string; prefixLength: number } | null = null;
  for (const key of Object.keys(imports)) {
    const star = key.indexOf('*');
    if (star === -1 || key.indexOf('*', star + 1) !== -1) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (specifier.length < key.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    // Node: the longer prefix wins; for equal prefixes, the longer key.
    if (best !== null && (best.prefixLength > prefix.length || (best.prefixLength === prefix.length && best.key.length >= key.length))) {
      continue;
    }
    best = { key, wildcard: specifier.slice(prefix.length, specifier.length - suffix.length), prefixLength: prefix.length };
  }
  return best === null ? null : { key: best.key, wildcard: best.wildcard };
}

/** `exports["."]` in any of its spellings: a string, an array, `{ ".": ... }` or a bare conditions object. */
function exportsDot(exports: unknown): unknown {
  if (typeof exports === 'string' || Array.isArray(exports)) return exports;
  if (!isObject(exports)) return undefined;
  if (Object.hasOwn(exports, '.')) return exports['.'];
  return Object.keys(exports).some((k) => k.startsWith('.')) ? undefined : exports;
}

/** JSON with comments and trailing commas, as in tsconfig.json. Throws SyntaxError on invalid input. */
export function parseJsonc(text: string): unknown {
  return JSON.parse(stripTrailingCommas(stripComments(text.replace(/^\uFEFF/, ''))));
}

/** Replaces comments by spaces, leaving strings (which may contain `//`) alone. */
function stripComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      out += ' ';
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function stripTrailingCommas(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j])) j++;
      if (text[j] === '}' || text[j] === ']') {
        i++;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}

/** Index just past the string literal starting at `start` (a `"`). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  return text.length;
}

/** The value kept under `key`, computed and kept on first ask (null is a value too). */
function remembered<T>(map: Map<string, T>, key: string, compute: () => T): T {
  const known = map.get(key);
  if (known !== undefined) return known;
  const value = compute();
  map.set(key, value);
  return value;
}
