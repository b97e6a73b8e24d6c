// The command line: parse arguments, load the config, flatten, write the mirror, print the report, pick the exit code.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Diagnostic, FileResult, FlattenOptions, FlattenResult } from '../types.js';
import { shouldUseColor } from '../report/color.js';
import { formatGithub } from '../report/github.js';
import { formatJson } from '../report/json.js';
import { formatPretty } from '../report/pretty.js';
import { visible } from '../report/visible.js';
import { formatSarif } from '../report/sarif.js';
import { failsCheck, flagProblem } from './commands/check.js';
import { HELP_WIDTH } from './commands/common.js';
import type { MirrorOffload } from '../emit/mirror-offload.js';
import { createProgressLine, type ProgressHook, type ProgressStream } from './progress.js';
import { mark } from '../timeline.js';
import { limitHeapGrowth, limitHeapGrowthForRewrite } from './heap-growth.js';
import { checkGitClean, dryRunDiff, writeInPlace, wouldChange } from './commands/in-place.js';
import {
  ConfigError,
  DEFAULT_EXTENSIONS,
  DEFAULT_FAIL_ON,
  MAX_JOBS,
  DEFAULT_OUT_DIR,
  FAIL_ON_VALUES,
  REPORT_FORMATS,
  loadConfig,
  mergeSettings,
  normaliseExtensions,
  resolveProblemDiagnostics,
  type CliFlags,
  type FailOn,
  type ReportFormat,
} from './config.js';

const PROGRAM = 'flatten-classes';

export const EXIT_OK = 0;
/** `--check` found a diagnostic at or above `--fail-on` (default: a warning or an error). */
export const EXIT_CHECK_FAILED = 1;
/** The job could not be done: bad arguments, bad config, unparseable input, output not writable. */
export const EXIT_FAILURE = 2;

type WriteMirror = (
  outDirAbs: string,
  files: FileResult[],
  onWritten?: (done: number, total: number) => void,
  offload?: MirrorOffload,
) => Promise<{ written: number; unchanged: number; diagnostics: Diagnostic[] }>;

export interface MainIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  /** Working directory. Default: process.cwd(). */
  cwd?: string;
  /** Environment for colour decisions. Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal. Default: process.stdout.isTTY. */
  isTTY?: boolean;
  /** Replaces the flattening core (tests). */
  flatten?: (options: FlattenOptions, hooks?: { onProgress?: ProgressHook; onSettled?: (files: FileResult[]) => void; onRewriteStart?: () => void }) => Promise<FlattenResult>;
  /** Where the progress line goes (./progress.ts). Default: process.stderr without io, none with. */
  progress?: ProgressStream;
  /** Replaces the mirror writer (tests). */
  writeMirror?: WriteMirror;
}

/** The version in the package.json of this package, found upward from this module (src/cli or dist/cli). */
export function readVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === PROGRAM && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // keep looking
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '0.0.0-unknown';
    dir = parent;
  }
}

function parseJobs(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n <= MAX_JOBS)) throw new InvalidArgumentError(`expected an integer from 0 to ${MAX_JOBS}`);
  return n;
}

function parseExtensions(value: string): string[] {
  const exts = normaliseExtensions(value.split(','));
  if (exts.length === 0) throw new InvalidArgumentError('expected a comma-separated list such as .js,.ts');
  return exts;
}

const EXAMPLES = `
Commands:
  explain <class> [paths...]  show the flattened layout of one class (explain --help)
  graph [paths...]            print the class graph as mermaid, dot or json (graph --help)

Examples:
  $ ${PROGRAM} src --out-dir flat
  $ ${PROGRAM} src --check
  $ ${PROGRAM} src --check --fail-on error --report sarif --report-file flatten.sarif
  $ ${PROGRAM} src --report json --report-file report.json
  $ ${PROGRAM} src --in-place --dry-run
  $ ${PROGRAM} explain Square
  $ ${PROGRAM} graph src --format mermaid

Config file:
  ${PROGRAM}.config.{js,mjs,cjs,json}, looked for from the current directory upward
  (or --config <path>): export default { paths, outDir, extensions, ignore, copyFiles,
  sourceMaps, report, failOn, classes, preserveInstanceof, keepPatched, jobs,
  resolve(specifier, importerPath) { return absolutePath or null } }.
  Command-line flags override it.

Exit codes:
  0  done
  1  --check found a diagnostic at or above --fail-on (default: a warning or an error)
  2  the job could not be done: bad arguments or config, unparseable input, unwritable output,
     or --in-place refused a dirty git work tree
`;

function buildProgram(version: string, out: (s: string) => void, err: (s: string) => void): Command {
  const program = new Command(PROGRAM);
  program
    .description(
      'Flatten class inheritance: rewrite classes so they no longer extend a project class, into a mirror directory, ' +
        'and report every use whose meaning the rewrite would change.',
    )
    .argument('[paths...]', 'files and directories to process (default: src)')
    .option('-o, --out-dir <dir>', `output directory (default: ${DEFAULT_OUT_DIR})`)
    .option('--extensions <exts>', `comma-separated source extensions (default: ${DEFAULT_EXTENSIONS.join(',')})`, parseExtensions)
    .option('--ignore <glob...>', 'skip files matching these globs (relative to the current directory)')
    .option('--copy-files', 'also copy non-source files into the output directory')
    .option('--no-copy-files', 'do not copy non-source files (overrides the config file)')
    .option('--source-maps', 'write a source map beside each rewritten file (<file>.map), back to the inputs')
    .option('--no-source-maps', 'write no source maps (overrides the config file)')
    .addOption(
      new Option('--report <format>', 'report format (default: pretty; github when GITHUB_ACTIONS=true)').choices(REPORT_FORMATS as string[]),
    )
    .option('--report-file <path>', 'write the report to this file instead of stdout')
    .option('--check', 'write nothing; print what would change and every diagnostic; exit 1 per --fail-on')
    .addOption(
      new Option('--fail-on <severity>', `the least severe diagnostic that fails --check (default: ${DEFAULT_FAIL_ON})`).choices(
        FAIL_ON_VALUES as string[],
      ),
    )
    .option('--in-place', 'rewrite the scanned files themselves instead of writing a mirror (needs a clean git work tree)')
    .option('--dry-run', 'write nothing; print a unified diff of what would change on stdout (the report goes to stderr)')
    .option('--force', 'with --in-place: rewrite even if the inputs have uncommitted changes or no git')
    .option('--preserve-instanceof', 'former ancestors still answer instanceof for instances of the classes flattened out of them (README: isinstance recovery)')
    .option('--keep-patched', 'leave as they were the classes whose former ancestors are patched after definition (Base.prototype.m = ..., Base.x = ...), which flattened copies would miss')
    .option('--jobs <n>', 'threads that parse and summarize source files, this one included (0 or 1: no worker threads; default: 2 on 2+ CPUs when over 10 MB of source has no `extends`, else 1)', parseJobs)
    .option('--quiet', 'print only errors and warnings, no summary')
    .option('--watch', 'keep running: after the first build, rebuild the mirror on every change (Ctrl-C to stop)')
    .option('--config <path>', `config file (default: nearest ${PROGRAM}.config.{js,mjs,cjs,json})`)
    .version(version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .addHelpText('after', EXAMPLES)
    .configureHelp({ helpWidth: HELP_WIDTH })
    .exitOverride()
    .configureOutput({
      writeOut: out,
      writeErr: err,
      // Errors are printed by main() as one line.
      outputError: () => undefined,
    });
  return program;
}

interface ParsedOptions {
  outDir?: string;
  extensions?: string[];
  ignore?: string[];
  copyFiles?: boolean;
  sourceMaps?: boolean;
  preserveInstanceof?: boolean;
  keepPatched?: boolean;
  jobs?: number;
  report?: ReportFormat;
  reportFile?: string;
  check?: boolean;
  failOn?: FailOn;
  inPlace?: boolean;
  dryRun?: boolean;
  force?: boolean;
  quiet?: boolean;
  watch?: boolean;
  config?: string;
}

/** Writes via a temporary file in the same directory and a rename, so readers never see half a report. */
function writeFileAtomic(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

function commanderErrorLine(error: CommanderError): string {
  const text = error.message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  const withPrefix = text.startsWith('error:') ? text : `error: ${text}`;
  return `${PROGRAM}: ${withPrefix} (see --help)\n`;
}

export async function main(argv: string[], io?: MainIO): Promise<number> {
  const out = io?.stdout ?? ((s: string) => void process.stdout.write(s));
  const err = io?.stderr ?? ((s: string) => void process.stderr.write(s));
  const cwd = path.resolve(io?.cwd ?? process.cwd());
  const env = io?.env ?? process.env;

  // 0. Subcommands: `explain <Class>` and `graph` (a directory named like them can be given as ./explain).
  if (argv[0] === 'explain' || argv[0] === 'graph') {
    const commandIO = { out, err, cwd, env };
    if (argv[0] === 'explain') return (await import('./commands/explain.js')).runExplain(argv.slice(1), commandIO);
    return (await import('./commands/graph.js')).runGraph(argv.slice(1), commandIO);
  }

  // 1. Arguments.
  const program = buildProgram(readVersion(), out, err);
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return EXIT_OK; // --help, --version
      err(commanderErrorLine(error));
      return EXIT_FAILURE;
    }
    throw error;
  }
  const opts = program.opts<ParsedOptions>();
  const positional = (program.processedArgs[0] as string[] | undefined) ?? [];

  // 2. Config file.
  let loaded;
  try {
    loaded = await loadConfig({ cwd, explicitPath: opts.config });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const m of error.messages) err(`${PROGRAM}: error: ${visible(m)}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
  const cli: CliFlags = {
    paths: positional.length > 0 ? positional : undefined,
    outDir: opts.outDir,
    extensions: opts.extensions,
    ignore: opts.ignore,
    copyFiles: opts.copyFiles,
    sourceMaps: opts.sourceMaps,
    preserveInstanceof: opts.preserveInstanceof,
    keepPatched: opts.keepPatched,
    jobs: opts.jobs,
    report: opts.report,
    failOn: opts.failOn,
  };
  const settings = mergeSettings(cli, loaded, cwd, env);
  const { options } = settings;
  const check = opts.check === true;
  const inPlace = opts.inPlace === true;
  const dryRun = opts.dryRun === true;
  const problem = flagProblem(opts);
  if (problem !== undefined) {
    err(`${PROGRAM}: error: ${problem} (see --help)\n`);
    return EXIT_FAILURE;
  }
  // Maps only where a mirror is written or diffed: in place, a map would point to the code it replaced
  // (--in-place --source-maps is refused above; a config file's sourceMaps is for mirror builds).
  if (inPlace || (check && !dryRun)) delete options.sourceMaps;
  if (inPlace && !check && !dryRun && opts.force !== true) {
    const git = checkGitClean(options.paths, cwd);
    if (!git.ok) {
      err(`${PROGRAM}: error: --in-place refused: ${git.message}\n`);
      return EXIT_FAILURE;
    }
  }

  if (opts.watch === true) {
    // Watch mode (../watch/cli.ts): a full build, then a rebuild after every change, until SIGINT/SIGTERM.
    const { watchCli } = await import('../watch/cli.js');
    return watchCli({ cli, flags: opts, configPath: opts.config, loaded, settings, cwd, out, err, env, isTTY: io?.isTTY });
  }

  // 3. Flatten, in memory.
  mark('cli: options read');
  // The scan workers load Babel while this thread does and discovers the files (../scan/prestart.ts).
  // Only in a process of its own: in-process callers (tests) do not get threads they did not ask for.
  if (io === undefined) {
    limitHeapGrowth();
    const inputs = { paths: (options.paths ?? ['src']).map((p) => path.resolve(cwd, options.cwd ?? '.', p)), extensions: options.extensions ?? DEFAULT_EXTENSIONS };
    (await import('../scan/prestart.js')).prestartScanWorkers(options.jobs, inputs);
  }
  const flatten = io?.flatten ?? (await import('../index.js')).flatten;
  // The progress line (a terminal only) is erased before anything else is printed.
  const progress = createProgressLine(opts.quiet === true ? undefined : io ? io.progress : process.stderr, env);
  // A mirror build writes the copies the run knows of early in a worker thread, while it rewrites
  // (../emit/mirror-offload.ts); not when a test replaced the writer.
  const offload =
    !check && !inPlace && !dryRun && io?.writeMirror === undefined
      ? (await import('../emit/mirror-offload.js')).mirrorOffloadFor(path.resolve(cwd, options.outDir), options.jobs)
      : undefined;
  const raw = await flatten(options, {
    onProgress: progress.update,
    ...(offload ? { onSettled: (files: FileResult[]) => offload.add(files) } : {}),
    ...(io === undefined ? { onRewriteStart: limitHeapGrowthForRewrite } : {}),
  }).catch(
    async (error: unknown) => {
      progress.done();
      await offload?.close();
      throw error;
    },
  );
  mark('cli: flattened');
  let diagnostics: Diagnostic[] = [...raw.diagnostics];
  if (loaded) diagnostics.push(...resolveProblemDiagnostics(settings.resolveProblems, loaded, cwd));

  const configError = (ds: Diagnostic[]) => ds.some((d) => d.category === 'config' && d.severity === 'error');

  // 4. Mirror (or the inputs themselves with --in-place; or a diff with --dry-run).
  let mirror: { written: number; unchanged: number } | undefined;
  let rewrote: number | undefined;
  let writeFailed = false;
  if (dryRun && !configError(diagnostics)) {
    out(dryRunDiff(raw.files, { cwd, outDir: inPlace ? null : options.outDir }));
  } else if (inPlace && !check && !configError(diagnostics)) {
    const res = writeInPlace(raw.files, cwd);
    rewrote = res.written;
    diagnostics.push(...res.diagnostics);
    writeFailed = res.diagnostics.length > 0;
  } else if (!check && !configError(diagnostics)) {
    const outDirAbs = path.resolve(cwd, options.outDir);
    const writeMirror: WriteMirror = io?.writeMirror ?? (await import('../emit/mirror.js')).writeMirror;
    try {
      const res = await writeMirror(outDirAbs, raw.files, (written, toWrite) => progress.update({ written, toWrite }), offload);
      mirror = { written: res.written, unchanged: res.unchanged };
      diagnostics.push(...res.diagnostics);
      writeFailed = res.diagnostics.some((d) => d.severity === 'error');
    } catch (error) {
      // File-system failures (EACCES, ENOSPC, ...) are the user's to fix, not internal errors.
      progress.done();
      if (!(error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string')) throw error;
      writeFailed = true;
      diagnostics.push({
        category: 'config',
        code: 'write-failed',
        severity: 'error',
        file: path.relative(cwd, outDirAbs).split(path.sep).join('/') || '.',
        line: 0,
        column: 0,
        message: `cannot write the output directory: ${messageOf(error)}`,
      });
    }
  }
  mark('cli: mirror written');
  // (Stopped already when the mirror was written.)
  await offload?.close();
  mark('cli: mirror worker closed');
  progress.done();
  const result: FlattenResult = { ...raw, diagnostics };

  // 5. Report.
  const toFile = opts.reportFile !== undefined;
  let text: string;
  const verb = check || dryRun ? 'to rewrite' : 'rewritten';
  if (settings.report === 'json') {
    text = formatJson(result, { cwd, outDir: options.outDir });
  } else if (settings.report === 'sarif') {
    text = formatSarif(result, { cwd, version: readVersion() });
  } else if (settings.report === 'github') {
    text = formatGithub(result, { cwd, verb, quiet: opts.quiet === true });
  } else {
    const sourceCache = new Map<string, string | undefined>();
    const readSource = (rel: string): string | undefined => {
      if (!sourceCache.has(rel)) {
        let src: string | undefined;
        try {
          src = readFileSync(path.resolve(cwd, rel), 'utf8');
        } catch {
          src = undefined;
        }
        sourceCache.set(rel, src);
      }
      return sourceCache.get(rel);
    };
    const color = !toFile && shouldUseColor({ isTTY: io?.isTTY ?? process.stdout.isTTY }, env);
    text = formatPretty(result, {
      color,
      cwd,
      readSource,
      verb,
      quiet: opts.quiet === true,
    });
    if ((check || dryRun) && opts.quiet !== true && !configError(diagnostics)) {
      text = wouldChange(raw.files, { cwd, outDir: inPlace ? null : options.outDir }) + (text !== '' ? `\n${text}` : '');
    }
    if (rewrote !== undefined && opts.quiet !== true) text += `Rewrote ${rewrote} ${rewrote === 1 ? 'file' : 'files'} in place.\n`;
    if (mirror && opts.quiet !== true) {
      const where = (path.relative(cwd, path.resolve(cwd, options.outDir)).split(path.sep).join('/') || '.') + '/';
      text += `Wrote ${mirror.written} ${mirror.written === 1 ? 'file' : 'files'} to ${where} (${mirror.unchanged} unchanged).\n`;
    }
  }
  if (toFile) {
    try {
      writeFileAtomic(path.resolve(cwd, opts.reportFile!), text);
    } catch (error) {
      err(`${PROGRAM}: error: cannot write report file ${opts.reportFile}: ${messageOf(error)}\n`);
      return EXIT_FAILURE;
    }
  } else if (text !== '') {
    // With --dry-run stdout carries the diff alone, so `> changes.diff` gets a clean patch.
    (dryRun ? err : out)(text);
  }

  mark('cli: report written');
  // 6. Exit code.
  if (writeFailed || configError(diagnostics) || diagnostics.some((d) => d.category === 'parse')) return EXIT_FAILURE;
  if (check && failsCheck(diagnostics, settings.failOn)) return EXIT_CHECK_FAILED;
  return EXIT_OK;
}
