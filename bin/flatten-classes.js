#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/ (built from src/ by `npm run build`, which `npm install` runs via `prepare`).
import { main } from '../dist/cli/main.js';

// A reader that stops early (`flatten-classes --help | head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

let settled = false;

// Node exits when nothing is left to wait for, even while main() is still pending (something it awaits,
// such as a config file's top-level await, never settles): it would exit 0 having done nothing. main()
// reports the cases it knows (from its own 'beforeExit' listener); the check waits a turn for that.
process.on('beforeExit', () => {
  if (settled) return;
  setImmediate(() => {
    if (settled) return;
    settled = true;
    console.error('flatten-classes: error: the run stopped before it finished: something it waited for never happened');
    process.exitCode = 2;
  });
});

// --watch runs in a child process with a larger young generation (src/watch/relaunch.ts); this one waits for it.
const argv = process.argv.slice(2);
const relaunch = argv.includes('--watch') ? await import('../dist/watch/relaunch.js') : null;
(relaunch?.shouldRelaunch(argv) ? relaunch.relaunch(process.argv[1], argv) : main(argv)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error) => {
    settled = true;
    // Only internal errors reach here: user errors are reported by main() with an exit code.
    console.error('flatten-classes: internal error (please report it):');
    console.error(error && error.stack ? error.stack : String(error));
    process.exitCode = 2;
  },
);
