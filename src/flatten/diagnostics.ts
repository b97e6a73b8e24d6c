import type * as t from '@babel/types';
import type { ModuleInfo } from '../scan/module-info.js';
import type { Category, Diagnostic, Severity } from '../types.js';

export function diagnosticAt(
  module: ModuleInfo,
  node: t.Node | null,
  category: Category,
  code: string,
  severity: Severity,
  message: string,
  hint?: string,
  classes?: string[],
): Diagnostic {
  const loc = node?.loc?.start ?? { line: 1, column: 0 };
  const d: Diagnostic = { category, code, severity, file: module.relPath, line: loc.line, column: loc.column + 1, message };
  if (hint) d.hint = hint;
  if (classes && classes.length) d.classes = classes;
  return d;
}
