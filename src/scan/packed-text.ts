// Source texts held compressed until read. A batch run holds every file's text from its scan to the
// end (the rewrite, the report's code frames and the mirror may read it), but most modules of a large
// project have no class, and nothing reads their text again: on @babylonjs/core those texts were
// about a third of the main thread's live heap during the scan and after it, and V8 lets a heap grow
// to a multiple of what is alive. A file whose summary has no class keeps its text deflated (its UTF-8
// bytes, about a fifth of the size); the first read of `code` inflates it and keeps it from then on.
// The text read back is the same string: it was decoded from valid UTF-8, which encodes every one of
// its characters, so encoding and decoding it again changes nothing.

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ModuleInfo } from './module-info.js';
import type { SourceState } from './scan-file.js';
import { put } from './detach.js';

/** Does this scanned file keep its text packed? (Files the rewrite is not expected to read.) */
export function packsText(state: SourceState): boolean {
  if (!state.read.ok) return false;
  if (state.parse === undefined || !state.parse.ok) return true;
  return state.parse.module.classes.length === 0;
}

export function packText(code: string): Uint8Array {
  // Level 1: a fraction of the time of the default level, for a little less compression.
  return deflateRawSync(Buffer.from(code, 'utf8'), { level: 1 });
}

/** Counts of texts packed and read back (measuring aids; tests). */
export const packCounts = { packed: 0, unpacked: 0 };

/**
 * Puts the text packed in `packed` in place of `read.code` and of the module's `code` (when given):
 * getters that inflate it once, on the first read of either, and keep it.
 */
export function lazyText(read: { code: string }, module: Pick<ModuleInfo, 'code'> | undefined, packed: Uint8Array): void {
  packCounts.packed++;
  let source: Uint8Array | null = packed;
  let text: string | undefined;
  const unpack = (): string => {
    if (text === undefined) {
      text = inflateRawSync(source!).toString('utf8');
      source = null;
      packCounts.unpacked++;
    }
    return text;
  };
  for (const obj of module === undefined ? [read] : [read, module]) {
    Object.defineProperty(obj, 'code', {
      configurable: true,
      enumerable: true,
      get() {
        const value = unpack();
        put(obj, 'code', value);
        return value;
      },
      set(value: string) {
        put(obj, 'code', value);
      },
    });
  }
}
