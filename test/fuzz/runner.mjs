// Runs several fuzz programs, one after the other, in this one process (saves a node start-up per
// program). Each program is a separate file tree, so modules are never shared between programs; what
// a program prints through console is captured and sent to the parent over IPC, with the error that
// escaped it (if any). Usage (from property.ts): fork(runner.mjs, [entry, ...]).
//
// Generated programs do not touch built-ins, timers or process state, so running them in sequence in
// one process gives the output each would give alone; the parent still confirms every counterexample
// in fresh processes before reporting it.

import { format } from 'node:util';
import { pathToFileURL } from 'node:url';

let out = [];
let err = [];
let escaped = null;
const describe = (e) => (e instanceof Error ? `${e.name}: ${e.message}` : `non-error: ${String(e)}`);

console.log = (...args) => void out.push(format(...args) + '\n');
console.info = console.log;
console.error = (...args) => void err.push(format(...args) + '\n');
console.warn = console.error;
process.on('uncaughtException', (e) => {
  escaped ??= describe(e);
});
process.on('unhandledRejection', (e) => {
  escaped ??= describe(e);
});

const send = (msg) => new Promise((resolve) => process.send(msg, undefined, {}, () => resolve()));

for (const entry of process.argv.slice(2)) {
  out = [];
  err = [];
  escaped = null;
  const started = performance.now();
  try {
    await import(pathToFileURL(entry).href);
  } catch (e) {
    escaped ??= describe(e);
  }
  // Let promise jobs and immediates the program queued run before its output is taken.
  await new Promise((resolve) => setImmediate(resolve));
  await send({ entry, stdout: out.join(''), stderr: err.join(''), error: escaped, ms: Math.round(performance.now() - started) });
}
process.disconnect();
