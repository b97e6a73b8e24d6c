import { t } from '../babel.cjs';
import type { ModuleInfo } from '../scan/module-info.js';
import { parseSource } from '../scan/parse.js';
import { applyEdits, indentAt, newlineOf, stripAnchors, type Edit } from './edits.js';

/**
 * A TypeScript file whose flattened class no longer extends the class it imported: the import
 * `import { Base } from './base'` is then read by nothing, which `noUnusedLocals` rejects (TS6133), and
 * which tsc and Babel would drop from their output, taking the module's evaluation with it. The
 * original read `Base` as a value (in `extends`), so its module was always evaluated there: the
 * binding goes, the evaluation stays (`import './base'`, at the same place in the import order).
 *
 * Only imports some class of the file extends, and only when the new text reads the name nowhere
 * (any identifier of that name outside import declarations counts as a read): everything else is
 * left as it was. JavaScript files are left alone (no compiler rejects or drops an unused import).
 */
export function heritageImportEdits(module: ModuleInfo, file: string, edits: Edit[]): Edit[] {
  if (!module.isTypeScript || !module.isModule || edits.length === 0) return [];
  const candidates = new Set<string>();
  for (const c of module.classes) {
    const s = c.superSyntax;
    if (s?.kind !== 'ref' || s.ref.kind !== 'import') continue;
    const imp = module.imports.get(s.ref.local);
    if (imp && !imp.viaRequire && !imp.typeOnly && imp.imported !== '*') candidates.add(s.ref.local);
  }
  if (candidates.size === 0) return [];
  // The new text is the original outside the edits, and the edits' texts. A name read in the original
  // outside every edit is read in the new text too; a name read nowhere else and absent from every
  // edit's text is read nowhere. Only what is left (a name an edit's text mentions, perhaps in a
  // comment) needs the new text parsed, which is the one exact test (and a second parse of the file).
  const insideEdit = (n: t.Node) => edits.some((e) => e.end > e.start && e.start <= n.start! && n.end! <= e.end);
  const kept = readNames(module.ast, candidates, (node) => !insideEdit(node));
  const unsure = [...candidates].filter((n) => !kept.has(n));
  const texts = edits.map((e) => stripAnchors(e.text).replace(PROVENANCE, '').replace(STATIC_IMPORT, ''));
  const mentioned = unsure.filter((n) => texts.some((x) => new RegExp(`(?<![\\w$])${n.replace(/\$/g, '\\$')}(?![\\w$])`).test(x)));
  let read = new Set<string>();
  if (mentioned.length > 0) {
    // With source maps, copied texts carry origin anchors: the trial reads the text without them.
    const trial = parseSource(file, stripAnchors(applyEdits(module.code, 0, module.code.length, edits)));
    if (!trial.ok) return [];
    read = readNames(trial.ast, new Set(mentioned));
  }
  const unused = unsure.filter((n) => !read.has(n));
  if (unused.length === 0) return [];
  return removals(module, new Set(unused));
}

/**
 * The comment line the rewrite puts before each ancestor's copied members (`// from Base (src/base.ts)`,
 * flatten-class.ts, apply-mixins.ts): it names the ancestor in nearly every flattened file, and is a
 * whole line, so never a read of the name.
 */
const PROVENANCE = /^[ \t]*\/\/ from [\w$]+ \([^\n]*\)$/gm;

/** A whole line holding a static import (the imports hygiene adds): its names are bindings, not reads. */
const STATIC_IMPORT = /^[ \t]*import [^()\n]* from ['"][^'"\n]*['"];?[ \t]*$/gm;

/** The candidate names that occur as identifiers (where `counts` says so) anywhere outside import declarations. */
function readNames(ast: t.File, candidates: Set<string>, counts: (n: t.Node) => boolean = () => true): Set<string> {
  const read = new Set<string>();
  for (const stmt of ast.program.body) {
    if (t.isImportDeclaration(stmt)) continue;
    t.traverseFast(stmt, (n) => {
      if ((t.isIdentifier(n) || t.isJSXIdentifier(n)) && candidates.has(n.name) && counts(n)) read.add(n.name);
    });
  }
  return read;
}

function removals(module: ModuleInfo, unused: Set<string>): Edit[] {
  const code = module.code;
  const out: Edit[] = [];
  for (const decl of module.ast.program.body) {
    if (!t.isImportDeclaration(decl) || decl.importKind === 'type') continue;
    const specs = decl.specifiers;
    const i = specs.findIndex((s) => unused.has(s.local.name) && !(t.isImportSpecifier(s) && s.importKind === 'type'));
    if (i === -1) continue;
    const source = code.slice(decl.source.start!, decl.source.end!);
    if (specs.length === 1) {
      // `import { Base } from './base'` → `import './base'`
      out.push({ start: decl.start! + 'import'.length, end: decl.source.start!, text: ' ' });
      continue;
    }
    // One named specifier among others: it goes, and a side-effect import before the declaration keeps
    // the module's evaluation whether or not the other names are read as values.
    if (!specs.every((s) => t.isImportSpecifier(s))) continue;
    const s = specs[i];
    out.push(i < specs.length - 1 ? { start: s.start!, end: specs[i + 1].start!, text: '' } : { start: specs[i - 1].end!, end: s.end!, text: '' });
    out.push({ start: decl.start!, end: decl.start!, text: `import ${source};${newlineOf(code)}${indentAt(code, decl.start!)}` });
  }
  return out;
}
