// docs/recipes/dev-server.mjs run for real on a sample: the dev server starts after the first build
// (mirror and source maps written), a save is rebuilt while it runs, SIGTERM stops both.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cleanupTempDirs, sampleProject } from './helpers/cli.js';

afterAll(cleanupTempDirs);

// Stands for `vite flat`: says what it found when it started, then serves until stopped.
const FAKE_SERVER = `
const fs = require('node:fs');
console.log('SERVER UP mirror=' + fs.existsSync('flat/square.js') + ' map=' + fs.existsSync('flat/square.js.map'));
process.on('SIGTERM', () => { console.log('SERVER DOWN'); process.exit(0); });
setInterval(() => {}, 1000);
`;

describe('docs/recipes/dev-server.mjs', () => {
  it('starts the dev server after the first build, rebuilds on a save, and stops both on SIGTERM', async () => {
    const dir = sampleProject('shapes-js');
    // As installed: node_modules/flatten-classes is this package.
    mkdirSync(path.join(dir, 'node_modules'));
    symlinkSync(ROOT, path.join(dir, 'node_modules/flatten-classes'), 'dir');
    copyFileSync(path.join(ROOT, 'docs/recipes/dev-server.mjs'), path.join(dir, 'dev-server.mjs'));

    const child = spawn(process.execPath, ['dev-server.mjs', process.execPath, '-e', FAKE_SERVER], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => void (stderr += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const seen = (re: RegExp, what: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => re.test(stdout) && (child.stdout.off('data', check), resolve());
        child.stdout.on('data', (b: Buffer) => {
          stdout += b.toString();
          check();
        });
        check();
        void exited.then(() => reject(new Error(`exited before ${what}:\n${stdout}\n${stderr}`)));
      });
    try {
      await seen(/SERVER UP mirror=true map=true/, 'the dev server');
      expect(stdout.indexOf('Watching for changes')).toBeLessThan(stdout.indexOf('SERVER UP'));
      const shape = path.join(dir, 'src/shape.js');
      writeFileSync(shape, readFileSync(shape, 'utf8').replace('return 0;', 'return 0; // EDITED'));
      await seen(/src\/shape\.js: rebuilt in \d+ ms/, 'the rebuild');
      expect(readFileSync(path.join(dir, 'flat/polygon.js'), 'utf8')).toContain('// EDITED');
      expect(existsSync(path.join(dir, 'flat/polygon.js.map'))).toBe(true);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stdout).toContain('SERVER DOWN');
      expect(stderr).toBe('');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
