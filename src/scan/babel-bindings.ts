import { t } from '../babel.cjs';

// Babel's scopes leave TypeScript parameter properties (`constructor(private x: T)`) unbound: its table
// of binding identifiers has no entry for them, so `x` in the constructor would look like a global and
// copied code would spell it `globalThis.x`. The entry makes every scope crawl bind the parameter,
// including the crawls that happen again later (a path made after the batch run empties Babel's path
// cache gets a fresh scope), so no reader has to bind it by hand.
const keys = t.getBindingIdentifiers.keys as Record<string, string[]>;
keys.TSParameterProperty ??= ['parameter'];
