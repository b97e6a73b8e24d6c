// Patches of project classes after definition (--keep-patched): `Base.prototype.m = …`,
// `Base.x = …`, a static written through `this` in a static method. The report warns about each
// one that a flattened subclass misses (report/detect.ts: prototype-patched, static-patched,
// static-shared-through-this); with --keep-patched the rewrite leaves every class with a patched
// former ancestor as it was instead (flatten/rewrite.ts), so those warnings are never given.
//
// Built once per graph, outside watch mode's recorded units: a unit reads `graph.patches` by key
// (the ids of its classes' ancestors), so a patch that appears, moves or goes in any file makes
// exactly the units whose classes it concerns run again (session-rewrite.ts compares each key's
// value with the previous graph's).
import type { ModuleInfo, NameRef, UseSite } from '../scan/module-info.js';
import type { Resolved } from './class-graph.js';
import { useTargetOf, type ClassId } from './class-id.js';

/** One patch of a class, as plain data (digested by watch mode, named by the kept class's info). */
export interface PatchSite {
  /** The report code it would get: `prototype-patched`, `static-patched` or `static-shared-through-this`. */
  code: 'prototype-patched' | 'static-patched' | 'static-shared-through-this';
  /** The member patched (`*` for Object.assign and the like). */
  member: string;
  /** cwd-relative file of the patch, `/` separators. */
  file: string;
  line: number;
  column: number;
  /** The source text of the patch. */
  text: string;
}

/** The patch a use is, if it is one (its code as the report would give it). */
export function patchCode(site: UseSite): PatchSite['code'] | null {
  const u = site.use;
  if (u.kind === 'prototype-patch') return 'prototype-patched';
  if (u.kind === 'static-patch') return u.target.kind === 'this-static' ? 'static-shared-through-this' : 'static-patched';
  return null;
}

/** Every patched project class → its patches, sorted by file, line, column (whatever the module order). */
export function patchIndex(
  modules: Iterable<ModuleInfo>,
  classes: ReadonlyMap<ClassId, unknown>,
  resolveReported: (module: ModuleInfo, ref: NameRef) => Resolved,
): Map<ClassId, PatchSite[]> {
  const found = new Map<ClassId, PatchSite[]>();
  for (const module of modules) {
    for (const site of module.uses) {
      const code = patchCode(site);
      if (code === null) continue;
      const u = site.use as { target: NameRef; member: string };
      const target = useTargetOf(resolveReported, module, u.target);
      if (!classes.has(target)) continue;
      const list = found.get(target) ?? [];
      list.push({ code, member: u.member, file: module.relPath, line: site.line, column: site.column, text: site.text });
      found.set(target, list);
    }
  }
  const byPlace = (a: PatchSite, b: PatchSite) =>
    a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);
  const ids = [...found.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(ids.map((id) => [id, found.get(id)!.sort(byPlace)]));
}
