// The installed entry point: bin/flatten-classes.js run as a process on the built dist/ (npm test builds first).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, cleanupTempDirs, sampleProject } from './helpers/cli.js';

const BIN = path.join(ROOT, 'bin/flatten-classes.js');

beforeAll(() => {
  // `npm test` runs `npm run build` first (pretest); build here only when dist/ is missing altogether.
  if (!existsSync(path.join(ROOT, 'dist/cli/commands/explain.js'))) {
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  }
});
afterAll(cleanupTempDirs);

function bin(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const base = { ...process.env, NO_COLOR: '1' };
  delete base.GITHUB_ACTIONS;
  delete base.FORCE_COLOR;
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } });
}

describe('bin/flatten-classes.js', () => {
  it('--check --report sarif --report-file, then explain and graph, as separate processes', () => {
    const dir = sampleProject();
    const check = bin(['src', '--check', '--fail-on', 'warning', '--report', 'sarif', '--report-file', 'out.sarif'], dir);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8'));
    expect(sarif.runs[0].tool.driver.version).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);

    const explain = bin(['explain', 'Square'], dir);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toMatch(/^class Square {2}\(src\/shapes-js\/square\.js:3\)\n/);

    const graph = bin(['graph', 'src/errors', '--format', 'mermaid'], dir);
    expect(graph.status).toBe(0);
    expect(graph.stdout).toContain('  Error <|-- AppError\n');
  });

  it('GITHUB_ACTIONS=true selects annotations; --fail-on never passes the check', () => {
    const r = bin(['src', '--check', '--fail-on', 'never'], sampleProject('reported'), { GITHUB_ACTIONS: 'true' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^::warning file=src\/animals\.js,line=18,col=5,title=flatten-classes super\/super-assignment::/);
  });

  it('explain of an unknown class exits 2 with one line on stderr', () => {
    const dir = sampleProject();
    const r = bin(['explain', 'Nope'], dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('flatten-classes: error: no class "Nope" in src\n');
  });
});

describe('the scan worker of a CLI run', () => {
  it('is started before the files are known, given the scan, and changes nothing in the mirror or report', () => {
    const dir = sampleProject();
    const timeline = path.join(dir, 'timeline.txt');
    const one = bin(['src', '--jobs', '1', '--out-dir', 'one', '--report', 'json', '--quiet'], dir);
    const two = bin(['src', '--jobs', '2', '--out-dir', 'two', '--report', 'json', '--quiet'], dir, { FLATTEN_CLASSES_TIMELINE: timeline });
    expect(two.status).toBe(one.status);
    const report = (s: string) => s.replace(/"durationMs": *\d+/, '').replaceAll('"one/', '"X/').replaceAll('"two/', '"X/');
    expect(report(two.stdout)).toBe(report(one.stdout));
    const files = (root: string): Array<[string, string]> =>
      (readdirSync(path.join(dir, root), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
        .filter((e) => e.isFile())
        .map((e): [string, string] => [path.relative(path.join(dir, root), path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name), 'utf8')])
        .sort((a, b) => (a[0] < b[0] ? -1 : 1));
    expect(files('two')).toEqual(files('one'));
    // The worker is started before the main thread discovers the files, and the scan takes it (told
    // its job by message). Whether it loads before the main thread has taken the whole queue of a tree
    // this small depends on the machine's load: not asserted.
    const marks = readFileSync(timeline, 'utf8').split('\n').map((l) => l.split(' ').slice(2).join(' '));
    const at = (m: string) => marks.indexOf(m);
    expect(at('prestart: scan workers started')).toBeGreaterThan(at('cli: options read'));
    expect(at('prestart: scan workers started')).toBeLessThan(at('scan: start'));
    expect(at('scan: worker started early taken')).toBeGreaterThan(at('scan: files read and hashed'));
    expect(at('scan: worker started early taken')).toBeLessThan(at('scan: workers started'));
  }, 60_000);
});
