// flatten-classes.config.mjs — a custom resolver for an `@app/…` import alias.
//
// `resolve` replaces the built-in resolver completely, so it handles relative specifiers too.
// Return the absolute path of a scanned file (its classes are project classes), or null for
// anything outside the project (a package or a built-in: its classes stay external).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const isFile = (p) => existsSync(p) && statSync(p).isFile();
const candidates = (base) => [
  base,
  ...['.ts', '.tsx', '.js', '.mjs'].map((ext) => base.replace(/\.js$/, '') + ext),
  ...['index.ts', 'index.js'].map((name) => path.join(base, name)),
];

export default {
  paths: ['src'],
  outDir: 'flat',
  failOn: 'error',
  resolve(specifier, importerPath) {
    let base;
    if (specifier.startsWith('@app/')) base = path.join(root, 'src', specifier.slice('@app/'.length));
    else if (specifier.startsWith('./') || specifier.startsWith('../')) base = path.resolve(path.dirname(importerPath), specifier);
    else return null; // a package or a built-in: external
    return candidates(base).find(isFile) ?? null;
  },
};
