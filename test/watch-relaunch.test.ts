// `flatten-classes --watch` relaunches node with a larger young generation (src/watch/relaunch.ts):
// the watcher runs in the child, with the flag; Ctrl-C (SIGINT to the process group) and SIGTERM to
// the launcher both end in exit code 0 with nothing on stderr; a launcher killed outright takes the
// child with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { shouldRelaunch, YOUNG_GENERATION_FLAG } from '../src/watch/relaunch.js';
import { ROOT, cleanupTempDirs, sampleProject } from './helpers/cli.js';

afterAll(cleanupTempDirs);

describe('shouldRelaunch', () => {
  it('relaunches --watch only, once, and not over a young generation the user set', () => {
    expect(shouldRelaunch(['src', '--watch'], [], {})).toBe(true);
    expect(shouldRelaunch(['src'], [], {})).toBe(false);
    expect(shouldRelaunch(['src', '--watch', '--help'], [], {})).toBe(false);
    expect(shouldRelaunch(['src', '--watch'], [], { FLATTEN_CLASSES_WATCH_CHILD: '1' })).toBe(false);
    expect(shouldRelaunch(['src', '--watch'], ['--max-semi-space-size=8'], {})).toBe(false);
    expect(shouldRelaunch(['src', '--watch'], [], { NODE_OPTIONS: '--max_semi_space_size=8' })).toBe(false);
    expect(shouldRelaunch(['src', '--watch'], ['--cpu-prof'], { NODE_OPTIONS: '--max-old-space-size=4096' })).toBe(true);
  });
});

/** Starts the CLI in watch mode in its own process group; resolves once the first build is done. */
async function startWatch(): Promise<{ launcher: ChildProcess; child: number; stderr: () => string; exited: Promise<[number | null, string | null]> }> {
  const dir = sampleProject('shapes-js');
  const launcher = spawn(process.execPath, [path.join(ROOT, 'bin/flatten-classes.js'), 'src', '--out-dir', 'flat', '--watch'], {
    cwd: dir,
    detached: true,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  launcher.stderr!.on('data', (b: Buffer) => void (stderr += b.toString()));
  const exited = new Promise<[number | null, string | null]>((resolve) => launcher.on('exit', (code, signal) => resolve([code, signal])));
  await new Promise<void>((resolve, reject) => {
    launcher.stdout!.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (/Watching for changes/.test(stdout)) resolve();
    });
    void exited.then(() => reject(new Error(`exited before the first build: ${stdout}${stderr}`)));
  });
  const children = readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
  expect(children).toHaveLength(1);
  return { launcher, child: children[0], stderr: () => stderr, exited };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

describe.runIf(process.platform === 'linux')('flatten-classes --watch, relaunched', () => {
  it('watches in a child with the flag; Ctrl-C exits 0', async () => {
    const { launcher, child, stderr, exited } = await startWatch();
    try {
      expect(readFileSync(`/proc/${child}/cmdline`, 'utf8').split('\0')).toContain(YOUNG_GENERATION_FLAG);
      process.kill(-launcher.pid!, 'SIGINT'); // what a terminal's Ctrl-C does: both processes get it
      expect(await exited).toEqual([0, null]);
      expect(await gone(child, 5000)).toBe(true);
      expect(stderr()).toBe('');
    } finally {
      if (launcher.exitCode === null) launcher.kill('SIGKILL');
      if (alive(child)) process.kill(child, 'SIGKILL');
    }
  }, 30_000);

  it('stops the child when the launcher gets SIGTERM or is killed', async () => {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const { launcher, child, stderr, exited } = await startWatch();
      try {
        launcher.kill(signal);
        expect(await exited).toEqual(signal === 'SIGTERM' ? [0, null] : [null, 'SIGKILL']);
        expect(await gone(child, 10_000)).toBe(true);
        expect(stderr()).toBe('');
      } finally {
        if (launcher.exitCode === null) launcher.kill('SIGKILL');
        if (alive(child)) process.kill(child, 'SIGKILL');
      }
    }
  }, 60_000);
});
