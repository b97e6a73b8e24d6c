// The doc comments that give a class options (`/** @flatten-ignore */`, `/** @flatten skip: statics */`),
// read once by the summary from the comments the parser attached (ClassInfo.flattenDoc): the rewrite
// reads a class's options, and whether a descendant is ignored, without the class's syntax.
import { t } from '../babel.cjs';

/** What the summary's paths (Babel's or the plain resolver's) give for this walk. */
interface UpPath {
  node: t.Node;
  parentPath: UpPath | null;
}

/**
 * The leading comments that mention `@flatten` on the class, its export or variable statement, or on a
 * mixin factory that returns it: up to the statement that holds it, at most six levels up.
 */
export function flattenDocOf(classPath: UpPath): string[] {
  const holders: t.Node[] = [classPath.node];
  let p = classPath.parentPath;
  for (let depth = 0; p && depth < 6; depth++, p = p.parentPath) {
    holders.push(p.node);
    const parent = p.parentPath?.node;
    if (t.isStatement(p.node) && !t.isReturnStatement(p.node) && !t.isBlockStatement(p.node) && (t.isProgram(parent) || t.isExportDeclaration(parent))) {
      if (t.isExportDeclaration(parent)) holders.push(parent);
      break;
    }
  }
  const out: string[] = [];
  for (const n of holders) for (const c of n.leadingComments ?? []) if (c.value.includes('@flatten')) out.push(c.value);
  return out;
}

/** Does a `@flatten-ignore` comment ask that the class be left as it was? */
export function asksIgnore(doc: readonly string[]): boolean {
  return doc.some((text) => /@flatten-ignore\b/.test(text));
}
