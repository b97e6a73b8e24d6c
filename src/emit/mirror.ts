// Writes the mirror directory: rewritten files get their new code, everything else is copied byte for
// byte. Every write is atomic (temporary file + rename), skipped when the target already holds the
// same bytes (so watch mode does not touch unchanged files), and confined to the out dir: a path or a
// symlinked directory that would lead outside it is refused, never followed.
//
// Temporary files are named `.<target name>.<pid>.<12 hex digits>.tmp`, next to their target: a dot
// file with a `.tmp` extension, so a process killed between the write and the rename (SIGKILL, power
// loss) leaves nothing a reader or a later scan could take for a mirror or source file. The next run
// that writes into the directory removes such leftovers once their process is gone.
//
// The file system calls are synchronous, one file after another. On a 3,400-file tree the same calls
// through fs.promises (16 in flight on libuv's thread pool) took 3-4 times longer: each file is
// a handful of small calls, and every one paid a round trip to the pool while the main thread idled.
// The functions stay async, so a caller need not know. Watch mode's writeMirrorConcurrently() is the
// one exception: it makes every temporary file the same way, then lets the renames that put them in
// place run together on libuv's pool (on an ext4 disk a rename over an existing file starts the new
// file's writeback and waits for it: most of a rebuild's write time, one file after another).
//
// A batch run hands the files that are certainly copies to a worker thread while it still rewrites
// (emit/mirror-offload.ts): those are written by the same writeMirrorFile() there, and writeMirror()
// takes their outcomes as if it had written them itself.

import { randomBytes } from 'node:crypto';
import fs, { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, FileResult } from '../types.js';
import type { MirrorOffload } from './mirror-offload.js';
import { mapPathOf } from './source-map.js';

/** The name of a temporary file of writeAtomic: `.<target name>.<pid>.<12 hex digits>.tmp`. */
export const TEMP_FILE_RE = /^\.(.*)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/**
 * A leftover temporary file is removed only when older than this: a write takes milliseconds, so an
 * older one belongs to a process that died, even one another PID namespace would not show us.
 */
export const STALE_TEMP_AGE_MS = 60_000;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface MirrorWriteResult {
  written: number;
  unchanged: number;
  diagnostics: Diagnostic[];
}

export type Outcome = 'written' | 'unchanged' | Diagnostic;

/**
 * `onWritten` is told how many files are done so far, of how many (the CLI's progress line).
 * `offload`: the files handed to it during the run are written there (or taken back here); the result
 * is the same as without.
 */
export async function writeMirror(
  outDirAbs: string,
  files: FileResult[],
  onWritten?: (done: number, total: number) => void,
  offload?: MirrorOffload,
): Promise<MirrorWriteResult> {
  const outDir = path.resolve(outDirAbs);
  const guard = OutDirGuard.open(outDir);
  if (typeof guard === 'string') {
    await offload?.close();
    return { written: 0, unchanged: 0, diagnostics: [writeError('write-failed', outDir, guard)] };
  }
  const outputs = outputsOf(files);
  const outcomes = offload
    ? await offload.finish(outputs, guard, onWritten)
    : outputs.map((file, index) => {
        const outcome = writeMirrorFile(file, guard);
        onWritten?.(index + 1, outputs.length);
        return outcome;
      });
  removeStaleTempFiles(guard.checkedDirectories(), guard);
  return tally(outcomes);
}

/** The files to write: a source map written beside a rewritten file replaces a copied input file of the same name. */
function outputsOf(files: FileResult[]): FileResult[] {
  const maps = new Set(files.filter((f) => f.map !== undefined).map((f) => mapPathOf(f.outRelPath)));
  return maps.size === 0 ? files : files.filter((f) => f.map !== undefined || !maps.has(f.outRelPath));
}

/** Counts and diagnostics of the outcomes, which are in input order (so the diagnostics are too). */
function tally(outcomes: Outcome[]): MirrorWriteResult {
  const result: MirrorWriteResult = { written: 0, unchanged: 0, diagnostics: [] };
  for (const outcome of outcomes) {
    if (outcome === 'written') result.written++;
    else if (outcome === 'unchanged') result.unchanged++;
    else result.diagnostics.push(outcome);
  }
  return result;
}

/**
 * writeMirror() without an offload, for watch mode's few changed files: each file's checks and its
 * temporary file are made here, in order, as writeMirror() makes them; then all the renames run at
 * once on libuv's pool, and this resolves when every file is in place. Each file still appears whole
 * (a rename), and the outcomes and diagnostics are writeMirror()'s, in input order. Never rejects.
 */
export async function writeMirrorConcurrently(outDirAbs: string, files: FileResult[]): Promise<MirrorWriteResult> {
  const outDir = path.resolve(outDirAbs);
  const guard = OutDirGuard.open(outDir);
  if (typeof guard === 'string') return { written: 0, unchanged: 0, diagnostics: [writeError('write-failed', outDir, guard)] };
  const outputs = outputsOf(files);
  const outcomes: Outcome[] = [];
  const pending: Array<Promise<void>> = [];
  outputs.forEach((file, index) => {
    const renames: PendingRename[] = [];
    outcomes.push(writeMirrorFile(file, guard, renames));
    for (const { temp, target } of renames) {
      pending.push(
        fsp.rename(temp, target).catch(async (error: unknown) => {
          await fsp.rm(temp, { force: true }).catch(() => undefined);
          // A file and its map: the first failure is the file's outcome.
          if (typeof outcomes[index] === 'string') outcomes[index] = writeError('write-failed', target, `cannot write "${displayPath(target)}": ${errorMessage(error)}`);
        }),
      );
    }
  });
  await Promise.all(pending);
  removeStaleTempFiles(guard.checkedDirectories(), guard);
  return tally(outcomes);
}

/**
 * Deletes the mirror files of deleted sources (watch mode), then the directories this leaves empty.
 * Best effort: paths outside the out dir, missing files and directories are left alone.
 */
export async function removeMirrorFiles(outDirAbs: string, outRelPaths: string[]): Promise<void> {
  const outDir = path.resolve(outDirAbs);
  const guard = OutDirGuard.open(outDir, false);
  if (typeof guard === 'string') return;
  for (const rel of outRelPaths) {
    const target = guard.target(rel);
    if (target === null || !guard.isContainedDirectory(path.dirname(target))) continue;
    const stat = lstatOrNull(target);
    if (stat === null || stat.isDirectory()) continue;
    attempt(() => fs.unlinkSync(target));
    pruneEmptyDirectories(path.dirname(target), outDir);
  }
}

// ---------------------------------------------------------------------------------------------
// One file

/** Writes the mirror file of one input (and its map): what happened, or why it could not be written. */
export function writeMirrorFile(file: Pick<FileResult, 'absPath' | 'outRelPath' | 'status' | 'code' | 'map'>, guard: OutDirGuard, renames?: PendingRename[]): Outcome {
  const target = guard.target(file.outRelPath);
  if (target === null) {
    return escapeError(file.outRelPath, guard.outDir, `"${file.outRelPath}" is not a path inside the output directory`);
  }
  const dirProblem = guard.ensureDirectory(path.dirname(target));
  if (dirProblem !== null) return escapeError(file.outRelPath, target, dirProblem);

  const content = contentOf(file);
  if (!('data' in content)) return content;
  const outcome = writeTarget(target, content.data, content.mode, renames);
  if (file.map === undefined || typeof outcome !== 'string') return outcome;
  // The map beside it (--source-maps); one outcome for both, as for one file.
  const mapOutcome = writeTarget(mapPathOf(target), Buffer.from(JSON.stringify(file.map)), content.mode, renames);
  return typeof mapOutcome !== 'string' ? mapOutcome : outcome === 'written' || mapOutcome === 'written' ? 'written' : 'unchanged';
}

/** Writes data to target unless it already holds exactly that (with `renames`: its temporary file, the rename is left to the caller). */
function writeTarget(target: string, data: Buffer, mode: number | undefined, renames?: PendingRename[]): Outcome {
  try {
    const existing = lstatOrNull(target);
    if (existing?.isDirectory()) {
      return writeError('write-failed', target, `cannot write "${displayPath(target)}": a directory is in the way`);
    }
    // A symlink at the target is replaced by the rename, never written through.
    if (existing?.isFile() && existing.size === data.length && sameBytes(target, data)) {
      return 'unchanged';
    }
    writeAtomic(target, data, mode, renames);
    return 'written';
  } catch (error) {
    return writeError('write-failed', target, `cannot write "${displayPath(target)}": ${errorMessage(error)}`);
  }
}

/** The bytes to write and the mode to create the file with (the input's, as `cp` does). */
function contentOf(file: Pick<FileResult, 'absPath' | 'status' | 'code'>): { data: Buffer; mode: number | undefined } | Diagnostic {
  let mode: number | undefined;
  try {
    mode = fs.statSync(file.absPath).mode & 0o777;
  } catch {
    mode = undefined; // a rewritten file can still be written without its input
  }
  if (file.status === 'rewritten' && typeof file.code === 'string') {
    // A byte order mark the input starts with stays: decoding the input drops it from the text.
    const bom = !file.code.startsWith('\uFEFF') && startsWithBom(file.absPath);
    const data = Buffer.from(file.code, 'utf8');
    return { data: bom ? Buffer.concat([UTF8_BOM, data]) : data, mode };
  }
  try {
    // Copies are raw bytes: any encoding, BOM or invalid UTF-8 survives unchanged.
    return { data: fs.readFileSync(file.absPath), mode };
  } catch (error) {
    return {
      category: 'parse',
      code: 'read-failed',
      severity: 'error',
      file: displayPath(file.absPath),
      line: 1,
      column: 1,
      message: `cannot read "${displayPath(file.absPath)}": ${errorMessage(error)}; its mirror file was not written.`,
    };
  }
}

function startsWithBom(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(3);
    return fs.readSync(fd, head, 0, 3, 0) === 3 && head.equals(UTF8_BOM);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) attempt(() => fs.closeSync(fd!));
  }
}

function sameBytes(target: string, data: Buffer): boolean {
  try {
    return fs.readFileSync(target).equals(data);
  } catch {
    return false;
  }
}

/** A temporary file written, to be renamed over its target. */
export interface PendingRename {
  temp: string;
  target: string;
}

/** Writes a temporary file next to the target, then renames it over the target (or, with `renames`, lists the rename). */
function writeAtomic(target: string, data: Buffer, mode: number | undefined, renames?: PendingRename[]): void {
  // Long names are shortened so the temporary name stays under the usual 255-byte limit.
  const base = path.basename(target).slice(0, 100);
  const temp = path.join(path.dirname(target), `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': never write through something that appeared at the temporary name.
    fs.writeFileSync(temp, data, { flag: 'wx', mode });
    if (renames) renames.push({ temp, target });
    else fs.renameSync(temp, target);
  } catch (error) {
    attempt(() => fs.rmSync(temp, { force: true }));
    throw error;
  }
}

/**
 * Removes temporary files that killed runs left in `dirs`: only names writeAtomic makes, only when
 * their process is gone and they are older than STALE_TEMP_AGE_MS, never a live write's.
 */
function removeStaleTempFiles(dirs: string[], guard: OutDirGuard): void {
  const now = Date.now();
  for (const dir of dirs) {
    if (!guard.isContainedDirectory(dir)) continue; // checked again: it may have been swapped since
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = TEMP_FILE_RE.exec(name);
      if (match === null || processIsAlive(Number(match[2]))) continue;
      const temp = path.join(dir, name);
      const stat = lstatOrNull(temp);
      if (stat === null || !stat.isFile() || now - stat.mtimeMs < STALE_TEMP_AGE_MS) continue;
      attempt(() => fs.unlinkSync(temp));
    }
  }
}

function processIsAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is just not ours to signal.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function pruneEmptyDirectories(dir: string, outDir: string): void {
  let current = dir;
  while (current !== outDir && isInside(outDir, current)) {
    const stat = lstatOrNull(current);
    if (stat === null || !stat.isDirectory()) return; // a symlink is not ours to remove
    try {
      fs.rmdirSync(current); // fails unless empty
    } catch {
      return;
    }
    current = path.dirname(current);
  }
}

// ---------------------------------------------------------------------------------------------
// Containment

/** A directory of the out dir as checked: its real path, or why it cannot be written into. */
type DirCheck = { ok: true; real: string } | { ok: false; problem: string };

export class OutDirGuard {
  /** Directories checked (and created) so far. */
  private readonly directories = new Map<string, DirCheck>();

  private constructor(
    readonly outDir: string,
    private readonly outReal: string,
  ) {}

  /** Creates the out dir if needed (when `create`); returns the reason as a string when it is unusable. */
  static open(outDir: string, create = true): OutDirGuard | string {
    try {
      if (create) fs.mkdirSync(outDir, { recursive: true });
      return new OutDirGuard(outDir, fs.realpathSync(outDir));
    } catch (error) {
      return `cannot use the output directory "${displayPath(outDir)}": ${errorMessage(error)}`;
    }
  }

  /** Absolute target of a mirror path, or null when the path is not strictly inside the out dir. */
  target(outRelPath: string): string | null {
    if (outRelPath === '' || outRelPath.includes('\0') || path.isAbsolute(outRelPath) || path.win32.isAbsolute(outRelPath)) {
      return null;
    }
    const target = path.resolve(this.outDir, outRelPath);
    return target !== this.outDir && isInside(this.outDir, target) ? target : null;
  }

  /**
   * Makes sure `dir` is a directory whose real path lies in the out dir, creating it if missing.
   * Parents are checked first, so nothing is ever created through a link that leads outside.
   * Returns null when it is, else why not.
   */
  ensureDirectory(dir: string): string | null {
    const check = this.check(dir);
    return check.ok ? null : check.problem;
  }

  private check(dir: string): DirCheck {
    if (dir === this.outDir) return { ok: true, real: this.outReal };
    let known = this.directories.get(dir);
    if (known === undefined) {
      known = this.checkDirectory(dir);
      this.directories.set(dir, known);
    }
    return known;
  }

  private checkDirectory(dir: string): DirCheck {
    const parent = this.check(path.dirname(dir));
    if (!parent.ok) return parent;
    // A directory this creates, or finds as a directory that is not a link, lies where its parent
    // does: its real path is the parent's plus its name, no need to ask the file system (resolving
    // every directory of a deep tree would be quadratic). Only a link is resolved and checked.
    const own: DirCheck = { ok: true, real: path.join(parent.real, path.basename(dir)) };
    try {
      fs.mkdirSync(dir);
      return own;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        return { ok: false, problem: `cannot create "${displayPath(dir)}": ${errorMessage(error)}` };
      }
    }
    const stat = lstatOrNull(dir);
    if (stat?.isDirectory()) return own;
    return this.resolveAndCheck(dir);
  }

  /** The out dir and every directory found usable (real path inside the out dir) so far. */
  checkedDirectories(): string[] {
    const usable = [this.outDir];
    for (const [dir, check] of this.directories) if (check.ok) usable.push(dir);
    return usable;
  }

  /** For removal: `dir` exists and resolves inside the out dir. Creates nothing. */
  isContainedDirectory(dir: string): boolean {
    return this.resolveAndCheck(dir).ok;
  }

  private resolveAndCheck(dir: string): DirCheck {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (error) {
      return { ok: false, problem: `cannot resolve "${displayPath(dir)}": ${errorMessage(error)}` };
    }
    if (!isInside(this.outReal, real)) {
      return { ok: false, problem: `"${displayPath(dir)}" leads outside the output directory (to "${real}"), probably through a symbolic link` };
    }
    const stat = fs.statSync(real, { throwIfNoEntry: false });
    return stat?.isDirectory() ? { ok: true, real } : { ok: false, problem: `"${displayPath(dir)}" is not a directory` };
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Runs a clean-up step whose failure changes nothing (the file is gone already, or stays harmlessly). */
function attempt(step: () => void): void {
  try {
    step();
  } catch {
    // best effort
  }
}

/** True when `child` is `parent` or inside it. */
function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  if (rel === '') return true;
  return !path.isAbsolute(rel) && rel !== '..' && !rel.startsWith('..' + path.sep);
}

function lstatOrNull(p: string): fs.Stats | null {
  try {
    return fs.lstatSync(p);
  } catch {
    return null;
  }
}

function escapeError(outRelPath: string, where: string, reason: string): Diagnostic {
  return {
    category: 'config',
    code: 'out-dir-escape',
    severity: 'error',
    file: displayPath(where),
    line: 1,
    column: 1,
    message: `Refusing to write "${outRelPath}": ${reason}.`,
    hint: 'Remove the symbolic link from the output directory, or choose another --out-dir.',
  };
}

function writeError(code: string, where: string, message: string): Diagnostic {
  return { category: 'config', code, severity: 'error', file: displayPath(where), line: 1, column: 1, message };
}

/** Relative to the current directory with `/` separators, as diagnostics want. */
function displayPath(abs: string): string {
  const rel = path.relative(process.cwd(), abs);
  return (path.sep === '/' ? rel : rel.split(path.sep).join('/')) || '.';
}

function errorMessage(error: unknown): string {
  const err = error as NodeJS.ErrnoException | null;
  if (err && typeof err.code === 'string') return err.code;
  return error instanceof Error ? error.message : String(error);
}
