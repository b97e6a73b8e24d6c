import type { ParserOptions, ParserPlugin } from '@babel/parser';
import { parser, t } from '../babel.cjs';
import { startOf } from './positions.js';

/**
 * How a file's extension decides its grammar: plugins and source type. TypeScript files parse with
 * TypeScript's legacy decorators (`experimentalDecorators`, the wider grammar: `@a[0]`); `standard`
 * asks for the standard (2023) decorators instead, which TypeScript 5 also compiles (`export @dec class`),
 * tried when the legacy grammar fails.
 */
export function parserOptionsFor(file: string, code: string, standard = false): ParserOptions {
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
    plugins.push(isTypeScriptExtension(ext) ? (standard ? 'decorators' : 'decorators-legacy') : ['decorators', { decoratorsBeforeExport: true }]);
  }
  // Auto-accessors (`accessor x = 1`, standard with the 2023 decorators; TypeScript 4.9 on).
  if (/\baccessor\b/.test(code)) plugins.push('decoratorAutoAccessors');
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
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dot = file.lastIndexOf('.');
  return dot > slash ? file.slice(dot).toLowerCase() : '';
}

/**
 * The deepest syntax tree the later phases accept. They walk trees recursively (Babel's traverse
 * among them), and a tree much deeper than this could exhaust the stack and end the whole run; a file
 * this deep is reported and copied unchanged instead. Real code stays far below it (the deepest files
 * of the TypeScript compiler and Babel nest about 100 levels); only generated code such as a
 * 2,000-term string concatenation or a 1,000-call method chain reaches it. Babel's own parser gives up
 * on some shapes earlier (about 500 nested functions or object literals), which is reported the same way.
 */
export const MAX_SYNTAX_DEPTH = 1000;

export interface ParseFailure {
  message: string;
  line: number;
  column: number;
  /**
   * Diagnostic code: `syntax-error` for invalid code, `too-deep` for code valid but nested too deeply
   * to be processed without exhausting the stack (the file is copied unchanged all the same).
   */
  code: 'syntax-error' | 'too-deep';
}

export type ParseOutcome = { ok: true; ast: t.File; isModule: boolean } | { ok: false; error: ParseFailure };

/**
 * Parses one file. Never throws: a syntax error, a parser that runs out of stack on deeply nested
 * code, or a tree deeper than MAX_SYNTAX_DEPTH all come back as a failure with a location.
 * `visit`, if given, sees every node of the tree (in walkNodes' order) during the walk that checks its
 * depth: a caller that walks the tree anyway (the module summary's plain walk) saves a walk.
 */
export function parseSource(file: string, code: string, visit?: (node: t.Node) => void): ParseOutcome {
  let ast: t.File;
  try {
    ast = parseWithRetry(file, code);
  } catch (error) {
    if (isStackOverflow(error)) {
      return {
        ok: false,
        error: {
          code: 'too-deep',
          line: 1,
          column: 1,
          message: 'the code nests too deeply for the parser (it ran out of stack); the file is copied unchanged',
        },
      };
    }
    const e = error as { message?: unknown; loc?: { line?: unknown; column?: unknown } } | null;
    const message = String(e?.message ?? error)
      .split('\n')[0]!
      .replace(/\s*\(\d+:\d+\)$/, '');
    const line = typeof e?.loc?.line === 'number' && e.loc.line >= 1 ? e.loc.line : 1;
    const column = typeof e?.loc?.column === 'number' && e.loc.column >= 0 ? e.loc.column + 1 : 1;
    return { ok: false, error: { code: 'syntax-error', message, line, column } };
  }
  // Every node's `loc` goes here, young (see ./positions.ts): places are told from `start` offsets.
  const deep = firstNodeDeeperThan(ast, MAX_SYNTAX_DEPTH, (node) => {
    node.loc = null;
    visit?.(node);
  });
  if (deep !== null) {
    const loc = startOf(code, deep);
    return {
      ok: false,
      error: {
        code: 'too-deep',
        line: loc.line,
        column: loc.column + 1,
        message: `the code nests more than ${MAX_SYNTAX_DEPTH} levels deep here, more than can be processed safely; the file is copied unchanged`,
      },
    };
  }
  return { ok: true, ast, isModule: ast.program.sourceType === 'module' };
}

/** Parses; a TypeScript file with decorators that the legacy grammar rejects is tried with the standard one (its first error stands). */
function parseWithRetry(file: string, code: string): t.File {
  try {
    return parser.parse(code, parserOptionsFor(file, code));
  } catch (error) {
    if (isStackOverflow(error) || !code.includes('@') || !isTypeScriptExtension(extensionOf(file))) throw error;
    try {
      return parser.parse(code, parserOptionsFor(file, code, true));
    } catch {
      throw error;
    }
  }
}

const isTypeScriptExtension = (ext: string): boolean => ext.endsWith('ts') || ext === '.tsx';

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/**
 * The first node (in source order) more than `limit` levels below the root, found without recursion;
 * `visit` sees the nodes met before it (all of them when there is none).
 */
export function firstNodeDeeperThan(root: t.Node, limit: number, visit?: (node: t.Node) => void): t.Node | null {
  let found: t.Node | null = null;
  walkNodes(root, (node, depth) => {
    if (depth <= limit) {
      visit?.(node);
      return true;
    }
    found = node;
    return false;
  });
  return found;
}

/**
 * Visits every node below `root` (itself included) in source order, without recursion, so that no
 * depth can exhaust the stack: the children of each node by t.VISITOR_KEYS, as Babel's traverse
 * visits them. `visit` returns false to stop the walk.
 */
export function walkNodes(root: t.Node, visit: (node: t.Node, depth: number) => boolean): void {
  const nodes: t.Node[] = [root];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (!visit(node, depth)) return;
    const keys = t.VISITOR_KEYS[node.type];
    if (keys === undefined) continue;
    // Children are pushed last-first so they are visited in source order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = (node as unknown as Record<string, unknown>)[keys[k]!];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i] as t.Node | null;
          if (child !== null && typeof child === 'object' && typeof child.type === 'string') {
            nodes.push(child);
            depths.push(depth + 1);
          }
        }
      } else if (value !== null && typeof value === 'object' && typeof (value as t.Node).type === 'string') {
        nodes.push(value as t.Node);
        depths.push(depth + 1);
      }
    }
  }
}

/** Words that make a file part of the class graph or the report. */
const MATTERS = /\b(class|instanceof|prototype|Prototype|__proto__|export|exports|require|hasInstance)\b|#\w+\s+in\b/;

/**
 * Can this file matter to the class graph or the report at all? A file without any of the words that
 * classes, modules and reported uses need can be skipped (not parsed and summarized) -- but only if
 * it parses: every file that cannot be parsed must be reported. That check needs the file's grammar,
 * so it is made only when `file` is given; without it, any non-blank file is said to matter and the
 * caller's own parse decides.
 */
export function mayMatter(code: string, file?: string): boolean {
  if (MATTERS.test(code)) return true;
  if (code.trim() === '') return false;
  if (file === undefined) return true;
  // A file that fails here (a syntax error, or code too deep to process) is reported by the caller's own parse.
  return !parseSource(file, code).ok;
}
