// Compare tsc's errors on an input tree and its flattened mirror, and check that every error the mirror
// adds lies at a place the report names (used by the tests and by scripts/ts-places.ts on real code).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import type { Diagnostic } from '../../src/types.js';
import { TS_PLACE_CODES } from '../../src/report/ts-subtype.js';

export interface TscError {
  /** Path relative to the tree's root (input or mirror), `/` separators. */
  file: string;
  line: number;
  column: number;
  code: number;
  text: string;
}

/** tsc's errors for a tsconfig file, through the compiler API. */
export function tscErrors(tsconfigPath: string): TscError[] {
  const config = ts.getParsedCommandLineOfConfigFile(tsconfigPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } })!;
  const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
  const root = path.dirname(tsconfigPath);
  return ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error && d.file).map((d) => {
    const { line, character } = d.file!.getLineAndCharacterOfPosition(d.start!);
    return { file: path.relative(root, d.file!.fileName).split(path.sep).join('/'), line: line + 1, column: character + 1, code: d.code, text: ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]! };
  });
}

/** The lines (1-based, inclusive) of the innermost statement or class member around a position. */
export function statementLines(text: string, line: number, column: number): [number, number] {
  const sf = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const pos = sf.getPositionOfLineAndCharacter(line - 1, column - 1);
  let found: ts.Node | null = null;
  const visit = (n: ts.Node): void => {
    if (pos < n.getStart(sf) || pos >= n.getEnd()) return;
    const isStatementLike = (ts.isStatement(n) && !ts.isBlock(n)) || ts.isPropertyDeclaration(n) || ts.isParameter(n) || ts.isPropertyAssignment(n) || ts.isMethodDeclaration(n);
    if (isStatementLike) found = n;
    ts.forEachChild(n, visit);
  };
  visit(sf);
  // A whole function or class is too coarse: use the error's line alone then.
  const n = found as ts.Node | null;
  if (!n || ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) || ts.isMethodDeclaration(n) || ts.isModuleDeclaration(n)) return [line, line];
  return [sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, sf.getLineAndCharacterOfPosition(n.getEnd()).line + 1];
}

export interface PlaceCheck {
  /** Mirror errors the input does not have. */
  added: TscError[];
  /** Those not within the statement of a reported place. */
  uncovered: TscError[];
  /** Reported places (TS_PLACE_CODES), and how many of them have an added error. */
  places: number;
  placesHit: number;
}

/**
 * `inputRoot`/`mirrorRoot`: the trees (the mirror maps input files one to one, by `outRel`).
 * A mirror line is traced to input lines by its text (copied code keeps its lines, up to renamed names);
 * a diagnostic covers an error when its input line is one of the traced lines of the error's statement.
 */
export function checkPlaces(inputErrors: TscError[], mirrorErrors: TscError[], opts: { inputRoot: string; mirrorRoot: string; inputPrefix: string; mirrorPrefix: string; cwdToInput: (file: string) => string; diagnostics: Diagnostic[] }): PlaceCheck {
  const key = (e: TscError, prefix: string) => `${e.file.slice(prefix.length)}|${e.code}|${e.text}`;
  const before = new Map<string, number>();
  for (const e of inputErrors) before.set(key(e, opts.inputPrefix), (before.get(key(e, opts.inputPrefix)) ?? 0) + 1);
  const added: TscError[] = [];
  for (const e of mirrorErrors) {
    const k = key(e, opts.mirrorPrefix);
    const n = before.get(k) ?? 0;
    if (n > 0) before.set(k, n - 1);
    else added.push(e);
  }
  const places = opts.diagnostics.filter((d) => TS_PLACE_CODES.includes(d.code));
  // Rewrites that keep a line's place: `super(…)` → `__Base(…)`, `super.m` → `this.#Base_m`, aliases `x_2`,
  // a moved field's `declare` line.
  const normal = (s: string) => s.trim().replace(/^declare (?=[\w$#])/, '').replace(/\b__[\w$]+\(/g, 'super(').replace(/\bthis\.#[A-Za-z$][\w$]*?_(?=[\w$])/g, 'super.').replace(/\b([A-Za-z$][\w$]*?)_\d+\b/g, '$1').replace(/#\w+?_(?=\w)/g, '#');
  const inputLines = new Map<string, string[]>();
  const linesOf = (rel: string) => {
    let l = inputLines.get(rel);
    if (!l) inputLines.set(rel, (l = readFileSync(path.join(opts.inputRoot, rel), 'utf8').split(/\r?\n/)));
    return l;
  };
  const placeKeys = new Map<string, Diagnostic>();
  const byText = new Map<string, Set<string>>();
  for (const d of places) {
    const rel = opts.cwdToInput(d.file);
    placeKeys.set(`${rel}:${d.line}`, d);
    const text = normal(linesOf(rel)[d.line - 1] ?? '');
    if (!byText.has(text)) byText.set(text, new Set());
    byText.get(text)!.add(`${rel}:${d.line}`);
  }
  const hit = new Set<string>();
  const uncovered: TscError[] = [];
  for (const e of added) {
    const rel = e.file.slice(opts.mirrorPrefix.length);
    const mirrorText = readFileSync(path.join(opts.mirrorRoot, rel), 'utf8');
    const mirrorLines = mirrorText.split(/\r?\n/);
    const [from, to] = statementLines(mirrorText, e.line, e.column);
    const covering: string[] = [];
    for (let l = from; l <= to; l++) {
      // Same file, same line (untouched code), or any reported line with the same text (copied code).
      if (placeKeys.has(`${rel}:${l}`) && normal(linesOf(rel)[l - 1] ?? '') === normal(mirrorLines[l - 1] ?? '')) covering.push(`${rel}:${l}`);
      for (const k of byText.get(normal(mirrorLines[l - 1] ?? '')) ?? []) covering.push(k);
    }
    if (covering.length) covering.forEach((k) => hit.add(k));
    else uncovered.push(e);
  }
  return { added, uncovered, places: placeKeys.size, placesHit: hit.size };
}
