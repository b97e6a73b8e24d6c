// How TypeScript compiles class fields in the project a file belongs to: ES2022 ("define") semantics, or
// TypeScript's legacy ones (`useDefineForClassFields: false`, the default below target ES2022). The
// rewrite writes each layer's moved fields in its module's semantics (src/flatten/fields.ts).

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseJsonc } from '../graph/resolve.js';

/** 'define': ES2022 semantics; 'legacy': TypeScript's assignments; null: no tsconfig.json says. */
export type ClassFieldSemantics = 'define' | 'legacy' | null;

interface FieldOptions {
  useDefineForClassFields?: boolean;
  target?: string;
  experimentalDecorators?: boolean;
}

const DEFINE_TARGETS = /^es(2022|2023|2024|2025|next)$/i;

/** One per run: answers are cached per directory and per tsconfig file. */
export class ClassFieldSemanticsReader {
  private readonly nearestByDir = new Map<string, string | null>();
  private readonly byConfig = new Map<string, FieldOptions | null>();

  /** The semantics of the nearest tsconfig.json above `file` (its relative `extends` followed). */
  of(file: string): ClassFieldSemantics {
    const o = this.nearestOptions(file);
    if (o === null) return null;
    if (o.useDefineForClassFields !== undefined) return o.useDefineForClassFields ? 'define' : 'legacy';
    // TypeScript's default: define semantics from target ES2022 on; its default target is older.
    return o.target !== undefined && DEFINE_TARGETS.test(o.target) ? 'define' : 'legacy';
  }

  /**
   * Does the nearest tsconfig.json above `file` turn `experimentalDecorators` on (TypeScript's legacy
   * decorators)? Otherwise TypeScript 5 compiles standard (2023) decorators, as every JavaScript file has.
   */
  legacyDecorators(file: string): boolean {
    return this.nearestOptions(file)?.experimentalDecorators === true;
  }

  /** The options of the nearest tsconfig.json above `file`; null without one (or an unreadable one). */
  private nearestOptions(file: string): FieldOptions | null {
    const config = this.nearest(path.dirname(file));
    return config === null ? null : this.options(config, new Set());
  }

  private nearest(dir: string): string | null {
    let found = this.nearestByDir.get(dir);
    if (found === undefined) {
      const config = path.join(dir, 'tsconfig.json');
      const parent = path.dirname(dir);
      found = isFile(config) ? config : parent === dir ? null : this.nearest(parent);
      this.nearestByDir.set(dir, found);
    }
    return found;
  }

  private options(file: string, seen: Set<string>): FieldOptions | null {
    if (this.byConfig.has(file)) return this.byConfig.get(file)!;
    if (seen.has(file)) return null;
    seen.add(file);
    let out: FieldOptions | null = null;
    try {
      const json = parseJsonc(readFileSync(file, 'utf8')) as { extends?: unknown; compilerOptions?: Record<string, unknown> };
      out = {};
      for (const base of [json.extends].flat()) {
        if (typeof base !== 'string' || !/^\.\.?[\\/]/.test(base)) continue;
        const abs = path.resolve(path.dirname(file), base);
        const baseFile = isFile(abs) ? abs : isFile(`${abs}.json`) ? `${abs}.json` : null;
        if (baseFile) out = { ...out, ...this.options(baseFile, seen) };
      }
      const o = json.compilerOptions ?? {};
      if (typeof o.useDefineForClassFields === 'boolean') out.useDefineForClassFields = o.useDefineForClassFields;
      if (typeof o.target === 'string') out.target = o.target;
      if (typeof o.experimentalDecorators === 'boolean') out.experimentalDecorators = o.experimentalDecorators;
    } catch {
      out = null; // an unreadable tsconfig: the resolver reports what matters about it
    }
    this.byConfig.set(file, out);
    return out;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
