// Watch mode: one FlattenSession kept for as long as the inputs are watched. A full run first, then
// every burst of file-system events becomes one rebuild that re-reads only the files named, writes
// only the mirror files whose content changed and deletes those of deleted sources.
//
// Rebuilds never overlap: events that arrive while one runs are batched into a single follow-up.
// A file with a syntax error is reported, but its mirror keeps the last good version. Nothing the
// user does to their files ends watch mode; close() (SIGINT/SIGTERM in the CLI) lets a rebuild in
// flight finish its writes, so no partial file is left.

import { randomBytes } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { watch as chokidarWatch, type FSWatcher } from 'chokidar';
import { removeMirrorFiles, writeMirrorConcurrently, type MirrorWriteResult } from '../emit/mirror.js';
import { formatJson } from '../report/json.js';
import { formatPretty, formatSummary } from '../report/pretty.js';
import { FlattenSession, type RunHooks, type SessionRun } from '../session.js';
import type { Diagnostic, FlattenOptions, FlattenResult } from '../types.js';

/** Files whose change may change what specifiers resolve to. */
const RESOLUTION_FILES = new Set(['tsconfig.json', 'jsconfig.json', 'package.json']);
const SKIPPED_NAMES = new Set(['node_modules', '.git']);

export interface WatchOptions {
  /** What to flatten (cwd, paths, outDir, ...), as for flatten(). */
  options: FlattenOptions;
  /** Asked again when a config file changes; a throw keeps the current options (and is reported). */
  reloadOptions?: () => Promise<FlattenOptions>;
  /** Files whose change reloads the options (the config file). */
  configFiles?: string[];
  /** Quiet period after the last event before a rebuild starts. Default 5 ms: it counts in every save-to-mirror latency, and events that arrive during a rebuild are batched into the next one anyway. */
  debounceMs?: number;
  /** Where the short line per rebuild and the new diagnostics go. Default: nowhere. */
  log?: (text: string) => void;
  /** Colours in the log. */
  color?: boolean;
  /** Only errors and warnings in the log, and no full report for the first build. */
  quiet?: boolean;
  /** Rewritten after every build (atomically), in the given format. */
  reportFile?: { path: string; format: 'json' | 'pretty' };
  /** Diagnostics to add to every result (e.g. failures of the config's resolve()). */
  extraDiagnostics?: () => Diagnostic[];
  /** Called after every build, the first included. */
  onRebuild?: (event: RebuildEvent) => void;
  /** Check every incremental rewrite against the whole one (tests). */
  verify?: boolean;
}

export interface RebuildEvent {
  /** 0 for the first build, then 1, 2, ... */
  seq: number;
  reason: 'initial' | 'change' | 'reload';
  /** Input paths whose events this build handled. */
  paths: string[];
  durationMs: number;
  result: FlattenResult;
  /** Mirror files written (content changed), left alone (same content), removed. */
  written: number;
  unchanged: number;
  removed: number;
  /** Syntax-error files whose last good mirror was kept. */
  kept: string[];
  /** Diagnostics new in this build, and those gone since the previous one. */
  added: Diagnostic[];
  gone: Diagnostic[];
  /** Source files parsed again. */
  parsed: number;
  /** CPU time the build used (user + system), in ms: unlike durationMs, hardly affected by other load. */
  cpuMs: number;
  /** Set when the build failed unexpectedly (the watcher goes on). */
  error?: unknown;
}

export interface Watcher {
  /** Settles once the first build is done and the file system is watched. */
  readonly ready: Promise<RebuildEvent>;
  /** The last finished build. */
  readonly last: RebuildEvent | undefined;
  /**
   * Resolves with the first build that has handled an event for every one of `paths` (or for a
   * directory above it) received after this call. Rejects after `timeoutMs` (default 10 s).
   */
  waitFor(paths: string[], timeoutMs?: number): Promise<RebuildEvent>;
  /** Resolves when no build runs and none is waiting to start. */
  idle(): Promise<void>;
  /** Stops watching; a build in flight finishes (its writes complete) first. */
  close(): Promise<void>;
}

interface Pending {
  paths: Set<string>;
  structure: boolean;
  reset: boolean;
  reload: boolean;
}

/** The mirror files of a build being written (started before the run's use detection). */
interface MirrorWrite {
  /** Settles when every file is in place and the mirrors of deleted sources are gone (rejects only on an internal error). */
  done: Promise<{ written: MirrorWriteResult; removed: number }>;
  /** Syntax-error files whose last good mirror was kept. */
  kept: string[];
}

interface Waiter {
  need: Set<string>;
  /** Only builds that take their events after this batch number count. */
  afterBatch: number;
  resolve: (e: RebuildEvent) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export function watch(watchOptions: WatchOptions): Watcher {
  const log = watchOptions.log ?? (() => undefined);
  const debounceMs = watchOptions.debounceMs ?? 5;
  let options = watchOptions.options;
  let cwd = path.resolve(options.cwd ?? process.cwd());
  let session = new FlattenSession({ ...options, cwd }, { incremental: true, verify: watchOptions.verify });

  let pending: Pending = emptyPending();
  let timer: NodeJS.Timeout | null = null;
  let firstPendingAt = 0;
  let running: Promise<void> | null = null;
  let closed = false;
  let batches = 0;
  let seq = 0;
  let last: RebuildEvent | undefined;
  let previousDiagnostics: Diagnostic[] = [];
  const waiters: Waiter[] = [];
  const idleWaiters: Array<() => void> = [];
  /** Stats seen with the last add/change event of a path, to catch writes chokidar swallows. */
  const rechecks = new Map<string, { stats: Stats | undefined; timer: NodeJS.Timeout }>();

  let watcher: FSWatcher | null = null;

  const outDirAbs = () => path.resolve(cwd, options.outDir ?? 'flat');
  const configFiles = () => new Set((watchOptions.configFiles ?? []).map((f) => path.resolve(cwd, f)));

  function watchedPaths(): string[] {
    const inputs = (options.paths ?? ['src']).map((p) => path.resolve(cwd, p));
    // Only files that exist: chokidar announces `ready` too early when asked to watch a missing path.
    const extras = [...configFiles(), ...[...RESOLUTION_FILES].map((n) => path.join(cwd, n))].filter((f) => existsSync(f));
    return [...new Set([...inputs, ...extras])];
  }

  function isIgnored(p: string): boolean {
    const abs = path.resolve(p);
    if (SKIPPED_NAMES.has(path.basename(abs))) return true;
    const rel = path.relative(outDirAbs(), abs);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  }

  function startWatcher(): Promise<void> {
    const w = chokidarWatch(watchedPaths(), { ignoreInitial: true, ignored: (p: string) => isIgnored(p), persistent: true });
    watcher = w;
    w.on('all', (event, p, stats) => onEvent(event, path.resolve(cwd, p), stats));
    w.on('error', (error) => log(`flatten-classes: watch error: ${messageOf(error)}\n`));
    return new Promise((resolve) => w.once('ready', () => resolve()));
  }

  function onEvent(event: string, abs: string, stats?: Stats): void {
    if (closed) return;
    const base = path.basename(abs);
    if (configFiles().has(abs)) pending.reload = true;
    // What specifiers resolve to may change: discover again, with a new resolver.
    const structural = event === 'add' || event === 'unlink' || event === 'addDir' || event === 'unlinkDir';
    if (structural || RESOLUTION_FILES.has(base) || /^tsconfig\..*json$/.test(base)) pending.structure = true;
    pending.paths.add(abs);
    if (event === 'add' || event === 'change') scheduleRecheck(abs, stats);
    schedule();
  }

  /**
   * chokidar drops a second `change` of a path within 50 ms of the first (and raw events within
   * 5 ms): look at the file again a little later and make up the event if it changed meanwhile.
   */
  function scheduleRecheck(abs: string, stats: Stats | undefined): void {
    const known = rechecks.get(abs);
    if (known) clearTimeout(known.timer);
    const t = setTimeout(() => {
      rechecks.delete(abs);
      if (closed) return;
      let now: Stats | undefined;
      try {
        now = statSync(abs);
      } catch {
        now = undefined;
      }
      if (!now) return; // chokidar reports the unlink itself
      if (!stats || now.mtimeMs !== stats.mtimeMs || now.size !== stats.size || now.ino !== stats.ino) onEvent('change', abs, now);
    }, 75);
    t.unref();
    rechecks.set(abs, { stats, timer: t });
  }

  function schedule(): void {
    if (closed) return;
    const now = Date.now();
    if (!timer) firstPendingAt = now;
    else clearTimeout(timer);
    // A steady stream of events (a long checkout) still gets built every half second.
    const wait = now - firstPendingAt > 500 ? 0 : debounceMs;
    timer = setTimeout(() => {
      timer = null;
      if (!running) running = drain();
    }, wait);
  }

  /** Builds batch after batch until nothing is pending (or a debounce timer will take over). */
  async function drain(initial = false): Promise<void> {
    try {
      if (initial) {
        try {
          await startWatcher();
          resolveReady(await build(emptyPending(), 'initial'));
        } catch (error) {
          rejectReady(error);
          return;
        }
      }
      while (!closed && !timer && hasPending(pending)) {
        const batch = pending;
        pending = emptyPending();
        const batchNo = ++batches;
        const event = await build(batch, batch.reload ? 'reload' : 'change');
        settleWaiters(batch, batchNo, event);
      }
    } finally {
      running = null;
      if (!timer && !hasPending(pending)) for (const w of idleWaiters.splice(0)) w();
    }
  }

  function settleWaiters(batch: Pending, batchNo: number, event: RebuildEvent): void {
    for (const w of [...waiters]) {
      if (w.afterBatch >= batchNo) continue;
      for (const p of [...w.need]) if (covered(p, batch.paths)) w.need.delete(p);
      if (w.need.size === 0) {
        clearTimeout(w.timer);
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(event);
      }
    }
  }

  async function build(batch: Pending, reason: RebuildEvent['reason']): Promise<RebuildEvent> {
    const started = performance.now();
    const cpu = process.cpuUsage();
    // The mirror is written as soon as the run knows it, while the run goes on to the report's use
    // detection: a subclass's mirror is in place before the report is made.
    let mirrorWrite: MirrorWrite | null = null;
    const hooks: RunHooks = { onMirrorKnown: (known) => (mirrorWrite = startMirrorWrite(known, reason)) };
    try {
      let run: SessionRun;
      if (reason === 'reload' && watchOptions.reloadOptions) {
        const before = options;
        try {
          options = await watchOptions.reloadOptions();
          cwd = path.resolve(options.cwd ?? cwd);
          session = new FlattenSession({ ...options, cwd }, { incremental: true, verify: watchOptions.verify });
          if (JSON.stringify(before.paths) !== JSON.stringify(options.paths) || before.outDir !== options.outDir) {
            await watcher?.close();
            await startWatcher();
          }
        } catch (error) {
          log(`flatten-classes: config not reloaded: ${messageOf(error)}\n`);
        }
        run = session.run(undefined, hooks);
      } else if (reason !== 'change' || batch.reset) {
        session.reset();
        run = session.run(undefined, hooks);
      } else {
        run = session.run({ paths: batch.paths, structure: batch.structure }, hooks);
      }
      return await finishBuild(run, batch, reason, started, cpu, mirrorWrite ?? startMirrorWrite({ ...run, diagnostics: run.result.diagnostics }, reason));
    } catch (error) {
      // A write in flight finishes first (close() and the next build must find no partial file).
      await (mirrorWrite as MirrorWrite | null)?.done.catch(() => undefined);
      // An internal error: report it and keep watching; the next change tries again from scratch.
      session.reset();
      log(`flatten-classes: internal error during rebuild (watching goes on): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      const event: RebuildEvent = {
        seq: seq++,
        reason,
        paths: [...batch.paths],
        durationMs: Math.round(performance.now() - started),
        result: last?.result ?? { files: [], classes: [], diagnostics: [], stats: { filesScanned: 0, filesParsed: 0, filesRewritten: 0, classesFlattened: 0, durationMs: 0 } },
        written: 0,
        unchanged: 0,
        removed: 0,
        kept: [],
        added: [],
        gone: [],
        parsed: 0,
        cpuMs: cpuMsSince(cpu),
        error,
      };
      last = event;
      watchOptions.onRebuild?.(event);
      return event;
    }
  }

  /**
   * Starts writing the changed mirror files (a file that does not parse keeps its last good mirror),
   * then removes the mirrors of deleted sources. Nothing is written while discovery reports a config
   * error (`diagnostics` holds every one a run gives: the rest of the run adds none).
   */
  function startMirrorWrite(known: Pick<SessionRun, 'changed' | 'removed' | 'syntaxErrors'> & { diagnostics: Diagnostic[] }, reason: RebuildEvent['reason']): MirrorWrite {
    const kept: string[] = [];
    const extra = watchOptions.extraDiagnostics?.() ?? [];
    const blocked = [...known.diagnostics, ...extra].some((d) => d.category === 'config' && d.severity === 'error');
    if (blocked) return { done: Promise.resolve({ written: { written: 0, unchanged: 0, diagnostics: [] }, removed: 0 }), kept };
    const out = outDirAbs();
    const files = known.changed.filter((f) => {
      if (reason !== 'initial' && known.syntaxErrors.has(f.outRelPath) && existsSync(path.join(out, f.outRelPath))) {
        kept.push(f.outRelPath);
        return false;
      }
      return true;
    });
    const removedPaths = known.removed;
    const done = (async () => {
      const written = await writeMirrorConcurrently(out, files);
      if (removedPaths.length > 0) await removeMirrorFiles(out, removedPaths);
      return { written, removed: removedPaths.length };
    })();
    return { done, kept };
  }

  async function finishBuild(run: SessionRun, batch: Pending, reason: RebuildEvent['reason'], started: number, cpu: NodeJS.CpuUsage, mirrorWrite: MirrorWrite): Promise<RebuildEvent> {
    const diagnostics = [...run.result.diagnostics, ...(watchOptions.extraDiagnostics?.() ?? [])];
    const result: FlattenResult = { ...run.result, diagnostics };

    // Mirror: changed files only (started during the run).
    const { written: res, removed } = await mirrorWrite.done;
    const { written, unchanged } = res;
    const kept = mirrorWrite.kept;
    diagnostics.push(...res.diagnostics);

    if (watchOptions.reportFile) {
      const { path: file, format } = watchOptions.reportFile;
      const text =
        format === 'json'
          ? formatJson(result, { cwd, outDir: options.outDir ?? 'flat' })
          : formatPretty(result, { color: false, cwd, readSource: readSourceIn(cwd), quiet: watchOptions.quiet });
      try {
        await writeFileAtomic(path.resolve(cwd, file), text);
      } catch (error) {
        log(`flatten-classes: cannot write report file ${file}: ${messageOf(error)}\n`);
      }
    }

    const { added, gone } = diffDiagnostics(previousDiagnostics, diagnostics);
    previousDiagnostics = diagnostics;
    const event: RebuildEvent = {
      seq: seq++,
      reason,
      paths: [...batch.paths],
      durationMs: Math.round(performance.now() - started),
      result,
      written,
      unchanged,
      removed,
      kept,
      added,
      gone,
      parsed: run.parsed,
      cpuMs: cpuMsSince(cpu),
    };
    last = event;
    log(describe(event));
    watchOptions.onRebuild?.(event);
    return event;
  }

  function describe(event: RebuildEvent): string {
    const color = watchOptions.color ?? false;
    const readSource = readSourceIn(cwd);
    if (event.reason === 'initial') {
      const full = formatPretty(event.result, { color, cwd, readSource, quiet: watchOptions.quiet });
      const where = (path.relative(cwd, outDirAbs()).split(path.sep).join('/') || '.') + '/';
      return `${full}Wrote ${event.written} ${event.written === 1 ? 'file' : 'files'} to ${where} (${event.unchanged} unchanged). Watching for changes (Ctrl-C to stop).\n`;
    }
    let text = '';
    const shown = watchOptions.quiet ? event.added.filter((d) => d.severity !== 'info') : event.added;
    if (shown.length > 0) {
      const partial: FlattenResult = { ...event.result, diagnostics: shown };
      const pretty = formatPretty(partial, { color, cwd, readSource, quiet: false });
      const summary = `${formatSummary(partial, { color })}\n`;
      text += pretty.endsWith(summary) ? pretty.slice(0, pretty.length - summary.length).replace(/\n+$/, '\n') : pretty;
    }
    const n = event.paths.length;
    const what = n === 1 ? path.relative(cwd, event.paths[0]).split(path.sep).join('/') : `${n} changes`;
    const kept = event.kept.length > 0 ? `, ${event.kept.length} kept (syntax error)` : '';
    text +=
      `[${clock()}] ${what}: rebuilt in ${event.durationMs} ms, ${event.written} ${event.written === 1 ? 'file' : 'files'} written` +
      `${event.removed > 0 ? `, ${event.removed} removed` : ''}${kept}; diagnostics +${event.added.length} -${event.gone.length}\n`;
    return text;
  }

  let resolveReady!: (e: RebuildEvent) => void;
  let rejectReady!: (e: unknown) => void;
  const ready = new Promise<RebuildEvent>((res, rej) => {
    resolveReady = res;
    rejectReady = rej;
  });
  running = drain(true);

  return {
    ready,
    get last() {
      return last;
    },
    waitFor(paths: string[], timeoutMs = 10_000): Promise<RebuildEvent> {
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          need: new Set(paths.map((p) => path.resolve(cwd, p))),
          afterBatch: batches,
          resolve,
          reject,
          timer: setTimeout(() => {
            const i = waiters.indexOf(waiter);
            if (i >= 0) waiters.splice(i, 1);
            reject(new Error(`no rebuild handled ${[...waiter.need].join(', ')} within ${timeoutMs} ms`));
          }, timeoutMs),
        };
        waiters.push(waiter);
      });
    },
    idle(): Promise<void> {
      if (!running && !timer && !hasPending(pending)) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      for (const r of rechecks.values()) clearTimeout(r.timer);
      rechecks.clear();
      await running;
      await watcher?.close();
      for (const w of waiters.splice(0)) {
        clearTimeout(w.timer);
        w.reject(new Error('the watcher was closed'));
      }
      for (const w of idleWaiters.splice(0)) w();
    },
  };
}

function emptyPending(): Pending {
  return { paths: new Set(), structure: false, reset: false, reload: false };
}

function hasPending(p: Pending): boolean {
  return p.paths.size > 0 || p.reload || p.reset;
}

/** An event for `p` itself or for a directory above it. */
function covered(p: string, paths: Set<string>): boolean {
  for (let cur = p; ; ) {
    if (paths.has(cur)) return true;
    const parent = path.dirname(cur);
    if (parent === cur) return false;
    cur = parent;
  }
}

/** Diagnostics in `after` and not in `before`, and the other way round (as multisets). */
function diffDiagnostics(before: Diagnostic[], after: Diagnostic[]): { added: Diagnostic[]; gone: Diagnostic[] } {
  const minus = (a: Diagnostic[], b: Diagnostic[]): Diagnostic[] => {
    const count = new Map<string, number>();
    for (const d of b) {
      const k = JSON.stringify(d);
      count.set(k, (count.get(k) ?? 0) + 1);
    }
    return a.filter((d) => {
      const k = JSON.stringify(d);
      const n = count.get(k) ?? 0;
      if (n === 0) return true;
      count.set(k, n - 1);
      return false;
    });
  };
  return { added: minus(after, before), gone: minus(before, after) };
}

function readSourceIn(cwd: string): (rel: string) => string | undefined {
  return (rel) => {
    try {
      return readFileSync(path.resolve(cwd, rel), 'utf8');
    } catch {
      return undefined;
    }
  };
}

async function writeFileAtomic(file: string, text: string): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fsp.writeFile(tmp, text);
    await fsp.rename(tmp, file);
  } catch (error) {
    await fsp.rm(tmp, { force: true });
    throw error;
  }
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return Math.round((d.user + d.system) / 1000);
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
