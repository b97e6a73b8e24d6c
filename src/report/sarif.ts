// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format): one result per diagnostic, one rule per code.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FlattenResult, Severity } from '../types.js';
import { ruleFor, ruleName, rulesUsed } from './rules.js';
import { normaliseAndSort } from './sort.js';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The base the relative result URIs are taken from: the working directory of the run. */
export const SARIF_SRCROOT = '%SRCROOT%';

export interface SarifOptions {
  /** Paths are made relative to this. Default: process.cwd(). */
  cwd?: string;
  /** The tool version to record. */
  version: string;
}

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

/** A `/`-separated relative path as a URI reference: each segment percent-encoded. */
export function pathToUriReference(rel: string): string {
  return rel
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** The SARIF log as a plain object. Deterministic for a given result, cwd and version. */
export function buildSarif(result: FlattenResult, opts: SarifOptions): Record<string, unknown> {
  const cwd = path.resolve(opts.cwd ?? process.cwd());
  const diagnostics = normaliseAndSort(result.diagnostics, cwd);
  const used = rulesUsed(diagnostics);
  const ruleIndex = new Map(used.map((r, i) => [r.code, i]));

  const rules = used.map((r) => {
    const info = ruleFor(r.code, r.category);
    const helpText = r.hint && !info.help.includes(r.hint) ? `${info.help}\n\nTypical fix: ${r.hint}` : info.help;
    return {
      id: r.code,
      name: ruleName(r.code),
      shortDescription: { text: info.title },
      fullDescription: { text: info.help },
      help: { text: helpText },
      defaultConfiguration: { level: LEVEL[r.severity] },
      properties: { category: r.category, tags: ['flatten-classes', r.category] },
    };
  });

  const results = diagnostics.map((d) => {
    const text = d.hint ? `${d.message}\n${d.hint}` : d.message;
    const res: Record<string, unknown> = {
      ruleId: d.code,
      ruleIndex: ruleIndex.get(d.code)!,
      level: LEVEL[d.severity],
      message: { text },
      locations: [] as unknown[],
      properties: { category: d.category, ...(d.classes && d.classes.length > 0 ? { classes: [...d.classes] } : {}) },
    };
    if (d.file !== '') {
      const physicalLocation: Record<string, unknown> = {
        artifactLocation: { uri: pathToUriReference(d.file), uriBaseId: SARIF_SRCROOT },
      };
      if (Number.isInteger(d.line) && d.line >= 1) {
        physicalLocation.region = Number.isInteger(d.column) && d.column >= 1 ? { startLine: d.line, startColumn: d.column } : { startLine: d.line };
      }
      res.locations = [{ physicalLocation }];
    }
    return res;
  });

  const fatal = diagnostics.some((d) => d.severity === 'error' && (d.category === 'parse' || d.category === 'config'));
  const driver: Record<string, unknown> = { name: 'flatten-classes', version: opts.version, rules };
  if (/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(opts.version)) driver.semanticVersion = opts.version;

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        invocations: [{ executionSuccessful: !fatal }],
        originalUriBaseIds: { [SARIF_SRCROOT]: { uri: `${pathToFileURL(cwd).href.replace(/\/$/, '')}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** The SARIF log, pretty-printed with 2 spaces and a trailing newline. */
export function formatSarif(result: FlattenResult, opts: SarifOptions): string {
  return `${JSON.stringify(buildSarif(result, opts), null, 2)}\n`;
}
