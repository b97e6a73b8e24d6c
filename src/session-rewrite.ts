// Incremental rewrite for FlattenSession (watch mode): flattens again only the classes whose inputs
// changed, and proves the result equal to what rewriteProject() over the whole graph would give.
//
// planRewrite() flattens classes one by one in id order. Classes interact in exactly one way:
// through the additions they plan for a file (imports, tail lines, fresh names), which live in the
// run's Hygiene, per file; the plan names these files (touched.names, which includes the files it
// edits). Export requests (touched.exports) do not count: their outcome depends on the request
// alone, and assembleFiles() merges them whatever plan they come from. So the classes are split
// into *units* whose touched.names are disjoint; planning one unit alone then gives the same edits,
// additions, exports, flattened classes and diagnostics as the whole run, and the text of a file
// assembled from the plans that name it equals the whole run's. Units start as single classes and
// merge whenever their touched names meet. After an edit of a base class, its subclasses in other
// files are planned again each alone, and the classes that merely share files with them are not.
//
// A unit is kept from one run to the next when nothing it read changed. What it reads is recorded
// while it runs, without knowing anything about the core: every field of every ModuleInfo and
// ClassInfo (accessor properties, see instrumentModule), every key and every walk of the graph's
// maps, and every call of the graph's functions (replayed against the new graph to compare the
// answers). Field changes are judged per field: a module whose text changed changes its code,
// AST and classes, but its imports, exports etc. only when their contents differ.
//
// Taken on trust from the core: it reads project data only through the graph and the modules, and
// keeps no state between runs. Checked: a plan changes only files it touched (else incremental runs
// stop).

import { withAnchors, type AnchorAt } from './flatten/edits.js';
import { assembleFiles, planRewrite, plannedFiles, type RewriteOptions, type RewritePlan, type RewriteResult } from './flatten/rewrite.js';
import type { TouchedFiles } from './flatten/hygiene.js';
import type { ClassGraph, ClassId } from './graph/class-graph.js';
import type { ModuleInfo } from './scan/module-info.js';
import { LitePath, LiteScope } from './scan/scope.js';
import type { Diagnostic, FlattenOptions } from './types.js';

// ---------------------------------------------------------------------------------------------
// Recording

/** One recorded call of a graph function. */
interface RecordedCall {
  fn: string;
  /** The arguments with modules replaced by ModuleRefs (so old ASTs are not kept alive), or null when they cannot be replayed. */
  args: unknown[] | null;
  /** The answer, until the run ends; then its digest. */
  result: unknown;
  digest?: string;
}

/** A module argument of a recorded call, by path: replayed with the new graph's module of that path. */
class ModuleRef {
  constructor(readonly path: string) {}
}

/** The replayable form of a call argument, or NOT_REPLAYABLE. */
const NOT_REPLAYABLE = Symbol('not replayable');
function toReplay(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return typeof value === 'function' ? NOT_REPLAYABLE : value;
  const path = modulePaths.get(value);
  if (path !== undefined) return new ModuleRef(path);
  if (Array.isArray(value)) {
    const items = value.map(toReplay);
    return items.includes(NOT_REPLAYABLE) ? NOT_REPLAYABLE : items;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return NOT_REPLAYABLE; // nodes, paths, maps: cannot be asked again
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toReplay(v)] as const);
  return entries.some(([, v]) => v === NOT_REPLAYABLE) ? NOT_REPLAYABLE : Object.fromEntries(entries);
}

let recorders = 0;

class Recorder {
  /** Unique per recorder (accessors remember the last one that noted them by this, not by reference). */
  readonly id = ++recorders;
  /** Module path → fields read. */
  readonly fields = new Map<string, Set<string>>();
  /** Graph property → keys looked up (get/has). */
  readonly keys = new Map<string, Set<unknown>>();
  /** Graph properties read as a whole (walked, or not a map). */
  readonly whole = new Set<string>();
  /** How far the unit walked graph.modules: the paths in order, and whether it reached the end. */
  modulesWalk: { paths: string[]; complete: boolean } | null = null;
  readonly calls: RecordedCall[] = [];
  /** Calls seen, by function then argument (strings and modules, the usual case), to record each once. */
  private readonly seenCalls = new Map<string, Map<unknown, unknown>>();
  /** Calls with other arguments, by digest. */
  private readonly seenOther = new Set<string>();

  call(fn: string, args: unknown[], result: unknown): void {
    let plain = true;
    for (const a of args) {
      if (typeof a !== 'string' && !(a !== null && typeof a === 'object' && modulePaths.has(a))) {
        plain = false;
        break;
      }
    }
    if (plain) {
      let node = this.seenCalls.get(fn);
      if (!node) this.seenCalls.set(fn, (node = new Map()));
      for (const a of args) {
        let next = node.get(a) as Map<unknown, unknown> | undefined;
        if (!next) node.set(a, (next = new Map()));
        node = next;
      }
      if (node.has(END)) return;
      node.set(END, true);
      this.calls.push({ fn, args: args.map((a) => (typeof a === 'string' ? a : new ModuleRef(modulePaths.get(a as object)!))), result });
      return;
    }
    suspended(() => {
      const key = `${fn}\0${digest(args)}`;
      if (this.seenOther.has(key)) return;
      this.seenOther.add(key);
      const replay = toReplay(args);
      this.calls.push({ fn, args: replay === NOT_REPLAYABLE ? null : (replay as unknown[]), result });
    });
  }

  private lastFieldsOf: string | null = null;
  private lastFields: Set<string> | null = null;

  private lastField: string | null = null;

  field(abs: string, field: string): void {
    // Reads come in runs from one module, often of one field: skip the lookups then.
    if (abs === this.lastFieldsOf && field === this.lastField) return;
    this.lastField = field;
    let set = abs === this.lastFieldsOf ? this.lastFields : this.fields.get(abs);
    if (!set) this.fields.set(abs, (set = new Set()));
    this.lastFieldsOf = abs;
    this.lastFields = set;
    set.add(field);
  }

  key(prop: string, key: unknown): void {
    let set = this.keys.get(prop);
    if (!set) this.keys.set(prop, (set = new Set()));
    set.add(key);
  }
}

let active: Recorder | null = null;
const END = Symbol('end of arguments');

function suspended<T>(fn: () => T): T {
  const saved = active;
  active = null;
  try {
    return fn();
  } finally {
    active = saved;
  }
}

// ---------------------------------------------------------------------------------------------
// Instrumented modules

/** Fields that are fixed for a path: reading them is no dependency on the file's contents. */
const STABLE_FIELDS = new Set(['absPath', 'relPath']);
/**
 * Fields compared by content (AST nodes left out) when a file changes: a unit that only read them
 * stays valid when they are equal. Every other field counts as changed whenever the text changed.
 */
const STRUCTURAL_FIELDS = ['imports', 'exports', 'exportAll', 'cjsModuleExports', 'cjsUnsettled', 'isModule', 'isTypeScript', 'factories'];

/** Instrumented ModuleInfo → its absolute path. */
const modulePaths = new WeakMap<object, string>();
/** ClassInfos of instrumented modules: never changed once summarized, so their digests are kept. */
const classInfos = new WeakSet<object>();
const infoDigests = [new WeakMap<object, string>(), new WeakMap<object, string>()];

/**
 * Turns the fields of a module (and of its classes) into accessors that report reads to the
 * recorder of the unit being flattened. Values and identity are unchanged.
 */
export function instrumentModule(m: ModuleInfo): void {
  if (modulePaths.has(m)) return;
  const abs = m.absPath;
  modulePaths.set(m, abs);
  const record = m as unknown as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!STABLE_FIELDS.has(key)) defineRecorded(record, key, abs, key);
  }
  for (const c of m.classes) {
    classInfos.add(c);
    const info = c as unknown as Record<string, unknown>;
    for (const key of Object.keys(info)) defineRecorded(info, key, abs, 'classes');
  }
}

function defineRecorded(obj: Record<string, unknown>, key: string, abs: string, field: string): void {
  let value = obj[key];
  // The recorder that last noted this read: read again by the same unit, there is nothing new to note.
  let notedBy = 0;
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get() {
      if (active !== null && active.id !== notedBy) {
        notedBy = active.id;
        active.field(abs, field);
      }
      return value;
    },
    set(v: unknown) {
      value = v;
    },
  });
}

/** The fields of a module that differ between two versions of it (all of them when one is missing). */
export function changedFields(before: ModuleInfo | undefined, after: ModuleInfo | undefined): Set<string> | 'all' {
  if (!before || !after) return 'all';
  return suspended(() => {
    const b = before as unknown as Record<string, unknown>;
    const a = after as unknown as Record<string, unknown>;
    const fields = new Set([...Object.keys(b), ...Object.keys(a)].filter((k) => !STABLE_FIELDS.has(k)));
    if (b.code === a.code) {
      // Same text (a touch): only a field that is not the same content can differ, and none is.
      return new Set<string>();
    }
    for (const f of STRUCTURAL_FIELDS) {
      if (fields.has(f) && digest(b[f], false) === digest(a[f], false)) fields.delete(f);
    }
    return fields;
  });
}

// ---------------------------------------------------------------------------------------------
// Digests: a string that changes when a value's meaning for the rewrite may have changed

function isNode(v: Record<string, unknown>): boolean {
  return typeof v.type === 'string' && typeof v.start === 'number';
}

/** A Babel NodePath, or the plain resolver's LitePath (scan/scope.ts: watch mode summarizes plainly). */
function isNodePath(v: Record<string, unknown>): boolean {
  return v instanceof LitePath || ('node' in v && 'hub' in v && typeof v.traverse === 'function');
}

/** A Babel Binding (or LiteBinding, which has the same three fields). */
function isBinding(v: Record<string, unknown>): boolean {
  return 'identifier' in v && 'scope' in v && 'kind' in v;
}

/** A Babel Scope or a LiteScope: named by the node it is the scope of. */
function scopeBlock(v: Record<string, unknown>): unknown {
  if (v instanceof LiteScope) return v.path.node;
  return 'bindings' in v && 'path' in v && 'block' in v ? v.block : undefined;
}

/**
 * `positions`: AST nodes are named by type and place (their contents are covered by the reads of
 * their module's fields); without, by type alone.
 */
export function digest(value: unknown, positions = true): string {
  const seen = new Set<object>();
  const node = (n: Record<string, unknown>) => (positions ? `N(${String(n.type)}@${String(n.start)}-${String(n.end)})` : 'N');
  const walk = (v: unknown): string => {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'undefined':
        return 'u';
      case 'string':
        return JSON.stringify(v);
      case 'number':
      case 'boolean':
      case 'bigint':
        return `${typeof v}:${String(v)}`;
      case 'symbol':
        return String(v);
      case 'function':
        return 'fn';
    }
    const obj = v as Record<string, unknown>;
    const path = modulePaths.get(obj);
    if (path !== undefined) return `M(${JSON.stringify(path)})`;
    if (isNode(obj)) return node(obj);
    if (classInfos.has(obj) && v !== value) {
      // The graph is rebuilt on every run around the same ClassInfos: digest each one once.
      const memo = infoDigests[positions ? 1 : 0];
      let known = memo.get(obj);
      if (known === undefined) memo.set(obj, (known = digest(obj, positions)));
      return known;
    }
    if (isNodePath(obj)) return `P(${walk(obj.node)})`;
    if (isBinding(obj)) return `B(${walk(obj.identifier)})`;
    const block = scopeBlock(obj);
    if (block !== undefined) return `S(${walk(block)})`;
    if (seen.has(obj)) return '^';
    seen.add(obj);
    try {
      if (v instanceof Map) return `Map{${[...v].map(([k, x]) => `${walk(k)}:${walk(x)}`).join(',')}}`;
      if (v instanceof Set) return `Set{${[...v].map(walk).join(',')}}`;
      // Arrays of strings (chains, id lists) are most of what is digested: the same text, faster.
      if (Array.isArray(v)) return v.every((x) => typeof x === 'string') ? JSON.stringify(v) : `[${v.map(walk).join(',')}]`;
      return `{${Object.keys(obj)
        .map((k) => `${k}:${walk(obj[k])}`)
        .join(',')}}`;
    } finally {
      seen.delete(obj);
    }
  };
  return walk(value);
}

/**
 * `digest(a) === digest(b)`, without building either string: values of an unchanged module are the
 * same objects in both graphs (its ClassInfos, ModuleInfo, paths), so most comparisons end at once.
 * Follows digest()'s rules case by case, in its order.
 */
export function sameDigest(a: unknown, b: unknown): boolean {
  const seenA: object[] = [];
  const seenB: object[] = [];
  const same = (x: unknown, y: unknown, top: boolean): boolean => {
    // digest() is a function of the value (graph values and ClassInfos are not changed once made).
    if (x === y) return true;
    if (x === null || y === null) return x === y;
    const tx = typeof x;
    if (tx !== typeof y) return false;
    switch (tx) {
      case 'undefined':
      case 'function':
        return true;
      case 'string':
        return x === y;
      case 'number':
      case 'boolean':
      case 'bigint':
        return String(x) === String(y);
      case 'symbol':
        return String(x) === String(y);
    }
    const kx = kindOf(x as Record<string, unknown>, top);
    const ky = kindOf(y as Record<string, unknown>, top);
    if (kx !== ky) return false;
    const ox = x as Record<string, unknown>;
    const oy = y as Record<string, unknown>;
    switch (kx) {
      case 'module':
        return modulePaths.get(ox) === modulePaths.get(oy);
      case 'node':
        return ox.type === oy.type && ox.start === oy.start && ox.end === oy.end;
      case 'info':
        return infoDigest(ox) === infoDigest(oy);
      case 'path':
        return same(ox.node, oy.node, false);
      case 'binding':
        return same(ox.identifier, oy.identifier, false);
      case 'scope':
        return same(scopeBlock(ox), scopeBlock(oy), false);
    }
    const ix = seenA.indexOf(ox);
    const iy = seenB.indexOf(oy);
    if (ix >= 0 || iy >= 0) return ix >= 0 && iy >= 0; // both '^'
    seenA.push(ox);
    seenB.push(oy);
    try {
      if (kx === 'map') {
        const mx = x as Map<unknown, unknown>;
        const my = y as Map<unknown, unknown>;
        if (mx.size !== my.size) return false;
        const ey = my.entries();
        for (const [k, v] of mx) {
          const [k2, v2] = ey.next().value as [unknown, unknown];
          if (!same(k, k2, false) || !same(v, v2, false)) return false;
        }
        return true;
      }
      if (kx === 'set') {
        const sx = x as Set<unknown>;
        const sy = y as Set<unknown>;
        if (sx.size !== sy.size) return false;
        const vy = sy.values();
        for (const v of sx) if (!same(v, vy.next().value, false)) return false;
        return true;
      }
      if (kx === 'array') {
        const ax = x as unknown[];
        const ay = y as unknown[];
        if (ax.length !== ay.length) return false;
        for (let i = 0; i < ax.length; i++) if (!same(ax[i], ay[i], false)) return false;
        return true;
      }
      const keys = Object.keys(ox);
      const keysY = Object.keys(oy);
      if (keys.length !== keysY.length) return false;
      for (let i = 0; i < keys.length; i++) {
        if (keys[i] !== keysY[i] || !same(ox[keys[i]], oy[keys[i]], false)) return false;
      }
      return true;
    } finally {
      seenA.pop();
      seenB.pop();
    }
  };
  return suspended(() => same(a, b, true));
}

type DigestKind = 'module' | 'node' | 'info' | 'path' | 'binding' | 'scope' | 'map' | 'set' | 'array' | 'object';

/** Which case of digest() an object falls in (`top`: the value digested itself, whose ClassInfo is walked, not memoized). */
function kindOf(obj: Record<string, unknown>, top: boolean): DigestKind {
  if (modulePaths.has(obj)) return 'module';
  if (isNode(obj)) return 'node';
  if (classInfos.has(obj)) return top ? 'object' : 'info';
  if (isNodePath(obj)) return 'path';
  if (isBinding(obj)) return 'binding';
  if (scopeBlock(obj) !== undefined) return 'scope';
  if (obj instanceof Map) return 'map';
  if (obj instanceof Set) return 'set';
  if (Array.isArray(obj)) return 'array';
  return 'object';
}

/** digest() of a ClassInfo (with positions), kept per object. */
function infoDigest(info: object): string {
  const memo = infoDigests[1];
  let known = memo.get(info);
  if (known === undefined) memo.set(info, (known = digest(info, true)));
  return known;
}

// ---------------------------------------------------------------------------------------------
// The graph a unit sees: the real one, with every read recorded

class RecordingMap<K, V> extends Map<K, V> {
  constructor(
    private readonly prop: string,
    private readonly inner: Map<K, V>,
    private readonly rec: Recorder,
  ) {
    super();
  }
  override get(key: K): V | undefined {
    this.rec.key(this.prop, key);
    return this.inner.get(key);
  }
  override has(key: K): boolean {
    this.rec.key(this.prop, key);
    return this.inner.has(key);
  }
  override get size(): number {
    this.rec.whole.add(this.prop);
    return this.inner.size;
  }
  override set(key: K, value: V): this {
    this.rec.whole.add(this.prop);
    this.inner.set(key, value);
    return this;
  }
  override delete(key: K): boolean {
    this.rec.whole.add(this.prop);
    return this.inner.delete(key);
  }
  override clear(): void {
    this.rec.whole.add(this.prop);
    this.inner.clear();
  }
  override forEach(fn: (value: V, key: K, map: Map<K, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }
  override *entries(): MapIterator<[K, V]> {
    this.rec.whole.add(this.prop);
    yield* this.inner.entries();
  }
  override *keys(): MapIterator<K> {
    for (const [k] of this.entries()) yield k;
  }
  override *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
  override [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }
}

/** graph.modules: lookups are recorded by key, a walk by how far it went (most walks stop early). */
class ModulesMap extends RecordingMap<string, ModuleInfo> {
  constructor(
    private readonly modules: Map<string, ModuleInfo>,
    private readonly recorder: Recorder,
  ) {
    super('modules', modules, recorder);
  }
  override *entries(): MapIterator<[string, ModuleInfo]> {
    const walk = this.recorder.modulesWalk ?? { paths: [], complete: false };
    this.recorder.modulesWalk = walk;
    let i = 0;
    for (const entry of this.modules.entries()) {
      if (i === walk.paths.length) walk.paths.push(entry[0]);
      i++;
      yield entry;
    }
    walk.complete = true;
  }
  override get size(): number {
    this.recorder.whole.add('modules');
    return this.modules.size;
  }
}

/** graph.chains restricted to a unit for the walk rewriteProject() does; lookups see every chain. */
class UnitChains extends RecordingMap<ClassId, ClassId[]> {
  constructor(
    private readonly chains: Map<ClassId, ClassId[]>,
    private readonly ids: ClassId[],
    rec: Recorder,
  ) {
    super('chains', chains, rec);
  }
  override *entries(): MapIterator<[ClassId, ClassId[]]> {
    for (const id of this.ids) yield [id, this.chains.get(id)!];
  }
  override get size(): number {
    return this.ids.length;
  }
}

function recordingGraph(graph: ClassGraph, ids: ClassId[], rec: Recorder): ClassGraph {
  const source = graph as unknown as Record<string, unknown>;
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (key === 'chains' && value instanceof Map) view[key] = new UnitChains(value as Map<ClassId, ClassId[]>, ids, rec);
    else if (key === 'modules' && value instanceof Map) view[key] = new ModulesMap(value as Map<string, ModuleInfo>, rec);
    else if (value instanceof Map) view[key] = new RecordingMap(key, value, rec);
    else if (typeof value === 'function') {
      const fn = value as (...args: unknown[]) => unknown;
      view[key] = (...args: unknown[]): unknown => {
        const result = fn.apply(graph, args);
        rec.call(key, args, result);
        return result;
      };
    } else {
      Object.defineProperty(view, key, {
        enumerable: true,
        get() {
          rec.whole.add(key);
          return value;
        },
      });
    }
  }
  return view as unknown as ClassGraph;
}

// ---------------------------------------------------------------------------------------------
// Units

interface Dependencies {
  fields: Map<string, Set<string>>;
  /** The graph the unit read (or one found equal on everything it read since). */
  graph: ClassGraph | null;
  /** prop → keys looked up in the graph (their values are compared by digest, when needed). */
  keys: Map<string, Set<unknown>>;
  /** Graph properties read whole. */
  whole: Set<string>;
  modulesWalk: { paths: string[]; complete: boolean } | null;
  calls: RecordedCall[];
}

interface Unit {
  ids: ClassId[];
  /** Files whose per-run state the unit used (`names` includes the files of its classes). */
  touched: TouchedFiles;
  plan: RewritePlan;
  deps: Dependencies;
  dirty: boolean;
}

export interface ModuleChanges {
  /** Paths whose ModuleInfo differs from the previous run's (new, re-parsed or gone). */
  changed: Map<string, Set<string> | 'all'>;
  /** The default resolver was replaced (its answers may differ). */
  resolverChanged: boolean;
}

export interface IncrementalStats {
  /** Units flattened in this run. */
  unitsRun: number;
  /** Classes flattened in this run (a class can be counted twice when its unit merged). */
  classesRun: number;
  units: number;
}

/** Thrown when the core does something the incremental scheme cannot follow; the caller falls back to a full rewrite. */
export class IncrementalUnsupported extends Error {}

type ClassOptionsMap = FlattenOptions['classes'];

export class IncrementalRewriter {
  private units: Unit[] = [];
  private previousGraph: ClassGraph | null = null;
  /** New text per file, assembled from the plans of the last run. */
  private code = new Map<string, string>();
  /** With source maps: where the pieces of that text come from, per file. */
  private anchors = new Map<string, AnchorAt[]>();
  /** The plans that text was assembled from. */
  private plans = new Set<RewritePlan>();

  /** `classOptions`: FlattenOptions.classes, handed to rewriteProject() (fixed for the rewriter's life). */
  constructor(
    private readonly classOptions?: ClassOptionsMap,
    private readonly rewriteOptions: RewriteOptions = {},
  ) {}

  /** Forget everything: the next run flattens every class again. */
  reset(): void {
    this.units = [];
    this.previousGraph = null;
    this.code = new Map();
    this.anchors = new Map();
    this.plans = new Set();
  }

  run(graph: ClassGraph, changes: ModuleChanges | null): RewriteResult & { stats: IncrementalStats } {
    const checker = new DirtyChecker(graph, this.previousGraph, changes);
    // Every class: rewriteProject() decides which ones it flattens or reports (a class with one layer
    // can still be reported), and skips the others at no cost.
    const targets = [...graph.chains.keys()].sort(compareStrings);
    const targetSet = new Set(targets);

    // 1. Keep the units whose classes and inputs are unchanged.
    const covered = new Set<ClassId>();
    const units: Unit[] = [];
    for (const unit of changes === null ? [] : this.units) {
      const ids = unit.ids.filter((id) => targetSet.has(id));
      if (ids.length === 0) continue;
      const dirty = ids.length !== unit.ids.length || checker.isDirty(unit);
      units.push({ ...unit, ids, dirty });
      for (const id of ids) covered.add(id);
    }
    // 2. New classes start alone.
    for (const id of targets) if (!covered.has(id)) units.push(newUnit([id]));

    // 3. Run what is dirty; merge units whose touched files meet; repeat until stable.
    const stats: IncrementalStats = { unitsRun: 0, classesRun: 0, units: 0 };
    let current = units;
    for (;;) {
      const ran = new Set<Unit>();
      for (const unit of current) {
        if (!unit.dirty) continue;
        runUnit(graph, unit, this.classOptions, this.rewriteOptions);
        ran.add(unit);
        stats.unitsRun++;
        stats.classesRun += unit.ids.length;
      }
      const merged = overlapsAny(current, ran) ? mergeOverlapping(current) : current;
      if (merged === current) break;
      current = merged;
    }
    current.sort((a, b) => compareStrings(a.ids[0], b.ids[0]));
    this.units = current;
    this.previousGraph = graph;
    stats.units = current.length;

    this.assemble(graph, changes);
    const flattenedIds: ClassId[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const unit of current) {
      flattenedIds.push(...unit.plan.flattened);
      diagnostics.push(...unit.plan.diagnostics);
    }
    // In id order, as the whole rewrite adds them (the report lists classes in this order).
    const flattened = new Set(flattenedIds.sort(compareStrings));
    return { code: new Map(this.code), flattened, diagnostics, stats, ...(this.rewriteOptions.sourceMaps ? { anchors: new Map(this.anchors) } : {}) };
  }

  /**
   * Assembles again the text of the files a new or dropped plan names, and of the files whose
   * module changed; the text of every other file is the previous run's.
   */
  private assemble(graph: ClassGraph, changes: ModuleChanges | null): void {
    const plans = new Set(this.units.map((u) => u.plan));
    const files = new Set<string>(changes?.changed.keys() ?? []);
    if (changes === null) {
      this.code = new Map();
      this.anchors = new Map();
    }
    for (const plan of plans) if (changes === null || !this.plans.has(plan)) for (const f of plannedFiles(plan)) files.add(f);
    for (const plan of this.plans) if (!plans.has(plan)) for (const f of plannedFiles(plan)) files.add(f);
    const naming = new Map<string, RewritePlan[]>();
    for (const plan of plans) {
      for (const f of plannedFiles(plan)) if (files.has(f)) naming.set(f, [...(naming.get(f) ?? []), plan]);
    }
    for (const file of files) {
      const assembled = assembleFiles(graph.modules, naming.get(file) ?? [], [file], this.rewriteOptions.sourceMaps ?? false);
      const text = assembled.code.get(file);
      const anchors = assembled.anchors?.get(file);
      if (text === undefined) this.code.delete(file);
      else this.code.set(file, text);
      if (anchors === undefined) this.anchors.delete(file);
      else this.anchors.set(file, anchors);
    }
    this.plans = plans;
  }

  /** The current units (for diagnosis and tests). */
  describe(): Array<{ ids: ClassId[]; touched: string[] }> {
    return this.units.map((u) => ({ ids: [...u.ids], touched: [...u.touched.names].sort(compareStrings) }));
  }
}

function newUnit(ids: ClassId[]): Unit {
  return {
    ids,
    touched: { names: new Set(), exports: new Set() },
    plan: { edits: new Map(), additions: new Map(), exports: new Map(), flattened: new Set(), diagnostics: [], touched: { names: new Set(), exports: new Set() } },
    deps: { fields: new Map(), graph: null, keys: new Map(), whole: new Set(), modulesWalk: null, calls: [] },
    dirty: true,
  };
}

function runUnit(graph: ClassGraph, unit: Unit, classOptions: ClassOptionsMap, rewriteOptions: RewriteOptions): void {
  const rec = new Recorder();
  const view = recordingGraph(graph, unit.ids, rec);
  const saved = active;
  active = rec;
  let plan: RewritePlan;
  // Watch mode's modules keep their trees (scanned with keepAst): nothing for a syntax window to do.
  const options: RewriteOptions = { ...rewriteOptions, keepsSyntax: true };
  try {
    // With source maps the planned texts carry origin anchors; they stay valid for later assemblies.
    plan = rewriteOptions.sourceMaps ? withAnchors(() => planRewrite(view, classOptions, options)) : planRewrite(view, classOptions, options);
  } finally {
    active = saved;
  }
  suspended(() => {
    const touched: TouchedFiles = { names: new Set(plan.touched.names), exports: new Set(plan.touched.exports) };
    for (const id of unit.ids) {
      const node = graph.classes.get(id);
      if (node) touched.names.add(node.module.absPath);
    }
    for (const file of plannedFiles(plan)) {
      const exportsOnly = !plan.edits.has(file) && !plan.additions.has(file);
      if (!touched.names.has(file) && !(exportsOnly && touched.exports.has(file))) {
        throw new IncrementalUnsupported(`the rewrite of ${unit.ids.join(', ')} changed ${file} without asking Hygiene about it`);
      }
    }
    // The unit's own chains are its inputs even if the rewrite never looked them up.
    const keys = rec.keys;
    const chains = keys.get('chains') ?? new Set<unknown>();
    for (const id of unit.ids) chains.add(id);
    keys.set('chains', chains);
    const calls = rec.calls;
    for (const call of calls) call.digest = digest(call.result);
    for (const call of calls) call.result = undefined;
    unit.touched = touched;
    unit.plan = plan;
    unit.deps = { fields: rec.fields, graph, keys, whole: rec.whole, modulesWalk: rec.modulesWalk, calls };
    unit.dirty = false;
  });
}

/** Stands for "the whole property" in sameKey(). */
const WHOLE = Symbol('whole');
/** A key a map does not hold. */
const ABSENT = Symbol('absent');

/** Answers of sameKey(), per new graph, per graph compared with, per property (graphs do not change once built). */
const keyAnswers = new WeakMap<object, WeakMap<object, Map<string, Map<unknown, boolean>>>>();

/** The answers of sameKey() for one property of two graphs. */
function keyAnswersFor(now: Record<string, unknown>, then: Record<string, unknown>, prop: string): Map<unknown, boolean> {
  let perThen = keyAnswers.get(now);
  if (!perThen) keyAnswers.set(now, (perThen = new WeakMap()));
  let perProp = perThen.get(then);
  if (!perProp) perThen.set(then, (perProp = new Map()));
  let cache = perProp.get(prop);
  if (!cache) perProp.set(prop, (cache = new Map()));
  return cache;
}

/** Whether a graph property (or one key of it) has the same digest in two graphs; `cache` is keyAnswersFor(now, then, prop). */
function sameKey(now: Record<string, unknown>, then: Record<string, unknown>, prop: string, key: unknown, cache = keyAnswersFor(now, then, prop)): boolean {
  // Keys are ids and paths (strings); other keys are compared each time.
  const cacheable = typeof key === 'string' || key === WHOLE;
  if (cacheable) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  const same = sameDigest(keyValue(now, prop, key), keyValue(then, prop, key));
  if (cacheable) cache.set(key, same);
  return same;
}

function keyValue(graph: Record<string, unknown>, prop: string, key: unknown): unknown {
  const value = graph[prop];
  if (key === WHOLE) return value;
  if (value instanceof Map) return value.has(key) ? value.get(key) : ABSENT;
  if (value instanceof Set) return value.has(key);
  return value;
}

/**
 * Whether any two units' touched names meet, given that only the units in `ran` may have changed
 * theirs since the units were last found apart: the others were kept from a previous round or run
 * (which ended with no two units meeting) with what they touched then, so only pairs with a unit
 * that ran can meet. Saves building the map of every unit's files when nothing meets (the usual case).
 */
function overlapsAny(units: Unit[], ran: Set<Unit>): boolean {
  if (ran.size === 0) return false;
  const owner = new Map<string, Unit>();
  for (const unit of ran) {
    for (const file of unit.touched.names) {
      const other = owner.get(file);
      if (other !== undefined && other !== unit) return true;
      owner.set(file, unit);
    }
  }
  for (const unit of units) {
    if (ran.has(unit)) continue;
    for (const file of unit.touched.names) if (owner.has(file)) return true;
  }
  return false;
}

/** Units whose touched names meet become one (dirty) unit. Returns the input array when nothing merged. */
function mergeOverlapping(units: Unit[]): Unit[] {
  const parent = units.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  let mergedAny = false;
  units.forEach((unit, i) => {
    for (const file of unit.touched.names) {
      const j = owner.get(file);
      if (j === undefined) owner.set(file, i);
      else if (find(i) !== find(j)) {
        parent[find(i)] = find(j);
        mergedAny = true;
      }
    }
  });
  if (!mergedAny) return units;
  const groups = new Map<number, Unit[]>();
  units.forEach((unit, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), unit]);
  });
  const out: Unit[] = [];
  for (const group of groups.values()) {
    if (group.length === 1) out.push(group[0]);
    else {
      const merged = newUnit(group.flatMap((u) => u.ids).sort(compareStrings));
      // Keep the union of what they touched so a merged unit that touches less does not split again at once.
      for (const u of group) for (const f of u.touched.names) merged.touched.names.add(f);
      out.push(merged);
    }
  }
  return out;
}

/** Decides, per unit, whether anything it read differs in the new graph. Answers are cached per run. */
class DirtyChecker {
  private readonly callCache = new Map<string, string | null>();
  private readonly moduleOrder: string[];

  constructor(
    private readonly graph: ClassGraph,
    private readonly previous: ClassGraph | null,
    private readonly changes: ModuleChanges | null,
  ) {
    this.moduleOrder = [...graph.modules.keys()];
  }

  private get structureChanged(): boolean {
    const prev = this.previous;
    if (!prev || this.changes === null || this.changes.resolverChanged) return true;
    return this.moduleSetChanged;
  }

  /** Whether the imports of a module differ (or a module came or went). */
  private get importsChanged(): boolean {
    for (const fields of this.changes?.changed.values() ?? []) if (fields === 'all' || fields.has('imports')) return true;
    return false;
  }

  private moduleSetChangedCache: boolean | undefined;
  private get moduleSetChanged(): boolean {
    if (this.moduleSetChangedCache === undefined) {
      const before = [...(this.previous?.modules.keys() ?? [])];
      this.moduleSetChangedCache = before.length !== this.moduleOrder.length || before.some((p, i) => p !== this.moduleOrder[i]);
    }
    return this.moduleSetChangedCache;
  }

  isDirty(unit: Unit): boolean {
    if (unit.dirty || this.changes === null || unit.deps.graph === null) return true;
    // Everything a unit can read is a function of the modules and of what resolves to what.
    const dirty =
      (this.changes.changed.size > 0 || this.structureChanged) &&
      suspended(() => this.fieldsChanged(unit) || this.keysChanged(unit) || this.walkChanged(unit) || this.callsChanged(unit));
    // Still valid: what it read is the same in the new graph, so compare against that one next time
    // (and let the old graph go).
    if (!dirty) unit.deps.graph = this.graph;
    return dirty;
  }

  private fieldsChanged(unit: Unit): boolean {
    for (const [file, fields] of this.changes!.changed) {
      const read = unit.deps.fields.get(file);
      if (!read) continue;
      if (fields === 'all') return true;
      for (const f of read) if (fields.has(f)) return true;
    }
    return false;
  }

  private keysChanged(unit: Unit): boolean {
    const now = this.graph as unknown as Record<string, unknown>;
    const then = unit.deps.graph as unknown as Record<string, unknown>;
    if (now === then) return false;
    for (const [prop, keys] of unit.deps.keys) {
      const cache = keyAnswersFor(now, then, prop);
      for (const key of keys) {
        if (!sameKey(now, then, prop, key, cache)) return true;
      }
    }
    for (const prop of unit.deps.whole) {
      if (!sameKey(now, then, prop, WHOLE)) return true;
    }
    return false;
  }

  private walkChanged(unit: Unit): boolean {
    const walk = unit.deps.modulesWalk;
    if (!walk) return false;
    if (walk.complete && walk.paths.length !== this.moduleOrder.length) return true;
    return walk.paths.some((p, i) => this.moduleOrder[i] !== p);
  }

  private callsChanged(unit: Unit): boolean {
    for (const call of unit.deps.calls) {
      // Which module a specifier names depends only on the resolver and on which modules exist.
      if (call.fn === 'resolveSpecifier' && !this.structureChanged) continue;
      // The first import reaching a module depends on that, on the modules' order and on their imports.
      if (call.fn === 'firstRelativeImporter' && !this.structureChanged && !this.importsChanged) continue;
      const cacheKey = `${call.fn}\0${call.args === null ? 'opaque' : digest(call.args)}`;
      let now = this.callCache.get(cacheKey);
      if (now === undefined) this.callCache.set(cacheKey, (now = this.replay(call)));
      if (now === null || now !== call.digest) return true;
    }
    return false;
  }

  /** The digest of the call's answer in the new graph, or null when it cannot be asked again. */
  private replay(call: RecordedCall): string | null {
    if (call.args === null) return null;
    const fn = (this.graph as unknown as Record<string, unknown>)[call.fn];
    if (typeof fn !== 'function') return null;
    const map = (v: unknown): unknown => {
      if (v instanceof ModuleRef) {
        const now = this.graph.modules.get(v.path);
        if (now === undefined) throw new MissingModule();
        return now;
      }
      if (v === null || typeof v !== 'object') return v;
      if (Array.isArray(v)) return v.map(map);
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, map(x)]));
    };
    try {
      return digest((fn as (...a: unknown[]) => unknown).apply(this.graph, call.args.map(map)));
    } catch {
      return null;
    }
  }
}

class MissingModule extends Error {}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
