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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    // Only internal errors reach here: user errors are reported by main() with an exit code.
    console.error('flatten-classes: internal error (please report it):');
    console.error(error && error.stack ? error.stack : String(error));
    process.exitCode = 2;
  },
);
