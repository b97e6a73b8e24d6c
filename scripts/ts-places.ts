// Try flatten-classes on a TypeScript code base the way a user would, and compare tsc on input and mirror:
//   npx tsx scripts/ts-places.ts <work-dir>
// <work-dir> holds `in/` (the sources) and `tsconfig.in.json`; the mirror goes to `flat/` with a
// `tsconfig.flat.json` made from the input's by replacing `in/` with `flat/`.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { flatten } from '../src/index.js';
import { writeMirror } from '../src/emit/mirror.js';
import { checkPlaces, tscErrors } from '../test/typescript/tsc-places.js';

const dir = path.resolve(process.argv[2] ?? '.');
rmSync(path.join(dir, 'flat'), { recursive: true, force: true });
const result = await flatten({ paths: ['in'], outDir: 'flat', cwd: dir });
await writeMirror(path.join(dir, 'flat'), result.files);
writeFileSync(path.join(dir, 'tsconfig.flat.json'), readFileSync(path.join(dir, 'tsconfig.in.json'), 'utf8').replaceAll('in/', 'flat/'));
const inputErrors = tscErrors(path.join(dir, 'tsconfig.in.json'));
const mirrorErrors = tscErrors(path.join(dir, 'tsconfig.flat.json'));
const check = checkPlaces(inputErrors, mirrorErrors, { inputRoot: path.join(dir, 'in'), mirrorRoot: path.join(dir, 'flat'), inputPrefix: 'in/', mirrorPrefix: 'flat/', cwdToInput: (f) => f.replace(/^in\//, ''), diagnostics: result.diagnostics });
const codes = new Map<string, number>();
for (const d of result.diagnostics) codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
console.log(JSON.stringify({
  classesFlattened: result.stats.classesFlattened,
  tscInput: inputErrors.length,
  tscMirror: mirrorErrors.length,
  added: check.added.length,
  covered: check.added.length - check.uncovered.length,
  places: check.places,
  placesWithError: check.placesHit,
  diagnostics: Object.fromEntries([...codes].sort()),
}, null, 2));
for (const e of check.uncovered) console.log(`uncovered ${e.file}:${e.line}:${e.column} TS${e.code} ${e.text}`);
