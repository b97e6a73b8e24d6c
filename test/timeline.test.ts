// FLATTEN_CLASSES_TIMELINE (src/timeline.ts): a run's phase marks, thread by thread, for the README's
// critical-path breakdown; the run's output does not depend on it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, cleanupTempDirs, sampleProject } from './helpers/cli.js';

afterAll(cleanupTempDirs);

function run(dir: string, out: string, env: NodeJS.ProcessEnv) {
  const base = { ...process.env, NO_COLOR: '1' };
  delete base.FLATTEN_CLASSES_TIMELINE;
  return spawnSync(process.execPath, [path.join(ROOT, 'bin/flatten-classes.js'), 'src', '--out-dir', out, '--jobs', '2', '--report', 'json', '--report-file', `${out}.json`, '--quiet'], { cwd: dir, encoding: 'utf8', env: { ...base, ...env } });
}

function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort().map((p) => `${p}:${existsSync(path.join(dir, p)) && !p.includes('.') ? '' : readFileSync(path.join(dir, p), 'utf8').length}`);
}

describe('FLATTEN_CLASSES_TIMELINE', () => {
  it('has every thread append its phase marks in order, and changes nothing of the output', () => {
    const dir = sampleProject();
    const file = path.join(dir, 'timeline.txt');
    const marked = run(dir, 'flat-a', { FLATTEN_CLASSES_TIMELINE: file });
    const plain = run(dir, 'flat-b', {});
    expect(marked.status).toBe(plain.status);
    expect(existsSync(path.join(dir, 'timeline.txt'))).toBe(true);
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => {
      const [time, thread, ...label] = l.split(' ');
      return { time: Number(time), thread, label: label.join(' ') };
    });
    const main = lines.filter((l) => l.thread === '0').map((l) => l.label);
    expect(main).toEqual(['cli: options read', 'prestart: scan workers started', 'scan: start', 'scan: files read and hashed', 'scan: worker started early taken', 'scan: workers started', 'scan: own files scanned', 'scan: queue empty', 'scan: workers answered', 'run: modules assembled', 'run: class graph built', 'run: rewritten', 'run: detected, result made', 'cli: flattened', 'cli: mirror written', 'cli: mirror worker closed', 'cli: report written']);
    // The scan worker and the mirror worker mark from threads of their own (on a project this small
    // they may be stopped before they loaded: the main thread takes the whole queue).
    for (const l of lines.filter((l) => l.thread !== '0')) expect(l.label).toMatch(/^(scan worker: (loaded|job received|retired|queue empty|collected after a huge file)|mirror worker: (loaded|batch \d+ done))$/);
    for (const thread of new Set(lines.map((l) => l.thread))) {
      const times = lines.filter((l) => l.thread === thread).map((l) => l.time);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    // Same mirror, same report (but the duration).
    expect(tree(path.join(dir, 'flat-a'))).toEqual(tree(path.join(dir, 'flat-b')));
    const report = (name: string) => readFileSync(path.join(dir, `${name}.json`), 'utf8').replace(/"durationMs": *\d+/, '').replaceAll(name, 'OUT');
    expect(report('flat-a')).toBe(report('flat-b'));
  });
});
