// GitHub Actions workflow commands: one `::error|warning|notice …::message` annotation per diagnostic.
import type { FlattenResult, Severity } from '../types.js';
import { formatSummary } from './pretty.js';
import { normaliseAndSort } from './sort.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes the message part of a workflow command: `%`, CR and LF. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command: like the message, plus `:` and `,`. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface GithubOptions {
  cwd: string;
  /** Participle for the summary, as in the pretty report. */
  verb?: string;
  /** Drop infos and the summary. */
  quiet?: boolean;
}

/** Annotations in report order, then the summary line (plain text, which the runner just logs). */
export function formatGithub(result: FlattenResult, opts: GithubOptions): string {
  let diagnostics = normaliseAndSort(result.diagnostics, opts.cwd);
  if (opts.quiet) diagnostics = diagnostics.filter((d) => d.severity !== 'info');
  const lines = diagnostics.map((d) => {
    const props: string[] = [];
    if (d.file !== '') {
      props.push(`file=${escapeProperty(d.file)}`);
      if (Number.isInteger(d.line) && d.line >= 1) {
        props.push(`line=${d.line}`);
        if (Number.isInteger(d.column) && d.column >= 1) props.push(`col=${d.column}`);
      }
    }
    props.push(`title=${escapeProperty(`flatten-classes ${d.category}/${d.code}`)}`);
    const text = d.hint ? `${d.message}\n${d.hint}` : d.message;
    return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(text)}`;
  });
  if (!opts.quiet) lines.push(formatSummary(result, { color: false, verb: opts.verb }));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
