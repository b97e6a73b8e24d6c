// `flatten-classes --watch`: the command-line side of watch mode. main() hands over once arguments
// and config are known; this runs until SIGINT or SIGTERM and then exits 0.
import path from 'node:path';
import { shouldUseColor } from '../report/color.js';
import { loadConfig, mergeSettings, resolveProblemDiagnostics, type CliFlags, type LoadedConfig, type MergedSettings } from '../cli/config.js';
import { stopRequests } from './relaunch.js';
import { watch, type Watcher } from './watch.js';

export interface WatchCliOptions {
  /** Settings given on the command line (to merge again with a changed config file). */
  cli: CliFlags;
  /** The parsed flags, to refuse the ones watch mode cannot honour. */
  flags: object;
  /** --config, when given. */
  configPath?: string;
  loaded: LoadedConfig | undefined;
  settings: MergedSettings;
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
  env?: NodeJS.ProcessEnv;
  isTTY?: boolean;
  /** Resolves when watching should stop; default: the first SIGINT or SIGTERM. */
  stop?: Promise<unknown>;
  /** Called once the watcher runs (tests). */
  onWatcher?: (watcher: Watcher) => void;
}

const PROGRAM = 'flatten-classes';
const CONFLICTS: Array<[string, string]> = [
  ['check', '--check'],
  ['inPlace', '--in-place'],
  ['dryRun', '--dry-run'],
];

export async function watchCli(o: WatchCliOptions): Promise<number> {
  const flags = o.flags as Record<string, unknown>;
  const conflicting = CONFLICTS.filter(([key]) => flags[key] === true).map(([, flag]) => flag);
  if (conflicting.length > 0) {
    o.err(`${PROGRAM}: error: --watch cannot be combined with ${conflicting.join(', ')} (see --help)\n`);
    return 2;
  }
  const reportFile = typeof flags.reportFile === 'string' ? flags.reportFile : undefined;
  const quiet = flags.quiet === true;
  const color = shouldUseColor({ isTTY: o.isTTY ?? process.stdout.isTTY }, o.env ?? process.env);

  let loaded = o.loaded;
  let settings = o.settings;
  const stop =
    o.stop ??
    new Promise<void>((resolve) => {
      const onSignal = () => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      // Relaunched with a larger young generation (./relaunch.ts): the launcher's stop message, or its end.
      // A Ctrl-C reaches this process as well (one process group) and may come just after the message,
      // when onSignal has removed the listeners: that SIGINT must not kill the process while it closes.
      void stopRequests()?.then(() => {
        const absorb = () => undefined;
        process.on('SIGINT', absorb);
        setTimeout(() => process.off('SIGINT', absorb), 2000).unref();
        onSignal();
      });
    });

  const watcher = watch({
    options: settings.options,
    configFiles: loaded ? [loaded.file] : [],
    async reloadOptions() {
      const next = await loadConfig({ cwd: o.cwd, explicitPath: o.configPath });
      settings = mergeSettings(o.cli, next, o.cwd);
      loaded = next;
      return settings.options;
    },
    extraDiagnostics: () => (loaded ? resolveProblemDiagnostics(settings.resolveProblems, loaded, o.cwd) : []),
    log: (text) => o.out(text),
    color,
    quiet,
    reportFile: reportFile === undefined ? undefined : { path: path.resolve(o.cwd, reportFile), format: settings.report === 'json' ? 'json' : 'pretty' },
  });
  o.onWatcher?.(watcher);
  try {
    const first = await Promise.race([watcher.ready, stop.then(() => undefined)]);
    // Arguments that cannot work (a missing input, an out dir over the inputs) end it at once, as without --watch.
    if (first && first.result.diagnostics.some((d) => d.category === 'config' && d.severity === 'error')) {
      await watcher.close();
      return 2;
    }
  } catch (error) {
    await watcher.close();
    throw error;
  }
  await stop;
  await watcher.close();
  return 0;
}
