// Exit-code policy for --check (--fail-on) and the flag combinations the main command refuses.
import type { Diagnostic } from '../../types.js';
import type { FailOn } from '../config.js';

const RANK = { error: 0, warning: 1, info: 2 } as const;
const THRESHOLD: Record<FailOn, number> = { error: 0, warning: 1, info: 2, never: -1 };

/** Whether `--check` fails: some diagnostic is at least as severe as `failOn` (`never`: never). */
export function failsCheck(diagnostics: readonly Diagnostic[], failOn: FailOn): boolean {
  const limit = THRESHOLD[failOn];
  return diagnostics.some((d) => RANK[d.severity] <= limit);
}

export interface ModeFlags {
  inPlace?: boolean;
  dryRun?: boolean;
  force?: boolean;
  outDir?: string;
  copyFiles?: boolean;
  sourceMaps?: boolean;
}

/** A one-line error for flags that do not go together, or undefined. */
export function flagProblem(flags: ModeFlags): string | undefined {
  if (flags.force && !flags.inPlace) return '--force only applies to --in-place';
  if (flags.inPlace && flags.outDir !== undefined) return '--in-place rewrites the inputs themselves; it cannot be combined with --out-dir';
  if (flags.inPlace && flags.copyFiles) return '--in-place rewrites the inputs themselves; it cannot be combined with --copy-files';
  if (flags.inPlace && flags.sourceMaps) return '--in-place rewrites the inputs themselves; it cannot be combined with --source-maps (the maps would point to the code the rewrite replaced)';
  return undefined;
}
