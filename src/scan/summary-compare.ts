// The summary of a module as plain data, syntax by position: what test/summarize-plain.test.ts and
// scripts/compare-summaries.mjs compare between the plain and the Babel-based summaries. Reads no
// path (a plain summary's paths would be made by reading them).
import type * as t from '@babel/types';
import type { ModuleInfo } from './module-info.js';

const at = (n: t.Node | null | undefined): string | null => (n ? `${n.type}@${n.start}-${n.end}` : null);

export function comparableSummary(m: ModuleInfo): unknown {
  return {
    isModule: m.isModule,
    isTypeScript: m.isTypeScript,
    imports: [...m.imports].map(([k, v]) => [k, { ...v, node: at(v.node) }]),
    exports: [...m.exports],
    exportAll: m.exportAll,
    cjsModuleExports: m.cjsModuleExports,
    cjsUnsettled: m.cjsUnsettled === null || m.cjsUnsettled === 'all' ? m.cjsUnsettled : [...m.cjsUnsettled],
    factories: [...m.factories],
    madeClasses: [...m.madeClasses],
    aliases: [...m.aliases],
    applyCalls: m.applyCalls.map((a) => ({ ...a, statement: at(a.statement) })),
    prototypeCopiers: [...m.prototypeCopiers],
    classes: m.classes.map((c) => ({
      index: c.index,
      name: c.name,
      node: at(c.node),
      moduleBinding: c.moduleBinding,
      superRef: c.superRef,
      superSyntax: c.superSyntax,
      holder: c.holder,
      factory: c.factory ? { ...c.factory, fn: at(c.factory.fn) } : null,
      flattenDoc: c.flattenDoc,
      line: c.line,
      column: c.column,
    })),
    uses: m.uses,
    names: [...m.names],
    thisTyped: m.thisTyped,
  };
}
