// `flatten-classes graph`: the class graph as Mermaid, Graphviz DOT or JSON.
import { Option } from 'commander';
import { graphData, inspectProject, type ClassGraphData, type GraphNode } from '../../api/inspect.js';
import { PROGRAM, parseExtensions, parseOrExit, settingsFor, subcommand, type CommandIO } from './common.js';

export const GRAPH_FORMATS = ['mermaid', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function graphProgram(io: CommandIO) {
  return subcommand('graph', io)
    .description(
      'Print the class graph: every class and what it extends, across files, with external and computed bases ' +
        'marked. Mermaid output renders on GitHub in a mermaid code block.',
    )
    .argument('[paths...]', "files and directories to scan (default: the config file's paths, else src)")
    .addOption(new Option('--format <format>', 'output format (default: mermaid)').choices([...GRAPH_FORMATS]))
    .option('--extensions <exts>', 'comma-separated source extensions', parseExtensions)
    .option('--ignore <glob...>', 'skip files matching these globs')
    .option('--config <path>', `config file (default: nearest ${PROGRAM}.config.{js,mjs,cjs,json})`)
    .addHelpText(
      'after',
      `
Examples:
  $ ${PROGRAM} graph src > classes.mmd
  $ ${PROGRAM} graph src --format dot | dot -Tsvg > classes.svg
`,
    );
}

export async function runGraph(argv: string[], io: CommandIO): Promise<number> {
  const program = graphProgram(io);
  const early = parseOrExit(program, argv, io);
  if (early !== undefined) return early;
  const opts = program.opts<{ format?: GraphFormat; extensions?: string[]; ignore?: string[]; config?: string }>();
  const paths = (program.processedArgs[0] as string[] | undefined) ?? [];
  const settings = await settingsFor({ paths: paths.length > 0 ? paths : undefined, extensions: opts.extensions, ignore: opts.ignore }, opts.config, io);
  if (typeof settings === 'number') return settings;
  const inspection = await inspectProject(settings.options);
  const fatal = inspection.diagnostics.filter((d) => d.category === 'config' && d.severity === 'error');
  if (fatal.length > 0) {
    for (const d of fatal) io.err(`${PROGRAM}: error: ${d.file ? `${d.file}: ` : ''}${d.message}\n`);
    return 2;
  }
  const data = graphData(inspection);
  const format = opts.format ?? 'mermaid';
  io.out(format === 'json' ? formatGraphJson(data) : format === 'dot' ? formatDot(data) : formatMermaid(data));
  // Files that could not be parsed are missing from the graph: say so, but the graph is still printed.
  const parse = inspection.diagnostics.filter((d) => d.category === 'parse');
  for (const d of parse) io.err(`${PROGRAM}: warning: ${d.file}:${d.line}:${d.column}: ${d.message} (its classes are not in the graph)\n`);
  return parse.length > 0 ? 2 : 0;
}

export function formatGraphJson(data: ClassGraphData): string {
  return `${JSON.stringify({ version: 1, ...data }, null, 2)}\n`;
}

/** Mermaid ids: the class name when it is unique and a plain identifier, else a numbered one with a label. */
function mermaidIds(nodes: GraphNode[]): Map<string, { id: string; label: string | null }> {
  const count = new Map<string, number>();
  for (const n of nodes) count.set(n.name, (count.get(n.name) ?? 0) + 1);
  const used = new Set<string>();
  const out = new Map<string, { id: string; label: string | null }>();
  let next = 1;
  for (const n of nodes) {
    const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(n.name) && count.get(n.name) === 1 && !used.has(n.name);
    if (plain) {
      used.add(n.name);
      out.set(n.id, { id: n.name, label: null });
      continue;
    }
    let id: string;
    do id = `${n.name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[^A-Za-z_])/, '_')}_${next++}`;
    while (used.has(id) || count.has(id));
    used.add(id);
    const where = n.kind === 'class' && count.get(n.name)! > 1 ? ` (${n.file})` : '';
    out.set(n.id, { id, label: `${n.name}${where}` });
  }
  return out;
}

/** Mermaid `classDiagram`; `Base <|-- Sub` edges, external and computed bases annotated. */
export function formatMermaid(data: ClassGraphData): string {
  const ids = mermaidIds(data.nodes);
  const lines = ['classDiagram'];
  for (const n of data.nodes) {
    const { id, label } = ids.get(n.id)!;
    // A Mermaid label cannot hold double quotes.
    lines.push(label ? `  class ${id}["${label.replace(/"/g, "'")}"]` : `  class ${id}`);
    const annotation = n.kind === 'external' ? 'external' : n.kind === 'opaque' ? 'computed' : n.flattened ? 'flattened' : null;
    if (annotation) lines.push(`  <<${annotation}>> ${id}`);
  }
  for (const e of data.edges) lines.push(`  ${ids.get(e.to)!.id} <|-- ${ids.get(e.from)!.id}`);
  return `${lines.join('\n')}\n`;
}

function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Graphviz DOT; arrows point from a subclass to what it extends (UML style, hollow heads). */
export function formatDot(data: ClassGraphData): string {
  const lines = [
    'digraph classes {',
    '  rankdir=BT;',
    '  node [shape=box, fontname="Helvetica"];',
    '  edge [arrowhead=empty];',
  ];
  for (const n of data.nodes) {
    const attrs: string[] = [];
    if (n.kind === 'class') {
      attrs.push(`label=${dotString(`${n.name}\n${n.file}:${n.line}`)}`);
      if (n.flattened) attrs.push('style=bold');
    } else {
      attrs.push(`label=${dotString(`${n.name}\n(${n.kind === 'external' ? 'external' : 'computed'})`)}`, 'style=dashed');
    }
    lines.push(`  ${dotString(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of data.edges) lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)}${e.kind === 'class' ? '' : ' [style=dashed]'};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
