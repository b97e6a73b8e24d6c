import type * as t from '@babel/types';
import type { ModuleInfo } from '../scan/module-info.js';
import { startOf } from '../scan/positions.js';
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
  const loc = startOf(module.code, node);
  const d: Diagnostic = { category, code, severity, file: module.relPath, line: loc.line, column: loc.column + 1, message };
  if (hint) d.hint = hint;
  if (classes && classes.length) d.classes = classes;
  return d;
}
