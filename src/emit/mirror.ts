// Writes the mirror directory: rewritten files get their new code, everything else is copied byte for
// byte. Every write is atomic (temporary file + rename), skipped when the target already holds the
// same bytes (so watch mode does not touch unchanged files), and confined to the out dir: a path or a
// symlinked directory that would lead outside it is refused, never followed.
//
// Temporary files are named `.<target name>.<pid>.<12 hex digits>.tmp`, next to their target: a dot
// file with a `.tmp` extension, so a process killed between the write and the rename (SIGKILL, power
// loss) leaves nothing a reader or a later scan could take for a mirror or source file. The next run
// that writes into the directory removes such leftovers once their process is gone.

import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, FileResult } from '../types.js';
import { mapPathOf } from './source-map.js';

/** Enough parallelism to keep the disk busy without running out of file descriptors. */
const MAX_CONCURRENT_WRITES = 16;

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

type Outcome = 'written' | 'unchanged' | Diagnostic;

/** `onWritten` is told how many files are done so far, of how many (the CLI's progress line). */
export async function writeMirror(outDirAbs: string, files: FileResult[], onWritten?: (done: number, total: number) => void): Promise<MirrorWriteResult> {
  const outDir = path.resolve(outDirAbs);
  const guard = await OutDirGuard.open(outDir);
  if (typeof guard === 'string') {
    return { written: 0, unchanged: 0, diagnostics: [writeError('write-failed', outDir, guard)] };
  }
  // A source map written beside a rewritten file replaces a copied input file of the same name.
  const maps = new Set(files.filter((f) => f.map !== undefined).map((f) => mapPathOf(f.outRelPath)));
  const outputs = maps.size === 0 ? files : files.filter((f) => f.map !== undefined || !maps.has(f.outRelPath));
  let done = 0;
  const outcomes = await mapLimited(outputs, MAX_CONCURRENT_WRITES, async (file) => {
    const outcome = await writeOne(file, guard);
    onWritten?.(++done, outputs.length);
    return outcome;
  });
  await removeStaleTempFiles(await guard.checkedDirectories(), guard);

  const result: MirrorWriteResult = { written: 0, unchanged: 0, diagnostics: [] };
  // Outcomes are in input order, so the diagnostics are too, whatever order the writes finished in.
  for (const outcome of outcomes) {
    if (outcome === 'written') result.written++;
    else if (outcome === 'unchanged') result.unchanged++;
    else result.diagnostics.push(outcome);
  }
  return result;
}

/**
 * Deletes the mirror files of deleted sources (watch mode), then the directories this leaves empty.
 * Best effort: paths outside the out dir, missing files and directories are left alone.
 */
export async function removeMirrorFiles(outDirAbs: string, outRelPaths: string[]): Promise<void> {
  const outDir = path.resolve(outDirAbs);
  const guard = await OutDirGuard.open(outDir, false);
  if (typeof guard === 'string') return;
  await mapLimited(outRelPaths, MAX_CONCURRENT_WRITES, async (rel) => {
    const target = guard.target(rel);
    if (target === null || !(await guard.isContainedDirectory(path.dirname(target)))) return;
    const stat = await lstatOrNull(target);
    if (stat === null || stat.isDirectory()) return;
    await fsp.unlink(target).catch(() => undefined);
    await pruneEmptyDirectories(path.dirname(target), outDir);
  });
}

// ---------------------------------------------------------------------------------------------
// One file

async function writeOne(file: FileResult, guard: OutDirGuard): Promise<Outcome> {
  const target = guard.target(file.outRelPath);
  if (target === null) {
    return escapeError(file.outRelPath, guard.outDir, `"${file.outRelPath}" is not a path inside the output directory`);
  }
  const dirProblem = await guard.ensureDirectory(path.dirname(target));
  if (dirProblem !== null) return escapeError(file.outRelPath, target, dirProblem);

  const content = await contentOf(file);
  if (!('data' in content)) return content;
  const outcome = await writeTarget(target, content.data, content.mode);
  if (file.map === undefined || typeof outcome !== 'string') return outcome;
  // The map beside it (--source-maps); one outcome for both, as for one file.
  const mapOutcome = await writeTarget(mapPathOf(target), Buffer.from(JSON.stringify(file.map)), content.mode);
  return typeof mapOutcome !== 'string' ? mapOutcome : outcome === 'written' || mapOutcome === 'written' ? 'written' : 'unchanged';
}

/** Writes data to target unless it already holds exactly that. */
async function writeTarget(target: string, data: Buffer, mode: number | undefined): Promise<Outcome> {
  try {
    const existing = await lstatOrNull(target);
    if (existing?.isDirectory()) {
      return writeError('write-failed', target, `cannot write "${displayPath(target)}": a directory is in the way`);
    }
    // A symlink at the target is replaced by the rename, never written through.
    if (existing?.isFile() && existing.size === data.length && (await sameBytes(target, data))) {
      return 'unchanged';
    }
    await writeAtomic(target, data, mode);
    return 'written';
  } catch (error) {
    return writeError('write-failed', target, `cannot write "${displayPath(target)}": ${errorMessage(error)}`);
  }
}

/** The bytes to write and the mode to create the file with (the input's, as `cp` does). */
async function contentOf(file: FileResult): Promise<{ data: Buffer; mode: number | undefined } | Diagnostic> {
  let mode: number | undefined;
  try {
    mode = (await fsp.stat(file.absPath)).mode & 0o777;
  } catch {
    mode = undefined; // a rewritten file can still be written without its input
  }
  if (file.status === 'rewritten' && typeof file.code === 'string') {
    // A byte order mark the input starts with stays: decoding the input drops it from the text.
    const bom = !file.code.startsWith('\uFEFF') && (await startsWithBom(file.absPath));
    const data = Buffer.from(file.code, 'utf8');
    return { data: bom ? Buffer.concat([UTF8_BOM, data]) : data, mode };
  }
  try {
    // Copies are raw bytes: any encoding, BOM or invalid UTF-8 survives unchanged.
    return { data: await fsp.readFile(file.absPath), mode };
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

async function startsWithBom(file: string): Promise<boolean> {
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(file, 'r');
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    return bytesRead === 3 && head.equals(UTF8_BOM);
  } catch {
    return false;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

async function sameBytes(target: string, data: Buffer): Promise<boolean> {
  try {
    return (await fsp.readFile(target)).equals(data);
  } catch {
    return false;
  }
}

/** Writes a temporary file next to the target, then renames it over the target. */
async function writeAtomic(target: string, data: Buffer, mode: number | undefined): Promise<void> {
  // Long names are shortened so the temporary name stays under the usual 255-byte limit.
  const base = path.basename(target).slice(0, 100);
  const temp = path.join(path.dirname(target), `.${base}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // 'wx': never write through something that appeared at the temporary name.
    await fsp.writeFile(temp, data, { flag: 'wx', mode });
    await fsp.rename(temp, target);
  } catch (error) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Removes temporary files that killed runs left in `dirs`: only names writeAtomic makes, only when
 * their process is gone and they are older than STALE_TEMP_AGE_MS, never a live write's.
 */
async function removeStaleTempFiles(dirs: string[], guard: OutDirGuard): Promise<void> {
  const now = Date.now();
  await mapLimited(dirs, MAX_CONCURRENT_WRITES, async (dir) => {
    if (!(await guard.isContainedDirectory(dir))) return; // checked again: it may have been swapped since
    let names: string[];
    try {
      names = await fsp.readdir(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const match = TEMP_FILE_RE.exec(name);
      if (match === null || processIsAlive(Number(match[2]))) continue;
      const temp = path.join(dir, name);
      const stat = await lstatOrNull(temp);
      if (stat === null || !stat.isFile() || now - stat.mtimeMs < STALE_TEMP_AGE_MS) continue;
      await fsp.unlink(temp).catch(() => undefined);
    }
  });
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

async function pruneEmptyDirectories(dir: string, outDir: string): Promise<void> {
  let current = dir;
  while (current !== outDir && isInside(outDir, current)) {
    const stat = await lstatOrNull(current);
    if (stat === null || !stat.isDirectory()) return; // a symlink is not ours to remove
    try {
      await fsp.rmdir(current); // fails unless empty
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

class OutDirGuard {
  /** Directories checked (and created) so far, shared by concurrent writes. */
  private readonly directories = new Map<string, Promise<DirCheck>>();

  private constructor(
    readonly outDir: string,
    private readonly outReal: string,
  ) {}

  /** Creates the out dir if needed (when `create`); returns the reason as a string when it is unusable. */
  static async open(outDir: string, create = true): Promise<OutDirGuard | string> {
    try {
      if (create) await fsp.mkdir(outDir, { recursive: true });
      return new OutDirGuard(outDir, await fsp.realpath(outDir));
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
  async ensureDirectory(dir: string): Promise<string | null> {
    const check = await this.check(dir);
    return check.ok ? null : check.problem;
  }

  private check(dir: string): Promise<DirCheck> {
    if (dir === this.outDir) return Promise.resolve({ ok: true, real: this.outReal });
    let pending = this.directories.get(dir);
    if (pending === undefined) {
      pending = this.checkDirectory(dir);
      this.directories.set(dir, pending);
    }
    return pending;
  }

  private async checkDirectory(dir: string): Promise<DirCheck> {
    const parent = await this.check(path.dirname(dir));
    if (!parent.ok) return parent;
    // A directory this creates, or finds as a directory that is not a link, lies where its parent
    // does: its real path is the parent's plus its name, no need to ask the file system (resolving
    // every directory of a deep tree would be quadratic). Only a link is resolved and checked.
    const own: DirCheck = { ok: true, real: path.join(parent.real, path.basename(dir)) };
    try {
      await fsp.mkdir(dir);
      return own;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        return { ok: false, problem: `cannot create "${displayPath(dir)}": ${errorMessage(error)}` };
      }
    }
    const stat = await lstatOrNull(dir);
    if (stat?.isDirectory()) return own;
    return this.resolveAndCheck(dir);
  }

  /** The out dir and every directory found usable (real path inside the out dir) so far. */
  async checkedDirectories(): Promise<string[]> {
    const usable = [this.outDir];
    for (const [dir, check] of this.directories) if ((await check).ok) usable.push(dir);
    return usable;
  }

  /** For removal: `dir` exists and resolves inside the out dir. Creates nothing. */
  async isContainedDirectory(dir: string): Promise<boolean> {
    return (await this.resolveAndCheck(dir)).ok;
  }

  private async resolveAndCheck(dir: string): Promise<DirCheck> {
    let real: string;
    try {
      real = await fsp.realpath(dir);
    } catch (error) {
      return { ok: false, problem: `cannot resolve "${displayPath(dir)}": ${errorMessage(error)}` };
    }
    if (!isInside(this.outReal, real)) {
      return { ok: false, problem: `"${displayPath(dir)}" leads outside the output directory (to "${real}"), probably through a symbolic link` };
    }
    const stat = await fsp.stat(real).catch(() => null);
    return stat?.isDirectory() ? { ok: true, real } : { ok: false, problem: `"${displayPath(dir)}" is not a directory` };
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Runs `fn` over `items` with at most `limit` calls in flight; results keep the input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** True when `child` is `parent` or inside it. */
function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  if (rel === '') return true;
  return !path.isAbsolute(rel) && rel !== '..' && !rel.startsWith('..' + path.sep);
}

async function lstatOrNull(p: string) {
  return fsp.lstat(p).catch(() => null);
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
