// Compare the plain summary (src/scan/summarize-plain.ts) with the Babel-based one on every file of
// the trees given: `npm run build && node scripts/compare-summaries.mjs <dir>...`. Prints the files
// that differ (exit 1 if any) and how many fell back to Babel.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseSource } from '../dist/scan/parse.js';
import { summarizeModule } from '../dist/scan/summarize.js';
import { comparableSummary } from '../dist/scan/summary-compare.js';

const SOURCE = /\.(m|c)?(j|t)sx?$/i;
function* files(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) yield* files(full);
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) yield full;
  }
}

let total = 0, differ = 0, fellBack = 0, plainOnes = 0, failed = 0;
for (const root of process.argv.slice(2)) {
  for (const file of files(root)) {
    const code = readFileSync(file, 'utf8');
    const a = parseSource(file, code);
    if (!a.ok) continue;
    total++;
    let plain, babel;
    try {
      plain = summarizeModule(file, file, code, a.ast, a.isModule, { keepTree: true });
    } catch (e) {
      plain = e;
    }
    try {
      const b = parseSource(file, code);
      babel = summarizeModule(file, file, code, b.ast, b.isModule, { alwaysTraverse: true, keepTree: true });
    } catch (e) {
      babel = e;
    }
    if (plain instanceof Error || babel instanceof Error) {
      if (!(plain instanceof Error && babel instanceof Error && plain.message === babel.message)) {
        differ++;
        console.log(`DIFF (error) ${file}: ${plain instanceof Error ? plain.message : 'ok'} / ${babel instanceof Error ? babel.message : 'ok'}`);
      } else failed++;
      continue;
    }
    const lazy = Object.getOwnPropertyDescriptor(plain, 'programPath')?.get !== undefined;
    if (!lazy) fellBack++;
    else if (plain.classes.length > 0 || plain.uses.length > 0) plainOnes++;
    if (!isDeepStrictEqual(comparableSummary(plain), comparableSummary(babel))) {
      differ++;
      console.log(`DIFF ${file}`);
      if (process.env.SHOW) console.log(JSON.stringify(comparableSummary(plain), null, 1), JSON.stringify(comparableSummary(babel), null, 1));
    }
  }
}
console.log(`${total} files, ${plainOnes} summarized plainly with classes or uses, ${fellBack} fell back to Babel, ${failed} failed both ways alike, ${differ} differ`);
process.exit(differ > 0 ? 1 : 0);
