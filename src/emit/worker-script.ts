// Where the mirror worker's script is: the compiled dist/emit/<name>.js next to the module that starts
// it; under vitest (which runs src/*.ts) the TypeScript source, loaded through tsx. (scan/workers.ts
// resolves tsx's CommonJS entry, which cannot register the loader: under vitest its workers fail to
// start and the main thread scans everything.)

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The Worker constructor's first two arguments for the script `<name>` beside the module at `base` (its import.meta.url). */
export function workerScript(name: string, base: string): [string | URL, { eval?: boolean }] {
  const url = new URL(`./${name}.${base.endsWith('.ts') ? 'ts' : 'js'}`, base);
  if (!url.pathname.endsWith('.ts')) return [url, {}];
  // tsx's ES entry: require.resolve finds the CommonJS one (index.cjs), which fails to register the
  // loader when imported (ERR_MODULE_NOT_FOUND), so the worker died and its files went to the main
  // thread unnoticed; the ES entry is its .mjs sibling.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return [`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true }];
}
