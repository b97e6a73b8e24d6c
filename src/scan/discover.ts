// Discovery: turns the path arguments into the list of files to mirror, each with its place in the
// out dir. Directory arguments map their contents onto the out dir root the way
// `babel src --out-dir lib` does; file arguments keep their path relative to the cwd.

import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { Diagnostic, SourceFile } from '../types.js';

export interface DiscoverOptions {
  paths: string[];
  outDir: string;
  extensions: string[];
  ignore: string[];
  copyFiles: boolean;
  cwd: string;
}

export interface DiscoverResult {
  files: SourceFile[];
  diagnostics: Diagnostic[];
  /** True when the run must stop (missing input, out dir that would overwrite inputs). */
  fatal: boolean;
}

/** Directory (or file) names never scanned, wherever they appear. A `.git` file marks a worktree. */
const SKIPPED_NAMES = new Set(['node_modules', '.git']);

/** `.d.ts`, `.d.mts`, `.d.cts` and TypeScript's arbitrary-extension declarations such as `foo.d.css.ts`. */
const DECLARATION_RE = /\.d\.(?:[mc]?ts|[^./\\]+\.ts)$/;

interface Input {
  arg: string;
  abs: string;
  isDir: boolean;
}

/** A file found by the walk, before duplicates are removed. */
interface Candidate extends SourceFile {
  /** Path relative to the cwd, for diagnostics. */
  displayPath: string;
}

/** A symlinked directory whose walk is deferred until every real directory has been walked. */
interface PendingLink {
  logicalPath: string;
  realPath: string;
  root: string;
}

export function discoverFiles(opts: DiscoverOptions): DiscoverResult {
  const cwd = path.resolve(opts.cwd);
  const outDirAbs = path.resolve(cwd, opts.outDir);
  const ctx: WalkContext = {
    cwd,
    outDirAbs,
    outDirReal: realpathOfMaybeMissing(outDirAbs),
    extensions: opts.extensions,
    copyFiles: opts.copyFiles,
    isIgnored: makeIgnoreMatcher(opts.ignore),
    diagnostics: [],
    candidates: [],
    walkedReal: new Set(),
    pendingLinks: [],
  };

  const inputs = checkInputs(opts.paths, ctx);
  if (inputs === null) return { files: [], diagnostics: ctx.diagnostics, fatal: true };

  for (const input of inputs) {
    if (input.isDir) walkDirectory(input.abs, input.abs, ctx);
    else addExplicitFile(input, ctx);
  }
  followPendingLinks(ctx);

  return { files: dedupeAndSort(ctx), diagnostics: ctx.diagnostics, fatal: false };
}

interface WalkContext {
  cwd: string;
  outDirAbs: string;
  outDirReal: string;
  extensions: string[];
  copyFiles: boolean;
  /** Null without ignore patterns (the walk then computes no cwd-relative path per entry). */
  isIgnored: ((relToCwd: string) => boolean) | null;
  diagnostics: Diagnostic[];
  candidates: Candidate[];
  /** Real paths of every directory walked so far: a symlink to one of them is not followed again. */
  walkedReal: Set<string>;
  pendingLinks: PendingLink[];
}

// ---------------------------------------------------------------------------------------------
// Input validation

/** Stats every input and checks it against the out dir. Returns null when the run must stop. */
function checkInputs(paths: string[], ctx: WalkContext): Input[] | null {
  const inputs: Input[] = [];
  let fatal = false;
  for (const arg of paths) {
    const abs = path.resolve(ctx.cwd, arg);
    const display = displayPath(ctx.cwd, abs);
    const stat = statOrNull(abs);
    if (stat === null) {
      ctx.diagnostics.push(configDiagnostic('error', 'path-not-found', display, `Input path "${arg}" does not exist.`));
      fatal = true;
      continue;
    }
    if (!stat.isDirectory() && !stat.isFile()) {
      ctx.diagnostics.push(
        configDiagnostic('error', 'unsupported-path', display, `Input path "${arg}" is neither a file nor a directory.`),
      );
      fatal = true;
      continue;
    }
    // An out dir equal to or above an input would have the mirror overwrite its own inputs. Compare
    // both the paths as written and the real paths, so a symlink cannot hide the overlap.
    if (isWithin(ctx.outDirAbs, abs) || isWithin(ctx.outDirReal, realpathOfMaybeMissing(abs))) {
      ctx.diagnostics.push(outDirOverlap(arg, display, ctx));
      fatal = true;
      continue;
    }
    inputs.push({ arg, abs, isDir: stat.isDirectory() });
  }
  return fatal ? null : inputs;
}

function outDirOverlap(arg: string, display: string, ctx: WalkContext): Diagnostic {
  const outDisplay = displayPath(ctx.cwd, ctx.outDirAbs);
  const abs = path.resolve(ctx.cwd, arg);
  const how = ctx.outDirAbs === abs || ctx.outDirReal === realpathOfMaybeMissing(abs) ? 'is the same as' : 'contains';
  return {
    ...configDiagnostic(
      'error',
      'out-dir-overlaps-input',
      display,
      `The output directory "${outDisplay}" ${how} the input "${arg}"; writing the mirror would overwrite the inputs.`,
    ),
    hint: 'Choose an --out-dir that is outside the inputs (an out dir inside an input directory is fine).',
  };
}

// ---------------------------------------------------------------------------------------------
// Walking

/**
 * Walks a directory tree depth first, entries in code-unit order, with an explicit stack instead of
 * recursion, so a tree of any depth is walked without exhausting the call stack.
 */
function walkDirectory(dirPath: string, root: string, ctx: WalkContext, real = realpathOrNull(dirPath)): void {
  // Entries still to visit, the next one last: the same pre-order a recursive walk gives.
  const pending: Entry[] = [{ fullPath: dirPath, type: 'dir', real }];
  while (pending.length > 0) {
    const { fullPath, type, real } = pending.pop()!;
    if (type === 'file') addWalkedFile(fullPath, root, ctx);
    else if (type === 'symlink') visitSymlink(fullPath, root, ctx);
    else {
      const entries = listDirectory(fullPath, real, ctx);
      for (let i = entries.length - 1; i >= 0; i--) pending.push(entries[i]!);
    }
  }
}

interface Entry {
  fullPath: string;
  type: 'dir' | 'file' | 'symlink';
  /** For a directory: its real path when known (null: unknown or unresolvable). */
  real: string | null;
}

/**
 * The entries of one directory worth visiting, sorted, with their types; [] when it is skipped.
 * `real` is the directory's real path: a subdirectory that is not a link gets its own by appending its
 * name, so the walk never asks the file system to resolve a path (slow on deep trees).
 */
function listDirectory(dirPath: string, real: string | null, ctx: WalkContext): Entry[] {
  if (real !== null) {
    if (isWithin(ctx.outDirReal, real)) return [];
    ctx.walkedReal.add(real);
  }
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dirPath, { withFileTypes: true });
  } catch (error) {
    ctx.diagnostics.push(
      configDiagnostic(
        'warning',
        'unreadable-directory',
        displayPath(ctx.cwd, dirPath),
        `Cannot read directory "${displayPath(ctx.cwd, dirPath)}": ${errorMessage(error)}; it is skipped.`,
      ),
    );
    return [];
  }
  // Sorting makes the result (and which of two colliding files wins) independent of readdir order.
  entries.sort((a, b) => compareStrings(a.name, b.name));
  const out: Entry[] = [];
  for (const entry of entries) {
    const fullPath = path.join(dirPath, entry.name);
    if (SKIPPED_NAMES.has(entry.name) || isWithin(ctx.outDirAbs, fullPath)) continue;
    if (ctx.isIgnored?.(displayPath(ctx.cwd, fullPath))) continue;
    const type = entryType(fullPath, entry);
    if (type === 'other') continue;
    out.push({ fullPath, type, real: type === 'dir' ? (real !== null ? path.join(real, entry.name) : realpathOrNull(fullPath)) : null });
  }
  return out;
}

function entryType(fullPath: string, entry: fs.Dirent): 'dir' | 'file' | 'symlink' | 'other' {
  if (entry.isSymbolicLink()) return 'symlink';
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (entry.isBlockDevice() || entry.isCharacterDevice() || entry.isFIFO() || entry.isSocket()) return 'other';
  // Some file systems do not report the type in readdir: ask lstat.
  const stat = lstatOrNull(fullPath);
  if (stat === null) return 'other';
  if (stat.isSymbolicLink()) return 'symlink';
  if (stat.isDirectory()) return 'dir';
  return stat.isFile() ? 'file' : 'other';
}

function visitSymlink(linkPath: string, root: string, ctx: WalkContext): void {
  const stat = statOrNull(linkPath);
  const real = realpathOrNull(linkPath);
  if (stat === null || real === null) {
    const display = displayPath(ctx.cwd, linkPath);
    ctx.diagnostics.push(
      configDiagnostic('warning', 'broken-symlink', display, `Symbolic link "${display}" points nowhere; it is skipped.`),
    );
    return;
  }
  // Never read our own output back in, whichever way a link reaches it.
  if (isWithin(ctx.outDirReal, real)) return;
  if (stat.isFile()) addWalkedFile(linkPath, root, ctx);
  else if (stat.isDirectory()) ctx.pendingLinks.push({ logicalPath: linkPath, realPath: real, root });
}

/**
 * Symlinked directories are walked after all real directories, so a directory reachable both
 * directly and through a link is mirrored at its real place, and a link back to an ancestor (a
 * cycle) finds its target already walked and is skipped.
 */
function followPendingLinks(ctx: WalkContext): void {
  // Links found while following a link are appended to the same queue.
  for (let i = 0; i < ctx.pendingLinks.length; i++) {
    const link = ctx.pendingLinks[i];
    if (ctx.walkedReal.has(link.realPath)) continue;
    walkDirectory(link.logicalPath, link.root, ctx, link.realPath);
  }
}

function addWalkedFile(fullPath: string, root: string, ctx: WalkContext): void {
  const kind = classify(path.basename(fullPath), ctx);
  if (kind === null) return;
  ctx.candidates.push({
    absPath: fullPath,
    outRelPath: toPosix(below(root, fullPath) ?? path.relative(root, fullPath)),
    kind,
    displayPath: displayPath(ctx.cwd, fullPath),
  });
}

/** A file named on the command line keeps its cwd-relative path in the out dir. */
function addExplicitFile(input: Input, ctx: WalkContext): void {
  const display = displayPath(ctx.cwd, input.abs);
  if (ctx.isIgnored?.(display)) return;
  // The user named it, so it is mirrored even when it is not a source file and --copy-files is off.
  const kind = classify(path.basename(input.abs), ctx) ?? 'asset';
  let outRelPath = display;
  if (!isWithin(ctx.cwd, input.abs)) {
    // `../x.js` would land outside the out dir: mirror the file at the out dir root instead.
    outRelPath = path.basename(input.abs);
    ctx.diagnostics.push(
      configDiagnostic(
        'warning',
        'input-outside-cwd',
        display,
        `Input file "${input.arg}" is outside the current directory; it is mirrored as "${outRelPath}".`,
      ),
    );
  }
  ctx.candidates.push({ absPath: input.abs, outRelPath, kind, displayPath: display });
}

function classify(name: string, ctx: WalkContext): SourceFile['kind'] | null {
  const isSource = ctx.extensions.some((ext) => name.length > ext.length && name.endsWith(ext));
  if (isSource) return DECLARATION_RE.test(name) ? 'declaration' : 'source';
  return ctx.copyFiles ? 'asset' : null;
}

/** Keeps the first of several inputs mapping to the same mirror path, then sorts by that path. */
function dedupeAndSort(ctx: WalkContext): SourceFile[] {
  const byOutPath = new Map<string, Candidate>();
  for (const candidate of ctx.candidates) {
    const first = byOutPath.get(candidate.outRelPath);
    if (first === undefined) {
      byOutPath.set(candidate.outRelPath, candidate);
      continue;
    }
    if (first.absPath === candidate.absPath) continue; // the same file named twice
    ctx.diagnostics.push({
      ...configDiagnostic(
        'warning',
        'duplicate-output-path',
        candidate.displayPath,
        `"${candidate.displayPath}" and "${first.displayPath}" both map to "${candidate.outRelPath}" in the out dir; only "${first.displayPath}" is mirrored.`,
      ),
      hint: 'Pass the directories so that their contents do not overlap, or ignore one of the files.',
    });
  }
  return [...byOutPath.values()]
    .sort((a, b) => compareStrings(a.outRelPath, b.outRelPath))
    .map(({ absPath, outRelPath, kind }) => ({ absPath, outRelPath, kind }));
}

// ---------------------------------------------------------------------------------------------
// Helpers

function makeIgnoreMatcher(patterns: string[]): ((relToCwd: string) => boolean) | null {
  // `./src/x/**` and `src/x/` are common spellings of `src/x/**` / `src/x`.
  const cleaned = patterns
    .map((p) => p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, ''))
    .filter((p) => p.length > 0);
  if (cleaned.length === 0) return null;
  return picomatch(cleaned, { dot: true });
}

/** True when `child` is `parent` or lies inside it. */
function isWithin(parent: string, child: string): boolean {
  if (below(parent, child) !== null) return true;
  const rel = path.relative(parent, child);
  if (rel === '') return true;
  if (path.isAbsolute(rel)) return false; // another drive on Windows
  // `..foo` is a name inside the parent; only `..` and `../x` leave it.
  return rel !== '..' && !rel.startsWith('..' + path.sep);
}

/** Real path of a path that may not exist yet: the real path of its nearest existing ancestor, plus the rest. */
function realpathOfMaybeMissing(abs: string): string {
  const missing: string[] = [];
  let current = abs;
  for (;;) {
    const real = realpathOrNull(current);
    if (real !== null) return path.join(real, ...missing.reverse());
    const parent = path.dirname(current);
    if (parent === current) return abs;
    missing.push(path.basename(current));
    current = parent;
  }
}

function realpathOrNull(p: string): string | null {
  try {
    // One realpath(3) call; the JavaScript fs.realpathSync lstats every component of the path, which
    // is quadratic over a deep directory tree.
    return fs.realpathSync.native(p);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return null;
    try {
      return fs.realpathSync(p); // e.g. ENAMETOOLONG: the JavaScript version has no PATH_MAX limit
    } catch {
      return null;
    }
  }
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}

function displayPath(cwd: string, abs: string): string {
  return toPosix(below(cwd, abs) ?? path.relative(cwd, abs)) || '.';
}

/**
 * `path.relative(parent, child)` when `child` is `parent` or lies inside it by its spelling, else null
 * (then ask path.relative). Both must be absolute and normalized, as every path of the walk is
 * (path.resolve, then path.join of entry names). The walk asks this several times per entry, and
 * path.relative, which resolves both paths again, was most of a discovery's time (0.5 s of babylon's
 * 6,775 files). Only on POSIX: Windows compares paths without case.
 */
function below(parent: string, child: string): string | null {
  if (path.sep !== '/' || !child.startsWith(parent)) return null;
  if (child.length === parent.length) return '';
  if (parent.endsWith('/')) return child.slice(parent.length);
  return child.charCodeAt(parent.length) === 47 /* '/' */ ? child.slice(parent.length + 1) : null;
}

function toPosix(p: string): string {
  return path.sep === '/' ? p : p.split(path.sep).join('/');
}

/** Plain code-unit order: the same on every machine and locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function configDiagnostic(severity: Diagnostic['severity'], code: string, file: string, message: string): Diagnostic {
  return { category: 'config', code, severity, file, line: 1, column: 1, message };
}

function errorMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code ?? (error instanceof Error ? error.message : String(error));
}
