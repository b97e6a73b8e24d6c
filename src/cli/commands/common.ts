// What the subcommands (explain, graph) share with the main command: output, config, settings.
import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, mergeSettings, normaliseExtensions, type CliFlags, type MergedSettings } from '../config.js';

export const PROGRAM = 'flatten-classes';
export const HELP_WIDTH = 80;

export interface CommandIO {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function parseExtensions(value: string): string[] {
  const exts = normaliseExtensions(value.split(','));
  if (exts.length === 0) throw new InvalidArgumentError('expected a comma-separated list such as .js,.ts');
  return exts;
}

/** A commander program for a subcommand that reports through `io` and never exits the process. */
export function subcommand(name: string, io: CommandIO): Command {
  return new Command(`${PROGRAM} ${name}`)
    .helpOption('-h, --help', 'show this help')
    .exitOverride()
    .configureHelp({ helpWidth: HELP_WIDTH })
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => undefined });
}

/** One line for a commander error; exit code 0 for --help. */
export function parseOrExit(program: Command, argv: string[], io: CommandIO): number | undefined {
  try {
    program.parse(argv, { from: 'user' });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      const text = error.message
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .join(' ');
      io.err(`${PROGRAM}: ${text.startsWith('error:') ? text : `error: ${text}`} (see ${program.name()} --help)\n`);
      return 2;
    }
    throw error;
  }
}

/** Config file (nearest or --config) merged under the flags; a config problem prints its lines and gives 2. */
export async function settingsFor(cli: CliFlags, configPath: string | undefined, io: CommandIO): Promise<MergedSettings | number> {
  let loaded;
  try {
    loaded = await loadConfig({ cwd: io.cwd, explicitPath: configPath });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const m of error.messages) io.err(`${PROGRAM}: error: ${m}\n`);
      return 2;
    }
    throw error;
  }
  return mergeSettings(cli, loaded, io.cwd, io.env);
}

export function posix(p: string): string {
  return p.split(path.sep).join('/');
}
