// --in-place (rewrite the scanned files themselves), --dry-run (print the diff instead) and the
// "what would change" list that --check prints.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, FileResult } from '../../types.js';
import { unifiedDiff } from '../diff.js';
import { visible } from '../../report/visible.js';
import { posix } from './common.js';

export type GitCheck = { ok: true } | { ok: false; message: string };

/**
 * In-place rewriting needs a way back: the inputs must be inside a git work tree with nothing
 * uncommitted or untracked (`git status --porcelain -- <inputs>` prints nothing).
 */
export function checkGitClean(inputs: string[], cwd: string): GitCheck {
  const run = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...inputs], { cwd, encoding: 'utf8' });
  if (run.error) {
    return { ok: false, message: `cannot run git (${run.error.message}); --in-place needs git to check that the inputs are committed (use --force to rewrite anyway)` };
  }
  if (run.status !== 0) {
    const why = (run.stderr || '').split('\n').find((l) => l.trim() !== '')?.replace(/^fatal:\s*/, '') ?? `git exited with ${run.status}`;
    return { ok: false, message: `the inputs are not in a git work tree (${why}); nothing could undo an in-place rewrite (use --force to rewrite anyway)` };
  }
  const dirty = run.stdout.split('\n').filter((l) => l.trim() !== '');
  if (dirty.length === 0) return { ok: true };
  const shown = dirty.slice(0, 10).map((l) => `    ${l}`);
  if (dirty.length > 10) shown.push(`    … and ${dirty.length - 10} more`);
  return {
    ok: false,
    message: `the git work tree has uncommitted changes in the inputs; commit or stash them first (or use --force):\n${shown.join('\n')}`,
  };
}

/** Source files whose content the rewrite changes. */
export function rewrittenFiles(files: readonly FileResult[]): FileResult[] {
  return files.filter((f) => f.kind === 'source' && f.status === 'rewritten' && f.code !== undefined);
}

/**
 * Writes each rewritten file over its input (temporary file + rename, permission bits kept). Only files
 * the scan produced are touched; a file that cannot be written becomes a `config/write-failed` error.
 */
export function writeInPlace(files: readonly FileResult[], cwd: string): { written: number; diagnostics: Diagnostic[] } {
  let written = 0;
  const diagnostics: Diagnostic[] = [];
  for (const f of rewrittenFiles(files)) {
    const tmp = path.join(path.dirname(f.absPath), `.${path.basename(f.absPath)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      const mode = statSync(f.absPath).mode & 0o7777;
      writeFileSync(tmp, f.code!);
      chmodSync(tmp, mode);
      renameSync(tmp, f.absPath);
      written++;
    } catch (error) {
      rmSync(tmp, { force: true });
      diagnostics.push({
        category: 'config',
        code: 'write-failed',
        severity: 'error',
        file: posix(path.relative(cwd, f.absPath)),
        line: 0,
        column: 0,
        message: `cannot rewrite the file in place: ${(error as Error).message.split('\n')[0]}`,
      });
    }
  }
  return { written, diagnostics };
}

export interface ChangeTarget {
  cwd: string;
  /** Out dir relative to cwd (mirror mode), or null for in-place. */
  outDir: string | null;
}

function targetOf(f: FileResult, t: ChangeTarget): string {
  const input = posix(path.relative(t.cwd, f.absPath));
  return t.outDir === null ? input : posix(path.relative(t.cwd, path.resolve(t.cwd, t.outDir, f.outRelPath)));
}

/** A unified diff (git style, `a/` and `b/` prefixes) of every rewritten file; in-place it applies with `git apply`. */
export function dryRunDiff(files: readonly FileResult[], t: ChangeTarget): string {
  const parts: string[] = [];
  const list = [...rewrittenFiles(files)].sort((a, b) => (a.absPath < b.absPath ? -1 : a.absPath > b.absPath ? 1 : 0));
  for (const f of list) {
    let before: string;
    try {
      before = readFileSync(f.absPath, 'utf8');
    } catch {
      continue;
    }
    const input = posix(path.relative(t.cwd, f.absPath));
    const diff = unifiedDiff(before, f.code!, { fromFile: `a/${input}`, toFile: `b/${targetOf(f, t)}` });
    if (diff !== '') parts.push(diff);
  }
  return parts.join('');
}

/** What --check lists: the files that would be rewritten, and where. Empty when nothing would change. */
export function wouldChange(files: readonly FileResult[], t: ChangeTarget): string {
  const list = rewrittenFiles(files)
    .map((f) => ({ input: posix(path.relative(t.cwd, f.absPath)), target: targetOf(f, t) }))
    .sort((a, b) => (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
  if (list.length === 0) return 'Would rewrite no files.\n';
  const head = `Would rewrite ${list.length} ${list.length === 1 ? 'file' : 'files'}${t.outDir === null ? ' in place' : ''}:`;
  // (visible: file names can hold terminal escape sequences.)
  const names = list.map((f) => visible(f.input === f.target ? `  ${f.input}` : `  ${f.input} -> ${f.target}`));
  return `${head}\n${names.join('\n')}\n`;
}
