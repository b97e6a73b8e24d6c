import { FlattenSession, type SessionOptions } from './session.js';
import type { FlattenOptions, FlattenResult } from './types.js';

export type { ClassReport, Diagnostic, FileResult, FlattenOptions, FlattenResult, ResolveFn, Severity, Category, SourceFile } from './types.js';
export { DEFAULT_EXTENSIONS, FlattenSession, type SessionChanges, type SessionOptions, type SessionRun } from './session.js';

/**
 * The whole job in memory: discover, parse, build the class graph, flatten, report.
 * Nothing is written; `files` says what the mirror should contain (`hooks.onSettled` is told of
 * the copies among them early, so that a caller can write those while the rest runs).
 * (One run of a FlattenSession; watch mode keeps the session and runs it after every change.)
 */
export async function flatten(options: FlattenOptions = {}, hooks: Pick<SessionOptions, 'onProgress' | 'onSettled' | 'onRewriteStart'> = {}): Promise<FlattenResult> {
  return (await new FlattenSession(options, { onProgress: hooks.onProgress, onSettled: hooks.onSettled, onRewriteStart: hooks.onRewriteStart }).runAsync()).result;
}
