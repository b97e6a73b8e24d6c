// A fresh temporary directory per test, for tests that write input trees and mirrors on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';

/** Before each test, makes a directory (its real path, given to `set`); after it, removes it. */
export function useTempRoot(prefix: string, set: (dir: string) => void): void {
  let dir = '';
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    set(dir);
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

/** Writes `root/src/<rel>` (directories made, optional permission bits) and returns its path. */
export function writeInput(root: string, rel: string, content: string | Buffer, mode?: number): string {
  const abs = path.join(root, 'src', rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, content);
  if (mode !== undefined) fs.chmodSync(abs, mode);
  return abs;
}
