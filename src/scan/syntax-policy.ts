// Which summarized modules of a batch run keep their syntax tree (and Babel's paths and scopes), and
// which drop it until the rewrite reads it (scan/detach.ts). Only memory and time depend on the choice:
// a dropped tree is made again from the same code, which gives the same summary and the same output.
//
// Keeping costs memory: a tree with its paths and scopes is about 30–45 bytes of heap per byte of
// source, and V8 lets garbage grow to a multiple of what is alive before it collects. Dropping costs
// time for a module the rewrite reads later: a second parse and summary (on three.js, whose modules
// are nearly all rewritten, dropping every tree cost +40 % CPU when that summary was Babel's traverse;
// it is the plain resolver's now, about a third of that). So modules with a derived class (what
// the rewrite flattens, nearly always) keep theirs while their source fits in a budget; beyond it,
// and for every other module, the tree goes. The rewrite then lets each tree go once no later class
// needs it (flatten/rewrite.ts).
import type { ModuleInfo } from './module-info.js';

/** Source bytes (UTF-16 code units) of modules that keep their tree once summarized. */
export const KEPT_SOURCE_BUDGET = 3_000_000;

/** Decides, module by module in the order they are summarized, which ones keep their syntax. */
export class SyntaxBudget {
  private left: number;

  constructor(bytes = KEPT_SOURCE_BUDGET) {
    this.left = bytes;
  }

  /**
   * The budget of a scan that knows, before it summarizes anything, how many bytes the files that may
   * hold a derived class have (those whose text contains `extends`): all of them keep their tree when
   * they fit in KEPT_SOURCE_BUDGET, none when they do not. A project whose derived modules fit (three.js:
   * 2.6 MB) has nearly all of them rewritten, and would parse them twice otherwise; in a larger one
   * (@babylonjs/core: 10.4 MB) the budget held only the first few, about 60 MB of trees alive through
   * the scan and the class graph, which V8's heap growth turned into about a quarter of the peak memory,
   * for a second parse saved on less than a third of what the rewrite reads.
   */
  static forDerivedBytes(derivedBytes: number): SyntaxBudget {
    return new SyntaxBudget(derivedBytes <= KEPT_SOURCE_BUDGET ? KEPT_SOURCE_BUDGET : 0);
  }

  /** Whether the module keeps its tree: it has a derived class and its source fits in what is left. */
  keeps(info: ModuleInfo): boolean {
    if (!info.classes.some((c) => c.superSyntax) || info.code.length > this.left) return false;
    this.left -= info.code.length;
    return true;
  }
}
