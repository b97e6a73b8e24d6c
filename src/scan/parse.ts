import { parse, type ParserOptions, type ParserPlugin } from '@babel/parser';
import type * as t from '@babel/types';

/** How a file's extension decides its grammar: plugins and source type. */
export function parserOptionsFor(file: string, code: string): ParserOptions {
  const ext = extensionOf(file);
  const plugins: ParserPlugin[] = [];
  let sourceType: ParserOptions['sourceType'] = 'unambiguous';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') plugins.push('typescript');
  else if (ext === '.tsx') plugins.push('typescript', 'jsx');
  else plugins.push('jsx');
  if (ext === '.mjs' || ext === '.mts') sourceType = 'module';
  else if (ext === '.cjs' || ext === '.cts') sourceType = 'script';
  // Decorators only where they appear: the plugin changes how some code parses.
  if (code.includes('@')) {
    plugins.push(ext.endsWith('ts') || ext === '.tsx' ? 'decorators-legacy' : ['decorators', { decoratorsBeforeExport: true }]);
  }
  return {
    sourceType,
    plugins,
    allowReturnOutsideFunction: sourceType === 'script',
    allowAwaitOutsideFunction: sourceType !== 'script',
    allowHashBang: true,
    errorRecovery: false,
    ranges: false,
    tokens: false,
    createParenthesizedExpressions: false,
  } as ParserOptions;
}

export function extensionOf(file: string): string {
  const slash = file.lastIndexOf('/');
  const dot = file.lastIndexOf('.');
  return dot > slash ? file.slice(dot).toLowerCase() : '';
}

export interface ParseFailure {
  message: string;
  line: number;
  column: number;
}

export type ParseOutcome = { ok: true; ast: t.File; isModule: boolean } | { ok: false; error: ParseFailure };

export function parseSource(file: string, code: string): ParseOutcome {
  const options = parserOptionsFor(file, code);
  try {
    const ast = parse(code, options);
    return { ok: true, ast, isModule: ast.program.sourceType === 'module' };
  } catch (error) {
    const e = error as { message?: string; loc?: { line: number; column: number } };
    // A JavaScript file that is really TypeScript-free JSX-less code may still fail on `<` casts; do not guess.
    const message = String(e.message ?? error).replace(/\s*\(\d+:\d+\)$/, '');
    return { ok: false, error: { message, line: e.loc?.line ?? 1, column: (e.loc?.column ?? 0) + 1 } };
  }
}

/** Quick textual test: can this file matter to the class graph or the report at all? */
export function mayMatter(code: string): boolean {
  return /\b(class|instanceof|prototype|Prototype|__proto__|export|exports|require|hasInstance)\b|#\w+\s+in\b/.test(code);
}
