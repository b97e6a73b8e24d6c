// Human-readable report: diagnostics grouped by file with code frames and hints, then a summary line.
import pc from 'picocolors';
import type { Diagnostic, FlattenResult, Severity } from '../types.js';
import { codeFrame } from './code-frame.js';
import { CATEGORIES, countDiagnostics, normaliseAndSort } from './sort.js';
import { visible } from './visible.js';

/** Diagnostics about a file's bytes, not a place in its text: a frame would only show noise. */
const NO_FRAME = new Set(['binary-file', 'read-failed']);

export interface PrettyOptions {
  /** Emit ANSI colours (the caller decides, e.g. with shouldUseColor()). */
  color: boolean;
  /** Directory the diagnostics' relative paths are taken from. */
  cwd: string;
  /** Source text of a file given its cwd-relative path, for code frames; undefined leaves the frame out. */
  readSource: (relFile: string) => string | undefined;
  /** Participle for the rewritten-files count in the summary, e.g. 'rewritten' (default) or 'to rewrite'. */
  verb?: string;
  /** Only errors and warnings, no summary. */
  quiet?: boolean;
}

type Colors = ReturnType<typeof pc.createColors>;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function paintSeverity(c: Colors, severity: Severity): string {
  switch (severity) {
    case 'error':
      return c.bold(c.red(severity));
    case 'warning':
      return c.bold(c.yellow(severity));
    default:
      return c.bold(c.blue(severity));
  }
}

function location(d: Diagnostic): string {
  if (d.file === '') return '';
  const file = visible(d.file);
  if (!(d.line >= 1)) return file;
  return d.column >= 1 ? `${file}:${d.line}:${d.column}` : `${file}:${d.line}`;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => (l.length > 0 ? by + l : l))
    .join('\n');
}

function formatDiagnostic(d: Diagnostic, c: Colors, source: string | undefined, color: boolean): string {
  const loc = location(d);
  // Messages and hints quote the input (names, specifiers, the parser's view of a bad character).
  const head = [loc ? c.bold(loc) : undefined, paintSeverity(c, d.severity), visible(d.message), c.dim(`[${d.category}/${d.code}]`)]
    .filter((part): part is string => part !== undefined)
    .join('  ');
  const lines = [head];
  const frame = source !== undefined && loc && !NO_FRAME.has(d.code) ? codeFrame(source, d, { color }) : undefined;
  if (frame !== undefined) lines.push(indent(frame, '  '));
  if (d.hint) lines.push(indent(c.dim(`hint: ${visible(d.hint)}`), '  '));
  return lines.join('\n');
}

/** The summary line alone (no trailing newline). */
export function formatSummary(result: FlattenResult, opts: { color: boolean; verb?: string }): string {
  const c = pc.createColors(opts.color);
  const { stats } = result;
  const counts = countDiagnostics(result.diagnostics);
  const total = result.diagnostics.length;
  const work = [
    `${plural(stats.filesScanned, 'file')} scanned`,
    `${plural(stats.filesRewritten, 'file')} ${opts.verb ?? 'rewritten'}`,
    `${plural(stats.classesFlattened, 'class', 'classes')} flattened`,
  ].join(', ');
  let diags: string;
  if (total === 0) {
    diags = c.green('no diagnostics');
  } else {
    const sev = [
      counts.errors > 0 ? c.red(plural(counts.errors, 'error')) : plural(0, 'error'),
      counts.warnings > 0 ? c.yellow(plural(counts.warnings, 'warning')) : plural(0, 'warning'),
      plural(counts.infos, 'info'),
    ].join(', ');
    const cats = CATEGORIES.filter((k) => counts.byCategory[k] > 0)
      .map((k) => `${k} ${counts.byCategory[k]}`)
      .join(', ');
    diags = `${plural(total, 'diagnostic')} (${sev}; ${cats})`;
  }
  const ms = Math.round(stats.durationMs);
  return `${c.bold('Summary:')} ${work}; ${diags}; ${ms} ms`;
}

export function formatPretty(result: FlattenResult, opts: PrettyOptions): string {
  const c = pc.createColors(opts.color);
  let diagnostics = normaliseAndSort(result.diagnostics, opts.cwd);
  if (opts.quiet) diagnostics = diagnostics.filter((d) => d.severity !== 'info');

  // Group by file; sorting already made each file's diagnostics contiguous.
  const groups: { file: string; items: Diagnostic[] }[] = [];
  for (const d of diagnostics) {
    const last = groups[groups.length - 1];
    if (last && last.file === d.file) last.items.push(d);
    else groups.push({ file: d.file, items: [d] });
  }

  const blocks: string[] = [];
  for (const group of groups) {
    let source: string | undefined;
    if (group.file !== '') {
      try {
        source = opts.readSource(group.file);
      } catch {
        source = undefined;
      }
    }
    const header = c.underline(c.bold(group.file === '' ? '(general)' : visible(group.file)));
    const items = group.items.map((d) => formatDiagnostic(d, c, source, opts.color));
    blocks.push(`${header}\n${items.join('\n\n')}`);
  }

  if (!opts.quiet) blocks.push(formatSummary(result, opts));
  return blocks.length > 0 ? `${blocks.join('\n\n')}\n` : '';
}
