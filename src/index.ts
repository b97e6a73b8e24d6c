import { readFileSync } from 'node:fs';
import path from 'node:path';
import { discoverFiles } from './scan/discover.js';
import { mayMatter, parseSource } from './scan/parse.js';
import { summarizeModule } from './scan/summarize.js';
import type { ModuleInfo } from './scan/module-info.js';
import { createDefaultResolver } from './graph/resolve.js';
import { buildClassGraph, type ClassGraph } from './graph/class-graph.js';
import { rewriteProject } from './flatten/rewrite.js';
import { detectUses } from './report/detect.js';
import type { ClassReport, Diagnostic, FileResult, FlattenOptions, FlattenResult } from './types.js';

export type { ClassReport, Diagnostic, FileResult, FlattenOptions, FlattenResult, ResolveFn, Severity, Category, SourceFile } from './types.js';

export const DEFAULT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

/**
 * The whole job in memory: discover, parse, build the class graph, flatten, report.
 * Nothing is written; `files` says what the mirror should contain.
 */
export async function flatten(options: FlattenOptions = {}): Promise<FlattenResult> {
  const started = performance.now();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const rel = (abs: string) => path.relative(cwd, abs).split(path.sep).join('/');
  const discovered = discoverFiles({
    paths: (options.paths ?? ['src']).map((p) => path.resolve(cwd, p)),
    outDir: path.resolve(cwd, options.outDir ?? 'flat'),
    extensions: options.extensions ?? DEFAULT_EXTENSIONS,
    ignore: options.ignore ?? [],
    copyFiles: options.copyFiles ?? false,
    cwd,
  });
  const diagnostics: Diagnostic[] = [...discovered.diagnostics];
  const files: FileResult[] = [];
  const modules = new Map<string, ModuleInfo>();
  let filesParsed = 0;
  if (discovered.fatal) return finish([], [], diagnostics, 0, 0, started);

  for (const file of discovered.files) {
    const result: FileResult = { absPath: file.absPath, outRelPath: file.outRelPath, kind: file.kind, status: 'copied' };
    files.push(result);
    if (file.kind !== 'source') continue;
    const text = readText(file.absPath);
    if (!text.ok) {
      result.status = 'failed';
      diagnostics.push({ category: 'parse', code: text.code, severity: 'error', file: rel(file.absPath), line: 1, column: 1, message: text.message });
      continue;
    }
    if (!mayMatter(text.code)) continue;
    filesParsed++;
    const parsed = parseSource(file.absPath, text.code);
    if (!parsed.ok) {
      result.status = 'failed';
      diagnostics.push({ category: 'parse', code: 'syntax-error', severity: 'error', file: rel(file.absPath), line: parsed.error.line, column: parsed.error.column, message: parsed.error.message, hint: 'The file is copied unchanged; fix the syntax error to have its classes flattened.' });
      continue;
    }
    modules.set(file.absPath, summarizeModule(file.absPath, rel(file.absPath), text.code, parsed.ast, parsed.isModule));
  }

  const resolve = options.resolve ?? createDefaultResolver({ cwd });
  const graph = buildClassGraph(modules, resolve);
  const rewrite = rewriteProject(graph);
  diagnostics.push(...rewrite.diagnostics, ...detectUses(graph, rewrite.flattened));
  for (const f of files) {
    const code = rewrite.code.get(f.absPath);
    if (code !== undefined && code !== modules.get(f.absPath)?.code) {
      f.status = 'rewritten';
      f.code = code;
    }
  }
  const classes = classReports(graph, rewrite.flattened);
  return finish(files, classes, diagnostics, filesParsed, rewrite.flattened.size, started);
}

function finish(files: FileResult[], classes: ClassReport[], diagnostics: Diagnostic[], filesParsed: number, flattenedCount: number, started: number): FlattenResult {
  return {
    files,
    classes,
    diagnostics,
    stats: {
      filesScanned: files.length,
      filesParsed,
      filesRewritten: files.filter((f) => f.status === 'rewritten').length,
      classesFlattened: flattenedCount,
      durationMs: Math.round(performance.now() - started),
    },
  };
}

type TextRead = { ok: true; code: string } | { ok: false; code: string; message: string };

function readText(file: string): TextRead {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (error) {
    return { ok: false, code: 'read-failed', message: `cannot read the file: ${(error as Error).message}` };
  }
  if (buf.includes(0)) return { ok: false, code: 'binary-file', message: 'the file looks binary (it contains NUL bytes); it is copied unchanged' };
  try {
    return { ok: true, code: new TextDecoder('utf-8', { fatal: true }).decode(buf) };
  } catch {
    return { ok: false, code: 'invalid-utf8', message: 'the file is not valid UTF-8; it is copied unchanged' };
  }
}

function classReports(graph: ClassGraph, flattened: Set<string>): ClassReport[] {
  const out: ClassReport[] = [];
  for (const c of graph.classes.values()) {
    const chain = graph.chains.get(c.id) ?? [c.id];
    const root = graph.roots.get(c.id)?.heritage;
    const external = root?.kind === 'external' ? root.name : null;
    const mro = chain.map((id) => graph.classes.get(id)!.info.name);
    if (external) mro.push(external);
    out.push({ name: c.info.name, file: c.module.relPath, line: c.info.line, mro, external, flattened: flattened.has(c.id) });
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}
