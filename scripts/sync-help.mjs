#!/usr/bin/env node
// Rewrites the --help blocks of docs/CLI.md and README.md from the built CLI (run `npm run build` first).
// A block is a fenced code block right after a line "`flatten-classes [command] --help` prints:";
// test/cli-docs.test.ts checks that they match.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'bin/flatten-classes.js');
const re = /^(`flatten-classes((?: [a-z]+)*) --help` prints:\n\n```[a-z]*\n)([\s\S]*?)(\n```)$/gm;

for (const rel of ['docs/CLI.md', 'README.md']) {
  const file = path.join(root, rel);
  if (!existsSync(file)) continue;
  const before = readFileSync(file, 'utf8');
  const after = before.replace(re, (_all, head, command, _old, tail) => {
    const argv = [...command.trim().split(' ').filter(Boolean), '--help'];
    const help = execFileSync(process.execPath, [bin, ...argv], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    return `${head}${help.trimEnd()}${tail}`;
  });
  if (after !== before) {
    writeFileSync(file, after);
    console.log(`updated ${rel}`);
  }
}
