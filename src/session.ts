// A flattening session: the pipeline of flatten() (discover → read → parse → summarize → class graph
// → rewrite → detect) with per-file state kept between runs, so that a run after an edit reads and
// parses only the files whose content changed. flatten() is one session run once; watch mode keeps
// one session for as long as it watches.
//
// A run's result equals what a fresh flatten() with the same options returns at that moment, except
// stats.durationMs and, in incremental mode, the order of the rewrite's diagnostics (reports sort
// them).

import path from 'node:path';
import { mapPathOf, sameMap, sourceMapFor } from './emit/source-map.js';
import { holdsAnchorCharacters } from './flatten/edits.js';
import { rewriteProject, type RewriteResult } from './flatten/rewrite.js';
import { buildClassGraph, type ClassGraph, type ClassId } from './graph/class-graph.js';
import { createDefaultResolver } from './graph/resolve.js';
import { mroOf } from './graph/mro.js';
import { detectUses } from './report/detect.js';
import { ClassFieldSemanticsReader } from './scan/class-fields.js';
import { discoverFiles, type DiscoverResult } from './scan/discover.js';
import type { ModuleInfo } from './scan/module-info.js';
import { SyntaxBudget } from './scan/syntax-policy.js';
import { hashOf, readBytes, scanBytes, type SourceState } from './scan/scan-file.js';
import { scanInParallel, workersFor, type ScanSchedule } from './scan/workers.js';
import { copiesAfterGraph, copiesBeforeGraph } from './session-settled.js';
import {
  IncrementalRewriter,
  IncrementalUnsupported,
  changedFields,
  instrumentModule,
  type IncrementalStats,
} from './session-rewrite.js';
import { mark } from './timeline.js';
import type { ClassReport, Diagnostic, FileResult, FlattenOptions, FlattenResult, ResolveFn } from './types.js';

export const DEFAULT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

export interface SessionOptions {
  /**
   * Flatten again only the classes whose inputs changed since the previous run (watch mode).
   * Off (flatten()), every run flattens every class.
   */
  incremental?: boolean;
  /** With `incremental`: also run the whole rewrite and throw when the two differ (tests, debugging). */
  verify?: boolean;
  /** Told, per source file, how far reading and parsing got (the CLI's progress line). */
  onProgress?: (counts: { total: number; scanned: number; parsed: number }) => void;
  /** Tests: how runAsync() splits and orders the scan between threads (the result must not change). */
  scanSchedule?: ScanSchedule;
  /**
   * Told, while a whole (not incremental) run is still going, of mirror files that are certainly
   * copies of their input (./session-settled.ts): the same FileResult objects the result will hold,
   * each told once. Not told when discovery reported a config error (no mirror is written then).
   */
  onSettled?: (files: FileResult[]) => void;
  /** Told when the rewrite starts (the class graph is built): the CLI lowers the heap's growth then. */
  onRewriteStart?: () => void;
}

/** What changed since the previous run, as far as the caller knows. */
export interface SessionChanges {
  /** Absolute paths of files (or directories) added, changed or deleted. Only these are read again. */
  paths?: Iterable<string>;
  /** Files or directories appeared or disappeared: discover the inputs again. */
  structure?: boolean;
}

export interface SessionRun {
  result: FlattenResult;
  /** Mirror files whose content may differ from the previous run's (every file on a full run). */
  changed: FileResult[];
  /** Mirror paths (relative to the out dir) the previous run had and this one does not. */
  removed: string[];
  /** Mirror paths of source files that could not be parsed. */
  syntaxErrors: Set<string>;
  /** Source files read and parsed in this run (all of them on a full run). */
  parsed: number;
  /** True when everything was read again (first run, or no changes given). */
  full: boolean;
  /** Incremental rewrite statistics (absent when the whole rewrite ran). */
  incremental?: IncrementalStats;
  /** Milliseconds per phase. */
  timings: { read: number; graph: number; rewrite: number; detect: number };
}

/** Told during a run(), before it ends. */
export interface RunHooks {
  /**
   * The mirror files the run will return as `changed` and `removed` (final: the report's use
   * detection, still to come, does not change them), told before that detection runs, with the
   * diagnostics known so far (discovery's and the scan's: every `config` error a run can give).
   * Not told when the run returns early (a fatal discovery error, nothing changed).
   */
  onMirrorKnown?: (known: Pick<SessionRun, 'changed' | 'removed' | 'syntaxErrors'> & { diagnostics: Diagnostic[] }) => void;
}

/** Source files of a first run scanned ahead of it, in worker threads (runAsync). */
interface Prescan {
  discovered: DiscoverResult;
  states: Map<string, SourceState>;
}

/** What a mirror file held in the previous run. */
interface MirrorEntry {
  absPath: string;
  kind: FileResult['kind'];
  status: FileResult['status'];
  code: string | undefined;
  map: FileResult['map'];
  /** Changes whenever the input's bytes may have changed. */
  version: string;
}

export class FlattenSession {
  readonly cwd: string;
  private readonly options: FlattenOptions;
  private incremental: boolean;
  private readonly verify: boolean;
  private readonly onProgress: SessionOptions['onProgress'];
  private readonly scanSchedule: ScanSchedule | undefined;
  private readonly onSettled: SessionOptions['onSettled'];
  private readonly onRewriteStart: SessionOptions['onRewriteStart'];

  private discovered: DiscoverResult | null = null;
  private readonly sources = new Map<string, SourceState>();
  /** Versions of non-source files (declarations, assets), bumped when they are reported changed. */
  private readonly otherVersions = new Map<string, number>();
  private defaultResolver: ResolveFn | null = null;
  private modules = new Map<string, ModuleInfo>();
  private mirror = new Map<string, MirrorEntry>();
  private rewriter: IncrementalRewriter | null = null;
  private graphValue: ClassGraph | null = null;
  private flattenedValue = new Set<ClassId>();
  private runs = 0;
  private lastResult: FlattenResult | null = null;
  private lastSyntaxErrors = new Set<string>();

  constructor(options: FlattenOptions = {}, sessionOptions: SessionOptions = {}) {
    this.options = options;
    this.cwd = path.resolve(options.cwd ?? process.cwd());
    // --preserve-instanceof makes a class's text depend on who extends it, which the incremental units do not follow.
    this.incremental = (sessionOptions.incremental ?? false) && !options.preserveInstanceof;
    this.verify = sessionOptions.verify ?? false;
    this.onProgress = sessionOptions.onProgress;
    this.scanSchedule = sessionOptions.scanSchedule;
    this.onSettled = sessionOptions.onSettled;
    this.onRewriteStart = sessionOptions.onRewriteStart;
  }

  /** The class graph of the last run (null before the first). */
  get graph(): ClassGraph | null {
    return this.graphValue;
  }

  /** Classes the last run flattened. */
  get flattened(): ReadonlySet<ClassId> {
    return this.flattenedValue;
  }

  /** The incremental rewrite's units of classes flattened together (empty unless incremental). */
  units(): Array<{ ids: ClassId[]; touched: string[] }> {
    return this.rewriter?.describe() ?? [];
  }

  /** Absolute path of the out dir. */
  get outDir(): string {
    return path.resolve(this.cwd, this.options.outDir ?? 'flat');
  }

  /**
   * Forget what was learnt about the file system (discovery, resolution) and about the rewrite:
   * the next run reads everything again (parses only what changed) and flattens every class.
   */
  reset(): void {
    this.discovered = null;
    this.defaultResolver = null;
    this.rewriter?.reset();
  }

  /**
   * Runs the pipeline. Without `changes` (or on the first run) every input is read again; with
   * them, only the paths named (and files new to discovery) are.
   */
  run(changes?: SessionChanges, hooks?: RunHooks): SessionRun {
    return this.runWith(changes, null, performance.now(), hooks);
  }

  /**
   * run(), with the source files of a first run (nothing read yet) scanned in worker threads as well
   * as in this one (options.jobs; scan/workers.ts). The result is the same as run()'s. Other runs,
   * and incremental sessions (which keep every syntax tree, which cannot cross threads), are run().
   */
  async runAsync(changes?: SessionChanges): Promise<SessionRun> {
    const started = performance.now();
    const { workers, auto } = workersFor(this.options.jobs);
    if (workers === 0 || this.incremental || this.sources.size > 0) return this.runWith(changes, null, started);
    const discovered = this.discover();
    const sources = discovered.fatal ? [] : discovered.files.filter((f) => f.kind === 'source');
    const total = sources.length;
    let scanned = 0;
    let parsed = 0;
    const onProgress = this.onProgress;
    onProgress?.({ total, scanned, parsed });
    // Which trees are kept is decided once the files with a derived class are known (syntax-policy.ts).
    let syntaxBudget = new SyntaxBudget();
    const states = await scanInParallel(
      sources.map((f) => ({ absPath: f.absPath, relPath: this.rel(f.absPath) })),
      {
        workers,
        auto,
        ...(this.scanSchedule ? { schedule: this.scanSchedule } : {}),
        planned: (derivedBytes) => (syntaxBudget = SyntaxBudget.forDerivedBytes(derivedBytes)),
        scanHere: (file, bytes, hash) => scanBytes(file.absPath, file.relPath, bytes, hash, { keepSyntax: (m) => syntaxBudget.keeps(m) }),
        ...(onProgress ? { onScanned: (s) => onProgress({ total, scanned: ++scanned, parsed: s.parse ? ++parsed : parsed }) } : {}),
      },
    );
    return this.runWith(changes, { discovered, states: new Map(sources.map((f, i) => [f.absPath, states[i]!])) }, started);
  }

  private rel(abs: string): string {
    return path.relative(this.cwd, abs).split(path.sep).join('/');
  }

  private discover(): DiscoverResult {
    const { cwd, options } = this;
    return discoverFiles({
      paths: (options.paths ?? ['src']).map((p) => path.resolve(cwd, p)),
      outDir: path.resolve(cwd, options.outDir ?? 'flat'),
      extensions: options.extensions ?? DEFAULT_EXTENSIONS,
      ignore: options.ignore ?? [],
      copyFiles: options.copyFiles ?? false,
      cwd,
    });
  }

  private runWith(changes: SessionChanges | undefined, prescan: Prescan | null, started: number, hooks?: RunHooks): SessionRun {
    const cwd = this.cwd;
    const options = this.options;
    const full = changes === undefined || this.runs === 0 || this.discovered === null;
    this.runs++;
    const changedPaths = new Set<string>();
    for (const p of changes?.paths ?? []) changedPaths.add(path.resolve(cwd, p));

    // Discover.
    let resolverChanged = false;
    if (prescan || full || changes?.structure || this.discovered === null) {
      this.discovered = prescan?.discovered ?? this.discover();
      // Which files exist decides what specifiers resolve to: a new resolver, with an empty cache.
      this.defaultResolver = null;
      resolverChanged = true;
    }
    const discovered = this.discovered;
    const diagnostics: Diagnostic[] = [...discovered.diagnostics];
    if (discovered.fatal) {
      this.sources.clear();
      this.modules = new Map();
      const previous = this.mirror;
      this.mirror = new Map();
      this.graphValue = null;
      this.flattenedValue = new Set();
      this.rewriter?.reset();
      this.lastResult = null;
      return {
        result: finish([], [], diagnostics, 0, 0, started),
        changed: [],
        removed: [...previous.keys()],
        syntaxErrors: new Set(),
        parsed: 0,
        full,
        timings: { read: 0, graph: 0, rewrite: 0, detect: 0 },
      };
    }

    // Read and parse what changed.
    const rel = (abs: string) => this.rel(abs);
    const live = new Set<string>();
    let parsed = 0;
    let scanned = 0;
    const total = this.onProgress ? discovered.files.filter((f) => f.kind === 'source').length : 0;
    let anyChange = full || resolverChanged;
    const fieldSemantics = new ClassFieldSemanticsReader();
    const syntaxBudget = new SyntaxBudget();
    for (const file of discovered.files) {
      live.add(file.absPath);
      // (A prescan told the progress line already.)
      if (file.kind === 'source' && !prescan) this.onProgress?.({ total, scanned: scanned++, parsed });
      if (file.kind !== 'source') {
        if (full || changedPaths.has(file.absPath) || !this.otherVersions.has(file.absPath)) {
          this.otherVersions.set(file.absPath, (this.otherVersions.get(file.absPath) ?? 0) + 1);
          anyChange = true;
        }
        continue;
      }
      const known = this.sources.get(file.absPath);
      if (known && !full && !changedPaths.has(file.absPath)) continue;
      let state = prescan?.states.get(file.absPath);
      if (state === undefined) {
        const bytes = readBytes(file.absPath);
        const hash = hashOf(bytes);
        if (known && known.hash === hash) continue;
        // Watch mode instruments every field (reading each once): it keeps the trees rather than parse again.
        state = scanBytes(file.absPath, rel(file.absPath), bytes, hash, { keepAst: this.incremental, keepSyntax: (m) => syntaxBudget.keeps(m) });
      }
      if (state.parse) parsed++;
      if (state.parse?.ok) {
        const module = state.parse.module;
        if (module.isTypeScript) {
          module.classFields = fieldSemantics.of(file.absPath);
          module.legacyDecorators = fieldSemantics.legacyDecorators(file.absPath);
        }
        if (this.incremental) instrumentModule(module);
      }
      this.sources.set(file.absPath, state);
      anyChange = true;
    }
    if (!prescan) this.onProgress?.({ total, scanned, parsed });
    for (const p of [...this.sources.keys()]) if (!live.has(p) && this.sources.delete(p)) anyChange = true;
    for (const p of [...this.otherVersions.keys()]) if (!live.has(p) && this.otherVersions.delete(p)) anyChange = true;

    // Nothing read differs (a save without changes): the previous result stands.
    if (!anyChange && this.lastResult !== null) {
      const result: FlattenResult = { ...this.lastResult, stats: { ...this.lastResult.stats, durationMs: Math.round(performance.now() - started) } };
      return { result, changed: [], removed: [], syntaxErrors: this.lastSyntaxErrors, parsed: 0, full: false, timings: { read: performance.now() - started, graph: 0, rewrite: 0, detect: 0 } };
    }

    // Files, parse diagnostics and the modules, in discovery order (as flatten() always had them).
    const files: FileResult[] = [];
    const modules = new Map<string, ModuleInfo>();
    const syntaxErrors = new Set<string>();
    let filesParsed = 0;
    for (const file of discovered.files) {
      const result: FileResult = { absPath: file.absPath, outRelPath: file.outRelPath, kind: file.kind, status: 'copied' };
      files.push(result);
      if (file.kind !== 'source') continue;
      const state = this.sources.get(file.absPath)!;
      if (!state.read.ok) {
        result.status = 'failed';
        const { line = 1, column = 1 } = state.read;
        diagnostics.push({ category: 'parse', code: state.read.code, severity: 'error', file: rel(file.absPath), line, column, message: state.read.message });
        continue;
      }
      if (!state.parse) continue;
      filesParsed++;
      if (!state.parse.ok) {
        const { error } = state.parse;
        result.status = 'failed';
        syntaxErrors.add(file.outRelPath);
        diagnostics.push({
          category: 'parse',
          code: 'syntax-error',
          severity: 'error',
          file: rel(file.absPath),
          line: error.line,
          column: error.column,
          message: error.message,
          hint: 'The file is copied unchanged; fix the syntax error to have its classes flattened.',
        });
        continue;
      }
      modules.set(file.absPath, state.parse.module);
    }

    // Which modules differ from the previous run's.
    const previousModules = this.modules;
    const moduleChanges = new Map<string, Set<string> | 'all'>();
    if (this.incremental && !full) {
      for (const [p, m] of modules) {
        const before = previousModules.get(p);
        if (before !== m) moduleChanges.set(p, changedFields(before, m));
      }
      for (const p of previousModules.keys()) if (!modules.has(p)) moduleChanges.set(p, 'all');
    }
    this.modules = modules;
    // Copies known now are written while the rest runs (the CLI's mirror offload).
    const settled = this.onSettled && !this.incremental && !diagnostics.some((d) => d.category === 'config' && d.severity === 'error') ? this.onSettled : undefined;
    settled?.(copiesBeforeGraph(files, modules, options.sourceMaps === true));

    // Graph, rewrite, detect.
    const tRead = performance.now();
    mark('run: modules assembled');
    if (options.resolve === undefined && this.defaultResolver === null) {
      this.defaultResolver = createDefaultResolver({ cwd });
      resolverChanged = true;
    }
    const resolve = options.resolve ?? this.defaultResolver!;
    const keepPatched = options.keepPatched ?? false;
    const graph = buildClassGraph(modules, resolve, { patches: keepPatched });
    settled?.(copiesAfterGraph(files, graph, options.sourceMaps === true));
    const tGraph = performance.now();
    mark('run: class graph built');
    this.onRewriteStart?.();
    let rewrite: RewriteResult;
    let incrementalStats: IncrementalStats | undefined;
    const sourceMaps = options.sourceMaps === true && sourceMapsPossible(modules, rel, diagnostics);
    // Without maps this once: the rewriter's units know the runs it saw, so it starts over next time.
    if (options.sourceMaps === true && !sourceMaps) this.rewriter?.reset();
    if (this.incremental && sourceMaps === (options.sourceMaps === true)) {
      this.rewriter ??= new IncrementalRewriter(options.classes, { sourceMaps, keepPatched });
      try {
        const out = this.rewriter.run(graph, full ? null : { changed: moduleChanges, resolverChanged });
        incrementalStats = out.stats;
        rewrite = { code: out.code, flattened: out.flattened, diagnostics: out.diagnostics, ...(out.anchors ? { anchors: out.anchors } : {}) };
        if (this.verify) verifyRewrite(rewrite, rewriteProject(graph, options.classes, { keepPatched }));
      } catch (error) {
        if (!(error instanceof IncrementalUnsupported)) throw error;
        // The core did something the incremental scheme cannot follow: flatten everything, from now on.
        this.incremental = false;
        this.rewriter = null;
        rewrite = rewriteProject(graph, options.classes, { sourceMaps, keepPatched });
      }
    } else {
      rewrite = rewriteProject(graph, options.classes, { sourceMaps, preserveInstanceof: options.preserveInstanceof ?? false, keepPatched });
    }
    const tRewrite = performance.now();
    mark('run: rewritten');
    for (const f of files) {
      const code = rewrite.code.get(f.absPath);
      if (code !== undefined && code !== modules.get(f.absPath)?.code) {
        f.status = 'rewritten';
        f.code = code;
        const anchors = rewrite.anchors?.get(f.absPath);
        if (anchors) Object.assign(f, sourceMapFor(code, anchors, path.resolve(this.outDir, f.outRelPath), (p) => modules.get(p)!.code));
        // The written file keeps its byte order mark (decoders drop it, so map columns are unaffected).
        const read = this.sources.get(f.absPath)?.read;
        if (read?.ok && read.bom) f.code = `\uFEFF${f.code}`;
      }
    }

    // What the mirror needs to change (the report's use detection below does not change it).
    const mirror = new Map<string, MirrorEntry>();
    const changed: FileResult[] = [];
    for (const f of files) {
      const version = f.kind === 'source' ? this.sources.get(f.absPath)!.hash : `v${this.otherVersions.get(f.absPath)}`;
      const entry: MirrorEntry = { absPath: f.absPath, kind: f.kind, status: f.status, code: f.code, map: f.map, version };
      mirror.set(f.outRelPath, entry);
      const before = this.mirror.get(f.outRelPath);
      if (full || !before || !sameEntry(before, entry)) changed.push(f);
    }
    const removed = [...this.mirror.keys()].filter((p) => !mirror.has(p));
    // A map written beside a file goes with it, or when the file stops being rewritten; a copied input
    // of the map's name, which the map had replaced, is written again instead.
    for (const [p, before] of this.mirror) {
      if (before.map === undefined || mirror.get(p)?.map !== undefined) continue;
      const mapPath = mapPathOf(p);
      const shadowed = mirror.get(mapPath);
      if (shadowed === undefined) removed.push(mapPath);
      else if (!changed.some((f) => f.outRelPath === mapPath)) changed.push(files.find((f) => f.outRelPath === mapPath)!);
    }
    this.mirror = mirror;
    // Watch mode starts writing these files now; the report's use detection runs meanwhile.
    hooks?.onMirrorKnown?.({ changed, removed, syntaxErrors, diagnostics: [...diagnostics] });

    diagnostics.push(...rewrite.diagnostics, ...detectUses(graph, rewrite.flattened, rewrite.instanceof));
    this.graphValue = graph;
    this.flattenedValue = rewrite.flattened;
    const classes = classReports(graph, rewrite.flattened);
    const result = finish(files, classes, diagnostics, filesParsed, rewrite.flattened.size, started);
    this.lastResult = result;
    this.lastSyntaxErrors = syntaxErrors;

    mark('run: detected, result made');
    const timings = { read: tRead - started, graph: tGraph - tRead, rewrite: tRewrite - tGraph, detect: performance.now() - tRewrite };
    return { result, changed, removed, syntaxErrors, parsed, full, timings, ...(incrementalStats ? { incremental: incrementalStats } : {}) };
  }
}

function sameEntry(a: MirrorEntry, b: MirrorEntry): boolean {
  if (a.absPath !== b.absPath || a.kind !== b.kind || a.status !== b.status) return false;
  // A rewritten file is its text; a copy is its input's bytes.
  // A map can change alone: an ancestor's lines moved, its copy did not.
  return a.status === 'rewritten' ? a.code === b.code && sameMap(a.map, b.map) : a.version === b.version;
}

/**
 * Source maps mark text with noncharacters (flatten/edits.ts): an input that holds them itself is
 * rewritten without maps, and the report says so.
 */
function sourceMapsPossible(modules: Map<string, ModuleInfo>, rel: (abs: string) => string, diagnostics: Diagnostic[]): boolean {
  for (const m of modules.values()) {
    if (!holdsAnchorCharacters(m.code)) continue;
    const at = m.code.search(/[\uFDD0\uFDD1]/);
    const before = m.code.slice(0, at).split('\n');
    diagnostics.push({
      category: 'unsupported',
      code: 'source-maps-unavailable',
      severity: 'info',
      file: rel(m.absPath),
      line: before.length,
      column: before[before.length - 1]!.length + 1,
      message: 'no source maps were made in this run: this file contains U+FDD0 or U+FDD1, the characters the rewrite marks copied code with.',
      hint: 'Write the character as an escape (\\uFDD0) to have source maps again.',
    });
    return false;
  }
  return true;
}

function verifyRewrite(incremental: RewriteResult, whole: RewriteResult): void {
  const problems: string[] = [];
  for (const [file, code] of whole.code) if (incremental.code.get(file) !== code) problems.push(`text of ${file}`);
  for (const file of incremental.code.keys()) if (!whole.code.has(file)) problems.push(`extra text for ${file}`);
  const flat = (s: Set<string>) => [...s].sort().join('\n');
  if (flat(incremental.flattened) !== flat(whole.flattened)) problems.push('flattened classes');
  const diags = (ds: Diagnostic[]) => ds.map((d) => JSON.stringify(d)).sort();
  const a = diags(incremental.diagnostics);
  const b = diags(whole.diagnostics);
  const extra = a.filter((d) => !b.includes(d));
  const missing = b.filter((d) => !a.includes(d));
  if (extra.length > 0 || missing.length > 0 || a.length !== b.length) {
    problems.push(`diagnostics (extra: ${extra.join(' ') || 'none'}; missing: ${missing.join(' ') || 'none'})`);
  }
  if (problems.length > 0) throw new Error(`incremental rewrite differs from the whole rewrite: ${problems.join(', ')}`);
}

function finish(files: FileResult[], classes: ClassReport[], diagnostics: Diagnostic[], filesParsed: number, flattenedCount: number, started: number): FlattenResult {
  return {
    files,
    classes,
    diagnostics,
    stats: {
      filesScanned: files.length,
      filesParsed,
      filesRewritten: files.filter((f) => f.status === 'rewritten').length,
      classesFlattened: flattenedCount,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

function classReports(graph: ClassGraph, flattened: Set<string>): ClassReport[] {
  const out: ClassReport[] = [];
  for (const c of graph.classes.values()) {
    const root = graph.roots.get(c.id)?.heritage;
    const external = root?.kind === 'external' ? root.name : null;
    // C3 (with applyMixins bases); an inconsistent hierarchy is reported separately and listed as its chain.
    const linear = mroOf(graph, c.id);
    const mro = linear.ok ? linear.mro : [...(graph.chains.get(c.id) ?? [c.id]).map((id) => graph.classes.get(id)!.info.name), ...(external ? [external] : [])];
    out.push({ name: c.info.name, file: c.module.relPath, line: c.info.line, mro, external, flattened: flattened.has(c.id) });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
