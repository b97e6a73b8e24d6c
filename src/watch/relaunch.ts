// `flatten-classes --watch` runs in a second Node process started with a larger young generation
// (YOUNG_GENERATION_FLAG). A rebuild allocates a few hundred MB of short-lived objects (copied member
// texts, plans, paths); with V8's default 16 MB semi-spaces most scavenges find them still alive and
// copy them, and the rebuild pays for it. V8 fixes the size when the heap is made, so the flag must
// be on the command line of the process that watches: hence the relaunch (a Worker's
// resourceLimits.maxYoungGenerationSizeMb would do the same, but stdout, isTTY and signals would all
// have to be relayed through the main thread).
//
// The launcher only waits: the child inherits stdin/stdout/stderr (a terminal stays a terminal),
// and its exit code is the launcher's. Ctrl-C reaches both processes (same process group); the
// launcher ignores it and lets the child stop. A SIGINT/SIGTERM sent to the launcher alone is passed
// on as a stop message over an IPC channel, and the child also stops when that channel closes (the
// launcher died): watchCli() (./cli.ts) listens for both (stopRequests()). Nothing else changes: the
// child runs the same arguments through the same main().
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** 64 MB semi-spaces (V8's default on 64-bit is 16 MB): ~12 % less CPU per rebuild on three.js. */
export const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';

/** Set in the child's environment: it is a relaunched watch process and listens on its IPC channel. */
export const RELAUNCHED_ENV = 'FLATTEN_CLASSES_WATCH_CHILD';

export const STOP_MESSAGE = 'flatten-classes:stop';

/** Whether `argv` (the CLI's arguments) asks for watch mode and this process should relaunch itself for it. */
export function shouldRelaunch(argv: string[], execArgv: string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!argv.includes('--watch') || argv.includes('--help') || argv.includes('-h')) return false;
  if (env[RELAUNCHED_ENV] === '1') return false;
  // Whoever sets the young generation themselves keeps their own setting.
  const given = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  return !given.some((a) => /^--(max-semi-space-size|semi-space-growth-factor)(=|$)/.test(a.replace(/_/g, '-')));
}

/**
 * Runs `script argv` in a child Node process with YOUNG_GENERATION_FLAG and resolves with its exit
 * code (128 + the signal's number when a signal ended it).
 */
export function relaunch(script: string, argv: string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, YOUNG_GENERATION_FLAG, script, ...argv], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [RELAUNCHED_ENV]: '1' },
  });
  const forward = () => {
    // Ctrl-C in a terminal signals the child too; a stop message more is harmless. Without a channel
    // the child is already on its way out (it closes the channel when it exits, and stops when the
    // channel closes): a signal now would find its handlers gone and kill it (exit 130).
    if (child.connected) child.send(STOP_MESSAGE, () => undefined);
  };
  const onInt = () => forward();
  const onTerm = () => forward();
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    const done = (code: number) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.on('error', (error) => {
      process.stderr.write(`flatten-classes: error: cannot start the watch process: ${error.message}\n`);
      done(2);
    });
    child.on('exit', (code, signal) => done(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
  });
}

/**
 * In a relaunched child: resolves when the launcher asks it to stop or goes away. The channel does
 * not keep the process alive. Undefined in any other process.
 */
export function stopRequests(): Promise<void> | undefined {
  if (process.env[RELAUNCHED_ENV] !== '1' || !process.connected) return undefined;
  process.channel?.unref();
  return new Promise((resolve) => {
    const stop = () => {
      process.off('message', onMessage);
      process.off('disconnect', stop);
      resolve();
    };
    const onMessage = (m: unknown) => {
      if (m === STOP_MESSAGE) stop();
    };
    process.on('message', onMessage);
    process.on('disconnect', stop);
  });
}
