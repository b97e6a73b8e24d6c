// Drives the CLI in-process (main() with an io object) and builds throwaway projects for the cli-* tests.
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main, type MainIO } from '../../src/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flatten-classes argv…` in `cwd`, colours off, no GitHub Actions environment unless `env` says so. */
export async function runCli(argv: string[], cwd: string, extra: Partial<MainIO> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    cwd,
    env: { NO_COLOR: '1' },
    isTTY: false,
    ...extra,
  });
  return { code, stdout, stderr };
}

const made: string[] = [];

/** A fresh directory under the OS temp dir (no config file or git repo above it in practice). */
export function tempDir(prefix = 'fc-cli-'): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), prefix)));
  made.push(dir);
  return dir;
}

/** Writes `files` (relative path → content) into a new temp project and returns its directory. */
export function project(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

/** A temp project whose `src/` is a copy of samples/<name> (or all of samples/ when name is omitted). */
export function sampleProject(name?: string): string {
  const dir = tempDir();
  cpSync(path.join(ROOT, 'samples', name ?? ''), path.join(dir, 'src'), { recursive: true });
  return dir;
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
