import type { ClassNode } from '../graph/class-graph.js';
import type { ClassOptions } from '../types.js';
import { asksIgnore } from '../scan/doc-options.js';

/** What may be left out of a layer: kinds of members, or members by name. */
export const PART_NAMES = ['fields', 'methods', 'accessors', 'statics', 'docs'] as const;

export interface ResolvedClassOptions {
  ignore: boolean;
  /** Which option set `ignore`: the class's `@flatten-ignore` comment, or the config's `classes` (which wins). */
  ignoredBy?: 'comment' | 'config';
  skip: Set<string>;
}

/**
 * Options of a class from its doc comment (`/** @flatten-ignore *\/`, `/** @flatten skip: statics, docs *\/`
 * on the class, its export or variable statement, or on a mixin factory) and from the config's `classes`
 * (by `Class` or `file:Class`); the config wins where both say something.
 */
export function classOptionsOf(cls: ClassNode, config: Record<string, ClassOptions> | undefined): ResolvedClassOptions {
  const out: ResolvedClassOptions = { ignore: false, skip: new Set() };
  // The comments as the summary found them (scan/doc-options.ts): the class's syntax is not read.
  if (asksIgnore(cls.info.flattenDoc)) {
    out.ignore = true;
    out.ignoredBy = 'comment';
  }
  for (const text of cls.info.flattenDoc) {
    const m = /@flatten\s+skip\s*:\s*([^\n*]+)/.exec(text);
    if (m) for (const part of m[1].split(/[,\s]+/).filter(Boolean)) out.skip.add(part);
  }
  const fromConfig = configOptionsOf(cls, config);
  if (fromConfig) {
    if (fromConfig.ignore !== undefined) {
      out.ignore = fromConfig.ignore;
      out.ignoredBy = fromConfig.ignore ? 'config' : undefined;
    }
    for (const part of fromConfig.skip ?? []) out.skip.add(part);
  }
  return out;
}

/** The config's `classes` entry of a class: by `file:Class`, else by `Class` (no comment is read). */
export function configOptionsOf(cls: ClassNode, config: Record<string, ClassOptions> | undefined): ClassOptions | undefined {
  return config?.[`${cls.module.relPath}:${cls.info.name}`] ?? config?.[cls.info.name];
}
