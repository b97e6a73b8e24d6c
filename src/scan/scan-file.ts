// Scanning one source file: read its bytes, hash them, decode them, and parse and summarize the text
// if it may matter. The same steps run in the main thread (FlattenSession) and in scan workers
// (scan/scan-worker.ts), so that a file scanned in either place gives the same state.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ModuleInfo } from './module-info.js';
import { mayMatter, parseSource, type ParseFailure } from './parse.js';
import { plainWalker, summarizeModule, type SummarizeOptions } from './summarize.js';
import { firstInvalidUtf8 } from './utf8.js';

/** `bom`: the bytes started with a UTF-8 byte order mark, which `code` leaves out (positions count without it). */
export type TextRead = { ok: true; code: string; bom: boolean } | { ok: false; code: string; message: string; line?: number; column?: number };

export type ParseState = { ok: true; module: ModuleInfo } | { ok: false; error: ParseFailure };

/** What the session knows about one source file. */
export interface SourceState {
  /** SHA-1 of the bytes last read. */
  hash: string;
  read: TextRead;
  /** Undefined when the text cannot matter (mayMatter) or could not be read. */
  parse?: ParseState;
}

export type BytesRead = { ok: true; data: Buffer } | { ok: false; message: string };

export function readBytes(file: string): BytesRead {
  try {
    return { ok: true, data: readFileSync(file) };
  } catch (error) {
    return { ok: false, message: `cannot read the file: ${(error as Error).message}` };
  }
}

export function hashOf(bytes: BytesRead): string {
  return bytes.ok ? createHash('sha1').update(bytes.data).digest('hex') : `!${bytes.message}`;
}

/** Decodes, parses and summarizes bytes already read (`hash` is theirs). */
export function scanBytes(absPath: string, relPath: string, bytes: BytesRead, hash: string, summarize: SummarizeOptions): SourceState {
  const state: SourceState = { hash, read: bytes.ok ? decode(bytes.data) : { ok: false, code: 'read-failed', message: bytes.message } };
  if (state.read.ok && mayMatter(state.read.code)) {
    // The summary's plain walk rides along the parser's depth check (one walk of the tree, not two).
    const walker = plainWalker();
    const outcome = parseSource(absPath, state.read.code, walker.visit);
    state.parse = outcome.ok
      ? { ok: true, module: summarizeModule(absPath, relPath, state.read.code, outcome.ast, outcome.isModule, summarize, walker.walk) }
      : { ok: false, error: outcome.error };
  }
  return state;
}

function decode(buf: Buffer): TextRead {
  if (buf.includes(0)) return { ok: false, code: 'binary-file', message: 'the file looks binary (it contains NUL bytes); it is copied unchanged' };
  try {
    return { ok: true, code: new TextDecoder('utf-8', { fatal: true }).decode(buf), bom: buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf };
  } catch {
    return { ok: false, code: 'invalid-utf8', message: 'the file is not valid UTF-8 (the first bad byte is here); it is copied unchanged', ...firstInvalidUtf8(buf) };
  }
}
