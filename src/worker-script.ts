// Where a worker thread's script is (the scan workers', the mirror writer's): the compiled
// dist/<dir>/<name>.js next to the module that starts it; under vitest (which runs src/*.ts) the
// TypeScript source, loaded through tsx.

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** The Worker constructor's first two arguments for the script `<name>` beside the module at `base` (its import.meta.url). */
export function workerScript(name: string, base: string): [string | URL, { eval?: boolean }] {
  const url = new URL(`./${name}.${base.endsWith('.ts') ? 'ts' : 'js'}`, base);
  if (!url.pathname.endsWith('.ts')) return [url, {}];
  // tsx's ES entry: require.resolve finds the CommonJS one (index.cjs), which fails to register the
  // loader when imported (ERR_MODULE_NOT_FOUND): the scan workers used to die under vitest, their
  // files went to the main thread unnoticed, and the tests never ran a worker. The ES entry is its
  // .mjs sibling.
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return [`import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); })`, { eval: true }];
}

/**
 * Worker threads get the main thread's stack (V8's default --stack-size, 984 KB), not Node's 4 MB for
 * workers: the parser runs out of stack on deeply nested code ("too-deep"), and where it does must
 * not depend on which thread scanned the file. Node keeps 192 KB of a worker's stack for itself.
 */
export const MAIN_THREAD_STACK_MB = (984 + 192) / 1024;
