// `flatten-classes explain <Class>`: the flattened layout of one class.
import { Option } from 'commander';
import { explainClass, findClass, inspectProject, qualifiedName, type ClassLayout, type MemberLayout } from '../../api/inspect.js';
import { normaliseAndSort } from '../../report/sort.js';
import type { Diagnostic } from '../../types.js';
import { PROGRAM, parseExtensions, parseOrExit, settingsFor, subcommand, type CommandIO } from './common.js';

export const EXPLAIN_FORMATS = ['pretty', 'json'] as const;

export function explainProgram(io: CommandIO) {
  return subcommand('explain', io)
    .description(
      'Show the flattened layout of one class: its MRO, every member with the class it comes from and what it ' +
        'overrides, instance fields in initialization order with their declared types, and the diagnostics about it.',
    )
    .argument('<class>', 'a class name, or file:Class when the name is not unique')
    .argument('[paths...]', 'files and directories to scan (default: the config file\'s paths, else src)')
    .addOption(new Option('--format <format>', 'output format (default: pretty)').choices([...EXPLAIN_FORMATS]))
    .option('--extensions <exts>', 'comma-separated source extensions', parseExtensions)
    .option('--ignore <glob...>', 'skip files matching these globs')
    .option('--keep-patched', 'as the main command\'s --keep-patched: classes whose former ancestors are patched after definition stay as they are')
    .option('--config <path>', `config file (default: nearest ${PROGRAM}.config.{js,mjs,cjs,json})`)
    .addHelpText(
      'after',
      `
Examples:
  $ ${PROGRAM} explain Square
  $ ${PROGRAM} explain src/shapes/square.ts:Square --format json
`,
    );
}

export async function runExplain(argv: string[], io: CommandIO): Promise<number> {
  const program = explainProgram(io);
  const early = parseOrExit(program, argv, io);
  if (early !== undefined) return early;
  const opts = program.opts<{ format?: 'pretty' | 'json'; extensions?: string[]; ignore?: string[]; keepPatched?: boolean; config?: string }>();
  const query = program.processedArgs[0] as string;
  const paths = (program.processedArgs[1] as string[] | undefined) ?? [];

  const settings = await settingsFor(
    { paths: paths.length > 0 ? paths : undefined, extensions: opts.extensions, ignore: opts.ignore, keepPatched: opts.keepPatched },
    opts.config,
    io,
  );
  if (typeof settings === 'number') return settings;
  const inspection = await inspectProject(settings.options);
  const fatal = inspection.diagnostics.filter((d) => d.category === 'config' && d.severity === 'error');
  if (fatal.length > 0) {
    for (const d of fatal) io.err(`${PROGRAM}: error: ${d.file ? `${d.file}: ` : ''}${d.message}\n`);
    return 2;
  }

  const found = findClass(inspection, query);
  if (found.kind === 'ambiguous') {
    io.err(`${PROGRAM}: error: "${query}" names ${found.candidates.length} classes; name one as file:Class:\n`);
    for (const c of found.candidates) io.err(`  ${qualifiedName(c)}  (line ${c.info.line})\n`);
    return 2;
  }
  if (found.kind === 'not-found') {
    const scanned = settings.options.paths.join(', ');
    io.err(`${PROGRAM}: error: no class "${query}" in ${scanned}\n`);
    if (found.similar.length > 0) io.err(`  did you mean: ${found.similar.map(qualifiedName).join(', ')}\n`);
    return 2;
  }
  const layout = explainClass(inspection, found.node);
  io.out(opts.format === 'json' ? formatExplainJson(layout, inspection.cwd) : formatExplainPretty(layout, inspection.cwd));
  return 0;
}

/** The JSON shape of `explain --format json` (version 1). */
export function buildExplainJson(layout: ClassLayout, cwd: string) {
  return {
    version: 1 as const,
    class: layout.class,
    flattened: layout.flattened,
    extends: layout.extendsAfter,
    mro: layout.mro,
    members: { prototype: layout.prototypeMembers, static: layout.staticMembers },
    fields: layout.fields,
    externalFieldsFrom: layout.externalFieldsFrom,
    diagnostics: normaliseAndSort(layout.diagnostics, cwd).map((d) => ({
      category: d.category,
      code: d.code,
      severity: d.severity,
      file: d.file,
      line: d.line,
      column: d.column,
      message: d.message,
      hint: d.hint ?? null,
      classes: d.classes ? [...d.classes] : [],
    })),
  };
}

export function formatExplainJson(layout: ClassLayout, cwd: string): string {
  return `${JSON.stringify(buildExplainJson(layout, cwd), null, 2)}\n`;
}

function memberLabel(m: MemberLayout): string {
  switch (m.kind) {
    case 'method':
      return `${m.name}()`;
    case 'get':
    case 'set':
    case 'get/set':
      return `${m.kind} ${m.name}`;
    case 'accessor':
      return `accessor ${m.name}`;
    default:
      return m.name;
  }
}

function table(rows: string[][], indent = '  '): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((r) => indent + r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('   ').trimEnd());
}

function memberRows(members: MemberLayout[]): string[][] {
  return members.map((m) => [memberLabel(m), `from ${m.from}`, m.overrides.length > 0 ? `overrides ${m.overrides.join(', ')}` : '']);
}

function diagnosticLine(d: Diagnostic): string {
  const loc = d.line >= 1 ? `${d.file}:${d.line}${d.column >= 1 ? `:${d.column}` : ''}` : d.file;
  return `  ${loc}  ${d.severity}  ${d.message.replace(/\n/g, '\n    ')}  [${d.category}/${d.code}]`;
}

export function formatExplainPretty(layout: ClassLayout, cwd: string): string {
  const lines: string[] = [];
  const c = layout.class;
  lines.push(`class ${c.name}  (${c.file}:${c.line})`);
  const chainLength = layout.mro.filter((e) => e.kind === 'class').length;
  if (layout.flattened) lines.push(`flattened: yes; extends ${layout.extendsAfter ?? 'nothing'} after flattening`);
  else if (chainLength > 1) lines.push(`flattened: no; left as it was, still extends ${layout.extendsAfter ?? '?'} (see the diagnostics)`);
  else lines.push(`flattened: no project ancestors${layout.extendsAfter ? `; extends ${layout.extendsAfter}` : ''}`);

  lines.push('', 'MRO (method resolution order)');
  lines.push(
    ...table(
      layout.mro.map((e, i) => [
        `${i + 1}.`,
        e.name,
        e.kind === 'class' ? `${e.file}:${e.line}` : e.kind === 'external' ? '(external)' : `(computed: ${e.reason})`,
      ]),
    ),
  );

  lines.push('', 'Prototype members');
  lines.push(...(layout.prototypeMembers.length > 0 ? table(memberRows(layout.prototypeMembers)) : ['  (none)']));
  lines.push('', 'Static members');
  lines.push(...(layout.staticMembers.length > 0 ? table(memberRows(layout.staticMembers)) : ['  (none)']));

  lines.push('', 'Instance fields, in initialization order (storage layout)');
  if (layout.externalFieldsFrom) lines.push(`  (fields that the external base ${layout.externalFieldsFrom} defines come first; they are not known here)`);
  if (layout.fields.length === 0) lines.push('  (none)');
  else {
    lines.push(
      ...table(
        layout.fields.map((f, i) => [
          `${i + 1}.`,
          `${f.kind === 'accessor' ? 'accessor ' : ''}${f.name}${f.type ? `: ${f.type}` : ''}${f.initializer !== null ? ` = ${f.initializer}` : ''}`,
          `from ${f.from}${f.kind === 'parameter-property' ? ' (parameter property)' : f.kind === 'assigned' ? ' (assigned in the constructor)' : ''}${f.redefines ? `, redefines ${f.redefines}` : ''}`,
        ]),
      ),
    );
  }

  const diags = normaliseAndSort(layout.diagnostics, cwd);
  lines.push('', `Diagnostics (${diags.length})`);
  lines.push(...(diags.length > 0 ? diags.map(diagnosticLine) : ['  (none)']));
  return `${lines.join('\n')}\n`;
}
