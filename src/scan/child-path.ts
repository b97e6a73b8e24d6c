import type { NodePath } from '@babel/traverse';

/**
 * `path.get(key)`: a child's path (or the paths of a list), through a plain signature on purpose.
 * TypeScript resolves NodePath#get's keyed overloads against every node type the path may hold, which
 * cost it seconds per call site (85 s of type checking for the project before this helper).
 */
export function childPath<P = NodePath>(path: unknown, key: string): P {
  return (path as { get(key: string): unknown }).get(key) as P;
}
