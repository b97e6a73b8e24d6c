// Deterministic ordering shared by the report formatters.
import path from 'node:path';
import type { Category, Diagnostic, Severity } from '../types.js';

/** Every category, in the order the reports list them. */
export const CATEGORIES: readonly Category[] = [
  'super',
  'isinstance',
  'mro',
  'parse',
  'resolve',
  'cycle',
  'unsupported',
  'config',
];

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Code-unit string comparison: unlike localeCompare it is the same on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Total order on diagnostics: file, line, column, code, then severity, category and message as tie-breakers. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.code, b.code) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareStrings(a.category, b.category) ||
    compareStrings(a.message, b.message)
  );
}

/** A sorted copy; the input is left alone. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(compareDiagnostics);
}

/** `p` relative to `cwd` with `/` separators; a path that already is relative only has its separators normalised. */
export function toReportPath(p: string, cwd: string): string {
  if (p === '') return p;
  const rel = path.isAbsolute(p) ? path.relative(cwd, p) || '.' : p;
  return rel.split(path.sep).join('/');
}

/** Diagnostics with their `file` normalised to a cwd-relative `/` path, then sorted. */
export function normaliseAndSort(diagnostics: readonly Diagnostic[], cwd: string): Diagnostic[] {
  return sortDiagnostics(diagnostics.map((d) => ({ ...d, file: toReportPath(d.file, cwd) })));
}

export interface DiagnosticCounts {
  errors: number;
  warnings: number;
  infos: number;
  byCategory: Record<Category, number>;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const d of diagnostics) {
    if (d.severity === 'error') errors++;
    else if (d.severity === 'warning') warnings++;
    else infos++;
    byCategory[d.category] = (byCategory[d.category] ?? 0) + 1;
  }
  return { errors, warnings, infos, byCategory };
}
