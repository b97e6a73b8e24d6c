// Machine-readable report with a fixed shape and deterministic order.
import path from 'node:path';
import type { Category, FlattenResult } from '../types.js';
import { compareStrings, countDiagnostics, normaliseAndSort, toReportPath } from './sort.js';

export interface JsonReport {
  version: 1;
  files: { file: string; out: string; status: 'rewritten' | 'copied' | 'failed' }[];
  classes: {
    name: string;
    file: string;
    line: number;
    mro: string[];
    external: string | null;
    flattened: boolean;
  }[];
  diagnostics: {
    category: Category;
    code: string;
    severity: 'error' | 'warning' | 'info';
    file: string;
    line: number;
    column: number;
    message: string;
    hint: string | null;
    classes: string[];
  }[];
  summary: {
    filesScanned: number;
    filesParsed: number;
    filesRewritten: number;
    classesFlattened: number;
    errors: number;
    warnings: number;
    infos: number;
    byCategory: Record<Category, number>;
    durationMs: number;
  };
}

export interface JsonOptions {
  /** Paths are made relative to this. Default: process.cwd(). */
  cwd?: string;
  /** Output directory (relative to cwd or absolute); when given, `out` is the mirror path relative to cwd, else relative to the out dir. */
  outDir?: string;
}

export function buildJsonReport(result: FlattenResult, opts: JsonOptions = {}): JsonReport {
  const cwd = opts.cwd ?? process.cwd();
  const outPath = (outRelPath: string): string =>
    opts.outDir === undefined
      ? outRelPath.split(path.sep).join('/')
      : toReportPath(path.resolve(cwd, opts.outDir, outRelPath), cwd);

  const files = result.files
    .map((f) => ({ file: toReportPath(f.absPath, cwd), out: outPath(f.outRelPath), status: f.status }))
    .sort((a, b) => compareStrings(a.out, b.out) || compareStrings(a.file, b.file));

  const classes = result.classes
    .map((k) => ({
      name: k.name,
      file: toReportPath(k.file, cwd),
      line: k.line,
      mro: [...k.mro],
      external: k.external ?? null,
      flattened: k.flattened,
    }))
    .sort((a, b) => compareStrings(a.file, b.file) || a.line - b.line || compareStrings(a.name, b.name));

  const diagnostics = normaliseAndSort(result.diagnostics, cwd).map((d) => ({
    category: d.category,
    code: d.code,
    severity: d.severity,
    file: d.file,
    line: d.line,
    column: d.column,
    message: d.message,
    hint: d.hint ?? null,
    classes: d.classes ? [...d.classes] : [],
  }));

  const counts = countDiagnostics(result.diagnostics);
  return {
    version: 1,
    files,
    classes,
    diagnostics,
    summary: {
      filesScanned: result.stats.filesScanned,
      filesParsed: result.stats.filesParsed,
      filesRewritten: result.stats.filesRewritten,
      classesFlattened: result.stats.classesFlattened,
      errors: counts.errors,
      warnings: counts.warnings,
      infos: counts.infos,
      byCategory: counts.byCategory,
      durationMs: Math.round(result.stats.durationMs),
    },
  };
}

/** The JSON report, pretty-printed with 2 spaces and a trailing newline. */
export function formatJson(result: FlattenResult, opts: JsonOptions = {}): string {
  return `${JSON.stringify(buildJsonReport(result, opts), null, 2)}\n`;
}
