// --check and --fail-on, end to end on the samples and with a stubbed core.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { failsCheck } from '../src/cli/commands/check.js';
import type { Diagnostic, FlattenResult } from '../src/types.js';
import { cleanupTempDirs, runCli, sampleProject, tempDir } from './helpers/cli.js';

afterAll(cleanupTempDirs);

function diag(severity: Diagnostic['severity']): Diagnostic {
  return { category: 'super', code: 'x', severity, file: 'src/a.ts', line: 1, column: 1, message: severity };
}
function stub(diagnostics: Diagnostic[]) {
  return async (): Promise<FlattenResult> => ({
    files: [],
    classes: [],
    diagnostics,
    stats: { filesScanned: 1, filesParsed: 1, filesRewritten: 0, classesFlattened: 0, durationMs: 1 },
  });
}

describe('--check on a sample', () => {
  it('prints the files that would be rewritten, the counts and every diagnostic, and writes nothing', async () => {
    const dir = sampleProject('reported');
    const before = readFileSync(path.join(dir, 'src/animals.js'), 'utf8');
    const r = await runCli(['src', '--check'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Would rewrite 1 file:\n {2}src\/animals\.js -> flat\/animals\.js\n/);
    for (const code of ['super-assignment', 'instanceof-flattened-base', 'getprototypeof-flattened', 'prototype-patched']) {
      expect(r.stdout).toContain(code);
    }
    expect(r.stdout).toMatch(/Summary: 2 files scanned, 1 file to rewrite, 1 class flattened; 4 diagnostics/);
    expect(existsSync(path.join(dir, 'flat'))).toBe(false);
    expect(readFileSync(path.join(dir, 'src/animals.js'), 'utf8')).toBe(before);
  });

  it('a sample without diagnostics passes the check', async () => {
    const r = await runCli(['src', '--check'], sampleProject('shapes-js'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Would rewrite \d+ files:\n/);
    expect(r.stdout).toContain('no diagnostics');
  });

  it('--fail-on error lets warnings pass; --fail-on never always passes; --fail-on info fails on warnings', async () => {
    const dir = sampleProject('reported');
    expect((await runCli(['src', '--check', '--fail-on', 'error'], dir)).code).toBe(0);
    expect((await runCli(['src', '--check', '--fail-on', 'never'], dir)).code).toBe(0);
    expect((await runCli(['src', '--check', '--fail-on', 'warning'], dir)).code).toBe(1);
    expect((await runCli(['src', '--check', '--fail-on', 'info'], dir)).code).toBe(1);
  });

  it('failOn from the config file, overridden by --fail-on', async () => {
    const dir = sampleProject('reported');
    writeFileSync(path.join(dir, 'flatten-classes.config.json'), JSON.stringify({ failOn: 'error' }));
    expect((await runCli(['src', '--check'], dir)).code).toBe(0);
    expect((await runCli(['src', '--check', '--fail-on', 'warning'], dir)).code).toBe(1);
  });

  it('with --quiet the list and summary are left out', async () => {
    const r = await runCli(['src', '--check', '--quiet'], sampleProject('reported'));
    expect(r.stdout).not.toContain('Would rewrite');
    expect(r.stdout).not.toContain('Summary');
    expect(r.stdout).toContain('prototype-patched');
  });
});

describe('--fail-on thresholds (stubbed core)', () => {
  const cwd = tempDir();
  const cases: Array<[string, Diagnostic['severity'][], number]> = [
    ['warning', ['info'], 0],
    ['warning', ['warning'], 1],
    ['warning', ['error'], 1],
    ['error', ['warning', 'info'], 0],
    ['error', ['error'], 1],
    ['info', ['info'], 1],
    ['info', [], 0],
    ['never', ['error', 'warning', 'info'], 0],
  ];
  it.each(cases)('--fail-on %s with %j → %i', async (failOn, severities, expected) => {
    const r = await runCli(['--check', '--fail-on', failOn], cwd, { flatten: stub(severities.map(diag)) });
    expect(r.code).toBe(expected);
  });

  it('without --check the exit code ignores --fail-on', async () => {
    const r = await runCli(['--fail-on', 'info'], cwd, { flatten: stub([diag('error')]), writeMirror: async () => ({ written: 0, unchanged: 0, diagnostics: [] }) });
    expect(r.code).toBe(0);
  });

  it('a bad --fail-on value is an argument error naming the choices', async () => {
    const r = await runCli(['--check', '--fail-on', 'warnings'], cwd, { flatten: stub([]) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^flatten-classes: error: .*'warnings'.*error, warning, info, never/);
  });

  it('parse errors still exit 2 whatever --fail-on says', async () => {
    const parse: Diagnostic = { ...diag('error'), category: 'parse', code: 'syntax-error' };
    expect((await runCli(['--check', '--fail-on', 'never'], cwd, { flatten: stub([parse]) })).code).toBe(2);
  });

  it('failsCheck', () => {
    expect(failsCheck([diag('warning')], 'warning')).toBe(true);
    expect(failsCheck([diag('info')], 'warning')).toBe(false);
    expect(failsCheck([diag('info')], 'info')).toBe(true);
    expect(failsCheck([diag('error')], 'never')).toBe(false);
  });
});
