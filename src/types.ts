// Plain data that flows between the phases: scan → graph → flatten → report/emit.
// Nothing here holds behaviour; every phase is a function from some of these to others.

/** A user-replaceable module resolver: absolute path of the target module, or null for external. */
export type ResolveFn = (specifier: string, importerPath: string) => string | null;

export type Severity = 'error' | 'warning' | 'info';

/**
 * What a diagnostic is about.
 * - super: a `super` use the rewrite cannot express exactly;
 * - isinstance: `instanceof`, `isPrototypeOf`, `#x in o`, `Symbol.hasInstance` whose answer changes;
 * - mro: prototype-chain introspection or patching whose meaning changes;
 * - parse: a file could not be read or parsed;
 * - resolve: an import or superclass that could not be resolved;
 * - cycle: an inheritance cycle;
 * - unsupported: a construct the rewrite does not handle (the class is left as it was);
 * - config: a problem with options or the config file.
 */
export type Category = 'super' | 'isinstance' | 'mro' | 'parse' | 'resolve' | 'cycle' | 'unsupported' | 'config';

export interface Diagnostic {
  category: Category;
  /** Stable kebab-case identifier, e.g. `instanceof-flattened-base`. */
  code: string;
  severity: Severity;
  /** Path relative to the current directory, with `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  message: string;
  hint?: string;
  /** Names of the classes involved, when any. */
  classes?: string[];
}

/** One source file found by discovery. */
export interface SourceFile {
  /** Absolute path of the input file. */
  absPath: string;
  /** Path of the mirror file relative to the out dir, with `/` separators. */
  outRelPath: string;
  /**
   * - source: parsed and possibly rewritten;
   * - declaration: `.d.ts`-style file, copied unchanged;
   * - asset: a non-source file copied because of `--copy-files`.
   */
  kind: 'source' | 'declaration' | 'asset';
}

export interface FlattenOptions {
  /** Files and directories to process. Default: ['src']. */
  paths?: string[];
  /** Output directory. Default: 'flat'. */
  outDir?: string;
  /** Extensions scanned as source, with leading dot. */
  extensions?: string[];
  /** Glob patterns (picomatch) matched against paths relative to the cwd; matching files are skipped. */
  ignore?: string[];
  /** Also copy non-source files into the mirror. */
  copyFiles?: boolean;
  /** Resolution callback; default handles relative paths, extension probing, index files, tsconfig paths, package imports. */
  resolve?: ResolveFn;
  /** Working directory all relative paths are taken from. Default: process.cwd(). */
  cwd?: string;
  /**
   * Per-class options, keyed by class name or `file:Class` (file relative to the cwd).
   * Validated and passed through; the flattening core reads them (mixins work).
   */
  classes?: Record<string, ClassOptions>;
  /**
   * Source maps for rewritten files: each FileResult of a rewritten file carries `map`, and its `code`
   * ends with a `//# sourceMappingURL=<name>.map` comment (replacing one the input ended with).
   * Sources are relative to the mirror file (`outDir`/`outRelPath`). Default: false.
   */
  sourceMaps?: boolean;
  /**
   * isinstance recovery: former ancestors of flattened classes get a `static [Symbol.hasInstance]` and
   * flattened classes record their lineage, so `instanceof` answers as before (README: isinstance recovery).
   * Default: false (the output is then exactly as without the option).
   */
  preserveInstanceof?: boolean;
  /**
   * Leave as it was (keeping its `extends`) every class that flattening would cut off from a patch: a
   * former ancestor's prototype or static changed after definition (`Base.prototype.m = …`,
   * `Base.x = …`, `Object.assign(Base.prototype, …)`), or a static written through `this` in its
   * static method. Each such class gets a `kept-patched` info naming the patch, and those patches are
   * then not reported (no flattened class misses them). Default: false.
   */
  keepPatched?: boolean;
  /**
   * Threads that parse and summarize source files in flatten() (worker threads besides the main one):
   * 0 or 1 scan in the main thread only. Default: min(2, CPUs), workers started only when more than
   * 10 MB of source is left to them (the files without `extends`: on two cores a worker costs more
   * than it saves below that). The result is the same whatever the number.
   */
  jobs?: number;
}

/** Options for one class, in `FlattenOptions.classes` / the config's `classes`. */
export interface ClassOptions {
  /**
   * What not to take from this class when it is a layer of another (an ancestor or a mixin): parts
   * (`fields`, `methods`, `accessors`, `statics`, `docs`) or member names.
   */
  skip?: string[];
  /** Leave this class as it is. */
  ignore?: boolean;
}

/** A class as the report shows it. */
export interface ClassReport {
  name: string;
  /** Relative to cwd, `/` separators. */
  file: string;
  line: number;
  /** Class names from the class itself up to its root; an external base is the last entry, marked by `external`. */
  mro: string[];
  /** Name of the external base the chain ends at (Error, EventEmitter, ...), or null. */
  external: string | null;
  /** True when the class was rewritten to no longer extend a project class. */
  flattened: boolean;
}

/** The outcome for one mirror file. */
export interface FileResult {
  /** Absolute input path. */
  absPath: string;
  /** Mirror path relative to the out dir. */
  outRelPath: string;
  kind: SourceFile['kind'];
  /** 'rewritten': content differs from input; 'copied': byte-identical copy; 'failed': could not be parsed (mirror copy is the input bytes). */
  status: 'rewritten' | 'copied' | 'failed';
  /** New content for rewritten files (undefined for copies, which are copied from absPath byte for byte). */
  code?: string;
  /** With `sourceMaps`, rewritten files: the source map to write beside the file, as `<outRelPath>.map`. */
  map?: SourceMap;
}

/** A source map (version 3), as written to a `.map` file. */
export interface SourceMap {
  version: 3;
  /** The mirror file's name. */
  file: string;
  /** Input files, relative to the directory of the mirror file, `/` separators. */
  sources: string[];
  /** The inputs' texts, so the map works where the inputs are not served. */
  sourcesContent: string[];
  names: string[];
  mappings: string;
}

export interface FlattenResult {
  files: FileResult[];
  classes: ClassReport[];
  diagnostics: Diagnostic[];
  stats: {
    filesScanned: number;
    filesParsed: number;
    filesRewritten: number;
    classesFlattened: number;
    durationMs: number;
  };
}
